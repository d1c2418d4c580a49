import * as assert from "node:assert/strict";
import { bearerTokenCondition } from "../src/rules/bearerToken";
import { runResourcePolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { waitingLines } from "../testing/harness";
import { doc, EC2_TRUST, res, Stmt, TYPES } from "../testing/fixtures";
import * as native from "../testing/native";

describe("codeartifact-bearer-token-service-condition", () => {
    const SVC = { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } };
    const cases: [string, Stmt, RegExp | null][] = [
        [
            "unconditioned",
            { Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*" },
            /^policy statement #1 allows sts:GetServiceBearerToken via Action "sts:GetServiceBearerToken" without the sts:AWSServiceName condition, so the credential can mint bearer tokens for any service that accepts them\. Add Condition/,
        ],
        ["sts:* unconditioned", { Effect: "Allow", Action: ["sts:*"], Resource: "*" }, /via Action "sts:\*"/],
        [
            "case-insensitive action",
            { Effect: "Allow", Action: "STS:getservicebearertoken", Resource: "*" },
            /without the sts:AWSServiceName condition/,
        ],
        [
            "only a negated service condition",
            {
                Effect: "Allow",
                Action: "sts:GetServiceBearerToken",
                Resource: "*",
                Condition: { StringNotEquals: { "sts:AWSServiceName": "x" } },
            },
            /without/,
        ],
        ["conditioned", { Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*", Condition: SVC }, null],
        [
            "conditioned (lower-case key)",
            {
                Effect: "Allow",
                Action: "sts:GetServiceBearerToken",
                Resource: "*",
                Condition: { StringEquals: { "sts:awsservicename": "codeartifact.amazonaws.com" } },
            },
            null,
        ],
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
    it("looks into role inline policies; an unknown condition waits for up (one line, from codeartifact-checks-waiting-for-up)", async () => {
        const r = res(TYPES.role, "ec2", {
            assumeRolePolicy: EC2_TRUST,
            inlinePolicies: [{ name: "token", policy: doc({ Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*" }) }],
        });
        const v = await runResourcePolicy(bearerTokenCondition, r);
        assert.match(v[0].message, /^inlinePolicies\[0\] \("token"\) statement #1 allows sts:GetServiceBearerToken/);
        const u = res(TYPES.rolePolicy, "rp", {
            role: "x",
            policy: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*", Condition: UNKNOWN_VALUE }],
            },
        });
        assert.deepEqual(await runResourcePolicy(bearerTokenCondition, u), []);
        assert.deepEqual(await waitingLines([u]), [
            {
                urn: urnOf(u),
                message:
                    'aws:iam/rolePolicy:RolePolicy "rp": codeartifact-bearer-token-service-condition waits for up (parts of policy are ' +
                    "unknown during preview). It runs at up; make the document known at preview (build it from names, not resource " +
                    "outputs) to have it checked now.",
            },
        ]);
    });
});

describe("codeartifact-bearer-token-service-condition: aws-native", () => {
    const token: Stmt = { Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*" };
    for (const type of [TYPES.nativeManagedPolicy, TYPES.nativeRolePolicy, TYPES.nativeUserPolicy, TYPES.nativeGroupPolicy]) {
        it(`flags ${type} without sts:AWSServiceName`, async () => {
            const v = await runResourcePolicy(bearerTokenCondition, native.policy(type, "t", [token]));
            assert.equal(v.length, 1);
            assert.match(v[0].message, /^policyDocument statement #1 allows sts:GetServiceBearerToken/);
        });
    }

    it("flags an aws-native Role inline policy and passes the conditioned statement", async () => {
        const v = await runResourcePolicy(
            bearerTokenCondition,
            native.role({}, { policies: [{ policyName: "t", policyDocument: { Statement: [token] } }] }),
        );
        assert.match(v[0].message, /^policies\[0\] \("t"\) statement #1 allows/);
        const ok = { ...token, Condition: { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } } };
        assert.deepEqual(await runResourcePolicy(bearerTokenCondition, native.policy(TYPES.nativeManagedPolicy, "t", [ok])), []);
    });
});
