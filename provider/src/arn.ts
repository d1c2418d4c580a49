// Pure helpers over ARNs: the component derives partition, region and account from the
// domain ARN AWS returns, so it works the same with any provider, region or account.

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
