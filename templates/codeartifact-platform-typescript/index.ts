// A shared package platform: internal npm, PyPI and Maven repositories, each behind the shared
// proxy of its public registry; EC2 build hosts read and publish Maven; GitHub Actions read from
// any branch of the owner and publish only from version tags; package groups keep your own
// namespace out of the public registries (dependency confusion).
import * as pulumi from "@pulumi/pulumi";
import * as cap from "@codeartifact-platform/pulumi";

const config = new pulumi.Config();
const owner = config.require("githubOwner");
const namespace = config.require("internalNamespace");

const platform = new cap.CodeArtifactPlatform("packages", {
    domainName: config.require("domainName"),
    repositories: [
        { name: "npm-internal", description: "Internal npm packages", externalConnection: cap.ExternalConnection.Npmjs },
        { name: "py-internal", description: "Internal Python packages", externalConnection: cap.ExternalConnection.Pypi },
        { name: "maven-internal", description: "Internal Maven artifacts", externalConnection: cap.ExternalConnection.MavenCentral },
        // More repositories go here, e.g. one that reads npm-internal:
        // { name: "web-internal", upstreams: ["npm-internal"] },
    ],
    ec2Access: { read: ["maven-internal"], publish: ["maven-internal"] },
    githubActions: {
        readSubjects: [`repo:${owner}/*`],
        publishSubjects: [`repo:${owner}/*:ref:refs/tags/v*`],
        publishRepositories: ["npm-internal", "py-internal"],
    },
    packageGroups: [
        { pattern: `/npm/${namespace}/*`, description: "Internal npm scope", publishRepositories: ["npm-internal"] },
        { pattern: `/pypi//${namespace}~`, description: "Internal Python packages", publishRepositories: ["py-internal"] },
        { pattern: `/maven/com.${namespace}~`, description: "Internal Maven groups", publishRepositories: ["maven-internal"] },
    ],
    // retain | protect | none: a bad value gets the component's own error.
    dataProtection: config.require("dataProtection") as cap.DataProtection,
    tags: { "managed-by": "pulumi" },
});

export const domainArn = platform.domainArn;
export const repositoryArns = platform.repositoryArns;
export const endpoints = platform.endpoints;
export const loginCommands = platform.loginCommands;
export const npmrc = platform.clientConfig.apply((c) => c["npm-internal"].npmrc);
export const pipIndexUrl = platform.clientConfig.apply((c) => c["py-internal"].pipIndexUrl);
export const mavenSettingsXml = platform.clientConfig.apply((c) => c["maven-internal"].mavenSettingsXml);
export const ec2InstanceProfile = platform.ec2InstanceProfileName;
export const githubReadRoleArn = platform.githubReadRoleArn;
export const githubPublishRoleArn = platform.githubPublishRoleArn;
export const githubWorkflow = platform.githubWorkflow;
