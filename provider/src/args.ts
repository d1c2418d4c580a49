// The public input/output shapes of CodeArtifactPlatform. schema.yaml is the source of truth;
// test/schema.test.ts fails when these interfaces and the schema disagree.
import * as pulumi from "@pulumi/pulumi";

/** The component's resource token in schema.yaml. */
export const PLATFORM_TOKEN = "codeartifact-platform:index:CodeArtifactPlatform";

/** Public registries CodeArtifact can connect to, and the package format each serves. */
export const EXTERNAL_CONNECTIONS = {
    "public:npmjs": "npm",
    "public:pypi": "pypi",
    "public:maven-central": "maven",
    "public:maven-googleandroid": "maven",
    "public:maven-gradleplugins": "maven",
    "public:maven-commonsware": "maven",
    "public:maven-clojars": "maven",
    "public:nuget-org": "nuget",
    "public:ruby-gems-org": "ruby",
    "public:crates-io": "cargo",
} as const;
export type ExternalConnection = keyof typeof EXTERNAL_CONNECTIONS;

export const FORMATS = ["npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo"] as const;
export type PackageFormat = (typeof FORMATS)[number];

/** Whether external upstreams (public registries through the proxies) may supply a package group's packages. */
export const EXTERNAL_UPSTREAM_MODES = ["block", "allow"] as const;
export type ExternalUpstream = (typeof EXTERNAL_UPSTREAM_MODES)[number];

export const DATA_PROTECTION_MODES = ["retain", "protect", "none"] as const;
export type DataProtection = (typeof DATA_PROTECTION_MODES)[number];

