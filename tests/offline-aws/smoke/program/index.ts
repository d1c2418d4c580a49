// Smoke stack for the offline aws stand-in: the raw resources the CodeArtifact platform uses,
// through the real engine and @pulumi/aws 7.48.0. Run by smoke/run.sh; never against AWS.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const caller = aws.getCallerIdentityOutput();
const region = aws.getRegionOutput();
const partition = aws.getPartitionOutput();

const key = new aws.kms.Key("cmk", {
    description: "smoke domain key",
    enableKeyRotation: true,
    deletionWindowInDays: 7,
    tags: { purpose: "smoke" },
});
new aws.kms.Alias("cmk-alias", { name: "alias/offline-smoke", targetKeyId: key.keyId });

const domain = new aws.codeartifact.Domain("domain", {
    domain: "offline-smoke",
    encryptionKey: key.arn,
    tags: { purpose: "smoke" },
});

const npmProxy = new aws.codeartifact.Repository("npm-proxy", {
    domain: domain.domain,
    domainOwner: domain.owner,
    repository: "npm-store",
    description: "proxy of the public npm registry",
    externalConnections: { externalConnectionName: "public:npmjs" },
});

const app = new aws.codeartifact.Repository("app", {
    domain: domain.domain,
    domainOwner: domain.owner,
    repository: "app-internal",
    upstreams: [{ repositoryName: npmProxy.repository }],
});

new aws.codeartifact.DomainPermissions("domain-policy", {
    domain: domain.domain,
    domainOwner: domain.owner,
    policyDocument: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:aws:iam::${caller.accountId}:root` },
                Action: ["codeartifact:GetAuthorizationToken"],
                Resource: domain.arn,
            },
        ],
    }),
});

new aws.codeartifact.RepositoryPermissionsPolicy("app-policy", {
    domain: domain.domain,
    domainOwner: domain.owner,
    repository: app.repository,
    policyDocument: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:aws:iam::${caller.accountId}:root` },
                Action: ["codeartifact:ReadFromRepository"],
                Resource: app.arn,
            },
        ],
    }),
});

const oidc = new aws.iam.OpenIdConnectProvider("github", {
    url: "https://token.actions.githubusercontent.com",
    clientIdLists: ["sts.amazonaws.com"],
});

const ciRole = new aws.iam.Role("ci-read", {
    assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidc.arn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                    StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main" },
                },
            },
        ],
    }),
});

new aws.iam.RolePolicy("ci-read-inline", {
    role: ciRole.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["codeartifact:GetAuthorizationToken"], Resource: domain.arn },
            { Effect: "Allow", Action: ["codeartifact:ReadFromRepository"], Resource: app.arn },
            {
                Effect: "Allow",
                Action: "sts:GetServiceBearerToken",
                Resource: "*",
                Condition: { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } },
            },
        ],
    }),
});

const buildRole = new aws.iam.Role("build-host", {
    name: "offline-smoke-build-host",
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }],
    }),
});
const publish = new aws.iam.Policy("publish", {
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["codeartifact:PublishPackageVersion"],
                Resource: pulumi.interpolate`arn:aws:codeartifact:${region.region}:${caller.accountId}:package/${domain.domain}/${app.repository}/npm/*`,
            },
        ],
    }),
});
new aws.iam.RolePolicyAttachment("build-publish", { role: buildRole.name, policyArn: publish.arn });
const profile = new aws.iam.InstanceProfile("build-host", { role: buildRole.name });

// An explicit provider in another region: its resources get that region in their ARNs.
const eu = new aws.Provider("eu", { region: "eu-west-1", defaultTags: { tags: { stack: "offline-smoke" } } });
const euDomain = new aws.codeartifact.Domain("eu-domain", { domain: "offline-smoke-eu" }, { provider: eu });
const euRegion = aws.getRegionOutput({}, { provider: eu });

export const accountId = caller.accountId;
export const callerArn = caller.arn;
export const regionName = region.region;
export const partitionName = partition.partition;
export const keyArn = key.arn;
export const domainArn = domain.arn;
export const domainOwner = domain.owner;
export const domainTagsAll = domain.tagsAll;
export const npmProxyArn = npmProxy.arn;
export const npmProxyConnection = npmProxy.externalConnections;
export const appArn = app.arn;
export const oidcArn = oidc.arn;
export const ciRoleName = ciRole.name;
export const ciRoleArn = ciRole.arn;
export const buildRoleArn = buildRole.arn;
export const profileArn = profile.arn;
export const euDomainArn = euDomain.arn;
export const euDomainTagsAll = euDomain.tagsAll;
export const euRegionName = euRegion.region;
