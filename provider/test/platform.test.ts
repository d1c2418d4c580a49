// The component's wiring under Pulumi mocks: the seed scenarios and the cross-cutting rules,
// asserted on the inputs each child was registered with.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CodeArtifactPlatformArgs, PLATFORM_TOKEN } from "../src/args";
import { PlatformInputError } from "../src/validate";
import {
    ACCOUNT,
    assertOnlyInputErrors,
    EXPECTED_READ_ACTIONS,
    policy,
    recordedSoFar,
    registeredUrns,
    registrations,
    Run,
    run,
    settle,
    withUnhandledRejections,
} from "./harness";

const T = {
    key: "aws:kms/key:Key",
    domain: "aws:codeartifact/domain:Domain",
    repo: "aws:codeartifact/repository:Repository",
    domainPolicy: "aws:codeartifact/domainPermissions:DomainPermissions",
    repoPolicy: "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    profile: "aws:iam/instanceProfile:InstanceProfile",
    oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
};
const REPO_ARN = (repo: string, domain = "acme") => `arn:aws:codeartifact:us-east-1:${ACCOUNT}:repository/${domain}/${repo}`;
const PKG_ARN = (repo: string, domain = "acme") => `arn:aws:codeartifact:us-east-1:${ACCOUNT}:package/${domain}/${repo}/*`;
const DOMAIN_ARN = (domain = "acme") => `arn:aws:codeartifact:us-east-1:${ACCOUNT}:domain/${domain}`;
const HOST = `acme-${ACCOUNT}.d.codeartifact.us-east-1.amazonaws.com`;
const COMMON = `--domain acme --domain-owner ${ACCOUNT} --region us-east-1`;
const PUBLISH_ACTIONS = ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"];
const OIDC_HOST = "token.actions.githubusercontent.com";
const PRINCIPAL_RULE = "is not a 12-digit account ID or an IAM principal ARN (arn:PARTITION:iam::ACCOUNT:root, role/NAME or user/NAME)";
const SUBJECT_RULE = `is not allowed: a subject must start with "repo:OWNER/" with a literal owner (e.g. "repo:acme/app:ref:refs/tags/v*"), or any GitHub repository could assume the role`;
const AUD = { [`${OIDC_HOST}:aud`]: "sts.amazonaws.com" };

/** The resolved inputs of the child with this logical name (fails when absent), without properties left unset. */
function props(r: Run, name: string): any {
    const c = r.byName.get(name);
    assert.ok(c, `no child named ${name}; have ${[...r.byName.keys()].join(", ")}`);
    return JSON.parse(JSON.stringify(c.props));
}
const ofType = (r: Run, type: string) => r.resources.filter((c) => c.type === type);
const statements = (json: string) => Object.fromEntries((policy(json).Statement as any[]).map((s) => [s.Sid, s]));
const asList = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The statements every role that logs in must have: a token for the domain and a bearer token for CodeArtifact only. */
function assertLoginStatements(s: Record<string, any>, domain = "acme") {
    assert.deepEqual(s.GetAuthorizationToken, {
        Sid: "GetAuthorizationToken",
        Effect: "Allow",
        Action: "codeartifact:GetAuthorizationToken",
        Resource: DOMAIN_ARN(domain),
    });
    assert.deepEqual(s.GetServiceBearerToken, {
        Sid: "GetServiceBearerToken",
        Effect: "Allow",
        Action: "sts:GetServiceBearerToken",
        Resource: "*",
        Condition: { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } },
    });
}

/**
 * An Output that looks unknown when the component peeks at its inputs (as during a preview, or
 * a value computed from a resource created in the same update) and resolves to `v` afterwards.
 */
function resolvesLater<T>(v: T): pulumi.Output<T> {
    const real = pulumi.output(v) as any;
    const hidden = { isKnown: true, promise: true };
    return new Proxy(real, {
        get(target, prop) {
            if (prop === "isKnown" && hidden.isKnown) {
                hidden.isKnown = false;
                return Promise.resolve(false);
            }
            if (prop === "promise" && hidden.promise) {
                hidden.promise = false;
                return () => Promise.resolve(pulumi.unknown);
            }
            return target[prop];
        },
    });
}

