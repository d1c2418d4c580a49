// Reads the plain shape of the component's inputs before any child is registered.
// A multi-language `construct` hands inputs over as plain values, Outputs, or a mix; which
// children exist depends on names and lists in them, so they are resolved up front. Values
// still unknown (preview, computed from other resources) are kept as the UNKNOWN marker
// rather than dropped, so validation can tell "absent" from "not known yet".
import * as pulumi from "@pulumi/pulumi";

export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

/** The internal surface every Output implementation has (see @pulumi/pulumi output.js). */
interface OutputInternals {
    isKnown: Promise<boolean>;
    promise(withUnknowns?: boolean): Promise<unknown>;
}

/** Deeply resolves Inputs to plain values; unknowns become UNKNOWN. */
export async function peek(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const o = value as unknown as OutputInternals;
        if (!(await o.isKnown)) {
            // An Output of a container may be unknown only in part: keep the known part.
            const inner = await o.promise(true);
            return pulumi.isUnknown(inner) ? UNKNOWN : peek(inner);
        }
        return peek(await o.promise());
    }
    if (value instanceof Promise) {
        return peek(await value);
    }
    if (pulumi.isUnknown(value)) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return Promise.all(value.map(peek));
    }
    if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = await peek(v);
        }
        return out;
    }
    return value;
}
