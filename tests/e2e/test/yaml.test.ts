// Pulumi YAML: examples/yaml through Pulumi's own YAML language host (pulumi-language-yaml, built by
// tools/pulumi/install.sh), which reads the component's schema from the plugin (no SDK). The same
// steps as the other starter stacks (test/examples.test.ts), then: its state and outputs equal the
// TypeScript stack's, the schema's enums/nested objects/map outputs from YAML, and bad input.
// Offline: every aws resource goes to the stand-in; what AWS "received" is read from its ledger.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { after } from "node:test";
import {
    awsResources,
    DATA_TYPES,
    exampleDir,
    nameOf,
    parseEvents,
    POLICY_PACK,
    policyEvents,
    REPO,
    RunResult,
    StateResource,
    summaryEvent,
    tail,
    Workspace,
    writeAllMandatoryConfig,
    DESTRUCTIVE,
} from "../src/harness";
import { scenario } from "../src/steps";
import { comparableState, copyYamlExample, editProgram, normalize, removeProject, rewriteYamlProgram, writeYamlProgram } from "../src/yaml";

const ACCOUNT = "111122223333";
const REGION = "us-east-1";
const TOKEN = "codeartifact-platform:index:CodeArtifactPlatform";
const YAML_EXAMPLE = exampleDir("yaml");
const TS_EXAMPLE = exampleDir("typescript");

const sorted = (xs: string[]) => [...xs].sort();
const key = (r: { type: string; urn: string }) => `${r.type} ${nameOf(r.urn)}`;
/** The YAML host colors its own diagnostics even with --color never. */
const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const endpoint = (domain: string, format: string, repo: string) =>
    `https://${domain}-${ACCOUNT}.d.codeartifact.${REGION}.amazonaws.com/${format}/${repo}/`;

// The engine finds language hosts on PATH and beside `pulumi` (run.sh puts the built bin directory first).
const yamlHost = (process.env.PATH ?? "")
    .split(path.delimiter)
    .map((d) => path.join(d, "pulumi-language-yaml"))
    .find((f) => fs.existsSync(f));
const noYamlHost = yamlHost ? false : "no pulumi-language-yaml on PATH (scripts/setup.sh builds it into .tools/)";
const noYamlExample = fs.existsSync(path.join(YAML_EXAMPLE, "Pulumi.yaml")) ? false : "examples/yaml is not present";

// The projects the YAML scenarios run in: temporary copies, so steps can edit the program.
const projects: string[] = [];
const project = (dir: string) => (projects.push(dir), dir);
after(() => projects.forEach(removeProject));

// --- The TypeScript starter stack, the reference the YAML stack must equal ------------------------

let reference: { preview: PreviewDigest; state: StateResource[]; outputs: Record<string, any> } | undefined;

/** What a `preview --json --policy-pack` decided, without the project and stack names. */
interface PreviewDigest {
    code: number;
    result: string;
    resourceChanges: Record<string, number>;
    policy: string[];
    stackPolicies: { passed: string[]; failed: string[] };
}

const withoutStack = (text: string) => text.replace(/urn:pulumi:[^:]+::[^:]+::/g, "urn:pulumi:STACK::PROJECT::");
/** "type name" of a policy event's resource; "(stack)" for the stack, whose name is the project's and stack's. */
function resourceOf(urn: string | undefined): string {
    const type = urn?.split("::")[2]?.split("$").pop();
    return !urn || type === "pulumi:pulumi:Stack" ? "(stack)" : `${type} ${nameOf(urn)}`;
}

async function previewWithPack(ws: Workspace, mandatoryConfig: string): Promise<{ r: RunResult; events: any[]; digest: PreviewDigest }> {
    const r = await ws.run(["preview", "--json", "--policy-pack", POLICY_PACK, "--policy-pack-config", mandatoryConfig], {
        env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
    });
    const events = parseEvents(r.stdout);
    assert.ok(
        events.some((e) => e.summaryEvent),
        `preview printed no summary\n${tail(r)}`,
    );
    const summary = summaryEvent(events);
    const stack = events.find((e) => e.policyAnalyzeStackSummaryEvent)?.policyAnalyzeStackSummaryEvent ?? {};
    const digest: PreviewDigest = {
        code: r.code,
        result: summary.result,
        resourceChanges: summary.resourceChanges,
        policy: policyEvents(events)
            .map((p) => `${p.enforcementLevel} ${p.policyName} ${resourceOf(p.resourceUrn)}: ${withoutStack(p.message)}`)
            .sort(),
        stackPolicies: { passed: sorted(stack.passed ?? []), failed: sorted(stack.failed ?? []) },
    };
    return { r, events, digest };
}

