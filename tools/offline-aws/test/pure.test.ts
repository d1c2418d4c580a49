// Unit tests of the pure parts of the offline aws stand-in: ARNs, ids, config, check, diff,
// create/update outputs and invokes.
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { iamUniqueId, partitionOf, uuidFrom } from "../src/aws";
import { configFromVariables } from "../src/config";
import { invoke } from "../src/invokes";
import { AutonamingMode, DiffKind, autoName, check, create, diff, update } from "../src/operations";
import { UNKNOWN } from "../src/values";

const cfg = configFromVariables({}, {});
const euCfg = configFromVariables({ "aws:config:region": "eu-west-1" }, { OFFLINE_AWS_ACCOUNT_ID: "444455556666" });

function urn(type: string, name: string, parent = ""): string {
    return `urn:pulumi:dev::proj::${parent ? parent + "$" : ""}${type}::${name}`;
}

const T = {
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    domain: "aws:codeartifact/domain:Domain",
    repo: "aws:codeartifact/repository:Repository",
    domainPerms: "aws:codeartifact/domainPermissions:DomainPermissions",
    repoPolicy: "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    profile: "aws:iam/instanceProfile:InstanceProfile",
    oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
};

const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }],
});

describe("config", () => {
    it("defaults to account 111122223333 in us-east-1, partition aws", () => {
        assert.equal(cfg.accountId, "111122223333");
        assert.equal(cfg.region, "us-east-1");
        assert.equal(cfg.partition.partition, "aws");
        assert.deepEqual(cfg.defaultTags, {});
    });
    it("reads region from config before env, account from env", () => {
        assert.equal(euCfg.region, "eu-west-1");
        assert.equal(euCfg.accountId, "444455556666");
        assert.equal(configFromVariables({}, { AWS_REGION: "us-west-2" }).region, "us-west-2");
        assert.equal(configFromVariables({}, { OFFLINE_AWS_REGION: "ca-central-1", AWS_REGION: "us-west-2" }).region, "ca-central-1");
    });
    it("parses JSON-encoded defaultTags and ignores unknown keys", () => {
        const c = configFromVariables(
            {
                "aws:config:defaultTags": JSON.stringify({ tags: { team: "platform", env: "dev" } }),
                "aws:config:skipMetadataApiCheck": "true",
            },
            {},
        );
        assert.deepEqual(c.defaultTags, { team: "platform", env: "dev" });
        assert.deepEqual(configFromVariables({ "aws:config:defaultTags": "null" }, {}).defaultTags, {});
    });
    it("takes the account from a single allowedAccountIds entry and refuses others", () => {
        assert.equal(configFromVariables({ "aws:config:allowedAccountIds": '["999988887777"]' }, {}).accountId, "999988887777");
        assert.throws(
            () => configFromVariables({ "aws:config:allowedAccountIds": '["999988887777"]' }, { OFFLINE_AWS_ACCOUNT_ID: "111122223333" }),
            /AWS account ID not allowed: 111122223333/,
        );
        assert.throws(() => configFromVariables({}, { OFFLINE_AWS_ACCOUNT_ID: "12" }), /not 12 digits/);
    });
    it("derives the partition from the region", () => {
        assert.equal(partitionOf("cn-north-1").partition, "aws-cn");
        assert.equal(partitionOf("us-gov-west-1").partition, "aws-us-gov");
        assert.equal(configFromVariables({ "aws:config:region": "cn-north-1" }, {}).partition.dnsSuffix, "amazonaws.com.cn");
    });
});

describe("ids", () => {
    it("uuidFrom is deterministic and UUID-shaped", () => {
        const u = uuidFrom("a", "b");
        assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.equal(u, uuidFrom("a", "b"));
        assert.notEqual(u, uuidFrom("a", "c"));
    });
    it("iamUniqueId has the AWS prefix and 21 characters", () => {
        const id = iamUniqueId("AROA", "x");
        assert.match(id, /^AROA[A-Z2-7]{17}$/);
    });
    it("autoName is <name>-<7 hex>, stable for a seed", () => {
        const seed = new Uint8Array([1, 2, 3]);
        const n = autoName("build-role", seed, 64);
        assert.match(n, /^build-role-[0-9a-f]{7}$/);
        assert.equal(n, autoName("build-role", seed, 64));
        assert.equal(autoName("x".repeat(70), seed, 64).length, 64);
    });
});

