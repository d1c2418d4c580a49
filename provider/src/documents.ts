// Pure builders of the IAM and resource policy documents. Plain JSON, no getPolicyDocument
// invoke: each document is unit-tested statement by statement and costs no provider call.
import { dnsSuffix, parseArn, packagesArn, principalArn } from "./arn";

export interface Statement {
    Sid: string;
    Effect: "Allow";
    Principal?: Record<string, string | string[]>;
    Action: string | string[];
    /** Absent only in trust policies, whose resource is the role itself. */
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

/** Everything a client needs to resolve and download packages, and nothing that writes. */
export const READ_ACTIONS = [
    "codeartifact:DescribePackageVersion",
    "codeartifact:DescribeRepository",
    "codeartifact:GetPackageVersionReadme",
    "codeartifact:GetRepositoryEndpoint",
    "codeartifact:ListPackageVersionAssets",
    "codeartifact:ListPackageVersionDependencies",
    "codeartifact:ListPackageVersions",
    "codeartifact:ListPackages",
    "codeartifact:ReadFromRepository",
];
export const PUBLISH_ACTIONS = ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"];
export const TOKEN_ACTION = "codeartifact:GetAuthorizationToken";
export const CODEARTIFACT_SERVICE = "codeartifact.amazonaws.com";
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const STS_AUDIENCE = "sts.amazonaws.com";

const doc = (statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });
const sorted = (xs: string[]) => [...new Set(xs)].sort();
const one = (xs: string[]): string | string[] => (xs.length === 1 ? xs[0] : xs);

/** Read for every account of an organization, optionally only those under the given OU paths. */
export interface Organization {
    organizationId: string;
    organizationalUnitPaths: string[];
}

/**
 * `Principal: "*"` confined to the organization: StringEquals aws:PrincipalOrgID, and with OU
 * paths ForAnyValue:StringLike aws:PrincipalOrgPaths (conditions AND together).
 */
function organizationStatement(org: Organization, sid: string, action: string | string[], resource: string): Statement {
    const condition: Statement["Condition"] = { StringEquals: { "aws:PrincipalOrgID": org.organizationId } };
    if (org.organizationalUnitPaths.length > 0) {
        condition["ForAnyValue:StringLike"] = { "aws:PrincipalOrgPaths": one(sorted(org.organizationalUnitPaths)) };
    }
    return { Sid: sid, Effect: "Allow", Principal: { AWS: "*" }, Action: action, Resource: resource, Condition: condition };
}

/** Domain policy: lets the platform's readers and publishers (any account), and the organization, get a token. */
export function domainPolicy(domainArn: string, principals: string[], org?: Organization): PolicyDocument {
    const partition = parseArn(domainArn).partition;
    const statements: Statement[] = [];
    if (principals.length > 0) {
        statements.push({
            Sid: "GetAuthorizationToken",
            Effect: "Allow",
            Principal: { AWS: one(sorted(principals.map((p) => principalArn(partition, p)))) },
            Action: TOKEN_ACTION,
            Resource: domainArn,
        });
    }
    if (org) statements.push(organizationStatement(org, "OrganizationGetAuthorizationToken", TOKEN_ACTION, domainArn));
    return doc(statements);
}

/** Repository policy: read for readers (and publishers), publish only on this repository's packages. */
export function repositoryPolicy(repositoryArn: string, readers: string[], publishers: string[], org?: Organization): PolicyDocument {
    const partition = parseArn(repositoryArn).partition;
    const arns = (ps: string[]) => sorted(ps.map((p) => principalArn(partition, p)));
    const statements: Statement[] = [];
    const readPrincipals = arns([...readers, ...publishers]);
    if (readPrincipals.length > 0) {
        statements.push({
            Sid: "Read",
            Effect: "Allow",
            Principal: { AWS: one(readPrincipals) },
            Action: READ_ACTIONS,
            Resource: repositoryArn,
        });
    }
    if (publishers.length > 0) {
        statements.push({
            Sid: "Publish",
            Effect: "Allow",
            Principal: { AWS: one(arns(publishers)) },
            Action: PUBLISH_ACTIONS,
            Resource: packagesArn(repositoryArn),
        });
    }
    // Read only, never publish: publishing stays with named principals.
    if (org) statements.push(organizationStatement(org, "OrganizationRead", READ_ACTIONS, repositoryArn));
    return doc(statements);
}

/**
 * Identity policy of a role that logs in to the domain: a token for the domain, read on the
 * given repositories, publish on the packages of the publish repositories.
 */
export function accessPolicy(domainArn: string, readRepositoryArns: string[], publishRepositoryArns: string[] = []): PolicyDocument {
    const statements: Statement[] = [
        { Sid: "GetAuthorizationToken", Effect: "Allow", Action: TOKEN_ACTION, Resource: domainArn },
        {
            // AWS requires Resource "*" here; the condition limits the bearer token to CodeArtifact.
            Sid: "GetServiceBearerToken",
            Effect: "Allow",
            Action: "sts:GetServiceBearerToken",
            Resource: "*",
            Condition: { StringEquals: { "sts:AWSServiceName": CODEARTIFACT_SERVICE } },
        },
    ];
    const readArns = sorted([...readRepositoryArns, ...publishRepositoryArns]);
    if (readArns.length > 0) {
        statements.push({ Sid: "Read", Effect: "Allow", Action: READ_ACTIONS, Resource: one(readArns) });
    }
    if (publishRepositoryArns.length > 0) {
        statements.push({
            Sid: "Publish",
            Effect: "Allow",
            Action: PUBLISH_ACTIONS,
            Resource: one(sorted(publishRepositoryArns.map(packagesArn))),
        });
    }
    return doc(statements);
}

export function ec2TrustPolicy(): PolicyDocument {
    return doc([{ Sid: "Ec2AssumeRole", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
}

const hasWildcard = (s: string) => /[*?]/.test(s);

/**
 * Trust policy of a GitHub Actions role: web identity from the OIDC provider, audience pinned
 * to STS, and `sub` pinned to the given patterns — StringEquals for exact subjects,
 * StringLike (in a statement of its own, since conditions AND together) for wildcard ones.
 */
export function githubTrustPolicy(oidcProviderArn: string, subjects: string[]): PolicyDocument {
    const exact = sorted(subjects.filter((s) => !hasWildcard(s)));
    const patterns = sorted(subjects.filter(hasWildcard));
    const aud = { [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE };
    const sub = `${GITHUB_OIDC_HOST}:sub`;
    const base = { Effect: "Allow" as const, Principal: { Federated: oidcProviderArn }, Action: "sts:AssumeRoleWithWebIdentity" };
    const statements: Statement[] = [];
    if (exact.length > 0) {
        statements.push({ Sid: "GithubExactSubjects", ...base, Condition: { StringEquals: { ...aud, [sub]: one(exact) } } });
    }
    if (patterns.length > 0) {
        statements.push({ Sid: "GithubSubjectPatterns", ...base, Condition: { StringEquals: aud, StringLike: { [sub]: one(patterns) } } });
    }
    return doc(statements);
}

/**
 * Key policy of the CMK the component creates: the account administers the key through IAM
 * (the default key policy), and CodeArtifact in this account and region may use it.
 */
export function kmsKeyPolicy(partition: string, accountId: string, region: string): PolicyDocument {
    return doc([
        {
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
            Action: "kms:*",
            Resource: "*", // in a key policy "*" means this key
        },
        {
            Sid: "CodeArtifactUsesKey",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:CallerAccount": accountId,
                    "kms:ViaService": `codeartifact.${region}.${dnsSuffix(partition)}`,
                },
            },
        },
    ]);
}
