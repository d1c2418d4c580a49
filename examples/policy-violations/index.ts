// ON PURPOSE: every resource group below breaks one mandatory rule of the codeartifact-platform
// policy pack (policypack/), wired by hand from raw @pulumi/aws resources and then again from
// @pulumi/aws-native ones, the way these mistakes are made without the component. Run
// `pulumi preview --policy-pack ../../policypack` to see the pack stop it (see README.md). Never
// deploy this stack.
import * as aws from "@pulumi/aws";
import * as native from "@pulumi/aws-native";

const githubOidcHost = "token.actions.githubusercontent.com";
const accountId = aws.getCallerIdentityOutput().accountId;

// codeartifact-domain-cmk-encryption: no encryptionKey, so CodeArtifact uses the AWS managed key
// (and a domain's key can never be changed afterwards).
const domain = new aws.codeartifact.Domain("plain-domain", { domain: "acme-plain" });

// codeartifact-no-public-connection-on-consuming-repo: the repository clients log in to holds the
// public:npmjs connection itself instead of reaching npmjs through a shared proxy upstream.
new aws.codeartifact.Repository("npm-direct", {
    domain: domain.domain,
    repository: "npm-direct",
    externalConnections: { externalConnectionName: "public:npmjs" },
});

// codeartifact-max-upstreams: 11 upstreams; CodeArtifact accepts at most 10.
const libs = Array.from({ length: 11 }, (_, i) =>
    new aws.codeartifact.Repository(`lib-${i}`, { domain: domain.domain, repository: `lib-${i}` }));
new aws.codeartifact.Repository("everything", {
    domain: domain.domain,
    repository: "everything",
    upstreams: libs.map((lib) => ({ repositoryName: lib.repository })),
});

// codeartifact-no-wildcard-publish: publish (codeartifact:*) on every repository of every domain.
const wide = new aws.iam.Policy("wide-publish", {
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "codeartifact:*", Resource: "*" }],
    }),
});

// codeartifact-no-wildcard-publish-attachment: ...and a CI role receives it.
const ci = new aws.iam.Role("ci", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
new aws.iam.RolePolicyAttachment("ci-wide-publish", { role: ci.name, policyArn: wide.arn });

// codeartifact-oidc-trust-subject: GitHub Actions OIDC trust that pins the audience but not the
// subject, so a workflow of ANY GitHub repository may assume the role.
const oidc = new aws.iam.OpenIdConnectProvider("github", {
    url: `https://${githubOidcHost}`,
    clientIdLists: ["sts.amazonaws.com"],
});
new aws.iam.Role("gha-publish", {
    assumeRolePolicy: accountId.apply((account) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/${githubOidcHost}` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${githubOidcHost}:aud`]: "sts.amazonaws.com" } },
        }],
    })),
}, { dependsOn: [oidc] });

// --- The same mistakes with @pulumi/aws-native resources (Cloud Control), one per mandatory rule.
// Their documents are objects, not JSON strings.

// codeartifact-domain-cmk-encryption: no encryptionKey.
const nativeDomain = new native.codeartifact.Domain("native-plain-domain", { domainName: "acme-native" });

// codeartifact-no-public-connection-on-consuming-repo: the repository clients log in to holds the
// connection itself (externalConnections is a list of names in aws-native).
new native.codeartifact.Repository("native-npm-direct", {
    domainName: nativeDomain.domainName,
    repositoryName: "native-npm-direct",
    externalConnections: ["public:npmjs"],
});

// codeartifact-max-upstreams: 11 upstreams (names in aws-native).
const nativeLibs = Array.from({ length: 11 }, (_, i) =>
    new native.codeartifact.Repository(`native-lib-${i}`, { domainName: nativeDomain.domainName, repositoryName: `native-lib-${i}` }));
new native.codeartifact.Repository("native-everything", {
    domainName: nativeDomain.domainName,
    repositoryName: "native-everything",
    upstreams: nativeLibs.map((lib) => lib.repositoryName),
});

// codeartifact-no-wildcard-publish: publish on every repository of every domain.
const nativeWide = new native.iam.ManagedPolicy("native-wide-publish", {
    policyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "codeartifact:*", Resource: "*" }] },
});

// codeartifact-no-wildcard-publish-attachment: ...attached to a role through managedPolicyArns.
new native.iam.Role("native-ci", {
    roleName: "native-ci",
    assumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    },
    managedPolicyArns: [nativeWide.policyArn],
});

// codeartifact-oidc-trust-subject: OIDC trust (the aws provider's OIDC provider above) with aud but no sub.
new native.iam.Role("native-gha-publish", {
    roleName: "native-gha-publish",
    assumeRolePolicyDocument: accountId.apply((account) => ({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/${githubOidcHost}` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${githubOidcHost}:aud`]: "sts.amazonaws.com" } },
        }],
    })),
}, { dependsOn: [oidc] });
