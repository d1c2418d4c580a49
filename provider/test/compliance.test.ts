// The component's own resource tree must pass every rule of the policy pack with every rule
// mandatory: the pack's harness runs all resource and stack policies the way the analyzer does,
// over the children the component registers under mocks (type, logical name, resolved inputs).
import * as assert from "assert";
import { CodeArtifactPlatformArgs } from "../src/args";
import { run } from "./harness";
import { runPack } from "../../policypack/testing/harness";

const scenarios: Record<string, CodeArtifactPlatformArgs> = {
    "(a) Maven behind Maven Central for an EC2 build host": {
        domainName: "acme-maven",
        repositories: [{ name: "maven-internal", externalConnection: "public:maven-central" }],
        ec2Access: { read: ["maven-internal"], publish: ["maven-internal"] },
        // A platform that publishes and reaches a public registry declares its internal names.
        packageGroups: [{ pattern: "/maven/com.acme~", publishRepositories: ["maven-internal"] }],
    },
    "(b) PyPI for pip": {
        domainName: "acme-py",
        repositories: [{ name: "py-internal", externalConnection: "public:pypi", readers: ["444455556666"] }],
    },
    "(c) npm + PyPI with GitHub OIDC read/publish from tags": {
        domainName: "acme",
        repositories: [
            { name: "npm-internal", externalConnection: "public:npmjs", publishers: ["arn:aws:iam::111122223333:role/release"] },
            { name: "py-internal", externalConnection: "public:pypi" },
            { name: "apps", upstreams: ["npm-internal", "py-internal"] },
        ],
        crossAccountReaders: ["444455556666"],
        githubActions: {
            readSubjects: ["repo:acme/*"],
            publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
            publishRepositories: ["npm-internal", "py-internal"],
        },
        kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        packageGroups: [
            { pattern: "/npm/acme/*", publishRepositories: ["npm-internal"] },
            { pattern: "/pypi//acme~", publishRepositories: ["py-internal"] },
        ],
    },
    "(d) organization read, named roles behind a boundary, managed policies": {
        domainName: "acme-org",
        repositories: [
            { name: "npm-internal", externalConnection: "public:npmjs" },
            { name: "apps", upstreams: ["npm-internal"] },
        ],
        organizationId: "o-a1b2c3d4e5",
        organizationalUnitPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"],
        permissionsBoundary: "arn:aws:iam::111122223333:policy/PlatformBoundary",
        ec2Access: {},
        githubActions: {
            readRoleName: "GitHubActions-CodeArtifact-ReadRole",
            publishRoleName: "GitHubActions-CodeArtifact-PublishRole",
            readSubjects: ["repo:acme/*"],
            publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
            publishRepositories: ["npm-internal"],
        },
        managedPolicies: {
            readPolicyName: "CodeArtifactReadAccess",
            publish: ["npm-internal"],
            publishPolicyName: "CodeArtifactWriteAccess",
        },
        packageGroups: [{ pattern: "/npm/acme/*", publishRepositories: ["npm-internal"] }],
    },
};

describe("the component's resource tree passes the policy pack (every rule mandatory)", () => {
    for (const [title, args] of Object.entries(scenarios)) {
        it(title, async () => {
            const { resources, byName } = await run(`pack-${args.domainName}`, args);
            const tree = resources.map((r) => ({ type: r.type, name: r.name, props: byName.get(r.name)!.props }));
            assert.ok(
                tree.some((r) => r.type === "aws:codeartifact/domain:Domain"),
                "the tree has a domain",
            );
            assert.deepStrictEqual(await runPack(tree, "mandatory"), []);
        });
    }

    it("without package groups, a platform that publishes behind a proxy is flagged for dependency confusion", async () => {
        const { packageGroups: _groups, ...bare } = scenarios["(a) Maven behind Maven Central for an EC2 build host"];
        const { resources, byName } = await run("pack-bare", bare);
        const tree = resources.map((r) => ({ type: r.type, name: r.name, props: byName.get(r.name)!.props }));
        const violations = await runPack(tree, "mandatory");
        assert.deepEqual(
            violations.map((v) => v.policyName),
            ["codeartifact-dependency-confusion"],
        );
        assert.match(
            violations[0].message,
            /repository "maven-internal" receives publishes .* and reaches public:maven-central through "proxy-maven-central"/,
        );
    });

    it("the same harness does catch a violation in a tree like the component's (the check is live)", async () => {
        const { resources, byName } = await run("pack-live", scenarios["(b) PyPI for pip"]);
        const tree = resources.map((r) => ({ type: r.type, name: r.name, props: { ...byName.get(r.name)!.props } }));
        // Break it the way a hand-wired stack would: the consuming repository holds the connection itself.
        const repo = tree.find((r) => r.name === "pack-live-repo-py-internal")!;
        repo.props = { ...repo.props, upstreams: [], externalConnections: { externalConnectionName: "public:pypi" } };
        const violations = await runPack(tree, "mandatory");
        assert.ok(
            violations.some((v) => v.policyName === "codeartifact-no-public-connection-on-consuming-repo"),
            JSON.stringify(violations),
        );
    });
});
