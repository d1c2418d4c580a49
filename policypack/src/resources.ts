// Type tokens of the @pulumi/aws resources the pack looks at (matched as strings: the pack does not
// depend on @pulumi/aws), and where each of them keeps its policy documents.

import { parseDocument, ParsedDocument, Statement } from "./iam";
import { isUnknown, plain, read, Unchecked, UNKNOWN, Unknown } from "./unknown";

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
} as const;

/** Identity policies grant to whoever holds them; resource policies name principals; trust policies gate sts:AssumeRole*. */
export type DocumentKind = "identity" | "repository-policy" | "domain-policy" | "trust";

export interface FoundDocument {
    /** Where it sits, for messages: `policy`, `inlinePolicies[1] ("publish")`, `policyDocument`. */
    where: string;
    kind: DocumentKind;
    parsed: ParsedDocument;
}

export const IDENTITY_POLICY_TYPES: ReadonlySet<string> = new Set([
    T.iamPolicy,
    T.rolePolicy,
    T.userPolicy,
    T.groupPolicy,
    T.role,
]);

/** Every permission document a resource carries (trust policies only with includeTrust). */
export function documentsOf(type: string, props: unknown, includeTrust = false): FoundDocument[] {
    const out: FoundDocument[] = [];
    switch (type) {
        case T.iamPolicy:
        case T.rolePolicy:
        case T.userPolicy:
        case T.groupPolicy:
            out.push({ where: "policy", kind: "identity", parsed: parseDocument(plain(read(props, "policy"))) });
            break;
        case T.repositoryPermissionsPolicy:
            out.push({
                where: "policyDocument",
                kind: "repository-policy",
                parsed: parseDocument(plain(read(props, "policyDocument"))),
            });
            break;
        case T.domainPermissions:
            out.push({
                where: "policyDocument",
                kind: "domain-policy",
                parsed: parseDocument(plain(read(props, "policyDocument"))),
            });
            break;
        case T.role: {
            if (includeTrust) {
                out.push({
                    where: "assumeRolePolicy",
                    kind: "trust",
                    parsed: parseDocument(plain(read(props, "assumeRolePolicy"))),
                });
            }
            const inline = read(props, "inlinePolicies");
            if (isUnknown(inline)) {
                out.push({ where: "inlinePolicies", kind: "identity", parsed: { kind: "unknown" } });
            } else if (Array.isArray(inline)) {
                for (let i = 0; i < inline.length; i++) {
                    const entry = read(inline, i);
                    if (isUnknown(entry)) {
                        out.push({ where: `inlinePolicies[${i}]`, kind: "identity", parsed: { kind: "unknown" } });
                        continue;
                    }
                    const name = read(entry, "name");
                    const label = typeof name === "string" && name !== "" ? ` (${JSON.stringify(name)})` : "";
                    out.push({
                        where: `inlinePolicies[${i}]${label}`,
                        kind: "identity",
                        parsed: parseDocument(plain(read(entry, "policy"))),
                    });
                }
            }
            break;
        }
        default:
            break;
    }
    return out;
}

/** The trust policy of an aws:iam/role:Role. */
export function trustDocumentOf(props: unknown): ParsedDocument {
    return parseDocument(plain(read(props, "assumeRolePolicy")));
}

/** `aws:iam/policy:Policy "ci-publish"` */
export function label(type: string, name: string): string {
    return `${type} ${JSON.stringify(name)}`;
}

/** A string prop, UNKNOWN, or undefined. */
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
    return v.filter(e => typeof e === "string" || isUnknown(e)) as (string | Unknown)[];
}

/**
 * The known statements of every document a resource carries. Documents and statements still
 * unknown during preview are recorded in `unchecked` (reported by the rule as "could not check").
 */
export function* knownStatements(type: string, props: unknown, unchecked: Unchecked): Generator<{ doc: FoundDocument; s: Statement }> {
    for (const doc of documentsOf(type, props)) {
        if (doc.parsed.kind === "unknown") {
            unchecked.add(doc.where);
            continue;
        }
        if (doc.parsed.kind !== "document") {
            continue;
        }
        for (const s of doc.parsed.statements) {
            if (isUnknown(s)) {
                unchecked.add(`${doc.where} statement`);
                continue;
            }
            yield { doc, s };
        }
    }
}
