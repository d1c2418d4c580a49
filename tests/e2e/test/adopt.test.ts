// examples/adopt-console-setup (Python) through the real engine, offline, against an inventory like
// the console leaves (the stand-in's OFFLINE_AWS_INVENTORY, copied per test: it is written back).
// Import, never create or replace, the domain and repositories; differences AWS can update in place
// (description, upstream order, tags) are updates; `adopt` left in place or removed changes nothing;
// a domain on the AWS-managed key is refused before anything is registered; without `adopt` the
// taken domain name fails as AWS does. What AWS "received" is read from the ledger and the inventory.
import { strict as assert } from "node:assert";
import { createRequire } from "node:module";
import * as path from "node:path";
import { awsResources, DESTRUCTIVE, exampleDir, LedgerEntry, nameOf, REPO, tail } from "../src/harness";
import { InventoryCopy, PreviewStep, previewSteps } from "../src/inventory";
import { scenario } from "../src/steps";

const DIR = exampleDir("adopt-console-setup");
const SEED = path.join(DIR, "inventory.json");
const ACCOUNT = "111122223333";
const CA = `arn:aws:codeartifact:us-east-1:${ACCOUNT}`;
const DOMAIN_ARN = `${CA}:domain/nextwork`;
const STORE_ARN = `${CA}:repository/nextwork/maven-central-store`;
const PACKAGES_ARN = `${CA}:repository/nextwork/nextwork-packages`;
const TEAM_LIBS_ARN = `${CA}:repository/nextwork/team-libs`;
const AWS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
const DOMAIN_T = "aws:codeartifact/domain:Domain";
const REPO_T = "aws:codeartifact/repository:Repository";
/** The children that hold packages: never created, replaced or deleted here. */
const DATA_TYPES = new Set([DOMAIN_T, REPO_T]);
/** What the program adds beside what it adopts: the EC2 build-host role. */
const EC2 = [
    "aws:iam/instanceProfile:InstanceProfile nextwork-ec2-profile",
    "aws:iam/role:Role nextwork-ec2-role",
    "aws:iam/rolePolicy:RolePolicy nextwork-ec2-access",
];
/** Every step op that would create, replace or delete a resource. */
const CREATE_OR_REPLACE = new Set(["create", ...DESTRUCTIVE]);

const typeOf = (s: PreviewStep) => s.newState?.type ?? s.oldState?.type ?? s.urn.split("::")[2].split("$").pop()!;
const entry = (e: { type: string; name: string }) => `${e.type} ${e.name}`;
const stepsOf = (steps: PreviewStep[], op: string) =>
    steps
        .filter((s) => s.op === op)
        .map((s) => `${typeOf(s)} ${nameOf(s.urn)}`)
        .sort();
const onData = (ledger: LedgerEntry[]) => ledger.filter((e) => DATA_TYPES.has(e.type));

/** The component's refusal of an AWS-managed key, from the built provider (its exact wording). */
function awsManagedKeyProblem(domain: string, key: string): string {
    const platform = createRequire(__filename)(path.join(REPO, "provider", "bin", "platform.js")) as {
        awsManagedKeyProblem(d: string, k: string): string;
    };
    return platform.awsManagedKeyProblem(domain, key);
}

/** The CLI's text of a run (stdout and stderr), with line wrapping undone for substring checks. */
const textOf = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

