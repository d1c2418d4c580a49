// Teams and accounts: named GitHub roles, a permissions boundary on every role, organization-wide
// read, managed read/publish policies, the identity documents and the GitHub workflow outputs.
import { strict as assert } from "assert";
import { CodeArtifactPlatformArgs } from "../src/args";
import { validatePlatform } from "../src/validate";
import { ACCOUNT, policy, problemsOf, run, Run } from "./harness";

const ORG = "o-a1b2c3d4e5";
const OU = `${ORG}/r-ab12/ou-ab12-11111111/`;
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/PlatformBoundary`;
const CA = `arn:aws:codeartifact:us-east-1:${ACCOUNT}`;

const base: CodeArtifactPlatformArgs = {
    domainName: "acme",
    repositories: [
        { name: "npm-internal", externalConnection: "public:npmjs" },
        { name: "apps", upstreams: ["npm-internal"] },
    ],
};
const github = {
    readSubjects: ["repo:acme/*"],
    publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
    publishRepositories: ["npm-internal"],
};

const props = (r: Run, name: string) => {
    const c = r.byName.get(name);
    assert.ok(c, `${name} not registered (have ${[...r.byName.keys()].join(", ")})`);
    return c.props;
};
const statements = (json: string) =>
    Object.fromEntries((policy(json).Statement as { Sid: string }[]).map((s) => [s.Sid, s as Record<string, any>]));

describe("teams and accounts: validation", () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
        [
            "a malformed organization id",
            { organizationId: "o-ABC" },
            [`organizationId: "o-ABC" is not an AWS Organizations ID ("o-" followed by 10-32 lowercase letters or digits)`],
        ],
        [
            "a malformed OU path",
            { organizationId: ORG, organizationalUnitPaths: ["o-a1b2c3d4e5/ou-1"] },
            [
                `organizationalUnitPaths[0]: "o-a1b2c3d4e5/ou-1" is not an organizational unit path (o-ORG/r-ROOT/ou-ROOT-OU/ with one or more OUs, optionally ending in "*", e.g. "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/")`,
            ],
        ],
        [
            "an OU path of another organization",
            { organizationId: ORG, organizationalUnitPaths: ["o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/"] },
            [
                `organizationalUnitPaths[0]: "o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/" is not in organization o-a1b2c3d4e5 (a path starts with the organization ID)`,
            ],
        ],
        [
            "OU paths without an organization",
            { organizationalUnitPaths: [OU] },
            [`organizationalUnitPaths: needs organizationId (the paths narrow the organization's read grant)`],
        ],
        [
            "a boundary that is not a policy ARN",
            { permissionsBoundary: `arn:aws:iam::${ACCOUNT}:role/Boundary` },
            [
                `permissionsBoundary: "arn:aws:iam::111122223333:role/Boundary" is not an IAM managed policy ARN (arn:PARTITION:iam::ACCOUNT:policy/NAME, or arn:PARTITION:iam::aws:policy/NAME)`,
            ],
        ],
        [
            "a bad role name",
            { githubActions: { ...github, readRoleName: "has space" } },
            [`githubActions.readRoleName: "has space" is not an IAM role name (1-64 characters of letters, digits and +=,.@_-)`],
        ],
        [
            "one name for two roles",
            { ec2Access: { roleName: "ci" }, githubActions: { ...github, readRoleName: "ci", publishRoleName: "ci" } },
            [
                `githubActions.readRoleName: "ci" is also ec2Access.roleName (an account holds one role per name)`,
                `githubActions.publishRoleName: "ci" is also ec2Access.roleName (an account holds one role per name)`,
            ],
        ],
        [
            "a publish role name without a publish role",
            { githubActions: { readSubjects: ["repo:acme/*"], publishRoleName: "pub" } },
            [
                `githubActions.publishRoleName: names a publish role that is not created (set publishSubjects and publishRepositories, or drop the name)`,
            ],
        ],
        [
            "a bad policy name",
            { managedPolicies: { readPolicyName: "a/b" } },
            [`managedPolicies.readPolicyName: "a/b" is not an IAM policy name (1-128 characters of letters, digits and +=,.@_-)`],
        ],
        [
            "one name for both policies",
            { managedPolicies: { readPolicyName: "Access", publish: ["apps"], publishPolicyName: "Access" } },
            [`managedPolicies.publishPolicyName: "Access" is also managedPolicies.readPolicyName (an account holds one policy per name)`],
        ],
        [
            "publish repositories that are not the platform's",
            { managedPolicies: { publish: ["web", "proxy-npmjs"] } },
            [
                `managedPolicies.publish: "web" is not a repository of this platform (known: npm-internal, apps)`,
                `managedPolicies.publish: "proxy-npmjs" is not a repository of this platform (known: npm-internal, apps)`,
            ],
        ],
        [
            "a publish policy name without publish repositories",
            { managedPolicies: { publishPolicyName: "W" } },
            [
                `managedPolicies.publishPolicyName: names a publish policy that is not created (list its repositories in managedPolicies.publish)`,
            ],
        ],
        [
            "a read policy name with read off",
            { managedPolicies: { read: false, readPolicyName: "R" } },
            [`managedPolicies.readPolicyName: names a read policy that is not created (managedPolicies.read is false)`],
        ],
    ];
    for (const [title, extra, problems] of cases) {
        it(`refuses ${title}`, () => assert.deepEqual(problemsOf({ ...base, ...extra }), problems));
    }

    it("reports every problem of these inputs together, before any child", () => {
        assert.equal(problemsOf({ ...base, organizationId: "x", permissionsBoundary: "y", managedPolicies: { publish: ["z"] } }).length, 3);
    });

    it("accepts the AWS-managed boundary form and nested OU paths ending in *", () => {
        const plan = validatePlatform({
            ...base,
            permissionsBoundary: "arn:aws:iam::aws:policy/PowerUserAccess",
            organizationId: ORG,
            organizationalUnitPaths: [`${ORG}/r-ab12/ou-ab12-11111111/ou-ab12-22222222/*`],
        });
        assert.ok(plan.organization && plan.hasDomainPolicy && plan.repositories.every((r) => r.hasPolicy));
    });

    it("changes nothing when none of the new inputs is given (0.1.0 stacks)", () => {
        const plan = validatePlatform(base);
        assert.equal(plan.organization, undefined);
        assert.deepEqual(plan.managedPolicies, {});
        assert.equal(plan.hasDomainPolicy, false);
    });
});

