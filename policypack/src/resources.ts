// Type tokens of the @pulumi/aws and @pulumi/aws-native resources the pack looks at (matched as
// strings: the pack depends on neither), and where each of them keeps its names, links and policy
// documents. aws-native passes documents as objects (aws mostly as JSON strings); both parse alike.

import { parseDocument, ParsedDocument, Statement } from "./iam";
import { PolicyResource } from "@pulumi/policy";
import { policyProxy } from "./framework";
import { isUnknown, isUnknownSentinel, plain, read, UNKNOWN, Unknown } from "./unknown";
import { Verdict } from "./verdict";

export const T = {
    domain: "aws:codeartifact/domain:Domain",
    repository: "aws:codeartifact/repository:Repository",
    domainPermissions: "aws:codeartifact/domainPermissions:DomainPermissions",
    repositoryPermissionsPolicy: "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy",
    iamPolicy: "aws:iam/policy:Policy",
    role: "aws:iam/role:Role",
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
    // @pulumi/aws-native 1.79.0 (Cloud Control): the same things under CloudFormation's names.
    nativeDomain: "aws-native:codeartifact:Domain",
    nativeRepository: "aws-native:codeartifact:Repository",
    nativePackageGroup: "aws-native:codeartifact:PackageGroup",
    nativeRole: "aws-native:iam:Role",
    nativeManagedPolicy: "aws-native:iam:ManagedPolicy",
    nativeRolePolicy: "aws-native:iam:RolePolicy",
    nativeUserPolicy: "aws-native:iam:UserPolicy",
    nativeGroupPolicy: "aws-native:iam:GroupPolicy",
    nativeKmsKey: "aws-native:kms:Key",
    nativeKmsAlias: "aws-native:kms:Alias",
} as const;

/** CodeArtifact domains of either provider. */
export const DOMAIN_TYPES: ReadonlySet<string> = new Set([T.domain, T.nativeDomain]);
/** CodeArtifact repositories of either provider. */
export const REPOSITORY_TYPES: ReadonlySet<string> = new Set([T.repository, T.nativeRepository]);
/** IAM roles of either provider. */
export const ROLE_TYPES: ReadonlySet<string> = new Set([T.role, T.nativeRole]);

/** A domain's name: `domain` (aws) or `domainName` (aws-native). */
export function domainNameKey(type: string): string {
    return type === T.nativeDomain ? "domainName" : "domain";
}

/** The property of a repository (or repository policy, package group) that names its domain. */
export function repositoryDomainKey(type: string): string {
    return type === T.nativeRepository || type === T.nativePackageGroup ? "domainName" : "domain";
}

/** A repository's name: `repository` (aws) or `repositoryName` (aws-native). */
export function repositoryNameKey(type: string): string {
    return type === T.nativeRepository ? "repositoryName" : "repository";
}

/** A role's name: `name` (aws) or `roleName` (aws-native). */
export function roleNameKey(type: string): string {
    return type === T.nativeRole ? "roleName" : "name";
}

/** The trust policy property of a role: `assumeRolePolicy` (aws) or `assumeRolePolicyDocument` (aws-native). */
export function trustKey(type: string): string {
    return type === T.nativeRole ? "assumeRolePolicyDocument" : "assumeRolePolicy";
}

/** Identity policies grant to whoever holds them; resource policies name principals. */
export type DocumentKind = "identity" | "repository-policy" | "domain-policy";

export interface FoundDocument {
    /** Where it sits, for messages: `policy`, `inlinePolicies[1] ("publish")`, `policyDocument`. */
    where: string;
    kind: DocumentKind;
    parsed: ParsedDocument;
}

/**
 * The resource types that carry one permission document, by the property that holds it. An
 * aws:iam/role:Role carries a list of them (`inlinePolicies[].policy`); its trust policy
 * (`assumeRolePolicy`, see trustDocumentOf) is not a grant.
 */
