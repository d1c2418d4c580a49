// Pure helpers over ARNs. CodeArtifact and IAM ARNs have fixed forms, so the component builds
// them from names plus the partition, region and account its provider reports (invokes that
// resolve during preview): every policy document is then known before anything is created.

export interface ArnParts {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

export function parseArn(arn: string): ArnParts {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") throw new Error(`not an ARN: ${JSON.stringify(arn)}`);
    const [, partition, service, region, account] = parts;
    return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/** DNS suffix of AWS service endpoints in a partition. */
export function dnsSuffix(partition: string): string {
    return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/** `arn:P:codeartifact:R:A:repository/D/REPO` → `arn:P:codeartifact:R:A:package/D/REPO/*` (every package in it). */
export function packagesArn(repositoryArn: string): string {
    const a = parseArn(repositoryArn);
    if (a.service !== "codeartifact" || !a.resource.startsWith("repository/")) {
        throw new Error(`not a CodeArtifact repository ARN: ${JSON.stringify(repositoryArn)}`);
    }
    return `arn:${a.partition}:codeartifact:${a.region}:${a.account}:package/${a.resource.slice("repository/".length)}/*`;
}

/** An account ID becomes the account's root principal; ARNs pass through. */
export function principalArn(partition: string, principal: string): string {
    return /^\d{12}$/.test(principal) ? `arn:${partition}:iam::${principal}:root` : principal;
}

/** Where the component's children live: what the caller-identity and region invokes report. */
export interface AccountRef {
    partition: string;
    region: string;
    account: string;
}

const codeartifactArn = (a: AccountRef, resource: string) => `arn:${a.partition}:codeartifact:${a.region}:${a.account}:${resource}`;

/** `arn:P:codeartifact:R:A:domain/DOMAIN`, as AWS reports it for a domain the account owns. */
export function domainArn(a: AccountRef, domain: string): string {
    return codeartifactArn(a, `domain/${domain}`);
}

/** `arn:P:codeartifact:R:A:repository/DOMAIN/REPO`. */
export function repositoryArn(a: AccountRef, domain: string, repository: string): string {
    return codeartifactArn(a, `repository/${domain}/${repository}`);
}

/** `arn:P:iam::A:oidc-provider/HOST`: IAM names an OIDC provider after its URL's host. */
export function oidcProviderArn(a: AccountRef, host: string): string {
    return `arn:${a.partition}:iam::${a.account}:oidc-provider/${host}`;
}
