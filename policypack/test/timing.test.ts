// The benchmark's rule timers (src/timing.ts): off, the pack hands the framework its policies
// untouched; on, every policy reports exactly what it reports untimed, and the summary file counts
// each policy's calls. (No assertion on the times themselves.)

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../src/policies";
import { timed, TimingSummary, TIMINGS_VAR } from "../src/timing";
import { runResourcePolicy, runStackPolicy } from "../testing/engine";
import { brokenStack } from "../testing/examples";
import { isResourcePolicy } from "../testing/policyTypes";

describe("timing (CODEARTIFACT_POLICY_TIMINGS)", () => {
    it("without the variable: the very same list, no wrapper", () => {
        assert.equal(timed(policies, {}), policies);
        assert.equal(timed(policies, { [TIMINGS_VAR]: "" }), policies);
    });

    it("with it: the same policies and verdicts, every call counted in the summary file", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pack-timings-")), "t.json");
        const wrapped = timed(policies, { [TIMINGS_VAR]: file });
        assert.deepEqual(
            wrapped.map((p) => [p.name, p.enforcementLevel, p.description]),
            policies.map((p) => [p.name, p.enforcementLevel, p.description]),
        );
        const stack = brokenStack();
        for (let i = 0; i < policies.length; i++) {
            const [plain, timedPolicy] = [policies[i], wrapped[i]];
            if (isResourcePolicy(plain)) {
                for (const r of stack) {
                    assert.deepEqual(
                        await runResourcePolicy(timedPolicy as ResourceValidationPolicy, r),
                        await runResourcePolicy(plain, r),
                        `${plain.name} on ${r.name}`,
                    );
                }
            } else {
                assert.deepEqual(
                    await runStackPolicy(timedPolicy as StackValidationPolicy, stack),
                    await runStackPolicy(plain as StackValidationPolicy, stack),
                    plain.name,
                );
            }
        }
        // Written after every stack policy call (the engine ends a pack without a clean exit).
        const summary = JSON.parse(fs.readFileSync(file, "utf8")) as TimingSummary;
        assert.deepEqual(
            Object.keys(summary.policies),
            policies.map((p) => p.name),
        );
        for (const p of policies) {
            const expected = isResourcePolicy(p) ? stack.length : 1;
            assert.equal(summary.policies[p.name].calls, expected, p.name);
        }
        assert.equal(summary.pid, process.pid);
        assert.ok(summary.rulesMs >= 0 && summary.cpuMs > 0);
        // The CPU sums add up per policy and cannot exceed the process's CPU time.
        const perPolicyCpu = Object.values(summary.policies).reduce((sum, p) => sum + p.cpuMs, 0);
        assert.ok(Math.abs(summary.rulesCpuMs - perPolicyCpu) < 1e-6, `${summary.rulesCpuMs} vs ${perPolicyCpu}`);
        assert.ok(summary.rulesCpuMs >= 0 && summary.rulesCpuMs <= summary.cpuMs, `${summary.rulesCpuMs} of ${summary.cpuMs}`);
        // Each call's CPU is capped at its wall time: no policy's CPU exceeds its wall time.
        for (const [name, p] of Object.entries(summary.policies)) {
            assert.ok(p.cpuMs <= p.ms + 1e-6, `${name}: ${p.cpuMs} ms CPU in ${p.ms} ms`);
        }
    });
});
