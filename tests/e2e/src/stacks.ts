// Scenarios over stacks of several projects on ONE file backend, e.g. a stack and another that reads
// its outputs through a StackReference. Each stack keeps its own Workspace (PULUMI_HOME, config
// file, stand-in ledger), so each stack's calls to "AWS" stay apart; the backend is the first
// stack's. Steps run in order and a failed step skips the rest, as in steps.ts.
import { after, before, describe, it } from "node:test";
import { log, Workspace } from "./harness";

export interface StackSpec {
    projectDir: string;
    stackPrefix: string;
}

/**
 * describe(title) with one Workspace per entry of `stacks`, created in the order given (the first
 * holds the shared backend) before the first step and removed after the last (in reverse order).
 */
export function multiStackScenario<K extends string>(
    title: string,
    stacks: Record<K, StackSpec>,
    body: (step: (name: string, fn: (ws: Record<K, Workspace>) => Promise<void>) => void) => void,
    opts: { skip?: string | false; timeoutSeconds?: number } = {},
): void {
    describe(title, { skip: opts.skip || undefined }, () => {
        const created: Workspace[] = [];
        const ws = {} as Record<K, Workspace>;
        let failed: string | undefined;
        let started = Date.now();
        before(async () => {
            started = Date.now();
            for (const key of Object.keys(stacks) as K[]) {
                const w = await Workspace.create(stacks[key].projectDir, stacks[key].stackPrefix, { backendOf: created[0] });
                created.push(w);
                ws[key] = w;
            }
        });
        after(() => {
            const inPulumi = created.reduce((s, w) => s + w.totalSeconds(), 0);
            log(`${title}: ${((Date.now() - started) / 1000).toFixed(1)}s wall, ${inPulumi.toFixed(1)}s in pulumi`);
            for (const w of [...created].reverse()) {
                w.dispose();
            }
        });
        const step = (name: string, fn: (w: Record<K, Workspace>) => Promise<void>) => {
            it(name, { timeout: (opts.timeoutSeconds ?? 300) * 1000 }, async (t) => {
                if (failed) {
                    t.skip(`skipped: earlier step failed (${failed})`);
                    return;
                }
                try {
                    await fn(ws);
                } catch (e) {
                    failed = name;
                    throw e;
                }
            });
        };
        body(step);
    });
}
