// The CodeArtifactPlatform component: wiring only. What to create, and the leaf inputs to pass
// on, come from the plan (validate.ts, paired with the Inputs by inputs.ts); document contents
// from documents.ts, and strings from endpoints.ts. The component never reads its args itself.
// Only the @pulumi/aws modules the component uses: the package's root requires all of its ~300
// service modules (and their type tables) at load, which the provider would parse for nothing.
import * as codeartifact from "@pulumi/aws/codeartifact";
import { getCallerIdentity, getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getRegion, getRegionOutput } from "@pulumi/aws/getRegion";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";
import { CodeArtifactPlatformArgs, CodeArtifactPlatformOutputs, PackageFormat, PLATFORM_TOKEN } from "./args";
import { AccountRef, domainArn, oidcProviderArn, parseArn, repositoryArn } from "./arn";
import {
    accessPolicy,
    domainPolicy,
    Organization,
    ec2TrustPolicy,
    GITHUB_OIDC_HOST,
    githubTrustPolicy,
    kmsKeyPolicy,
    repositoryPolicy,
    STS_AUDIENCE,
} from "./documents";
import { clientConfig, DomainRef, endpoints, loginCommands } from "./endpoints";
import { githubWorkflow } from "./workflow";
import { bindInputs, BoundPlan, peek } from "./inputs";
import { PlatformInputError, proxyName, validatePlatform, withUpstreams } from "./validate";

/** The plan the component builds from: bound to the Inputs, with the import IDs of what it adopts. */
type ComponentPlan = BoundPlan & { imports: Map<string, string> };

/**
 * Validates the inputs (resolving what a multi-language construct passed as Outputs) and
 * then creates the component. Bad input throws before any child is registered.
 */
export async function createPlatform(
    name: string,
    args: CodeArtifactPlatformArgs,
    opts?: pulumi.ComponentResourceOptions,
): Promise<CodeArtifactPlatform> {
    const peeked = await peek(args);
    const plan = bindInputs(validatePlatform(peeked), args);
    const imports = await adoptionIds(plan, (peeked as { kmsKeyArn?: string }).kmsKeyArn, opts);
    // @pulumi/aws-native is large: only a platform that declares package groups loads it, and only its PackageGroup module.
    const native = plan.packageGroups.length > 0 ? await import("@pulumi/aws-native/codeartifact/packageGroup") : undefined;
    return new CodeArtifactPlatform(name, { ...plan, imports }, opts, native?.PackageGroup);
}

/** The aws provider the children will use: from `providers` (map or list), else the default one. */
function awsProvider(opts?: pulumi.ComponentResourceOptions): pulumi.ProviderResource | undefined {
    const providers = opts?.providers;
    if (Array.isArray(providers)) return providers.find((p) => (p as unknown as { getPackage(): string }).getPackage() === "aws");
    return (providers as Record<string, pulumi.ProviderResource> | undefined)?.aws;
}

/**
 * Import IDs (ARNs) of what `adopt` names, keyed by domain or repository name. Awaited before any
 * child is registered, since `import` takes a plain string; a domain on an AWS-managed key is
 * refused here, before anything is imported.
 */
async function adoptionIds(
    plan: BoundPlan,
    kmsKeyArn: string | undefined,
    opts?: pulumi.ComponentResourceOptions,
): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (!plan.adopt.domain && plan.adopt.repositories.length === 0) return ids;
    const provider = awsProvider(opts);
    const [identity, region] = await Promise.all([getCallerIdentity({}, { provider }), getRegion({}, { provider })]);
    const a: AccountRef = { partition: parseArn(identity.arn).partition, region: region.region, account: identity.accountId };
    if (plan.adopt.domain) {
        const key = await kms.getKey({ keyId: kmsKeyArn! }, { provider });
        if (key.keyManager === "AWS") throw new PlatformInputError([awsManagedKeyProblem(plan.domainName, kmsKeyArn!)]);
        ids.set(plan.domainName, domainArn(a, plan.domainName));
    }
    for (const r of plan.adopt.repositories) ids.set(r, repositoryArn(a, plan.domainName, r));
    return ids;
}

