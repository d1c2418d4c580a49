// A shared package platform: internal npm, PyPI and Maven repositories, each behind the
// shared proxy of its public registry; EC2 build hosts read everything and publish Maven;
// GitHub Actions read from any branch of the org and publish only from version tags.
import * as pulumi from "@pulumi/pulumi";
import * as cap from "@codeartifact-platform/pulumi";

const config = new pulumi.Config();
const owner = config.require("githubOwner");
const extra = config.getObject<string[]>("extraRepositories") ?? [];
const ns = config.require("internalNamespace");

const platform = new cap.CodeArtifactPlatform("packages", {
    domainName: config.require("domainName"),
    repositories: [
        { name: "npm-internal", description: "Internal npm packages", externalConnection: cap.ExternalConnection.Npmjs },
        { name: "py-internal", description: "Internal Python packages", externalConnection: cap.ExternalConnection.Pypi },
        { name: "maven-internal", description: "Internal Maven artifacts", externalConnection: cap.ExternalConnection.MavenCentral },
        ...extra.map((name) => ({ name, upstreams: ["npm-internal"] })),
    ],
    ec2Access: { read: ["maven-internal"], publish: ["maven-internal"] },
    githubActions: {
        readSubjects: [`repo:${owner}/*`],
        publishSubjects: [`repo:${owner}/*:ref:refs/tags/v*`],
        publishRepositories: ["npm-internal", "py-internal"],
    },
    // Against dependency confusion: internal names come only from internal repositories.
    packageGroups: [
        { pattern: `/npm/${ns}/*`, description: "Internal npm scope", publishRepositories: ["npm-internal"] },
        { pattern: `/pypi//${ns}~`, description: "Internal Python packages (name prefix)", publishRepositories: ["py-internal"] },
        { pattern: `/maven/com.${ns}~`, description: "Internal Maven groups", publishRepositories: ["maven-internal"] },
    ],
    dataProtection: config.require("dataProtection") as cap.DataProtection,
    tags: { "managed-by": "pulumi", team: "platform" },
});

export const domainArn = platform.domainArn;
export const repositoryArns = platform.repositoryArns;
export const proxies = platform.proxyRepositoryNames;
export const loginCommands = platform.loginCommands;
export const npmrc = platform.clientConfig.apply((c) => c["npm-internal"].npmrc);
export const pipIndexUrl = platform.clientConfig.apply((c) => c["py-internal"].pipIndexUrl);
export const mavenSettingsXml = platform.clientConfig.apply((c) => c["maven-internal"].mavenSettingsXml);
export const ec2InstanceProfile = platform.ec2InstanceProfileName;
export const githubReadRoleArn = platform.githubReadRoleArn;
export const githubPublishRoleArn = platform.githubPublishRoleArn;
export const packageGroupArns = platform.packageGroupArns;
