// Pure IAM and resource policy document builders: each document checked statement by statement.
import { strict as assert } from "assert";
import { EXPECTED_READ_ACTIONS } from "./harness";
import {
    accessPolicy,
    CODEARTIFACT_SERVICE,
    domainPolicy,
    ec2TrustPolicy,
    githubTrustPolicy,
    kmsKeyPolicy,
    PolicyDocument,
    PUBLISH_ACTIONS,
    READ_ACTIONS,
    repositoryPolicy,
    Statement,
    TOKEN_ACTION,
} from "../src/documents";

const DOMAIN = "arn:aws:codeartifact:us-east-1:111122223333:domain/acme";
const REPO = (name: string) => `arn:aws:codeartifact:us-east-1:111122223333:repository/acme/${name}`;
const PKGS = (name: string) => `arn:aws:codeartifact:us-east-1:111122223333:package/acme/${name}/*`;
const OIDC = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";

const EXPECTED_PUBLISH_ACTIONS = ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"];

const bySid = (d: PolicyDocument) => Object.fromEntries(d.Statement.map((s) => [s.Sid, s]));
const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Rules every document the component emits must follow (round-tripped through JSON as deployed). */
function assertWellFormed(d: PolicyDocument, allowStarResource: (s: Statement) => boolean) {
    const parsed = JSON.parse(JSON.stringify(d)) as PolicyDocument;
    assert.equal(parsed.Version, "2012-10-17");
    assert.ok(parsed.Statement.length > 0, "a policy needs at least one statement");
    const sids = parsed.Statement.map((s) => s.Sid);
    assert.equal(new Set(sids).size, sids.length, `duplicate Sid in ${sids}`);
    for (const s of parsed.Statement) {
        assert.equal(s.Effect, "Allow");
        assert.match(s.Sid, /^[A-Za-z0-9]+$/, "Sid must be alphanumeric");
        for (const a of asList(s.Action)) {
            assert.ok(!/^codeartifact:\*$/.test(a) && !/^\*$/.test(a), `wildcard action ${a} in ${s.Sid}`);
        }
        if (s.Resource !== undefined) {
            const resources = asList(s.Resource);
            assert.ok(resources.length > 0, `statement ${s.Sid} has an empty Resource list (IAM rejects it)`);
            if (resources.includes("*")) assert.ok(allowStarResource(s), `Resource "*" in ${s.Sid}`);
        }
    }
    assert.ok(!JSON.stringify(d).includes("codeartifact:*"), "no codeartifact:* anywhere");
}
const onlyBearerToken = (s: Statement) => s.Sid === "GetServiceBearerToken";

describe("action lists", () => {
    it("read is exactly the nine read-only CodeArtifact actions", () => {
        assert.deepEqual(READ_ACTIONS, EXPECTED_READ_ACTIONS);
        for (const a of READ_ACTIONS) assert.doesNotMatch(a, /Publish|Put|Delete|Dispose|Update|Copy|Create|Associate|Tag/);
    });
    it("publish is exactly PublishPackageVersion and PutPackageMetadata", () => {
        assert.deepEqual(PUBLISH_ACTIONS, EXPECTED_PUBLISH_ACTIONS);
        assert.equal(TOKEN_ACTION, "codeartifact:GetAuthorizationToken");
    });
});

describe("domainPolicy", () => {
    it("grants only GetAuthorizationToken on the domain, to sorted, de-duplicated principals with account IDs as roots", () => {
        const d = domainPolicy(DOMAIN, ["555566667777", "arn:aws:iam::444455556666:role/ci", "444455556666", "555566667777"]);
        assert.deepEqual(d, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "GetAuthorizationToken",
                    Effect: "Allow",
                    Principal: {
                        AWS: ["arn:aws:iam::444455556666:role/ci", "arn:aws:iam::444455556666:root", "arn:aws:iam::555566667777:root"],
                    },
                    Action: "codeartifact:GetAuthorizationToken",
                    Resource: DOMAIN,
                },
            ],
        });
        assertWellFormed(d, () => false);
    });
    it("uses a single principal string, and the domain's partition for roots", () => {
        const cn = "arn:aws-cn:codeartifact:cn-north-1:111122223333:domain/acme";
        const d = domainPolicy(cn, ["444455556666"]);
        assert.deepEqual(d.Statement[0].Principal, { AWS: "arn:aws-cn:iam::444455556666:root" });
        assert.equal(d.Statement[0].Resource, cn);
    });
});

