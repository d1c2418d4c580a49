// What a rule's check decides: findings (violations, which the rule reports at its enforcement
// level) and waits (what it could not decide because a value it needs is unknown during preview).
//
// No rule throws the framework's UnknownValueError: a check that cannot decide reports nothing and
// records a Wait instead, and `codeartifact-checks-waiting-for-up` (src/rules/waitingForUp.ts)
// re-runs every check over the stack and prints one line per resource that waits. At `pulumi up`
// nothing is unknown, so there are no waits and every rule decides.

import { PolicyResource, ReportViolation } from "@pulumi/policy";

/** How much of a value a verdict depends on is unknown during preview. */
export type Unknownness = "none" | "partly" | "whole";

/** Which next step makes the value known at preview (the end of the waiting line). */
export type WaitFix = "document" | "encryption-key" | "upstreams" | "value";

export interface Wait {
    /** The resource that waits. */
    urn: string;
    /** What is unknown: `policy`, `inlinePolicies[1] ("later")`, `encryptionKey`, `policyArn of aws:iam/...`. */
    what: string;
    /** Only parts of it are unknown (a statement, a condition value), not all of it. */
    partly: boolean;
    fix: WaitFix;
}

export interface Finding {
    message: string;
    /** The resource it is about: the one a stack rule names, or the resource a resource check checked. */
    urn: string;
}

export interface WaitOptions {
    /** Defaults to the resource the verdict is about. */
    urn?: string;
    partly?: boolean;
    fix?: WaitFix;
}

/** Collects the findings and waits of one check. */
export class Verdict {
    readonly findings: Finding[] = [];
    readonly waits: Wait[] = [];

    /** `urn`: the resource a resource check is about (the default for its waits). */
    constructor(private readonly urn = "") {}

    report(message: string, urn?: string): void {
        this.findings.push({ message, urn: urn ?? this.urn });
    }

    /** Records that the verdict on `what` waits for `pulumi up` (once per resource and `what`). */
    wait(what: string, opts: WaitOptions = {}): void {
        const urn = opts.urn ?? this.urn;
        const partly = opts.partly ?? false;
        const seen = this.waits.find((w) => w.urn === urn && w.what === what);
        if (seen) {
            seen.partly = seen.partly && partly; // wholly unknown somewhere wins
            return;
        }
        this.waits.push({ urn, what, partly, fix: opts.fix ?? "document" });
    }
}

/** Hands a resource check's findings to the framework. */
export function reportResourceFindings(v: Verdict, reportViolation: ReportViolation): void {
    for (const f of v.findings) {
        reportViolation(f.message);
    }
}

/** Hands a stack check's findings to the framework (each on the resource it names). */
export function reportStackFindings(v: Verdict, reportViolation: ReportViolation): void {
    for (const f of v.findings) {
        reportViolation(f.message, f.urn || undefined);
    }
}

/**
 * The resource a check looks at: the framework's ResourceValidationArgs (Analyze, the resource's
 * inputs) or a PolicyResource of the stack (AnalyzeStack, with the engine's property dependencies).
 */
export interface CheckedResource {
    type: string;
    name: string;
    urn: string;
    props: unknown;
    /** Only in the stack view: the resources each property was computed from. */
    propertyDependencies?: Record<string, PolicyResource[]>;
}

export type Config = Record<string, unknown>;

/** A resource rule's check: pure, the same in Analyze and in the waiting rule's stack view. */
export type ResourceCheck = (r: CheckedResource, config: Config) => Verdict;

/** A stack rule's check: pure, over the program view of the stack (see programView in resources.ts). */
export type StackCheck = (resources: PolicyResource[], config: Config) => Verdict;
