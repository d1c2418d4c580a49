// The component's inputs as a multi-language `construct` hands them over: plain values, Outputs,
// or a mix, read in two steps around validation (validate.ts). `peek` reads their plain shape
// before any child is registered; `bindInputs` then pairs each leaf the plan names with the
// Input at the same path, without losing its dependencies or secrecy, and re-checks it when it
// resolves (it may have been unknown when peeked).
//
// Which children exist depends on names and lists in the inputs, so they are resolved up front.
// Values still unknown (preview, computed from other resources) are kept as the UNKNOWN marker
// rather than dropped, so validation can tell "absent" from "not known yet".
import * as pulumi from "@pulumi/pulumi";
import { Check, fieldName, Leaf, Path, PlatformInputError, PlatformPlan, UNKNOWN } from "./validate";

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
function at(root: unknown, path: Path): pulumi.Input<unknown> {
    let cur: unknown = root;
    for (let i = 0; i < path.length; i++) {
        if (cur === undefined || cur === null) return undefined;
        if (pulumi.Output.isInstance(cur) || cur instanceof Promise) {
            const rest = path.slice(i);
            return pulumi.output(cur).apply((v) => at(v, rest));
        }
        cur = (cur as Record<string | number, unknown>)[path[i]];
    }
    return cur;
}

/** A list input, checked item by item when it resolves (construct-time checks missed unknowns). */
function checkedList(field: string, input: pulumi.Input<unknown>, check: Check): pulumi.Output<string[]> {
    return (pulumi.output(input) as pulumi.Output<unknown>).apply((list: unknown) => {
        const values = (list ?? []) as unknown[];
        const problems = values.map((v, i) => check(`${field}[${i}]`, v)).filter((p): p is string => !!p);
        if (problems.length > 0) throw new PlatformInputError(problems);
        return values as string[];
    });
}

/** An optional input: absent stays undefined, anything else is checked when it resolves. */
function checkedOptional(field: string, input: pulumi.Input<unknown>, check: Check): pulumi.Output<string | undefined> {
    return (pulumi.output(input) as pulumi.Output<unknown>).apply((v: unknown) => {
        if (v === undefined || v === null) return undefined;
        const p = check(field, v);
        if (p) throw new PlatformInputError([p]);
        return v as string;
    });
}

/** A single input, checked when it resolves. */
function checkedValue(field: string, input: pulumi.Input<unknown>, check: Check): pulumi.Output<string> {
    return (pulumi.output(input) as pulumi.Output<unknown>).apply((v: unknown) => {
        const p = check(field, v);
        if (p) throw new PlatformInputError([p]);
        return v as string;
    });
}

/** What a leaf of each kind becomes once paired with its Input. */
interface LeafInputs {
    list: pulumi.Output<string[]>;
    value: pulumi.Output<string>;
    optional: pulumi.Output<string | undefined>;
    text: pulumi.Input<string | undefined>;
    tags: pulumi.Input<Record<string, pulumi.Input<string>> | undefined>;
}

/** `T` with every Leaf replaced by the Input it names. */
export type Bound<T> =
    T extends Leaf<infer K> ? LeafInputs[K] : T extends (infer E)[] ? Bound<E>[] : T extends object ? { [P in keyof T]: Bound<T[P]> } : T;

/** What the component builds from: the validated plan, each leaf paired with its Input. */
export type BoundPlan = Bound<PlatformPlan>;

/** Pairs every leaf of the plan with the Input at its path in `args` (the args the plan was validated from). */
export function bindInputs(plan: PlatformPlan, args: unknown): BoundPlan {
    const bind = (v: unknown): unknown => {
        if (v instanceof Leaf) return leafInput(v, at(args, v.path));
        if (Array.isArray(v)) return v.map(bind);
        if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bind(x)]));
        return v;
    };
    return bind(plan) as BoundPlan;
}

function leafInput(leaf: Leaf, input: pulumi.Input<unknown>): LeafInputs[keyof LeafInputs] {
    const field = fieldName(leaf.path);
    // validate.ts gives every leaf but `text` and `tags` its check.
    switch (leaf.kind) {
        case "list":
            return checkedList(field, input, leaf.check!);
        case "value":
            return checkedValue(field, input, leaf.check!);
        case "optional":
            return checkedOptional(field, input, leaf.check!);
        case "text":
            return input as LeafInputs["text"];
        case "tags":
            return input as LeafInputs["tags"];
    }
}
