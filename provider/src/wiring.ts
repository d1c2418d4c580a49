// Small helpers the component uses to read leaf inputs without losing their dependencies or
// secrecy, and to re-check values that were unknown when the plan was validated.
import * as pulumi from "@pulumi/pulumi";
import { PlatformInputError } from "./validate";

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