export interface RepositoryArgs {
    /** Repository name, unique in the domain. */
    name: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    /** Names of other repositories of this platform, in search order. */
    upstreams?: pulumi.Input<pulumi.Input<string>[]>;
    /** Public registry reached through the shared proxy repository (appended last in the chain). */
    externalConnection?: pulumi.Input<ExternalConnection>;
    /** Package formats clients use here; default: formats of the connections in the chain, else all. */
    formats?: pulumi.Input<pulumi.Input<PackageFormat>[]>;
    /** Principal ARNs or 12-digit account IDs allowed to read. */
    readers?: pulumi.Input<pulumi.Input<string>[]>;
    /** Principal ARNs allowed to publish to this repository's packages. */
    publishers?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface Ec2AccessArgs {
    roleName?: pulumi.Input<string>;
    /** Repositories the build host reads (default: every consuming repository). */
    read?: pulumi.Input<pulumi.Input<string>[]>;
    /** Repositories the build host may publish to (default: none). */
    publish?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface GithubActionsArgs {
    /** Reuse an existing GitHub OIDC provider (an account holds one per URL). */
    oidcProviderArn?: pulumi.Input<string>;
    /** `sub` patterns allowed to assume the read role, e.g. `repo:acme/*:ref:refs/heads/main`. */
    readSubjects: pulumi.Input<pulumi.Input<string>[]>;
    /** `sub` patterns allowed to assume the publish role, e.g. `repo:acme/lib:ref:refs/tags/v*`. */
    publishSubjects?: pulumi.Input<pulumi.Input<string>[]>;
    /** Repositories the publish role may publish to (required with publishSubjects). */
    publishRepositories?: pulumi.Input<pulumi.Input<string>[]>;
    /** IAM name of the read role (e.g. GitHubActions-CodeArtifact-ReadRole); unset: autonamed. */
    readRoleName?: pulumi.Input<string>;
    /** IAM name of the publish role; unset: autonamed. */
    publishRoleName?: pulumi.Input<string>;
}

export interface ManagedPoliciesArgs {
    /** Create the read policy (default true once managedPolicies is set). */
    read?: pulumi.Input<boolean>;
    readPolicyName?: pulumi.Input<string>;
    /** Repositories the publish policy may publish to; none: no publish policy. */
    publish?: pulumi.Input<pulumi.Input<string>[]>;
    publishPolicyName?: pulumi.Input<string>;
}

/** Origin controls for the packages a pattern matches: an aws-native:codeartifact:PackageGroup. */
export interface PackageGroupArgs {
    /** `/FORMAT/NAMESPACE/NAME` with a `$` (exact), `~` (prefix) or `*` (every value) suffix, e.g. `/npm/acme/*`. */
    pattern: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    contactInfo?: pulumi.Input<string>;
    /** The only consuming repositories that may publish packages of the group. */
    publishRepositories: pulumi.Input<pulumi.Input<string>[]>;
    /** Default "block": versions of these packages never come from a public registry. */
    externalUpstream?: pulumi.Input<ExternalUpstream>;
}

export interface AdoptArgs {
    /** Import the domain (kmsKeyArn must be the key it uses). */
    domain?: pulumi.Input<boolean>;
    /** Repositories to import: consuming ones, or proxies by their proxyNames name. */
    repositories?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface CodeArtifactPlatformArgs {
    domainName: pulumi.Input<string>;
    /** Customer-managed KMS key; omitted, the component creates one with rotation on. */
    kmsKeyArn?: pulumi.Input<string>;
    repositories: pulumi.Input<pulumi.Input<RepositoryArgs>[]>;
    /** Account IDs granted read through the domain and repository policies. */
    crossAccountReaders?: pulumi.Input<pulumi.Input<string>[]>;
    ec2Access?: pulumi.Input<Ec2AccessArgs>;
    githubActions?: pulumi.Input<GithubActionsArgs>;
    dataProtection?: pulumi.Input<DataProtection>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** IAM managed policy ARN set as the permissions boundary of every role the component creates. */
    permissionsBoundary?: pulumi.Input<string>;
    /** AWS Organizations ID whose accounts may read every consuming repository (aws:PrincipalOrgID). */
    organizationId?: pulumi.Input<string>;
    /** Narrows organization read to these OU paths (aws:PrincipalOrgPaths). */
    organizationalUnitPaths?: pulumi.Input<pulumi.Input<string>[]>;
    /** Managed IAM policies (read, publish) that other roles can attach. */
    managedPolicies?: pulumi.Input<ManagedPoliciesArgs>;
    /** Connection → name of its shared proxy repository (default `proxy-<registry>`). */
    proxyNames?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Existing resources imported (by ARN) instead of created. */
    adopt?: pulumi.Input<AdoptArgs>;
    /** Package groups with origin controls, against dependency confusion. */
    packageGroups?: pulumi.Input<pulumi.Input<PackageGroupArgs>[]>;
}

/** Output properties of the component (the schema's `properties`). */
export interface CodeArtifactPlatformOutputs {
    domainName: pulumi.Output<string>;
    domainArn: pulumi.Output<string>;
    domainOwner: pulumi.Output<string>;
    kmsKeyArn: pulumi.Output<string>;
    repositoryArns: pulumi.Output<Record<string, string>>;
    proxyRepositoryNames: pulumi.Output<Record<string, string>>;
    endpoints: pulumi.Output<Record<string, Record<string, string>>>;
    loginCommands: pulumi.Output<Record<string, Record<string, string>>>;
    clientConfig: pulumi.Output<Record<string, Record<string, string>>>;
    ec2RoleArn: pulumi.Output<string | undefined>;
    ec2InstanceProfileName: pulumi.Output<string | undefined>;
    githubReadRoleArn: pulumi.Output<string | undefined>;
    githubPublishRoleArn: pulumi.Output<string | undefined>;
    oidcProviderArn: pulumi.Output<string | undefined>;
    readPolicyArn: pulumi.Output<string | undefined>;
    publishPolicyArn: pulumi.Output<string | undefined>;
    /** The identity documents (JSON) a role needs to read, and to publish to managedPolicies.publish. */
    accessPolicyDocuments: pulumi.Output<Record<string, string>>;
    /** role (read, publish) → the GitHub Actions workflow steps (YAML) that assume it and log in. */
    githubWorkflow: pulumi.Output<Record<string, string> | undefined>;
    /** pattern → package group ARN. */
    packageGroupArns: pulumi.Output<Record<string, string>>;
}
