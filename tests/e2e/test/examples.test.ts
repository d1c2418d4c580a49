// The starter stacks (examples/typescript, python, go) through the real engine, offline:
// preview with the policy pack (every rule mandatory), up, a no-change up, adding a repository,
// destroy with the default data protection (retain) and with dataProtection: none.
// What AWS "received" is read from the stand-in's call ledger, never from CLI display text.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import {
    assertPackPassed,
    awsResources,
    DATA_TYPES,
    exampleDir,
    nameOf,
    parseEvents,
    POLICY_PACK,
    policyEvents,
    selectedLanguages,
    summaryEvent,
    tail,
    writeAllMandatoryConfig,
    DESTRUCTIVE,
} from "../src/harness";
import { scenario } from "../src/steps";

const ACCOUNT = "111122223333";
/** How `pulumi preview --json` shows a value unknown during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const REGION = "us-east-1";

/** The starter stack's aws resources (type, logical name): the same in every language. */
const EXPECTED_AWS = [
    ["aws:kms/key:Key", "packages-key"],
    ["aws:codeartifact/domain:Domain", "packages-domain"],
    ["aws:codeartifact/repository:Repository", "packages-proxy-npmjs"],
    ["aws:codeartifact/repository:Repository", "packages-proxy-pypi"],
    ["aws:codeartifact/repository:Repository", "packages-proxy-maven-central"],
    ["aws:codeartifact/repository:Repository", "packages-repo-npm-internal"],
    ["aws:codeartifact/repository:Repository", "packages-repo-py-internal"],
    ["aws:codeartifact/repository:Repository", "packages-repo-maven-internal"],
    ["aws:iam/openIdConnectProvider:OpenIdConnectProvider", "packages-github-oidc"],
    ["aws:iam/role:Role", "packages-github-read"],
    ["aws:iam/role:Role", "packages-github-publish"],
    ["aws:iam/rolePolicy:RolePolicy", "packages-github-read-access"],
    ["aws:iam/rolePolicy:RolePolicy", "packages-github-publish-access"],
    ["aws:iam/role:Role", "packages-ec2-role"],
    ["aws:iam/instanceProfile:InstanceProfile", "packages-ec2-profile"],
    ["aws:iam/rolePolicy:RolePolicy", "packages-ec2-access"],
    // The internal namespaces (config internalNamespace, default acme), through aws-native.
    ["aws-native:codeartifact:PackageGroup", "packages-group-/npm/acme/*"],
    ["aws-native:codeartifact:PackageGroup", "packages-group-/pypi//acme~"],
    ["aws-native:codeartifact:PackageGroup", "packages-group-/maven/com.acme~"],
]
    .map(([type, name]) => `${type} ${name}`)
    .sort();

const key = (r: { type: string; urn: string }) => `${r.type} ${nameOf(r.urn)}`;
const sorted = (xs: string[]) => [...xs].sort();

function endpoint(domain: string, format: string, repo: string): string {
    return `https://${domain}-${ACCOUNT}.d.codeartifact.${REGION}.amazonaws.com/${format}/${repo}/`;
}

