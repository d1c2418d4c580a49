// Pure input validation: every rule with its exact message, and the plan a valid input yields.
import { strict as assert } from "assert";
import { problemsOf } from "./harness";
import { EXTERNAL_CONNECTIONS, ExternalConnection, FORMATS } from "../src/args";
import {
    check,
    fieldName,
    Leaf,
    MAX_UPSTREAMS,
    PlatformInputError,
    PlatformPlan,
    proxyName,
    UNKNOWN,
    validatePlatform,
    withUpstreams,
} from "../src/validate";

type Input = Record<string, any>;

const CONNECTIONS = Object.keys(EXTERNAL_CONNECTIONS) as ExternalConnection[];
const CONNECTION_LIST = CONNECTIONS.join(", ");
const DOMAIN_RULE =
    "must be 2-50 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit";
const REPO_RULE = `must be 2-100 characters of letters, digits, ".", "_" and "-", starting with a letter or digit`;
const PRINCIPAL_RULE = "is not a 12-digit account ID or an IAM principal ARN (arn:PARTITION:iam::ACCOUNT:root, role/NAME or user/NAME)";
const SUBJECT_RULE = `is not allowed: a subject must start with "repo:OWNER/" with a literal owner (e.g. "repo:acme/app:ref:refs/tags/v*"), or any GitHub repository could assume the role`;
const MUST_BE_KNOWN_NAME = "must be known when the program runs (it names resources), but it is computed from another resource";
const MUST_BE_KNOWN_LIST =
    "must be known when the program runs (it decides which resources exist), but it is computed from another resource";

/** The leaves a plan carries outside its repositories: where each input sits, and its late check. */
const LEAF = {
    kmsKeyArn: new Leaf("value", ["kmsKeyArn"], check.kmsKeyArn),
    roleName: new Leaf("optional", ["ec2Access", "roleName"], check.roleName),
    oidcProviderArn: new Leaf("value", ["githubActions", "oidcProviderArn"], check.oidcProviderArn),
    readSubjects: new Leaf("list", ["githubActions", "readSubjects"], check.subject),
    publishSubjects: new Leaf("list", ["githubActions", "publishSubjects"], check.publishSubject),
};
/** The leaves every GitHub plan carries: the subjects, and the role names (optional). */
const GITHUB_LEAVES = {
    readRoleName: new Leaf("optional", ["githubActions", "readRoleName"], check.roleName),
    publishRoleName: new Leaf("optional", ["githubActions", "publishRoleName"], check.roleName),
    readSubjects: LEAF.readSubjects,
    publishSubjects: LEAF.publishSubjects,
};

/** Two consuming repositories, each behind its public registry's proxy. */
function base(extra: Input = {}): Input {
    return {
        domainName: "acme",
        repositories: [
            { name: "npm-internal", externalConnection: "public:npmjs" },
            { name: "py-internal", externalConnection: "public:pypi" },
        ],
        ...extra,
    };
}

/** Asserts the input is refused with exactly one problem, and the error message carries it. */
function rejectsWith(input: unknown, problem: string) {
    assert.throws(
        () => validatePlatform(input),
        (e: unknown) => {
            assert.ok(e instanceof PlatformInputError);
            assert.deepEqual(e.problems, [problem]);
            assert.equal(e.message, `invalid CodeArtifactPlatform input: ${problem}`);
            return true;
        },
    );
}

/** `count` repositories u0..u{count-1} with nothing in them. */
const plainRepos = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `u${i}` }));

