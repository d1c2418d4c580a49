// Package groups: origin controls against dependency confusion, one aws-native PackageGroup each.
import { strict as assert } from "assert";
import { CodeArtifactPlatformArgs, RepositoryArgs } from "../src/args";
import { validatePlatform } from "../src/validate";
import { problemsOf, run, Run } from "./harness";

const GROUP = "aws-native:codeartifact:PackageGroup";
const FORMS = `/FORMAT/*, /FORMAT/NAMESPACE~, /FORMAT/NAMESPACE/*, /FORMAT/NAMESPACE/NAME$ or /FORMAT/NAMESPACE/NAME~ (e.g. "/npm/acme/*", "/pypi//acme~")`;

const REPOSITORIES: RepositoryArgs[] = [
    { name: "npm-internal", externalConnection: "public:npmjs" },
    { name: "py-internal", externalConnection: "public:pypi" },
];
const base: CodeArtifactPlatformArgs = { domainName: "acme", repositories: REPOSITORIES };

// Test inputs may be malformed on purpose: typed loosely, as a multi-language program could send them.
const groups = (...g: Record<string, unknown>[]) => ({ ...base, packageGroups: g }) as unknown as CodeArtifactPlatformArgs;
const pub = { publishRepositories: ["npm-internal"] };

describe("package groups: validation", () => {
    for (const pattern of [
        "/npm/*",
        "/npm/acme/*",
        "/npm/acme~",
        "/npm/acme/ui~",
        "/npm/acme/ui-kit$",
        "/npm//lodash$",
        "/maven/com.acme~",
        "/pypi//acme~",
        "/pypi//acme-utils$",
        "/generic/team/*",
    ]) {
        it(`accepts ${pattern}`, () =>
            assert.deepEqual(
                validatePlatform(groups({ pattern, ...pub })).packageGroups.map((g) => g.pattern),
                [pattern],
            ));
    }
    const cases: [string, Record<string, unknown>[], string[]][] = [
        [
            "the root group",
            [{ pattern: "/*", ...pub }],
            [
                `packageGroups[0].pattern: "/*" is the domain's root group, which every domain already has; declare narrower groups (e.g. "/npm/acme/*")`,
            ],
        ],
        [
            "a pattern without a suffix",
            [{ pattern: "/npm/acme", ...pub }],
            [`packageGroups[0].pattern: "/npm/acme" is not a package group pattern: ${FORMS}`],
        ],
        [
            "a pattern without the leading slash",
            [{ pattern: "npm/acme/*", ...pub }],
            [`packageGroups[0].pattern: "npm/acme/*" is not a package group pattern: ${FORMS}`],
        ],
        [
            "a suffix in the middle",
            [{ pattern: "/npm/ac*me/ui$", ...pub }],
            [`packageGroups[0].pattern: "/npm/ac*me/ui$" is not a package group pattern: ${FORMS}`],
        ],
        [
            "an unknown format",
            [{ pattern: "/pip/*", ...pub }],
            [
                `packageGroups[0].pattern: "/pip/*" names "pip", not a CodeArtifact package format (supported: npm, pypi, maven, nuget, generic, ruby, swift, cargo)`,
            ],
        ],
        [
            "a namespace on a format without namespaces",
            [{ pattern: "/pypi/acme/*", publishRepositories: ["py-internal"] }],
            [`packageGroups[0].pattern: "/pypi/acme/*": pypi packages have no namespace; leave it empty (e.g. "/pypi//acme~")`],
        ],
        [
            "a duplicate pattern",
            [
                { pattern: "/npm/acme/*", ...pub },
                { pattern: "/npm/acme/*", ...pub },
            ],
            [`packageGroups[1].pattern: "/npm/acme/*" is a duplicate (also packageGroups[0].pattern)`],
        ],
        [
            "publish repositories that are not consuming repositories",
            [{ pattern: "/npm/acme/*", publishRepositories: ["proxy-npmjs", "web"] }],
            [
                `packageGroups[0].publishRepositories: "proxy-npmjs" is not a repository of this platform (known: npm-internal, py-internal)`,
                `packageGroups[0].publishRepositories: "web" is not a repository of this platform (known: npm-internal, py-internal)`,
            ],
        ],
        [
            "no publish repositories",
            [{ pattern: "/npm/acme/*" }],
            [
                `packageGroups[0].publishRepositories: at least one consuming repository is required (the only repositories that may publish these packages)`,
            ],
        ],
        [
            "an unknown externalUpstream",
            [{ pattern: "/npm/acme/*", ...pub, externalUpstream: "deny" }],
            [`packageGroups[0].externalUpstream: "deny" is not one of block, allow`],
        ],
        ["a missing pattern", [{ ...pub }], [`packageGroups[0].pattern: is required`]],
        [
            // Dependency confusion (the pack's codeartifact-dependency-confusion): public packages of the
            // names the platform publishes, through the proxy its publish repository reaches.
            'externalUpstream "allow" for a pattern published to a repository that reaches a public registry',
            [{ pattern: "/pypi//acme~", publishRepositories: ["py-internal"], externalUpstream: "allow" }],
            [
                `packageGroups[0].externalUpstream: "allow" lets public:pypi supply packages of "/pypi//acme~" while the platform publishes ` +
                    `to repository "py-internal", which reaches public:pypi through its own proxy chain: dependency confusion ` +
                    `(policy codeartifact-dependency-confusion); keep the default "block", or publish this pattern only to repositories without a public upstream`,
            ],
        ],
    ];
    for (const [title, g, problems] of cases) {
        it(`refuses ${title}`, () => assert.deepEqual(problemsOf(groups(...g)), problems));
    }
    it('refuses externalUpstream "allow" when another publish grant reaches a public registry through an upstream', () =>
        assert.deepEqual(
            problemsOf({
                ...base,
                repositories: [...REPOSITORIES, { name: "apps", upstreams: ["npm-internal"] }, { name: "hosted" }],
                ec2Access: { publish: ["apps"] },
                packageGroups: [
                    { pattern: "/npm/acme/*", publishRepositories: ["apps"] },
                    { pattern: "/npm/acme/ui~", publishRepositories: ["hosted"], externalUpstream: "allow" },
                ],
            }),
            [
                `packageGroups[1].externalUpstream: "allow" lets public:npmjs supply packages of "/npm/acme/ui~" while the platform publishes ` +
                    `to repository "apps", which reaches public:npmjs through its upstream "npm-internal": dependency confusion ` +
                    `(policy codeartifact-dependency-confusion); keep the default "block", or publish this pattern only to repositories without a public upstream`,
            ],
        ));
    it('accepts externalUpstream "allow" where nothing published reaches a public registry', () =>
        assert.equal(
            validatePlatform({
                domainName: "acme",
                repositories: [{ name: "hosted" }],
                packageGroups: [{ pattern: "/generic/vendor/*", publishRepositories: ["hosted"], externalUpstream: "allow" }],
            }).packageGroups[0].externalUpstream,
            "allow",
        ));
    it("defaults externalUpstream to block", () =>
        assert.equal(validatePlatform(groups({ pattern: "/npm/acme/*", ...pub })).packageGroups[0].externalUpstream, "block"));
});

