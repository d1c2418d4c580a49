// The inventory (OFFLINE_AWS_INVENTORY=<file.json>): resources that exist "in AWS" outside any
// one Pulumi stack. Seeded by hand (what an account already has) and kept up to date by the
// stand-in itself: every real create, update and delete is written back, so a later run, another
// stack or a `pulumi refresh` sees it. Reads (import, refresh) answer from it; a create whose
// name is taken fails as AWS does.
//
// Both plugins (aws and aws-native) and every provider instance are separate processes that may
// write at once: each change is a read-modify-write under a lock file, written to a temporary file
// and renamed over the inventory (files.ts), so no update is lost and a reader never sees a
// half-written file.
import { existsSync, readFileSync } from "fs";
import { withLock, writeAtomically } from "./files";
import { PackageName, packageOf } from "./packages";
import { PropertyMap, isObject } from "./values";

export const INVENTORY_VAR = "OFFLINE_AWS_INVENTORY";

export interface InventoryEntry {
    /** Resource type token, e.g. `aws:codeartifact/domain:Domain`. */
    type: string;
    /** Provider id (for CodeArtifact domains, repositories and their policies: the ARN). */
    id: string;
    /** The resource as AWS has it: the provider's output properties. */
    properties: PropertyMap;
    /** The inputs the resource was created or last updated with (written by the stand-in). */
    inputs?: PropertyMap;
    /** Who wrote it: the stand-in package and the resource's URN (absent for hand-written seeds). */
    provider?: PackageName;
    urn?: string;
}

export interface InventoryFile {
    resources: InventoryEntry[];
}

/**
 * Normalizes one entry as written by hand: `id` may be left out when `arn` (or `properties.arn`)
 * is given, `properties` may be left out. Unknown fields are kept.
 */
function normalize(raw: unknown, n: number, file: string): InventoryEntry {
    if (!isObject(raw) || typeof raw.type !== "string" || raw.type === "") {
        throw new Error(`${file}: resources[${n}] needs a "type" (a resource type token)`);
    }
    const properties = isObject(raw.properties) ? { ...raw.properties } : {};
    const arn = typeof raw.arn === "string" ? raw.arn : typeof properties.arn === "string" ? properties.arn : undefined;
    const id = typeof raw.id === "string" && raw.id !== "" ? raw.id : arn;
    if (id === undefined) {
        throw new Error(`${file}: resources[${n}] (${raw.type}) needs an "id" or an "arn"`);
    }
    if (arn !== undefined && properties.arn === undefined && typeof raw.arn === "string") {
        properties.arn = raw.arn;
    }
    const entry: InventoryEntry = { ...(raw as object), type: raw.type, id, properties } as InventoryEntry;
    delete (entry as { arn?: unknown }).arn;
    return entry;
}

export function parseInventory(text: string, file = "inventory"): InventoryFile {
    if (text.trim() === "") {
        return { resources: [] };
    }
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (e) {
        throw new Error(`${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    const list = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.resources) ? data.resources : undefined;
    if (list === undefined) {
        throw new Error(`${file} must be {"resources": [...]} or a list of resources`);
    }
    return { resources: list.map((r, n) => normalize(r, n, file)) };
}

export class Inventory {
    constructor(readonly file: string) {}

    /** The current contents (re-read on every call: other processes and people edit it). */
    load(): InventoryFile {
        if (!existsSync(this.file)) {
            return { resources: [] };
        }
        return parseInventory(readFileSync(this.file, "utf8"), this.file);
    }

    find(type: string, id: string): InventoryEntry | undefined {
        return this.load().resources.find((r) => r.type === type && r.id === id);
    }

    /**
     * Runs `change` on the current contents under the lock and writes the result back atomically.
     * `change` may throw (e.g. a name is taken): then nothing is written.
     */
    update<T>(change: (inv: InventoryFile) => T): T {
        return withLock(this.file, () => {
            const inv = this.load();
            const result = change(inv);
            writeAtomically(this.file, JSON.stringify(inv, null, 2) + "\n");
            return result;
        });
    }

    /** Adds or replaces the entry of (type, id). */
    put(entry: InventoryEntry): void {
        this.update((inv) => upsert(inv, entry));
    }

    remove(type: string, id: string): boolean {
        return this.update((inv) => {
            const before = inv.resources.length;
            inv.resources = inv.resources.filter((r) => !(r.type === type && r.id === id));
            return inv.resources.length !== before;
        });
    }
}

export function upsert(inv: InventoryFile, entry: InventoryEntry): void {
    const i = inv.resources.findIndex((r) => r.type === entry.type && r.id === entry.id);
    if (i >= 0) {
        inv.resources[i] = entry;
    } else {
        inv.resources.push(entry);
    }
}

export function inventoryFrom(env: { [k: string]: string | undefined }): Inventory | undefined {
    const file = env[INVENTORY_VAR];
    return file ? new Inventory(file) : undefined;
}

/** An entry the stand-in writes after a create or update. */
export function entryFor(type: string, id: string, properties: PropertyMap, inputs: PropertyMap, urn: string): InventoryEntry {
    return { type, id, properties, inputs, provider: packageOf(type), urn };
}