for (const { lang, present, selected } of selectedLanguages()) {
    const dir = exampleDir(lang);
    const skip = !present ? `examples/${lang} is not present (yet)` : !selected ? `not in E2E_LANGUAGES` : false;
    scenario(
        `examples/${lang}`,
        dir,
        `e2e-${lang.slice(0, 2)}`,
        (step) => {
            let mandatoryConfig = "";
            let ruleNames: string[] = [];

            step("preview --policy-pack (every rule mandatory): 21 creates, no violation, no deferred check", async (ws) => {
                mandatoryConfig = path.join(ws.dir, "policy-config.json");
                ruleNames = writeAllMandatoryConfig(mandatoryConfig);
                assert.ok(
                    ruleNames.length >= 11 &&
                        ruleNames.includes("codeartifact-no-wildcard-publish") &&
                        ruleNames.includes("codeartifact-domain-cmk-encryption") &&
                        ruleNames.includes("codeartifact-no-public-connection-on-consuming-repo"),
                    ruleNames.join(", "),
                );
                const r = await ws.run(["preview", "--json", "--policy-pack", POLICY_PACK, "--policy-pack-config", mandatoryConfig], {
                    env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
                });
                assert.equal(r.code, 0, tail(r));
                const events = parseEvents(r.stdout);
                const summary = summaryEvent(events);
                assert.equal(summary.result, "succeeded");
                assert.deepEqual(
                    summary.resourceChanges,
                    { create: EXPECTED_AWS.length + 2 },
                    "stack + component + 16 aws and 3 aws-native resources",
                );
                // Every document is known at preview, so every rule decides now: no violation and no
                // "can't run policy" or waiting-for-up note.
                assertPackPassed(events, "no policy event at preview");
                const diags = events.filter((e) => e.diagnosticEvent).map((e) => e.diagnosticEvent.message as string);
                assert.ok(
                    diags.some((m) => m.includes("offline aws stand-in: this provider is a test double")),
                    "the offline mode is shown",
                );
            });

            step(
                "preview with the pack, as a reviewer reads it: ✅ beside the pack, no deferred-policy line, every document known",
                async (ws) => {
                    const text = await ws.run(["preview", "--policy-pack", POLICY_PACK, "--policy-pack-config", mandatoryConfig]);
                    assert.equal(text.code, 0, tail(text));
                    assert.match(text.stdout, /✅ codeartifact-platform-policies@v[\d.]+/, tail(text));
                    assert.ok(!/can't run policy|wait for up/.test(text.stdout), tail(text));
                    const r = await ws.run(["preview", "--json"]);
                    assert.equal(r.code, 0, tail(r));
                    const steps = (JSON.parse(r.stdout).steps ?? []) as { urn: string; newState?: { inputs?: Record<string, unknown> } }[];
                    const documents = steps.flatMap((st) =>
                        ["policy", "assumeRolePolicy", "policyDocument"]
                            .filter((f) => st.newState?.inputs?.[f] !== undefined)
                            .map((f) => ({ at: `${nameOf(st.urn)}.${f}`, value: st.newState!.inputs![f] })),
                    );
                    // The key policy, three trust policies and three role policies of the starter stack.
                    assert.equal(documents.length, 7, documents.map((d) => d.at).join(", "));
                    for (const d of documents) {
                        assert.equal(typeof d.value, "string", d.at);
                        assert.ok(!String(d.value).includes(UNKNOWN), `${d.at} is unknown at preview`);
                        assert.equal(JSON.parse(String(d.value)).Version, "2012-10-17", d.at);
                    }
                },
            );

            step("up --policy-pack (every rule mandatory): applies, no policy event at all, one create call per resource", async (ws) => {
                const r = await ws.run([
                    "up",
                    "--yes",
                    "--skip-preview",
                    "--json",
                    "--policy-pack",
                    POLICY_PACK,
                    "--policy-pack-config",
                    mandatoryConfig,
                ]);
                assert.equal(r.code, 0, tail(r));
                const events = parseEvents(r.stdout);
                assert.equal(summaryEvent(events).result, "succeeded");
                // At up every value is known, so every rule really ran on every resource and passed.
                assert.deepEqual(policyEvents(events), []);
                const state = awsResources(await ws.state());
                assert.deepEqual(sorted(state.map(key)), EXPECTED_AWS);
                const ledger = ws.ledger();
                assert.deepEqual(sorted(ledger.filter((e) => e.op === "create").map((e) => `${e.type} ${e.name}`)), EXPECTED_AWS);
                assert.deepEqual(
                    ledger.filter((e) => e.op !== "create"),
                    [],
                );
                // dataProtection defaults to retain: exactly the key, domain and repositories carry retainOnDelete.
                assert.deepEqual(
                    sorted(state.filter((s) => s.retainOnDelete).map(key)),
                    sorted(state.filter((s) => DATA_TYPES.has(s.type)).map(key)),
                );
                assert.ok(!state.some((s) => s.protect));
            });

            step("every ARN the component computed for a document is one a resource reports after up", async (ws) => {
                const state = awsResources(await ws.state());
                const reported = new Set(
                    state
                        .filter((r) => /codeartifact\/(domain|repository):|openIdConnectProvider/.test(r.type))
                        .map((r) => String(r.outputs?.arn)),
                );
                assert.equal(reported.size, 8, "domain, six repositories and the OIDC provider");
                const computed = new Set<string>();
                for (const r of state) {
                    for (const f of ["policy", "assumeRolePolicy", "policyDocument"]) {
                        const doc = r.inputs?.[f];
                        if (typeof doc !== "string") continue;
                        for (const arn of doc.match(/arn:[^"]+/g) ?? []) {
                            // A package ARN names the packages of a repository: compare its repository.
                            const m = /^(arn:[^:]+:codeartifact:[^:]+:\d+:)package\/([^/]+\/[^/]+)\/\*$/.exec(arn);
                            if (m) computed.add(`${m[1]}repository/${m[2]}`);
                            else if (/:codeartifact:|:oidc-provider\//.test(arn)) computed.add(arn);
                        }
                    }
                }
                assert.deepEqual(
                    [...computed].filter((a) => !reported.has(a)),
                    [],
                    "computed ARNs no resource reports",
                );
                assert.deepEqual(
                    [...reported].filter((a) => !computed.has(a)),
                    [],
                    "reported ARNs no document names",
                );
            });

            step("outputs: the same names and values in every language", async (ws) => {
                const o = await ws.outputs();
                assert.deepEqual(Object.keys(o).sort(), [
                    "domainArn",
                    "ec2InstanceProfile",
                    "githubPublishRoleArn",
                    "githubReadRoleArn",
                    "loginCommands",
                    "mavenSettingsXml",
                    "npmrc",
                    "packageGroupArns",
                    "pipIndexUrl",
                    "proxies",
                    "repositoryArns",
                ]);
                const d = "acme-packages";
                assert.deepEqual(Object.keys(o.packageGroupArns).sort(), ["/maven/com.acme~", "/npm/acme/*", "/pypi//acme~"]);
                // AWS encodes the pattern in the ARN (/npm/acme/* → /npm/acme/%2a).
                assert.equal(
                    o.packageGroupArns["/npm/acme/*"],
                    `arn:aws:codeartifact:${REGION}:${ACCOUNT}:package-group/${d}/npm/acme/%2a`,
                );
                assert.equal(o.domainArn, `arn:aws:codeartifact:${REGION}:${ACCOUNT}:domain/${d}`);
                assert.deepEqual(o.proxies, {
                    "public:npmjs": "proxy-npmjs",
                    "public:pypi": "proxy-pypi",
                    "public:maven-central": "proxy-maven-central",
                });
                assert.deepEqual(Object.keys(o.repositoryArns).sort(), [
                    "maven-internal",
                    "npm-internal",
                    "proxy-maven-central",
                    "proxy-npmjs",
                    "proxy-pypi",
                    "py-internal",
                ]);
                for (const [repo, arn] of Object.entries(o.repositoryArns)) {
                    assert.equal(arn, `arn:aws:codeartifact:${REGION}:${ACCOUNT}:repository/${d}/${repo}`);
                }
                const login = (tool: string, repo: string) =>
                    `aws codeartifact login --tool ${tool} --repository ${repo} --domain ${d} --domain-owner ${ACCOUNT} --region ${REGION}`;
                assert.deepEqual(o.loginCommands["npm-internal"], { npm: login("npm", "npm-internal") });
                assert.deepEqual(o.loginCommands["py-internal"], {
                    pip: login("pip", "py-internal"),
                    twine: login("twine", "py-internal"),
                });
                assert.match(
                    o.loginCommands["maven-internal"].token,
                    /^export CODEARTIFACT_AUTH_TOKEN=\$\(aws codeartifact get-authorization-token --domain acme-packages /,
                );
                const npm = endpoint(d, "npm", "npm-internal");
                assert.equal(o.npmrc, `registry=${npm}\n${npm.replace(/^https:/, "")}:_authToken=\${CODEARTIFACT_AUTH_TOKEN}\n`);
                assert.equal(o.pipIndexUrl, `${endpoint(d, "pypi", "py-internal")}simple/`);
                assert.ok(o.mavenSettingsXml.includes(`<url>${endpoint(d, "maven", "maven-internal")}</url>`), o.mavenSettingsXml);
                assert.ok(o.mavenSettingsXml.includes("<password>${env.CODEARTIFACT_AUTH_TOKEN}</password>"));
                assert.match(o.ec2InstanceProfile, /^packages-ec2-profile-[0-9a-f]{7}$/);
                assert.match(o.githubReadRoleArn, new RegExp(`^arn:aws:iam::${ACCOUNT}:role/packages-github-read-[0-9a-f]{7}$`));
                assert.match(o.githubPublishRoleArn, new RegExp(`^arn:aws:iam::${ACCOUNT}:role/packages-github-publish-[0-9a-f]{7}$`));
            });

            step("second up --expect-no-changes: passes, and the stand-in receives no call", async (ws) => {
                const mark = ws.ledgerMark();
                const r = await ws.run(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
                assert.equal(r.code, 0, tail(r));
                assert.deepEqual(ws.ledgerSince(mark), []);
            });

            step("extraRepositories + preview --json: creates only the new repository's resources; no replace, no delete", async (ws) => {
                await ws.setConfig("extraRepositories[0]", "web-internal", { path: true });
                const r = await ws.run(["preview", "--json"]);
                assert.equal(r.code, 0, tail(r));
                const plan = JSON.parse(r.stdout) as {
                    steps: { op: string; urn: string; newState?: { type: string } }[];
                    changeSummary: Record<string, number>;
                };
                const steps = plan.steps; // only the stack and the resources that change ("same" ones are counted, not listed)
                assert.deepEqual(
                    Object.keys(plan.changeSummary).filter((op) => !["create", "same", "update"].includes(op)),
                    [],
                    JSON.stringify(plan.changeSummary),
                );
                const destructive = steps.filter((s) => DESTRUCTIVE.has(s.op)).map((s) => `${s.op} ${nameOf(s.urn)}`);
                assert.deepEqual(destructive, []);
                const creates = steps.filter((s) => s.op === "create").map((s) => nameOf(s.urn));
                assert.ok(creates.includes("packages-repo-web-internal"), `creates: ${creates.join(", ")}`);
                assert.deepEqual(
                    creates.filter((n) => !n.includes("web-internal")),
                    [],
                    "only resources of the new repository are created",
                );
                assert.equal(plan.changeSummary.create, creates.length);
                const ops = new Map(steps.map((s) => [nameOf(s.urn), s.op]));
                for (const kept of [
                    "packages-key",
                    "packages-domain",
                    "packages-proxy-npmjs",
                    "packages-proxy-pypi",
                    "packages-proxy-maven-central",
                    "packages-repo-npm-internal",
                    "packages-repo-py-internal",
                    "packages-repo-maven-internal",
                ]) {
                    assert.equal(ops.get(kept) ?? "same", "same", `${kept} must be untouched`);
                }
                const updates = steps.filter((s) => s.op === "update").map((s) => nameOf(s.urn));
                for (const u of updates) {
                    // Only documents that list repositories may change (e.g. the read policies).
                    assert.match(
                        steps.find((s) => nameOf(s.urn) === u)!.newState!.type,
                        /RolePolicy|Permissions|DomainPermissions|Policy/,
                        u,
                    );
                }
            });

            step("preview --diff of the new repository shows the read role's new statement resource", async (ws) => {
                const r = await ws.run(["preview", "--diff"]);
                assert.equal(r.code, 0, tail(r));
                const arn = `arn:aws:codeartifact:${REGION}:${ACCOUNT}:repository/acme-packages/web-internal`;
                // The diff of the read role's policy (a JSON document, shown as one) adds the new ARN:
                //     ~ aws:iam/rolePolicy:RolePolicy: (update) ... [urn=...packages-github-read-access]
                //                       + [6]: "arn:aws:codeartifact:...:repository/acme-packages/web-internal"
                const sections = r.stdout.split(/\n(?=\s+[~+-]+ (?:aws|pulumi|codeartifact-platform):)/);
                const readPolicy = sections.find((b) => b.includes("::packages-github-read-access]"));
                assert.ok(readPolicy, tail(r));
                assert.ok(readPolicy.includes(`+ [6]: "${arn}"`), readPolicy);
                // Nothing that holds packages changes: the only domain or repository section is the new repository's create.
                const dataSections = sections.filter((b) => /^\s+[~+-]+ aws:codeartifact\/(domain|repository):/.test(b));
                assert.deepEqual(
                    dataSections.map((b) => b.trim().split("\n").slice(0, 2).join(" ")),
                    [
                        dataSections
                            .find((b) => b.includes("::packages-repo-web-internal]"))
                            ?.trim()
                            .split("\n")
                            .slice(0, 2)
                            .join(" "),
                    ],
                );
                assert.match(dataSections[0], /^\s+\+ aws:codeartifact\/repository:Repository: \(create\)/);
            });

            step("up with the new repository: the stand-in receives creates for it only, no delete", async (ws) => {
                const mark = ws.ledgerMark();
                const r = await ws.run(["up", "--yes", "--skip-preview"]);
                assert.equal(r.code, 0, tail(r));
                const calls = ws.ledgerSince(mark);
                assert.deepEqual(
                    calls.filter((c) => c.op === "delete"),
                    [],
                );
                assert.ok(calls.some((c) => c.op === "create" && c.name === "packages-repo-web-internal"));
                assert.deepEqual(
                    calls.filter((c) => c.op === "create" && !c.name.includes("web-internal")).map((c) => c.name),
                    [],
                );
                assert.deepEqual(
                    calls.filter((c) => c.op === "update" && DATA_TYPES.has(c.type)).map((c) => c.name),
                    [],
                );
            });

            step("destroy with the default dataProtection (retain): no Delete call for the key, domain or any repository", async (ws) => {
                const before = awsResources(await ws.state());
                const data = before.filter((s) => DATA_TYPES.has(s.type));
                assert.equal(data.length, 9, "key, domain, 3 proxies, 4 repositories");
                const mark = ws.ledgerMark();
                const r = await ws.run(["destroy", "--yes", "--skip-preview"]);
                assert.equal(r.code, 0, tail(r));
                const deletes = ws.ledgerSince(mark).filter((c) => c.op === "delete");
                // The stand-in was asked to delete exactly the roles, policies, instance profile and OIDC provider...
                assert.deepEqual(
                    sorted(deletes.map((c) => c.urn)),
                    sorted(before.filter((s) => !DATA_TYPES.has(s.type)).map((s) => s.urn)),
                );
                // ...and never the key, the domain or a repository: they (and their packages) stay in the account.
                assert.deepEqual(
                    deletes.filter((c) => DATA_TYPES.has(c.type)).map((c) => c.name),
                    [],
                );
                const created = new Set(
                    ws
                        .ledger()
                        .filter((c) => c.op === "create")
                        .map((c) => c.urn),
                );
                for (const d of data) {
                    assert.ok(created.has(d.urn), `${nameOf(d.urn)} was created and never deleted`);
                }
                assert.deepEqual(awsResources(await ws.state()), [], "the stack no longer tracks them");
            });

            step("dataProtection none: up, then destroy deletes the key, the domain and every repository", async (ws) => {
                await ws.setConfig("dataProtection", "none");
                // A new domain name: the retained acme-packages domain would still exist in a real account.
                await ws.setConfig("domainName", "acme-throwaway");
                const up = await ws.run(["up", "--yes", "--skip-preview"]);
                assert.equal(up.code, 0, tail(up));
                const before = awsResources(await ws.state());
                assert.deepEqual(before.filter((s) => s.retainOnDelete || s.protect).map(key), []);
                const mark = ws.ledgerMark();
                const r = await ws.run(["destroy", "--yes", "--skip-preview"]);
                assert.equal(r.code, 0, tail(r));
                const deletes = ws.ledgerSince(mark).filter((c) => c.op === "delete");
                assert.deepEqual(sorted(deletes.map((c) => c.urn)), sorted(before.map((s) => s.urn)));
                assert.equal(deletes.filter((c) => DATA_TYPES.has(c.type)).length, 9);
                assert.ok(deletes.some((c) => c.type === "aws:codeartifact/domain:Domain" && c.id.endsWith(":domain/acme-throwaway")));
                assert.deepEqual(awsResources(await ws.state()), []);
            });
        },
        { skip },
    );
}
