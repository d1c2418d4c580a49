// Example stacks shared by the harness tests and the README check: a well-built platform (the
// shape the component is meant to produce, at up and during preview) and a stack with one mistake
// per rule.

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
    urn,
} from "./fixtures";

const DOMAIN_ARN = `arn:aws:codeartifact:${REGION}:${ACCOUNT}:domain/acme`;
const repoArn = (r: string) => `arn:aws:codeartifact:${REGION}:${ACCOUNT}:repository/acme/${r}`;
const READER = "arn:aws:iam::444455556666:root";
const CI_ROLE = `arn:aws:iam::${ACCOUNT}:role/acme-gha-publish`;

/**
 * When the stack is analysed:
 * - "up": every value known;
 * - "preview": during preview, built the way the component builds it — every document from names
 *   (ARNs composed from account, region and names), resource outputs only where it passes them on
 *   (the domain's encryptionKey from the key, repositories' domain and upstream names from the
 *   domain and the upstream repositories, a RolePolicy's role), each with the property dependencies
 *   the SDK records; computed outputs (`arn`) unknown;
 * - "preview-documents-from-outputs": the same, but the documents are built with
 *   pulumi.jsonStringify over ARNs of resources still to be created, which makes each of them
 *   unknown as a whole (what a hand-wired stack often does).
 */
export type Phase = "up" | "preview" | "preview-documents-from-outputs";

/** What a well-built platform looks like (the shape the component is meant to produce). */
export function compliantPlatform(phase: Phase = "up"): HarnessResource[] {
    const preview = phase !== "up";
    /** An output of another resource the program passes on. */
    const out = (v: string) => (preview ? UNKNOWN_VALUE : v);
    /** A computed output of the resource itself. */
    const computed = (props: Record<string, unknown>) =>
        preview ? { computed: Object.fromEntries(Object.keys(props).map((k) => [k, UNKNOWN_VALUE])) } : { computed: props };
    const doc = (...s: Record<string, unknown>[]) => (phase === "preview-documents-from-outputs" ? UNKNOWN_VALUE : plainDoc(...s));
    const githubTrust = (c: Record<string, unknown>, p: Record<string, unknown>) =>
        phase === "preview-documents-from-outputs" ? UNKNOWN_VALUE : plainGithubTrust(c, p);

    const key = res(TYPES.kmsKey, "acme-key", { enableKeyRotation: true, description: "acme" }, computed({ arn: KEY_ARN }));
    const domain = res(
        TYPES.domain,
        "acme",
        { domain: "acme", encryptionKey: out(KEY_ARN) },
        { propertyDependencies: { encryptionKey: [urnOf(key)] }, ...computed({ arn: DOMAIN_ARN, owner: ACCOUNT }) },
    );
    const inDomain = { domain: out("acme"), domainOwner: out(ACCOUNT) };
    const domainDeps = { domain: [urnOf(domain)], domainOwner: [urnOf(domain)] };
    const repository = (name: string, upstreams: string[], props: Record<string, unknown> = {}) =>
        res(
            TYPES.repository,
            name,
            {
                ...inDomain,
                repository: name,
                ...props,
                ...(upstreams.length > 0 ? { upstreams: upstreams.map((u) => ({ repositoryName: out(u) })) } : {}),
            },
            {
                propertyDependencies: {
                    ...domainDeps,
                    ...(upstreams.length > 0 ? { upstreams: upstreams.map((u) => urn(TYPES.repository, u)) } : {}),
                },
                ...computed({ arn: repoArn(name) }),
            },
        );
    const readDoc = doc(
        { Effect: "Allow", Action: "codeartifact:GetAuthorizationToken", Resource: DOMAIN_ARN },
        {
            Effect: "Allow",
            Action: "sts:GetServiceBearerToken",
            Resource: "*",
            Condition: { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } },
        },
        {
            Effect: "Allow",
            Action: ["codeartifact:ReadFromRepository", "codeartifact:GetRepositoryEndpoint"],
            Resource: [repoArn("npm-internal"), repoArn("py-internal")],
        },
    );
    const publishDoc = doc({
        Effect: "Allow",
        Action: ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"],
        Resource: pkgArn("acme/npm-internal/*"),
    });
    const publishRole = res(
        TYPES.role,
        "acme-gha-publish",
        {
            name: "acme-gha-publish",
            assumeRolePolicy: githubTrust(
                { StringEquals: AUD, StringLike: { [`${GH}:sub`]: ["repo:acme/app:ref:refs/tags/v*"] } },
                { Federated: OIDC_ARN },
            ),
            inlinePolicies: [{ name: "read", policy: readDoc }],
        },
        computed({ arn: CI_ROLE }),
    );
    return [
        key,
        domain,
        repository("npm-store", [], { externalConnections: { externalConnectionName: "public:npmjs" } }),
        repository("pypi-store", [], { externalConnections: { externalConnectionName: "public:pypi" } }),
        repository("npm-internal", ["npm-store"]),
        repository("py-internal", ["pypi-store"]),
        // As the component's packageGroups make them: only the internal repository publishes, public registries never serve them.
        res(
            TYPES.nativePackageGroup,
            "acme-group-/npm/acme/*",
            {
                domainName: out("acme"),
                domainOwner: out(ACCOUNT),
                pattern: "/npm/acme/*",
                originConfiguration: {
                    restrictions: {
                        publish: { restrictionMode: "ALLOW_SPECIFIC_REPOSITORIES", repositories: ["npm-internal"] },
                        externalUpstream: { restrictionMode: "BLOCK" },
                    },
                },
            },
            {
                propertyDependencies: { domainName: [urnOf(domain)], domainOwner: [urnOf(domain)] },
                ...computed({ arn: `arn:aws:codeartifact:${REGION}:${ACCOUNT}:package-group/acme/npm/acme/*` }),
            },
        ),
        res(
            TYPES.repositoryPermissionsPolicy,
            "npm-internal-policy",
            {
                ...inDomain,
                repository: out("npm-internal"),
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
            },
            { propertyDependencies: { ...domainDeps, repository: [urn(TYPES.repository, "npm-internal")] } },
        ),
        res(
            TYPES.domainPermissions,
            "acme-domain-policy",
            {
                ...inDomain,
                policyDocument: doc({
                    Effect: "Allow",
                    Principal: { AWS: READER },
                    Action: "codeartifact:GetAuthorizationToken",
                    Resource: DOMAIN_ARN,
                }),
            },
            { propertyDependencies: domainDeps },
        ),
        res(TYPES.role, "acme-ec2", { name: "acme-ec2", assumeRolePolicy: EC2_TRUST, inlinePolicies: [{ name: "read", policy: readDoc }] }),
        res(TYPES.oidcProvider, "github", { url: `https://${GH}`, clientIdLists: ["sts.amazonaws.com"] }, computed({ arn: OIDC_ARN })),
        res(TYPES.role, "acme-gha-read", {
            name: "acme-gha-read",
            assumeRolePolicy: githubTrust(
                { StringEquals: AUD, StringLike: { [`${GH}:sub`]: ["repo:acme/*:ref:refs/heads/main"] } },
                { Federated: OIDC_ARN },
            ),
            inlinePolicies: [{ name: "read", policy: readDoc }],
        }),
        publishRole,
        res(
            TYPES.rolePolicy,
            "acme-gha-publish-access",
            { role: out("acme-gha-publish"), policy: publishDoc },
            { propertyDependencies: { role: [urnOf(publishRole)] } },
        ),
    ];
}

