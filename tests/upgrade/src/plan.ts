// Judges a `pulumi preview --json` of an imported fixture against CHANGELOG.md's rows.
import { allowedBy, ChildChange } from "./changelog";
import { nameOf } from "./fixture";

export const COMPONENT_TYPE = "codeartifact-platform:index:CodeArtifactPlatform";

/** Steps that would replace or delete something: never an upgrade step. */
export const DESTRUCTIVE = new Set([
    "replace",
    "create-replacement",
    "delete-replaced",
    "delete",
    "discard",
    "discard-replaced",
    "remove-pending-replace",
    "import-replacement",
    "replace-replaced",
]);
/** Steps an upgrade may have, as far as CHANGELOG.md allows them. */
const ALLOWED_OPS = new Set(["same", "update", "create"]);

interface StepState {
    type: string;
    urn: string;
    parent?: string;
    inputs?: Record<string, unknown>;
}

export interface PreviewStep {
    op: string;
    urn: string;
    oldState?: StepState;
    newState?: StepState;
    diffReasons?: string[];
    detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }>;
    replaceReasons?: string[];
}

export interface Preview {
    steps: PreviewStep[];
    changeSummary: Record<string, number>;
    diagnostics?: { message: string; severity?: string; urn?: string }[];
}

export interface Finding {
    urn: string;
    op: string;
    property?: string;
    old?: unknown;
    new?: unknown;
    allowedBy?: ChildChange;
}

export interface Verdict {
    /** Changes no CHANGELOG row allows, and every replace/delete. */
    problems: Finding[];
    /** Changes a row allows. */
    allowed: Finding[];
}

const typeOf = (s: PreviewStep) => s.newState?.type ?? s.oldState?.type ?? s.urn.split("::")[2].split("$").pop()!;

/** The name of the CodeArtifactPlatform a step's resource belongs to (its parent, or itself). */
function componentOf(s: PreviewStep, componentNames: Map<string, string>): string {
    if (typeOf(s) === COMPONENT_TYPE) {
        return nameOf(s.urn);
    }
    const parent = s.newState?.parent ?? s.oldState?.parent;
    return (parent && componentNames.get(parent)) ?? "";
}

/** The top-level properties a step changes: diffReasons, else the first segment of detailedDiff paths. */
export function changedProperties(s: PreviewStep): string[] {
    const fromDetail = Object.keys(s.detailedDiff ?? {}).map((p) => p.split(/[.[]/)[0]);
    return [...new Set([...(s.diffReasons ?? []), ...fromDetail])].sort();
}

export function judge(preview: Preview, rows: ChildChange[], componentUrns: string[]): Verdict {
    const componentNames = new Map(componentUrns.map((u) => [u, nameOf(u)]));
    const problems: Finding[] = [];
    const allowed: Finding[] = [];
    for (const s of preview.steps) {
        if (s.op === "same") {
            continue;
        }
        const base = { urn: s.urn, op: s.op };
        if (DESTRUCTIVE.has(s.op) || !ALLOWED_OPS.has(s.op)) {
            for (const property of changedProperties(s).length ? changedProperties(s) : [undefined]) {
                problems.push({
                    ...base,
                    property,
                    old: property ? s.oldState?.inputs?.[property] : undefined,
                    new: property ? s.newState?.inputs?.[property] : undefined,
                });
            }
            continue;
        }
        const step = { type: typeOf(s), name: nameOf(s.urn), component: componentOf(s, componentNames) };
        if (s.op === "create") {
            if (step.type === "pulumi:pulumi:Stack") {
                problems.push(base); // the imported stack resource must be found again
                continue;
            }
            const row = allowedBy(rows, { ...step, change: "create" });
            (row ? allowed : problems).push({ ...base, allowedBy: row });
            continue;
        }
        const props = changedProperties(s);
        if (props.length === 0) {
            problems.push({ ...base, property: "(no property named by the engine)" });
        }
        for (const property of props) {
            const row = allowedBy(rows, { ...step, change: "update", property });
            const f = { ...base, property, old: s.oldState?.inputs?.[property], new: s.newState?.inputs?.[property], allowedBy: row };
            (row ? allowed : problems).push(f);
        }
    }
    return { problems, allowed };
}

const show = (v: unknown, max = 1500) => {
    const s = v === undefined ? "(absent)" : JSON.stringify(v);
    return s.length > max ? `${s.slice(0, max)}... (${s.length} chars)` : s;
};

export function describeFinding(f: Finding): string {
    const what = f.property ? ` ${f.property}: ${show(f.old)} -> ${show(f.new)}` : "";
    const why = f.allowedBy ? `  [CHANGELOG.md:${f.allowedBy.line}, ${f.allowedBy.release}]` : "";
    return `${f.op} ${f.urn}${what}${why}`;
}