describe("platform (a): Maven repository behind maven-central, used from an EC2 build host", () => {
    let r: Run;
    before(async () => {
        r = await run("build", {
            domainName: "acme",
            repositories: [{ name: "maven-internal", externalConnection: "public:maven-central", description: "JVM builds" }],
            ec2Access: {},
        });
    });

    it("creates the maven-central proxy holding the connection, and the consuming repository behind it", () => {
        assert.deepEqual(props(r, "build-proxy-maven-central"), {
            domain: "acme",
            domainOwner: ACCOUNT,
            repository: "proxy-maven-central",
            description: "Shared proxy of public:maven-central; consuming repositories reach it as their last upstream.",
            externalConnections: { externalConnectionName: "public:maven-central" },
        });
        assert.deepEqual(props(r, "build-repo-maven-internal"), {
            domain: "acme",
            domainOwner: ACCOUNT,
            repository: "maven-internal",
            description: "JVM builds",
            upstreams: [{ repositoryName: "proxy-maven-central" }],
        });
    });

    it("outputs a settings.xml pointing at the repository with the token from the environment", () => {
        const xml: string = r.outputs.clientConfig["maven-internal"].mavenSettingsXml;
        const url = `https://${HOST}/maven/maven-internal/`;
        assert.deepEqual(Object.keys(r.outputs.clientConfig["maven-internal"]), ["mavenSettingsXml"]);
        assert.match(
            xml,
            /<server>\s*<id>acme-maven-internal<\/id>\s*<username>aws<\/username>\s*<password>\$\{env\.CODEARTIFACT_AUTH_TOKEN\}<\/password>\s*<\/server>/,
        );
        assert.match(
            xml,
            new RegExp(
                `<mirror>\\s*<id>acme-maven-internal</id>[\\s\\S]*?<url>${url.replace(/[.]/g, "\\.")}</url>\\s*<mirrorOf>\\*</mirrorOf>\\s*</mirror>`,
            ),
        );
        assert.deepEqual(r.outputs.endpoints, { "maven-internal": { maven: url } });
        assert.deepEqual(r.outputs.loginCommands, {
            "maven-internal": {
                token: `export CODEARTIFACT_AUTH_TOKEN=$(aws codeartifact get-authorization-token ${COMMON} --query authorizationToken --output text)`,
            },
        });
    });

    it("creates a role only EC2 can assume", () => {
        const role = props(r, "build-ec2-role");
        assert.deepEqual(policy(role.assumeRolePolicy), {
            Version: "2012-10-17",
            Statement: [{ Sid: "Ec2AssumeRole", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        assert.equal(role.name, undefined, "auto-named without ec2Access.roleName");
        assert.equal(role.description, "Build hosts of CodeArtifact domain acme");
    });

    it("lets the role read the maven repository AND its proxy, with the bearer token conditioned, and publish nothing", () => {
        const rp = props(r, "build-ec2-access");
        assert.equal(rp.role, "build-ec2-role-abc1234", "attached to the EC2 role");
        const s = statements(rp.policy);
        assert.deepEqual(Object.keys(s), ["GetAuthorizationToken", "GetServiceBearerToken", "Read"]);
        assertLoginStatements(s);
        assert.deepEqual(s.Read, {
            Sid: "Read",
            Effect: "Allow",
            Action: EXPECTED_READ_ACTIONS,
            Resource: [REPO_ARN("maven-internal"), REPO_ARN("proxy-maven-central")],
        });
    });

    it("wraps the role in an instance profile", () => {
        assert.equal(props(r, "build-ec2-profile").role, "build-ec2-role-abc1234");
        assert.equal(r.outputs.ec2RoleArn, `arn:aws:iam::${ACCOUNT}:role/build-ec2-role-abc1234`);
        assert.equal(r.outputs.ec2InstanceProfileName, "build-ec2-profile-abc1234");
    });

    it("creates nothing it was not asked for", () => {
        assert.deepEqual(r.resources.map((c) => c.type).sort(), [T.key, T.domain, T.repo, T.repo, T.role, T.rolePolicy, T.profile].sort());
        assert.equal(r.outputs.githubReadRoleArn, undefined);
        assert.equal(r.outputs.oidcProviderArn, undefined);
    });
});

describe("platform (b): a PyPI repository for pip", () => {
    let r: Run;
    before(async () => {
        r = await run("py", { domainName: "acme", repositories: [{ name: "py-internal", externalConnection: "public:pypi" }] });
    });

    it("serves pip: index URL and pip/twine login commands", () => {
        assert.deepEqual(r.outputs.clientConfig, { "py-internal": { pipIndexUrl: `https://${HOST}/pypi/py-internal/simple/` } });
        assert.deepEqual(r.outputs.endpoints, { "py-internal": { pypi: `https://${HOST}/pypi/py-internal/simple/` } });
        assert.deepEqual(r.outputs.loginCommands, {
            "py-internal": {
                pip: `aws codeartifact login --tool pip --repository py-internal ${COMMON}`,
                twine: `aws codeartifact login --tool twine --repository py-internal ${COMMON}`,
            },
        });
    });

    it("puts the connection on proxy-pypi only; the consuming repository lists it as its upstream", () => {
        const proxy = props(r, "py-proxy-pypi");
        assert.deepEqual(proxy.externalConnections, { externalConnectionName: "public:pypi" });
        assert.equal(proxy.upstreams, undefined);
        const repo = props(r, "py-repo-py-internal");
        assert.equal(repo.externalConnections, undefined);
        assert.deepEqual(repo.upstreams, [{ repositoryName: "proxy-pypi" }]);
        assert.deepEqual(r.outputs.proxyRepositoryNames, { "public:pypi": "proxy-pypi" });
        assert.deepEqual(r.outputs.repositoryArns, { "proxy-pypi": REPO_ARN("proxy-pypi"), "py-internal": REPO_ARN("py-internal") });
    });

    it("registers the proxy before the repository that uses it", () => {
        const names = ofType(r, T.repo).map((c) => c.name);
        assert.deepEqual(names, ["py-proxy-pypi", "py-repo-py-internal"]);
    });
});

describe("platform (c): npm + PyPI with GitHub OIDC read and tag-only publish roles", () => {
    let r: Run;
    const args: CodeArtifactPlatformArgs = {
        domainName: "acme",
        repositories: [
            { name: "npm-internal", externalConnection: "public:npmjs" },
            { name: "py-internal", externalConnection: "public:pypi" },
        ],
        githubActions: {
            readSubjects: ["repo:acme/*:ref:refs/heads/main", "repo:acme/app:environment:prod"],
            publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
            publishRepositories: ["npm-internal"],
        },
    };
    before(async () => {
        r = await run("ci", args);
    });

    it("creates one proxy per registry, holding the connections", () => {
        assert.deepEqual(props(r, "ci-proxy-npmjs").externalConnections, { externalConnectionName: "public:npmjs" });
        assert.deepEqual(props(r, "ci-proxy-pypi").externalConnections, { externalConnectionName: "public:pypi" });
        assert.deepEqual(props(r, "ci-repo-npm-internal").upstreams, [{ repositoryName: "proxy-npmjs" }]);
        assert.deepEqual(props(r, "ci-repo-py-internal").upstreams, [{ repositoryName: "proxy-pypi" }]);
        assert.equal(ofType(r, T.repo).filter((c) => r.byName.get(c.name)!.props.externalConnections).length, 2);
    });

    it("creates the GitHub OIDC provider for sts.amazonaws.com", () => {
        assert.deepEqual(props(r, "ci-github-oidc"), {
            url: "https://token.actions.githubusercontent.com",
            clientIdLists: ["sts.amazonaws.com"],
        });
        assert.equal(r.outputs.oidcProviderArn, `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC_HOST}`);
    });

    it("trusts the read subjects on the read role, aud pinned, exact subjects with StringEquals and patterns with StringLike", () => {
        const trust = policy(props(r, "ci-github-read").assumeRolePolicy);
        const federated = { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC_HOST}` };
        assert.deepEqual(trust.Statement, [
            {
                Sid: "GithubExactSubjects",
                Effect: "Allow",
                Principal: federated,
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { ...AUD, [`${OIDC_HOST}:sub`]: "repo:acme/app:environment:prod" } },
            },
            {
                Sid: "GithubSubjectPatterns",
                Effect: "Allow",
                Principal: federated,
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: AUD, StringLike: { [`${OIDC_HOST}:sub`]: "repo:acme/*:ref:refs/heads/main" } },
            },
        ]);
    });

    it("lets only tags v* of acme/lib assume the publish role", () => {
        const trust = policy(props(r, "ci-github-publish").assumeRolePolicy);
        assert.equal(trust.Statement.length, 1);
        assert.deepEqual(trust.Statement[0].Condition, {
            StringEquals: AUD,
            StringLike: { [`${OIDC_HOST}:sub`]: "repo:acme/lib:ref:refs/tags/v*" },
        });
        assert.ok(!JSON.stringify(trust).includes("refs/heads"), "branches cannot publish");
    });

    it("read role reads every consuming repository and every proxy, and publishes nothing", () => {
        const rp = props(r, "ci-github-read-access");
        assert.equal(rp.role, "ci-github-read-abc1234");
        const s = statements(rp.policy);
        assert.deepEqual(Object.keys(s), ["GetAuthorizationToken", "GetServiceBearerToken", "Read"]);
        assertLoginStatements(s);
        assert.deepEqual(s.Read.Resource, [
            REPO_ARN("npm-internal"),
            REPO_ARN("proxy-npmjs"),
            REPO_ARN("proxy-pypi"),
            REPO_ARN("py-internal"),
        ]);
    });

    it("publish role publishes only to npm-internal's package ARNs, and reads what it builds against", () => {
        const rp = props(r, "ci-github-publish-access");
        assert.equal(rp.role, "ci-github-publish-abc1234");
        const s = statements(rp.policy);
        assertLoginStatements(s);
        assert.deepEqual(s.Publish, { Sid: "Publish", Effect: "Allow", Action: PUBLISH_ACTIONS, Resource: PKG_ARN("npm-internal") });
        assert.deepEqual(s.Read.Resource, [REPO_ARN("npm-internal"), REPO_ARN("proxy-npmjs")]);
        assert.ok(!rp.policy.includes("py-internal"), "nothing on py-internal");
        assert.equal(r.outputs.githubPublishRoleArn, `arn:aws:iam::${ACCOUNT}:role/ci-github-publish-abc1234`);
        assert.equal(r.outputs.githubReadRoleArn, `arn:aws:iam::${ACCOUNT}:role/ci-github-read-abc1234`);
    });

    it("outputs npm and pip configuration for the two repositories", () => {
        assert.deepEqual(r.outputs.clientConfig, {
            "npm-internal": {
                npmrc: `registry=https://${HOST}/npm/npm-internal/\n//${HOST}/npm/npm-internal/:_authToken=\${CODEARTIFACT_AUTH_TOKEN}\n`,
            },
            "py-internal": { pipIndexUrl: `https://${HOST}/pypi/py-internal/simple/` },
        });
        assert.deepEqual(Object.keys(r.outputs.loginCommands["npm-internal"]), ["npm"]);
        assert.deepEqual(Object.keys(r.outputs.loginCommands["py-internal"]), ["pip", "twine"]);
    });

    it("has no publish role without publishSubjects", async () => {
        const readOnly = await run("ro", { ...args, githubActions: { readSubjects: ["repo:acme/app:ref:refs/heads/main"] } });
        assert.ok(readOnly.byName.has("ro-github-read"));
        assert.ok(!readOnly.byName.has("ro-github-publish"));
        assert.ok(!readOnly.byName.has("ro-github-publish-access"));
        assert.equal(readOnly.outputs.githubPublishRoleArn, undefined);
    });
});

describe("platform: encryption key", () => {
    it("creates a CMK with rotation on and a key policy that lets CodeArtifact use it, and encrypts the domain with it", async () => {
        const r = await run("k", { domainName: "acme", repositories: [{ name: "app" }] });
        const key = props(r, "k-key");
        assert.equal(key.enableKeyRotation, true);
        assert.equal(key.deletionWindowInDays, 30);
        assert.equal(key.description, "Encrypts CodeArtifact domain acme");
        const s = statements(key.policy);
        assert.deepEqual(s.AccountAdministersKey.Principal, { AWS: `arn:aws:iam::${ACCOUNT}:root` });
        assert.deepEqual(s.CodeArtifactUsesKey.Condition, {
            StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "codeartifact.us-east-1.amazonaws.com" },
        });
        assert.ok(
            asList(s.CodeArtifactUsesKey.Action).includes("kms:Decrypt") &&
                asList(s.CodeArtifactUsesKey.Action).includes("kms:GenerateDataKey*"),
        );
        const keyArn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/k-key-id`;
        assert.deepEqual(props(r, "k-domain"), { domain: "acme", encryptionKey: keyArn });
        assert.equal(r.outputs.kmsKeyArn, keyArn);
    });

    it("with kmsKeyArn given, creates no key and the domain uses the given one", async () => {
        const given = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const r = await run("g", { domainName: "acme", kmsKeyArn: given, repositories: [{ name: "app" }] });
        assert.deepEqual(ofType(r, T.key), []);
        assert.equal(props(r, "g-domain").encryptionKey, given);
        assert.equal(r.outputs.kmsKeyArn, given);
    });
});

describe("platform: upstream chains on the Repository inputs", () => {
    it("keeps listed order, appends the proxy last, and registers upstreams before their users", async () => {
        const r = await run("u", {
            domainName: "acme",
            repositories: [
                { name: "app", upstreams: ["team-b", "team-a"], externalConnection: "public:npmjs" },
                { name: "team-a", externalConnection: "public:npmjs" },
                { name: "team-b", upstreams: ["team-a"] },
            ],
        });
        assert.deepEqual(props(r, "u-repo-app").upstreams, [
            { repositoryName: "team-b" },
            { repositoryName: "team-a" },
            { repositoryName: "proxy-npmjs" },
        ]);
        assert.deepEqual(props(r, "u-repo-team-b").upstreams, [{ repositoryName: "team-a" }]);
        assert.deepEqual(props(r, "u-repo-team-a").upstreams, [{ repositoryName: "proxy-npmjs" }]);
        assert.deepEqual(
            ofType(r, T.repo).map((c) => c.name),
            ["u-proxy-npmjs", "u-repo-team-a", "u-repo-team-b", "u-repo-app"],
        );
        assert.equal(
            ofType(r, T.repo).filter((c) => r.byName.get(c.name)!.props.externalConnections).length,
            1,
            "one proxy for two repositories",
        );
    });
});

describe("platform: resource policies", () => {
    let r: Run;
    before(async () => {
        r = await run("pol", {
            domainName: "acme",
            repositories: [
                {
                    name: "npm-internal",
                    externalConnection: "public:npmjs",
                    readers: ["arn:aws:iam::555566667777:role/reader"],
                    publishers: ["arn:aws:iam::777788889999:role/ci"],
                },
                { name: "py-internal", externalConnection: "public:pypi" },
            ],
            crossAccountReaders: ["444455556666"],
        });
    });

    it("domain policy lets every reader, publisher and cross-account reader get a token, on this domain only", () => {
        const d = props(r, "pol-domain-policy");
        assert.equal(d.domain, "acme");
        assert.equal(d.domainOwner, ACCOUNT);
        assert.deepEqual(policy(d.policyDocument).Statement, [
            {
                Sid: "GetAuthorizationToken",
                Effect: "Allow",
                Principal: {
                    AWS: ["arn:aws:iam::444455556666:root", "arn:aws:iam::555566667777:role/reader", "arn:aws:iam::777788889999:role/ci"],
                },
                Action: "codeartifact:GetAuthorizationToken",
                Resource: DOMAIN_ARN(),
            },
        ]);
    });

    it("repository policy of npm-internal: read for readers, publishers and cross-account readers; publish on its packages", () => {
        const p = props(r, "pol-repo-policy-npm-internal");
        assert.equal(p.repository, "npm-internal");
        assert.equal(p.domain, "acme");
        assert.equal(p.domainOwner, ACCOUNT);
        const s = statements(p.policyDocument);
        assert.deepEqual(s.Read, {
            Sid: "Read",
            Effect: "Allow",
            Principal: {
                AWS: ["arn:aws:iam::444455556666:root", "arn:aws:iam::555566667777:role/reader", "arn:aws:iam::777788889999:role/ci"],
            },
            Action: EXPECTED_READ_ACTIONS,
            Resource: REPO_ARN("npm-internal"),
        });
        assert.deepEqual(s.Publish, {
            Sid: "Publish",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::777788889999:role/ci" },
            Action: PUBLISH_ACTIONS,
            Resource: PKG_ARN("npm-internal"),
        });
    });

    it("repository policy of py-internal: read for the cross-account reader only", () => {
        const s = statements(props(r, "pol-repo-policy-py-internal").policyDocument);
        assert.deepEqual(Object.keys(s), ["Read"]);
        assert.deepEqual(s.Read.Principal, { AWS: "arn:aws:iam::444455556666:root" });
    });

    it("gives proxies no policy, and creates no policies when nobody outside is granted anything", async () => {
        assert.deepEqual(
            ofType(r, T.repoPolicy)
                .map((c) => c.name)
                .sort(),
            ["pol-repo-policy-npm-internal", "pol-repo-policy-py-internal"],
        );
        const plain = await run("plain", { domainName: "acme", repositories: [{ name: "app", externalConnection: "public:npmjs" }] });
        assert.deepEqual(ofType(plain, T.repoPolicy), []);
        assert.deepEqual(ofType(plain, T.domainPolicy), []);
    });
});

describe("platform: EC2 access options", () => {
    it("uses ec2Access.roleName, reads only the named repositories (with their upstreams) and publishes to the named ones", async () => {
        const r = await run("e", {
            domainName: "acme",
            repositories: [
                { name: "npm-internal", externalConnection: "public:npmjs" },
                { name: "py-internal", externalConnection: "public:pypi" },
                { name: "lib", upstreams: ["npm-internal"] },
            ],
            ec2Access: { roleName: "ci-build-host", read: ["lib"], publish: ["lib"] },
        });
        assert.equal(props(r, "e-ec2-role").name, "ci-build-host");
        assert.equal(props(r, "e-ec2-profile").role, "ci-build-host");
        const s = statements(props(r, "e-ec2-access").policy);
        assert.deepEqual(s.Read.Resource, [REPO_ARN("lib"), REPO_ARN("npm-internal"), REPO_ARN("proxy-npmjs")]);
        assert.deepEqual(s.Publish.Resource, PKG_ARN("lib"));
        assert.ok(!JSON.stringify(s).includes("py-internal"));
    });

    it("accepts ec2Access passed as an Output (as a multi-language construct may), without a roleName", async () => {
        // A construct hands an input over as an Output when it depends on another resource.
        const { result, unhandled } = await withUnhandledRejections(() =>
            run("eo", {
                domainName: "acme",
                repositories: [{ name: "npm-internal", externalConnection: "public:npmjs" }],
                ec2Access: pulumi.output({ read: ["npm-internal"] }),
            }),
        );
        if (result.status === "rejected") assert.fail(`the EC2 role failed: ${result.reason?.message ?? result.reason}`);
        assert.deepEqual(unhandled, [], "no registration failed");
        const r = result.value;
        assert.equal(props(r, "eo-ec2-role").name, undefined, "auto-named, like the plain-value case");
        assert.deepEqual(statements(props(r, "eo-ec2-access").policy).Read.Resource, [REPO_ARN("npm-internal"), REPO_ARN("proxy-npmjs")]);
    });

    it("checks a roleName given through an Output", async () => {
        const r = await run("en", {
            domainName: "acme",
            repositories: [{ name: "app" }],
            ec2Access: pulumi.output({ roleName: "named-host" }),
        });
        assert.equal(props(r, "en-ec2-role").name, "named-host");
    });
});

describe("platform: data protection", () => {
    const kept = new Set([T.key, T.domain, T.repo]);
    const input = (dataProtection?: "retain" | "protect" | "none"): CodeArtifactPlatformArgs => ({
        domainName: "acme",
        repositories: [{ name: "npm-internal", externalConnection: "public:npmjs", readers: ["444455556666"] }],
        ec2Access: {},
        githubActions: { readSubjects: ["repo:acme/app:ref:refs/heads/main"] },
        ...(dataProtection ? { dataProtection } : {}),
    });
    const cases: [string, "retain" | "protect" | "none" | undefined, { retainOnDelete?: boolean; protect?: boolean }][] = [
        ["retain by default", undefined, { retainOnDelete: true }],
        ["retain", "retain", { retainOnDelete: true }],
        ["protect", "protect", { protect: true }],
        ["none", "none", {}],
    ];
    for (const [title, mode, expected] of cases) {
        it(`${title}: applies to the key, domain and repositories only`, async () => {
            const r = await run(`dp-${mode ?? "default"}`, input(mode));
            assert.deepEqual(
                [...new Set(r.resources.map((c) => c.type))].sort(),
                [T.key, T.domain, T.repo, T.domainPolicy, T.repoPolicy, T.role, T.rolePolicy, T.profile, T.oidc].sort(),
            );
            for (const c of r.resources) {
                const actual = { retainOnDelete: c.opts.retainOnDelete, protect: c.opts.protect };
                const want = kept.has(c.type) ? expected : {};
                assert.deepEqual(actual, { retainOnDelete: want.retainOnDelete, protect: want.protect }, `${c.type} ${c.name}`);
            }
        });
    }
});

describe("platform: tags and parents", () => {
    let r: Run;
    const tags = { team: "platform", "cost-center": "42" };
    before(async () => {
        r = await run("t", {
            domainName: "acme",
            repositories: [
                { name: "npm-internal", externalConnection: "public:npmjs", readers: ["444455556666"] },
                { name: "py-internal", externalConnection: "public:pypi" },
            ],
            crossAccountReaders: ["555566667777"],
            ec2Access: { publish: ["npm-internal"] },
            githubActions: {
                readSubjects: ["repo:acme/app:ref:refs/heads/main"],
                publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
                publishRepositories: ["npm-internal"],
            },
            tags,
        });
    });

    it("tags every taggable child and nothing else", () => {
        const taggable = new Set([T.key, T.domain, T.repo, T.role, T.profile, T.oidc]);
        const types = new Set(r.resources.map((c) => c.type));
        for (const t of [...taggable, T.rolePolicy, T.domainPolicy, T.repoPolicy]) assert.ok(types.has(t), `reference run lacks ${t}`);
        for (const c of r.resources) {
            const p = props(r, c.name);
            if (taggable.has(c.type)) assert.deepEqual(p.tags, tags, `${c.type} ${c.name}`);
            else assert.ok(!("tags" in p), `${c.type} ${c.name} has no tags input`);
        }
    });

    it("parents every child to the component", async () => {
        for (const c of r.resources) assert.equal(c.parentType, PLATFORM_TOKEN, `${c.type} ${c.name}`);
        // Independently of the recorder: each child's URN is qualified by the component's type.
        await settle();
        const urns = registeredUrns().filter((u) => u.split("::")[3]?.startsWith("t-"));
        assert.equal(urns.length, r.resources.length);
        for (const u of urns) assert.match(u, /^urn:pulumi:stack::project::codeartifact-platform:index:CodeArtifactPlatform\$aws:/, u);
    });
});

describe("platform: every policy document it emits", () => {
    it('grants no codeartifact:* and uses Resource "*" only for the bearer token and in the key policy', async () => {
        const r = await run("all", {
            domainName: "acme",
            repositories: [
                {
                    name: "npm-internal",
                    externalConnection: "public:npmjs",
                    readers: ["444455556666"],
                    publishers: ["arn:aws:iam::777788889999:role/ci"],
                },
                { name: "py-internal", upstreams: ["npm-internal"], externalConnection: "public:pypi" },
            ],
            crossAccountReaders: ["555566667777"],
            ec2Access: { publish: ["py-internal"] },
            githubActions: {
                readSubjects: ["repo:acme/app:ref:refs/heads/main"],
                publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
                publishRepositories: ["npm-internal"],
            },
        });
        let documents = 0;
        for (const c of r.resources) {
            const p = props(r, c.name);
            for (const field of ["policy", "assumeRolePolicy", "policyDocument"]) {
                if (typeof p[field] !== "string") continue;
                documents++;
                const doc = policy(p[field]);
                assert.equal(doc.Version, "2012-10-17");
                assert.ok(!p[field].includes("codeartifact:*"), `${c.name}.${field}`);
                for (const st of doc.Statement) {
                    const resources = asList(st.Resource);
                    if (st.Resource !== undefined) assert.ok(resources.length > 0, `${c.name}.${field} ${st.Sid}: empty Resource`);
                    if (resources.includes("*")) {
                        assert.ok(c.type === T.key || st.Sid === "GetServiceBearerToken", `${c.name}.${field} ${st.Sid}: Resource "*"`);
                    }
                    for (const a of asList(st.Action)) {
                        if (/^codeartifact:(Publish|Put)/.test(a)) {
                            for (const res of resources)
                                assert.match(res, /^arn:aws:codeartifact:us-east-1:111122223333:package\/acme\/[^/*]+\/\*$/);
                        }
                    }
                    if (st.Principal?.AWS)
                        for (const pr of asList(st.Principal.AWS))
                            assert.ok(pr === "*" ? c.type === T.key : /^arn:aws:iam::\d{12}:/.test(pr), pr);
                }
            }
        }
        // key, domain policy, 2 repository policies, 3 roles' trust + 3 role policies
        assert.equal(documents, 10);
    });
});

describe("platform: repositories passed as an Output", () => {
    it("reads descriptions, readers and upstreams through the Output", async () => {
        const r = await run("out", {
            domainName: "acme",
            repositories: pulumi.output([
                { name: "lib", description: "shared libraries", readers: ["444455556666"] },
                { name: "app", upstreams: ["lib"], externalConnection: "public:npmjs" as const },
            ]),
        });
        assert.equal(props(r, "out-repo-lib").description, "shared libraries");
        assert.deepEqual(props(r, "out-repo-app").upstreams, [{ repositoryName: "lib" }, { repositoryName: "proxy-npmjs" }]);
        assert.deepEqual(statements(props(r, "out-repo-policy-lib").policyDocument).Read.Principal, {
            AWS: "arn:aws:iam::444455556666:root",
        });
    });
});

describe("platform: reusing an existing GitHub OIDC provider", () => {
    it("creates no OpenIdConnectProvider and trusts the given ARN", async () => {
        const existing = `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC_HOST}`;
        const r = await run("reuse", {
            domainName: "acme",
            repositories: [{ name: "app" }],
            githubActions: { oidcProviderArn: existing, readSubjects: ["repo:acme/app:ref:refs/heads/main"] },
        });
        assert.deepEqual(ofType(r, T.oidc), []);
        assert.deepEqual(policy(props(r, "reuse-github-read").assumeRolePolicy).Statement[0].Principal, { Federated: existing });
        assert.equal(r.outputs.oidcProviderArn, existing);
    });
});

describe("platform: bad input", () => {
    async function assertRefusedBeforeAnyChild(name: string, args: CodeArtifactPlatformArgs, problem: string) {
        const before = registrations.length;
        await assert.rejects(run(name, args), (e: unknown) => {
            assert.ok(e instanceof PlatformInputError, `expected PlatformInputError, got ${e}`);
            assert.deepEqual(e.problems, [problem]);
            return true;
        });
        assert.deepEqual(recordedSoFar(), [], "the recorder saw no resource");
        await settle();
        assert.deepEqual(
            registrations.slice(before).filter((x) => x.name.startsWith(name)),
            [],
            "the mocks saw no registration",
        );
        assert.deepEqual(
            registeredUrns().filter((u) => u.endsWith(`::${name}`) || u.includes(`::${name}-`)),
            [],
        );
    }

    it("throws PlatformInputError and registers nothing, not even the component", async () => {
        await assertRefusedBeforeAnyChild(
            "bad1",
            {
                domainName: "acme",
                repositories: [{ name: "npm-internal" }, { name: "py-internal" }, { name: "app", upstreams: ["libs"] }],
            },
            `repositories[2].upstreams: "libs" is not a repository of this platform (known: npm-internal, py-internal)`,
        );
    });

    it("refuses a malformed reader given as an Output, before any resource", async () => {
        await assertRefusedBeforeAnyChild(
            "bad2",
            {
                domainName: "acme",
                repositories: [{ name: "app", readers: [pulumi.output("not-an-arn")] }],
            },
            `repositories[0].readers[0]: "not-an-arn" is not a 12-digit account ID or an IAM principal ARN (arn:PARTITION:iam::ACCOUNT:root, role/NAME or user/NAME)`,
        );
    });

    it("refuses a malformed reader from an Output that resolves asynchronously, before any resource", async () => {
        await assertRefusedBeforeAnyChild(
            "bad3",
            {
                domainName: "acme",
                repositories: pulumi.output(Promise.resolve([{ name: "app", readers: [pulumi.output(Promise.resolve("not-an-arn"))] }])),
            },
            `repositories[0].readers[0]: "not-an-arn" is not a 12-digit account ID or an IAM principal ARN (arn:PARTITION:iam::ACCOUNT:root, role/NAME or user/NAME)`,
        );
    });

    it("refuses a wildcard publish subject given as an Output", async () => {
        await assertRefusedBeforeAnyChild(
            "bad4",
            {
                domainName: "acme",
                repositories: [{ name: "app" }],
                githubActions: pulumi.output({
                    readSubjects: ["repo:acme/app:ref:refs/heads/main"],
                    publishSubjects: ["repo:*"],
                    publishRepositories: ["app"],
                }),
            },
            `githubActions.publishSubjects[0]: "repo:*" is not allowed: a subject must start with "repo:OWNER/" with a literal owner (e.g. "repo:acme/app:ref:refs/tags/v*"), or any GitHub repository could assume the role`,
        );
    });

    it("still checks a reader that was unknown at construct time, when it resolves", async () => {
        const { result, unhandled } = await withUnhandledRejections(() =>
            run("late", {
                domainName: "acme",
                repositories: [{ name: "app", readers: [resolvesLater("not-an-arn")] }],
            }),
        );
        assert.equal(result.status, "rejected", "the bad reader must not reach a policy");
        const reason = (result as PromiseRejectedResult).reason;
        assert.match(
            String(reason?.message ?? reason),
            /invalid CodeArtifactPlatform input: repositories\[0\]\.readers\[0\]: "not-an-arn" is not a 12-digit account ID or an IAM principal ARN/,
        );
        // Construct-time validation let it through (it was unknown), so the children exist...
        const recorded = recordedSoFar().map((c) => c.name);
        assert.ok(recorded.includes("late-repo-app") && recorded.includes("late-repo-policy-app"));
        // ...and the registrations that needed the reader fail with the same error, and nothing else.
        assertOnlyInputErrors(unhandled, [`repositories[0].readers[0]: "not-an-arn" ${PRINCIPAL_RULE}`]);
    });

    it("still checks a publish subject that was unknown at construct time, when it resolves", async () => {
        const { result, unhandled } = await withUnhandledRejections(() =>
            run("late2", {
                domainName: "acme",
                repositories: [{ name: "app" }],
                githubActions: {
                    readSubjects: ["repo:acme/app:ref:refs/heads/main"],
                    publishSubjects: [resolvesLater("repo:*/*")],
                    publishRepositories: ["app"],
                },
            }),
        );
        assert.equal(result.status, "rejected");
        assert.match(String((result as PromiseRejectedResult).reason), /githubActions\.publishSubjects\[0\]: "repo:\*\/\*" is not allowed/);
        assertOnlyInputErrors(unhandled, [`githubActions.publishSubjects[0]: "repo:*/*" ${SUBJECT_RULE}`]);
    });

    it("a value known at construct time that resolves later passes both checks when valid", async () => {
        const r = await run("ok-late", {
            domainName: "acme",
            repositories: [{ name: "app", readers: [resolvesLater("arn:aws:iam::444455556666:role/reader")] }],
        });
        assert.deepEqual(statements(props(r, "ok-late-repo-policy-app").policyDocument).Read.Principal, {
            AWS: "arn:aws:iam::444455556666:role/reader",
        });
    });
});
