// Example stacks shared by the harness tests and the README check: a well-built platform (the
// shape the component is meant to produce) and a stack with one mistake per rule.

import { HarnessResource, UNKNOWN_VALUE, urnOf } from "./harness";
import {
    ACCOUNT,
    AUD,
    doc,
    doc as plainDoc,
    EC2_TRUST,
    GH,
    githubTrust,
    githubTrust as plainGithubTrust,
    KEY_ARN,
    OIDC_ARN,
    pkgArn,
    REGION,
    repo,
    res,
    TYPES,
} from "./fixtures";

const DOMAIN_ARN = `arn:aws:codeartifact:${REGION}:${ACCOUNT}:domain/acme`;
const repoArn = (r: string) => `arn:aws:codeartifact:${REGION}:${ACCOUNT}:repository/acme/${r}`;
const READER = "arn:aws:iam::444455556666:root";
const CI_ROLE = `arn:aws:iam::${ACCOUNT}:role/acme-gha-publish`;

/** What a well-built platform looks like (the shape the component is meant to produce). */
export function compliantPlatform(unknown = false): HarnessResource[] {
    // During preview every output of a resource still to be created is unknown, and a document
    // built with pulumi.jsonStringify over such an output is unknown as a whole.
    const u = (v: string) => (unknown ? UNKNOWN_VALUE : v);
    const doc = (...s: Record<string, unknown>[]) =>
        unknown && JSON.stringify(s).includes(UNKNOWN_VALUE) ? UNKNOWN_VALUE : plainDoc(...s);
    const githubTrust = (c: Record<string, unknown>, p: Record<string, unknown>) =>
        unknown && JSON.stringify(p).includes(UNKNOWN_VALUE) ? UNKNOWN_VALUE : plainGithubTrust(c, p);
    const key = res(TYPES.kmsKey, "acme-key", { enableKeyRotation: true, arn: u(KEY_ARN), description: "acme" });
    const domain = res(
        TYPES.domain,
        "acme",
        { domain: "acme", encryptionKey: u(KEY_ARN) },
        { propertyDependencies: { encryptionKey: [urnOf(key)] } },
    );
    const readDoc = doc(
        { Effect: "Allow", Action: "codeartifact:GetAuthorizationToken", Resource: u(DOMAIN_ARN) },
        {
            Effect: "Allow",
            Action: "sts:GetServiceBearerToken",
            Resource: "*",
            Condition: { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } },
        },
        {
            Effect: "Allow",
            Action: ["codeartifact:ReadFromRepository", "codeartifact:GetRepositoryEndpoint"],
            Resource: [u(repoArn("npm-internal")), u(repoArn("py-internal"))],
        },
    );
    const publishDoc = doc({
        Effect: "Allow",
        Action: ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"],
        Resource: pkgArn("acme/npm-internal/*"),
    });
    return [
        key,
        domain,
        repo("npm-store", { externalConnections: { externalConnectionName: "public:npmjs" } }),
        repo("pypi-store", { externalConnections: { externalConnectionName: "public:pypi" } }),
        repo("npm-internal", { upstreams: [{ repositoryName: "npm-store" }] }),
        repo("py-internal", { upstreams: [{ repositoryName: "pypi-store" }] }),
        res(TYPES.repositoryPermissionsPolicy, "npm-internal-policy", {
            domain: "acme",
            repository: "npm-internal",
            policyDocument: doc(
                {
                    Sid: "Read",
                    Effect: "Allow",
                    Principal: { AWS: [READER] },
                    Action: ["codeartifact:ReadFromRepository", "codeartifact:GetRepositoryEndpoint"],
                    Resource: "*",
                },
                {
                    Sid: "Publish",
                    Effect: "Allow",
                    Principal: { AWS: [CI_ROLE] },
                    Action: ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"],
                    Resource: pkgArn("acme/npm-internal/*"),
                },
            ),
        }),
        res(TYPES.domainPermissions, "acme-domain-policy", {
            domain: "acme",
            policyDocument: doc({
                Effect: "Allow",
                Principal: { AWS: READER },
                Action: "codeartifact:GetAuthorizationToken",
                Resource: u(DOMAIN_ARN),
            }),
        }),
        res(TYPES.role, "acme-ec2", { name: "acme-ec2", assumeRolePolicy: EC2_TRUST, inlinePolicies: [{ name: "read", policy: readDoc }] }),
        res(TYPES.oidcProvider, "github", { url: `https://${GH}`, clientIdLists: ["sts.amazonaws.com"] }),
        res(TYPES.role, "acme-gha-read", {
            name: "acme-gha-read",
            assumeRolePolicy: githubTrust(
                { StringEquals: AUD, StringLike: { [`${GH}:sub`]: ["repo:acme/*:ref:refs/heads/main"] } },
                { Federated: u(OIDC_ARN) },
            ),
            inlinePolicies: [{ name: "read", policy: readDoc }],
        }),
        res(TYPES.role, "acme-gha-publish", {
            name: "acme-gha-publish",
            assumeRolePolicy: githubTrust(
                { StringEquals: AUD, StringLike: { [`${GH}:sub`]: ["repo:acme/app:ref:refs/tags/v*"] } },
                { Federated: u(OIDC_ARN) },
            ),
            inlinePolicies: [
                { name: "read", policy: readDoc },
                { name: "publish", policy: publishDoc },
            ],
        }),
    ];
}

/** One mistake per rule. */
export function brokenStack(): HarnessResource[] {
    const key = res(TYPES.kmsKey, "old-key", { enableKeyRotation: false, arn: KEY_ARN });
    return [
        key,
        res(TYPES.domain, "plain", { domain: "plain" }),
        res(TYPES.domain, "acme", { domain: "acme", encryptionKey: KEY_ARN }),
        repo("npm-direct", { externalConnections: { externalConnectionName: "public:npmjs" } }),
        repo("fat", { upstreams: Array.from({ length: 11 }, (_, i) => ({ repositoryName: `r${i}` })) }),
        res(TYPES.policy, "wide", {
            arn: `arn:aws:iam::${ACCOUNT}:policy/wide`,
            policy: doc({ Effect: "Allow", Action: "codeartifact:*", Resource: "*" }),
        }),
        res(TYPES.rolePolicyAttachment, "wide-att", { role: "ci", policyArn: `arn:aws:iam::${ACCOUNT}:policy/wide` }),
        res(TYPES.role, "gha", {
            name: "gha",
            assumeRolePolicy: githubTrust({ StringLike: { [`${GH}:sub`]: "repo:acme/*:*" } }),
            inlinePolicies: [
                {
                    name: "p",
                    policy: doc({ Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: pkgArn("acme/npm-internal/*") }),
                },
            ],
        }),
        res(TYPES.role, "open", { name: "open", assumeRolePolicy: githubTrust({ StringEquals: AUD }) }),
        res(TYPES.rolePolicy, "token", {
            role: "ci",
            policy: doc({ Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*" }),
        }),
        res(TYPES.repositoryPermissionsPolicy, "public", {
            domain: "acme",
            repository: "npm-direct",
            policyDocument: doc({ Effect: "Allow", Principal: "*", Action: "codeartifact:ReadFromRepository", Resource: "*" }),
        }),
    ];
}
