// Benchmark program: the same resources the CodeArtifactPlatform component creates for the
// platform of ts-component, written by hand with @pulumi/aws in one program: same types, same
// count, same logical names (without the component parent), same policy JSON documents.
// bench/tools/compare-states.py checks this against the component's state after `up`.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const n = config.requireNumber("repos");
const name = "bench";
const domainName = "bench-packages";
const connections = ["public:npmjs", "public:pypi", "public:maven-central"];
const repoName = (i: number) => `app-${String(i).padStart(3, "0")}`;
const names = Array.from({ length: n }, (_, i) => repoName(i));
const tags = { "managed-by": "pulumi", team: "platform" };
const crossAccountReaders = ["444455556666"];
const publishersOf = (i: number) => (i % 5 === 0 ? ["arn:aws:iam::111122223333:role/publisher"] : []);
const ec2Publish = [names[0]];
const githubPublish = names.slice(0, 3);
const oidcHost = "token.actions.githubusercontent.com";

// --- policy documents --------------------------------------------------------------
const READ = [
    "codeartifact:DescribePackageVersion", "codeartifact:DescribeRepository", "codeartifact:GetPackageVersionReadme",
    "codeartifact:GetRepositoryEndpoint", "codeartifact:ListPackageVersionAssets", "codeartifact:ListPackageVersionDependencies",
    "codeartifact:ListPackageVersions", "codeartifact:ListPackages", "codeartifact:ReadFromRepository",
];
const PUBLISH = ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"];
const sorted = (xs: string[]) => [...new Set(xs)].sort();
const one = (xs: string[]): string | string[] => (xs.length === 1 ? xs[0] : xs);
const partitionOf = (arn: string) => arn.split(":")[1];
const principal = (partition: string, p: string) => (/^\d{12}$/.test(p) ? `arn:${partition}:iam::${p}:root` : p);
const packagesArn = (repoArn: string) => {
    const [, partition, , region, account, ...rest] = repoArn.split(":");
    return `arn:${partition}:codeartifact:${region}:${account}:package/${rest.join(":").slice("repository/".length)}/*`;
};
const doc = (Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

const repositoryPolicy = (arn: string, readers: string[], publishers: string[]) => {
    const p = partitionOf(arn);
    const arns = (xs: string[]) => sorted(xs.map((x) => principal(p, x)));
    const statements: object[] = [];
    const read = arns([...readers, ...publishers]);
    if (read.length > 0) statements.push({ Sid: "Read", Effect: "Allow", Principal: { AWS: one(read) }, Action: READ, Resource: arn });
    if (publishers.length > 0) {
        statements.push({ Sid: "Publish", Effect: "Allow", Principal: { AWS: one(arns(publishers)) }, Action: PUBLISH, Resource: packagesArn(arn) });
    }
    return doc(statements);
};
const accessPolicy = (domainArn: string, readArns: string[], publishArns: string[]) => {
    const statements: object[] = [
        { Sid: "GetAuthorizationToken", Effect: "Allow", Action: "codeartifact:GetAuthorizationToken", Resource: domainArn },
        {
            Sid: "GetServiceBearerToken", Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*",
            Condition: { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } },
        },
    ];
    const read = sorted([...readArns, ...publishArns]);
    if (read.length > 0) statements.push({ Sid: "Read", Effect: "Allow", Action: READ, Resource: one(read) });
    if (publishArns.length > 0) {
        statements.push({ Sid: "Publish", Effect: "Allow", Action: PUBLISH, Resource: one(sorted(publishArns.map(packagesArn))) });
    }
    return doc(statements);
};
const githubTrust = (providerArn: string, subjects: string[]) => doc([{
    Sid: "GithubSubjectPatterns", Effect: "Allow", Principal: { Federated: providerArn }, Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { [`${oidcHost}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${oidcHost}:sub`]: one(sorted(subjects)) } },
}]);

// --- KMS key and domain --------------------------------------------------------------
const identity = aws.getCallerIdentityOutput({});
const region = aws.getRegionOutput({});
const key = new aws.kms.Key(`${name}-key`, {
    description: `Encrypts CodeArtifact domain ${domainName}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: pulumi.all([identity.arn, identity.accountId, region.region]).apply(([arn, account, r]) => {
        const p = partitionOf(arn);
        return doc([
            { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: `arn:${p}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
            {
                Sid: "CodeArtifactUsesKey", Effect: "Allow", Principal: { AWS: "*" },
                Action: ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
                Resource: "*",
                Condition: { StringEquals: { "kms:CallerAccount": account, "kms:ViaService": `codeartifact.${r}.${p === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}` } },
            },
        ]);
    }),
    tags,
});
const domain = new aws.codeartifact.Domain(`${name}-domain`, { domain: domainName, encryptionKey: key.arn, tags });
const inDomain = { domain: domain.domain, domainOwner: domain.owner };

