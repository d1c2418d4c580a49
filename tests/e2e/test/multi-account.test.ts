// examples/multi-account through the real engine, offline: the `central` stack (the platform in a
// shared-services account, read for the organization, managed policies) and the `team` stack
// (another account: a build role whose inline policy is the central stack's read document, read
// through a StackReference) on one file backend. The stand-in answers each stack as the account in
// its `aws:allowedAccountIds`. Each stack has its own ledger, so what "AWS" received is known per
// account.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    awsResources,
    exampleDir,
    LedgerEntry,
    log,
    nameOf,
    parseEvents,
    POLICY_PACK,
    policyEvents,
    REPO,
    StateResource,
    summaryEvent,
    tail,
    Workspace,
    writeAllMandatoryConfig,
} from "../src/harness";
import { multiStackScenario } from "../src/stacks";

const CENTRAL_ACCOUNT = "111122223333";
const TEAM_ACCOUNT = "444455556666";
const ORG = "o-a1b2c3d4e5";
const REGION = "us-east-1";
const DOMAIN = "acme-shared";
const CA = `arn:aws:codeartifact:${REGION}:${CENTRAL_ACCOUNT}`;

const EXAMPLE = exampleDir("multi-account");
const CENTRAL_DIR = path.join(EXAMPLE, "central");
const TEAM_DIR = path.join(EXAMPLE, "team");

/** The central stack's aws resources (type, logical name) before a repository is added. */
const CENTRAL_AWS = [
    ["aws:kms/key:Key", "shared-key"],
    ["aws:codeartifact/domain:Domain", "shared-domain"],
    ["aws:codeartifact/domainPermissions:DomainPermissions", "shared-domain-policy"],
    ["aws:codeartifact/repository:Repository", "shared-proxy-npmjs"],
    ["aws:codeartifact/repository:Repository", "shared-proxy-pypi"],
    ["aws:codeartifact/repository:Repository", "shared-repo-npm-internal"],
    ["aws:codeartifact/repository:Repository", "shared-repo-py-internal"],
    ["aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy", "shared-repo-policy-npm-internal"],
    ["aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy", "shared-repo-policy-py-internal"],
    ["aws:iam/policy:Policy", "shared-read-policy"],
    ["aws:iam/policy:Policy", "shared-publish-policy"],
    ["aws-native:codeartifact:PackageGroup", "shared-group-/npm/acme/*"],
    ["aws-native:codeartifact:PackageGroup", "shared-group-/pypi//acme~"],
]
    .map(([type, name]) => `${type} ${name}`)
    .sort();

const TEAM_AWS = [
    ["aws:iam/role:Role", "build"],
    ["aws:iam/rolePolicy:RolePolicy", "build-codeartifact-read"],
    ["aws:iam/instanceProfile:InstanceProfile", "build"],
]
    .map(([type, name]) => `${type} ${name}`)
    .sort();

const key = (r: { type: string; urn: string }) => `${r.type} ${nameOf(r.urn)}`;
const call = (c: LedgerEntry) => `${c.op} ${c.type} ${c.name}`;
const sorted = (xs: string[]) => [...xs].sort();

type Statement = {
    Sid: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Principal?: unknown;
    Condition?: any;
};
const statements = (json: string): Record<string, Statement> =>
    Object.fromEntries((JSON.parse(json).Statement as Statement[]).map((s) => [s.Sid, s]));
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

function byName(state: StateResource[], name: string): StateResource {
    const r = state.find((s) => nameOf(s.urn) === name && s.type.startsWith("aws:"));
    assert.ok(r, `${name} is not in the state (have ${state.map((s) => nameOf(s.urn)).join(", ")})`);
    return r;
}

/** Relative path → contents of every file under dir. */
function files(dir: string): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else out.set(path.relative(dir, p), fs.readFileSync(p, "utf8"));
        }
    };
    walk(dir);
    return out;
}

