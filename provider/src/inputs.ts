// The component's inputs as a multi-language `construct` hands them over: plain values, Outputs,
// or a mix. `peek` reads their plain shape for validation before any child is registered; the
// helpers below read leaf inputs without losing their dependencies or secrecy, and re-check
// values that were unknown when the plan was validated.
//
// Which children exist depends on names and lists in the inputs, so they are resolved up front.
// Values still unknown (preview, computed from other resources) are kept as the UNKNOWN marker
// rather than dropped, so validation can tell "absent" from "not known yet".
import * as pulumi from "@pulumi/pulumi";
import { PlatformInputError, UNKNOWN } from "./validate";

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

/** The input at `path` inside `root`, following Outputs where they occur. */
export function at(root: unknown, path: (string | number)[]): pulumi.Input<any> {
    let cur: any = root;
    for (let i = 0; i < path.length; i++) {
        if (cur === undefined || cur === null) return undefined;
        if (pulumi.Output.isInstance(cur) || cur instanceof Promise) {
            const rest = path.slice(i);
            return pulumi.output(cur).apply((v) => at(v, rest));
        }
        cur = cur[path[i]];
    }
    return cur;
}

type Check = (field: string, v: unknown) => string | undefined;

/** A list input, checked item by item when it resolves (construct-time checks missed unknowns). */
export function checkedList(field: string, input: pulumi.Input<any>, check: Check): pulumi.Output<string[]> {
    return pulumi.output(input).apply((list: unknown) => {
        const values = (list ?? []) as unknown[];
        const problems = values.map((v, i) => check(`${field}[${i}]`, v)).filter((p): p is string => !!p);
        if (problems.length > 0) throw new PlatformInputError(problems);
        return values as string[];
    });
}

/** An optional input: absent stays undefined, anything else is checked when it resolves. */
export function checkedOptional(field: string, input: pulumi.Input<any>, check: Check): pulumi.Output<string | undefined> {
    return pulumi.output(input).apply((v: unknown) => {
        if (v === undefined || v === null) return undefined;
        const p = check(field, v);
        if (p) throw new PlatformInputError([p]);
        return v as string;
    });
}

/** A single input, checked when it resolves. */
export function checkedValue(field: string, input: pulumi.Input<any>, check: Check): pulumi.Output<string> {
    return pulumi.output(input).apply((v: unknown) => {
        const p = check(field, v);
        if (p) throw new PlatformInputError([p]);
        return v as string;
    });
}

export const toJson = (doc: unknown) => JSON.stringify(doc);