describe("repositoryPolicy", () => {
    it("grants read to readers and publishers on the repository, publish to publishers on its packages only", () => {
        const d = repositoryPolicy(
            REPO("app"),
            ["444455556666", "arn:aws:iam::444455556666:role/reader"],
            ["arn:aws:iam::777788889999:role/ci"],
        );
        assert.deepEqual(d.Statement, [
            {
                Sid: "Read",
                Effect: "Allow",
                Principal: {
                    AWS: ["arn:aws:iam::444455556666:role/reader", "arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:role/ci"],
                },
                Action: EXPECTED_READ_ACTIONS,
                Resource: REPO("app"),
            },
            {
                Sid: "Publish",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::777788889999:role/ci" },
                Action: EXPECTED_PUBLISH_ACTIONS,
                Resource: "arn:aws:codeartifact:us-east-1:111122223333:package/acme/app/*",
            },
        ]);
        assertWellFormed(d, () => false);
    });
    it("has no publish statement without publishers", () => {
        const d = repositoryPolicy(REPO("app"), ["444455556666"], []);
        assert.deepEqual(
            d.Statement.map((s) => s.Sid),
            ["Read"],
        );
        assert.deepEqual(d.Statement[0].Principal, { AWS: "arn:aws:iam::444455556666:root" });
    });
    it("turns publisher account IDs into roots in both statements", () => {
        const s = bySid(repositoryPolicy(REPO("lib"), [], ["444455556666"]));
        assert.deepEqual(s.Read.Principal, { AWS: "arn:aws:iam::444455556666:root" });
        assert.deepEqual(s.Publish.Principal, { AWS: "arn:aws:iam::444455556666:root" });
        assert.equal(s.Publish.Resource, PKGS("lib"));
    });
});

