// Values that are unknown during `pulumi preview`.
//
// The engine marshals resource properties for the analyzer with KeepUnknowns, so a value that
// depends on an output not yet known (an ARN of a resource still to be created, a document built
// with pulumi.jsonStringify over such an ARN, ...) reaches the policy pack as one of the sentinel
// strings below. @pulumi/policy then wraps the properties in a Proxy that THROWS an
// UnknownValueError as soon as such a property is read; if a policy lets that error escape, the
// framework reports an advisory "can't run policy ... during preview: <message>" paragraph for the
// whole policy on that resource.
//
// The rules of this pack never let it escape: they read properties through `read`/`plain` below,
// which turn unknowns into the UNKNOWN marker, and decide with three-valued logic (Tri). What is
// known is still checked; an unknown that cannot change the verdict is ignored; one that decides it
// becomes a Wait (src/verdict.ts), reported by codeartifact-checks-waiting-for-up in one short line
// per resource. During `pulumi up` every input is resolved before the resource is registered, so
// the same rule then runs on real values and enforces its level.

import { policyProxy as proxyModule } from "./framework";

export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

const SENTINELS = new Set<unknown>([
    proxyModule.unknownStringValue,
    proxyModule.unknownBooleanValue,
    proxyModule.unknownNumberValue,
    proxyModule.unknownArrayValue,
    proxyModule.unknownAssetValue,
    proxyModule.unknownArchiveValue,
    proxyModule.unknownObjectValue,
]);

export function isUnknown(v: unknown): v is Unknown {
    return v === UNKNOWN;
}

/** Is `v` one of the engine's sentinels for a value unknown during preview (what the proxy throws for)? */
export function isUnknownSentinel(v: unknown): boolean {
    return SENTINELS.has(v);
}

export function isUnknownValueError(e: unknown): boolean {
    return e instanceof proxyModule.UnknownValueError || (typeof e === "object" && e !== null && "unknownTypeSentinel" in e);
}

/** Reads obj[key] without letting the unknown-checking proxy throw; unknown values come back as UNKNOWN. */
export function read(obj: unknown, key: string | number): unknown {
    if (obj === null || obj === undefined || isUnknown(obj) || typeof obj !== "object") {
        return isUnknown(obj) ? UNKNOWN : undefined;
    }
    // Behind the framework's proxy, an unknown is answered from the object it wraps: the proxy would
    // throw for exactly these sentinels, and a throw costs far more than the extra look-up.
    const target = (obj as Record<string, unknown>)[proxyModule.getSpecialProxyTarget];
    if (target !== undefined && SENTINELS.has((target as Record<string | number, unknown>)[key])) {
        return UNKNOWN;
    }
    let v: unknown;
    // The framework's proxy throws an UnknownValueError for every unknown value read, and during a
    // preview most identifiers are unknown. The error is turned into UNKNOWN here, its stack trace is
    // never looked at, and capturing one is what the throw costs: capture none while reading.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        v = (obj as Record<string | number, unknown>)[key];
    } catch (e) {
        if (isUnknownValueError(e)) {
            return UNKNOWN;
        }
        throw e;
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
    }
    return SENTINELS.has(v) ? UNKNOWN : v;
}

/**
 * Deep-copies a (possibly proxied) property value into plain JSON-like data, replacing every unknown
 * by UNKNOWN. Never throws for unknowns.
 */
export function plain(v: unknown, depth = 0): unknown {
    if (SENTINELS.has(v) || isUnknown(v)) {
        return UNKNOWN;
    }
    if (v === null || typeof v !== "object" || depth > 64) {
        return v;
    }
    // Behind the framework's unknown-checking proxy, copy the object it wraps instead: every read
    // through the proxy allocates a property path and another proxy (and throws for an unknown),
    // while the copy of the target turns the very same sentinels into UNKNOWN, so the result is
    // identical at a fraction of the cost.
    const p = v as Record<string, unknown>;
    if (p[proxyModule.isSpecialProxy] === true) {
        return plain(p[proxyModule.getSpecialProxyTarget], depth);
    }
    if (Array.isArray(v)) {
        const n = v.length;
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) {
            out.push(plain(read(v, i), depth + 1));
        }
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
        out[k] = plain(read(v, k), depth + 1);
    }
    return out;
}

/** Three-valued logic for verdicts that may depend on unknown values. */
export type Tri = boolean | Unknown;

export function triOr(values: Iterable<Tri>): Tri {
    let unknown = false;
    for (const v of values) {
        if (v === true) {
            return true;
        }
        if (isUnknown(v)) {
            unknown = true;
        }
    }
    return unknown ? UNKNOWN : false;
}

export function triAnd(values: Iterable<Tri>): Tri {
    let unknown = false;
    for (const v of values) {
        if (v === false) {
            return false;
        }
        if (isUnknown(v)) {
            unknown = true;
        }
    }
    return unknown ? UNKNOWN : true;
}

export function triNot(v: Tri): Tri {
    return isUnknown(v) ? UNKNOWN : !v;
}
