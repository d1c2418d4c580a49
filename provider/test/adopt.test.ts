// Adopting what exists: proxyNames lets a console "store" repository serve as the proxy, and
// adopt gives the domain and the listed repositories the `import` option with their ARN.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CodeArtifactPlatformArgs } from "../src/args";
import { awsManagedKeyProblem } from "../src/platform";
import { PlatformInputError, validatePlatform } from "../src/validate";
import { ACCOUNT, DEFAULT_WORLD, mockWorld, problemsOf, recordedSoFar, run, Run } from "./harness";

const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const CA = `arn:aws:codeartifact:us-east-1:${ACCOUNT}`;
/** What the console leaves: domain nextwork, nextwork-packages upstream of the store repository maven-central-store. */
const consoleSetup = (extra: Record<string, unknown> = {}) =>
    ({
        domainName: "nextwork",
        kmsKeyArn: KEY,
        repositories: [{ name: "nextwork-packages", externalConnection: "public:maven-central" }],
        proxyNames: { "public:maven-central": "maven-central-store" },
        adopt: { domain: true, repositories: ["nextwork-packages", "maven-central-store"] },
        ...extra,
    }) as unknown as CodeArtifactPlatformArgs;

const importOf = (c: { opts: pulumi.ResourceOptions }) => (c.opts as pulumi.CustomResourceOptions).import;

describe("adopt and proxyNames: validation", () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
        [
            "adopting the domain without kmsKeyArn",
            { kmsKeyArn: undefined },
            [
                `adopt.domain: needs kmsKeyArn, the exact ARN of the key the domain already uses (without it the component would create a key, and a different key replaces the domain, deleting its packages)`,
            ],
        ],
        [
            "adopting a repository the platform does not declare",
            { adopt: { repositories: ["pypi-store"] } },
            [
                `adopt.repositories: "pypi-store" is not a repository this platform declares (declared: nextwork-packages, maven-central-store)`,
            ],
        ],
        [
            "a proxy name that is not a repository name",
            { proxyNames: { "public:maven-central": "-bad" } },
            [
                `proxyNames["public:maven-central"]: "-bad" must be 2-100 characters of letters, digits, ".", "_" and "-", starting with a letter or digit`,
                `adopt.repositories: "maven-central-store" is not a repository this platform declares (declared: nextwork-packages, proxy-maven-central)`,
            ],
        ],
        [
            "a proxy name for an unknown connection",
            { proxyNames: { "public:npm": "npm-store", "public:maven-central": "maven-central-store" } },
            [
                `proxyNames["public:npm"]: "public:npm" is not a supported external connection (supported: public:npmjs, public:pypi, public:maven-central, public:maven-googleandroid, public:maven-gradleplugins, public:maven-commonsware, public:maven-clojars, public:nuget-org, public:ruby-gems-org, public:crates-io)`,
            ],
        ],
        [
            "one name for two proxies",
            { proxyNames: { "public:maven-central": "store", "public:npmjs": "store" }, adopt: {} },
            [`proxyNames["public:npmjs"]: "store" is also the proxy of public:maven-central (one proxy repository per connection)`],
        ],
        [
            "a proxy name of a connection no repository uses",
            { proxyNames: { "public:maven-central": "maven-central-store", "public:pypi": "pypi-store" } },
            [
                `proxyNames["public:pypi"]: no repository has externalConnection public:pypi, so there is no such proxy (connections used: public:maven-central)`,
            ],
        ],
        [
            "a consuming repository with a proxy's name",
            { repositories: [{ name: "maven-central-store" }, { name: "app", externalConnection: "public:maven-central" }], adopt: {} },
            [`repositories[0].name: "maven-central-store" is reserved for the shared proxy repository of public:maven-central`],
        ],
    ];
    for (const [title, extra, problems] of cases) {
        it(`refuses ${title}`, () => assert.deepEqual(problemsOf(consoleSetup(extra)), problems));
    }
    it("plans the console's store repository as the proxy, last in the chain", () => {
        const plan = validatePlatform(consoleSetup());
        assert.deepEqual(
            plan.proxies.map((p) => [p.connection, p.name]),
            [["public:maven-central", "maven-central-store"]],
        );
        assert.deepEqual(plan.repositories[0].chain, ["maven-central-store"]);
        assert.deepEqual(plan.adopt, { domain: true, repositories: ["nextwork-packages", "maven-central-store"] });
    });
});

describe("adopt: the component", () => {
    let r: Run;
    before(async () => {
        r = await run("nw", consoleSetup({ ec2Access: {} }));
    });

    it("imports the domain and the listed repositories by their ARNs, and nothing else", () => {
        const imports = Object.fromEntries(r.resources.filter((c) => importOf(c)).map((c) => [c.name, importOf(c)]));
        assert.deepEqual(imports, {
            "nw-domain": `${CA}:domain/nextwork`,
            "nw-proxy-maven-central": `${CA}:repository/nextwork/maven-central-store`,
            "nw-repo-nextwork-packages": `${CA}:repository/nextwork/nextwork-packages`,
        });
        assert.ok(!r.resources.some((c) => c.type === "aws:kms/key:Key"), "the domain's own key is kept; none is created");
    });

    it("keeps the proxy's child name after its connection, and its repository name from proxyNames", () => {
        assert.equal(r.byName.get("nw-proxy-maven-central")!.props.repository, "maven-central-store");
        assert.deepEqual(r.byName.get("nw-repo-nextwork-packages")!.props.upstreams, [{ repositoryName: "maven-central-store" }]);
        assert.equal(r.byName.get("nw-domain")!.props.encryptionKey, KEY);
    });

    it("still applies data protection to adopted children", () => {
        assert.equal(r.byName.get("nw-domain")!.opts.retainOnDelete, true);
    });

    it("refuses a domain on an AWS-managed key before registering any child, saying how to migrate", async () => {
        mockWorld.keyManager = "AWS";
        try {
            await assert.rejects(run("aw", consoleSetup()), (e: unknown) => {
                assert.ok(e instanceof PlatformInputError);
                assert.deepEqual(e.problems, [awsManagedKeyProblem("nextwork", KEY)]);
                assert.match(e.problems[0], /is an AWS-managed key.*copy-package-versions/);
                return true;
            });
            assert.deepEqual(recordedSoFar(), [], "nothing registered");
        } finally {
            Object.assign(mockWorld, DEFAULT_WORLD);
        }
    });

    it("asks nothing of AWS when nothing is adopted", async () => {
        const plain = await run("pl", { domainName: "acme", repositories: [{ name: "app" }] });
        assert.ok(!plain.resources.some((c) => importOf(c)));
    });
});