describe("accessPolicy (identity policy of a role that logs in)", () => {
    it("reads only: token on the domain, bearer token conditioned on CodeArtifact, read on the listed repositories", () => {
        const d = accessPolicy(DOMAIN, [REPO("npm-internal"), REPO("proxy-npmjs")]);
        assert.deepEqual(d, {
            Version: "2012-10-17",
            Statement: [
                { Sid: "GetAuthorizationToken", Effect: "Allow", Action: "codeartifact:GetAuthorizationToken", Resource: DOMAIN },
                {
                    Sid: "GetServiceBearerToken",
                    Effect: "Allow",
                    Action: "sts:GetServiceBearerToken",
                    Resource: "*",
                    Condition: { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } },
                },
                { Sid: "Read", Effect: "Allow", Action: EXPECTED_READ_ACTIONS, Resource: [REPO("npm-internal"), REPO("proxy-npmjs")] },
            ],
        });
        assert.equal(CODEARTIFACT_SERVICE, "codeartifact.amazonaws.com");
        assertWellFormed(d, onlyBearerToken);
    });
    it("publishes only on the packages of the publish repositories, and reads them too", () => {
        const d = accessPolicy(DOMAIN, [REPO("proxy-npmjs"), REPO("app")], [REPO("lib"), REPO("app")]);
        const s = bySid(d);
        assert.deepEqual(Object.keys(s), ["GetAuthorizationToken", "GetServiceBearerToken", "Read", "Publish"]);
        assert.deepEqual(s.Read.Resource, [REPO("app"), REPO("lib"), REPO("proxy-npmjs")], "sorted, de-duplicated");
        assert.deepEqual(s.Publish, {
            Sid: "Publish",
            Effect: "Allow",
            Action: EXPECTED_PUBLISH_ACTIONS,
            Resource: [PKGS("app"), PKGS("lib")],
        });
        for (const r of asList(s.Publish.Resource)) {
            assert.match(r, /^arn:aws:codeartifact:us-east-1:111122223333:package\/acme\/[^/*]+\/\*$/);
        }
        assertWellFormed(d, onlyBearerToken);
    });
    it("uses a single Resource string for one repository", () => {
        assert.equal(bySid(accessPolicy(DOMAIN, [REPO("app")])).Read.Resource, REPO("app"));
        assert.equal(bySid(accessPolicy(DOMAIN, [], [REPO("app")])).Publish.Resource, PKGS("app"));
    });
    it("emits no statement with an empty Resource when there is nothing to read (ec2Access.read: [])", () => {
        // IAM rejects `"Resource": []` (MalformedPolicyDocument), so an empty read list must drop the
        // Read statement rather than emit it empty.
        const d = accessPolicy(DOMAIN, []);
        assertWellFormed(d, onlyBearerToken);
        assert.deepEqual(
            d.Statement.map((s) => s.Sid),
            ["GetAuthorizationToken", "GetServiceBearerToken"],
        );
    });
});

describe("ec2TrustPolicy", () => {
    it("lets only EC2 assume the role", () => {
        assert.deepEqual(ec2TrustPolicy(), {
            Version: "2012-10-17",
            Statement: [{ Sid: "Ec2AssumeRole", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
    });
});

describe("githubTrustPolicy", () => {
    const AUD = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
    const base = { Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity" };

    it("pins exact subjects with StringEquals, aud included", () => {
        const d = githubTrustPolicy(OIDC, ["repo:acme/app:ref:refs/heads/main", "repo:acme/api:ref:refs/heads/main"]);
        assert.deepEqual(d.Statement, [
            {
                Sid: "GithubExactSubjects",
                ...base,
                Condition: {
                    StringEquals: {
                        ...AUD,
                        "token.actions.githubusercontent.com:sub": [
                            "repo:acme/api:ref:refs/heads/main",
                            "repo:acme/app:ref:refs/heads/main",
                        ],
                    },
                },
            },
        ]);
        assertWellFormed(d, () => false);
    });

    it("matches wildcard subjects with StringLike in a statement of its own, aud still pinned", () => {
        const d = githubTrustPolicy(OIDC, ["repo:acme/lib:ref:refs/tags/v*"]);
        assert.deepEqual(d.Statement, [
            {
                Sid: "GithubSubjectPatterns",
                ...base,
                Condition: {
                    StringEquals: AUD,
                    StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/lib:ref:refs/tags/v*" },
                },
            },
        ]);
    });

    it("splits a mix: exact subjects never go to StringLike, patterns never to StringEquals; aud in every statement", () => {
        const d = githubTrustPolicy(OIDC, [
            "repo:acme/b:ref:refs/tags/v*",
            "repo:acme/app:environment:prod",
            "repo:acme/a?:ref:refs/heads/main",
        ]);
        const s = bySid(d);
        assert.deepEqual(Object.keys(s), ["GithubExactSubjects", "GithubSubjectPatterns"]);
        assert.deepEqual(s.GithubExactSubjects.Condition, {
            StringEquals: { ...AUD, "token.actions.githubusercontent.com:sub": "repo:acme/app:environment:prod" },
        });
        assert.deepEqual(s.GithubSubjectPatterns.Condition, {
            StringEquals: AUD,
            StringLike: { "token.actions.githubusercontent.com:sub": ["repo:acme/a?:ref:refs/heads/main", "repo:acme/b:ref:refs/tags/v*"] },
        });
        for (const st of d.Statement) {
            assert.equal(st.Condition!.StringEquals["token.actions.githubusercontent.com:aud"], "sts.amazonaws.com");
            assert.deepEqual(st.Principal, { Federated: OIDC });
            assert.equal(st.Action, "sts:AssumeRoleWithWebIdentity");
            assert.equal(st.Resource, undefined);
        }
    });
});

describe("kmsKeyPolicy", () => {
    it("lets the account administer the key and CodeArtifact in this account and region use it", () => {
        const d = kmsKeyPolicy("aws", "111122223333", "us-east-1");
        assert.deepEqual(d.Statement, [
            {
                Sid: "AccountAdministersKey",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::111122223333:root" },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CodeArtifactUsesKey",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
                Resource: "*",
                Condition: {
                    StringEquals: { "kms:CallerAccount": "111122223333", "kms:ViaService": "codeartifact.us-east-1.amazonaws.com" },
                },
            },
        ]);
        // In a key policy "*" is the key itself; the open principal is bounded by both conditions.
        assertWellFormed(d, () => true);
    });
    it("uses the partition's DNS suffix and root ARN in aws-cn", () => {
        const s = bySid(kmsKeyPolicy("aws-cn", "111122223333", "cn-north-1"));
        assert.equal(s.AccountAdministersKey.Principal!.AWS, "arn:aws-cn:iam::111122223333:root");
        assert.deepEqual(s.CodeArtifactUsesKey.Condition, {
            StringEquals: { "kms:CallerAccount": "111122223333", "kms:ViaService": "codeartifact.cn-north-1.amazonaws.com.cn" },
        });
    });
});