scenario("examples/adopt-console-setup: adopt what the console made", DIR, "e2e-adopt", (step) => {
    let inv: InventoryCopy;

    step("preview: the domain and both repositories are imported by ARN; nothing of them is created or replaced", async (ws) => {
        inv = InventoryCopy.of(ws, SEED);
        const r = await inv.run(ws, ["preview", "--json"]);
        assert.equal(r.code, 0, tail(r));
        const steps = previewSteps(r.stdout);
        assert.deepEqual(stepsOf(steps, "import"), [
            `${DOMAIN_T} nextwork-domain`,
            `${REPO_T} nextwork-proxy-maven-central`,
            `${REPO_T} nextwork-repo-nextwork-packages`,
        ]);
        const ids = Object.fromEntries(steps.filter((s) => s.op === "import").map((s) => [nameOf(s.urn), s.newState?.importID]));
        assert.deepEqual(ids, {
            "nextwork-domain": DOMAIN_ARN,
            "nextwork-proxy-maven-central": STORE_ARN,
            "nextwork-repo-nextwork-packages": PACKAGES_ARN,
        });
        const destructive = steps.filter((s) => DATA_TYPES.has(typeOf(s)) && CREATE_OR_REPLACE.has(s.op));
        assert.deepEqual(
            destructive.map((s) => `${s.op} ${nameOf(s.urn)}`),
            [],
        );
        // Created: the EC2 build-host role only (and the stack and component).
        assert.deepEqual(
            stepsOf(steps, "create").filter((s) => s.startsWith("aws:")),
            EC2,
        );
        // The console's store has its own description; the component's proxy description is applied in place.
        const updates = steps.filter((s) => s.op === "update");
        assert.deepEqual(
            updates.map((s) => [nameOf(s.urn), s.diffReasons]),
            [["nextwork-proxy-maven-central", ["description"]]],
        );
    });

    step(
        "up: no Create call for the domain or repositories (ledger); the EC2 role, profile and policy created; the store updated",
        async (ws) => {
            const r = await inv.run(ws, ["up", "--yes", "--skip-preview"]);
            assert.equal(r.code, 0, tail(r));
            const ledger = ws.ledger();
            assert.deepEqual(
                ledger
                    .filter((e) => e.op === "create")
                    .map(entry)
                    .sort(),
                EC2,
            );
            assert.deepEqual(
                onData(ledger).map((e) => `${e.op} ${e.name} ${e.id}`),
                [`update nextwork-proxy-maven-central ${STORE_ARN}`],
            );
            assert.deepEqual(
                ledger.filter((e) => e.op === "delete"),
                [],
            );
            const state = awsResources(await ws.state());
            const byName = Object.fromEntries(state.map((s) => [nameOf(s.urn), s]));
            assert.equal(byName["nextwork-domain"].id, DOMAIN_ARN);
            assert.equal(byName["nextwork-repo-nextwork-packages"].id, PACKAGES_ARN);
            assert.equal(byName["nextwork-proxy-maven-central"].id, STORE_ARN);
            // Still one domain and two repositories in the account, the store with the component's description.
            assert.equal(inv.resources().filter((e) => e.type === DOMAIN_T).length, 1);
            assert.equal(inv.resources().filter((e) => e.type === REPO_T).length, 2);
            assert.match(String(inv.find(REPO_T, STORE_ARN)?.properties?.description), /^Shared proxy of public:maven-central/);
            const o = await ws.outputs();
            assert.equal(o.domainArn, DOMAIN_ARN);
            assert.deepEqual(o.proxies, { "public:maven-central": "maven-central-store" });
            assert.deepEqual(o.repositoryArns, { "maven-central-store": STORE_ARN, "nextwork-packages": PACKAGES_ARN });
            assert.match(o.ec2RoleArn, new RegExp(`^arn:aws:iam::${ACCOUNT}:role/nextwork-ec2-role-[0-9a-f]{7}$`));
        },
    );

    step("second up with adopt still set: no changes, no call", async (ws) => {
        const mark = ws.ledgerMark();
        const r = await inv.run(ws, ["up", "--yes", "--skip-preview", "--expect-no-changes"]);
        assert.equal(r.code, 0, tail(r));
        assert.deepEqual(ws.ledgerSince(mark), []);
    });

    step("adopt removed (adopt: false): no changes, no call", async (ws) => {
        await ws.setConfig("adopt", "false", { type: "bool" });
        const mark = ws.ledgerMark();
        const r = await inv.run(ws, ["up", "--yes", "--skip-preview", "--expect-no-changes"]);
        assert.equal(r.code, 0, tail(r));
        assert.deepEqual(ws.ledgerSince(mark), []);
        const p = await inv.run(ws, ["preview", "--json"]);
        assert.equal(p.code, 0, tail(p));
        assert.deepEqual(
            previewSteps(p.stdout)
                .filter((s) => s.op !== "same")
                .map((s) => `${s.op} ${nameOf(s.urn)}`),
            [],
        );
    });
});

