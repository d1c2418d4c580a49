// The central stack: the package platform in the shared-services account. Every account of the
// AWS organization (or of the OUs listed) may read the consuming repositories; nobody outside this
// account publishes. Roles in this account attach the managed policies; roles in other accounts
// (see ../team) get the same permissions as an inline policy from `accessPolicyDocuments`.
import * as pulumi from "@pulumi/pulumi";
import * as cap from "@codeartifact-platform/pulumi";

const config = new pulumi.Config();
const extra = config.getObject<string[]>("extraRepositories") ?? [];
const ouPaths = config.getObject<string[]>("organizationalUnitPaths") ?? [];

const platform = new cap.CodeArtifactPlatform("shared", {
    domainName: config.require("domainName"),
    repositories: [
        { name: "npm-internal", description: "Internal npm packages", externalConnection: cap.ExternalConnection.Npmjs },
        { name: "py-internal", description: "Internal Python packages", externalConnection: cap.ExternalConnection.Pypi },
        ...extra.map((name) => ({ name, upstreams: ["npm-internal"] })),
    ],
    // The resource side of cross-account read: the domain policy lets the organization get a token,
    // each consuming repository's policy lets it read (aws:PrincipalOrgID, aws:PrincipalOrgPaths).
    organizationId: config.require("organizationId"),
    organizationalUnitPaths: ouPaths.length > 0 ? ouPaths : undefined,
    managedPolicies: {
        readPolicyName: "CodeArtifactReadAccess",
        publish: ["npm-internal", "py-internal"],
        publishPolicyName: "CodeArtifactPublishAccess",
    },
    // The platform publishes behind public proxies: its internal names come only from its own repositories.
    packageGroups: [
        { pattern: "/npm/acme/*", publishRepositories: ["npm-internal"] },
        { pattern: "/pypi//acme~", publishRepositories: ["py-internal"] },
    ],
    dataProtection: config.require("dataProtection") as cap.DataProtection,
    tags: { "managed-by": "pulumi", team: "platform" },
});

// What the team stacks read through a StackReference.
export const domainName = platform.domainName;
export const domainOwner = platform.domainOwner;
export const domainArn = platform.domainArn;
export const repositoryArns = platform.repositoryArns;
export const loginCommands = platform.loginCommands;
export const endpoints = platform.endpoints;
/** The identity documents (JSON) a role in another account needs: `read`, and `publish`. */
export const accessPolicyDocuments = platform.accessPolicyDocuments;
/** Managed policies for roles in this (the shared-services) account. */
export const readPolicyArn = platform.readPolicyArn;
export const publishPolicyArn = platform.publishPolicyArn;
