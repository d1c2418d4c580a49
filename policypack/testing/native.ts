// Builders for @pulumi/aws-native 1.79.0 resources as the engine hands them to the pack: input
// names of the SDK (camelCase), documents as objects (aws-native takes no JSON strings).

import { FakeResource } from "./engine";
import { docObj, res, Stmt, TYPES } from "./fixtures";

/** An aws-native:codeartifact:Domain (logical name = domain name). */
export function domain(name: string, props: Record<string, unknown> = {}, extra: Partial<FakeResource> = {}): FakeResource {
    return res(TYPES.nativeDomain, name, { domainName: name, ...props }, extra);
}

/** An aws-native:codeartifact:Repository: `upstreams` and `externalConnections` are lists of names. */
export function repo(
    name: string,
    props: Record<string, unknown> = {},
    domainName = "acme",
    extra: Partial<FakeResource> = {},
): FakeResource {
    return res(TYPES.nativeRepository, name, { domainName, repositoryName: name, ...props }, extra);
}

/** An aws-native:iam:Role with the given trust document object (logical name = role name). */
export function role(assumeRolePolicyDocument: unknown, extra: Record<string, unknown> = {}, name = "gha"): FakeResource {
    return res(TYPES.nativeRole, name, { roleName: name, assumeRolePolicyDocument, ...extra });
}

/** An aws-native ManagedPolicy, RolePolicy, UserPolicy or GroupPolicy with `policyDocument` built from statements. */
export function policy(type: string, name: string, statements: Stmt[], extra: Record<string, unknown> = {}): FakeResource {
    return res(type, name, { policyDocument: docObj(...statements), ...extra });
}

export type Mode = "ALLOW" | "BLOCK" | "ALLOW_SPECIFIC_REPOSITORIES" | "INHERIT";

/** An aws-native:codeartifact:PackageGroup with publish and externalUpstream restrictions. */
export function packageGroup(
    name: string,
    pattern: string,
    restrictions: { publish?: Mode; publishRepositories?: string[]; externalUpstream?: Mode },
    domainName = "acme",
    extra: Partial<FakeResource> = {},
): FakeResource {
    const r: Record<string, unknown> = {};
    if (restrictions.publish) {
        r.publish = {
            restrictionMode: restrictions.publish,
            ...(restrictions.publishRepositories ? { repositories: restrictions.publishRepositories } : {}),
        };
    }
    if (restrictions.externalUpstream) {
        r.externalUpstream = { restrictionMode: restrictions.externalUpstream };
    }
    return res(TYPES.nativePackageGroup, name, { domainName, pattern, originConfiguration: { restrictions: r } }, extra);
}