export function awsManagedKeyProblem(domain: string, key: string): string {
    return (
        `kmsKeyArn: ${JSON.stringify(key)} is an AWS-managed key, and domain ${JSON.stringify(domain)} uses it: this component keeps ` +
        `domains on a customer-managed key only, and a domain's key cannot change without replacing the domain (deleting its packages). ` +
        `Migrate instead: create a new domain on a customer-managed key with this component (a new domainName, no adopt.domain), ` +
        `copy the packages with "aws codeartifact copy-package-versions --domain ${domain} --destination-repository ...", ` +
        `point clients at the new endpoints, then delete the old domain`
    );
}

/** aws-native's PackageGroup class, loaded by createPlatform when a platform declares groups. */
type PackageGroupClass = typeof import("@pulumi/aws-native/codeartifact/packageGroup").PackageGroup;

export class CodeArtifactPlatform extends pulumi.ComponentResource implements CodeArtifactPlatformOutputs {
    readonly domainName: pulumi.Output<string>;
    readonly domainArn: pulumi.Output<string>;
    readonly domainOwner: pulumi.Output<string>;
    readonly kmsKeyArn: pulumi.Output<string>;
    readonly repositoryArns: pulumi.Output<Record<string, string>>;
    readonly proxyRepositoryNames: pulumi.Output<Record<string, string>>;
    readonly endpoints: pulumi.Output<Record<string, Record<string, string>>>;
    readonly loginCommands: pulumi.Output<Record<string, Record<string, string>>>;
    readonly clientConfig: pulumi.Output<Record<string, Record<string, string>>>;
    readonly ec2RoleArn: pulumi.Output<string | undefined>;
    readonly ec2InstanceProfileName: pulumi.Output<string | undefined>;
    readonly githubReadRoleArn: pulumi.Output<string | undefined>;
    readonly githubPublishRoleArn: pulumi.Output<string | undefined>;
    readonly oidcProviderArn: pulumi.Output<string | undefined>;
    readonly readPolicyArn: pulumi.Output<string | undefined>;
    readonly publishPolicyArn: pulumi.Output<string | undefined>;
    readonly accessPolicyDocuments: pulumi.Output<Record<string, string>>;
    readonly githubWorkflow: pulumi.Output<Record<string, string> | undefined>;
    readonly packageGroupArns: pulumi.Output<Record<string, string>>;

    /** Use createPlatform: the plan must come from validatePlatform and bindInputs. */
    constructor(name: string, plan: ComponentPlan, opts?: pulumi.ComponentResourceOptions, packageGroup?: PackageGroupClass) {
        super(PLATFORM_TOKEN, name, {}, opts);
        const c = children(this, name, plan);
        const { domain, encryptionKey } = createDomain(c);
        const repos = createRepositories(c, domain);
        createPolicies(c, domain, repos);
        const access = accessDocuments(c);
        const ec2 = plan.ec2 && createEc2Access(c, plan.ec2, access);
        const github = plan.github && createGithubActions(c, plan.github, access);
        const managed = managedPolicyDocuments(plan, access);
        const policies = createManagedPolicies(c, managed);
        const groups = createPackageGroups(c, domain, repos, packageGroup);

        const perRepository = repositoryStrings(c);
        // Known at preview, and still depending on the resource they name (through its URN).
        const named = <T>(r: pulumi.Resource, fn: (a: AccountRef) => T) => pulumi.all([r.urn, c.where]).apply(([, a]) => fn(a));
        this.domainName = domain.domain;
        this.domainArn = named(domain, (a) => domainArn(a, plan.domainName));
        this.domainOwner = named(domain, (a) => a.account);
        this.kmsKeyArn = pulumi.output(encryptionKey);
        this.repositoryArns = pulumi.all(
            Object.fromEntries([...repos].map(([n, r]) => [n, named(r, (a) => repositoryArn(a, plan.domainName, n))])),
        );
        this.proxyRepositoryNames = pulumi.output(Object.fromEntries(plan.proxies.map((p) => [p.connection, p.name])));
        this.endpoints = perRepository(endpoints);
        this.loginCommands = perRepository(loginCommands);
        this.clientConfig = perRepository(clientConfig);
        this.ec2RoleArn = pulumi.output(ec2?.role.arn);
        this.ec2InstanceProfileName = pulumi.output(ec2?.profile.name);
        this.githubReadRoleArn = pulumi.output(github?.readRole.arn);
        this.githubPublishRoleArn = pulumi.output(github?.publishRole?.arn);
        this.oidcProviderArn = pulumi.output(github?.oidcProviderArn);
        this.readPolicyArn = pulumi.output(policies.read?.arn);
        this.publishPolicyArn = pulumi.output(policies.publish?.arn);
        this.accessPolicyDocuments = pulumi.all({ read: managed.read, ...(managed.publish ? { publish: managed.publish } : {}) });
        this.githubWorkflow = github ? workflows(c, github) : pulumi.output(undefined);
        this.packageGroupArns = pulumi.all(Object.fromEntries(groups.map((g) => [g.pattern, g.group.arn])));
        this.registerOutputs(this.outputs());
    }