scenario("examples/adopt-console-setup: description, upstream order and tags differ from the console's", DIR, "e2e-adopt-diff", (step) => {
    let inv: InventoryCopy;

    step("preview: import + update of nextwork-packages (description, upstreams, tags), never a replacement", async (ws) => {
        // The console's nextwork-packages: another description, a tag, and team-libs searched after the store.
        inv = InventoryCopy.of(ws, SEED, (resources) => {
            const packages = resources.find((e) => e.arn === PACKAGES_ARN)!;
            packages.properties = {
                ...packages.properties,
                description: "made in the console",
                upstreams: [{ repositoryName: "maven-central-store" }, { repositoryName: "team-libs" }],
                tags: { "created-by": "console" },
                tagsAll: { "created-by": "console" },
            };
            resources.push({ type: REPO_T, arn: TEAM_LIBS_ARN, properties: {} });
        });
        await ws.setConfig("upstreams[0]", "team-libs", { path: true });
        await ws.setConfig("description", "Maven packages of the nextwork team");
        const r = await inv.run(ws, ["preview", "--json"]);
        assert.equal(r.code, 0, tail(r));
        const steps = previewSteps(r.stdout);
        assert.deepEqual(stepsOf(steps, "import"), [
            `${DOMAIN_T} nextwork-domain`,
            `${REPO_T} nextwork-proxy-maven-central`,
            `${REPO_T} nextwork-repo-nextwork-packages`,
            `${REPO_T} nextwork-repo-team-libs`,
        ]);
        const destructive = steps.filter((s) => DATA_TYPES.has(typeOf(s)) && CREATE_OR_REPLACE.has(s.op));
        assert.deepEqual(
            destructive.map((s) => `${s.op} ${nameOf(s.urn)}`),
            [],
        );
        assert.ok(!steps.some((s) => (s.replaceReasons ?? []).length > 0), "no replace reasons");
        const pkg = steps.find((s) => s.op === "update" && nameOf(s.urn) === "nextwork-repo-nextwork-packages");
        assert.ok(pkg, "nextwork-packages is updated after its import");
        const reasons = pkg.diffReasons ?? [];
        for (const k of ["description", "upstreams", "tags"]) assert.ok(reasons.includes(k), `${k} in ${reasons.join(", ")}`);
        assert.deepEqual(
            reasons.filter((k) => !["description", "upstreams", "tags", "tagsAll"].includes(k)),
            [],
        );
        for (const d of Object.values(pkg.detailedDiff ?? {})) {
            assert.ok(!d.kind.endsWith("-replace"), JSON.stringify(pkg.detailedDiff));
        }
        assert.deepEqual(pkg.newState?.inputs?.upstreams, [{ repositoryName: "team-libs" }, { repositoryName: "maven-central-store" }]);
    });

    step(
        "up: updates in place (ledger: updates only, no create or delete of the domain or a repository); the inventory has the program's values",
        async (ws) => {
            const r = await inv.run(ws, ["up", "--yes", "--skip-preview"]);
            assert.equal(r.code, 0, tail(r));
            const data = onData(ws.ledger());
            assert.deepEqual(
                data.filter((e) => e.op !== "update"),
                [],
            );
            assert.ok(
                data.some((e) => e.name === "nextwork-repo-nextwork-packages"),
                JSON.stringify(data),
            );
            const pkg = inv.find(REPO_T, PACKAGES_ARN)!.properties!;
            assert.equal(pkg.description, "Maven packages of the nextwork team");
            assert.deepEqual(pkg.upstreams, [{ repositoryName: "team-libs" }, { repositoryName: "maven-central-store" }]);
            assert.deepEqual(pkg.tags ?? {}, {});
            assert.equal(inv.resources().filter((e) => e.type === REPO_T).length, 3);
        },
    );

    step("second up: no changes, no call", async (ws) => {
        const mark = ws.ledgerMark();
        const r = await inv.run(ws, ["up", "--yes", "--skip-preview", "--expect-no-changes"]);
        assert.equal(r.code, 0, tail(r));
        assert.deepEqual(ws.ledgerSince(mark), []);
    });
});

