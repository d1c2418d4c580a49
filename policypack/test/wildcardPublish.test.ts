import * as assert from "node:assert/strict";
import { noWildcardPublish } from "../src/rules/wildcardPublish";
import { FakeResource, runResourcePolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { runPack, waitingLines } from "../testing/harness";
import { doc, docObj, pkgArn, res, Stmt, TYPES, ACCOUNT } from "../testing/fixtures";
import * as native from "../testing/native";

const NAME = "codeartifact-no-wildcard-publish";
const CI_ROLE = `arn:aws:iam::${ACCOUNT}:role/ci-publisher`;

/** Every place an identity policy document can hide, as string and as object. */
const identityCarriers: [string, (s: Stmt[]) => FakeResource, string][] = [
    ["aws.iam.Policy (JSON string)", (s) => res(TYPES.policy, "p", { policy: doc(...s) }), "policy"],
    ["aws.iam.Policy (object)", (s) => res(TYPES.policy, "p", { policy: docObj(...s) }), "policy"],
    ["aws.iam.RolePolicy", (s) => res(TYPES.rolePolicy, "rp", { role: "ci", policy: doc(...s) }), "policy"],
    ["aws.iam.UserPolicy", (s) => res(TYPES.userPolicy, "up", { user: "bob", policy: docObj(...s) }), "policy"],
    ["aws.iam.GroupPolicy", (s) => res(TYPES.groupPolicy, "gp", { group: "devs", policy: doc(...s) }), "policy"],
    [
        "aws.iam.Role inlinePolicies",
        (s) =>
            res(TYPES.role, "r", {
                assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
                inlinePolicies: [
                    { name: "read", policy: doc({ Effect: "Allow", Action: "codeartifact:ReadFromRepository", Resource: "*" }) },
                    { name: "publish", policy: doc(...s) },
                ],
            }),
        'inlinePolicies[1] ("publish")',
    ],
];

const violating: [string, Stmt, RegExp][] = [
    [
        "PublishPackageVersion on *",
        { Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: "*" },
        /allows codeartifact:PublishPackageVersion via Action "codeartifact:PublishPackageVersion" on Resource "\*"/,
    ],
    [
        "PutPackageMetadata (lists) on [*]",
        { Effect: "Allow", Action: ["codeartifact:PutPackageMetadata"], Resource: ["*"] },
        /allows codeartifact:PutPackageMetadata via Action "codeartifact:PutPackageMetadata" on Resource "\*"/,
    ],
    [
        "codeartifact:* on package/acme/*/*",
        { Effect: "Allow", Action: "codeartifact:*", Resource: pkgArn("acme/*/*") },
        /allows codeartifact:PublishPackageVersion, codeartifact:PutPackageMetadata via Action "codeartifact:\*" on repository segment "\*" is a wildcard/,
    ],
    [
        "Publish* on package/*/npm-internal/*",
        { Effect: "Allow", Action: "codeartifact:Publish*", Resource: pkgArn("*/npm-internal/*") },
        /allows codeartifact:PublishPackageVersion via Action "codeartifact:Publish\*" on domain segment "\*" is a wildcard/,
    ],
    [
        "P* on *",
        { Effect: "Allow", Action: "codeartifact:P*", Resource: "*" },
        /allows codeartifact:PublishPackageVersion, codeartifact:PutPackageMetadata via Action "codeartifact:P\*"/,
    ],
    ["* on *", { Effect: "Allow", Action: "*", Resource: "*" }, /via Action "\*" on Resource "\*"/],
    [
        "NotAction iam:* on *",
        { Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" },
        /via a NotAction list that does not exclude it on Resource "\*"/,
    ],
    [
        "mixed-case action names",
        { Effect: "Allow", Action: "CodeArtifact:publishpackageversion", Resource: "*" },
        /allows codeartifact:PublishPackageVersion via Action "CodeArtifact:publishpackageversion"/,
    ],
    [
        "codeartifact:*:*:* resource",
        { Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: "arn:aws:codeartifact:*:*:*" },
        /covers every domain/,
    ],
    [
        "repository segment npm-*",
        {
            Effect: "Allow",
            Action: "codeartifact:PublishPackageVersion",
            Resource: [pkgArn("acme/npm-internal/*"), pkgArn("acme/npm-*/*")],
        },
        /repository segment "npm-\*" is a wildcard/,
    ],
    [
        "NotResource",
        { Effect: "Allow", Action: "codeartifact:PublishPackageVersion", NotResource: pkgArn("acme/secret/*") },
        /on NotResource/,
    ],
];

const compliant: [string, Stmt][] = [
    [
        "publish on package/acme/npm-internal/*",
        {
            Effect: "Allow",
            Action: ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"],
            Resource: pkgArn("acme/npm-internal/*"),
        },
    ],
    [
        "codeartifact:* on package/acme/npm-internal/npm/*",
        { Effect: "Allow", Action: "codeartifact:*", Resource: pkgArn("acme/npm-internal/npm/*") },
    ],
    [
        "read actions on *",
        {
            Effect: "Allow",
            Action: ["codeartifact:ReadFromRepository", "codeartifact:GetAuthorizationToken", "codeartifact:Get*", "codeartifact:List*"],
            Resource: "*",
        },
    ],
    ["NotAction excluding publish and put", { Effect: "Allow", NotAction: ["codeartifact:Publish*", "codeartifact:Put*"], Resource: "*" }],
    ["Deny publish on *", { Effect: "Deny", Action: "codeartifact:*", Resource: "*" }],
    [
        "publish on a repository ARN (grants nothing)",
        {
            Effect: "Allow",
            Action: "codeartifact:PublishPackageVersion",
            Resource: `arn:aws:codeartifact:us-east-1:${ACCOUNT}:repository/acme/*`,
        },
    ],
    ["s3:* on *", { Effect: "Allow", Action: "s3:*", Resource: "*" }],
];

describe(`${NAME}: identity policies`, () => {
    for (const [carrier, build, where] of identityCarriers) {
        describe(carrier, () => {
            for (const [label, s, expected] of violating) {
                it(`flags ${label}`, async () => {
                    const r = build([s]);
                    const v = await runResourcePolicy(noWildcardPublish, r);
                    assert.equal(v.length, 1, JSON.stringify(v, null, 1));
                    assert.equal(v[0].policyName, NAME);
                    assert.equal(v[0].enforcementLevel, "mandatory");
                    assert.equal(v[0].urn, urnOf(r));
                    assert.ok(v[0].message.startsWith(`${where} statement #1 allows `), v[0].message);
                    assert.match(v[0].message, expected);
                    assert.match(
                        v[0].message,
                        /package ARNs of named repositories \(arn:aws:codeartifact:REGION:ACCOUNT:package\/DOMAIN\/REPO\/\*\)/,
                    );
                });
            }
            for (const [label, s] of compliant) {
                it(`passes ${label}`, async () => {
                    assert.deepEqual(await runResourcePolicy(noWildcardPublish, build([s])), []);
                });
            }
        });
    }

    it("reports each offending statement, with its Sid", async () => {
        const r = res(TYPES.policy, "two", {
            policy: doc(
                { Sid: "Ok", Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: pkgArn("acme/npm-internal/*") },
                { Sid: "Wide", Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: "*" },
                { Effect: "Allow", Action: "codeartifact:PutPackageMetadata", Resource: pkgArn("acme/*") },
            ),
        });
        const v = await runResourcePolicy(noWildcardPublish, r);
        assert.deepEqual(
            v.map((x) => x.message.split(" allows ")[0]),
            ['policy statement #2 (Sid "Wide")', "policy statement #3"],
        );
    });

    it("ignores resources of other types", async () => {
        assert.deepEqual(
            await runResourcePolicy(
                noWildcardPublish,
                res(TYPES.bucket, "b", { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }),
            ),
            [],
        );
    });

    it("does not treat a role's trust policy as a grant", async () => {
        const r = res(TYPES.role, "r", { assumeRolePolicy: doc({ Effect: "Allow", Principal: "*", Action: "*" }) });
        assert.deepEqual(await runResourcePolicy(noWildcardPublish, r), []);
    });
});

describe(`${NAME}: resource policies`, () => {
    const repoPolicy = (s: Stmt, name = "rp") =>
        res(TYPES.repositoryPermissionsPolicy, name, { domain: "acme", repository: "npm-internal", policyDocument: doc(s) });
    const domainPolicy = (s: Stmt) => res(TYPES.domainPermissions, "dp", { domain: "acme", policyDocument: doc(s) });
    const publish = ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"];

    const cases: [string, FakeResource, RegExp | null, Record<string, unknown>?][] = [
        [
            "repository policy: named principal, scoped packages",
            repoPolicy({ Effect: "Allow", Principal: { AWS: CI_ROLE }, Action: publish, Resource: pkgArn("acme/npm-internal/*") }),
            null,
        ],
        [
            'repository policy: Principal "*"',
            repoPolicy({ Effect: "Allow", Principal: "*", Action: publish, Resource: pkgArn("acme/npm-internal/*") }),
            /on Principal "\*" \(every AWS account\)/,
        ],
        [
            'repository policy: Principal {AWS: "*"}',
            repoPolicy({
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "codeartifact:Publish*",
                Resource: pkgArn("acme/npm-internal/*"),
            }),
            /Principal "\*"/,
        ],
        [
            'repository policy: Principal {AWS: [role, "*"]} with an org condition',
            repoPolicy({
                Effect: "Allow",
                Principal: { AWS: [CI_ROLE, "*"] },
                Action: publish,
                Resource: pkgArn("acme/npm-internal/*"),
                Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } },
            }),
            /Principal "\*"/,
        ],
        [
            "repository policy: NotPrincipal",
            repoPolicy({ Effect: "Allow", NotPrincipal: { AWS: CI_ROLE }, Action: publish, Resource: pkgArn("acme/npm-internal/*") }),
            /NotPrincipal/,
        ],
        [
            'repository policy: named principal, Resource "*"',
            repoPolicy({ Effect: "Allow", Principal: { AWS: CI_ROLE }, Action: publish, Resource: "*" }),
            /on Resource "\*"/,
        ],
        [
            'repository policy: Resource "*" accepted by config',
            repoPolicy({ Effect: "Allow", Principal: { AWS: CI_ROLE }, Action: publish, Resource: "*" }),
            null,
            { [NAME]: { allowStarResourceInRepositoryPolicy: true } },
        ],
        [
            "repository policy: no Resource element",
            repoPolicy({ Effect: "Allow", Principal: { AWS: CI_ROLE }, Action: publish }),
            /no Resource element \(the whole repository\)/,
        ],
        [
            "repository policy: no Resource element accepted by config",
            repoPolicy({ Effect: "Allow", Principal: { AWS: CI_ROLE }, Action: publish }),
            null,
            { [NAME]: { allowStarResourceInRepositoryPolicy: true } },
        ],
        [
            "repository policy: config does not excuse a repository wildcard",
            repoPolicy({ Effect: "Allow", Principal: { AWS: CI_ROLE }, Action: publish, Resource: pkgArn("acme/*/*") }),
            /repository segment "\*"/,
            { [NAME]: { allowStarResourceInRepositoryPolicy: true } },
        ],
        [
            "repository policy: public read only",
            repoPolicy({ Effect: "Allow", Principal: "*", Action: "codeartifact:ReadFromRepository", Resource: "*" }),
            null,
        ],
        [
            "domain policy: publish on * to a role",
            domainPolicy({ Effect: "Allow", Principal: { AWS: CI_ROLE }, Action: "codeartifact:*", Resource: "*" }),
            /on Resource "\*"/,
        ],
        [
            "domain policy: config does not apply to domain policies",
            domainPolicy({ Effect: "Allow", Principal: { AWS: CI_ROLE }, Action: publish, Resource: "*" }),
            /on Resource "\*"/,
            { [NAME]: { allowStarResourceInRepositoryPolicy: true } },
        ],
        [
            "domain policy: cross-account token only",
            domainPolicy({
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::444455556666:root` },
                Action: ["codeartifact:GetAuthorizationToken", "sts:GetServiceBearerToken"],
                Resource: "*",
            }),
            null,
        ],
    ];
    for (const [label, r, expected, config] of cases) {
        it(`${expected ? "flags" : "passes"} ${label}`, async () => {
            const v = await runResourcePolicy(noWildcardPublish, r, config as never);
            if (!expected) {
                assert.deepEqual(v, []);
                return;
            }
            assert.equal(v.length, 1, JSON.stringify(v, null, 1));
            assert.equal(v[0].urn, urnOf(r));
            assert.match(v[0].message, /^policyDocument statement #1 allows codeartifact:/);
            assert.match(v[0].message, expected);
        });
    }
});

describe(`${NAME}: AWS managed policies attached directly`, () => {
    const cases: [string, FakeResource, RegExp | null][] = [
        [
            "RolePolicyAttachment AWSCodeArtifactAdminAccess",
            res(TYPES.rolePolicyAttachment, "a", { role: "ci", policyArn: "arn:aws:iam::aws:policy/AWSCodeArtifactAdminAccess" }),
            /AWSCodeArtifactAdminAccess, which allows "codeartifact:\*" on Resource "\*"/,
        ],
        [
            "UserPolicyAttachment AdministratorAccess",
            res(TYPES.userPolicyAttachment, "a", { user: "bob", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
            /AdministratorAccess, which allows "\*" on Resource "\*"/,
        ],
        [
            "GroupPolicyAttachment PowerUserAccess",
            res(TYPES.groupPolicyAttachment, "a", { group: "devs", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" }),
            /PowerUserAccess/,
        ],
        [
            "Role.managedPolicyArns AWSCodeArtifactAdminAccess",
            res(TYPES.role, "r", {
                assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
                managedPolicyArns: ["arn:aws:iam::aws:policy/AWSCodeArtifactAdminAccess"],
            }),
            /AWSCodeArtifactAdminAccess/,
        ],
        [
            "RolePolicyAttachment AWSCodeArtifactReadOnlyAccess",
            res(TYPES.rolePolicyAttachment, "a", { role: "ci", policyArn: "arn:aws:iam::aws:policy/AWSCodeArtifactReadOnlyAccess" }),
            null,
        ],
        [
            "RolePolicyAttachment of a customer policy",
            res(TYPES.rolePolicyAttachment, "a", { role: "ci", policyArn: `arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess` }),
            null,
        ],
    ];
    for (const [label, r, expected] of cases) {
        it(`${expected ? "flags" : "passes"} ${label}`, async () => {
            const v = await runResourcePolicy(noWildcardPublish, r);
            if (!expected) {
                assert.deepEqual(v, []);
                return;
            }
            assert.equal(v.length, 1);
            assert.match(v[0].message, /^attaches AWS managed policy arn:aws:iam::aws:policy\//);
            assert.match(v[0].message, expected);
        });
    }
});

describe(`${NAME}: config and unknowns`, () => {
    const wide = res(TYPES.policy, "break-glass", { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) });

    it("skips resources named in exemptResources (logical name or URN)", async () => {
        assert.equal((await runResourcePolicy(noWildcardPublish, wide)).length, 1);
        assert.deepEqual(await runResourcePolicy(noWildcardPublish, wide, { [NAME]: { exemptResources: ["break-glass"] } }), []);
        assert.deepEqual(await runResourcePolicy(noWildcardPublish, wide, { [NAME]: { exemptResources: [urnOf(wide)] } }), []);
    });

    it("honours the enforcement level it is run at", async () => {
        const v = await runResourcePolicy(noWildcardPublish, wide, undefined, "advisory");
        assert.equal(v[0].enforcementLevel, "advisory");
        assert.deepEqual(await runResourcePolicy(noWildcardPublish, wide, undefined, "disabled"), []);
    });

    const DOC_FIX = "make the document known at preview (build it from names, not resource outputs) to have it checked now.";

    it("an unknown document is not a pass: the rule waits for up, in one line per resource", async () => {
        const r = res(TYPES.policy, "later", { policy: UNKNOWN_VALUE });
        assert.deepEqual(await runResourcePolicy(noWildcardPublish, r), []);
        assert.deepEqual(await waitingLines([r]), [
            {
                urn: urnOf(r),
                message:
                    'aws:iam/policy:Policy "later": codeartifact-no-wildcard-publish and codeartifact-bearer-token-service-condition ' +
                    `wait for up (policy is unknown during preview). They run at up; ${DOC_FIX}`,
            },
        ]);
    });

    it("checks the known parts of a document whose resource ARN is unknown", async () => {
        // read grant on an unknown ARN: decidable, passes quietly
        const read = res(TYPES.policy, "read", {
            policy: docObj({ Effect: "Allow", Action: "codeartifact:ReadFromRepository", Resource: UNKNOWN_VALUE }),
        });
        assert.deepEqual(await runPack([read], "mandatory"), []);
        // publish on an unknown ARN: cannot be decided during preview
        const pub = res(TYPES.policy, "pub", {
            policy: docObj({ Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: UNKNOWN_VALUE }),
        });
        assert.deepEqual(await runResourcePolicy(noWildcardPublish, pub), []);
        assert.deepEqual(
            (await waitingLines([pub])).map((x) => x.message),
            [
                `aws:iam/policy:Policy "pub": codeartifact-no-wildcard-publish waits for up (parts of policy are unknown during preview). It runs at up; ${DOC_FIX}`,
            ],
        );
        // publish on a wildcard plus an unknown ARN: already a violation at preview, and nothing waits
        const both = res(TYPES.policy, "both", {
            policy: docObj({ Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: [UNKNOWN_VALUE, "*"] }),
        });
        const v2 = await runPack([both]);
        assert.deepEqual(
            v2.map((x) => [x.policyName, x.enforcementLevel]),
            [[NAME, "mandatory"]],
        );
    });

    it("a wildcard statement next to an unknown statement is reported at preview", async () => {
        const r = res(TYPES.policy, "mixed", {
            policy: docObj(
                { Effect: "Allow", Action: "codeartifact:*", Resource: "*" },
                { Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: UNKNOWN_VALUE },
            ),
        });
        const v = await runPack([r]);
        assert.deepEqual(
            v.map((x) => [x.policyName, x.enforcementLevel]),
            [[NAME, "mandatory"]],
        );
        assert.match(
            v[0].message,
            /^policy statement #1 allows codeartifact:PublishPackageVersion, codeartifact:PutPackageMetadata via Action "codeartifact:\*" on Resource "\*"/,
        );
    });

    it("reports a violation in one inline policy; only the rules still undecided wait on the unknown one", async () => {
        const r = res(TYPES.role, "mixed", {
            assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
            inlinePolicies: [
                { name: "wide", policy: doc({ Effect: "Allow", Action: "codeartifact:*", Resource: "*" }) },
                { name: "later", policy: UNKNOWN_VALUE },
            ],
        });
        const v = await runResourcePolicy(noWildcardPublish, r);
        assert.deepEqual(
            v.map((x) => x.enforcementLevel),
            ["mandatory"],
        );
        assert.match(v[0].message, /^inlinePolicies\[0\] \("wide"\) statement #1 allows/);
        assert.deepEqual(
            (await waitingLines([r])).map((x) => x.message),
            [
                'aws:iam/role:Role "mixed": codeartifact-bearer-token-service-condition waits for up (inlinePolicies[1] ("later") is ' +
                    `unknown during preview). It runs at up; ${DOC_FIX}`,
            ],
        );
    });
});

describe(`${NAME}: aws-native resources (documents as objects)`, () => {
    const wide: Stmt = { Effect: "Allow", Action: "codeartifact:*", Resource: "*" };
    const carriers: [string, FakeResource, string][] = [
        ["ManagedPolicy", native.policy(TYPES.nativeManagedPolicy, "p", [wide]), "policyDocument"],
        ["RolePolicy", native.policy(TYPES.nativeRolePolicy, "p", [wide], { roleName: "ci", policyName: "p" }), "policyDocument"],
        ["UserPolicy", native.policy(TYPES.nativeUserPolicy, "p", [wide], { userName: "u", policyName: "p" }), "policyDocument"],
        ["GroupPolicy", native.policy(TYPES.nativeGroupPolicy, "p", [wide], { groupName: "g", policyName: "p" }), "policyDocument"],
        [
            "Role policies[]",
            native.role(docObj(), {
                policies: [
                    { policyName: "ok", policyDocument: docObj() },
                    { policyName: "wide", policyDocument: docObj(wide) },
                ],
            }),
            'policies[1] ("wide")',
        ],
        [
            "Repository permissionsPolicyDocument",
            native.repo("r", {
                permissionsPolicyDocument: docObj({ Effect: "Allow", Principal: "*", Action: "codeartifact:PublishPackageVersion" }),
            }),
            "permissionsPolicyDocument",
        ],
        [
            "Domain permissionsPolicyDocument",
            native.domain("acme", {
                permissionsPolicyDocument: docObj({ Effect: "Allow", Principal: { AWS: "*" }, Action: "codeartifact:PutPackageMetadata" }),
            }),
            "permissionsPolicyDocument",
        ],
    ];
    for (const [label, r, where] of carriers) {
        it(`flags ${label}`, async () => {
            const v = await runResourcePolicy(noWildcardPublish, r);
            assert.equal(v.length, 1, JSON.stringify(v));
            assert.ok(v[0].message.startsWith(`${where} statement #`), v[0].message);
            assert.ok(v[0].message.endsWith("and only to named principals."), v[0].message);
        });
    }

    it("flags an AWS managed admin policy in an aws-native Role's managedPolicyArns", async () => {
        const r = native.role(docObj(), { managedPolicyArns: ["arn:aws:iam::aws:policy/AWSCodeArtifactAdminAccess"] });
        const v = await runResourcePolicy(noWildcardPublish, r);
        assert.match(v[0].message, /^attaches AWS managed policy arn:aws:iam::aws:policy\/AWSCodeArtifactAdminAccess/);
    });

    it("passes scoped publish in an aws-native ManagedPolicy", async () => {
        const r = native.policy(TYPES.nativeManagedPolicy, "p", [
            { Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: pkgArn("acme/npm-internal/*") },
        ]);
        assert.deepEqual(await runResourcePolicy(noWildcardPublish, r), []);
    });

    it("waits for up on an unknown policyDocument of an aws-native RolePolicy", async () => {
        const r = res(TYPES.nativeRolePolicy, "later", { roleName: "ci", policyDocument: UNKNOWN_VALUE });
        assert.deepEqual(await runResourcePolicy(noWildcardPublish, r), []);
        const lines = await waitingLines([r]);
        assert.equal(lines.length, 1);
        assert.match(lines[0].message, /^aws-native:iam:RolePolicy "later": codeartifact-no-wildcard-publish/);
        assert.match(lines[0].message, /\(policyDocument is unknown during preview\)/);
    });
});
