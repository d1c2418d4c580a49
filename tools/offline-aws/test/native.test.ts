// The aws-native stand-in, pure parts: check (required, types, unknown properties, autonaming,
// defaultTags), diff (replace-on-change), create/update outputs and Cloud Control errors, invokes.
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { configFromVariables } from "../src/config";
import { invoke } from "../src/invokes";
import { encodePackageGroupPattern, packageGroupPatternProblem } from "../src/native";
import { check, create, diff, update } from "../src/operations";
import { UNKNOWN } from "../src/values";

const cfg = configFromVariables({}, {}, "aws-native");

const T = {
    group: "aws-native:codeartifact:PackageGroup",
    domain: "aws-native:codeartifact:Domain",
    repo: "aws-native:codeartifact:Repository",
    role: "aws-native:iam:Role",
    policy: "aws-native:iam:ManagedPolicy",
    rolePolicy: "aws-native:iam:RolePolicy",
};

function urn(type: string, name: string): string {
    return `urn:pulumi:dev::proj::${type}::${name}`;
}

const trust = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }],
};
const seed = new Uint8Array([9, 9, 9]);

describe("aws-native config", () => {
    it("reads aws-native:config:* keys the way the aws stand-in reads aws:config:*", () => {
        const c = configFromVariables(
            { "aws-native:config:region": "eu-west-1", "aws-native:config:defaultTags": JSON.stringify({ tags: { team: "platform" } }) },
            { OFFLINE_AWS_ACCOUNT_ID: "444455556666" },
            "aws-native",
        );
        assert.equal(c.region, "eu-west-1");
        assert.equal(c.accountId, "444455556666");
        assert.deepEqual(c.defaultTags, { team: "platform" });
        // aws:config:* is the other package's namespace
        assert.equal(configFromVariables({ "aws:config:region": "eu-west-1" }, {}, "aws-native").region, "us-east-1");
        // aws-native also accepts a bare map as defaultTags
        assert.deepEqual(configFromVariables({ "aws-native:config:defaultTags": '{"a":"b"}' }, {}, "aws-native").defaultTags, { a: "b" });
        assert.throws(
            () =>
                configFromVariables(
                    { "aws-native:config:allowedAccountIds": '["999988887777"]' },
                    { OFFLINE_AWS_ACCOUNT_ID: "111122223333" },
                    "aws-native",
                ),
            /offline aws-native stand-in: AWS account ID not allowed: 111122223333/,
        );
    });
});