    /** The output properties, as the provider returns them from construct. */
    outputs(): Record<keyof CodeArtifactPlatformOutputs, pulumi.Output<unknown>> {
        return {
            domainName: this.domainName,
            domainArn: this.domainArn,
            domainOwner: this.domainOwner,
            kmsKeyArn: this.kmsKeyArn,
            repositoryArns: this.repositoryArns,
            proxyRepositoryNames: this.proxyRepositoryNames,
            endpoints: this.endpoints,
            loginCommands: this.loginCommands,
            clientConfig: this.clientConfig,
            ec2RoleArn: this.ec2RoleArn,
            ec2InstanceProfileName: this.ec2InstanceProfileName,
            githubReadRoleArn: this.githubReadRoleArn,
            githubPublishRoleArn: this.githubPublishRoleArn,
            oidcProviderArn: this.oidcProviderArn,
            readPolicyArn: this.readPolicyArn,
            publishPolicyArn: this.publishPolicyArn,
            accessPolicyDocuments: this.accessPolicyDocuments,
            githubWorkflow: this.githubWorkflow,
            packageGroupArns: this.packageGroupArns,
        };
    }
}

/** What every section needs: the plan, the prefix of child names, and the options children get. */
interface Children {
    name: string;
    plan: ComponentPlan;
    parent: pulumi.CustomResourceOptions;
    /** For what holds packages or can decrypt them: data protection applies. */
    keep: pulumi.CustomResourceOptions;
    /** Partition, region and account of the children's provider; known during preview. */
    where: pulumi.Output<AccountRef>;
}

type Repositories = Map<string, codeartifact.Repository>;

/** The identity policy of a role that reads `read` (with their upstreams) and publishes to `publish`. */
type AccessDocument = (read: string[], publish: string[]) => pulumi.Output<string>;

const toJson = (doc: unknown) => JSON.stringify(doc);

function children(component: CodeArtifactPlatform, name: string, plan: ComponentPlan): Children {
    const parent = { parent: component };
    const keep = {
        ...parent,
        ...(plan.dataProtection === "retain" ? { retainOnDelete: true } : {}),
        ...(plan.dataProtection === "protect" ? { protect: true } : {}),
    };
    return { name, plan, parent, keep, where: accountOf(parent) };
}

/**
 * The invokes resolve during preview, with the same provider as the children (through the
 * parent), so ARNs built from them and the names are right for another account or region too.
 */
function accountOf(parent: pulumi.InvokeOptions): pulumi.Output<AccountRef> {
    const identity = getCallerIdentityOutput({}, parent);
    const region = getRegionOutput({}, parent);
    return pulumi
        .all([identity.arn, identity.accountId, region.region])
        .apply(([arn, account, r]) => ({ partition: parseArn(arn).partition, region: r, account }));
}

