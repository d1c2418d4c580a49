import * as assert from "node:assert/strict";
import { oidcPublishAnyBranch } from "../src/rules/oidcPublishScope";
import { runStackPolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { ACCOUNT, AUD, doc, GH, githubTrust, pkgArn, res, role, TYPES, urn } from "../testing/fixtures";

describe("codeartifact-oidc-publish-any-branch", () => {
    const NAME = "codeartifact-oidc-publish-any-branch";
    const anyBranch = githubTrust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/*:*" } });
    const tagsOnly = githubTrust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/app:ref:refs/tags/v*" } });
    const publishDoc = doc({
        Effect: "Allow",
        Action: ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"],
        Resource: pkgArn("acme/npm-internal/*"),
    });
    const readDoc = doc({ Effect: "Allow", Action: "codeartifact:ReadFromRepository", Resource: "*" });

    it("flags a publishing role (inline policy) that trusts every repository on any branch", async () => {
        const r = role(anyBranch, { inlinePolicies: [{ name: "publish", policy: publishDoc }] });
        const v = await runStackPolicy(oidcPublishAnyBranch, [r]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(r));
        assert.equal(v[0].enforcementLevel, "advisory");
        assert.match(
            v[0].message,
            /^role "gha" can publish packages and its trust admits every repository on any branch \(statement #1 sub "repo:acme\/\*:\*"\)/,
        );
    });

    it("finds the publish grant in a RolePolicy or a policy attachment of the stack", async () => {
        const r = role(githubTrust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/*:ref:refs/heads/*" } }));
        const rp = res(TYPES.rolePolicy, "rp", { role: "gha", policy: publishDoc });
        assert.equal((await runStackPolicy(oidcPublishAnyBranch, [r, rp])).length, 1);
        const p = res(TYPES.policy, "pub", { arn: `arn:aws:iam::${ACCOUNT}:policy/pub`, policy: publishDoc });
        const att = res(
            TYPES.rolePolicyAttachment,
            "att",
            { role: UNKNOWN_VALUE, policyArn: UNKNOWN_VALUE },
            { propertyDependencies: { role: [urnOf(r)], policyArn: [urn(TYPES.policy, "pub")] } },
        );
        assert.equal((await runStackPolicy(oidcPublishAnyBranch, [r, p, att])).length, 1);
    });

    it("passes a read-only role with the same trust, and a publish role pinned to tags", async () => {
        assert.deepEqual(
            await runStackPolicy(oidcPublishAnyBranch, [role(anyBranch, { inlinePolicies: [{ name: "read", policy: readDoc }] })]),
            [],
        );
        assert.deepEqual(
            await runStackPolicy(oidcPublishAnyBranch, [role(tagsOnly, { inlinePolicies: [{ name: "publish", policy: publishDoc }] })]),
            [],
        );
        // one repository, any branch: not "every repository"
        const oneRepo = githubTrust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/app:*" } });
        assert.deepEqual(
            await runStackPolicy(oidcPublishAnyBranch, [role(oneRepo, { inlinePolicies: [{ name: "publish", policy: publishDoc }] })]),
            [],
        );
    });

    it("reports could-not-check when the role's publish grant is unknown during preview", async () => {
        const v = await runStackPolicy(oidcPublishAnyBranch, [role(anyBranch, { inlinePolicies: [{ name: "p", policy: UNKNOWN_VALUE }] })]);
        assert.equal(v.length, 1);
        assert.match(v[0].message, new RegExp(`policy '${NAME}'.*could not check the trust and publish grants of role "gha"`));
    });
});
