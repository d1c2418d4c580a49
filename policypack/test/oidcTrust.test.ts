import * as assert from "node:assert/strict";
import { oidcTrustAudience, oidcTrustSubject } from "../src/rules/oidcTrust";
import { runResourcePolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { waitingLines } from "../testing/harness";
import { AUD, doc, docObj, EC2_TRUST, GH, githubTrust, OIDC_ARN, role } from "../testing/fixtures";
import * as native from "../testing/native";

describe("codeartifact-oidc-trust-subject", () => {
    const violating: [string, unknown, RegExp][] = [
        [
            "no condition at all",
            githubTrust(undefined),
            /^assumeRolePolicy statement #1 has no condition on the sub claim, so every workflow of every repository that can get a token from token\.actions\.githubusercontent\.com may assume the role\. Pin the subject/,
        ],
        ["aud only", githubTrust({ StringEquals: AUD }), /has no condition on the sub claim/],
        [
            "sub *",
            githubTrust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "*" } }),
            /allows the subject StringLike "token\.actions\.githubusercontent\.com:sub": "\*", which any repository of any owner matches/,
        ],
        ["sub repo:*", githubTrust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:*" } }), /"repo:\*"/],
        [
            "sub repo:*/app:* among pinned ones",
            githubTrust({
                StringEquals: AUD,
                "ForAnyValue:StringLike": { [`${GH}:sub`]: ["repo:acme/app:ref:refs/tags/v*", "repo:*/app:*"] },
            }),
            /ForAnyValue:StringLike "token\.actions\.githubusercontent\.com:sub": "repo:\*\/app:\*"/,
        ],
        [
            "sub only negated",
            githubTrust({ StringEquals: AUD, StringNotLike: { [`${GH}:sub`]: "repo:evil/*" } }),
            /has no condition on the sub claim/,
        ],
        [
            "condition on another provider's sub",
            githubTrust({ StringEquals: { ...AUD, "gitlab.com:sub": "project_path:acme/app:ref_type:branch:ref:main" } }),
            /has no condition on the sub claim/,
        ],
        [
            "trust as an object with Action list",
            docObj({
                Effect: "Allow",
                Principal: { Federated: OIDC_ARN },
                Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
                Condition: { StringEquals: AUD },
            }),
            /has no condition on the sub claim/,
        ],
    ];
    for (const [label, trust, expected] of violating) {
        it(`flags ${label}`, async () => {
            const r = role(trust);
            const v = await runResourcePolicy(oidcTrustSubject, r);
            assert.equal(v.length, 1, JSON.stringify(v));
            assert.equal(v[0].urn, urnOf(r));
            assert.equal(v[0].enforcementLevel, "mandatory");
            assert.match(v[0].message, expected);
        });
    }

    const compliant: [string, unknown][] = [
        ["pinned to release tags", githubTrust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/app:ref:refs/tags/v*" } })],
        [
            "pinned to an owner's repositories (read role)",
            githubTrust({ StringEquals: { ...AUD, [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main" } }),
        ],
        ['StringEquals "*" (literal, admits nothing)', githubTrust({ StringEquals: { ...AUD, [`${GH}:sub`]: "*" } })],
        ["EC2 service trust", EC2_TRUST],
        ["Deny statement", doc({ Effect: "Deny", Principal: { Federated: OIDC_ARN }, Action: "sts:AssumeRoleWithWebIdentity" })],
        [
            "Cognito identity pool (no sub claim semantics)",
            githubTrust(
                { StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:pool" } },
                { Federated: "cognito-identity.amazonaws.com" },
            ),
        ],
        [
            "provider ARN unknown, sub pinned",
            githubTrust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/app:*" } }, { Federated: UNKNOWN_VALUE }),
        ],
    ];
    for (const [label, trust] of compliant) {
        it(`passes ${label}`, async () => {
            assert.deepEqual(await runResourcePolicy(oidcTrustSubject, role(trust)), []);
        });
    }

    it("flags an open sub even when the provider ARN is unknown during preview", async () => {
        const v = await runResourcePolicy(
            oidcTrustSubject,
            role(
                docObj({
                    Effect: "Allow",
                    Principal: { Federated: UNKNOWN_VALUE },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringLike: { [`${GH}:sub`]: "repo:*" } },
                }),
            ),
        );
        assert.equal(v.length, 1);
        assert.equal(v[0].enforcementLevel, "mandatory");
    });

    it("an unknown trust document waits for up: one line for both trust rules", async () => {
        const r = role(UNKNOWN_VALUE);
        assert.deepEqual(await runResourcePolicy(oidcTrustSubject, r), []);
        assert.deepEqual(await waitingLines([r]), [
            {
                urn: urnOf(r),
                message:
                    'aws:iam/role:Role "gha": codeartifact-oidc-trust-subject and codeartifact-oidc-trust-audience wait for up ' +
                    "(assumeRolePolicy is unknown during preview). They run at up; make the document known at preview (build it from " +
                    "names, not resource outputs) to have it checked now.",
            },
        ]);
    });

    it("a pinned sub with an unknown aud value: the subject rule decides, only the audience rule waits", async () => {
        const r = role(
            docObj({
                Effect: "Allow",
                Principal: { Federated: OIDC_ARN },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${GH}:aud`]: UNKNOWN_VALUE }, StringLike: { [`${GH}:sub`]: "repo:acme/app:*" } },
            }),
        );
        assert.deepEqual(await runResourcePolicy(oidcTrustSubject, r), []);
        assert.deepEqual(await runResourcePolicy(oidcTrustAudience, r), []);
        assert.deepEqual(
            (await waitingLines([r])).map((x) => x.message),
            [
                'aws:iam/role:Role "gha": codeartifact-oidc-trust-audience waits for up (parts of assumeRolePolicy are unknown during ' +
                    "preview). It runs at up; make the document known at preview (build it from names, not resource outputs) to have " +
                    "it checked now.",
            ],
        );
    });

    it("skips exempt roles", async () => {
        assert.deepEqual(
            await runResourcePolicy(oidcTrustSubject, role(githubTrust(undefined)), {
                "codeartifact-oidc-trust-subject": { exemptResources: ["gha"] },
            }),
            [],
        );
    });
});

describe("codeartifact-oidc-trust-audience", () => {
    it("flags a trust without an aud condition (advisory)", async () => {
        const r = role(githubTrust({ StringLike: { [`${GH}:sub`]: "repo:acme/app:*" } }));
        const v = await runResourcePolicy(oidcTrustAudience, r);
        assert.equal(v.length, 1);
        assert.equal(v[0].enforcementLevel, "advisory");
        assert.equal(
            v[0].message,
            "assumeRolePolicy statement #1 has no condition on the aud claim of token.actions.githubusercontent.com. " +
                'Pin the audience: StringEquals {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}.',
        );
    });

    it('flags an aud of "*"', async () => {
        const v = await runResourcePolicy(
            oidcTrustAudience,
            role(githubTrust({ StringLike: { [`${GH}:aud`]: "*", [`${GH}:sub`]: "repo:acme/app:*" } })),
        );
        assert.equal(v.length, 1);
        assert.match(v[0].message, /accepts any audience \(StringLike "token\.actions\.githubusercontent\.com:aud": "\*"\)/);
    });

    it("passes a pinned aud, and non-web-identity trusts", async () => {
        assert.deepEqual(
            await runResourcePolicy(
                oidcTrustAudience,
                role(githubTrust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/app:*" } })),
            ),
            [],
        );
        assert.deepEqual(await runResourcePolicy(oidcTrustAudience, role(EC2_TRUST)), []);
    });
});

describe("codeartifact-oidc-trust-subject / -audience: aws-native:iam:Role", () => {
    const trust = (condition?: Record<string, unknown>) =>
        docObj({
            Effect: "Allow",
            Principal: { Federated: OIDC_ARN },
            Action: "sts:AssumeRoleWithWebIdentity",
            ...(condition ? { Condition: condition } : {}),
        });
    it("flags a trust document object without sub, naming assumeRolePolicyDocument", async () => {
        const v = await runResourcePolicy(oidcTrustSubject, native.role(trust({ StringEquals: AUD })));
        assert.equal(v.length, 1);
        assert.match(v[0].message, /^assumeRolePolicyDocument statement #1 has no condition on the sub claim/);
    });

    it("flags an open sub and a missing aud; passes a pinned trust", async () => {
        assert.equal(
            (await runResourcePolicy(oidcTrustSubject, native.role(trust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:*" } }))))
                .length,
            1,
        );
        const noAud = await runResourcePolicy(oidcTrustAudience, native.role(trust({ StringLike: { [`${GH}:sub`]: "repo:acme/app:*" } })));
        assert.match(noAud[0].message, /^assumeRolePolicyDocument statement #1 has no condition on the aud claim/);
        const pinned = native.role(trust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/app:ref:refs/tags/v*" } }));
        assert.deepEqual(await runResourcePolicy(oidcTrustSubject, pinned), []);
        assert.deepEqual(await runResourcePolicy(oidcTrustAudience, pinned), []);
    });

    it("waits on an unknown assumeRolePolicyDocument", async () => {
        const lines = await waitingLines([native.role(UNKNOWN_VALUE)]);
        assert.equal(lines.length, 1);
        assert.match(
            lines[0].message,
            /^aws-native:iam:Role "gha": codeartifact-oidc-trust-subject and codeartifact-oidc-trust-audience wait for up \(assumeRolePolicyDocument is unknown/,
        );
    });
});