scenario(
    "reference: examples/typescript preview --policy-pack and up (for comparison)",
    TS_EXAMPLE,
    "e2e-yts",
    (step) => {
        step(
            "preview --policy-pack (every rule mandatory), then up: records the TypeScript stack's results, state and outputs",
            async (ws) => {
                const config = path.join(ws.dir, "policy-config.json");
                writeAllMandatoryConfig(config);
                const { digest } = await previewWithPack(ws, config);
                const r = await ws.run(["up", "--yes", "--skip-preview"]);
                assert.equal(r.code, 0, tail(r));
                reference = { preview: digest, state: await ws.state(), outputs: await ws.outputs() };
                assert.equal(awsResources(reference.state).length, 19);
            },
        );
    },
    {
        skip:
            noYamlHost ||
            noYamlExample ||
            (fs.existsSync(path.join(TS_EXAMPLE, "node_modules")) ? false : "examples/typescript has no node_modules (scripts/setup.sh)"),
    },
);

function requireReference() {
    assert.ok(reference, "the TypeScript reference stack did not come up (see the step above)");
    return reference;
}

// --- examples/yaml: the starter stack steps -----------------------------------------------------

const yamlCopy = noYamlExample ? YAML_EXAMPLE : project(copyYamlExample(YAML_EXAMPLE, "yaml-example"));