const DOCUMENT_PROPERTY: ReadonlyMap<string, { prop: string; kind: DocumentKind }> = new Map([
    [T.iamPolicy, { prop: "policy", kind: "identity" }],
    [T.rolePolicy, { prop: "policy", kind: "identity" }],
    [T.userPolicy, { prop: "policy", kind: "identity" }],
    [T.groupPolicy, { prop: "policy", kind: "identity" }],
    [T.repositoryPermissionsPolicy, { prop: "policyDocument", kind: "repository-policy" }],
    [T.domainPermissions, { prop: "policyDocument", kind: "domain-policy" }],
    [T.nativeManagedPolicy, { prop: "policyDocument", kind: "identity" }],
    [T.nativeRolePolicy, { prop: "policyDocument", kind: "identity" }],
    [T.nativeUserPolicy, { prop: "policyDocument", kind: "identity" }],
    [T.nativeGroupPolicy, { prop: "policyDocument", kind: "identity" }],
    [T.nativeRepository, { prop: "permissionsPolicyDocument", kind: "repository-policy" }],
    [T.nativeDomain, { prop: "permissionsPolicyDocument", kind: "domain-policy" }],
]);

/** Where a role keeps its inline policies: the list, and each entry's document and name. */
const INLINE_POLICIES: ReadonlyMap<string, { list: string; doc: string; name: string }> = new Map([
    [T.role, { list: "inlinePolicies", doc: "policy", name: "name" }],
    [T.nativeRole, { list: "policies", doc: "policyDocument", name: "policyName" }],
]);

/** Every resource type that carries permission documents (see documentsOf). */
export const DOCUMENT_TYPES: ReadonlySet<string> = new Set([...DOCUMENT_PROPERTY.keys(), ...ROLE_TYPES]);

/** The types whose documents are domain or repository (resource) policies. */
export const RESOURCE_POLICY_TYPES: ReadonlySet<string> = new Set(
    [...DOCUMENT_PROPERTY].filter(([, d]) => d.kind !== "identity").map(([type]) => type),
);

/** The types whose documents are identity policies. */
export const IDENTITY_POLICY_TYPES: ReadonlySet<string> = new Set([
    ...[...DOCUMENT_PROPERTY].filter(([, d]) => d.kind === "identity").map(([type]) => type),
    ...ROLE_TYPES,
]);

/** Resources that attach a managed policy (`policyArn`) to roles, users or groups. */
export const ATTACHMENT_TYPES: ReadonlySet<string> = new Set([
    T.rolePolicyAttachment,
    T.userPolicyAttachment,
    T.groupPolicyAttachment,
    T.policyAttachment,
]);

/** The managed policies a stack can create (aws:iam/policy:Policy, aws-native:iam:ManagedPolicy). */
export const MANAGED_POLICY_TYPES: ReadonlySet<string> = new Set([T.iamPolicy, T.nativeManagedPolicy]);

/** The identifiers a policy ARN may equal: `arn` (aws), `policyArn` (aws-native), `id` (both). */
export const MANAGED_POLICY_IDS = ["arn", "policyArn", "id"] as const;

/** Every permission document a resource carries (trust policies are read with trustDocumentOf). */
export function documentsOf(type: string, props: unknown): FoundDocument[] {
    const single = DOCUMENT_PROPERTY.get(type);
    if (single) {
        return [{ where: single.prop, kind: single.kind, parsed: parseDocument(plain(read(props, single.prop))) }];
    }
    const shape = INLINE_POLICIES.get(type);
    if (!shape) {
        return [];
    }
    const out: FoundDocument[] = [];
    const inline = read(props, shape.list);
    if (isUnknown(inline)) {
        out.push({ where: shape.list, kind: "identity", parsed: { kind: "unknown" } });
    } else if (Array.isArray(inline)) {
        for (let i = 0; i < inline.length; i++) {
            const entry = read(inline, i);
            if (isUnknown(entry)) {
                out.push({ where: `${shape.list}[${i}]`, kind: "identity", parsed: { kind: "unknown" } });
                continue;
            }
            const name = read(entry, shape.name);
            const label = typeof name === "string" && name !== "" ? ` (${JSON.stringify(name)})` : "";
            out.push({
                where: `${shape.list}[${i}]${label}`,
                kind: "identity",
                parsed: parseDocument(plain(read(entry, shape.doc))),
            });
        }
    }
    return out;
}

/** The trust policy of a role (aws:iam/role:Role or aws-native:iam:Role) and the property it sits in. */
export function trustDocumentOf(type: string, props: unknown): { where: string; parsed: ParsedDocument } {
    const where = trustKey(type);
    return { where, parsed: parseDocument(plain(read(props, where))) };
}

/** `aws:iam/policy:Policy "ci-publish"` */
export function label(type: string, name: string): string {
    return `${type} ${JSON.stringify(name)}`;
}