/** One mistake per rule (for codeartifact-checks-waiting-for-up: a document unknown during preview). */
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
        // Built with pulumi.jsonStringify over an ARN of a resource still to be created.
        res(TYPES.rolePolicy, "ci-access", { role: "ci", policy: UNKNOWN_VALUE }),
    ];
}

/**
 * Shaped like examples/policy-violations during preview (hand-wired, one break of each mandatory
 * rule), with what a provider leaves unknown in the preview's outputs: computed ARNs and ids, and
 * optional properties the program did not set (the domain's encryptionKey, a role's
 * managedPolicyArns and inlinePolicies).
 */
export function policyViolationsAtPreview(): HarnessResource[] {
    const U = UNKNOWN_VALUE;
    const roleOutputs = { computed: { arn: U, uniqueId: U, createDate: U, managedPolicyArns: U, inlinePolicies: U } };
    const domain = res(TYPES.domain, "plain-domain", { domain: "acme-plain" }, { computed: { arn: U, owner: U, encryptionKey: U } });
    const inDomain = (props: Record<string, unknown>, upstreams: HarnessResource[] = []) => ({
        propertyDependencies: { domain: [urnOf(domain)], ...(upstreams.length > 0 ? { upstreams: upstreams.map(urnOf) } : {}) },
        computed: { arn: U },
        ...props,
    });
    const libs = Array.from({ length: 11 }, (_, i) =>
        res(TYPES.repository, `lib-${i}`, { domain: "acme-plain", repository: `lib-${i}` }, inDomain({})),
    );
    const wide = res(
        TYPES.policy,
        "wide-publish",
        { policy: doc({ Effect: "Allow", Action: "codeartifact:*", Resource: "*" }) },
        { computed: { arn: U, policyId: U, attachmentCount: U } },
    );
    const ci = res(TYPES.role, "ci", { name: "ci-4f2a", assumeRolePolicy: EC2_TRUST }, roleOutputs);
    return [
        domain,
        res(
            TYPES.repository,
            "npm-direct",
            { domain: "acme-plain", repository: "npm-direct", externalConnections: { externalConnectionName: "public:npmjs" } },
            inDomain({}),
        ),
        ...libs,
        res(
            TYPES.repository,
            "everything",
            { domain: "acme-plain", repository: "everything", upstreams: libs.map((l) => ({ repositoryName: l.props.repository })) },
            inDomain({}, libs),
        ),
        wide,
        ci,
        res(
            TYPES.rolePolicyAttachment,
            "ci-wide-publish",
            { role: U, policyArn: U },
            { propertyDependencies: { role: [urnOf(ci)], policyArn: [urnOf(wide)] } },
        ),
        res(TYPES.oidcProvider, "github", { url: `https://${GH}`, clientIdLists: ["sts.amazonaws.com"] }, { computed: { arn: U } }),
        res(TYPES.role, "gha-publish", { name: "gha-publish-9c1d", assumeRolePolicy: githubTrust({ StringEquals: AUD }) }, roleOutputs),
    ];
}
