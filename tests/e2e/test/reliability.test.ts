// Reliability of the TypeScript starter stack through the real engine, OFFLINE (issue 15): AWS
// errors injected by the stand-in (OFFLINE_AWS_FAULTS) during up and destroy converge on a rerun;
// a throttling error is retried by the provider; a change made outside Pulumi (the stand-in's
// inventory, OFFLINE_AWS_INVENTORY) shows in refresh and to the policy pack run on the refreshed state
// (`pulumi policy analyze`), and up puts the declared state back; two ups at once on one stack: the
// backend's lock lets one through.
// What "AWS" received is read from the stand-in's ledger and inventory, not from CLI text, except
// where the text is the product (AWS's error, the lock refusal, policy findings).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { exampleDir, log, nameOf, parseEvents, POLICY_PACK, policyEvents, tail, Workspace, writeAllMandatoryConfig } from "../src/harness";
import {
    callsPerUrn,
    cloudResources,
    comparable,
    editInventory,
    exportDeployment,
    notExactlyOnce,
    readInventory,
    RetriedEntry,
    stackLocks,
    standin,
    waitFor,
} from "../src/reliability";
import { scenario } from "../src/steps";

const DIR = exampleDir("typescript");
const PROJECT = "codeartifact-platform-ts";
const REPOSITORY = "aws:codeartifact/repository:Repository";
const UP = ["up", "--yes", "--skip-preview"];
const DESTROY = ["destroy", "--yes", "--skip-preview"];
/** What a fault-free up of the starter stack (dataProtection none) leaves: set by the first scenario. */
let reference: Record<string, unknown> | undefined;

function output(r: { stdout: string; stderr: string }): string {
    return `${r.stdout}\n${r.stderr}`;
}

/** The first line of `text` that contains `needle`, trimmed (logged: the exact message seen). */
function firstLine(text: string, needle: string): string {
    return (text.split("\n").find((l) => l.includes(needle)) ?? "").trim();
}

scenario("faults: a fault-free reference run, then a destroy that fails midway converges", DIR, "rel-fd", (step) => {
    let urns: string[] = [];

    step("fault-free up (dataProtection none): one create per resource; the reference state", async (ws) => {
        await ws.setConfig("dataProtection", "none");
        const r = await ws.run(UP, { env: standin(ws) });
        assert.equal(r.code, 0, tail(r));
        const state = cloudResources(await ws.state());
        // At least key, domain, 6 repositories, OIDC provider, 3 roles, 3 role policies, instance profile.
        assert.ok(state.length >= 16, `${state.length} resources`);
        urns = state.map((s) => s.urn);
        assert.deepEqual(notExactlyOnce(callsPerUrn(ws.ledger(), "create"), urns), []);
        assert.deepEqual(
            ws.ledger().filter((e) => e.op !== "create"),
            [],
        );
        reference = comparable(await ws.state());
    });

    step("destroy with a ConflictException at the 3rd repository delete: fails, the state keeps what is left", async (ws) => {
        const mark = ws.ledgerMark();
        const faults = [{ op: "delete" as const, type: REPOSITORY, nth: 3, error: "ConflictException" }];
        const r = await ws.run(DESTROY, { env: standin(ws, { faults, label: "destroy" }) });
        assert.notEqual(r.code, 0, tail(r));
        assert.match(
            output(r),
            /deleting CodeArtifact Repository \(arn:aws:codeartifact:[^)]+\): operation error codeartifact: DeleteRepository, https response error StatusCode: 409, RequestID: [0-9a-f-]+, ConflictException: /,
            tail(r),
        );
        log(`destroy error: ${firstLine(output(r), "ConflictException")}`);
        const deleted = ws
            .ledgerSince(mark)
            .filter((c) => c.op === "delete")
            .map((c) => c.urn);
        const left = (await exportDeployment(ws)).resources.filter((s) => s.type.startsWith("aws:"));
        assert.ok(deleted.length > 0 && left.length > 0, `a failure in the middle: ${deleted.length} deleted, ${left.length} left`);
        assert.equal(
            deleted.filter((u) => u.endsWith(`$${REPOSITORY}::${nameOf(u)}`)).length,
            2,
            "two repositories went before the third failed",
        );
        // Exactly the resources not deleted stay tracked: nothing deleted is still in the state, nothing lost.
        assert.deepEqual([...deleted, ...left.map((s) => s.urn)].sort(), [...urns].sort());
    });

    step("second destroy without faults: completes; every resource was deleted exactly once", async (ws) => {
        const r = await ws.run(DESTROY, { env: standin(ws) });
        assert.equal(r.code, 0, tail(r));
        assert.deepEqual(notExactlyOnce(callsPerUrn(ws.ledger(), "delete"), urns), []);
        assert.deepEqual(cloudResources(await ws.state()), []);
    });
});

