// Builders for resources shaped like the engine gives them (type tokens and property names of
// @pulumi/aws 7.48.0 and @pulumi/aws-native 1.79.0) and for policy documents.

import { FakeResource } from "./engine";

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";

export const TYPES = {
    domain: "aws:codeartifact/domain:Domain",
    repository: "aws:codeartifact/repository:Repository",
    repositoryPermissionsPolicy: "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy",
    domainPermissions: "aws:codeartifact/domainPermissions:DomainPermissions",
    role: "aws:iam/role:Role",
    policy: "aws:iam/policy:Policy",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    kmsKey: "aws:kms/key:Key",
    kmsAlias: "aws:kms/alias:Alias",
    bucket: "aws:s3/bucket:Bucket",
    // @pulumi/aws-native 1.79.0
    nativeDomain: "aws-native:codeartifact:Domain",
    nativeRepository: "aws-native:codeartifact:Repository",
    nativePackageGroup: "aws-native:codeartifact:PackageGroup",
    nativeRole: "aws-native:iam:Role",
    nativeManagedPolicy: "aws-native:iam:ManagedPolicy",
    nativeRolePolicy: "aws-native:iam:RolePolicy",
    nativeUserPolicy: "aws-native:iam:UserPolicy",
    nativeGroupPolicy: "aws-native:iam:GroupPolicy",
} as const;

export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const OIDC_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
export const GH = "token.actions.githubusercontent.com";

export function pkgArn(rest: string): string {
    return `arn:aws:codeartifact:${REGION}:${ACCOUNT}:package/${rest}`;
}

export type Stmt = Record<string, unknown>;

/** A policy document object. */
export function docObj(...statements: Stmt[]): Record<string, unknown> {
    return { Version: "2012-10-17", Statement: statements };
}

/** A policy document as the JSON string most programs pass. */
export function doc(...statements: Stmt[]): string {
    return JSON.stringify(docObj(...statements));
}

export function res(type: string, name: string, props: Record<string, unknown>, extra: Partial<FakeResource> = {}): FakeResource {
    return { type, name, props, ...extra };
}

export function urn(type: string, name: string): string {
    return `urn:pulumi:test::codeartifact::${type}::${name}`;
}

export function repo(name: string, props: Record<string, unknown> = {}, domain = "acme"): FakeResource {
    return res(TYPES.repository, name, { domain, repository: name, ...props });
}

/** The `aud` condition a GitHub Actions trust pins: {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}. */
export const AUD = { [`${GH}:aud`]: "sts.amazonaws.com" };

/** An aws:iam/role:Role with the given trust document (logical name = role name, "gha" by default). */
export function role(assumeRolePolicy: unknown, extra: Record<string, unknown> = {}, name = "gha"): FakeResource {
    return res(TYPES.role, name, { name, assumeRolePolicy, ...extra });
}

export function githubTrust(condition: Record<string, unknown> | undefined, principal: unknown = { Federated: OIDC_ARN }): string {
    const s: Stmt = { Effect: "Allow", Principal: principal, Action: "sts:AssumeRoleWithWebIdentity" };
    if (condition) {
        s.Condition = condition;
    }
    return doc(s);
}

export const EC2_TRUST = doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
