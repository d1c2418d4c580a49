import * as assert from "node:assert/strict";
import { noWildcardPublishAttachment } from "../src/rules/wildcardPublishAttachment";
import { runStackPolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { waitingLines } from "../testing/harness";
import { doc, pkgArn, res, TYPES, urn, EC2_TRUST, ACCOUNT } from "../testing/fixtures";
import * as native from "../testing/native";

const NAME = "codeartifact-no-wildcard-publish-attachment";
const WIDE_ARN = `arn:aws:iam::${ACCOUNT}:policy/wide`;
const SCOPED_ARN = `arn:aws:iam::${ACCOUNT}:policy/scoped`;

const widePolicy = res(TYPES.policy, "wide", {
    arn: WIDE_ARN,
    policy: doc({ Effect: "Allow", Action: "codeartifact:Publish*", Resource: "*" }),
});
const scopedPolicy = res(TYPES.policy, "scoped", {
    arn: SCOPED_ARN,
    policy: doc({ Effect: "Allow", Action: "codeartifact:Publish*", Resource: pkgArn("acme/npm-internal/*") }),
});
const role = res(TYPES.role, "ci", { name: "ci-publisher", assumeRolePolicy: EC2_TRUST });

describe(NAME, () => {
    it("flags a RolePolicyAttachment of a wildcard policy of the stack (matched by ARN), naming the role", async () => {
        const att = res(TYPES.rolePolicyAttachment, "ci-wide", { role: "ci-publisher", policyArn: WIDE_ARN });
        const v = await runStackPolicy(noWildcardPublishAttachment, [widePolicy, scopedPolicy, role, att]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(att));
        assert.equal(v[0].enforcementLevel, "mandatory");
        assert.match(
            v[0].message,
            /^policyArn attaches aws:iam\/policy:Policy "wide" to role "ci-publisher"; that policy's policy statement #1 allows codeartifact:PublishPackageVersion via Action "codeartifact:Publish\*" on Resource "\*"\. Grant /,
        );
    });

    it("links through the engine's property dependencies when the ARN is unknown (preview)", async () => {
        const att = res(
            TYPES.rolePolicyAttachment,
            "ci-wide",
            { role: UNKNOWN_VALUE, policyArn: UNKNOWN_VALUE },
            { propertyDependencies: { policyArn: [urn(TYPES.policy, "wide")], role: [urnOf(role)] } },
        );
        const v = await runStackPolicy(noWildcardPublishAttachment, [widePolicy, role, att]);
        assert.equal(v.length, 1);
        // The role is named after the role of the stack its `role` was computed from.
        assert.match(v[0].message, /^policyArn attaches aws:iam\/policy:Policy "wide" to role "ci-publisher"; /);
        const elsewhere = res(
            TYPES.rolePolicyAttachment,
            "ci-wide",
            { role: UNKNOWN_VALUE, policyArn: UNKNOWN_VALUE },
            {
                propertyDependencies: { policyArn: [urn(TYPES.policy, "wide")] },
            },
        );
        const w = await runStackPolicy(noWildcardPublishAttachment, [widePolicy, role, elsewhere]);
        assert.match(w[0].message, /attaches aws:iam\/policy:Policy "wide" to a role whose name is not known yet/);
    });

    it("covers user, group and multi-target attachments and Role.managedPolicyArns", async () => {
        const atts = [
            res(TYPES.userPolicyAttachment, "u", { user: "bob", policyArn: WIDE_ARN }),
            res(TYPES.groupPolicyAttachment, "g", { group: "devs", policyArn: WIDE_ARN }),
            res(TYPES.policyAttachment, "m", { roles: ["a", "b"], users: ["carol"], policyArn: WIDE_ARN }),
            res(TYPES.role, "managed", { name: "managed-role", assumeRolePolicy: EC2_TRUST, managedPolicyArns: [WIDE_ARN] }),
        ];
        const v = await runStackPolicy(noWildcardPublishAttachment, [widePolicy, ...atts]);
        assert.deepEqual(
            v.map((x) => x.urn),
            atts.map(urnOf),
        );
        assert.match(v[0].message, /to user "bob"/);
        assert.match(v[1].message, /to group "devs"/);
        assert.match(v[2].message, /to role "a", role "b", user "carol"/);
        assert.match(v[3].message, /^managedPolicyArns attaches aws:iam\/policy:Policy "wide" to role "managed-role"/);
    });

    it("passes attachments of scoped policies and of policies outside the stack", async () => {
        const atts = [
            res(TYPES.rolePolicyAttachment, "scoped", { role: "ci-publisher", policyArn: SCOPED_ARN }),
            res(TYPES.rolePolicyAttachment, "external", { role: "ci-publisher", policyArn: `arn:aws:iam::${ACCOUNT}:policy/elsewhere` }),
        ];
        assert.deepEqual(await runStackPolicy(noWildcardPublishAttachment, [widePolicy, scopedPolicy, role, ...atts]), []);
    });

    it("waits when an attachment's policy cannot be identified during preview", async () => {
        const att = res(TYPES.rolePolicyAttachment, "mystery", { role: "ci-publisher", policyArn: UNKNOWN_VALUE });
        assert.deepEqual(await runStackPolicy(noWildcardPublishAttachment, [widePolicy, att]), []);
        assert.deepEqual(await waitingLines([widePolicy, att]), [
            {
                urn: urnOf(att),
                message:
                    'aws:iam/rolePolicyAttachment:RolePolicyAttachment "mystery": codeartifact-no-wildcard-publish-attachment waits for up ' +
                    "(policyArn is unknown during preview). It runs at up; pass it as a plain value or as an output of a resource of " +
                    "this stack to have it checked now.",
            },
        ]);
        // ... but not when every policy of the stack is known to be scoped
        assert.deepEqual(await runStackPolicy(noWildcardPublishAttachment, [scopedPolicy, att]), []);
        assert.deepEqual(await waitingLines([scopedPolicy, att]), []);
    });

    it("waits on the attachment too when the attached policy of the stack has an unknown document", async () => {
        const later = res(TYPES.policy, "later", { policy: UNKNOWN_VALUE }, { computed: { arn: UNKNOWN_VALUE } });
        const att = res(
            TYPES.rolePolicyAttachment,
            "att",
            { role: "ci-publisher", policyArn: UNKNOWN_VALUE },
            { propertyDependencies: { policyArn: [urnOf(later)] } },
        );
        assert.deepEqual(await runStackPolicy(noWildcardPublishAttachment, [later, att]), []);
        assert.deepEqual(
            (await waitingLines([later, att])).map((x) => x.message),
            [
                'aws:iam/policy:Policy "later": codeartifact-no-wildcard-publish and codeartifact-bearer-token-service-condition wait ' +
                    "for up (policy is unknown during preview). They run at up; make the document known at preview (build it from names, " +
                    "not resource outputs) to have it checked now.",
                'aws:iam/rolePolicyAttachment:RolePolicyAttachment "att": codeartifact-no-wildcard-publish-attachment waits for up ' +
                    '(policy of aws:iam/policy:Policy "later" is unknown during preview). It runs at up; make the document known at ' +
                    "preview (build it from names, not resource outputs) to have it checked now.",
            ],
        );
    });

    it("skips exempt attachments and exempt policies", async () => {
        const att = res(TYPES.rolePolicyAttachment, "ci-wide", { role: "ci-publisher", policyArn: WIDE_ARN });
        assert.deepEqual(
            await runStackPolicy(noWildcardPublishAttachment, [widePolicy, att], { [NAME]: { exemptResources: ["ci-wide"] } }),
            [],
        );
        // exempting the policy itself exempts its attachments
        assert.deepEqual(
            await runStackPolicy(noWildcardPublishAttachment, [widePolicy, att], { [NAME]: { exemptResources: ["wide"] } }),
            [],
        );
        assert.equal(
            (await runStackPolicy(noWildcardPublishAttachment, [widePolicy, att], { [NAME]: { exemptResources: ["other"] } })).length,
            1,
        );
    });
});

describe(`${NAME}: aws-native`, () => {
    const wide = native.policy(
        TYPES.nativeManagedPolicy,
        "wide-native",
        [{ Effect: "Allow", Action: "codeartifact:*", Resource: "*" }],
        {},
    );
    it("flags an aws-native Role whose managedPolicyArns is computed from a wide aws-native ManagedPolicy", async () => {
        const r = native.role(EC2_TRUST, { managedPolicyArns: [UNKNOWN_VALUE] }, "ci-native");
        r.propertyDependencies = { managedPolicyArns: [urnOf(wide)] };
        const v = await runStackPolicy(noWildcardPublishAttachment, [{ ...wide, computed: { policyArn: UNKNOWN_VALUE } }, r]);
        assert.equal(v.length, 1, JSON.stringify(v));
        assert.equal(v[0].urn, urnOf(r));
        assert.match(
            v[0].message,
            /^managedPolicyArns attaches aws-native:iam:ManagedPolicy "wide-native" to role "ci-native"; that policy's policyDocument statement #1 allows/,
        );
    });

    it("matches an aws-native ManagedPolicy by its policyArn, also from an aws Role", async () => {
        const arn = `arn:aws:iam::${ACCOUNT}:policy/wide-native`;
        const r = res(TYPES.role, "ci", { name: "ci", assumeRolePolicy: EC2_TRUST, managedPolicyArns: [arn] });
        const v = await runStackPolicy(noWildcardPublishAttachment, [{ ...wide, props: { ...wide.props, policyArn: arn } }, r]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(r));
    });

    it("flags an aws-native ManagedPolicy that attaches itself through roles/users/groups", async () => {
        const p = { ...wide, props: { ...wide.props, roles: ["ci"], users: ["bob"] } };
        const v = await runStackPolicy(noWildcardPublishAttachment, [p]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(p));
        assert.match(v[0].message, /^roles, users attaches aws-native:iam:ManagedPolicy "wide-native" to role "ci", user "bob"; /);
    });

    it("passes a scoped aws-native ManagedPolicy attached to roles", async () => {
        const p = native.policy(
            TYPES.nativeManagedPolicy,
            "scoped",
            [{ Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: pkgArn("acme/npm-internal/*") }],
            { roles: ["ci"] },
        );
        assert.deepEqual(await runStackPolicy(noWildcardPublishAttachment, [p]), []);
    });
});
