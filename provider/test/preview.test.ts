// Every policy document is built from names and what the invokes report (partition, region,
// account), so it is complete before AWS has created anything: what `pulumi preview` shows a
// reviewer is what `up` applies. Here the mocks report no ARN for any created resource (as a
// create during preview) and another partition, region and account than the other tests.
import { strict as assert } from "assert";
import { CodeArtifactPlatformArgs } from "../src/args";
import { DEFAULT_WORLD, mockWorld, policy, run, Run } from "./harness";

const WORLD = { partition: "aws-cn", region: "cn-north-1", account: "999988887777" };
const CA = `arn:aws-cn:codeartifact:cn-north-1:999988887777`;

const args: CodeArtifactPlatformArgs = {
    domainName: "acme",
    repositories: [
        {
            name: "npm-internal",
            externalConnection: "public:npmjs",
            readers: ["444455556666"],
            publishers: ["arn:aws-cn:iam::777788889999:role/ci"],
        },
        { name: "apps", upstreams: ["npm-internal"] },
    ],
    crossAccountReaders: ["555566667777"],
    ec2Access: { publish: ["apps"] },
    githubActions: {
        readSubjects: ["repo:acme/app:ref:refs/heads/main"],
        publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
        publishRepositories: ["npm-internal"],
    },
};

/** The parsed document of a child's property. */
const doc = (r: Run, name: string, field: string) => policy(r.byName.get(name)!.props[field]);
const stmt = (d: { Statement: { Sid: string }[] }, sid: string) => d.Statement.find((s) => s.Sid === sid) as Record<string, any>;

describe("platform: documents known before AWS names anything (preview)", () => {
    let r: Run;
    before(async () => {
        Object.assign(mockWorld, WORLD, { reportArns: false });
        try {
            r = await run("pv", args);
        } finally {
            Object.assign(mockWorld, DEFAULT_WORLD);
        }
    });

    it("builds the repository policy's ARNs from the names", () => {
        const d = doc(r, "pv-repo-policy-npm-internal", "policyDocument");
        assert.equal(stmt(d, "Read").Resource, `${CA}:repository/acme/npm-internal`);
        assert.equal(stmt(d, "Publish").Resource, `${CA}:package/acme/npm-internal/*`);
    });

    it("builds the domain policy's ARN from the domain name", () => {
        assert.equal(stmt(doc(r, "pv-domain-policy", "policyDocument"), "GetAuthorizationToken").Resource, `${CA}:domain/acme`);
    });

    it("builds every role policy from names: the read role reads every repository and proxy", () => {
        const d = doc(r, "pv-github-read-access", "policy");
        assert.equal(stmt(d, "GetAuthorizationToken").Resource, `${CA}:domain/acme`);
        assert.deepEqual(stmt(d, "Read").Resource, [
            `${CA}:repository/acme/apps`,
            `${CA}:repository/acme/npm-internal`,
            `${CA}:repository/acme/proxy-npmjs`,
        ]);
        assert.equal(stmt(doc(r, "pv-ec2-access", "policy"), "Publish").Resource, `${CA}:package/acme/apps/*`);
        assert.equal(stmt(doc(r, "pv-github-publish-access", "policy"), "Publish").Resource, `${CA}:package/acme/npm-internal/*`);
    });

    it("trusts the OIDC provider it creates by the ARN IAM gives it, and waits for it", () => {
        const trust = doc(r, "pv-github-read", "assumeRolePolicy");
        assert.equal(
            stmt(trust, "GithubExactSubjects").Principal.Federated,
            "arn:aws-cn:iam::999988887777:oidc-provider/token.actions.githubusercontent.com",
        );
        for (const role of ["pv-github-read", "pv-github-publish"]) {
            const deps = (r.byName.get(role)!.opts.dependsOn ?? []) as { __name?: string }[];
            assert.deepEqual(
                deps.map((d) => d.__name),
                ["pv-github-oidc"],
                `${role} depends on the OIDC provider`,
            );
        }
    });

    it("writes the key policy for the partition, account and region the invokes report", () => {
        const d = doc(r, "pv-key", "policy");
        assert.equal(stmt(d, "AccountAdministersKey").Principal.AWS, "arn:aws-cn:iam::999988887777:root");
        assert.equal(stmt(d, "CodeArtifactUsesKey").Condition.StringEquals["kms:ViaService"], "codeartifact.cn-north-1.amazonaws.com.cn");
    });

    it("knows the endpoints and login commands too", () => {
        assert.equal(
            r.outputs.endpoints["npm-internal"].npm,
            "https://acme-999988887777.d.codeartifact.cn-north-1.amazonaws.com.cn/npm/npm-internal/",
        );
        assert.match(r.outputs.loginCommands.apps.npm, /--domain acme --domain-owner 999988887777 --region cn-north-1/);
    });

    it("leaves no document with an undefined or missing ARN", () => {
        for (const c of r.resources) {
            for (const field of ["policy", "assumeRolePolicy", "policyDocument"]) {
                const text = c.name && r.byName.get(c.name)!.props[field];
                if (typeof text !== "string") continue;
                assert.ok(!/undefined|null/.test(text), `${c.name}.${field}: ${text}`);
                for (const arn of text.match(/arn:[^"]+/g) ?? []) {
                    assert.match(arn, /^arn:aws-cn:/, `${c.name}.${field}: ${arn}`);
                    if (/:codeartifact:|:oidc-provider\//.test(arn))
                        assert.match(arn, /^arn:aws-cn:(codeartifact:cn-north-1|iam:):999988887777:/, `${c.name}.${field}: ${arn}`);
                }
            }
        }
    });
});
