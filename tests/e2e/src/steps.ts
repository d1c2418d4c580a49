// Sequential steps of one scenario on one stack: a failed step skips the rest (with the reason)
// instead of letting them fail with confusing follow-up errors.
import { after, before, describe, it } from "node:test";
import { log, Workspace } from "./harness";

export interface Scenario {
    ws(): Workspace;
}

/**
 * describe(title) with a fresh Workspace for `projectDir` created before the first step and
 * removed after the last; `body` declares steps with `step(name, fn)`.
 */
export function scenario(
    title: string,
    projectDir: string,
    stackPrefix: string,
    body: (step: (name: string, fn: (ws: Workspace) => Promise<void>) => void, sc: Scenario) => void,
    opts: { skip?: string | false; timeoutSeconds?: number } = {},
): void {
    describe(title, { skip: opts.skip || undefined }, () => {
        let ws: Workspace | undefined;
        let failed: string | undefined;
        let started = Date.now();
        before(async () => {
            started = Date.now();
            ws = await Workspace.create(projectDir, stackPrefix);
        });
        after(() => {
            if (ws) {
                log(
                    `[${ws.label}] ${title}: ${((Date.now() - started) / 1000).toFixed(1)}s wall, ${ws.totalSeconds().toFixed(1)}s in pulumi`,
                );
                ws.dispose();
            }
        });
        const step = (name: string, fn: (w: Workspace) => Promise<void>) => {
            it(name, { timeout: (opts.timeoutSeconds ?? 300) * 1000 }, async (t) => {
                if (failed) {
                    t.skip(`skipped: earlier step failed (${failed})`);
                    return;
                }
                try {
                    await fn(ws!);
                } catch (e) {
                    failed = name;
                    throw e;
                }
            });
        };
        body(step, { ws: () => ws! });
    });
}