scenario("faults: up fails at the 2nd repository create (ServiceQuotaExceededException), a second up converges", DIR, "rel-fu", (step) => {
    step("up with the quota error: fails with AWS's text, not retried; no pending operation, no orphan", async (ws) => {
        await ws.setConfig("dataProtection", "none");
        const faults = [{ op: "create" as const, type: REPOSITORY, nth: 2, error: "ServiceQuotaExceededException" }];
        const r = await ws.run(UP, { env: standin(ws, { faults, label: "quota" }) });
        assert.notEqual(r.code, 0, tail(r));
        const text = output(r);
        assert.match(
            text,
            /creating CodeArtifact Repository: operation error codeartifact: CreateRepository, https response error StatusCode: 402, RequestID: [0-9a-f-]+, ServiceQuotaExceededException: The operation did not succeed because it would have exceeded a service limit for your account\.: provider=aws@7\.48\.0/,
            tail(r),
        );
        log(`quota error: ${firstLine(text, "ServiceQuotaExceededException")}`);
        log(`and for the component: ${firstLine(text, "CodeArtifactPlatform resource 'packages'") || "(nothing)"}`);
        assert.ok(!text.includes("exceeded maximum number of attempts"), "a quota error is not retried");
        const ledger = ws.ledger() as RetriedEntry[];
        assert.deepEqual(
            ledger.filter((e) => e.retries),
            [],
        );
        const dep = await exportDeployment(ws);
        assert.deepEqual(dep.pending_operations ?? [], [], "the failed create left no pending operation");
        const tracked = cloudResources(dep.resources).map((s) => s.urn);
        // What was created is tracked, and what is tracked was created once: nothing orphaned.
        assert.deepEqual(notExactlyOnce(callsPerUrn(ledger, "create"), tracked), []);
        assert.ok(reference, "the reference scenario ran");
        const all = Object.keys(reference).length;
        assert.ok(tracked.length < all, `${tracked.length} of ${all} created`);
        assert.ok(
            ledger.some((e) => e.type === REPOSITORY),
            "some repositories were created before the failure",
        );
    });

    step("second up without faults: completes; every resource created exactly once, nothing updated or deleted", async (ws) => {
        const r = await ws.run(UP, { env: standin(ws) });
        assert.equal(r.code, 0, tail(r));
        const state = cloudResources(await ws.state());
        assert.equal(state.length, Object.keys(reference ?? {}).length);
        const ledger = ws.ledger();
        assert.deepEqual(
            notExactlyOnce(
                callsPerUrn(ledger, "create"),
                state.map((s) => s.urn),
            ),
            [],
        );
        assert.deepEqual(
            ledger.filter((e) => e.op !== "create").map((e) => `${e.op} ${e.name}`),
            [],
        );
    });

    step("the state equals the fault-free run's, and preview --expect-no-changes passes", async (ws) => {
        assert.ok(reference, "the reference scenario ran");
        assert.deepEqual(comparable(await ws.state()), reference);
        const r = await ws.run(["preview", "--expect-no-changes"], { env: standin(ws) });
        assert.equal(r.code, 0, tail(r));
    });
});

