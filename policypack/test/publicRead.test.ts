import * as assert from "node:assert/strict";
import { noPublicRead } from "../src/rules/publicRead";
import { runResourcePolicy, urnOf } from "../testing/engine";
import { doc, res, Stmt, TYPES } from "../testing/fixtures";
import * as native from "../testing/native";

describe("codeartifact-no-public-read", () => {
    const rp = (s: Stmt) =>
        res(TYPES.repositoryPermissionsPolicy, "rp", { domain: "acme", repository: "npm-internal", policyDocument: doc(s) });
    const dp = (s: Stmt) => res(TYPES.domainPermissions, "dp", { domain: "acme", policyDocument: doc(s) });
    const cases: [string, ReturnType<typeof rp>, RegExp | null][] = [
        [
            "repository read to *",
            rp({
                Effect: "Allow",
                Principal: "*",
                Action: ["codeartifact:ReadFromRepository", "codeartifact:GetRepositoryEndpoint"],
                Resource: "*",
            }),
            /^policyDocument statement #1 grants codeartifact:ReadFromRepository, codeartifact:GetRepositoryEndpoint to Principal "\*" without an organization or account condition/,
        ],
        [
            "domain token to {AWS: *}",
            dp({ Effect: "Allow", Principal: { AWS: "*" }, Action: "codeartifact:GetAuthorizationToken", Resource: "*" }),
            /grants codeartifact:GetAuthorizationToken/,
        ],
        [
            "codeartifact:* to * (summarised)",
            rp({ Effect: "Allow", Principal: "*", Action: "codeartifact:*", Resource: "*" }),
            /grants codeartifact:ReadFromRepository, codeartifact:GetRepositoryEndpoint, codeartifact:GetAuthorizationToken and 10 more to Principal/,
        ],
        [
            "DescribePackage to *",
            rp({ Effect: "Allow", Principal: "*", Action: "codeartifact:DescribePackage", Resource: "*" }),
            /grants codeartifact:DescribePackage to Principal/,
        ],
        [
            "ListPackageVersionDependencies to * (via List*)",
            rp({ Effect: "Allow", Principal: "*", Action: "codeartifact:List*", Resource: "*" }),
            /grants codeartifact:ListPackages, codeartifact:ListPackageVersions, codeartifact:ListPackageVersionAssets and 1 more to Principal/,
        ],
        [
            "ListPackageVersionDependencies to *",
            dp({ Effect: "Allow", Principal: { AWS: "*" }, Action: "codeartifact:ListPackageVersionDependencies", Resource: "*" }),
            /grants codeartifact:ListPackageVersionDependencies to Principal/,
        ],
        [
            'org condition of "*" does not scope',
            rp({
                Effect: "Allow",
                Principal: "*",
                Action: "codeartifact:ReadFromRepository",
                Resource: "*",
                Condition: { StringLike: { "aws:PrincipalOrgID": "*" } },
            }),
            /without an organization/,
        ],
        [
            "org condition",
            rp({
                Effect: "Allow",
                Principal: "*",
                Action: "codeartifact:ReadFromRepository",
                Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
            }),
            null,
        ],
        [
            "account condition",
            dp({
                Effect: "Allow",
                Principal: "*",
                Action: "codeartifact:GetAuthorizationToken",
                Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalAccount": ["444455556666"] } },
            }),
            null,
        ],
        [
            "named account",
            rp({
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::444455556666:root" },
                Action: "codeartifact:ReadFromRepository",
                Resource: "*",
            }),
            null,
        ],
        [
            "public non-read action",
            rp({ Effect: "Allow", Principal: "*", Action: "codeartifact:PublishPackageVersion", Resource: "*" }),
            null,
        ],
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
        assert.deepEqual(
            await runResourcePolicy(
                noPublicRead,
                res(TYPES.policy, "p", { policy: doc({ Effect: "Allow", Action: "codeartifact:*", Resource: "*" }) }),
            ),
            [],
        );
    });
});

describe("codeartifact-no-public-read: aws-native permissionsPolicyDocument", () => {
    const open: Stmt = { Effect: "Allow", Principal: "*", Action: "codeartifact:ReadFromRepository" };
    it("flags an aws-native Repository and Domain policy readable by everyone", async () => {
        const r = await runResourcePolicy(noPublicRead, native.repo("r", { permissionsPolicyDocument: { Statement: [open] } }));
        assert.match(r[0].message, /^permissionsPolicyDocument statement #1 grants codeartifact:ReadFromRepository to Principal "\*"/);
        const d = await runResourcePolicy(
            noPublicRead,
            native.domain("acme", {
                permissionsPolicyDocument: { Statement: [{ ...open, Action: "codeartifact:GetAuthorizationToken" }] },
            }),
        );
        assert.equal(d.length, 1);
    });

    it("passes with an organization condition", async () => {
        const scoped = { ...open, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } };
        assert.deepEqual(
            await runResourcePolicy(noPublicRead, native.repo("r", { permissionsPolicyDocument: { Statement: [scoped] } })),
            [],
        );
    });
});