/** The team role's inline policy document, from the team stack's state. */
async function teamDocument(team: Workspace): Promise<string> {
    const policy = byName(await team.state(), "build-codeartifact-read").inputs?.policy;
    assert.equal(typeof policy, "string");
    return policy as string;
}

const installed = path.join(CENTRAL_DIR, "node_modules", "@codeartifact-platform", "pulumi");
const skip = !fs.existsSync(path.join(CENTRAL_DIR, "Pulumi.yaml"))
    ? "examples/multi-account is not present"
    : !fs.existsSync(installed) || !fs.existsSync(path.join(TEAM_DIR, "node_modules", "@pulumi", "aws"))
      ? "examples/multi-account has no node_modules: run scripts/setup.sh"
      : false;

// install-links copied sdk/nodejs/bin at `npm ci`; setup.sh reinstalls only when the lock changes. A
// stale copy still runs (the program uses no newer field, or ts-node's type check says which), so
// this is a notice, not a failure.
if (!skip) {
    const built = files(path.join(REPO, "sdk", "nodejs", "bin"));
    const copy = files(installed);
    const stale = [...built.keys()].filter((f) => copy.get(f) !== built.get(f));
    if (stale.length > 0) {
        log(
            `examples/multi-account/central has an older copy of sdk/nodejs/bin (${stale.length} files differ, e.g. ${stale[0]}); ` +
                `running with it. Refresh: rm examples/multi-account/node_modules/.package-lock.json && scripts/setup.sh`,
        );
    }
}