const inDomain = (domain: codeartifact.Domain) => ({ domain: domain.domain, domainOwner: domain.owner });

// --- KMS key and domain --------------------------------------------------------------------------

/** The options of a child that holds packages: data protection, and `import` when adopted. */
const kept = ({ keep, plan }: Children, adoptedName: string): pulumi.CustomResourceOptions => {
    const id = plan.imports.get(adoptedName);
    return id ? { ...keep, import: id } : keep;
};

function createDomain(c: Children): { domain: codeartifact.Domain; encryptionKey: pulumi.Input<string> } {
    const { name, plan } = c;
    const encryptionKey = plan.kmsKeyArn ?? createKey(c).arn;
    const domain = new codeartifact.Domain(
        `${name}-domain`,
        { domain: plan.domainName, encryptionKey, tags: plan.tags },
        kept(c, plan.domainName),
    );
    return { domain, encryptionKey };
}

/** A customer-managed key with rotation on, usable by CodeArtifact in this account and region. */
function createKey({ name, plan, keep, where }: Children): kms.Key {
    return new kms.Key(
        `${name}-key`,
        {
            description: `Encrypts CodeArtifact domain ${plan.domainName}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: where.apply((a) => toJson(kmsKeyPolicy(a.partition, a.account, a.region))),
            tags: plan.tags,
        },
        keep,
    );
}

// --- Repositories: proxies first, then consuming ones, upstreams before users --------------------

function createRepositories(c: Children, domain: codeartifact.Domain): Repositories {
    const { name, plan } = c;
    const repos: Repositories = new Map();
    for (const p of plan.proxies) {
        repos.set(
            p.name,
            // Named after the connection, so a proxy given another name (proxyNames) keeps a stable child name.
            new codeartifact.Repository(
                `${name}-${proxyName(p.connection)}`,
                {
                    ...inDomain(domain),
                    repository: p.name,
                    description: `Shared proxy of ${p.connection}; consuming repositories reach it as their last upstream.`,
                    externalConnections: { externalConnectionName: p.connection },
                    tags: plan.tags,
                },
                kept(c, p.name),
            ),
        );
    }
    for (const r of plan.repositories) {
        repos.set(
            r.name,
            new codeartifact.Repository(
                `${name}-repo-${r.name}`,
                {
                    ...inDomain(domain),
                    repository: r.name,
                    description: r.description,
                    upstreams: r.chain.map((u) => ({ repositoryName: repos.get(u)!.repository })),
                    tags: plan.tags,
                },
                kept(c, r.name),
            ),
        );
    }
    return repos;
}

// --- Resource policies ---------------------------------------------------------------------------

// Documents are built from names (known at preview); the `domain`/`repository` inputs keep the
// order AWS needs: a resource policy after the domain or repository it is attached to.
function createPolicies({ name, plan, parent, where }: Children, domain: codeartifact.Domain, repos: Repositories): void {
    const domainPrincipals: pulumi.Output<string[]>[] = [plan.crossAccountReaders];
    const org: pulumi.Output<Organization | undefined> = plan.organization
        ? pulumi
              .all([plan.organization.organizationId, plan.organization.organizationalUnitPaths])
              .apply(([organizationId, organizationalUnitPaths]) => ({ organizationId, organizationalUnitPaths }))
        : pulumi.output(undefined);
    for (const r of plan.repositories.filter((x) => x.hasPolicy)) {
        domainPrincipals.push(r.readers, r.publishers);
        const repo = repos.get(r.name)!;
        new codeartifact.RepositoryPermissionsPolicy(
            `${name}-repo-policy-${r.name}`,
            {
                ...inDomain(domain),
                repository: repo.repository,
                policyDocument: pulumi
                    .all([where, r.readers, plan.crossAccountReaders, r.publishers, org])
                    .apply(([a, rs, xs, ps, o]) =>
                        toJson(repositoryPolicy(repositoryArn(a, plan.domainName, r.name), [...rs, ...xs], ps, o)),
                    ),
            },
            parent,
        );
    }
    if (plan.hasDomainPolicy) {
        new codeartifact.DomainPermissions(
            `${name}-domain-policy`,
            {
                ...inDomain(domain),
                policyDocument: pulumi
                    .all([where, pulumi.all(domainPrincipals), org])
                    .apply(([a, lists, o]) => toJson(domainPolicy(domainArn(a, plan.domainName), lists.flat(), o))),
            },
            parent,
        );
    }
}

/** IAM does not need the repositories to exist first: the role policies wait only for their role. */
function accessDocuments({ plan, where }: Children): AccessDocument {
    return (read, publish) =>
        where.apply((a) => {
            const arnOf = (n: string) => repositoryArn(a, plan.domainName, n);
            return toJson(accessPolicy(domainArn(a, plan.domainName), withUpstreams(plan, read).map(arnOf), publish.map(arnOf)));
        });
}

// --- EC2 build host ------------------------------------------------------------------------------

function createEc2Access({ name, plan, parent }: Children, ec2: NonNullable<BoundPlan["ec2"]>, access: AccessDocument) {
    const role = new iam.Role(
        `${name}-ec2-role`,
        {
            name: ec2.roleName,
            description: `Build hosts of CodeArtifact domain ${plan.domainName}`,
            assumeRolePolicy: toJson(ec2TrustPolicy()),
            permissionsBoundary: plan.permissionsBoundary,
            tags: plan.tags,
        },
        parent,
    );
    new iam.RolePolicy(`${name}-ec2-access`, { role: role.id, policy: access(ec2.read, ec2.publish) }, parent);
    const profile = new iam.InstanceProfile(`${name}-ec2-profile`, { role: role.name, tags: plan.tags }, parent);
    return { role, profile };
}

// --- GitHub Actions OIDC -------------------------------------------------------------------------

function createGithubActions({ name, plan, parent, where }: Children, github: NonNullable<BoundPlan["github"]>, access: AccessDocument) {
    const provider =
        github.oidcProviderArn === undefined
            ? new iam.OpenIdConnectProvider(
                  `${name}-github-oidc`,
                  {
                      url: `https://${GITHUB_OIDC_HOST}`,
                      clientIdLists: [STS_AUDIENCE],
                      tags: plan.tags,
                  },
                  parent,
              )
            : undefined;
    // A created provider's ARN has a fixed form, so the trust policy is known at preview; the
    // roles still wait for the provider, since IAM checks a trust policy's federated principal.
    const trustedArn = github.oidcProviderArn ?? where.apply((a) => oidcProviderArn(a, GITHUB_OIDC_HOST));
    const role = (
        suffix: string,
        roleName: pulumi.Input<string | undefined>,
        subjects: pulumi.Output<string[]>,
        read: string[],
        publish: string[],
    ) => {
        const r = new iam.Role(
            `${name}-github-${suffix}`,
            {
                name: roleName,
                description: `GitHub Actions ${suffix} access to CodeArtifact domain ${plan.domainName}`,
                permissionsBoundary: plan.permissionsBoundary,
                assumeRolePolicy: pulumi.all([trustedArn, subjects]).apply(([arn, s]) => toJson(githubTrustPolicy(arn, s))),
                tags: plan.tags,
            },
            provider ? { ...parent, dependsOn: [provider] } : parent,
        );
        new iam.RolePolicy(`${name}-github-${suffix}-access`, { role: r.id, policy: access(read, publish) }, parent);
        return r;
    };
    const readRole = role("read", github.readRoleName, github.readSubjects, allConsuming(plan), []);
    const pub = github.publishRepositories;
    const publishRole = pub.length > 0 ? role("publish", github.publishRoleName, github.publishSubjects, pub, pub) : undefined;
    return { oidcProviderArn: provider?.arn ?? trustedArn, readRole, publishRole };
}

