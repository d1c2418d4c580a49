// The stand-in's inventory (OFFLINE_AWS_INVENTORY) in an e2e workspace: a per-test copy of a
// seed (the stand-in writes creates, updates and deletes back into it), edited before a run.
import * as fs from "node:fs";
import * as path from "node:path";
import { RunResult, Workspace } from "./harness";

export interface InventoryEntry {
    type: string;
    id?: string;
    arn?: string;
    properties?: Record<string, any>;
    inputs?: Record<string, any>;
    urn?: string;
}

export class InventoryCopy {
    constructor(readonly file: string) {}

    /** Copies `seed` (a JSON file) into the workspace as inventory.json, `edit` applied first. */
    static of(ws: Workspace, seed: string, edit?: (resources: InventoryEntry[]) => void): InventoryCopy {
        const file = path.join(ws.dir, "inventory.json");
        const data = JSON.parse(fs.readFileSync(seed, "utf8")) as { resources: InventoryEntry[] };
        edit?.(data.resources);
        fs.writeFileSync(file, JSON.stringify(data, null, 2) + "\n");
        return new InventoryCopy(file);
    }

    resources(): InventoryEntry[] {
        return (JSON.parse(fs.readFileSync(this.file, "utf8")) as { resources: InventoryEntry[] }).resources;
    }

    /** The entry of that type whose id or ARN is `idOrArn`. */
    find(type: string, idOrArn: string): InventoryEntry | undefined {
        return this.resources().find((r) => r.type === type && (r.id === idOrArn || r.arn === idOrArn || r.properties?.arn === idOrArn));
    }

    /**
     * The environment of a run against this inventory. OFFLINE_AWS_FAULTS is cleared: the harness
     * passes the caller's environment on, and a fault left there would change what these tests see.
     */
    env(extra: Record<string, string> = {}): Record<string, string> {
        return { OFFLINE_AWS_INVENTORY: this.file, OFFLINE_AWS_FAULTS: "", ...extra };
    }

    /** `ws.run(args)` against this inventory. */
    run(ws: Workspace, args: string[], extra: Record<string, string> = {}): Promise<RunResult> {
        return ws.run(args, { env: this.env(extra) });
    }
}

/** The steps of `pulumi preview --json` (op, urn, diff reasons, detailed diff, the new state's id). */
export interface PreviewStep {
    op: string;
    urn: string;
    diffReasons?: string[];
    replaceReasons?: string[];
    detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }>;
    newState?: { id?: string; importID?: string; type?: string; inputs?: Record<string, any> };
    oldState?: { id?: string; type?: string };
}

export function previewSteps(stdout: string): PreviewStep[] {
    return (JSON.parse(stdout).steps ?? []) as PreviewStep[];
}