describe("check", () => {
    it("names the missing required property", () => {
        const r = check({ urn: urn(T.repo, "r"), olds: {}, news: { domain: "d" } }, cfg);
        assert.deepEqual(
            r.failures.map((f) => f.property),
            ["repository"],
        );
        assert.match(r.failures[0].reason, /Missing required property 'repository'/);
        const role = check({ urn: urn(T.role, "r"), olds: {}, news: {} }, cfg);
        assert.deepEqual(
            role.failures.map((f) => f.property),
            ["assumeRolePolicy"],
        );
        const oidc = check({ urn: urn(T.oidc, "o"), olds: {}, news: {} }, cfg);
        assert.deepEqual(oidc.failures.map((f) => f.property).sort(), ["clientIdLists", "url"]);
        const rp = check({ urn: urn(T.repoPolicy, "p"), olds: {}, news: { domain: "d", repository: "r" } }, cfg);
        assert.deepEqual(
            rp.failures.map((f) => f.property),
            ["policyDocument"],
        );
    });
    it("does not flag unknown (preview) values as missing or invalid", () => {
        const r = check({ urn: urn(T.role, "r"), olds: {}, news: { assumeRolePolicy: UNKNOWN, maxSessionDuration: UNKNOWN } }, cfg);
        assert.deepEqual(r.failures, []);
    });
    it("validates like the schema: JSON policies, ranges, enums, nested required fields", () => {
        const bad = check({ urn: urn(T.role, "r"), olds: {}, news: { assumeRolePolicy: "{not json", maxSessionDuration: 60 } }, cfg);
        assert.deepEqual(bad.failures.map((f) => f.property).sort(), ["assumeRolePolicy", "maxSessionDuration"]);
        const key = check({ urn: urn(T.key, "k"), olds: {}, news: { deletionWindowInDays: 3, keyUsage: "NOPE" } }, cfg);
        assert.deepEqual(key.failures.map((f) => f.property).sort(), ["deletionWindowInDays", "keyUsage"]);
        const repo = check(
            {
                urn: urn(T.repo, "r"),
                olds: {},
                news: { domain: "d", repository: "r", upstreams: [{}], externalConnections: [{ externalConnectionName: "public:npmjs" }] },
            },
            cfg,
        );
        assert.deepEqual(repo.failures.map((f) => f.property).sort(), [
            "externalConnections.externalConnectionName",
            "upstreams[0].repositoryName",
        ]);
        const oidc = check({ urn: urn(T.oidc, "o"), olds: {}, news: { url: "http://x", clientIdLists: [] } }, cfg);
        assert.deepEqual(oidc.failures.map((f) => f.property).sort(), ["clientIdLists", "url"]);
        const alias = check({ urn: urn(T.alias, "a"), olds: {}, news: { name: "my-key", targetKeyId: "k" } }, cfg);
        assert.deepEqual(
            alias.failures.map((f) => f.property),
            ["name"],
        );
    });
    it("autonames name from the logical name and keeps it on later checks", () => {
        const seed = new Uint8Array([9, 9]);
        const first = check({ urn: urn(T.role, "ec2-role"), olds: {}, news: { assumeRolePolicy: trust }, randomSeed: seed }, cfg);
        assert.match(first.inputs.name as string, /^ec2-role-[0-9a-f]{7}$/);
        const again = check(
            { urn: urn(T.role, "ec2-role"), olds: first.inputs, news: { assumeRolePolicy: trust }, randomSeed: new Uint8Array([7]) },
            cfg,
        );
        assert.equal(again.inputs.name, first.inputs.name);
        const explicit = check({ urn: urn(T.role, "ec2-role"), olds: {}, news: { assumeRolePolicy: trust, name: "fixed" } }, cfg);
        assert.equal(explicit.inputs.name, "fixed");
        const prefixed = check({ urn: urn(T.role, "ec2-role"), olds: {}, news: { assumeRolePolicy: trust, namePrefix: "ci-" } }, cfg);
        assert.equal(prefixed.inputs.name, undefined);
        const alias = check({ urn: urn(T.alias, "key-alias"), olds: {}, news: { targetKeyId: "k" }, randomSeed: seed }, cfg);
        assert.match(alias.inputs.name as string, /^alias\/key-alias-[0-9a-f]{7}$/);
        // domains and repositories are never autonamed: their names are required inputs.
        const d = check({ urn: urn(T.domain, "dom"), olds: {}, news: {} }, cfg);
        assert.equal(d.inputs.domain, undefined);
        assert.deepEqual(
            d.failures.map((f) => f.property),
            ["domain"],
        );
    });
    it("honours engine autonaming options", () => {
        const proposed = check(
            {
                urn: urn(T.role, "r"),
                olds: {},
                news: { assumeRolePolicy: trust },
                autonaming: { proposedName: "custom-r", mode: AutonamingMode.Propose },
            },
            cfg,
        );
        assert.equal(proposed.inputs.name, "custom-r");
        const disabled = check(
            {
                urn: urn(T.role, "r"),
                olds: {},
                news: { assumeRolePolicy: trust },
                autonaming: { proposedName: "", mode: AutonamingMode.Disable },
            },
            cfg,
        );
        assert.equal(disabled.inputs.name, undefined);
    });
    it("computes tagsAll as provider defaultTags merged with tags", () => {
        const c = configFromVariables({ "aws:config:defaultTags": JSON.stringify({ tags: { team: "platform", env: "dev" } }) }, {});
        const r = check({ urn: urn(T.domain, "d"), olds: {}, news: { domain: "acme", tags: { env: "prod", app: "ca" } } }, c);
        assert.deepEqual(r.inputs.tagsAll, { team: "platform", env: "prod", app: "ca" });
        const untagged = check({ urn: urn(T.rolePolicy, "p"), olds: {}, news: { role: "r", policy: "{}" } }, c);
        assert.equal(untagged.inputs.tagsAll, undefined);
    });
    it("rejects unsupported types with a clear message", () => {
        assert.throws(
            () => check({ urn: urn("aws:s3/bucket:Bucket", "b"), olds: {}, news: {} }, cfg),
            /the offline aws stand-in does not support resource type aws:s3\/bucket:Bucket; run against the real aws provider with credentials/,
        );
    });
});