describe("teams and accounts: the component", () => {
    let r: Run;
    before(async () => {
        r = await run("t", {
            ...base,
            organizationId: ORG,
            organizationalUnitPaths: [OU],
            permissionsBoundary: BOUNDARY,
            ec2Access: {},
            githubActions: {
                ...github,
                readRoleName: "GitHubActions-CodeArtifact-ReadRole",
                publishRoleName: "GitHubActions-CodeArtifact-PublishRole",
            },
            managedPolicies: { readPolicyName: "CodeArtifactReadAccess", publish: ["apps"], publishPolicyName: "CodeArtifactWriteAccess" },
        });
    });

    it("names the GitHub roles as asked", () => {
        assert.equal(props(r, "t-github-read").name, "GitHubActions-CodeArtifact-ReadRole");
        assert.equal(props(r, "t-github-publish").name, "GitHubActions-CodeArtifact-PublishRole");
    });

    it("sets the permissions boundary on every role it creates", () => {
        const roles = r.resources.filter((c) => c.type === "aws:iam/role:Role").map((c) => c.name);
        assert.deepEqual(roles.sort(), ["t-ec2-role", "t-github-publish", "t-github-read"]);
        for (const role of roles) assert.equal(props(r, role).permissionsBoundary, BOUNDARY, role);
    });

    it("lets the organization get a token from the domain policy, confined by PrincipalOrgID and the OU paths", () => {
        const s = statements(props(r, "t-domain-policy").policyDocument);
        assert.deepEqual(Object.keys(s), ["OrganizationGetAuthorizationToken"]);
        assert.deepEqual(s.OrganizationGetAuthorizationToken, {
            Sid: "OrganizationGetAuthorizationToken",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "codeartifact:GetAuthorizationToken",
            Resource: `${CA}:domain/acme`,
            Condition: { StringEquals: { "aws:PrincipalOrgID": ORG }, "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": OU } },
        });
    });

    it("grants the organization read, never publish, on every consuming repository", () => {
        for (const repo of ["npm-internal", "apps"]) {
            const s = statements(props(r, `t-repo-policy-${repo}`).policyDocument);
            assert.deepEqual(Object.keys(s), ["OrganizationRead"], repo);
            assert.equal(s.OrganizationRead.Resource, `${CA}:repository/acme/${repo}`);
            assert.ok(!JSON.stringify(s).includes("Publish"), repo);
            assert.deepEqual(s.OrganizationRead.Condition.StringEquals, { "aws:PrincipalOrgID": ORG });
        }
        assert.ok(!r.byName.has("t-repo-policy-proxy-npmjs"), "proxies get no policy");
    });

    it("creates the managed read policy: token, read on every consuming repository and its proxy, conditioned bearer token", () => {
        const p = props(r, "t-read-policy");
        assert.equal(p.name, "CodeArtifactReadAccess");
        const s = statements(p.policy);
        assert.deepEqual(Object.keys(s), ["GetAuthorizationToken", "GetServiceBearerToken", "Read"]);
        assert.deepEqual(s.Read.Resource, [
            `${CA}:repository/acme/apps`,
            `${CA}:repository/acme/npm-internal`,
            `${CA}:repository/acme/proxy-npmjs`,
        ]);
        assert.deepEqual(s.GetServiceBearerToken.Condition, { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } });
    });

    it("creates the managed publish policy: publish on the listed repositories' packages only", () => {
        const p = props(r, "t-publish-policy");
        assert.equal(p.name, "CodeArtifactWriteAccess");
        assert.equal(statements(p.policy).Publish.Resource, `${CA}:package/acme/apps/*`);
    });

    it("outputs the policy ARNs and the same documents as JSON", () => {
        assert.match(r.outputs.readPolicyArn, /^arn:aws:iam::111122223333:policy\/CodeArtifactReadAccess$/);
        assert.match(r.outputs.publishPolicyArn, /^arn:aws:iam::111122223333:policy\/CodeArtifactWriteAccess$/);
        assert.equal(r.outputs.accessPolicyDocuments.read, props(r, "t-read-policy").policy);
        assert.equal(r.outputs.accessPolicyDocuments.publish, props(r, "t-publish-policy").policy);
    });

    it("outputs the workflow steps of each GitHub role", () => {
        const w = r.outputs.githubWorkflow as Record<string, string>;
        assert.deepEqual(Object.keys(w), ["read", "publish"]);
        assert.equal(
            w.publish,
            [
                "permissions:",
                "  id-token: write # lets the job request the OIDC token the role trusts",
                "  contents: read",
                "steps:",
                "  - name: Configure AWS credentials",
                "    uses: aws-actions/configure-aws-credentials@v4",
                "    with:",
                `      role-to-assume: "arn:aws:iam::${ACCOUNT}:role/GitHubActions-CodeArtifact-PublishRole"`,
                `      aws-region: "us-east-1"`,
                `  - name: "Log in to npm-internal (npm)"`,
                `    run: "aws codeartifact login --tool npm --repository npm-internal --domain acme --domain-owner ${ACCOUNT} --region us-east-1"`,
                "",
            ].join("\n"),
        );
        assert.ok(w.read.includes(`role-to-assume: "arn:aws:iam::${ACCOUNT}:role/GitHubActions-CodeArtifact-ReadRole"`));
        assert.ok(w.read.includes("Log in to apps (npm)"), w.read);
    });
});

