// The CodeArtifactPlatform component: wiring only. What to create comes from validate.ts
// (the plan), document contents from documents.ts, and strings from endpoints.ts.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CodeArtifactPlatformArgs, CodeArtifactPlatformOutputs, PLATFORM_TOKEN } from "./args";
import { parseArn } from "./arn";
import { clientConfig, DomainRef, endpoints, loginCommands } from "./endpoints";
import {
    accessPolicy, domainPolicy, ec2TrustPolicy, GITHUB_OIDC_HOST, githubTrustPolicy, kmsKeyPolicy, repositoryPolicy, STS_AUDIENCE,
} from "./documents";
import { at, checkedList, checkedOptional, checkedValue, peek, toJson } from "./inputs";
import { check, PlatformPlan, validatePlatform, withUpstreams } from "./validate";

/**
 * Validates the inputs (resolving what a multi-language construct passed as Outputs) and
 * then creates the component. Bad input throws before any child is registered.
 */
export async function createPlatform(
    name: string, args: CodeArtifactPlatformArgs, opts?: pulumi.ComponentResourceOptions,
): Promise<CodeArtifactPlatform> {
    const plan = validatePlatform(await peek(args));
    return new CodeArtifactPlatform(name, args, plan, opts);
}

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

    /** Use createPlatform: the plan must come from validatePlatform over the same args. */
    constructor(name: string, args: CodeArtifactPlatformArgs, plan: PlatformPlan, opts?: pulumi.ComponentResourceOptions) {
        super(PLATFORM_TOKEN, name, {}, opts);
        const parent = { parent: this };
        // Data protection applies to what holds packages or can decrypt them.
        const keep: pulumi.CustomResourceOptions = {
            ...parent,
            ...(plan.dataProtection === "retain" ? { retainOnDelete: true } : {}),
            ...(plan.dataProtection === "protect" ? { protect: true } : {}),
        };
        const tags = args.tags;

        // --- KMS key and domain -------------------------------------------------------
        let encryptionKey: pulumi.Input<string>;
        if (plan.createKey) {
            const identity = aws.getCallerIdentityOutput({}, parent);
            const region = aws.getRegionOutput({}, parent);
            const key = new aws.kms.Key(`${name}-key`, {
                description: `Encrypts CodeArtifact domain ${plan.domainName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi.all([identity.arn, identity.accountId, region.region])
                    .apply(([arn, account, r]) => toJson(kmsKeyPolicy(parseArn(arn).partition, account, r))),
                tags,
            }, keep);
            encryptionKey = key.arn;
        } else {
            encryptionKey = checkedValue("kmsKeyArn", args.kmsKeyArn, check.kmsKeyArn);
        }
        const domain = new aws.codeartifact.Domain(`${name}-domain`, { domain: plan.domainName, encryptionKey, tags }, keep);
        const inDomain = { domain: domain.domain, domainOwner: domain.owner };

        // --- Repositories: proxies first, then consuming ones, upstreams before users ----
        const repos = new Map<string, aws.codeartifact.Repository>();
        for (const p of plan.proxies) {
            repos.set(p.name, new aws.codeartifact.Repository(`${name}-${p.name}`, {
                ...inDomain,
                repository: p.name,
                description: `Shared proxy of ${p.connection}; consuming repositories reach it as their last upstream.`,
                externalConnections: { externalConnectionName: p.connection },
                tags,
            }, keep));
        }
        const crossAccountReaders = checkedList("crossAccountReaders", args.crossAccountReaders, check.accountId);
        const principalsOf = (field: "readers" | "publishers", index: number) =>
            checkedList(`repositories[${index}].${field}`, at(args.repositories, [index, field]), check.principal);
        const domainPrincipals: pulumi.Output<string[]>[] = [crossAccountReaders];
        for (const r of plan.repositories) {
            const repo = new aws.codeartifact.Repository(`${name}-repo-${r.name}`, {
                ...inDomain,
                repository: r.name,
                description: at(args.repositories, [r.index, "description"]),
                upstreams: r.chain.map((u) => ({ repositoryName: repos.get(u)!.repository })),
                tags,
            }, keep);
            repos.set(r.name, repo);
            if (r.hasPolicy) {
                const readers = principalsOf("readers", r.index);
                const publishers = principalsOf("publishers", r.index);
                domainPrincipals.push(readers, publishers);
                new aws.codeartifact.RepositoryPermissionsPolicy(`${name}-repo-policy-${r.name}`, {
                    ...inDomain,
                    repository: repo.repository,
                    policyDocument: pulumi.all([repo.arn, readers, crossAccountReaders, publishers])
                        .apply(([arn, rs, xs, ps]) => toJson(repositoryPolicy(arn, [...rs, ...xs], ps))),
                }, parent);
            }
        }
        if (plan.hasDomainPolicy) {
            new aws.codeartifact.DomainPermissions(`${name}-domain-policy`, {
                ...inDomain,
                policyDocument: pulumi.all([domain.arn, pulumi.all(domainPrincipals)])
                    .apply(([arn, lists]) => toJson(domainPolicy(arn, lists.flat()))),
            }, parent);
        }
        const arnsOf = (names: string[]) => pulumi.all(names.map((n) => repos.get(n)!.arn));
        const accessDocument = (read: string[], publish: string[]) =>
            pulumi.all([domain.arn, arnsOf(withUpstreams(plan, read)), arnsOf(publish)])
                .apply(([d, readArns, publishArns]) => toJson(accessPolicy(d, readArns, publishArns)));

        // --- EC2 build host ----------------------------------------------------------
        let ec2Role: aws.iam.Role | undefined;
        let ec2Profile: aws.iam.InstanceProfile | undefined;
        if (plan.ec2) {
            ec2Role = new aws.iam.Role(`${name}-ec2-role`, {
                name: checkedOptional("ec2Access.roleName", at(args.ec2Access, ["roleName"]), check.roleName),
                description: `Build hosts of CodeArtifact domain ${plan.domainName}`,
                assumeRolePolicy: toJson(ec2TrustPolicy()),
                tags,
            }, parent);
            new aws.iam.RolePolicy(`${name}-ec2-access`, {
                role: ec2Role.id,
                policy: accessDocument(plan.ec2.read, plan.ec2.publish),
            }, parent);
            ec2Profile = new aws.iam.InstanceProfile(`${name}-ec2-profile`, { role: ec2Role.name, tags }, parent);
        }

        // --- GitHub Actions OIDC -----------------------------------------------------
        let oidcProviderArn: pulumi.Output<string> | undefined;
        let readRole: aws.iam.Role | undefined;
        let publishRole: aws.iam.Role | undefined;
        if (plan.github) {
            const gh = args.githubActions;
            oidcProviderArn = plan.github.createProvider
                ? new aws.iam.OpenIdConnectProvider(`${name}-github-oidc`, {
                    url: `https://${GITHUB_OIDC_HOST}`,
                    clientIdLists: [STS_AUDIENCE],
                    tags,
                }, parent).arn
                : checkedValue("githubActions.oidcProviderArn", at(gh, ["oidcProviderArn"]), check.oidcProviderArn);
            const role = (suffix: string, field: string, read: string[], publish: string[]) => {
                const subjects = checkedList(`githubActions.${field}`, at(gh, [field]), check.subject);
                const r = new aws.iam.Role(`${name}-github-${suffix}`, {
                    description: `GitHub Actions ${suffix} access to CodeArtifact domain ${plan.domainName}`,
                    assumeRolePolicy: pulumi.all([oidcProviderArn!, subjects]).apply(([arn, s]) => toJson(githubTrustPolicy(arn, s))),
                    tags,
                }, parent);
                new aws.iam.RolePolicy(`${name}-github-${suffix}-access`, { role: r.id, policy: accessDocument(read, publish) }, parent);
                return r;
            };
            readRole = role("read", "readSubjects", plan.repositories.map((r) => r.name), []);
            if (plan.github.publishRepositories.length > 0) {
                const pub = plan.github.publishRepositories;
                publishRole = role("publish", "publishSubjects", pub, pub);
            }
        }

        // --- Outputs -----------------------------------------------------------------
        const ref: pulumi.Output<DomainRef> = pulumi.all([domain.domain, domain.owner, domain.arn])
            .apply(([d, owner, arn]) => ({ domain: d, owner, arn }));
        const perRepository = (fn: (d: DomainRef, repo: string, formats: PlatformPlan["repositories"][number]["formats"]) => Record<string, string>) =>
            ref.apply((d) => Object.fromEntries(plan.repositories.map((r) => [r.name, fn(d, r.name, r.formats)])));

        this.domainName = domain.domain;
        this.domainArn = domain.arn;
        this.domainOwner = domain.owner;
        this.kmsKeyArn = pulumi.output(encryptionKey);
        this.repositoryArns = pulumi.all(Object.fromEntries([...repos].map(([n, r]) => [n, r.arn])));
        this.proxyRepositoryNames = pulumi.output(Object.fromEntries(plan.proxies.map((p) => [p.connection, p.name])));
        this.endpoints = perRepository(endpoints);
        this.loginCommands = perRepository(loginCommands);
        this.clientConfig = perRepository(clientConfig);
        this.ec2RoleArn = pulumi.output(ec2Role?.arn);
        this.ec2InstanceProfileName = pulumi.output(ec2Profile?.name);
        this.githubReadRoleArn = pulumi.output(readRole?.arn);
        this.githubPublishRoleArn = pulumi.output(publishRole?.arn);
        this.oidcProviderArn = pulumi.output(oidcProviderArn);
        this.registerOutputs(this.outputs());
    }

    /** The output properties, as the provider returns them from construct. */
    outputs(): Record<keyof CodeArtifactPlatformOutputs, pulumi.Output<unknown>> {
        return {
            domainName: this.domainName, domainArn: this.domainArn, domainOwner: this.domainOwner, kmsKeyArn: this.kmsKeyArn,
            repositoryArns: this.repositoryArns, proxyRepositoryNames: this.proxyRepositoryNames, endpoints: this.endpoints,
            loginCommands: this.loginCommands, clientConfig: this.clientConfig, ec2RoleArn: this.ec2RoleArn,
            ec2InstanceProfileName: this.ec2InstanceProfileName, githubReadRoleArn: this.githubReadRoleArn,
            githubPublishRoleArn: this.githubPublishRoleArn, oidcProviderArn: this.oidcProviderArn,
        };
    }
}