describe("create outputs", () => {
    it("codeartifact domain: ARN, owner, default AWS-managed key", () => {
        const r = create(urn(T.domain, "d"), { domain: "acme", encryptionKey: "arn:aws:kms:us-east-1:111122223333:key/k" }, false, cfg);
        assert.equal(r.id, "arn:aws:codeartifact:us-east-1:111122223333:domain/acme");
        assert.equal(r.outs.arn, r.id);
        assert.equal(r.outs.owner, "111122223333");
        assert.equal(r.outs.encryptionKey, "arn:aws:kms:us-east-1:111122223333:key/k");
        assert.equal(r.outs.region, "us-east-1");
        assert.equal(r.outs.repositoryCount, 0);
        assert.match(r.outs.createdTime as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        const noKey = create(urn(T.domain, "d"), { domain: "acme" }, false, euCfg);
        assert.match(noKey.outs.encryptionKey as string, /^arn:aws:kms:eu-west-1:444455556666:key\/[0-9a-f-]{36}$/);
        assert.equal(noKey.outs.arn, "arn:aws:codeartifact:eu-west-1:444455556666:domain/acme");
    });
    it("per-resource region overrides the provider region", () => {
        const r = create(urn(T.domain, "d"), { domain: "acme", region: "ap-south-1" }, false, cfg);
        assert.equal(r.id, "arn:aws:codeartifact:ap-south-1:111122223333:domain/acme");
        assert.equal(r.outs.region, "ap-south-1");
    });
    it("repository: ARN, domainOwner, external connection format, upstreams", () => {
        const r = create(
            urn(T.repo, "npm-store"),
            { domain: "acme", repository: "npm-store", externalConnections: { externalConnectionName: "public:npmjs" } },
            false,
            cfg,
        );
        assert.equal(r.id, "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/npm-store");
        assert.equal(r.outs.domainOwner, "111122223333");
        assert.equal(r.outs.administratorAccount, "111122223333");
        assert.deepEqual(r.outs.externalConnections, { externalConnectionName: "public:npmjs", packageFormat: "npm", status: "AVAILABLE" });
        const u = create(
            urn(T.repo, "app"),
            { domain: "acme", repository: "app", domainOwner: "222233334444", upstreams: [{ repositoryName: "npm-store" }] },
            false,
            cfg,
        );
        assert.equal(u.id, "arn:aws:codeartifact:us-east-1:222233334444:repository/acme/app");
        assert.deepEqual(u.outs.upstreams, [{ repositoryName: "npm-store" }]);
        assert.equal(u.outs.externalConnections, null);
    });
    it("refuses what AWS would refuse at create time", () => {
        assert.throws(() => create(urn(T.domain, "d"), { domain: "Acme_Corp" }, false, cfg), /CreateDomain: ValidationException/);
        // like AWS, only when the API is called (up), not in preview
        assert.doesNotThrow(() => create(urn(T.domain, "d"), { domain: "Acme_Corp" }, true, cfg));
        const ups = Array.from({ length: 11 }, (_, n) => ({ repositoryName: `r${n}` }));
        assert.throws(
            () => create(urn(T.repo, "r"), { domain: "acme", repository: "app", upstreams: ups }, false, cfg),
            /at most 10 upstream/,
        );
        assert.throws(
            () =>
                create(
                    urn(T.repo, "r"),
                    { domain: "acme", repository: "app", externalConnections: { externalConnectionName: "public:npm" } },
                    false,
                    cfg,
                ),
            /unknown external connection "public:npm"/,
        );
        assert.throws(() => create(urn(T.repo, "r"), { domain: "acme", repository: "x" }, false, cfg), /repository name "x"/);
    });
    it("permissions policies: resourceArn and revision", () => {
        const d = create(urn(T.domainPerms, "dp"), { domain: "acme", policyDocument: "{}" }, false, cfg);
        assert.equal(d.id, "arn:aws:codeartifact:us-east-1:111122223333:domain/acme");
        assert.equal(d.outs.resourceArn, d.id);
        assert.equal(typeof d.outs.policyRevision, "string");
        const r = create(urn(T.repoPolicy, "rp"), { domain: "acme", repository: "app", policyDocument: "{}" }, false, cfg);
        assert.equal(r.outs.resourceArn, "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/app");
        assert.equal(r.outs.domainOwner, "111122223333");
    });
    it("kms key and alias", () => {
        const k = create(urn(T.key, "cmk"), { enableKeyRotation: true, description: "x" }, false, cfg);
        assert.match(k.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.equal(k.outs.arn, `arn:aws:kms:us-east-1:111122223333:key/${k.id}`);
        assert.equal(k.outs.keyId, k.id);
        assert.equal(k.outs.rotationPeriodInDays, 365);
        assert.equal(k.outs.keyUsage, "ENCRYPT_DECRYPT");
        assert.match(k.outs.policy as string, /arn:aws:iam::111122223333:root/);
        const a = create(urn(T.alias, "a"), { name: "alias/acme", targetKeyId: k.id }, false, cfg);
        assert.equal(a.id, "alias/acme");
        assert.equal(a.outs.arn, "arn:aws:kms:us-east-1:111122223333:alias/acme");
        assert.equal(a.outs.targetKeyArn, k.outs.arn);
    });
    it("iam role, policy, role policy, attachment, instance profile, oidc provider", () => {
        const role = create(urn(T.role, "r"), { name: "ci-read", assumeRolePolicy: trust, path: "/ci/" }, false, cfg);
        assert.equal(role.id, "ci-read");
        assert.equal(role.outs.arn, "arn:aws:iam::111122223333:role/ci/ci-read");
        assert.match(role.outs.uniqueId as string, /^AROA[A-Z2-7]{17}$/);
        assert.equal(role.outs.maxSessionDuration, 3600);
        const plain = create(urn(T.role, "r2"), { name: "build", assumeRolePolicy: trust }, false, cfg);
        assert.equal(plain.outs.arn, "arn:aws:iam::111122223333:role/build");
        assert.equal(plain.outs.path, "/");
        const pol = create(urn(T.policy, "p"), { name: "publish", policy: "{}" }, false, cfg);
        assert.equal(pol.id, "arn:aws:iam::111122223333:policy/publish");
        assert.match(pol.outs.policyId as string, /^ANPA/);
        const rp = create(urn(T.rolePolicy, "rp"), { name: "inline", role: "build", policy: "{}" }, false, cfg);
        assert.equal(rp.id, "build:inline");
        const att = create(urn(T.attachment, "at"), { role: "build", policyArn: pol.id }, false, cfg);
        assert.match(att.id, /^build-\d{26}$/);
        const ip = create(urn(T.profile, "ip"), { name: "build-profile", role: "build" }, false, cfg);
        assert.equal(ip.id, "build-profile");
        assert.equal(ip.outs.arn, "arn:aws:iam::111122223333:instance-profile/build-profile");
        assert.match(ip.outs.uniqueId as string, /^AIPA/);
        const oidc = create(
            urn(T.oidc, "gh"),
            { url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"] },
            false,
            cfg,
        );
        assert.equal(oidc.id, "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com");
        assert.equal((oidc.outs.thumbprintLists as string[])[0].length, 40);
    });
    it("namePrefix gives prefix + 26 digits at create", () => {
        const r = create(urn(T.role, "r"), { namePrefix: "ci-", assumeRolePolicy: trust }, false, cfg);
        assert.match(r.outs.name as string, /^ci-\d{26}$/);
        assert.equal(r.id, r.outs.name);
    });
    it("preview: computed outputs are unknown, inputs are echoed, no id", () => {
        const r = create(urn(T.domain, "d"), { domain: "acme" }, true, cfg);
        assert.equal(r.id, "");
        assert.equal(r.outs.arn, UNKNOWN);
        assert.equal(r.outs.owner, UNKNOWN);
        assert.equal(r.outs.domain, "acme");
        const u = create(urn(T.repo, "r"), { domain: UNKNOWN, repository: "app" }, true, cfg);
        assert.equal(u.outs.arn, UNKNOWN);
        assert.equal(u.outs.repository, "app");
    });
});

describe("update outputs", () => {
    it("keeps identity (arn, uniqueId, createDate, keyId) and takes new inputs", () => {
        const first = create(urn(T.role, "r"), { name: "build", assumeRolePolicy: trust }, false, cfg);
        const outs = update(
            urn(T.role, "r"),
            first.id,
            first.outs,
            { name: "build", assumeRolePolicy: trust, description: "new" },
            false,
            cfg,
        );
        assert.equal(outs.uniqueId, first.outs.uniqueId);
        assert.equal(outs.createDate, first.outs.createDate);
        assert.equal(outs.description, "new");
        const key = create(urn(T.key, "k"), {}, false, cfg);
        const key2 = update(urn(T.key, "k"), key.id, key.outs, { description: "changed" }, false, cfg);
        assert.equal(key2.keyId, key.outs.keyId);
        assert.equal(key2.arn, key.outs.arn);
    });
});

describe("diff", () => {
    it("equal inputs: no changes", () => {
        const ins = { domain: "acme", tags: { a: "b" }, tagsAll: { a: "b" } };
        const d = diff(T.domain, ins, { ...ins, tags: { a: "b" } });
        assert.equal(d.changes, false);
        assert.deepEqual(d.replaces, []);
        // null and missing are the same
        assert.equal(diff(T.domain, { domain: "acme", encryptionKey: null }, { domain: "acme" }).changes, false);
    });
    it("replaces for properties AWS cannot change in place", () => {
        assert.deepEqual(diff(T.domain, { domain: "a" }, { domain: "b" }).replaces, ["domain"]);
        assert.deepEqual(diff(T.domain, { domain: "a" }, { domain: "a", encryptionKey: "k" }).replaces, ["encryptionKey"]);
        assert.deepEqual(diff(T.repo, { domain: "a", repository: "r" }, { domain: "a", repository: "s" }).replaces, ["repository"]);
        assert.deepEqual(diff(T.repo, { domain: "a", repository: "r" }, { domain: "a", repository: "r", domainOwner: "1" }).replaces, [
            "domainOwner",
        ]);
        assert.deepEqual(diff(T.role, { name: "a", assumeRolePolicy: "{}" }, { name: "b", assumeRolePolicy: "{}" }).replaces, ["name"]);
        assert.deepEqual(diff(T.oidc, { url: "https://a" }, { url: "https://b" }).replaces, ["url"]);
        assert.deepEqual(diff(T.key, { keyUsage: "ENCRYPT_DECRYPT" }, { keyUsage: "SIGN_VERIFY" }).replaces, ["keyUsage"]);
        assert.deepEqual(diff(T.domain, { domain: "a" }, { domain: "a", region: "eu-west-1" }).replaces, ["region"]);
    });
    it("updates in place otherwise, with detailed kinds", () => {
        const d = diff(
            T.repo,
            { domain: "a", repository: "r", description: "x", upstreams: [{ repositoryName: "u" }] },
            {
                domain: "a",
                repository: "r",
                upstreams: [{ repositoryName: "u" }, { repositoryName: "v" }],
                externalConnections: { externalConnectionName: "public:pypi" },
            },
        );
        assert.equal(d.changes, true);
        assert.deepEqual(d.replaces, []);
        assert.deepEqual(d.detailedDiff, { description: DiffKind.Delete, externalConnections: DiffKind.Add, upstreams: DiffKind.Update });
        const r = diff(T.role, { name: "a", assumeRolePolicy: "{}" }, { name: "a", assumeRolePolicy: '{"x":1}' });
        assert.deepEqual(r.detailedDiff, { assumeRolePolicy: DiffKind.Update });
        assert.deepEqual(diff(T.domain, { domain: "a" }, { domain: "b" }).detailedDiff, { domain: DiffKind.UpdateReplace });
    });
    it("unknown new values count as changes", () => {
        const d = diff(T.domainPerms, { domain: "a", policyDocument: "{}" }, { domain: "a", policyDocument: UNKNOWN });
        assert.deepEqual(d.diffs, ["policyDocument"]);
        assert.deepEqual(diff(T.repo, { domain: "a", repository: "r" }, { domain: UNKNOWN, repository: "r" }).replaces, ["domain"]);
    });
    it("skips ignoreChanges", () => {
        assert.equal(diff(T.key, { description: "a" }, { description: "b" }, ["description"]).changes, false);
    });
});

// As pulumi-terraform-bridge's Diff: the news against the state (olds), which a refresh made the live resource.
describe("diff against the state (aws: the bridged provider's Diff)", () => {
    const repoInputs = { domain: "acme", repository: "npm-internal", description: "", upstreams: [], tagsAll: {} };
    const created = (type: string, inputs: Record<string, any>) => create(`urn:pulumi:dev::p::${type}::x`, inputs, false, cfg).outs;

    it("the state an up left behind is no change, for every aws type the component creates", () => {
        const cases: [string, Record<string, any>][] = [
            [T.key, { enableKeyRotation: true, deletionWindowInDays: 30, policy: "{}", tagsAll: {} }],
            [T.domain, { domain: "acme", encryptionKey: "arn:aws:kms:us-east-1:111122223333:key/k", tagsAll: {} }],
            [T.repo, { ...repoInputs, upstreams: [{ repositoryName: "proxy-npmjs" }] }],
            [
                T.repo,
                { domain: "acme", repository: "proxy-npmjs", externalConnections: { externalConnectionName: "public:npmjs" }, tagsAll: {} },
            ],
            [T.domainPerms, { domain: "acme", policyDocument: "{}" }],
            [T.repoPolicy, { domain: "acme", repository: "npm-internal", policyDocument: "{}" }],
            [T.role, { name: "r", assumeRolePolicy: trust, tagsAll: {} }],
            [T.rolePolicy, { name: "p", role: "r", policy: "{}" }],
            [T.policy, { name: "p", policy: "{}", tagsAll: {} }],
            [T.attachment, { role: "r", policyArn: "arn:aws:iam::111122223333:policy/p" }],
            [T.profile, { name: "i", role: "r", tagsAll: {} }],
            [T.oidc, { url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"], tagsAll: {} }],
        ];
        for (const [type, inputs] of cases) {
            const d = diff(type, inputs, inputs, [], created(type, inputs));
            assert.deepEqual(d.diffs, [], `${type}: ${JSON.stringify(d.detailedDiff)}`);
        }
    });
    it("an external connection attached outside Pulumi (in the state, never in the inputs) is an update that removes it", () => {
        const state = {
            ...created(T.repo, repoInputs),
            externalConnections: { externalConnectionName: "public:npmjs", packageFormat: "npm", status: "AVAILABLE" },
        };
        const d = diff(T.repo, repoInputs, repoInputs, [], state);
        assert.equal(d.changes, true);
        assert.deepEqual(d.replaces, []);
        assert.deepEqual(d.detailedDiff, { externalConnections: DiffKind.Delete });
        assert.deepEqual(d.fromState, ["externalConnections"]);
        // Without the state (the engine sends olds = state, so only old callers): the inputs alone, no change.
        assert.equal(diff(T.repo, repoInputs, repoInputs).changes, false);
    });
    it("a statement added to a role policy outside Pulumi is an update back to the declared document", () => {
        const declared = { name: "read", role: "r", policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) };
        const drifted = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "codeartifact:*", Resource: "*" }],
        });
        const d = diff(T.rolePolicy, declared, declared, [], { ...created(T.rolePolicy, declared), policy: drifted });
        assert.deepEqual([d.detailedDiff, d.fromState], [{ policy: DiffKind.Update }, ["policy"]]);
        // After a refresh the recorded inputs carry the live document too: then it is an input diff.
        const i = diff(T.rolePolicy, { ...declared, policy: drifted }, declared, [], {
            ...created(T.rolePolicy, declared),
            policy: drifted,
        });
        assert.deepEqual([i.detailedDiff, i.fromState], [{ policy: DiffKind.Update }, []]);
    });
    it("never compares output-only properties, nor Optional+Computed ones the program leaves out", () => {
        const state = {
            ...created(T.repo, repoInputs),
            arn: "arn:aws:codeartifact:us-east-1:999999999999:repository/x/y",
            domainOwner: "999",
        };
        assert.equal(diff(T.repo, repoInputs, repoInputs, [], state).changes, false);
        const domain = { domain: "acme", tagsAll: {} };
        const live = { ...created(T.domain, domain), encryptionKey: "arn:aws:kms:us-east-1:111122223333:key/live" };
        assert.equal(diff(T.domain, domain, domain, [], live).changes, false);
    });
    it("a replace-on-change property that drifted is a replacement, as the bridge plans it", () => {
        const inputs = { domain: "acme", encryptionKey: "arn:aws:kms:us-east-1:111122223333:key/k", tagsAll: {} };
        const live = { ...created(T.domain, inputs), encryptionKey: "arn:aws:kms:us-east-1:111122223333:key/other" };
        assert.deepEqual(diff(T.domain, inputs, inputs, [], live).replaces, ["encryptionKey"]);
    });
    it("ignoreChanges covers drift too", () => {
        const state = { ...created(T.repo, repoInputs), description: "edited" };
        assert.equal(diff(T.repo, repoInputs, repoInputs, ["description"], state).changes, false);
    });
    it("aws-native keeps the input-only comparison", () => {
        const ins = { domainName: "acme", repositoryName: "r" };
        const state = { ...ins, externalConnections: ["public:npmjs"], arn: "a", name: "r", domainOwner: "111122223333" };
        assert.equal(diff("aws-native:codeartifact:Repository", ins, ins, [], state).changes, false);
    });
});