describe("teams and accounts: defaults keep 0.1.0 stacks as they were", () => {
    it("creates no managed policy, no boundary and autonamed roles; the read document is still output", async () => {
        const r = await run("d", { ...base, githubActions: github });
        assert.ok(!r.resources.some((c) => c.type === "aws:iam/policy:Policy"));
        for (const role of ["d-github-read", "d-github-publish"]) {
            assert.equal(props(r, role).name, undefined, role);
            assert.equal(props(r, role).permissionsBoundary, undefined, role);
        }
        assert.equal(r.outputs.readPolicyArn, undefined);
        assert.deepEqual(Object.keys(r.outputs.accessPolicyDocuments), ["read"]);
        assert.deepEqual(statements(r.outputs.accessPolicyDocuments.read).Read.Resource.length, 3);
    });

    it("makes a token step for formats without a login tool", async () => {
        const r = await run("m", {
            domainName: "acme",
            repositories: [{ name: "maven-internal", externalConnection: "public:maven-central" }],
            githubActions: { readSubjects: ["repo:acme/*"] },
        });
        const read = r.outputs.githubWorkflow.read as string;
        assert.ok(
            read.includes(
                `      token=$(aws codeartifact get-authorization-token --domain acme --domain-owner ${ACCOUNT} --region us-east-1 --query authorizationToken --output text)`,
            ),
            read,
        );
        assert.ok(read.includes(`      echo "CODEARTIFACT_AUTH_TOKEN=$token" >> "$GITHUB_ENV"`));
        assert.ok(!read.includes("--tool"), read);
    });
});