scenario("faults: a ThrottlingException that clears after 3 tries is retried by the provider", DIR, "rel-th", (step) => {
    step("up: succeeds; the ledger records 3 retries of the 2nd repository create; the state equals the fault-free run's", async (ws) => {
        await ws.setConfig("dataProtection", "none");
        const faults = [{ op: "create" as const, type: REPOSITORY, nth: 2, error: "ThrottlingException", times: 3 }];
        const r = await ws.run(UP, { env: standin(ws, { faults, label: "throttle" }) });
        assert.equal(r.code, 0, tail(r));
        const ledger = ws.ledger() as RetriedEntry[];
        const retried = ledger.filter((e) => e.retries);
        assert.deepEqual(
            retried.map((e) => [e.op, e.type, e.retries, e.retryErrors]),
            [["create", REPOSITORY, 3, ["ThrottlingException", "ThrottlingException", "ThrottlingException"]]],
        );
        const state = cloudResources(await ws.state());
        assert.deepEqual(
            notExactlyOnce(
                callsPerUrn(ledger, "create"),
                state.map((s) => s.urn),
            ),
            [],
        );
        // pulumi-aws (terraform-provider-aws, aws-sdk-go-v2) retries without telling the engine: no trace in the CLI.
        assert.ok(!/Throttling|Rate exceeded|Retrying/.test(output(r)), tail(r));
        assert.ok(reference, "the reference scenario ran");
        assert.deepEqual(comparable(await ws.state()), reference);
    });

    step("a throttle that outlasts the 25 attempts (aws:maxRetries default) fails the up with the SDK's error", async (ws) => {
        await ws.setConfig("extraRepositories[0]", "web-internal", { path: true });
        const faults = [{ op: "create" as const, type: REPOSITORY, nth: 1, error: "ThrottlingException", times: 25 }];
        const mark = ws.ledgerMark();
        const r = await ws.run(UP, { env: standin(ws, { faults, label: "exhausted" }) });
        assert.notEqual(r.code, 0, tail(r));
        assert.match(
            output(r),
            /creating CodeArtifact Repository: operation error codeartifact: CreateRepository, exceeded maximum number of attempts, 25, https response error StatusCode: 429, RequestID: [0-9a-f-]+, ThrottlingException: Rate exceeded: provider=aws@7\.48\.0/,
            tail(r),
        );
        log(`exhausted throttle: ${firstLine(output(r), "exceeded maximum number of attempts")}`);
        assert.deepEqual(
            ws.ledgerSince(mark).filter((e) => e.op === "create" && e.type === REPOSITORY),
            [],
        );
    });
});