// --- Managed policies other roles attach ------------------------------------------------------------

const allConsuming = (plan: BoundPlan) => plan.repositories.map((r) => r.name);

/** The read document (every consuming repository and what it reaches), and publish when asked for. */
function managedPolicyDocuments(plan: BoundPlan, access: AccessDocument): { read: pulumi.Output<string>; publish?: pulumi.Output<string> } {
    const publish = plan.managedPolicies.publish?.repositories;
    return { read: access(allConsuming(plan), []), ...(publish ? { publish: access(publish, publish) } : {}) };
}

function createManagedPolicies({ name, plan, parent }: Children, docs: ReturnType<typeof managedPolicyDocuments>) {
    const { read, publish } = plan.managedPolicies;
    const policy = (suffix: string, policyName: pulumi.Input<string | undefined>, document: pulumi.Output<string>, what: string) =>
        new iam.Policy(
            `${name}-${suffix}-policy`,
            {
                name: policyName,
                description: `${what} CodeArtifact domain ${plan.domainName}`,
                policy: document,
                tags: plan.tags,
            },
            parent,
        );
    return {
        read: read && policy("read", read.name, docs.read, "Read every repository of"),
        publish:
            publish && docs.publish && policy("publish", publish.name, docs.publish, `Publish to ${publish.repositories.join(", ")} in`),
    };
}