describe("validatePlatform: rejections", () => {
    describe("domainName", () => {
        const cases: [string, unknown, string][] = [
            ["too short (1 char)", "a", `domainName: "a" ${DOMAIN_RULE}`],
            ["uppercase", "Acme", `domainName: "Acme" ${DOMAIN_RULE}`],
            ["trailing hyphen", "acme-", `domainName: "acme-" ${DOMAIN_RULE}`],
            ["51 characters", "a".repeat(51), `domainName: "${"a".repeat(51)}" ${DOMAIN_RULE}`],
            ["starting with a digit", "1acme", `domainName: "1acme" ${DOMAIN_RULE}`],
            ["an underscore", "acme_co", `domainName: "acme_co" ${DOMAIN_RULE}`],
            ["missing", undefined, "domainName: is required"],
            ["empty", "", "domainName: is required"],
            ["not a string", 42, "domainName: 42 must be a string"],
        ];
        for (const [title, domainName, problem] of cases) {
            it(`refuses ${title}`, () => rejectsWith(base({ domainName }), problem));
        }
        for (const ok of ["ab", "a".repeat(50), "acme-artifacts-2"]) {
            it(`accepts ${JSON.stringify(ok)} (${ok.length} chars)`, () =>
                assert.equal(validatePlatform(base({ domainName: ok })).domainName, ok));
        }
    });

    describe("repository names", () => {
        const cases: [string, unknown, string][] = [
            ["too short (1 char)", "a", `repositories[0].name: "a" ${REPO_RULE}`],
            ["starting with a hyphen", "-lib", `repositories[0].name: "-lib" ${REPO_RULE}`],
            ["starting with a dot", ".lib", `repositories[0].name: ".lib" ${REPO_RULE}`],
            ["a slash", "team/lib", `repositories[0].name: "team/lib" ${REPO_RULE}`],
            ["a space", "my lib", `repositories[0].name: "my lib" ${REPO_RULE}`],
            ["101 characters", "r".repeat(101), `repositories[0].name: "${"r".repeat(101)}" ${REPO_RULE}`],
            ["missing", undefined, "repositories[0].name: is required"],
            ["not a string", 7, "repositories[0].name: 7 must be a string"],
        ];
        for (const [title, name, problem] of cases) {
            it(`refuses ${title}`, () => rejectsWith({ domainName: "acme", repositories: [{ name }] }, problem));
        }
        for (const ok of ["ab", "r".repeat(100), "My.Lib_2-x", "9lives"]) {
            it(`accepts ${JSON.stringify(ok.length > 20 ? `${ok.slice(0, 8)}…` : ok)} (${ok.length} chars)`, () => {
                assert.deepEqual(
                    validatePlatform({ domainName: "acme", repositories: [{ name: ok }] }).repositories.map((r) => r.name),
                    [ok],
                );
            });
        }

        it("refuses no repositories at all", () => {
            rejectsWith({ domainName: "acme", repositories: [] }, "repositories: at least one repository is required");
            rejectsWith({ domainName: "acme" }, "repositories: at least one repository is required");
        });

        it("refuses a duplicate repository, naming the first occurrence", () => {
            rejectsWith(
                { domainName: "acme", repositories: [{ name: "lib" }, { name: "app" }, { name: "lib" }] },
                `repositories[2].name: "lib" is a duplicate (also repositories[0].name)`,
            );
        });

        for (const connection of CONNECTIONS) {
            const reserved = proxyName(connection);
            it(`refuses ${JSON.stringify(reserved)}: reserved for the ${connection} proxy`, () => {
                rejectsWith(
                    { domainName: "acme", repositories: [{ name: "app" }, { name: reserved }] },
                    `repositories[1].name: "${reserved}" is reserved for the shared proxy repository of ${connection}`,
                );
            });
        }
    });

    describe("external connections", () => {
        for (const bad of ["public:npm", "npmjs", "public:maven", "public:NPMJS"]) {
            it(`refuses ${JSON.stringify(bad)}`, () => {
                rejectsWith(
                    { domainName: "acme", repositories: [{ name: "app", externalConnection: bad }] },
                    `repositories[0].externalConnection: "${bad}" is not a supported external connection (supported: ${CONNECTION_LIST})`,
                );
            });
        }
        it("lists exactly the ten CodeArtifact connections as supported", () => {
            assert.equal(
                CONNECTION_LIST,
                "public:npmjs, public:pypi, public:maven-central, public:maven-googleandroid, " +
                    "public:maven-gradleplugins, public:maven-commonsware, public:maven-clojars, public:nuget-org, public:ruby-gems-org, public:crates-io",
            );
        });
        for (const connection of CONNECTIONS) {
            it(`accepts ${connection}`, () => {
                const plan = validatePlatform({ domainName: "acme", repositories: [{ name: "app", externalConnection: connection }] });
                assert.deepEqual(plan.proxies, [{ connection, name: proxyName(connection), format: EXTERNAL_CONNECTIONS[connection] }]);
            });
        }
    });

    describe("upstreams", () => {
        it("refuses an upstream that is not a repository of this platform, listing the known ones", () => {
            // The design's example: the third repository names "libs", which does not exist. The
            // known list is every other repository of the platform, in input order.
            rejectsWith(
                {
                    domainName: "acme",
                    repositories: [{ name: "npm-internal" }, { name: "py-internal" }, { name: "app", upstreams: ["npm-internal", "libs"] }],
                },
                `repositories[2].upstreams: "libs" is not a repository of this platform (known: npm-internal, py-internal)`,
            );
        });

        it("refuses a proxy name as an upstream (proxies are reached through externalConnection)", () => {
            rejectsWith(
                { domainName: "acme", repositories: [{ name: "app", upstreams: ["proxy-npmjs"] }, { name: "lib" }] },
                `repositories[0].upstreams: "proxy-npmjs" is not a repository of this platform (known: lib)`,
            );
        });

        it("refuses a repository naming itself", () => {
            rejectsWith(
                { domainName: "acme", repositories: [{ name: "lib", upstreams: ["lib"] }] },
                `repositories[0].upstreams: "lib" names the repository itself`,
            );
        });

        it("refuses an upstream listed twice", () => {
            rejectsWith(
                { domainName: "acme", repositories: [{ name: "lib" }, { name: "app", upstreams: ["lib", "lib"] }] },
                `repositories[1].upstreams: "lib" is listed twice`,
            );
        });

        it("refuses a two-repository cycle core -> util -> core", () => {
            rejectsWith(
                {
                    domainName: "acme",
                    repositories: [
                        { name: "core", upstreams: ["util"] },
                        { name: "util", upstreams: ["core"] },
                    ],
                },
                "repositories: upstream cycle core -> util -> core (upstream chains must not loop)",
            );
        });

        it("refuses a longer cycle core -> util -> web -> core, even behind an acyclic prefix", () => {
            rejectsWith(
                {
                    domainName: "acme",
                    repositories: [
                        { name: "app", upstreams: ["core"] },
                        { name: "core", upstreams: ["util"], externalConnection: "public:npmjs" },
                        { name: "util", upstreams: ["web"] },
                        { name: "web", upstreams: ["core"] },
                    ],
                },
                "repositories: upstream cycle core -> util -> web -> core (upstream chains must not loop)",
            );
        });

        it("refuses a list that is not a list of strings", () => {
            rejectsWith(
                { domainName: "acme", repositories: [{ name: "lib" }, { name: "app", upstreams: "lib" }] },
                "repositories[1].upstreams: must be a list of strings",
            );
        });

        describe(`at most ${MAX_UPSTREAMS} upstreams, counting the proxy`, () => {
            it("refuses 10 listed + an external connection (11 in the chain)", () => {
                const repositories = [
                    ...plainRepos(10),
                    { name: "app", upstreams: plainRepos(10).map((r) => r.name), externalConnection: "public:npmjs" },
                ];
                rejectsWith(
                    { domainName: "acme", repositories },
                    "repositories[10].upstreams: 11 upstreams (10 listed + the public:npmjs proxy) exceed CodeArtifact's limit of 10 per repository",
                );
            });
            it("accepts 9 listed + an external connection, with the proxy as the 10th and last", () => {
                const listed = plainRepos(9).map((r) => r.name);
                const plan = validatePlatform({
                    domainName: "acme",
                    repositories: [...plainRepos(9), { name: "app", upstreams: listed, externalConnection: "public:npmjs" }],
                });
                const app = plan.repositories.find((r) => r.name === "app")!;
                assert.deepEqual(app.chain, [...listed, "proxy-npmjs"]);
                assert.equal(app.chain.length, MAX_UPSTREAMS);
            });
            it("accepts 10 listed without an external connection", () => {
                const listed = plainRepos(10).map((r) => r.name);
                const plan = validatePlatform({
                    domainName: "acme",
                    repositories: [...plainRepos(10), { name: "app", upstreams: listed }],
                });
                assert.deepEqual(plan.repositories.find((r) => r.name === "app")!.chain, listed);
            });
            it("refuses 11 listed without an external connection", () => {
                const repositories = [...plainRepos(11), { name: "app", upstreams: plainRepos(11).map((r) => r.name) }];
                rejectsWith(
                    { domainName: "acme", repositories },
                    "repositories[11].upstreams: 11 upstreams exceed CodeArtifact's limit of 10 per repository",
                );
            });
        });
    });

    describe("principals", () => {
        const badPrincipals: [string, string][] = [
            ["short account ID", "12345"],
            ["13-digit account ID", "1111222233334"],
            ["ARN with a short account", "arn:aws:iam::123:root"],
            ["ARN of another service", "arn:aws:s3:::bucket"],
            ["unknown partition", "arn:aws-moon:iam::111122223333:root"],
            ["assumed-role session ARN", "arn:aws:sts::111122223333:assumed-role/ci/session"],
            ["group ARN (not a principal)", "arn:aws:iam::111122223333:group/devs"],
            ["role ARN without a name", "arn:aws:iam::111122223333:role/"],
            ["a bare role name", "ci-role"],
        ];
        for (const field of ["readers", "publishers"] as const) {
            for (const [title, bad] of badPrincipals) {
                it(`refuses ${field}: ${title}`, () => {
                    rejectsWith(
                        { domainName: "acme", repositories: [{ name: "app", [field]: ["444455556666", bad] }] },
                        `repositories[0].${field}[1]: ${JSON.stringify(bad)} ${PRINCIPAL_RULE}`,
                    );
                });
            }
            it(`refuses ${field}: "*" with its own message`, () => {
                rejectsWith(
                    { domainName: "acme", repositories: [{ name: "lib" }, { name: "app", [field]: ["*"] }] },
                    `repositories[1].${field}[0]: "*" would grant every AWS account; name an account ID or a principal ARN`,
                );
            });
            it(`refuses ${field} that is not a list`, () => {
                rejectsWith(
                    { domainName: "acme", repositories: [{ name: "app", [field]: "444455556666" }] },
                    `repositories[0].${field}: must be a list`,
                );
            });
        }
        it("accepts account IDs and root/role/user ARNs (with paths, other partitions)", () => {
            const readers = [
                "444455556666",
                "arn:aws:iam::444455556666:root",
                "arn:aws:iam::444455556666:role/ci",
                "arn:aws:iam::444455556666:role/service-role/team/ci-reader",
                "arn:aws-cn:iam::444455556666:user/alice",
                "arn:aws-us-gov:iam::444455556666:role/x+y=z,a.b@c-d",
            ];
            const plan = validatePlatform({
                domainName: "acme",
                repositories: [{ name: "app", readers, publishers: ["arn:aws:iam::444455556666:role/ci"] }],
            });
            assert.equal(plan.repositories[0].hasPolicy, true);
        });

        const badAccounts: [string, string][] = [
            ["short", "12345"],
            ["with dashes", "1111-2222-3333"],
            ["an ARN (crossAccountReaders takes account IDs)", "arn:aws:iam::444455556666:root"],
            ["star", "*"],
        ];
        for (const [title, bad] of badAccounts) {
            it(`refuses crossAccountReaders: ${title}`, () => {
                rejectsWith(
                    base({ crossAccountReaders: ["444455556666", bad] }),
                    `crossAccountReaders[1]: ${JSON.stringify(bad)} is not a 12-digit AWS account ID`,
                );
            });
        }
        it("refuses a numeric account ID (leading zeros would be lost)", () => {
            rejectsWith(
                base({ crossAccountReaders: [444455556666] }),
                "crossAccountReaders[0]: 444455556666 is a number, not a string: account IDs are 12-digit strings (quote it; from Pulumi YAML config use fn::toJSON or a string value)",
            );
        });
    });

    describe("kmsKeyArn", () => {
        it("refuses a malformed key ARN", () => {
            rejectsWith(
                base({ kmsKeyArn: "my-key" }),
                `kmsKeyArn: "my-key" is not a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID or :alias/NAME)`,
            );
            rejectsWith(
                base({ kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:secret/abc" }),
                `kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:secret/abc" is not a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID or :alias/NAME)`,
            );
            rejectsWith(
                base({ kmsKeyArn: "arn:aws:s3:us-east-1:111122223333:key/abc" }),
                `kmsKeyArn: "arn:aws:s3:us-east-1:111122223333:key/abc" is not a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID or :alias/NAME)`,
            );
        });
        it("refuses an AWS-managed key alias", () => {
            const managed = "arn:aws:kms:us-east-1:111122223333:alias/aws/codeartifact";
            rejectsWith(
                base({ kmsKeyArn: managed }),
                `kmsKeyArn: "${managed}" is an AWS-managed key; CodeArtifact domains here use a customer-managed key (omit kmsKeyArn to have one created)`,
            );
        });
        it("accepts a key ARN or a customer alias ARN, and then creates no key", () => {
            for (const arn of [
                "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "arn:aws:kms:eu-west-1:111122223333:alias/codeartifact",
                "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd",
            ]) {
                assert.deepEqual(validatePlatform(base({ kmsKeyArn: arn })).kmsKeyArn, LEAF.kmsKeyArn, arn);
            }
            assert.equal(validatePlatform(base()).kmsKeyArn, undefined, "no key given: the component creates one");
        });
    });

    describe("githubActions", () => {
        const badSubjects = [
            "*",
            "acme/app:ref:refs/heads/main",
            "repo:*",
            "repo:*/*",
            "repo:*/app:ref:refs/tags/v*",
            "repo:acme",
            "repo:ac*/app",
            "",
        ];
        for (const bad of badSubjects) {
            it(`refuses read subject ${JSON.stringify(bad)}`, () => {
                rejectsWith(
                    base({ githubActions: { readSubjects: ["repo:acme/app:ref:refs/heads/main", bad] } }),
                    `githubActions.readSubjects[1]: ${JSON.stringify(bad)} ${SUBJECT_RULE}`,
                );
            });
            it(`refuses publish subject ${JSON.stringify(bad)}`, () => {
                rejectsWith(
                    base({
                        githubActions: {
                            readSubjects: ["repo:acme/app:ref:refs/heads/main"],
                            publishSubjects: [bad],
                            publishRepositories: ["npm-internal"],
                        },
                    }),
                    `githubActions.publishSubjects[0]: ${JSON.stringify(bad)} ${SUBJECT_RULE}`,
                );
            });
        }
        it("accepts subjects with a literal owner (wildcards after it are fine)", () => {
            const plan = validatePlatform(
                base({
                    githubActions: {
                        readSubjects: [
                            "repo:acme/*",
                            "repo:acme/app:ref:refs/heads/main",
                            "repo:acme/app:environment:prod",
                            "repo:my-org.io/app:pull_request",
                        ],
                        publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
                        publishRepositories: ["npm-internal"],
                    },
                }),
            );
            assert.deepEqual(
                plan.github,
                { oidcProviderArn: undefined, ...GITHUB_LEAVES, publishRepositories: ["npm-internal"] },
                "no provider given: the component creates one",
            );
        });
        it("refuses missing or empty readSubjects", () => {
            const problem = `githubActions.readSubjects: at least one subject is required (e.g. "repo:acme/app:ref:refs/heads/main")`;
            rejectsWith(base({ githubActions: {} }), problem);
            rejectsWith(base({ githubActions: { readSubjects: [] } }), problem);
        });
        it("refuses publishSubjects without publishRepositories", () => {
            rejectsWith(
                base({
                    githubActions: {
                        readSubjects: ["repo:acme/app:ref:refs/heads/main"],
                        publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
                    },
                }),
                "githubActions.publishRepositories: is required with publishSubjects (name the repositories CI may publish to)",
            );
        });
        it("refuses publishRepositories without publishSubjects", () => {
            rejectsWith(
                base({ githubActions: { readSubjects: ["repo:acme/app:ref:refs/heads/main"], publishRepositories: ["npm-internal"] } }),
                `githubActions.publishSubjects: is required with publishRepositories (name who may publish, e.g. "repo:acme/lib:ref:refs/tags/v*")`,
            );
        });
        it("refuses publishRepositories naming an unknown repository or a proxy", () => {
            assert.deepEqual(
                problemsOf(
                    base({
                        githubActions: {
                            readSubjects: ["repo:acme/app:ref:refs/heads/main"],
                            publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
                            publishRepositories: ["npm-internal", "nope", "proxy-npmjs"],
                        },
                    }),
                ),
                [
                    `githubActions.publishRepositories: "nope" is not a repository of this platform (known: npm-internal, py-internal)`,
                    `githubActions.publishRepositories: "proxy-npmjs" is not a repository of this platform (known: npm-internal, py-internal)`,
                ],
            );
        });
        it("refuses an oidcProviderArn that is not GitHub's", () => {
            const bad = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";
            rejectsWith(
                base({ githubActions: { oidcProviderArn: bad, readSubjects: ["repo:acme/app:ref:refs/heads/main"] } }),
                `githubActions.oidcProviderArn: "${bad}" is not the ARN of a GitHub Actions OIDC provider (arn:PARTITION:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com)`,
            );
        });
        it("reuses a given GitHub OIDC provider instead of creating one", () => {
            const plan = validatePlatform(
                base({
                    githubActions: {
                        oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
                        readSubjects: ["repo:acme/app:ref:refs/heads/main"],
                    },
                }),
            );
            assert.deepEqual(plan.github, { oidcProviderArn: LEAF.oidcProviderArn, ...GITHUB_LEAVES, publishRepositories: [] });
        });
    });

    describe("ec2Access", () => {
        it("refuses unknown repositories in read and publish", () => {
            assert.deepEqual(problemsOf(base({ ec2Access: { read: ["npm-internal", "web"], publish: ["proxy-pypi"] } })), [
                `ec2Access.read: "web" is not a repository of this platform (known: npm-internal, py-internal)`,
                `ec2Access.publish: "proxy-pypi" is not a repository of this platform (known: npm-internal, py-internal)`,
            ]);
        });
        const badRoleNames = ["has space", "r".repeat(65), "", "team/role"];
        for (const bad of badRoleNames) {
            it(`refuses roleName ${JSON.stringify(bad.length > 20 ? `${bad.length} chars` : bad)}`, () => {
                rejectsWith(
                    base({ ec2Access: { roleName: bad } }),
                    `ec2Access.roleName: ${JSON.stringify(bad)} is not an IAM role name (1-64 characters of letters, digits and +=,.@_-)`,
                );
            });
        }
        it("accepts a 64-character role name with every allowed symbol", () => {
            const name = `${"r".repeat(54)}+=,.@_-abc`;
            assert.equal(name.length, 64);
            assert.ok(validatePlatform(base({ ec2Access: { roleName: name } })).ec2);
        });
    });

    describe("dataProtection and tags", () => {
        it("refuses an unknown dataProtection mode", () => {
            rejectsWith(base({ dataProtection: "forever" }), `dataProtection: "forever" is not one of retain, protect, none`);
        });
        for (const mode of ["retain", "protect", "none"]) {
            it(`accepts dataProtection ${mode}`, () => assert.equal(validatePlatform(base({ dataProtection: mode })).dataProtection, mode));
        }
        it("defaults dataProtection to retain", () => assert.equal(validatePlatform(base()).dataProtection, "retain"));
        it("refuses tag keys with the reserved aws: prefix, in any case", () => {
            assert.deepEqual(problemsOf(base({ tags: { team: "platform", "aws:owner": "x", "AWS:Cost": "y" } })), [
                `tags: key "aws:owner" uses the reserved "aws:" prefix`,
                `tags: key "AWS:Cost" uses the reserved "aws:" prefix`,
            ]);
        });
        it("refuses a tag value over 256 characters and a non-map", () => {
            rejectsWith(
                base({ tags: { team: "v".repeat(257) } }),
                `tags.team: "${"v".repeat(257)}" must be a string of at most 256 characters`,
            );
            rejectsWith(base({ tags: ["team"] }), "tags: must be a map of strings");
        });
        it("refuses a repository format CodeArtifact does not have", () => {
            rejectsWith(
                { domainName: "acme", repositories: [{ name: "app", formats: ["npm", "docker"] }] },
                `repositories[0].formats: "docker" is not a CodeArtifact package format (supported: ${FORMATS.join(", ")})`,
            );
        });
    });

    describe("several problems in one input", () => {
        it("reports them all in one multi-line error, in input order", () => {
            const input = {
                domainName: "Acme",
                repositories: [
                    { name: "app", upstreams: ["libs"], externalConnection: "public:npm", readers: ["*"] },
                    { name: "proxy-pypi" },
                ],
                crossAccountReaders: ["12345"],
                githubActions: { readSubjects: ["repo:*"] },
                dataProtection: "forever",
            };
            const expected = [
                `domainName: "Acme" ${DOMAIN_RULE}`,
                `dataProtection: "forever" is not one of retain, protect, none`,
                `repositories[1].name: "proxy-pypi" is reserved for the shared proxy repository of public:pypi`,
                `repositories[0].upstreams: "libs" is not a repository of this platform (it has no other repositories)`,
                `repositories[0].externalConnection: "public:npm" is not a supported external connection (supported: ${CONNECTION_LIST})`,
                `repositories[0].readers[0]: "*" would grant every AWS account; name an account ID or a principal ARN`,
                `crossAccountReaders[0]: "12345" is not a 12-digit AWS account ID`,
                `githubActions.readSubjects[0]: "repo:*" ${SUBJECT_RULE}`,
            ];
            assert.throws(
                () => validatePlatform(input),
                (e: unknown) => {
                    assert.ok(e instanceof PlatformInputError);
                    assert.deepEqual(e.problems, expected);
                    assert.equal(
                        e.message,
                        `invalid CodeArtifactPlatform input (8 problems):\n${expected.map((p) => `  - ${p}`).join("\n")}`,
                    );
                    assert.equal(e.message.split("\n").length, 9);
                    return true;
                },
            );
        });
    });

    describe("values not known yet (UNKNOWN)", () => {
        const structural: [string, Input, string][] = [
            ["domainName", base({ domainName: UNKNOWN }), `domainName: ${MUST_BE_KNOWN_NAME}`],
            [
                "a repository name",
                { domainName: "acme", repositories: [{ name: "lib" }, { name: UNKNOWN }] },
                `repositories[1].name: ${MUST_BE_KNOWN_NAME}`,
            ],
            [
                "an upstreams list",
                { domainName: "acme", repositories: [{ name: "lib" }, { name: "app", upstreams: UNKNOWN }] },
                `repositories[1].upstreams: ${MUST_BE_KNOWN_LIST}`,
            ],
            [
                "an upstream",
                { domainName: "acme", repositories: [{ name: "lib" }, { name: "app", upstreams: ["lib", UNKNOWN] }] },
                `repositories[1].upstreams: ${MUST_BE_KNOWN_LIST}`,
            ],
            [
                "the repositories list",
                { domainName: "acme", repositories: UNKNOWN },
                "repositories: must be known when the program runs (it decides which repositories exist), but it is computed from another resource",
            ],
            [
                "a repository entry",
                { domainName: "acme", repositories: [{ name: "lib" }, UNKNOWN] },
                "repositories: must be known when the program runs (it decides which repositories exist), but it is computed from another resource",
            ],
            [
                "an external connection",
                { domainName: "acme", repositories: [{ name: "app", externalConnection: UNKNOWN }] },
                "repositories[0].externalConnection: must be known when the program runs (it decides which proxy repository exists)",
            ],
            ["ec2Access.read", base({ ec2Access: { read: [UNKNOWN] } }), `ec2Access.read: ${MUST_BE_KNOWN_LIST}`],
            ["ec2Access.publish", base({ ec2Access: { publish: UNKNOWN } }), `ec2Access.publish: ${MUST_BE_KNOWN_LIST}`],
            // One problem: the list is given, just not known yet — it is not also "required".
            [
                "githubActions.publishRepositories",
                base({
                    githubActions: {
                        readSubjects: ["repo:acme/app:ref:refs/heads/main"],
                        publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
                        publishRepositories: UNKNOWN,
                    },
                }),
                `githubActions.publishRepositories: ${MUST_BE_KNOWN_LIST}`,
            ],
            [
                "dataProtection",
                base({ dataProtection: UNKNOWN }),
                "dataProtection: must be known when the program runs (it decides how children are deleted)",
            ],
            ["ec2Access as a whole", base({ ec2Access: UNKNOWN }), "ec2Access: must be known when the program runs"],
            ["githubActions as a whole", base({ githubActions: UNKNOWN }), "githubActions: must be known when the program runs"],
        ];
        for (const [title, input, problem] of structural) {
            it(`refuses an unknown ${title}`, () => rejectsWith(input, problem));
        }

        it("accepts unknown leaf values: principals, account IDs, subjects, key, role name, provider ARN, tag value", () => {
            const plan = validatePlatform({
                domainName: "acme",
                kmsKeyArn: UNKNOWN,
                repositories: [
                    {
                        name: "npm-internal",
                        externalConnection: "public:npmjs",
                        readers: [UNKNOWN],
                        publishers: UNKNOWN,
                        description: UNKNOWN,
                    },
                    { name: "py-internal", readers: UNKNOWN },
                ],
                crossAccountReaders: [UNKNOWN, "444455556666"],
                ec2Access: { roleName: UNKNOWN },
                githubActions: {
                    oidcProviderArn: UNKNOWN,
                    readSubjects: [UNKNOWN],
                    publishSubjects: UNKNOWN,
                    publishRepositories: ["npm-internal"],
                },
                tags: { team: UNKNOWN },
            });
            assert.deepEqual(plan.kmsKeyArn, LEAF.kmsKeyArn, "an unknown kmsKeyArn is still a given key");
            assert.deepEqual(
                plan.repositories.map((r) => [r.name, r.hasPolicy]),
                [
                    ["npm-internal", true],
                    ["py-internal", true],
                ],
            );
            assert.equal(plan.hasDomainPolicy, true);
            assert.deepEqual(plan.github, {
                oidcProviderArn: LEAF.oidcProviderArn,
                ...GITHUB_LEAVES,
                publishRepositories: ["npm-internal"],
            });
        });

        it("accepts unknown tags as a whole", () => {
            assert.equal(validatePlatform(base({ tags: UNKNOWN })).domainName, "acme");
        });
    });
});

describe("check.* leaf checks", () => {
    const cases: [keyof typeof check, unknown, string | undefined][] = [
        ["principal", "111122223333", undefined],
        ["principal", "arn:aws:iam::111122223333:role/ci", undefined],
        ["principal", UNKNOWN, undefined],
        ["principal", "*", `f: "*" would grant every AWS account; name an account ID or a principal ARN`],
        ["principal", "arn:aws:iam::1:root", `f: "arn:aws:iam::1:root" ${PRINCIPAL_RULE}`],
        ["principal", 5, `f: 5 ${PRINCIPAL_RULE}`],
        ["principal", undefined, `f: undefined ${PRINCIPAL_RULE}`],
        ["accountId", "111122223333", undefined],
        ["accountId", UNKNOWN, undefined],
        ["accountId", "11112222333", `f: "11112222333" is not a 12-digit AWS account ID`],
        ["kmsKeyArn", "arn:aws:kms:us-east-1:111122223333:key/abc-123", undefined],
        ["kmsKeyArn", UNKNOWN, undefined],
        [
            "kmsKeyArn",
            "arn:aws:kms:us-east-1:111122223333:alias/aws/s3",
            `f: "arn:aws:kms:us-east-1:111122223333:alias/aws/s3" is an AWS-managed key; CodeArtifact domains here use a customer-managed key (omit kmsKeyArn to have one created)`,
        ],
        ["kmsKeyArn", "key/abc", `f: "key/abc" is not a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID or :alias/NAME)`],
        ["oidcProviderArn", "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", undefined],
        ["oidcProviderArn", UNKNOWN, undefined],
        [
            "oidcProviderArn",
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com.evil.example",
            `f: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com.evil.example" is not the ARN of a GitHub Actions OIDC provider (arn:PARTITION:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com)`,
        ],
        ["roleName", "ci-build_host.v2", undefined],
        ["roleName", UNKNOWN, undefined],
        ["roleName", "a b", `f: "a b" is not an IAM role name (1-64 characters of letters, digits and +=,.@_-)`],
        ["subject", "repo:acme/app:ref:refs/tags/v*", undefined],
        ["subject", UNKNOWN, undefined],
        ["subject", "repo:*/*", `f: "repo:*/*" ${SUBJECT_RULE}`],
        ["subject", 3, `f: 3 ${SUBJECT_RULE}`],
    ];
    for (const [name, v, expected] of cases) {
        const shown = v === UNKNOWN ? "UNKNOWN" : (JSON.stringify(v) ?? String(v));
        it(`check.${name}(${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}) → ${expected === undefined ? "ok" : "problem"}`, () => {
            assert.equal(check[name]("f", v), expected);
        });
    }
});

describe("validatePlatform: the plan", () => {
    it("chains listed upstreams in order, then the proxy last", () => {
        const plan = validatePlatform({
            domainName: "acme",
            repositories: [
                { name: "app", upstreams: ["team-b", "team-a"], externalConnection: "public:npmjs" },
                { name: "team-a" },
                { name: "team-b" },
            ],
        });
        const app = plan.repositories.find((r) => r.name === "app")!;
        assert.deepEqual(app.upstreams, ["team-b", "team-a"]);
        assert.deepEqual(app.chain, ["team-b", "team-a", "proxy-npmjs"]);
        assert.equal(app.externalConnection, "public:npmjs");
    });

    it("creates one proxy per distinct connection, in the order repositories first ask for it", () => {
        const plan = validatePlatform({
            domainName: "acme",
            repositories: [
                { name: "py-a", externalConnection: "public:pypi" },
                { name: "npm-a", externalConnection: "public:npmjs" },
                { name: "npm-b", externalConnection: "public:npmjs" },
                { name: "py-b", externalConnection: "public:pypi" },
                { name: "plain" },
            ],
        });
        assert.deepEqual(plan.proxies, [
            { connection: "public:pypi", name: "proxy-pypi", format: "pypi" },
            { connection: "public:npmjs", name: "proxy-npmjs", format: "npm" },
        ]);
        // Proxies hold the connections; consuming repositories reach them through their chain.
        assert.deepEqual(
            plan.repositories.map((r) => [r.name, r.chain]),
            [
                ["py-a", ["proxy-pypi"]],
                ["npm-a", ["proxy-npmjs"]],
                ["npm-b", ["proxy-npmjs"]],
                ["py-b", ["proxy-pypi"]],
                ["plain", []],
            ],
        );
        assert.ok(
            plan.proxies.every((p) => !plan.repositories.some((r) => r.name === p.name)),
            "proxies are not consuming repositories",
        );
    });

    it("orders repositories upstreams-first, whatever the input order", () => {
        const plan = validatePlatform({
            domainName: "acme",
            repositories: [
                { name: "app", upstreams: ["libs", "shared"] },
                { name: "libs", upstreams: ["base"] },
                { name: "standalone" },
                { name: "shared", upstreams: ["base"] },
                { name: "base", externalConnection: "public:maven-central" },
            ],
        });
        const order = plan.repositories.map((r) => r.name);
        assert.deepEqual(order, ["base", "libs", "shared", "app", "standalone"]);
        for (const r of plan.repositories) {
            for (const u of r.upstreams) assert.ok(order.indexOf(u) < order.indexOf(r.name), `${u} before ${r.name}`);
        }
        // `index` still points at the input position (used for field names and inputs).
        assert.deepEqual(Object.fromEntries(plan.repositories.map((r) => [r.name, r.index])), {
            app: 0,
            libs: 1,
            standalone: 2,
            shared: 3,
            base: 4,
        });
    });

    it("defaults formats to those of the proxies reachable through the chain, else all formats", () => {
        const plan = validatePlatform({
            domainName: "acme",
            repositories: [
                { name: "py", externalConnection: "public:pypi" },
                { name: "npm", externalConnection: "public:npmjs" },
                { name: "mixed", upstreams: ["py", "npm"] },
                { name: "plain" },
                { name: "explicit", formats: ["generic"], externalConnection: "public:npmjs" },
                { name: "jvm", upstreams: ["maven"], externalConnection: "public:maven-gradleplugins" },
                { name: "maven", externalConnection: "public:maven-central" },
            ],
        });
        const formats = Object.fromEntries(plan.repositories.map((r) => [r.name, r.formats]));
        assert.deepEqual(formats, {
            py: ["pypi"],
            npm: ["npm"],
            mixed: ["npm", "pypi"], // FORMATS order, through upstreams' proxies
            plain: [...FORMATS],
            explicit: ["generic"],
            jvm: ["maven"],
            maven: ["maven"],
        });
    });

    it("defaults ec2 read to every consuming repository (not proxies), publish to none", () => {
        const plan = validatePlatform(base({ ec2Access: {} }));
        assert.deepEqual(plan.ec2, { roleName: LEAF.roleName, read: ["npm-internal", "py-internal"], publish: [] });
        const explicit = validatePlatform(base({ ec2Access: { read: ["py-internal"], publish: ["npm-internal"] } }));
        assert.deepEqual(explicit.ec2, { roleName: LEAF.roleName, read: ["py-internal"], publish: ["npm-internal"] });
        assert.equal(validatePlatform(base()).ec2, undefined);
        assert.equal(validatePlatform(base()).github, undefined);
    });

    it("needs policies only with readers, publishers or cross-account readers", () => {
        const none = validatePlatform(base());
        assert.equal(none.hasDomainPolicy, false);
        assert.deepEqual(
            none.repositories.map((r) => r.hasPolicy),
            [false, false],
        );

        const one = validatePlatform({
            domainName: "acme",
            repositories: [
                { name: "aa", readers: ["444455556666"] },
                { name: "bb", readers: [] },
                { name: "cc", publishers: ["arn:aws:iam::444455556666:role/ci"] },
            ],
        });
        assert.equal(one.hasDomainPolicy, true);
        assert.deepEqual(
            one.repositories.map((r) => [r.name, r.hasPolicy]),
            [
                ["aa", true],
                ["bb", false],
                ["cc", true],
            ],
        );

        const cross = validatePlatform(base({ crossAccountReaders: ["444455556666"] }));
        assert.equal(cross.hasDomainPolicy, true);
        assert.deepEqual(
            cross.repositories.map((r) => r.hasPolicy),
            [true, true],
            "cross-account readers need every repository's policy",
        );
    });

    it("carries each leaf it checked: its path in the args (input positions, whatever the plan's order) and its check", () => {
        const plan = validatePlatform({
            domainName: "acme",
            repositories: [
                { name: "app", upstreams: ["lib"] },
                { name: "lib", readers: ["444455556666"], description: "shared" },
            ],
            crossAccountReaders: ["555566667777"],
            tags: { team: "platform" },
        });
        const leaves = (i: number) => [
            new Leaf("text", ["repositories", i, "description"]),
            new Leaf("list", ["repositories", i, "readers"], check.principal),
            new Leaf("list", ["repositories", i, "publishers"], check.principal),
        ];
        assert.deepEqual(
            plan.repositories.map((r) => [r.name, r.description, r.readers, r.publishers]),
            [
                ["lib", ...leaves(1)],
                ["app", ...leaves(0)],
            ],
        );
        assert.deepEqual(plan.crossAccountReaders, new Leaf("list", ["crossAccountReaders"], check.accountId));
        assert.deepEqual(plan.tags, new Leaf("tags", ["tags"]));
        assert.equal(plan.kmsKeyArn, undefined);
    });

    it("names a leaf's field the way its messages do", () => {
        assert.equal(fieldName(["repositories", 2, "readers"]), "repositories[2].readers");
        assert.equal(fieldName(["githubActions", "publishSubjects"]), "githubActions.publishSubjects");
        assert.equal(fieldName(["kmsKeyArn"]), "kmsKeyArn");
    });

    it("withUpstreams closes over chains, through consuming upstreams to their proxies", () => {
        const plan: PlatformPlan = validatePlatform({
            domainName: "acme",
            repositories: [
                { name: "app", upstreams: ["libs"], externalConnection: "public:npmjs" },
                { name: "libs", upstreams: ["base"] },
                { name: "base", externalConnection: "public:pypi" },
                { name: "other", externalConnection: "public:crates-io" },
            ],
        });
        assert.deepEqual(withUpstreams(plan, ["app"]).sort(), ["app", "base", "libs", "proxy-npmjs", "proxy-pypi"]);
        assert.deepEqual(withUpstreams(plan, ["libs"]).sort(), ["base", "libs", "proxy-pypi"]);
        assert.deepEqual(withUpstreams(plan, ["other", "base"]).sort(), ["base", "other", "proxy-crates-io", "proxy-pypi"]);
        assert.deepEqual(withUpstreams(plan, []), []);
        // No duplicates when chains share members.
        const all = withUpstreams(
            plan,
            plan.repositories.map((r) => r.name),
        );
        assert.equal(all.length, new Set(all).size);
        assert.equal(all.length, 7);
    });
});

describe("validatePlatform: account IDs given as numbers (Pulumi YAML config)", () => {
    it("says the value is a number and how to pass a string", () => {
        const rule =
            "is a number, not a string: account IDs are 12-digit strings (quote it; from Pulumi YAML config use fn::toJSON or a string value)";
        assert.deepEqual(
            problemsOf({
                domainName: "acme",
                repositories: [{ name: "app", readers: [444455556666] }],
                crossAccountReaders: [555566667777],
            }),
            [`repositories[0].readers[0]: 444455556666 ${rule}`, `crossAccountReaders[0]: 555566667777 ${rule}`],
        );
    });
});
