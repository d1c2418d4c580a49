// Small shared pieces of the rules: config reading, exemptions, violation collection.

import { PolicyResource, ReportViolation, ResourceValidation, StackValidation } from "@pulumi/policy";
import { isUnknown, read, UNKNOWN, Unknown } from "../unknown";

export const PACK_NAME = "codeartifact-platform-policies";

/** Is the resource named (by logical name or URN) in an exemption list? */
export function isExempt(list: unknown, name: string, urn: string): boolean {
    if (!Array.isArray(list)) {
        return false;
    }
    return list.some(e => typeof e === "string" && (e === name || e === urn));
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
    return deps.filter(d => d && types.has(d.type));
}

/** A resource's string output/input that identifies it (arn, id, name...), or UNKNOWN/undefined. */
export function ident(r: PolicyResource, key: string): string | Unknown | undefined {
    const v = read(r.props, key);
    if (isUnknown(v)) {
        return UNKNOWN;
    }
    return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * Tags a validation with the one resource type it applies to. @pulumi/policy reads `__pulumiType`
 * to skip the call entirely for other types (and to report the policy as not applicable), which
 * keeps the pack cheap on large stacks.
 */
export function onlyType(type: string, fn: ResourceValidation): ResourceValidation {
    return Object.assign(fn, { __pulumiType: type });
}

/** Same for a stack validation: it is skipped when the stack has no resource of the type. */
export function onlyStackType(type: string, fn: StackValidation): StackValidation {
    return Object.assign(fn, { __pulumiType: type });
}

export type { ReportViolation };