describe("aws-native check", () => {
    it("PackageGroup: domainName and pattern are required, in aws-native's wording", () => {
        const r = check({ urn: urn(T.group, "g"), olds: {}, news: {} }, cfg);
        assert.deepEqual(
            r.failures.map((f) => f.property),
            ["domainName", "pattern"],
        );
        assert.match(
            r.failures[0].reason,
            /^missing required property domainName \(checked by the offline aws-native stand-in against @pulumi\/aws-native 1\.79\.0\)$/,
        );
        // unknown (preview) values are not missing
        assert.deepEqual(check({ urn: urn(T.group, "g"), olds: {}, news: { domainName: UNKNOWN, pattern: "/npm/*" } }, cfg).failures, []);
    });
    it("types and unknown properties, with the paths aws-native's validate.go reports", () => {
        const r = check(
            {
                urn: urn(T.group, "g"),
                olds: {},
                news: {
                    domainName: "acme",
                    pattern: 7,
                    domain: "acme",
                    tags: { team: "x" },
                    originConfiguration: { restrictions: { publish: { restrictionMode: "BLOCK", repos: [] }, externalUpstream: "BLOCK" } },
                },
            },
            cfg,
        );
        assert.deepEqual(r.failures.map((f) => f.reason).sort(), [
            "originConfiguration/restrictions/externalUpstream must be an object",
            "pattern must be a string",
            "tags must be an array",
            "unknown property domain",
            "unknown property originConfiguration/restrictions/publish.repos",
        ]);
    });
    it("autonames Domain.domainName, Repository.repositoryName, Role.roleName, ManagedPolicy.managedPolicyName, RolePolicy.policyName", () => {
        const d = check({ urn: urn(T.domain, "packages"), olds: {}, news: {}, randomSeed: seed }, cfg);
        assert.match(d.inputs.domainName as string, /^packages-[0-9a-f]{7}$/);
        assert.deepEqual(d.failures, []);
        const again = check({ urn: urn(T.domain, "packages"), olds: d.inputs, news: {} }, cfg);
        assert.equal(again.inputs.domainName, d.inputs.domainName, "kept across updates");
        const r = check({ urn: urn(T.repo, "npm-store"), olds: {}, news: { domainName: "acme" }, randomSeed: seed }, cfg);
        assert.match(r.inputs.repositoryName as string, /^npm-store-[0-9a-f]{7}$/);
        assert.match(
            check({ urn: urn(T.role, "ci"), olds: {}, news: { assumeRolePolicyDocument: trust } }, cfg).inputs.roleName as string,
            /^ci-[0-9a-f]{7}$/,
        );
        assert.match(
            check({ urn: urn(T.policy, "read"), olds: {}, news: { policyDocument: {} } }, cfg).inputs.managedPolicyName as string,
            /^read-[0-9a-f]{7}$/,
        );
        assert.match(
            check({ urn: urn(T.rolePolicy, "inline"), olds: {}, news: { roleName: "ci" } }, cfg).inputs.policyName as string,
            /^inline-[0-9a-f]{7}$/,
        );
        // no autonaming for package groups: the pattern is the identity
        const g = check({ urn: urn(T.group, "g"), olds: {}, news: { domainName: "acme", pattern: "/npm/*" } }, cfg);
        assert.deepEqual(Object.keys(g.inputs).sort(), ["domainName", "pattern"]);
    });
    it("required: Repository.domainName, Role.assumeRolePolicyDocument, ManagedPolicy.policyDocument, RolePolicy.roleName", () => {
        const props = (type: string) => check({ urn: urn(type, "x"), olds: {}, news: {} }, cfg).failures.map((f) => f.property);
        assert.deepEqual(props(T.repo), ["domainName"]);
        assert.deepEqual(props(T.role), ["assumeRolePolicyDocument"]);
        assert.deepEqual(props(T.policy), ["policyDocument"]);
        assert.deepEqual(props(T.rolePolicy), ["roleName"]);
        assert.deepEqual(props(T.domain), []);
    });
    it("appends the provider's defaultTags the tag list lacks, sorted (key/value list style)", () => {
        const c = configFromVariables(
            { "aws-native:config:defaultTags": JSON.stringify({ tags: { team: "platform", env: "dev" } }) },
            {},
            "aws-native",
        );
        const r = check(
            { urn: urn(T.group, "g"), olds: {}, news: { domainName: "acme", pattern: "/npm/*", tags: [{ key: "env", value: "prod" }] } },
            c,
        );
        assert.deepEqual(r.inputs.tags, [
            { key: "env", value: "prod" },
            { key: "team", value: "platform" },
        ]);
        const untagged = check({ urn: urn(T.group, "g"), olds: {}, news: { domainName: "acme", pattern: "/npm/*" } }, c);
        assert.deepEqual(untagged.inputs.tags, [
            { key: "env", value: "dev" },
            { key: "team", value: "platform" },
        ]);
        assert.equal(untagged.inputs.tagsAll, undefined, "no tagsAll in aws-native");
        const policy = check({ urn: urn(T.policy, "p"), olds: {}, news: { policyDocument: {} } }, c);
        assert.equal(policy.inputs.tags, undefined, "ManagedPolicy has no tags");
    });
    it("refuses types it does not know, naming aws-native", () => {
        assert.throws(
            () => check({ urn: urn("aws-native:s3:Bucket", "b"), olds: {}, news: {} }, cfg),
            /^Error: the offline aws-native stand-in does not support resource type aws-native:s3:Bucket; run against the real aws-native provider with credentials \(supported: aws-native:codeartifact:Domain, /,
        );
    });
});

describe("aws-native diff", () => {
    it("replaces on the SDK's replaceOnChanges, updates in place otherwise", () => {
        const g = { domainName: "acme", pattern: "/npm/*" };
        assert.deepEqual(diff(T.group, g, { ...g, pattern: "/npm/acme/*" }).replaces, ["pattern"]);
        assert.deepEqual(diff(T.group, g, { ...g, domainName: "other" }).replaces, ["domainName"]);
        const owner = diff(T.group, g, { ...g, domainOwner: "111122223333", description: "d" });
        assert.deepEqual([owner.replaces, owner.diffs], [[], ["description", "domainOwner"]]);
        assert.deepEqual(diff(T.domain, { domainName: "a" }, { domainName: "a", encryptionKey: "k" }).replaces, ["encryptionKey"]);
        assert.deepEqual(diff(T.domain, { domainName: "a" }, { domainName: "a", permissionsPolicyDocument: {} }).replaces, []);
        assert.deepEqual(
            diff(T.repo, { domainName: "a", repositoryName: "r" }, { domainName: "a", repositoryName: "r", domainOwner: "1" }).replaces,
            ["domainOwner"],
        );
        assert.deepEqual(
            diff(T.repo, { domainName: "a", repositoryName: "r" }, { domainName: "a", repositoryName: "r", upstreams: ["u"] }).replaces,
            [],
        );
        assert.deepEqual(
            diff(
                T.role,
                { roleName: "a", assumeRolePolicyDocument: trust },
                { roleName: "a", assumeRolePolicyDocument: trust, path: "/ci/" },
            ).replaces,
            ["path"],
        );
        assert.deepEqual(
            diff(T.policy, { managedPolicyName: "p", policyDocument: {} }, { managedPolicyName: "p", policyDocument: {}, description: "x" })
                .replaces,
            ["description"],
        );
        assert.deepEqual(diff(T.rolePolicy, { roleName: "r", policyName: "p" }, { roleName: "s", policyName: "p" }).replaces, ["roleName"]);
        assert.equal(diff(T.group, g, { ...g }).changes, false);
    });
});

describe("aws-native create outputs", () => {
    it("PackageGroup: arn package-group/DOMAIN + the encoded pattern, domainOwner defaults to the account", () => {
        const r = create(urn(T.group, "g"), { domainName: "acme", pattern: "/npm/acme/*" }, false, cfg);
        assert.equal(r.id, "arn:aws:codeartifact:us-east-1:111122223333:package-group/acme/npm/acme/%2a");
        assert.equal(r.outs.arn, r.id);
        assert.equal(r.outs.domainOwner, "111122223333");
        const other = create(urn(T.group, "g"), { domainName: "acme", domainOwner: "222233334444", pattern: "/pypi//acme~" }, false, cfg);
        assert.equal(other.id, "arn:aws:codeartifact:us-east-1:222233334444:package-group/acme/pypi//acme~");
        assert.equal(encodePackageGroupPattern("/nuget//alpha$"), "/nuget//alpha%24");
        assert.equal(encodePackageGroupPattern("/nuget//alpha%beta~"), "/nuget//alpha%25beta~");
        const root = create(urn(T.group, "root"), { domainName: "acme", pattern: "/*" }, false, cfg);
        assert.equal(root.id, "arn:aws:codeartifact:us-east-1:111122223333:package-group/acme/%2a");
    });
    it("Domain and Repository: ARNs, name, owner, encryptionKey", () => {
        const d = create(urn(T.domain, "d"), { domainName: "acme" }, false, cfg);
        assert.equal(d.id, "arn:aws:codeartifact:us-east-1:111122223333:domain/acme");
        assert.deepEqual([d.outs.name, d.outs.owner], ["acme", "111122223333"]);
        assert.match(d.outs.encryptionKey as string, /^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);
        const k = create(urn(T.domain, "d"), { domainName: "acme", encryptionKey: "arn:aws:kms:us-east-1:111122223333:key/k" }, false, cfg);
        assert.equal(k.outs.encryptionKey, "arn:aws:kms:us-east-1:111122223333:key/k");
        const r = create(
            urn(T.repo, "r"),
            { domainName: "acme", repositoryName: "npm-store", externalConnections: ["public:npmjs"] },
            false,
            cfg,
        );
        assert.equal(r.id, "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/npm-store");
        assert.deepEqual([r.outs.name, r.outs.domainName, r.outs.domainOwner], ["npm-store", "acme", "111122223333"]);
        assert.deepEqual(r.outs.externalConnections, ["public:npmjs"]);
    });
    it("IAM: Role arn/roleId (id = roleName), ManagedPolicy policyArn (id), RolePolicy id policyName|roleName", () => {
        const role = create(urn(T.role, "r"), { roleName: "ci-read", path: "/ci/", assumeRolePolicyDocument: trust }, false, cfg);
        assert.equal(role.id, "ci-read");
        assert.equal(role.outs.arn, "arn:aws:iam::111122223333:role/ci/ci-read");
        assert.match(role.outs.roleId as string, /^AROA[A-Z2-7]{17}$/);
        const pol = create(urn(T.policy, "p"), { managedPolicyName: "read", policyDocument: {}, roles: ["ci-read"] }, false, cfg);
        assert.equal(pol.id, "arn:aws:iam::111122223333:policy/read");
        assert.deepEqual(
            [pol.outs.policyArn, pol.outs.attachmentCount, pol.outs.defaultVersionId, pol.outs.isAttachable],
            [pol.id, 1, "v1", true],
        );
        const next = update(
            urn(T.policy, "p"),
            pol.id,
            pol.outs,
            { managedPolicyName: "read", policyDocument: { Version: "2012-10-17" } },
            false,
            cfg,
        );
        assert.deepEqual([next.policyId, next.defaultVersionId, next.attachmentCount], [pol.outs.policyId, "v2", 0]);
        const rp = create(urn(T.rolePolicy, "rp"), { roleName: "ci-read", policyName: "inline", policyDocument: {} }, false, cfg);
        assert.equal(rp.id, "inline|ci-read");
    });
    it("preview: computed outputs unknown, no id", () => {
        const r = create(urn(T.group, "g"), { domainName: UNKNOWN, pattern: "/npm/*" }, true, cfg);
        assert.equal(r.id, "");
        assert.equal(r.outs.arn, UNKNOWN);
        assert.equal(r.outs.domainOwner, UNKNOWN);
        assert.equal(r.outs.pattern, "/npm/*");
    });
});

describe("aws-native create errors (at up, in Cloud Control's shape)", () => {
    const modelError =
        /^offline aws-native stand-in: creating resource: creating resource: operation error CloudControl: CreateResource, https response error StatusCode: 400, RequestID: [0-9a-f-]{36}, api error ValidationException: Model validation failed \((.*)\)$/;
    function message(f: () => unknown): string {
        try {
            f();
        } catch (e) {
            return (e as Error).message;
        }
        return "no error";
    }
    it("model validation: CloudFormation names, enums, required nested keys, patterns, object-only documents", () => {
        const m = modelError.exec(
            message(() =>
                create(
                    urn(T.group, "g"),
                    {
                        domainName: "Acme_Corp",
                        pattern: "/npm/*",
                        originConfiguration: {
                            restrictions: { publish: { restrictionMode: "DENY" }, externalUpstream: { repositories: [] } },
                        },
                    },
                    false,
                    cfg,
                ),
            ),
        );
        assert.ok(m);
        assert.deepEqual(m[1].split(", "), [
            "#/DomainName: failed validation constraint for keyword [pattern]",
            "#/OriginConfiguration/Restrictions/Publish/RestrictionMode: failed validation constraint for keyword [enum]",
            "#/OriginConfiguration/Restrictions/ExternalUpstream: required key [RestrictionMode] not found",
        ]);
        assert.match(
            message(() => create(urn(T.domain, "d"), { domainName: "acme", permissionsPolicyDocument: "{}" }, false, cfg)),
            /Model validation failed \(#\/PermissionsPolicyDocument: expected type: JSONObject, found: String\)$/,
        );
        assert.match(
            message(() => create(urn(T.repo, "r"), { domainName: "acme", repositoryName: "x" }, false, cfg)),
            /#\/RepositoryName: expected minLength: 2, actual: 1/,
        );
        // not in preview: Cloud Control is only called at up
        assert.doesNotThrow(() => create(urn(T.group, "g"), { domainName: "Acme_Corp", pattern: "/npm/*" }, true, cfg));
    });
    it('handler failures: operation CREATE failed with "InvalidRequest"', () => {
        const bad = message(() => create(urn(T.group, "g"), { domainName: "acme", pattern: "/npm/acme" }, false, cfg));
        assert.match(
            bad,
            /^offline aws-native stand-in: creating resource: creating resource: operation CREATE failed with "InvalidRequest": package group pattern "\/npm\/acme" is not one of .* \(Service: Codeartifact, Status Code: 400, Request ID: [0-9a-f-]{36}\)$/,
        );
        const ups = Array.from({ length: 11 }, (_, n) => `r${n}`);
        assert.match(
            message(() => create(urn(T.repo, "r"), { domainName: "acme", repositoryName: "app", upstreams: ups }, false, cfg)),
            /at most 10 upstream/,
        );
        assert.match(
            message(() =>
                create(
                    urn(T.repo, "r"),
                    { domainName: "acme", repositoryName: "app", externalConnections: ["public:npmjs", "public:pypi"] },
                    false,
                    cfg,
                ),
            ),
            /at most one external connection/,
        );
        assert.match(
            message(() =>
                create(urn(T.repo, "r"), { domainName: "acme", repositoryName: "app", externalConnections: ["public:npm"] }, false, cfg),
            ),
            /unknown external connection "public:npm"/,
        );
        assert.match(
            message(() => create(urn(T.role, "r"), { roleName: "r", assumeRolePolicyDocument: "{not json" }, false, cfg)),
            /^offline aws-native stand-in: creating resource: operation CREATE failed with "InvalidRequest": Syntax errors in policy\. \(Service: Iam, Status Code: 400, Request ID: [0-9a-f-]{36}\)/,
        );
    });
    it("update errors name UpdateResource / UPDATE and carry no creating-resource prefix", () => {
        const g = create(urn(T.group, "g"), { domainName: "acme", pattern: "/npm/*" }, false, cfg);
        assert.match(
            message(() =>
                update(
                    urn(T.group, "g"),
                    g.id,
                    g.outs,
                    { domainName: "acme", pattern: "/npm/*", description: "x".repeat(1001) },
                    false,
                    cfg,
                ),
            ),
            /^offline aws-native stand-in: operation error CloudControl: UpdateResource, .*#\/Description: expected maxLength: 1000, actual: 1001\)$/,
        );
    });
    it("package group patterns: the six documented forms", () => {
        for (const ok of [
            "/*",
            "/npm/*",
            "/maven/com.acme~",
            "/npm/acme/*",
            "/npm/acme/ui~",
            "/npm/acme/ui-kit$",
            "/pypi//acme~",
            "/npm//react$",
        ]) {
            assert.equal(packageGroupPatternProblem(ok), undefined, ok);
        }
        for (const bad of ["npm/*", "/npm", "/npm/acme", "/npm/acme/ui", "/rust/*", "/pypi/ns/acme~", "/npm/*/x$"]) {
            assert.notEqual(packageGroupPatternProblem(bad), undefined, bad);
        }
    });
});

describe("aws-native invokes", () => {
    it("getAccountId, getRegion, getPartition, getUrlSuffix", () => {
        assert.deepEqual(invoke("aws-native:index:getAccountId", {}, cfg), { accountId: "111122223333" });
        assert.deepEqual(invoke("aws-native:index:getRegion", {}, cfg), { region: "us-east-1" });
        assert.deepEqual(invoke("aws-native:index:getPartition", {}, cfg), { dnsSuffix: "amazonaws.com", partition: "aws" });
        assert.deepEqual(invoke("aws-native:index:getUrlSuffix", {}, cfg), { urlSuffix: "amazonaws.com" });
        assert.throws(
            () => invoke("aws-native:index:getSsmParameterString", {}, cfg),
            /the offline aws-native stand-in does not support function aws-native:index:getSsmParameterString/,
        );
    });
});
