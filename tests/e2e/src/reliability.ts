// Helpers of test/reliability.test.ts: the stand-in's fault, fault-counter and inventory variables
// per command, the ledger counted per resource, a stack's state without the values that are random
// per stack (autonamed suffixes, key ids, unique ids, timestamps), the inventory file, and the file
// backend's lock directory. OFFLINE: the inventory and faults are the stand-in's, not AWS.
import * as fs from "node:fs";
import * as path from "node:path";
import { LedgerEntry, nameOf, StateResource, tail, Workspace } from "./harness";

/** An AWS error to inject (tools/offline-aws/README.md, "Faults"). */
export interface Fault {
    op: "create" | "update" | "delete" | "read";
    type: string;
    nth: number;
    error: string;
    times?: number;
    message?: string;
}

/** A ledger line as the stand-in writes it for a call that went through after retries. */
export type RetriedEntry = LedgerEntry & { retries?: number; retryErrors?: string[] };

/**
 * The stand-in's variables for one command: the faults (none unless given), a fault-counter file of
 * its own (so each faulted command counts from 1), and the inventory (none unless given). The
 * harness does not clear these from the environment, so every command of these tests sets them.
 */
export function standin(ws: Workspace, opts: { faults?: Fault[]; inventory?: string; label?: string } = {}): Record<string, string> {
    return {
        OFFLINE_AWS_FAULTS: opts.faults ? JSON.stringify(opts.faults) : "",
        OFFLINE_AWS_FAULTS_STATE: path.join(ws.dir, `faults-${opts.label ?? "none"}.json`),
        OFFLINE_AWS_INVENTORY: opts.inventory ?? "",
    };
}

/** How many calls of `op` the ledger holds for each URN. */
export function callsPerUrn(entries: LedgerEntry[], op: LedgerEntry["op"]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const e of entries.filter((x) => x.op === op)) {
        counts.set(e.urn, (counts.get(e.urn) ?? 0) + 1);
    }
    return counts;
}

/** URNs with a count other than exactly one, or missing: [] when every URN was called once. */
export function notExactlyOnce(counts: Map<string, number>, urns: string[]): string[] {
    const expected = new Set(urns);
    const wrong = urns.filter((u) => counts.get(u) !== 1).map((u) => `${nameOf(u)} x${counts.get(u) ?? 0}`);
    const extra = [...counts.keys()].filter((u) => !expected.has(u)).map((u) => `${nameOf(u)} (not expected)`);
    return [...wrong, ...extra];
}

/** The resources the stand-in holds (aws and aws-native), no providers, stack or components. */
export function cloudResources(resources: StateResource[]): StateResource[] {
    return resources.filter((r) => r.type.startsWith("aws:") || r.type.startsWith("aws-native:"));
}

/** Values that differ between two otherwise equal stacks: masked so two states can be compared. */
function mask(value: unknown): unknown {
    if (typeof value === "string") {
        return value
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
            .replace(/\b(AROA|AIPA|ANPA)[0-9A-Z]+/g, "$1<id>")
            .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>")
            .replace(/-[0-9a-f]{7}\b/g, "-<7hex>");
    }
    if (Array.isArray(value)) {
        return value.map(mask);
    }
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
    }
    return value;
}

/**
 * The aws and aws-native resources of a state by type and logical name, with parent, flags, inputs and outputs,
 * the per-stack random values masked: equal for two stacks of the same program and config.
 */
export function comparable(resources: StateResource[]): Record<string, unknown> {
    return Object.fromEntries(
        cloudResources(resources)
            .map((r) => [
                `${r.type} ${nameOf(r.urn)}`,
                mask({
                    parent: r.parent ? nameOf(r.parent) : undefined,
                    protect: r.protect ?? false,
                    retainOnDelete: r.retainOnDelete ?? false,
                    inputs: r.inputs,
                    outputs: r.outputs,
                }),
            ])
            .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
}

/** The whole `pulumi stack export` document (resources and pending operations). */
export async function exportDeployment(ws: Workspace): Promise<{ resources: StateResource[]; pending_operations?: unknown[] }> {
    const r = await ws.run(["stack", "export"], { noConfigFile: true, quiet: true });
    if (r.code !== 0) {
        throw new Error(`stack export failed\n${tail(r)}`);
    }
    const doc = JSON.parse(r.stdout);
    return { resources: doc.deployment?.resources ?? [], pending_operations: doc.deployment?.pending_operations };
}

export interface InventoryEntry {
    type: string;
    id?: string;
    arn?: string;
    urn?: string;
    properties: Record<string, any>;
    inputs?: Record<string, any>;
}

export function readInventory(file: string): InventoryEntry[] {
    const data = JSON.parse(fs.readFileSync(file, "utf8"));
    return Array.isArray(data) ? data : data.resources;
}

/** Rewrites the inventory file (`{"resources": [...]}`), as a change made outside Pulumi would. */
export function editInventory(file: string, edit: (entries: InventoryEntry[]) => void): void {
    const entries = readInventory(file);
    edit(entries);
    fs.writeFileSync(file, JSON.stringify({ resources: entries }, null, 1) + "\n");
}

/** The file backend's lock files of the workspace's stack. */
export function stackLocks(ws: Workspace, project: string): string[] {
    const dir = path.join(ws.backend, ".pulumi", "locks", "organization", project, ws.stack);
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

export async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!check()) {
        if (Date.now() > until) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise((r) => setTimeout(r, 25));
    }
}