scenario("examples/adopt-console-setup: a domain on the AWS-managed key is refused", DIR, "e2e-adopt-awskey", (step) => {
    let inv: InventoryCopy;

    step("preview and up fail with the component's message; nothing is created or imported", async (ws) => {
        inv = InventoryCopy.of(ws, SEED, (resources) => {
            resources.push({ type: "aws:kms/key:Key", arn: AWS_KEY, properties: { keyManager: "AWS" } });
            resources.push({ type: "aws:kms/alias:Alias", id: "alias/aws/codeartifact", properties: { targetKeyArn: AWS_KEY } });
            resources.find((e) => e.type === DOMAIN_T)!.properties!.encryptionKey = AWS_KEY;
        });
        await ws.setConfig("kmsKeyArn", AWS_KEY);
        const problem = awsManagedKeyProblem("nextwork", AWS_KEY);
        const before = JSON.stringify(inv.resources());
        for (const args of [["preview"], ["up", "--yes", "--skip-preview"]]) {
            const r = await inv.run(ws, args);
            assert.notEqual(r.code, 0, tail(r));
            const text = textOf(r);
            assert.ok(text.includes("codeartifact-platform:index:CodeArtifactPlatform resource 'nextwork' has a problem"), tail(r));
            assert.ok(text.includes(problem), `expected the component's message:\n${problem}\n${tail(r)}`);
        }
        assert.deepEqual(ws.ledger(), []);
        const state = await ws.state();
        assert.deepEqual(
            awsResources(state).map((s) => nameOf(s.urn)),
            [],
        );
        assert.ok(!state.some((s) => s.type.startsWith("codeartifact-platform:")), "no component in the state");
        assert.equal(JSON.stringify(inv.resources()), before, "the inventory is untouched");
    });
});

scenario("examples/adopt-console-setup: without adopt, the taken domain name fails as AWS does", DIR, "e2e-adopt-none", (step) => {
    step("up (adopt: false) fails with the stand-in's ConflictException naming the domain; no domain or repository created", async (ws) => {
        const inv = InventoryCopy.of(ws, SEED);
        await ws.setConfig("adopt", "false", { type: "bool" });
        const r = await inv.run(ws, ["up", "--yes", "--skip-preview"]);
        assert.notEqual(r.code, 0, tail(r));
        const text = textOf(r);
        assert.match(
            text,
            /creating CodeArtifact Domain \(nextwork\): operation error codeartifact: CreateDomain, https response error StatusCode: 409/,
            tail(r),
        );
        assert.match(
            text,
            /ConflictException: The operation did not succeed because prerequisites are not met\. \(domain nextwork already exists\)/,
            tail(r),
        );
        const ledger = ws.ledger();
        assert.deepEqual(onData(ledger), []);
        const state = awsResources(await ws.state());
        assert.ok(!state.some((s) => DATA_TYPES.has(s.type)), "neither the domain nor a repository is in the state");
        assert.equal(inv.resources().filter((e) => DATA_TYPES.has(e.type)).length, 3, "the console's domain and repositories, unchanged");
    });
});
