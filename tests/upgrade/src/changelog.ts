// CHANGELOG.md as data: per release, the "Children that change" table that says which children of
// a CodeArtifactPlatform change (and how) when a stack of the previous release is upgraded. The
// upgrade suite allows exactly those changes; a reviewer reads the same table.
import * as fs from "node:fs";

export type Change = "update" | "create";

export interface ChildChange {
    /** The release whose section holds the row (e.g. "0.2.0" for "## Unreleased (0.2.0)"). */
    release: string;
    /** Logical-name pattern: `<name>` is the component's name, `*` any characters. */
    child: string;
    /** Pulumi type token, e.g. aws:iam/role:Role. */
    type: string;
    change: Change;
    /** For updates: the top-level input properties that may change. */
    properties: string[];
    why: string;
    /** 1-based line of the row in CHANGELOG.md, for messages. */
    line: number;
}

export interface Release {
    release: string;
    heading: string;
    /** `### Children that change` was found (with a table, possibly a single `(none)` row). */
    hasTable: boolean;
    changes: ChildChange[];
}

export const TABLE_HEADING = "Children that change";
export const COLUMNS = ["Child", "Type", "Change", "Properties", "Why"];

const cells = (line: string) =>
    line
        .trim()
        .replace(/^\|/, "")
        .replace(/\|$/, "")
        .split("|")
        .map((c) => c.trim());
const unquote = (s: string) => s.replace(/`/g, "").trim();

/** Parses CHANGELOG.md text; throws with the line number on a malformed table. */
export function parseChangelog(text: string): Release[] {
    const lines = text.split("\n");
    const releases: Release[] = [];
    let current: Release | undefined;
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        const h2 = /^## (.*)$/.exec(line);
        if (h2) {
            const version = /(\d+\.\d+\.\d+)/.exec(h2[1]);
            if (!version) {
                throw new Error(`CHANGELOG.md:${i + 1}: release heading "${line}" names no version (x.y.z)`);
            }
            current = { release: version[1], heading: h2[1].trim(), hasTable: false, changes: [] };
            releases.push(current);
            continue;
        }
        if (!current || !/^### /.test(line) || line.slice(4).trim() !== TABLE_HEADING) {
            continue;
        }
        if (current.hasTable) {
            throw new Error(`CHANGELOG.md:${i + 1}: a second "${TABLE_HEADING}" in ${current.heading}`);
        }
        current.hasTable = true;
        let j = i + 1;
        while (j < lines.length && !lines[j].trim().startsWith("|")) {
            if (/^#{1,3} /.test(lines[j])) {
                throw new Error(`CHANGELOG.md:${i + 1}: "${TABLE_HEADING}" in ${current.heading} has no table`);
            }
            j++;
        }
        const header = cells(lines[j] ?? "");
        if (header.join("|") !== COLUMNS.join("|")) {
            throw new Error(`CHANGELOG.md:${j + 1}: the table's columns must be ${COLUMNS.join(" | ")} (found ${header.join(" | ")})`);
        }
        if (!/^\|?\s*:?-+/.test(lines[j + 1] ?? "")) {
            throw new Error(`CHANGELOG.md:${j + 2}: expected the table's separator row`);
        }
        for (j = j + 2; j < lines.length && lines[j].trim().startsWith("|"); j++) {
            const row = cells(lines[j]);
            const at = `CHANGELOG.md:${j + 1}`;
            if (row.length !== COLUMNS.length) {
                throw new Error(`${at}: ${row.length} cells, expected ${COLUMNS.length}`);
            }
            const [child, type, change, properties, why] = row;
            if (unquote(child) === "(none)") {
                if (row.slice(1, 4).some((c) => c !== "" && c !== "—" && c !== "-")) {
                    throw new Error(`${at}: a "(none)" row has no type, change or properties`);
                }
                continue;
            }
            if (change !== "update" && change !== "create") {
                throw new Error(
                    `${at}: Change must be "update" or "create" (replacements and deletions are never allowed), found "${change}"`,
                );
            }
            if (!unquote(child).startsWith("<name>")) {
                throw new Error(`${at}: Child "${child}" must start with <name> (the component's name)`);
            }
            if (!/^[a-z0-9-]+:[A-Za-z0-9/.-]*:[A-Za-z0-9]+$/.test(unquote(type))) {
                throw new Error(`${at}: Type "${type}" is not a Pulumi type token (e.g. \`aws:iam/role:Role\`)`);
            }
            const props = change === "update" ? properties.split(",").map(unquote).filter(Boolean) : [];
            if (change === "update" && props.length === 0) {
                throw new Error(`${at}: an update row names the properties that change`);
            }
            if (change === "create" && !["", "—", "-"].includes(properties)) {
                throw new Error(`${at}: a create row has "—" as Properties`);
            }
            current.changes.push({
                release: current.release,
                child: unquote(child),
                type: unquote(type),
                change,
                properties: props,
                why,
                line: j + 1,
            });
        }
        i = j - 1;
    }
    return releases;
}

export function readChangelog(file: string): Release[] {
    return parseChangelog(fs.readFileSync(file, "utf8"));
}

function cmp(a: string, b: string): number {
    const pa = a.split(".").map(Number);
    const pb = b.split(".").map(Number);
    for (let i = 0; i < 3; i++) {
        if (pa[i] !== pb[i]) {
            return pa[i] - pb[i];
        }
    }
    return 0;
}

/** The rows that apply when upgrading a stack of release `from`: every later release's. */
export function changesSince(releases: Release[], from: string): ChildChange[] {
    return releases.filter((r) => cmp(r.release, from) > 0).flatMap((r) => r.changes);
}

/** Does the pattern (`<name>` = component, `*` = anything) match a child's logical name? */
export function matchesChild(pattern: string, logicalName: string, componentName: string): boolean {
    const re = pattern
        .split("<name>")
        .map((part) =>
            part
                .split("*")
                .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
                .join(".*"),
        )
        .join(componentName.replace(/[.+?^${}()|[\]\\*]/g, "\\$&"));
    return new RegExp(`^${re}$`).test(logicalName);
}

/** The row that allows this change of this child, if any. */
export function allowedBy(
    rows: ChildChange[],
    step: { type: string; name: string; component: string; change: Change; property?: string },
): ChildChange | undefined {
    return rows.find(
        (r) =>
            r.change === step.change &&
            r.type === step.type &&
            matchesChild(r.child, step.name, step.component) &&
            (step.change === "create" || (step.property !== undefined && r.properties.includes(step.property))),
    );
}