scenario(
    "examples/yaml (Pulumi's YAML language host)",
    yamlCopy,
    "e2e-ya",
    (step) => {
        let mandatoryConfig = "";

        step("the program pins the component's plugin version, schema.yaml's", async () => {
            const schemaVersion = fs.readFileSync(path.join(REPO, "schema.yaml"), "utf8").match(/^version: (\S+)$/m)![1];
            const program = fs.readFileSync(path.join(YAML_EXAMPLE, "Pulumi.yaml"), "utf8");
            assert.deepEqual(
                [...program.matchAll(/^\s+version: (\S+)$/gm)].map((m) => m[1]),
                [schemaVersion],
                "examples/yaml/Pulumi.yaml: options.version of the component must be schema.yaml's version",
            );
            assert.match(program, new RegExp(`type: ${TOKEN}\\n`));
        });

        step(
            "preview --policy-pack (every rule mandatory): the same results as TypeScript; 21 creates, no violation, no deferred check",
            async (ws) => {
                mandatoryConfig = path.join(ws.dir, "policy-config.json");
                const rules = writeAllMandatoryConfig(mandatoryConfig);
                assert.ok(rules.length >= 11, rules.join(", "));
                const { r, events, digest } = await previewWithPack(ws, mandatoryConfig);
                // First the YAML stack against the TypeScript one (a difference here is the YAML host's)...
                assert.deepEqual(digest, requireReference().preview, "the TypeScript stack's preview with the pack");
                // ...then both against the rule: every rule mandatory, the component's output passes.
                assert.equal(r.code, 0, tail(r));
                assert.equal(digest.result, "succeeded");
                assert.deepEqual(digest.resourceChanges, { create: 21 }, "stack + component + 16 aws and 3 aws-native resources");
                assert.ok(
                    Object.keys((summaryEvent(events) as any).PolicyPacks ?? {}).some((k) =>
                        k.startsWith("codeartifact-platform-policies"),
                    ),
                    "the pack ran",
                );
                // As for the other starter stacks: every document is known at preview, so every rule decides now.
                assert.deepEqual(policyEvents(events), [], "no policy event at preview");
                assert.deepEqual(digest.stackPolicies.failed, []);
                const diags = events.filter((e) => e.diagnosticEvent).map((e) => e.diagnosticEvent.message as string);
                assert.ok(
                    diags.some((m) => m.includes("offline aws stand-in: this provider is a test double")),
                    "the offline mode is shown",
                );
            },
        );

        step("up --policy-pack (every rule mandatory): applies, no policy event, one create call per resource", async (ws) => {
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
            assert.deepEqual(policyEvents(events), []);
            const state = awsResources(await ws.state());
            assert.equal(state.length, 19);
            const ledger = ws.ledger();
            assert.deepEqual(sorted(ledger.filter((e) => e.op === "create").map((e) => `${e.type} ${e.name}`)), sorted(state.map(key)));
            assert.deepEqual(
                ledger.filter((e) => e.op !== "create"),
                [],
            );
            assert.deepEqual(
                sorted(state.filter((s) => s.retainOnDelete).map(key)),
                sorted(state.filter((s) => DATA_TYPES.has(s.type)).map(key)),
            );
            assert.ok(!state.some((s) => s.protect));
        });

        step(
            "state equals the TypeScript stack's: same resources (types, names, parents, providers, flags), inputs and component outputs",
            async (ws) => {
                const ts = comparableState(requireReference().state);
                const yaml = comparableState(await ws.state());
                assert.deepEqual(Object.keys(yaml).sort(), Object.keys(ts).sort());
                for (const k of Object.keys(ts)) {
                    assert.deepEqual(yaml[k], ts[k], k);
                }
                // options.version and options.pluginDownloadURL make the component's default provider the one
                // the SDKs use: named after the version and the download URL (without its scheme).
                const schemaText = fs.readFileSync(path.join(REPO, "schema.yaml"), "utf8");
                const version = schemaText.match(/^version: (\S+)$/m)![1];
                const url = schemaText.match(/^pluginDownloadURL: \S+:\/\/(\S+)$/m)![1];
                const providers = Object.keys(yaml).filter((k) => k.startsWith("pulumi:providers:codeartifact-platform "));
                assert.equal(providers.length, 1, providers.join(", "));
                assert.ok(
                    providers[0].startsWith(`pulumi:providers:codeartifact-platform default_${version.replace(/\./g, "_")}_`),
                    providers[0],
                );
                assert.ok(providers[0].endsWith(url), providers[0]);
                // Enums given as their values reached the component as the TypeScript enum constants do.
                const proxies = awsResources(await ws.state()).filter((s) => nameOf(s.urn).startsWith("packages-proxy-"));
                assert.deepEqual(sorted(proxies.map((p) => p.inputs!.externalConnections.externalConnectionName)), [
                    "public:maven-central",
                    "public:npmjs",
                    "public:pypi",
                ]);
            },
        );

        step("outputs equal the TypeScript stack's (the same names and values)", async (ws) => {
            const o = await ws.outputs();
            const ts = requireReference().outputs;
            assert.deepEqual(Object.keys(o).sort(), Object.keys(ts).sort());
            assert.deepEqual(normalize(o), normalize(ts));
            // Map outputs read with index expressions (clientConfig["npm-internal"].npmrc) are plain strings.
            const npm = endpoint("acme-packages", "npm", "npm-internal");
            assert.equal(o.npmrc, `registry=${npm}\n${npm.replace(/^https:/, "")}:_authToken=\${CODEARTIFACT_AUTH_TOKEN}\n`);
            assert.equal(o.pipIndexUrl, `${endpoint("acme-packages", "pypi", "py-internal")}simple/`);
        });

        step("second up --expect-no-changes: passes, and the stand-in receives no call", async (ws) => {
            const mark = ws.ledgerMark();
            const r = await ws.run(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
            assert.equal(r.code, 0, tail(r));
            assert.deepEqual(ws.ledgerSince(mark), []);
        });

        step(
            "a repository added to the program (web-internal) + preview --json: creates only its resources; no replace, no delete",
            async (ws) => {
                // What the example's comment suggests: uncomment the web-internal entry.
                editProgram(ws.projectDir, (t) =>
                    t.replace(/^(\s*)# (- name: web-internal)\n(\s*)# ( {2}upstreams: \[npm-internal\])$/m, "$1$2\n$3$4"),
                );
                const r = await ws.run(["preview", "--json"]);
                assert.equal(r.code, 0, tail(r));
                const plan = JSON.parse(r.stdout) as {
                    steps: { op: string; urn: string; newState?: { type: string } }[];
                    changeSummary: Record<string, number>;
                };
                assert.deepEqual(
                    Object.keys(plan.changeSummary).filter((op) => !["create", "same", "update"].includes(op)),
                    [],
                    JSON.stringify(plan.changeSummary),
                );
                assert.deepEqual(
                    plan.steps.filter((s) => DESTRUCTIVE.has(s.op)).map((s) => `${s.op} ${nameOf(s.urn)}`),
                    [],
                );
                const creates = plan.steps.filter((s) => s.op === "create").map((s) => nameOf(s.urn));
                assert.ok(creates.includes("packages-repo-web-internal"), `creates: ${creates.join(", ")}`);
                assert.deepEqual(
                    creates.filter((n) => !n.includes("web-internal")),
                    [],
                    "only resources of the new repository are created",
                );
                const ops = new Map(plan.steps.map((s) => [nameOf(s.urn), s.op]));
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
                for (const s of plan.steps.filter((x) => x.op === "update")) {
                    assert.match(s.newState!.type, /RolePolicy|Permissions|DomainPermissions|Policy/, nameOf(s.urn));
                }
            },
        );

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
            assert.deepEqual(sorted(deletes.map((c) => c.urn)), sorted(before.filter((s) => !DATA_TYPES.has(s.type)).map((s) => s.urn)));
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
    },
    { skip: noYamlHost || noYamlExample },
);

// --- The schema from YAML: enums as values, nested objects, map outputs by index ------------------

const SCHEMA_PROGRAM = `
resources:
  platform:
    type: ${TOKEN}
    name: schema
    properties:
      domainName: acme-yaml
      repositories:
        - name: npm-internal
          externalConnection: public:npmjs
          formats: [npm]
          readers: ["444455556666"]
        - name: apps
          upstreams: [npm-internal]
          formats: [npm, generic]
      crossAccountReaders: ["777788889999"]
      ec2Access:
        roleName: yaml-build-hosts
        read: [apps]
      githubActions:
        readSubjects: ["repo:acme/*"]
      dataProtection: none
      tags:
        team: platform
outputs:
  npmEndpoints: \${platform.endpoints["npm-internal"]}
  appsGeneric: \${platform.endpoints["apps"]["generic"]}
  appsNpm: \${platform.endpoints.apps.npm}
  npmLogin: \${platform.loginCommands["npm-internal"].npm}
  npmProxy: \${platform.proxyRepositoryNames["public:npmjs"]}
  appsArn: \${platform.repositoryArns.apps}
  domainOwner: \${platform.domainOwner}
  ec2RoleArn: \${platform.ec2RoleArn}
  githubPublishRoleArn: \${platform.githubPublishRoleArn}
`;

const schemaProject = project(writeYamlProgram("yaml-schema", SCHEMA_PROGRAM));

scenario(
    "Pulumi YAML: the component's schema (enums, nested objects, map outputs)",
    schemaProject,
    "e2e-ysc",
    (step) => {
        step("up: enum values, nested objects and lists reach the component (read from what it created)", async (ws) => {
            const r = await ws.run(["up", "--yes", "--skip-preview"]);
            assert.equal(r.code, 0, tail(r));
            const state = await ws.state();
            const aws = new Map(awsResources(state).map((s) => [nameOf(s.urn), s]));
            const inputs = (name: string) => {
                assert.ok(aws.has(name), `${name} missing; have ${[...aws.keys()].join(", ")}`);
                return aws.get(name)!.inputs!;
            };
            const principals = (name: string, field: string) =>
                ([] as string[]).concat(JSON.parse(inputs(name)[field]).Statement[0].Principal.AWS).sort();
            // ec2Access.roleName and read (nested object)
            assert.equal(inputs("schema-ec2-role").name, "yaml-build-hosts");
            assert.equal(inputs("schema-ec2-profile").role, "yaml-build-hosts");
            const ec2Read = JSON.parse(inputs("schema-ec2-access").policy).Statement.find((s: any) => s.Sid === "Read");
            // read: [apps] is apps and its upstream chain, not the other repositories
            assert.deepEqual(
                sorted(([] as string[]).concat(ec2Read.Resource).filter((a) => a.includes(":repository/"))),
                ["apps", "npm-internal", "proxy-npmjs"].map((r) => `arn:aws:codeartifact:${REGION}:${ACCOUNT}:repository/acme-yaml/${r}`),
            );
            // repositories[].upstreams / externalConnection (enum value) / readers, crossAccountReaders
            assert.deepEqual(inputs("schema-repo-apps").upstreams, [{ repositoryName: "npm-internal" }]);
            assert.deepEqual(inputs("schema-repo-npm-internal").upstreams, [{ repositoryName: "proxy-npmjs" }]);
            assert.deepEqual(inputs("schema-proxy-npmjs").externalConnections, { externalConnectionName: "public:npmjs" });
            assert.deepEqual(principals("schema-repo-policy-npm-internal", "policyDocument"), [
                "arn:aws:iam::444455556666:root",
                "arn:aws:iam::777788889999:root",
            ]);
            assert.deepEqual(principals("schema-repo-policy-apps", "policyDocument"), ["arn:aws:iam::777788889999:root"]);
            assert.deepEqual(principals("schema-domain-policy", "policyDocument"), [
                "arn:aws:iam::444455556666:root",
                "arn:aws:iam::777788889999:root",
            ]);
            // githubActions.readSubjects, tags, dataProtection: none (enum value)
            assert.match(inputs("schema-github-read").assumeRolePolicy, /"token\.actions\.githubusercontent\.com:sub":"repo:acme\/\*"/);
            assert.deepEqual(inputs("schema-domain").tags, { team: "platform" });
            assert.ok(!state.some((s) => s.retainOnDelete || s.protect), "dataProtection none: no retainOnDelete, no protect");
            assert.ok(!aws.has("schema-github-publish"), "no publish subjects, no publish role");
        });

        step(
            'map outputs read with index expressions: endpoints["npm-internal"], endpoints.apps.npm, loginCommands[...].npm',
            async (ws) => {
                const o = await ws.outputs();
                assert.deepEqual(o.npmEndpoints, { npm: endpoint("acme-yaml", "npm", "npm-internal") });
                assert.equal(o.appsNpm, endpoint("acme-yaml", "npm", "apps"));
                assert.equal(o.appsGeneric, endpoint("acme-yaml", "generic", "apps"));
                assert.equal(
                    o.npmLogin,
                    `aws codeartifact login --tool npm --repository npm-internal --domain acme-yaml --domain-owner ${ACCOUNT} --region ${REGION}`,
                );
                assert.equal(o.npmProxy, "proxy-npmjs");
                assert.equal(o.appsArn, `arn:aws:codeartifact:${REGION}:${ACCOUNT}:repository/acme-yaml/apps`);
                assert.equal(o.domainOwner, ACCOUNT);
                assert.equal(o.ec2RoleArn, `arn:aws:iam::${ACCOUNT}:role/yaml-build-hosts`);
                // An output the component leaves unset (no publish subjects) reads as null in a YAML stack (the
                // Node.js SDK drops an undefined export instead).
                assert.ok("githubPublishRoleArn" in o && o.githubPublishRoleArn === null, JSON.stringify(o.githubPublishRoleArn));
                // formats: [npm] for npm-internal: only its npm endpoint.
                assert.deepEqual(Object.keys(o.npmEndpoints), ["npm"]);
            },
        );

        step("destroy (dataProtection none): every aws resource is deleted", async (ws) => {
            const before = awsResources(await ws.state());
            const mark = ws.ledgerMark();
            const r = await ws.run(["destroy", "--yes", "--skip-preview"]);
            assert.equal(r.code, 0, tail(r));
            assert.deepEqual(
                sorted(
                    ws
                        .ledgerSince(mark)
                        .filter((c) => c.op === "delete")
                        .map((c) => c.urn),
                ),
                sorted(before.map((s) => s.urn)),
            );
        });
    },
    { skip: noYamlHost },
);

// --- Bad input through the YAML host ------------------------------------------------------------

const CYCLE = `
resources:
  platform:
    type: ${TOKEN}
    properties:
      domainName: acme-bad
      repositories:
        - name: app
          upstreams: [lib]
        - name: lib
          upstreams: [app]
`;
const CYCLE_MESSAGE = "repositories: upstream cycle app -> lib -> app (upstream chains must not loop)";
const badProject = project(writeYamlProgram("yaml-bad", CYCLE));

scenario(
    "Pulumi YAML: bad input",
    badProject,
    "e2e-ybad",
    (step) => {
        step("an upstream cycle: preview fails with the component's own error", async (ws) => {
            const r = await ws.run(["preview"]);
            assert.notEqual(r.code, 0, tail(r));
            const out = r.stdout + r.stderr;
            assert.ok(
                out.includes(`error: ${TOKEN} resource 'platform' has a problem: invalid CodeArtifactPlatform input: ${CYCLE_MESSAGE}`),
                tail(r),
            );
        });

        step("up fails the same way before any resource is registered: no call reaches the stand-in", async (ws) => {
            const r = await ws.run(["up", "--yes", "--skip-preview"]);
            assert.notEqual(r.code, 0, tail(r));
            assert.ok((r.stdout + r.stderr).includes(CYCLE_MESSAGE), tail(r));
            assert.deepEqual(ws.ledger(), []);
            const state = await ws.state();
            assert.deepEqual(
                state.filter((s) => s.type === TOKEN || s.type.startsWith("aws:")),
                [],
            );
        });

        step("enum names instead of values, nested (externalConnection: Npmjs): the component's error lists each", async (ws) => {
            rewriteYamlProgram(
                ws.projectDir,
                CYCLE.replace(/ {8}- name: lib\n {10}upstreams: \[app\]\n/, "").replace(
                    "upstreams: [lib]",
                    "externalConnection: Npmjs\n          formats: [Npm]",
                ),
            );
            const r = await ws.run(["preview"]);
            assert.notEqual(r.code, 0, tail(r));
            const out = r.stdout + r.stderr;
            assert.ok(out.includes("invalid CodeArtifactPlatform input (2 problems):"), tail(r));
            assert.ok(
                out.includes(
                    `- repositories[0].externalConnection: "Npmjs" is not a supported external connection (supported: public:npmjs,`,
                ),
                tail(r),
            );
            assert.ok(out.includes(`- repositories[0].formats: "Npm" is not a CodeArtifact package format`), tail(r));
        });

        step(
            "a top-level enum literal the schema does not allow (dataProtection: keep): refused by the YAML host's type check",
            async (ws) => {
                rewriteYamlProgram(
                    ws.projectDir,
                    CYCLE.replace(/ {8}- name: lib\n {10}upstreams: \[app\]\n/, "")
                        .replace("upstreams: [lib]", "description: x")
                        .replace("domainName: acme-bad", "domainName: acme-bad\n      dataProtection: keep"),
                );
                const r = await ws.run(["preview"]);
                assert.notEqual(r.code, 0, tail(r));
                const out = (r.stdout + r.stderr).replace(ANSI_COLOR, ""); // the YAML host colors its own diagnostics
                assert.ok(
                    out.includes("dataProtection: Cannot assign type 'string' to type 'codeartifact-platform:index:DataProtection'"),
                    tail(r),
                );
                assert.ok(out.includes(`Allowed values are Retain ("retain"), Protect ("protect"), None ("none")`), tail(r));
            },
        );

        step("the same value from config (type: string) reaches the component, which names it", async (ws) => {
            rewriteYamlProgram(
                ws.projectDir,
                "config:\n  dataProtection:\n    type: string\n    default: keep\n" +
                    CYCLE.replace(/ {8}- name: lib\n {10}upstreams: \[app\]\n/, "")
                        .replace("upstreams: [lib]", "description: x")
                        .replace("domainName: acme-bad", "domainName: acme-bad\n      dataProtection: ${dataProtection}"),
            );
            const r = await ws.run(["preview"]);
            assert.notEqual(r.code, 0, tail(r));
            assert.ok(
                (r.stdout + r.stderr).includes(
                    `invalid CodeArtifactPlatform input: dataProtection: "keep" is not one of retain, protect, none`,
                ),
                tail(r),
            );
        });

        step(
            "an account ID from config arrives as a number (Pulumi YAML parses numeric config): refused, and fn::toJSON is the fix",
            async (ws) => {
                const program = (reader: string) =>
                    'config:\n  readerAccount:\n    type: string\n    default: "444455556666"\n' +
                    "variables:\n  readerAccountString:\n    fn::toJSON: ${readerAccount}\n" +
                    CYCLE.replace(/ {8}- name: lib\n {10}upstreams: \[app\]\n/, "").replace("upstreams: [lib]", `readers: ["${reader}"]`);
                rewriteYamlProgram(ws.projectDir, program("${readerAccount}"));
                const r = await ws.run(["preview"]);
                assert.notEqual(r.code, 0, tail(r));
                assert.ok(
                    (r.stdout + r.stderr).includes(
                        "repositories[0].readers[0]: 444455556666 is a number, not a string: account IDs are 12-digit strings",
                    ),
                    tail(r),
                );
                rewriteYamlProgram(ws.projectDir, program("${readerAccountString}"));
                const ok = await ws.run(["preview"]);
                assert.equal(ok.code, 0, tail(ok));
                assert.deepEqual(ws.ledger(), []);
            },
        );
    },
    { skip: noYamlHost },
);
