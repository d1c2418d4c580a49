// Runs EVERY policy of the pack (resource policies on each resource, stack policies on the whole
// list) the way the analyzer server does, and returns the diagnostics. Meant for other test suites
// too, e.g. to prove a component's resource tree passes every rule in mandatory mode:
//
//   import { runPack } from "../../policypack/testing/harness";
//   const violations = await runPack(resources, "mandatory");
//   assert.deepStrictEqual(violations, []);
//
// `resources` are {type, name, props, urn?, parent?, dependencies?, propertyDependencies?}; put
// UNKNOWN_VALUE where a value would be unknown during preview.

import { EnforcementLevel, isResourcePolicy, isStackPolicy } from "./policyTypes";
import { PackConfig, runResourcePolicy, runStackPolicy, FakeResource, Violation, UNKNOWN_VALUE, urnOf } from "./engine";
import { PACK_DEFAULT_ENFORCEMENT, policies } from "../src/policies";
import { checksWaitingForUp } from "../src/rules/waitingForUp";

export { UNKNOWN_VALUE, urnOf };
export type { FakeResource as HarnessResource, Violation as HarnessViolation, PackConfig };

/**
 * Either one level for every policy (e.g. "mandatory": run all rules as mandatory), or a level per
 * policy name (others keep their defaults).
 */
export type EnforcementOverride = EnforcementLevel | Record<string, EnforcementLevel>;

export interface HarnessOptions {
    /** Per-policy config, as in Pulumi.<stack>.yaml / --policy-pack-config: {policyName: {key: value}}. */
    config?: PackConfig;
}

function levelOf(
    name: string,
    dflt: EnforcementLevel | undefined,
    override: EnforcementOverride | undefined,
    config: PackConfig | undefined,
): EnforcementLevel {
    if (typeof override === "string") {
        return override;
    }
    return override?.[name] ?? config?.[name]?.enforcementLevel ?? dflt ?? PACK_DEFAULT_ENFORCEMENT;
}

/**
 * Runs all resource and stack policies of the pack over `resources`.
 * Returns every diagnostic: {policyName, message, urn, enforcementLevel, description}.
 * Throws if a policy crashes (the engine would fail the preview).
 */
export async function runPack(
    resources: FakeResource[],
    enforcement?: EnforcementOverride,
    options: HarnessOptions = {},
): Promise<Violation[]> {
    const out: Violation[] = [];
    for (const p of policies) {
        const level = levelOf(p.name, p.enforcementLevel, enforcement, options.config);
        if (level === "disabled") {
            continue;
        }
        if (isResourcePolicy(p)) {
            for (const r of resources) {
                out.push(...(await runResourcePolicy(p, r, options.config, level)));
            }
        }
        if (isStackPolicy(p)) {
            out.push(...(await runStackPolicy(p, resources, options.config, level)));
        }
    }
    return out;
}

/** The names of all policies of the pack. */
export function policyNames(): string[] {
    return policies.map((p) => p.name);
}

/**
 * What codeartifact-checks-waiting-for-up reports over `resources` (its lines, one per resource that
 * waits): [{urn, message}]. (The CLI prints the rule's description line above each message.)
 */
export async function waitingLines(resources: FakeResource[], config?: PackConfig): Promise<{ urn?: string; message: string }[]> {
    const v = await runStackPolicy(checksWaitingForUp, resources, config);
    return v.map((x) => ({ urn: x.urn, message: x.message }));
}