describe("invokes", () => {
    it("getCallerIdentity", () => {
        const r = invoke("aws:index/getCallerIdentity:getCallerIdentity", {}, euCfg);
        assert.equal(r.accountId, "444455556666");
        assert.equal(r.id, "444455556666");
        assert.equal(r.arn, "arn:aws:iam::444455556666:user/offline-aws-standin");
        assert.match(r.userId as string, /^AIDA/);
    });
    it("getRegion returns both name and region (7.x shape)", () => {
        const r = invoke("aws:index/getRegion:getRegion", {}, euCfg);
        assert.deepEqual(r, {
            description: "Europe (Ireland)",
            endpoint: "ec2.eu-west-1.amazonaws.com",
            id: "eu-west-1",
            name: "eu-west-1",
            region: "eu-west-1",
        });
        assert.equal(invoke("aws:index/getRegion:getRegion", { region: "us-west-2" }, euCfg).region, "us-west-2");
    });
    it("getPartition", () => {
        assert.deepEqual(invoke("aws:index/getPartition:getPartition", {}, cfg), {
            dnsSuffix: "amazonaws.com",
            id: "aws",
            partition: "aws",
            reverseDnsPrefix: "com.amazonaws",
        });
    });
    it("unknown invoke is a clear error", () => {
        assert.throws(
            () => invoke("aws:s3/getBucket:getBucket", {}, cfg),
            /the offline aws stand-in does not support function aws:s3\/getBucket:getBucket; run against the real aws provider with credentials/,
        );
    });
});