describe("package groups: the component", () => {
    let r: Run;
    before(async () => {
        r = await run("pg", {
            ...groups(
                {
                    pattern: "/npm/acme/*",
                    description: "Internal npm scope",
                    contactInfo: "platform@acme.example",
                    publishRepositories: ["npm-internal"],
                },
                // "allow" only where the publishing repository reaches no public registry (see the validation above).
                { pattern: "/pypi//acme~", publishRepositories: ["py-hosted"], externalUpstream: "allow" },
            ),
            repositories: [...REPOSITORIES, { name: "py-hosted" }],
            tags: { team: "platform" },
        });
    });

    it("creates one PackageGroup per pattern, named after the pattern", () => {
        assert.deepEqual(
            r.resources.filter((c) => c.type === GROUP).map((c) => c.name),
            ["pg-group-/npm/acme/*", "pg-group-/pypi//acme~"],
        );
    });

    it("allows publish from exactly the listed repositories and blocks external upstreams by default; internal upstreams inherit", () => {
        const p = r.byName.get("pg-group-/npm/acme/*")!.props;
        assert.deepEqual(
            {
                domainName: p.domainName,
                domainOwner: p.domainOwner,
                pattern: p.pattern,
                description: p.description,
                contactInfo: p.contactInfo,
            },
            {
                domainName: "acme",
                domainOwner: "111122223333",
                pattern: "/npm/acme/*",
                description: "Internal npm scope",
                contactInfo: "platform@acme.example",
            },
        );
        assert.deepEqual(p.originConfiguration, {
            restrictions: {
                publish: { restrictionMode: "ALLOW_SPECIFIC_REPOSITORIES", repositories: ["npm-internal"] },
                externalUpstream: { restrictionMode: "BLOCK" },
            },
        });
        assert.deepEqual(p.tags, [{ key: "team", value: "platform" }]);
    });

    it("allows external upstreams when asked", () => {
        assert.deepEqual(r.byName.get("pg-group-/pypi//acme~")!.props.originConfiguration.restrictions.externalUpstream, {
            restrictionMode: "ALLOW",
        });
    });

    it("creates a group after the repositories it lets publish", () => {
        const deps = (r.byName.get("pg-group-/npm/acme/*")!.opts.dependsOn ?? []) as { __name?: string }[];
        assert.deepEqual(
            deps.map((d) => d.__name),
            ["pg-repo-npm-internal"],
        );
    });

    it("outputs pattern → ARN", () => {
        assert.deepEqual(Object.keys(r.outputs.packageGroupArns), ["/npm/acme/*", "/pypi//acme~"]);
        assert.match(r.outputs.packageGroupArns["/npm/acme/*"], /^arn:aws:codeartifact:us-east-1:111122223333:package-group\/acme/);
    });

    it("keeps every group's logical name when groups are added, removed or reordered", async () => {
        const again = await run(
            "pg",
            groups({ pattern: "/npm/new~", ...pub }, { pattern: "/pypi//acme~", publishRepositories: ["py-internal"] }),
        );
        assert.deepEqual(
            again.resources.filter((c) => c.type === GROUP).map((c) => c.name),
            ["pg-group-/npm/new~", "pg-group-/pypi//acme~"],
        );
    });

    it("creates no group without packageGroups", async () => {
        const plain = await run("pn", base);
        assert.ok(!plain.resources.some((c) => c.type === GROUP));
        assert.deepEqual(plain.outputs.packageGroupArns, {});
    });
});
