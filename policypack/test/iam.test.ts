import * as assert from "node:assert/strict";
import {
    coversAction,
    globMatch,
    isPublicPrincipal,
    packageWildcardReason,
    parseDocument,
    PUBLISH_ACTIONS,
    READ_ACTIONS,
    Statement,
} from "../src/iam";
import { UNKNOWN } from "../src/unknown";
import { pkgArn } from "../testing/fixtures";

function stmt(s: Record<string, unknown>): Statement {
    const parsed = parseDocument({ Statement: [s] });
    assert.equal(parsed.kind, "document");
    const st = (parsed as { statements: Statement[] }).statements[0];
    return st;
}

describe("iam: read and publish vocabulary", () => {
    it("publish is the two actions that put package content or metadata into a repository", () => {
        assert.deepEqual([...PUBLISH_ACTIONS], ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"]);
    });

    it("read is the 13 read/list-level actions a package consumer uses, none of them publish", () => {
        assert.deepEqual(
            [...READ_ACTIONS],
            [
                "codeartifact:ReadFromRepository",
                "codeartifact:GetRepositoryEndpoint",
                "codeartifact:GetAuthorizationToken",
                "codeartifact:DescribeDomain",
                "codeartifact:DescribeRepository",
                "codeartifact:DescribePackage",
                "codeartifact:DescribePackageVersion",
                "codeartifact:GetPackageVersionAsset",
                "codeartifact:GetPackageVersionReadme",
                "codeartifact:ListPackages",
                "codeartifact:ListPackageVersions",
                "codeartifact:ListPackageVersionAssets",
                "codeartifact:ListPackageVersionDependencies",
            ],
        );
        assert.equal(new Set(READ_ACTIONS).size, READ_ACTIONS.length);
        for (const a of READ_ACTIONS) {
            assert.match(a, /^codeartifact:(Read|Get|Describe|List)[A-Za-z]+$/);
            assert.ok(!PUBLISH_ACTIONS.some((p) => globMatch(p, a)), a);
        }
    });
});

describe("iam: action matching", () => {
    const cases: [string, string, boolean][] = [
        ["codeartifact:PublishPackageVersion", "codeartifact:PublishPackageVersion", true],
        ["CODEARTIFACT:publishpackageversion", "codeartifact:PublishPackageVersion", true],
        ["codeartifact:*", "codeartifact:PutPackageMetadata", true],
        ["codeartifact:Publish*", "codeartifact:PublishPackageVersion", true],
        ["codeartifact:P*", "codeartifact:PutPackageMetadata", true],
        ["*", "codeartifact:PublishPackageVersion", true],
        ["codeartifact:Put?ackageMetadata", "codeartifact:PutPackageMetadata", true],
        ["codeartifact:Read*", "codeartifact:PublishPackageVersion", false],
        ["codeartifact:Get*", "codeartifact:PutPackageMetadata", false],
        ["s3:*", "codeartifact:PublishPackageVersion", false],
        ["codeartifact:PublishPackageVersions", "codeartifact:PublishPackageVersion", false],
    ];
    for (const [pattern, action, expected] of cases) {
        it(`${pattern} ${expected ? "covers" : "does not cover"} ${action}`, () => {
            assert.equal(globMatch(pattern, action), expected);
            assert.equal(coversAction(stmt({ Effect: "Allow", Action: pattern, Resource: "*" }), action), expected);
        });
    }

    it("NotAction that does not exclude publish leaves it allowed; one that does, does not", () => {
        assert.equal(
            coversAction(stmt({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }), "codeartifact:PublishPackageVersion"),
            true,
        );
        assert.equal(
            coversAction(
                stmt({ Effect: "Allow", NotAction: ["codeartifact:Publish*"], Resource: "*" }),
                "codeartifact:PublishPackageVersion",
            ),
            false,
        );
        assert.equal(
            coversAction(stmt({ Effect: "Allow", NotAction: "codeartifact:Publish*", Resource: "*" }), "codeartifact:PutPackageMetadata"),
            true,
        );
    });

    it("an unknown action element makes the verdict unknown unless another element decides it", () => {
        assert.equal(
            coversAction(stmt({ Effect: "Allow", Action: ["s3:GetObject", UNKNOWN] }), "codeartifact:PublishPackageVersion"),
            UNKNOWN,
        );
        assert.equal(
            coversAction(stmt({ Effect: "Allow", Action: ["codeartifact:*", UNKNOWN] }), "codeartifact:PublishPackageVersion"),
            true,
        );
        assert.equal(coversAction(stmt({ Effect: "Allow", Action: UNKNOWN }), "codeartifact:PublishPackageVersion"), UNKNOWN);
    });
});

describe("iam: package ARN scoping", () => {
    const scoped = [
        pkgArn("acme/npm-internal/*"),
        pkgArn("acme/npm-internal/npm/*"),
        pkgArn("acme/npm-internal/npm//left-pad"),
        pkgArn("acme/npm-internal/*/*/*"),
        `arn:aws:codeartifact:${"us-east-1"}:111122223333:repository/acme/*`, // repository ARN: no publish
        `arn:aws:codeartifact:us-east-1:111122223333:domain/*`,
        "arn:aws:s3:::my-bucket/*",
        "arn:aws:codeartifact:us-east-1:111122223333:package/acme", // matches no package
    ];
    for (const r of scoped) {
        it(`scoped: ${r}`, () => assert.equal(packageWildcardReason(r), undefined));
    }
    const wild: [string, RegExp][] = [
        ["*", /Resource "\*"/],
        [pkgArn("acme/*/*"), /repository segment "\*" is a wildcard/],
        [pkgArn("acme/*"), /repository segment "\*"/],
        [pkgArn("*/npm-internal/*"), /domain segment "\*" is a wildcard/],
        [pkgArn("acme/npm-*/*"), /repository segment "npm-\*"/],
        [pkgArn("acme/npm-internal*"), /repository segment "npm-internal\*"/],
        [pkgArn("acme?/npm-internal/*"), /domain segment "acme\?"/],
        ["arn:aws:codeartifact:us-east-1:111122223333:*", /covers every domain/],
        ["arn:aws:codeartifact:us-east-1:111122223333:package/*", /domain segment "\*"/],
        ["arn:aws:codeartifact:*:*:*", /covers every domain/],
        ["arn:aws:codeartifact:*", /spans every ARN field/],
        ["arn:aws:codeartifact:us-east-1:*", /spans every ARN field/],
        ["arn:*", /spans every ARN field/],
        ["ARN:AWS:CODEARTIFACT:us-east-1:111122223333:package/acme/*/*", /repository segment/],
    ];
    for (const [r, why] of wild) {
        it(`wildcard: ${r}`, () => assert.match(packageWildcardReason(r) ?? "", why));
    }
    it('a wildcard resource type that cannot be "package" is not a package wildcard', () => {
        assert.equal(packageWildcardReason("arn:aws:codeartifact:us-east-1:111122223333:repo*"), undefined);
        assert.match(packageWildcardReason("arn:aws:codeartifact:us-east-1:111122223333:pack*") ?? "", /covers every domain/);
    });
    it("a pattern for another service is not a package wildcard", () => {
        assert.equal(packageWildcardReason("arn:aws:s3:*"), undefined);
        assert.equal(packageWildcardReason("arn:aws:s3:::*"), undefined);
    });
});

describe("iam: documents and principals", () => {
    it("parses JSON strings, objects, a single statement object and string/list fields", () => {
        const a = parseDocument(JSON.stringify({ Statement: { Effect: "Allow", Action: "a:b", Resource: ["x", "y"] } }));
        assert.equal(a.kind, "document");
        const s = (a as { statements: Statement[] }).statements[0];
        assert.deepEqual(s.action, ["a:b"]);
        assert.deepEqual(s.resource, ["x", "y"]);
        assert.equal(parseDocument(UNKNOWN).kind, "unknown");
        assert.equal(parseDocument(undefined).kind, "absent");
        assert.equal(parseDocument("{not json").kind, "invalid");
    });

    const principals: [string, unknown, boolean | typeof UNKNOWN][] = [
        ['"*"', "*", true],
        ['{AWS: "*"}', { AWS: "*" }, true],
        ['{AWS: [root, "*"]}', { AWS: ["arn:aws:iam::111122223333:root", "*"] }, true],
        ["{AWS: root}", { AWS: "arn:aws:iam::111122223333:root" }, false],
        ["{Service: ec2}", { Service: "ec2.amazonaws.com" }, false],
        ["{AWS: unknown}", { AWS: UNKNOWN }, UNKNOWN],
        ["unknown", UNKNOWN, UNKNOWN],
    ];
    for (const [label, p, expected] of principals) {
        it(`principal ${label} -> ${String(expected)}`, () => {
            assert.equal(isPublicPrincipal(p), expected);
        });
    }
});

describe("iam: parsing once per document text", () => {
    const text = (sid: string, resource: string) =>
        JSON.stringify({ Statement: [{ Sid: sid, Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: resource }] });

    it("answers the same text with the same parse as an uncached parse of the same document", () => {
        const t = text("Publish", pkgArn("acme/npm-internal/*"));
        const first = parseDocument(t);
        assert.equal(parseDocument(t), first);
        assert.deepEqual(first, parseDocument(JSON.parse(t)));
    });

    it("does not leak one document's parse into another's, however close the texts", () => {
        const a = parseDocument(text("A", pkgArn("acme/npm-internal/*")));
        const b = parseDocument(text("A", pkgArn("acme/npm-other/*")));
        const c = parseDocument(text("B", pkgArn("acme/npm-internal/*")));
        const resourceOf = (d: ReturnType<typeof parseDocument>) => (d as { statements: Statement[] }).statements[0].resource;
        const sidOf = (d: ReturnType<typeof parseDocument>) => (d as { statements: Statement[] }).statements[0].sid;
        assert.deepEqual(resourceOf(a), [pkgArn("acme/npm-internal/*")]);
        assert.deepEqual(resourceOf(b), [pkgArn("acme/npm-other/*")]);
        assert.deepEqual([sidOf(a), sidOf(c)], ["A", "B"]);
        assert.equal(parseDocument("{not json").kind, "invalid");
        assert.equal(parseDocument(JSON.stringify({ Statement: "x" })).kind, "document");
    });

    it("stays right past the bound of remembered texts", () => {
        const texts = Array.from({ length: 6000 }, (_, i) => text(`S${i}`, pkgArn(`acme/repo-${i}/*`)));
        for (const t of texts) {
            parseDocument(t);
        }
        for (const i of [0, 4999, 5000, 5999]) {
            assert.deepEqual(parseDocument(texts[i]), parseDocument(JSON.parse(texts[i])));
        }
    });
});