multiStackScenario(
    "examples/multi-account: central (111122223333) and team (444455556666) on one backend",
    { central: { projectDir: CENTRAL_DIR, stackPrefix: "e2e-ma-central" }, team: { projectDir: TEAM_DIR, stackPrefix: "e2e-ma-team" } },
    (step) => {
        let mandatoryConfig = "";
        let centralOutputs: Record<string, any> = {};

        step("central: up --policy-pack (every rule mandatory): every create is in 111122223333, no policy event", async (ws) => {
            const c = ws.central;
            await c.setConfig("aws:allowedAccountIds[0]", CENTRAL_ACCOUNT, { path: true });
            await c.setConfig("organizationId", ORG);
            mandatoryConfig = path.join(c.dir, "policy-config.json");
            writeAllMandatoryConfig(mandatoryConfig);
            const r = await c.run([
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
            // Principal "*" confined by aws:PrincipalOrgID passes codeartifact-no-public-read.
            assert.deepEqual(policyEvents(events), []);
            assert.deepEqual(sorted(awsResources(await c.state()).map(key)), CENTRAL_AWS);
            const ledger = c.ledger();
            assert.deepEqual(sorted(ledger.map((e) => `${e.op} ${e.type} ${e.name}`)), sorted(CENTRAL_AWS.map((k) => `create ${k}`)));
            assert.deepEqual([...new Set(ledger.map((e) => e.accountId))], [CENTRAL_ACCOUNT]);
        });

        step("central: the organization may get a token and read every consuming repository, never publish", async (ws) => {
            const state = await ws.central.state();
            const domain = statements(byName(state, "shared-domain-policy").inputs!.policyDocument);
            assert.deepEqual(Object.keys(domain), ["OrganizationGetAuthorizationToken"]);
            assert.deepEqual(domain.OrganizationGetAuthorizationToken.Principal, { AWS: "*" });
            assert.equal(domain.OrganizationGetAuthorizationToken.Resource, `${CA}:domain/${DOMAIN}`);
            assert.deepEqual(domain.OrganizationGetAuthorizationToken.Condition, { StringEquals: { "aws:PrincipalOrgID": ORG } });
            for (const repo of ["npm-internal", "py-internal"]) {
                const doc = byName(state, `shared-repo-policy-${repo}`).inputs!.policyDocument as string;
                const s = statements(doc);
                assert.deepEqual(Object.keys(s), ["OrganizationRead"], repo);
                assert.equal(s.OrganizationRead.Resource, `${CA}:repository/${DOMAIN}/${repo}`);
                assert.deepEqual(s.OrganizationRead.Condition, { StringEquals: { "aws:PrincipalOrgID": ORG } });
                assert.ok(list(s.OrganizationRead.Action).includes("codeartifact:ReadFromRepository"), repo);
                assert.ok(!doc.includes("Publish"), `${repo}: the organization never publishes`);
            }
        });

        step("central: outputs name the central account; accessPolicyDocuments has read and publish", async (ws) => {
            const o = await ws.central.outputs();
            centralOutputs = o;
            assert.equal(o.domainOwner, CENTRAL_ACCOUNT);
            assert.equal(o.domainArn, `${CA}:domain/${DOMAIN}`);
            assert.deepEqual(o.repositoryArns, {
                "npm-internal": `${CA}:repository/${DOMAIN}/npm-internal`,
                "proxy-npmjs": `${CA}:repository/${DOMAIN}/proxy-npmjs`,
                "proxy-pypi": `${CA}:repository/${DOMAIN}/proxy-pypi`,
                "py-internal": `${CA}:repository/${DOMAIN}/py-internal`,
            });
            assert.equal(o.readPolicyArn, `arn:aws:iam::${CENTRAL_ACCOUNT}:policy/CodeArtifactReadAccess`);
            assert.equal(o.publishPolicyArn, `arn:aws:iam::${CENTRAL_ACCOUNT}:policy/CodeArtifactPublishAccess`);
            assert.deepEqual(Object.keys(o.accessPolicyDocuments).sort(), ["publish", "read"]);
            // The managed read policy holds the same document a role in another account gets inline.
            const state = await ws.central.state();
            assert.equal(byName(state, "shared-read-policy").inputs!.policy, o.accessPolicyDocuments.read);
        });

        step("team: up --policy-pack through the StackReference: creates role, inline policy, profile in 444455556666 only", async (ws) => {
            const t = ws.team;
            await t.setConfig("aws:allowedAccountIds[0]", TEAM_ACCOUNT, { path: true });
            await t.setConfig("centralStack", `organization/codeartifact-central/${ws.central.stack}`);
            const centralMark = ws.central.ledgerMark();
            const r = await t.run([
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
            assert.deepEqual(sorted(awsResources(await t.state()).map(key)), TEAM_AWS);
            const ledger = t.ledger();
            assert.deepEqual(sorted(ledger.map((e) => `${e.op} ${e.type} ${e.name}`)), sorted(TEAM_AWS.map((k) => `create ${k}`)));
            assert.deepEqual([...new Set(ledger.map((e) => e.accountId))], [TEAM_ACCOUNT]);
            assert.deepEqual(ws.central.ledgerSince(centralMark), [], "the team's up calls nothing in the central account");
        });

        step("team: the role's document is central's read document, naming the central domain's and repositories' ARNs", async (ws) => {
            const doc = await teamDocument(ws.team);
            assert.equal(doc, centralOutputs.accessPolicyDocuments.read);
            const s = statements(doc);
            assert.deepEqual(Object.keys(s).sort(), ["GetAuthorizationToken", "GetServiceBearerToken", "Read"]);
            assert.equal(s.GetAuthorizationToken.Resource, centralOutputs.domainArn);
            assert.deepEqual(sorted(list(s.Read.Resource)), sorted(Object.values(centralOutputs.repositoryArns)));
            assert.deepEqual(s.GetServiceBearerToken.Condition, { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } });
            // Every ARN is the central account's; the team account appears nowhere in it.
            for (const arn of doc.match(/arn:[^"]+/g) ?? []) {
                assert.ok(arn.startsWith(`${CA}:`), arn);
            }
            assert.ok(!doc.includes(TEAM_ACCOUNT));
            const state = await ws.team.state();
            const role = byName(state, "build");
            assert.match(String(role.outputs?.arn), new RegExp(`^arn:aws:iam::${TEAM_ACCOUNT}:role/build-[0-9a-f]{7}$`));
            assert.equal(byName(state, "build-codeartifact-read").inputs?.role, role.id);
            const o = await ws.team.outputs();
            assert.equal(o.buildRoleArn, role.outputs?.arn);
            assert.equal(
                o.npmLogin,
                `aws codeartifact login --tool npm --repository npm-internal --domain ${DOMAIN} --domain-owner ${CENTRAL_ACCOUNT} --region ${REGION}`,
            );
        });

        step("central: a new repository (web-internal) is created with its policy; nothing deleted or replaced", async (ws) => {
            const c = ws.central;
            await c.setConfig("extraRepositories[0]", "web-internal", { path: true });
            const mark = c.ledgerMark();
            const r = await c.run(["up", "--yes", "--skip-preview"]);
            assert.equal(r.code, 0, tail(r));
            const calls = c.ledgerSince(mark);
            assert.deepEqual(calls.filter((x) => x.op === "delete").map(call), []);
            assert.deepEqual(sorted(calls.filter((x) => x.op === "create").map(call)), [
                "create aws:codeartifact/repository:Repository shared-repo-web-internal",
                "create aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy shared-repo-policy-web-internal",
            ]);
            // Only the documents that list every repository change: the managed read policy.
            assert.deepEqual(calls.filter((x) => x.op === "update").map(call), ["update aws:iam/policy:Policy shared-read-policy"]);
            centralOutputs = await c.outputs();
            assert.ok(centralOutputs.accessPolicyDocuments.read.includes(`${CA}:repository/${DOMAIN}/web-internal`));
        });

        step("team: preview --json shows one change, an update of the inline policy's document, already known", async (ws) => {
            const r = await ws.team.run(["preview", "--json"]);
            assert.equal(r.code, 0, tail(r));
            const plan = JSON.parse(r.stdout) as {
                steps: { op: string; urn: string; diffReasons?: string[]; newState?: { inputs?: Record<string, unknown> } }[];
                changeSummary: Record<string, number>;
            };
            // The stack, role and instance profile stay; the StackReference is read again (a read step).
            assert.deepEqual(plan.changeSummary, { read: 1, same: TEAM_AWS.length, update: 1 }, JSON.stringify(plan.changeSummary));
            const reads = plan.steps.filter((s) => s.op === "read").map((s) => s.urn.split("::")[2]);
            assert.deepEqual(reads, ["pulumi:pulumi:StackReference"]);
            const changes = plan.steps.filter((s) => s.op !== "same" && s.op !== "read");
            assert.deepEqual(
                changes.map((s) => `${s.op} ${nameOf(s.urn)}`),
                ["update build-codeartifact-read"],
            );
            assert.deepEqual(changes[0].diffReasons, ["policy"]);
            assert.equal(changes[0].newState?.inputs?.policy, centralOutputs.accessPolicyDocuments.read);
        });

        step("team: up changes that document and nothing else: one update call, in 444455556666", async (ws) => {
            const mark = ws.team.ledgerMark();
            const centralMark = ws.central.ledgerMark();
            const r = await ws.team.run(["up", "--yes", "--skip-preview"]);
            assert.equal(r.code, 0, tail(r));
            const calls = ws.team.ledgerSince(mark);
            assert.deepEqual(calls.map(call), ["update aws:iam/rolePolicy:RolePolicy build-codeartifact-read"]);
            assert.equal(calls[0].accountId, TEAM_ACCOUNT);
            assert.deepEqual(ws.central.ledgerSince(centralMark), []);
            const doc = await teamDocument(ws.team);
            assert.equal(doc, centralOutputs.accessPolicyDocuments.read);
            assert.deepEqual(sorted(list(statements(doc).Read.Resource)), sorted(Object.values(centralOutputs.repositoryArns)));
            assert.ok(list(statements(doc).Read.Resource).includes(`${CA}:repository/${DOMAIN}/web-internal`));
        });
    },
    { skip },
);
