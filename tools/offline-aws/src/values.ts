// Plain-JSON property values as the engine sends them over gRPC (google.protobuf.Struct).
// The stand-in announces acceptSecrets=false and acceptResources=false in its handshake, so
// the engine strips secrets (and re-applies them to outputs itself) and sends resource
// references as plain ids. The one special value left is the "unknown" sentinel the engine
// uses during preview for values that are not known yet.

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Value = null | boolean | number | string | Value[] | { [k: string]: Value };
export type PropertyMap = { [k: string]: Value };

export function isUnknown(v: unknown): boolean {
    return v === UNKNOWN;
}

/** True when the value, or anything nested in it, is the unknown sentinel. */
export function containsUnknown(v: unknown): boolean {
    if (v === UNKNOWN) {
        return true;
    }
    if (Array.isArray(v)) {
        return v.some(containsUnknown);
    }
    if (v !== null && typeof v === "object") {
        return Object.values(v).some(containsUnknown);
    }
    return false;
}

/** A property counts as absent when it is missing, null, or an empty string. */
export function isAbsent(v: unknown): boolean {
    return v === undefined || v === null || v === "";
}

export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
            return false;
        }
        return a.every((x, i) => deepEqual(x, b[i]));
    }
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
        const ra = a as Record<string, unknown>;
        const rb = b as Record<string, unknown>;
        const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
        const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
        if (ka.length !== kb.length) {
            return false;
        }
        return ka.every((k) => deepEqual(ra[k], rb[k]));
    }
    return false;
}

/** Removes undefined members so that google.protobuf.Struct.fromJavaScript accepts the value. */
export function clean<T>(v: T): T {
    if (Array.isArray(v)) {
        return v.map((x) => (x === undefined ? null : clean(x))) as unknown as T;
    }
    if (v !== null && typeof v === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v as object)) {
            if (x !== undefined) {
                out[k] = clean(x);
            }
        }
        return out as T;
    }
    return v;
}

/** The member `key` of an object value; undefined for anything that is not a (non-list) object. */
export function field(v: unknown, key: string): unknown {
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
        return undefined;
    }
    return (v as Record<string, unknown>)[key];
}

/** True for a plain (non-list, non-null) object value. */
export function isObject(v: unknown): v is { [k: string]: Value } {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A string map such as `tags`; null/absent gives {}. Values that are not strings are kept as given. */
export function asStringMap(v: unknown): { [k: string]: Value } {
    if (v === null || v === undefined || typeof v !== "object" || Array.isArray(v)) {
        return {};
    }
    return { ...(v as { [k: string]: Value }) };
}
