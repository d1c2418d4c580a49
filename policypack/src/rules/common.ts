// Small shared pieces of the rules: config reading, exemptions, links between resources of the
// stack (property dependencies, identifiers, in-stack policies an ARN names), type tags.

import { PolicyResource } from "@pulumi/policy";
import { MANAGED_POLICY_IDS, strProp } from "../resources";
import { isUnknown, Unknown } from "../unknown";

export const PACK_NAME = "codeartifact-platform-policies";

/** Is the resource named (by logical name or URN) in an exemption list? */
export function isExempt(list: unknown, name: string, urn: string): boolean {
    if (!Array.isArray(list)) {
        return false;
    }
    return list.some((e) => typeof e === "string" && (e === name || e === urn));
}

/** Reads a string-array config value, tolerating absence. */
export function configList(config: Record<string, unknown>, key: string): string[] {
    const v = config[key];
    return Array.isArray(v) ? v.filter((e): e is string => typeof e === "string") : [];
}

export function configBool(config: Record<string, unknown>, key: string, dflt: boolean): boolean {
    const v = config[key];
    return typeof v === "boolean" ? v : dflt;
}

/** Resources of the given types that the property `key` of `r` depends on (engine-provided links). */
export function propertyDependenciesOf(r: PolicyResource, key: string, types: ReadonlySet<string>): PolicyResource[] {
    const deps = (r.propertyDependencies ?? {})[key] ?? [];
    return deps.filter((d) => d && types.has(d.type));
}

/**
 * The identifiers of a resource among its string outputs/inputs `keys` (arn, id, name...): the
 * known non-empty ones, in the order of `keys`, and whether any of them is unknown during preview.
 */
export function identifiersOf(r: PolicyResource, keys: readonly string[]): { known: string[]; unknown: boolean } {
    const known: string[] = [];
    let unknown = false;
    for (const key of keys) {
        const v = strProp(r.props, key);
        if (isUnknown(v)) {
            unknown = true;
        } else if (typeof v === "string" && v !== "") {
            known.push(v);
        }
    }
    return { known, unknown };
}

/**
 * The managed policies of this stack (aws:iam/policy:Policy, aws-native:iam:ManagedPolicy) (`policies`) that a policy ARN value points at:
 * the ones the engine says the value was computed from (`deps`), else those whose arn or id equals
 * it. An ARN unknown during preview without dependency information may be any of them: `ambiguous`.
 */
export function stackPoliciesNamedBy(
    arn: string | Unknown | undefined,
    deps: PolicyResource[],
    policies: PolicyResource[],
): { matched: PolicyResource[]; ambiguous: boolean } {
    if (deps.length > 0) {
        return { matched: deps, ambiguous: false };
    }
    if (typeof arn === "string") {
        return { matched: policies.filter((p) => identifiersOf(p, MANAGED_POLICY_IDS).known.includes(arn)), ambiguous: false };
    }
    return { matched: [], ambiguous: isUnknown(arn) };
}