// --- Package groups: origin controls against dependency confusion -----------------------------------

/**
 * One aws-native PackageGroup per pattern, in the platform's domain and owner: only the listed
 * repositories may publish, external upstreams blocked unless allowed; internal upstreams inherit.
 * Logical names are the pattern itself, so adding, removing or reordering groups renames none.
 */
function createPackageGroups(
    { name, plan, parent }: Children,
    domain: codeartifact.Domain,
    repos: Repositories,
    PackageGroup?: PackageGroupClass,
) {
    const tags = pulumi
        .output(plan.tags)
        .apply((t) => (t ? Object.entries(t).map(([key, value]) => ({ key, value: value as string })) : undefined));
    return plan.packageGroups.map((g) => ({
        pattern: g.pattern,
        group: new PackageGroup!(
            `${name}-group-${g.pattern}`,
            {
                domainName: domain.domain,
                domainOwner: domain.owner,
                pattern: g.pattern,
                description: g.description,
                contactInfo: g.contactInfo,
                originConfiguration: {
                    restrictions: {
                        publish: { restrictionMode: "ALLOW_SPECIFIC_REPOSITORIES", repositories: g.publishRepositories },
                        externalUpstream: { restrictionMode: g.externalUpstream === "allow" ? "ALLOW" : "BLOCK" },
                    },
                },
                tags,
            },
            // AWS checks that the repositories of the publish list exist: create the group after them.
            { ...parent, dependsOn: g.publishRepositories.map((r) => repos.get(r)!) },
        ),
    }));
}

// --- Outputs -------------------------------------------------------------------------------------

/** The workflow steps of each GitHub role: assume it, then log in to what it reads or publishes to. */
function workflows({ plan, where }: Children, github: ReturnType<typeof createGithubActions>) {
    const formats = new Map(plan.repositories.map((r) => [r.name, r.formats]));
    const repos = (names: string[]) => names.map((n) => ({ name: n, formats: formats.get(n)! }));
    return pulumi.all([where, github.readRole.arn, github.publishRole?.arn]).apply(([a, readArn, publishArn]) => ({
        read: githubWorkflow(domainRef(plan, a), readArn, repos(allConsuming(plan))),
        ...(publishArn ? { publish: githubWorkflow(domainRef(plan, a), publishArn, repos(plan.github!.publishRepositories)) } : {}),
    }));
}

const domainRef = (plan: BoundPlan, a: AccountRef): DomainRef => ({
    domain: plan.domainName,
    owner: a.account,
    arn: domainArn(a, plan.domainName),
});

/** Builds a map repository → strings (endpoints, login commands, client config); known at preview. */
function repositoryStrings({ plan, where }: Children) {
    const ref = where.apply((a) => domainRef(plan, a));
    return (fn: (d: DomainRef, repo: string, formats: PackageFormat[]) => Record<string, string>) =>
        ref.apply((d) => Object.fromEntries(plan.repositories.map((r) => [r.name, fn(d, r.name, r.formats)])));
}
