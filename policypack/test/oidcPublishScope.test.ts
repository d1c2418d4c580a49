import * as assert from "node:assert/strict";
import { oidcPublishAnyBranch } from "../src/rules/oidcPublishScope";
import { runStackPolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { waitingLines } from "../testing/harness";
import { ACCOUNT, AUD, doc, GH, githubTrust, pkgArn, res, role, TYPES, urn } from "../testing/fixtures";
import * as native from "../testing/native";

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

    it("waits when the role's publish grant is unknown during preview (one line for every rule that waits on the role)", async () => {
        const r = role(anyBranch, { inlinePolicies: [{ name: "p", policy: UNKNOWN_VALUE }] });
        assert.deepEqual(await runStackPolicy(oidcPublishAnyBranch, [r]), []);
        assert.deepEqual(await waitingLines([r]), [
            {
                urn: urnOf(r),
                message:
                    `aws:iam/role:Role "gha": codeartifact-no-wildcard-publish, ${NAME} and codeartifact-bearer-token-service-condition ` +
                    'wait for up (inlinePolicies[0] ("p") is unknown during preview). They run at up; make the document known at ' +
                    "preview (build it from names, not resource outputs) to have it checked now.",
            },
        ]);
    });

    it("waits on a RolePolicy's document, or its role, when either is unknown and not explained by property dependencies", async () => {
        const r = role(anyBranch);
        const unknownDoc = res(TYPES.rolePolicy, "rp", { role: "gha", policy: UNKNOWN_VALUE });
        assert.deepEqual(
            (await waitingLines([r, unknownDoc])).map((x) => x.message),
            [
                `aws:iam/role:Role "gha": ${NAME} waits for up (policy of aws:iam/rolePolicy:RolePolicy "rp" is unknown during preview). ` +
                    "It runs at up; make the document known at preview (build it from names, not resource outputs) to have it checked now.",
                'aws:iam/rolePolicy:RolePolicy "rp": codeartifact-no-wildcard-publish and codeartifact-bearer-token-service-condition ' +
                    "wait for up (policy is unknown during preview). They run at up; make the document known at preview (build it from " +
                    "names, not resource outputs) to have it checked now.",
            ],
        );
        const unknownRole = res(TYPES.rolePolicy, "rp", { role: UNKNOWN_VALUE, policy: publishDoc });
        assert.deepEqual(
            (await waitingLines([r, unknownRole])).map((x) => x.message),
            [
                `aws:iam/role:Role "gha": ${NAME} waits for up (role of aws:iam/rolePolicy:RolePolicy "rp" is unknown during preview). ` +
                    "It runs at up; pass it as a plain value or as an output of a resource of this stack to have it checked now.",
            ],
        );
        // The engine's property dependencies say which role it is: decided at preview.
        const linked = res(
            TYPES.rolePolicy,
            "rp",
            { role: UNKNOWN_VALUE, policy: publishDoc },
            { propertyDependencies: { role: [urnOf(r)] } },
        );
        assert.equal((await runStackPolicy(oidcPublishAnyBranch, [r, linked])).length, 1);
        const other = role(tagsOnly, {}, "other");
        const elsewhere = res(
            TYPES.rolePolicy,
            "rp",
            { role: UNKNOWN_VALUE, policy: publishDoc },
            { propertyDependencies: { role: [urnOf(other)] } },
        );
        assert.deepEqual(await runStackPolicy(oidcPublishAnyBranch, [r, other, elsewhere]), []);
        assert.deepEqual(await waitingLines([r, other, elsewhere]), []);
    });
});

describe("codeartifact-oidc-publish-any-branch: aws-native", () => {
    const broadTrust = JSON.parse(githubTrust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/*:*" } }));
    const publish = { Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: pkgArn("acme/npm-internal/*") };
    it("flags an aws-native Role with publish in policies[]", async () => {
        const r = native.role(broadTrust, { policies: [{ policyName: "p", policyDocument: { Statement: [publish] } }] });
        const v = await runStackPolicy(oidcPublishAnyBranch, [r]);
        assert.equal(v.length, 1);
        assert.match(v[0].message, /^role "gha" can publish packages and its trust admits every repository on any branch/);
    });

    it("flags publish given by an aws-native RolePolicy (roleName) or a ManagedPolicy's roles", async () => {
        const r = native.role(broadTrust);
        const rp = native.policy(TYPES.nativeRolePolicy, "rp", [publish], { roleName: "gha", policyName: "rp" });
        assert.equal((await runStackPolicy(oidcPublishAnyBranch, [r, rp])).length, 1);
        const mp = native.policy(TYPES.nativeManagedPolicy, "mp", [publish], { roles: [UNKNOWN_VALUE] });
        mp.propertyDependencies = { roles: [urnOf(r)] };
        assert.equal((await runStackPolicy(oidcPublishAnyBranch, [r, mp])).length, 1);
    });

    it("passes when the RolePolicy names another role", async () => {
        const r = native.role(broadTrust);
        const rp = native.policy(TYPES.nativeRolePolicy, "rp", [publish], { roleName: "other", policyName: "rp" });
        assert.deepEqual(await runStackPolicy(oidcPublishAnyBranch, [r, rp]), []);
    });
});