scenario("drift: a change made outside Pulumi (the stand-in's inventory) in refresh, the pack and up", DIR, "rel-dr", (step) => {
    let inventory = "";
    let packConfig = "";
    const packArgs = () => ["--policy-pack", POLICY_PACK, "--policy-pack-config", packConfig];
    const WILDCARD = { Effect: "Allow", Action: "codeartifact:*", Resource: "*" };
    const isNpmInternal = (e: { urn?: string }) => e.urn?.endsWith("::packages-repo-npm-internal") ?? false;
    const isReadPolicy = (e: { urn?: string }) => e.urn?.endsWith("::packages-github-read-access") ?? false;
    const DRIFTED = ["update packages-github-read-access", "update packages-repo-npm-internal"];
    /** `pulumi policy analyze`: the pack on the stack's state (no program run, no provider call). */
    const analyze = (ws: Workspace) =>
        ws.run(["policy", "analyze", ...packArgs()], { env: standin(ws, { inventory }), noConfigFile: true });

    step("up with an empty inventory: the stand-in writes every created resource into it", async (ws) => {
        inventory = path.join(ws.dir, "inventory.json");
        fs.writeFileSync(inventory, '{"resources": []}\n');
        packConfig = path.join(ws.dir, "policy-config.json");
        writeAllMandatoryConfig(packConfig);
        const r = await ws.run(UP, { env: standin(ws, { inventory }) });
        assert.equal(r.code, 0, tail(r));
        const state = cloudResources(await ws.state());
        assert.deepEqual(
            readInventory(inventory)
                .map((e) => e.urn)
                .sort(),
            state.map((s) => s.urn).sort(),
        );
    });

    step(
        "outside Pulumi: public:npmjs attached to npm-internal, a codeartifact:* on * statement added to the read role's policy",
        async (ws) => {
            editInventory(inventory, (entries) => {
                const repo = entries.find(isNpmInternal)!;
                repo.properties.externalConnections = { externalConnectionName: "public:npmjs", packageFormat: "npm", status: "AVAILABLE" };
                const policy = entries.find(isReadPolicy)!;
                const doc = JSON.parse(policy.properties.policy);
                doc.Statement.push(WILDCARD);
                policy.properties.policy = JSON.stringify(doc);
            });
            // Without a refresh the engine never reads "AWS": preview judges the program and the recorded state.
            const r = await ws.run(["preview", "--expect-no-changes", ...packArgs()], { env: standin(ws, { inventory }) });
            assert.equal(r.code, 0, tail(r));
            assert.match(r.stdout, /✅ codeartifact-platform-policies@v[\d.]+/, tail(r));
        },
    );

    step("refresh --diff: shows both changes, the added statement and the attached connection", async (ws) => {
        const r = await ws.run(["refresh", "--yes", "--skip-preview", "--diff"], { env: standin(ws, { inventory }) });
        assert.equal(r.code, 0, tail(r));
        log(`refresh --diff:\n${r.stdout}`);
        assert.match(
            r.stdout,
            /~ aws:iam\/rolePolicy:RolePolicy: \(update\)[^]*::packages-github-read-access\][^]*\+ \[3\]: \{\s*\+ Action\s*: "codeartifact:\*"/,
            tail(r),
        );
        // The engine shows a refresh as the diff an up would plan, inverted: the stand-in diffs the
        // program's inputs against the refreshed state, so the connection (an output only) shows too.
        assert.match(
            r.stdout,
            /~ aws:codeartifact\/repository:Repository: \(update\)[^]*::packages-repo-npm-internal\][^]*\+ externalConnections\s*: \{[^]*externalConnectionName\s*: "public:npmjs"/,
            tail(r),
        );
        assert.match(r.stdout, /~ 2 updated\n\s+\d+ unchanged/, tail(r));
        const state = await ws.state();
        const repo = state.find(isNpmInternal)!;
        assert.equal(repo.outputs?.externalConnections?.externalConnectionName, "public:npmjs");
        assert.equal(repo.inputs?.externalConnections, undefined, "refresh keeps the inputs the program declared");
        const policy = state.find(isReadPolicy)!;
        for (const doc of [policy.inputs?.policy, policy.outputs?.policy]) {
            assert.deepEqual(JSON.parse(doc).Statement.at(-1), WILDCARD);
        }
    });

    step("policy analyze (the pack on the refreshed state): flags the wildcard publish and the public connection", async (ws) => {
        const r = await analyze(ws);
        log(`policy analyze:\n${output(r)}`);
        assert.notEqual(r.code, 0, tail(r));
        const text = output(r);
        // Resource rules see the refreshed inputs (the role policy's document), stack rules the
        // outputs (the repository's connection). The wildcard also lets the read role publish, which
        // its trust of every repository of the owner then makes the any-branch finding.
        const findings = [...text.matchAll(/- \[mandatory\] \[severity: \w+\]\s+(\S+)\s+\(\S+: (\S+)\)/g)].map((m) => `${m[1]} ${m[2]}`);
        assert.deepEqual(
            findings.sort(),
            [
                "codeartifact-no-public-connection-on-consuming-repo packages-repo-npm-internal",
                "codeartifact-no-public-connection-on-consuming-repo packages-repo-npm-internal",
                "codeartifact-no-wildcard-publish packages-github-read-access",
                "codeartifact-oidc-publish-any-branch packages-github-read",
            ],
            tail(r),
        );
        assert.match(text, /Action "codeartifact:\*" on Resource "\*"/, tail(r));
        assert.match(text, /repository "npm-internal" \(domain "[^"]+"\) holds public:npmjs/, tail(r));
        assert.match(text, /error: one or more mandatory policy violations were found/, tail(r));
    });

    step("preview --policy-pack: the plan puts both back (two updates), so the pack judges the declared state and passes", async (ws) => {
        const r = await ws.run(["preview", "--json", ...packArgs()], {
            env: { ...standin(ws, { inventory }), PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
        });
        assert.equal(r.code, 0, tail(r));
        const events = parseEvents(r.stdout);
        assert.deepEqual(
            policyEvents(events).map((p) => `${p.policyName} ${nameOf(p.resourceUrn ?? "")}`),
            [],
            tail(r),
        );
        const steps = events.filter((e) => e.resourcePreEvent).map((e) => e.resourcePreEvent.metadata);
        assert.deepEqual(
            steps.filter((m) => m.op !== "same").map((m) => `${m.op} ${nameOf(m.urn)}`),
            DRIFTED,
        );
        const repo = steps.find((m) => nameOf(m.urn) === "packages-repo-npm-internal");
        assert.deepEqual(repo?.diffs, ["externalConnections"], JSON.stringify(repo));
    });

    step("up: restores the declared state (two updates): the connection detached, the declared policy back", async (ws) => {
        const mark = ws.ledgerMark();
        const r = await ws.run(UP, { env: standin(ws, { inventory }) });
        assert.equal(r.code, 0, tail(r));
        assert.deepEqual(
            ws
                .ledgerSince(mark)
                .map((e) => `${e.op} ${e.name}`)
                .sort(),
            DRIFTED,
        );
        const entries = readInventory(inventory);
        assert.equal(entries.find(isNpmInternal)!.properties.externalConnections, null, "the inventory has the connection detached");
        const state = await ws.state();
        assert.equal(state.find(isNpmInternal)!.outputs?.externalConnections ?? null, null);
        const declared = state.find(isReadPolicy)!.inputs!.policy;
        assert.equal(entries.find(isReadPolicy)!.properties.policy, declared);
        assert.ok(!JSON.stringify(JSON.parse(declared).Statement).includes('"codeartifact:*"'));
    });

    step("then preview --refresh --expect-no-changes passes, and the pack on the state finds nothing", async (ws) => {
        const r = await ws.run(["preview", "--refresh", "--expect-no-changes", ...packArgs()], { env: standin(ws, { inventory }) });
        assert.equal(r.code, 0, tail(r));
        const a = await analyze(ws);
        assert.equal(a.code, 0, output(a));
    });
});

scenario("one writer at a time: two ups at once on one stack", DIR, "rel-lk", (step) => {
    step("the second up is refused by the backend's lock; the first applies; the state is valid", async (ws) => {
        const first = ws.run(UP, { env: standin(ws) });
        // "Together": the second starts the moment the first holds the lock (a lock file in the
        // backend), so which one proceeds is not left to a race between their lock attempts.
        await waitFor("the first up's lock", () => stackLocks(ws, PROJECT).length > 0);
        const second = await ws.run(UP, { env: standin(ws) });
        const one = await first;
        assert.equal(one.code, 0, tail(one));
        assert.notEqual(second.code, 0, tail(second));
        const lockFile = `${ws.backend}/.pulumi/locks/organization/${PROJECT}/${ws.stack}/`;
        assert.match(
            output(second),
            /error: the stack is currently locked by 1 lock\(s\)\. Either wait for the other process\(es\) to end or delete the lock file with `pulumi cancel`\./,
        );
        log(`lock refusal: ${output(second).trim()}`);
        assert.ok(output(second).includes(`file://${lockFile}`), tail(second));
        assert.match(output(second), /: created by \S+ \(pid \d+\) at \d{4}-\d\d-\d\dT/);
        assert.deepEqual(stackLocks(ws, PROJECT), [], "the lock is released");

        const dep = await exportDeployment(ws);
        assert.deepEqual(dep.pending_operations ?? [], []);
        const urns = dep.resources.map((s) => s.urn);
        assert.equal(new Set(urns).size, urns.length, "no URN twice");
        for (const s of dep.resources) {
            for (const ref of [s.parent, s.provider?.split("::").slice(0, -1).join("::")].filter(Boolean)) {
                assert.ok(urns.includes(ref!), `${nameOf(s.urn)} refers to ${ref}`);
            }
        }
        const aws = cloudResources(dep.resources);
        assert.deepEqual(
            notExactlyOnce(
                callsPerUrn(ws.ledger(), "create"),
                aws.map((s) => s.urn),
            ),
            [],
            "the refused up created nothing",
        );
        assert.ok(reference, "the reference scenario ran");
        assert.deepEqual(Object.keys(comparable(dep.resources)), Object.keys(reference));
        // Every URN is a resource of the program, and every resource of the program is in the state.
        const r = await ws.run(["preview", "--expect-no-changes"], { env: standin(ws) });
        assert.equal(r.code, 0, tail(r));
    });
});