/**
 * A string property of a resource's props (or of any object, plain or proxied): the string,
 * UNKNOWN if it is unknown during preview, or undefined if absent or not a string. An empty string
 * is returned as is.
 */
export function strProp(props: unknown, key: string): string | Unknown | undefined {
    const v = read(props, key);
    if (isUnknown(v)) {
        return UNKNOWN;
    }
    return typeof v === "string" ? v : undefined;
}

/** A list-of-strings prop (elements may be UNKNOWN), UNKNOWN, or undefined. */
export function strListProp(props: unknown, key: string): (string | Unknown)[] | Unknown | undefined {
    const v = plain(read(props, key));
    if (isUnknown(v)) {
        return UNKNOWN;
    }
    if (!Array.isArray(v)) {
        return typeof v === "string" ? [v] : undefined;
    }
    return v.filter((e) => typeof e === "string" || isUnknown(e)) as (string | Unknown)[];
}

/**
 * The known statements of every document a resource carries. A document still unknown during
 * preview, or a statement of it, makes the verdict wait (`verdict.wait(doc.where)`).
 */
export function* knownStatements(type: string, props: unknown, verdict: Verdict): Generator<{ doc: FoundDocument; s: Statement }> {
    for (const doc of documentsOf(type, props)) {
        if (doc.parsed.kind === "unknown") {
            verdict.wait(doc.where);
            continue;
        }
        if (doc.parsed.kind !== "document") {
            continue;
        }
        for (const s of doc.parsed.statements) {
            if (isUnknown(s)) {
                verdict.wait(doc.where, { partly: true });
                continue;
            }
            yield { doc, s };
        }
    }
}

/**
 * The stack as the program declared it. AnalyzeStack hands policies each resource's OUTPUTS; during
 * preview the provider leaves unknown what it will compute — `arn`, `id`, and optional properties
 * the program did not set, which it fills in at create (a domain's `encryptionKey`, a role's
 * `managedPolicyArns`). Those unknowns are not the program's: the SDKs send one property dependency
 * entry for every input the program set (with the resources it was computed from, often none), so
 * an unknown property without an entry is read as absent here, the way the resource rule saw it
 * in Analyze. A resource without any entry (an engine that sends none) is kept as it is. At
 * `pulumi up` nothing is unknown and the view is the stack itself.
 */
export function programView(resources: readonly PolicyResource[]): PolicyResource[] {
    const copies = resources.map((r): PolicyResource => {
        const inputs = new Set(Object.keys(r.propertyDependencies ?? {}));
        if (inputs.size === 0) {
            return { ...r };
        }
        // Every stack rule builds this view and most read the props of a few types only: each copy
        // builds its props when first read, from the same unchanging request, so alike either way.
        const copy: PolicyResource = { ...r };
        let props: Record<string, unknown> | undefined;
        Object.defineProperty(copy, "props", {
            enumerable: true,
            configurable: true,
            get: () => (props ??= programProps(r.props, inputs)),
        });
        return copy;
    });
    const byUrn = new Map(copies.map((c) => [c.urn, c]));
    const same = (d: PolicyResource) => byUrn.get(d.urn) ?? d;
    for (const c of copies) {
        if (c.parent) {
            c.parent = same(c.parent);
        }
        c.dependencies = c.dependencies.map(same);
        c.propertyDependencies = Object.fromEntries(Object.entries(c.propertyDependencies ?? {}).map(([k, ds]) => [k, ds.map(same)]));
    }
    return copies;
}

/** The props of a resource of the program view: its known values, and its unknown inputs as UNKNOWN. */
function programProps(all: Record<string, unknown>, inputs: ReadonlySet<string>): Record<string, unknown> {
    // Behind the framework's proxy, decide from the object it wraps: reading an unknown through the
    // proxy throws, and a known value is read through it once, as `read` would hand it on.
    const target = all[policyProxy.getSpecialProxyTarget] as Record<string, unknown> | undefined;
    const props: Record<string, unknown> = {};
    for (const key of Object.keys(target ?? all)) {
        if (target !== undefined && isUnknownSentinel(target[key])) {
            if (inputs.has(key)) {
                props[key] = UNKNOWN;
            }
            continue;
        }
        const v = target !== undefined ? all[key] : read(all, key);
        if (!isUnknown(v) || inputs.has(key)) {
            props[key] = v;
        }
    }
    return props;
}
