import * as assert from "node:assert/strict";
import { bearerTokenCondition } from "../src/rules/bearerToken";
import { domainKeyRotation } from "../src/rules/keyRotation";
import { maxUpstreams } from "../src/rules/maxUpstreams";
import { noPublicRead } from "../src/rules/publicRead";
import { runResourcePolicy, runStackPolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { ACCOUNT, doc, EC2_TRUST, KEY_ARN, REGION, repo, res, Stmt, TYPES } from "../testing/fixtures";

describe("codeartifact-bearer-token-service-condition", () => {
    const SVC = { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } };
    const cases: [string, Stmt, RegExp | null][] = [
        ["unconditioned", { Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*" },
            /^policy statement #1 allows sts:GetServiceBearerToken via Action "sts:GetServiceBearerToken" without the sts:AWSServiceName condition, so the credential can mint bearer tokens for any service that accepts them\. Add Condition/],
        ["sts:* unconditioned", { Effect: "Allow", Action: ["sts:*"], Resource: "*" }, /via Action "sts:\*"/],
        ["case-insensitive action", { Effect: "Allow", Action: "STS:getservicebearertoken", Resource: "*" }, /without the sts:AWSServiceName condition/],
        ["only a negated service condition", { Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*", Condition: { StringNotEquals: { "sts:AWSServiceName": "x" } } }, /without/],
        ["conditioned", { Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*", Condition: SVC }, null],
        ["conditioned (lower-case key)", { Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*", Condition: { StringEquals: { "sts:awsservicename": "codeartifact.amazonaws.com" } } }, null],
        ["Action * (left to the wildcard rule)", { Effect: "Allow", Action: "*", Resource: "*" }, null],
        ["other sts action", { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }, null],
    ];
    for (const [label, s, expected] of cases) {
        it(`${expected ? "flags" : "passes"} ${label}`, async () => {
            const r = res(TYPES.policy, "p", { policy: doc(s) });
            const v = await runResourcePolicy(bearerTokenCondition, r);
            if (!expected) {
                assert.deepEqual(v, []);
                return;
            }
            assert.equal(v.length, 1);
            assert.equal(v[0].enforcementLevel, "advisory");
            assert.equal(v[0].urn, urnOf(r));
            assert.match(v[0].message, expected);
        });
    }
    it("looks into role inline policies, and reports an unknown condition as could-not-check", async () => {
        const r = res(TYPES.role, "ec2", {
            assumeRolePolicy: EC2_TRUST,
            inlinePolicies: [{ name: "token", policy: doc({ Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*" }) }],
        });
        const v = await runResourcePolicy(bearerTokenCondition, r);
        assert.match(v[0].message, /^inlinePolicies\[0\] \("token"\) statement #1 allows sts:GetServiceBearerToken/);
        const u = res(TYPES.rolePolicy, "rp", { role: "x", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*", Condition: UNKNOWN_VALUE }] } });
        const v2 = await runResourcePolicy(bearerTokenCondition, u);
        assert.equal(v2[0].enforcementLevel, "advisory");
        assert.match(v2[0].message, /could not check policy statement #1/);
    });
});

describe("codeartifact-max-upstreams", () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => ({ repositoryName: `up-${i + 1}` }));
    it("passes 10 upstreams", async () => {
        assert.deepEqual(await runResourcePolicy(maxUpstreams, repo("app", { upstreams: names(10) })), []);
    });
    it("flags 11 upstreams (mandatory: apply would fail)", async () => {
        const r = repo("app", { upstreams: names(11) });
        const v = await runResourcePolicy(maxUpstreams, r);
        assert.equal(v.length, 1);
        assert.equal(v[0].enforcementLevel, "mandatory");
        assert.equal(v[0].urn, urnOf(r));
        assert.equal(v[0].message,
            'repository "app" lists 11 upstreams (up-1, up-2, up-3, up-4, up-5, up-6, up-7, up-8, up-9, up-10, up-11); ' +
            "CodeArtifact accepts at most 10, so apply would fail. Chain repositories instead: move some upstreams to an " +
            "intermediate repository and list that one.");
    });
    it("counts upstreams whose names are unknown, and reports an unknown list as could-not-check", async () => {
        const v = await runResourcePolicy(maxUpstreams, repo("app", { upstreams: [...names(10), { repositoryName: UNKNOWN_VALUE }] }));
        assert.match(v[0].message, /lists 11 upstreams \(.*up-10, \(not known yet\)\)/);
        const u = await runResourcePolicy(maxUpstreams, repo("app", { upstreams: UNKNOWN_VALUE }));
        assert.equal(u[0].enforcementLevel, "advisory");
        assert.match(u[0].message, /could not check the number of upstreams/);
    });
});

describe("codeartifact-domain-key-rotation", () => {
    const key = (rotation: boolean | undefined, name = "cmk") =>
        res(TYPES.kmsKey, name, { arn: KEY_ARN, keyId: KEY_ARN.split("/")[1], ...(rotation === undefined ? {} : { enableKeyRotation: rotation }) });
    const domain = (encryptionKey: unknown, extra = {}) => res(TYPES.domain, "acme", { domain: "acme", encryptionKey }, extra);

    it("flags a key with rotation off that encrypts a domain (matched by ARN)", async () => {
        const k = key(false);
        const v = await runStackPolicy(domainKeyRotation, [k, domain(KEY_ARN)]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(k));
        assert.equal(v[0].enforcementLevel, "advisory");
        assert.equal(v[0].message, 'KMS key "cmk" encrypts CodeArtifact domain "acme" but enableKeyRotation is false. ' +
            "Set enableKeyRotation: true on the key (rotationPeriodInDays can shorten the default 365 days).");
    });
    it("flags rotation not set, linked by property dependency or through an alias", async () => {
        const k = key(undefined);
        const byDep = await runStackPolicy(domainKeyRotation, [k, domain(UNKNOWN_VALUE, { propertyDependencies: { encryptionKey: [urnOf(k)] } })]);
        assert.match(byDep[0].message, /enableKeyRotation is not set/);
        const alias = res(TYPES.kmsAlias, "alias", { name: "alias/acme", arn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/acme`, targetKeyId: KEY_ARN.split("/")[1] });
        const viaAlias = await runStackPolicy(domainKeyRotation, [k, alias, domain(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/acme`)]);
        assert.equal(viaAlias.length, 1);
        assert.equal(viaAlias[0].urn, urnOf(k));
    });
    it("passes a rotating key, and a non-rotating key no domain uses", async () => {
        assert.deepEqual(await runStackPolicy(domainKeyRotation, [key(true), domain(KEY_ARN)]), []);
        assert.deepEqual(await runStackPolicy(domainKeyRotation, [key(false), domain(`arn:aws:kms:${REGION}:${ACCOUNT}:key/other`)]), []);
    });
    it("reports could-not-check when a domain's key is unknown and a key of the stack does not rotate", async () => {
        const v = await runStackPolicy(domainKeyRotation, [key(false), domain(UNKNOWN_VALUE)]);
        assert.equal(v.length, 1);
        assert.equal(v[0].enforcementLevel, "advisory");
        assert.match(v[0].message, /could not check whether a domain uses aws:kms\/key:Key "cmk"/);
    });
});

describe("codeartifact-no-public-read", () => {
    const rp = (s: Stmt) => res(TYPES.repositoryPermissionsPolicy, "rp", { domain: "acme", repository: "npm-internal", policyDocument: doc(s) });
    const dp = (s: Stmt) => res(TYPES.domainPermissions, "dp", { domain: "acme", policyDocument: doc(s) });
    const cases: [string, ReturnType<typeof rp>, RegExp | null][] = [
        ["repository read to *", rp({ Effect: "Allow", Principal: "*", Action: ["codeartifact:ReadFromRepository", "codeartifact:GetRepositoryEndpoint"], Resource: "*" }),
            /^policyDocument statement #1 grants codeartifact:ReadFromRepository, codeartifact:GetRepositoryEndpoint to Principal "\*" without an organization or account condition/],
        ["domain token to {AWS: *}", dp({ Effect: "Allow", Principal: { AWS: "*" }, Action: "codeartifact:GetAuthorizationToken", Resource: "*" }), /grants codeartifact:GetAuthorizationToken/],
        ["codeartifact:* to * (summarised)", rp({ Effect: "Allow", Principal: "*", Action: "codeartifact:*", Resource: "*" }), /and 8 more to Principal/],
        ["org condition of \"*\" does not scope", rp({ Effect: "Allow", Principal: "*", Action: "codeartifact:ReadFromRepository", Resource: "*", Condition: { StringLike: { "aws:PrincipalOrgID": "*" } } }), /without an organization/],
        ["org condition", rp({ Effect: "Allow", Principal: "*", Action: "codeartifact:ReadFromRepository", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }), null],
        ["account condition", dp({ Effect: "Allow", Principal: "*", Action: "codeartifact:GetAuthorizationToken", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ["444455556666"] } } }), null],
        ["named account", rp({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "codeartifact:ReadFromRepository", Resource: "*" }), null],
        ["public non-read action", rp({ Effect: "Allow", Principal: "*", Action: "codeartifact:PublishPackageVersion", Resource: "*" }), null],
    ];
    for (const [label, r, expected] of cases) {
        it(`${expected ? "flags" : "passes"} ${label}`, async () => {
            const v = await runResourcePolicy(noPublicRead, r);
            if (!expected) {
                assert.deepEqual(v, []);
                return;
            }
            assert.equal(v.length, 1, JSON.stringify(v));
            assert.equal(v[0].enforcementLevel, "advisory");
            assert.equal(v[0].urn, urnOf(r));
            assert.match(v[0].message, expected);
        });
    }
    it("ignores identity policies", async () => {
        assert.deepEqual(await runResourcePolicy(noPublicRead, res(TYPES.policy, "p", { policy: doc({ Effect: "Allow", Action: "codeartifact:*", Resource: "*" }) })), []);
    });
});