// --- proxies, repositories and their policies ------------------------------------------
const repos = new Map<string, aws.codeartifact.Repository>();
const used = [...new Set(names.map((_, i) => connections[i % 3]))];
for (const c of used) {
    const proxy = `proxy-${c.slice("public:".length)}`;
    repos.set(proxy, new aws.codeartifact.Repository(`${name}-${proxy}`, {
        ...inDomain,
        repository: proxy,
        description: `Shared proxy of ${c}; consuming repositories reach it as their last upstream.`,
        externalConnections: { externalConnectionName: c },
        tags,
    }));
}
const chains = new Map<string, string[]>();
names.forEach((r, i) => {
    const chain = [...(i >= 3 ? [repoName(i % 3)] : []), `proxy-${connections[i % 3].slice("public:".length)}`];
    chains.set(r, chain);
    const repo = new aws.codeartifact.Repository(`${name}-repo-${r}`, {
        ...inDomain,
        repository: r,
        upstreams: chain.map((u) => ({ repositoryName: repos.get(u)!.repository })),
        tags,
    });
    repos.set(r, repo);
    new aws.codeartifact.RepositoryPermissionsPolicy(`${name}-repo-policy-${r}`, {
        ...inDomain,
        repository: repo.repository,
        policyDocument: repo.arn.apply((arn) => repositoryPolicy(arn, crossAccountReaders, publishersOf(i))),
    });
});
new aws.codeartifact.DomainPermissions(`${name}-domain-policy`, {
    ...inDomain,
    policyDocument: domain.arn.apply((arn) => doc([{
        Sid: "GetAuthorizationToken", Effect: "Allow",
        Principal: { AWS: one(sorted([...crossAccountReaders, ...names.flatMap((_, i) => publishersOf(i))].map((x) => principal(partitionOf(arn), x)))) },
        Action: "codeartifact:GetAuthorizationToken", Resource: arn,
    }])),
});
const withUpstreams = (start: string[]) => {
    const seen = new Set<string>();
    const walk = (r: string) => { if (!seen.has(r)) { seen.add(r); (chains.get(r) ?? []).forEach(walk); } };
    start.forEach(walk);
    return [...seen];
};
const arnsOf = (rs: string[]) => pulumi.all(rs.map((r) => repos.get(r)!.arn));
const access = (read: string[], publish: string[]) =>
    pulumi.all([domain.arn, arnsOf(withUpstreams(read)), arnsOf(publish)]).apply(([d, r, p]) => accessPolicy(d, r, p));

// --- EC2 build hosts -------------------------------------------------------------------
const ec2Role = new aws.iam.Role(`${name}-ec2-role`, {
    description: `Build hosts of CodeArtifact domain ${domainName}`,
    assumeRolePolicy: doc([{ Sid: "Ec2AssumeRole", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]),
    tags,
});
new aws.iam.RolePolicy(`${name}-ec2-access`, { role: ec2Role.id, policy: access(names, ec2Publish) });
new aws.iam.InstanceProfile(`${name}-ec2-profile`, { role: ec2Role.name, tags });

// --- GitHub Actions OIDC -----------------------------------------------------------------
const oidc = new aws.iam.OpenIdConnectProvider(`${name}-github-oidc`, { url: `https://${oidcHost}`, clientIdLists: ["sts.amazonaws.com"], tags });
const githubRole = (suffix: string, subjects: string[], read: string[], publish: string[]) => {
    const role = new aws.iam.Role(`${name}-github-${suffix}`, {
        description: `GitHub Actions ${suffix} access to CodeArtifact domain ${domainName}`,
        assumeRolePolicy: oidc.arn.apply((arn) => githubTrust(arn, subjects)),
        tags,
    });
    new aws.iam.RolePolicy(`${name}-github-${suffix}-access`, { role: role.id, policy: access(read, publish) });
    return role;
};
const readRole = githubRole("read", ["repo:acme/*"], names, []);
githubRole("publish", ["repo:acme/*:ref:refs/tags/v*"], githubPublish, githubPublish);

export const domainArn = domain.arn;
export const repositoryArns = pulumi.all(Object.fromEntries([...repos].map(([r, repo]) => [r, repo.arn])));
export const ec2RoleArn = ec2Role.arn;
export const githubReadRoleArn = readRole.arn;
