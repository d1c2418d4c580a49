// How long the rules themselves take, for the benchmark (bench/README.md, "policy pack"): with
// CODEARTIFACT_POLICY_TIMINGS=<file> set, every policy's validate function is wrapped in a timer and
// the pack writes a JSON summary to <file>: per policy the calls and the wall and CPU milliseconds
// spent inside its validate function (reads through the framework's unknown-checking proxy
// included; the framework's deserialization of each request is not), the sums, and the pack
// process's CPU time and uptime when it was written. Without the variable `timed` returns the list
// it was given: no wrapper, no cost.
//
// The rules' share of the pack is CPU over CPU. Wall time inside a call also counts waiting for a
// core (a loaded machine doubled the share that way); the process's CPU inside a call
// (process.cpuUsage, exact) also counts what V8's helper threads (GC, compilation) do meanwhile (at
// 1,000 repositories the waiting-for-up rule's one call: 129 ms wall, 213 ms CPU). Both bound the
// main thread's time in the rule from above, so each call counts the smaller of the two: still an
// upper bound. (Node 20 has no thread CPU clock; /proc/thread-self/schedstat advances at ticks and
// context switches, which missed most of a short call: it read 38 ms for 193 ms of wall.)
//
// The engine ends a policy pack without letting it exit cleanly, so the summary is rewritten
// (synchronously, a few hundred bytes) after every stack policy call, the last calls of a preview
// or update, as well as at exit.

import { Policies, Policy, ReportViolation, ResourceValidation, StackValidation } from "@pulumi/policy";
import { writeFileSync } from "fs";

export const TIMINGS_VAR = "CODEARTIFACT_POLICY_TIMINGS";

interface Counter {
    calls: number;
    ns: bigint;
    /** Per call the smaller of the process's CPU (user + system) and the wall time, summed (µs). */
    cpuUs: number;
}

export interface TimingSummary {
    pid: number;
    /** Wall and CPU milliseconds inside each policy's validate function (CPU: each call's capped at its wall), and how often it was called. */
    policies: Record<string, { calls: number; ms: number; cpuMs: number }>;
    /** The sums over the policies: wall, and CPU (the numerator of the rules' share). */
    rulesMs: number;
    rulesCpuMs: number;
    /** The pack process's CPU time (user + system) and uptime when the summary was written. */
    cpuMs: number;
    uptimeMs: number;
}

type Validate = (args: never, reportViolation: ReportViolation) => Promise<void> | void;

function timer<F extends Validate>(fn: F, counter: Counter, after?: () => void): F {
    const wrapped = (args: never, reportViolation: ReportViolation): Promise<void> | void => {
        const t0 = process.hrtime.bigint();
        const cpu0 = process.cpuUsage();
        const done = () => {
            const cpu = process.cpuUsage(cpu0);
            const ns = process.hrtime.bigint() - t0;
            counter.calls++;
            counter.ns += ns;
            counter.cpuUs += Math.min(cpu.user + cpu.system, Number(ns) / 1000);
            after?.();
        };
        let result: Promise<void> | void;
        try {
            result = fn(args, reportViolation);
        } catch (e) {
            done();
            throw e;
        }
        if (result && typeof result.then === "function") {
            return result.then(
                () => done(),
                (e: unknown) => {
                    done();
                    throw e;
                },
            );
        }
        done();
        return result;
    };
    // The framework skips a policy for other types when its function names one (`__pulumiType`).
    return Object.assign(wrapped, fn) as unknown as F;
}

/** The policies with timers around their validate functions when CODEARTIFACT_POLICY_TIMINGS names a file; else `policies` itself. */
export function timed(policies: Policies, env: NodeJS.ProcessEnv = process.env): Policies {
    const file = env[TIMINGS_VAR];
    if (!file) {
        return policies;
    }
    const counters = new Map<string, Counter>();
    const write = () => {
        const summary: TimingSummary = {
            pid: process.pid,
            policies: {},
            rulesMs: 0,
            rulesCpuMs: 0,
            cpuMs: 0,
            uptimeMs: Math.round(process.uptime() * 1000),
        };
        let total = 0n;
        let totalCpuUs = 0;
        for (const [name, c] of counters) {
            summary.policies[name] = { calls: c.calls, ms: Number(c.ns) / 1e6, cpuMs: c.cpuUs / 1000 };
            total += c.ns;
            totalCpuUs += c.cpuUs;
        }
        const cpu = process.cpuUsage();
        summary.rulesMs = Number(total) / 1e6;
        summary.rulesCpuMs = totalCpuUs / 1000;
        summary.cpuMs = (cpu.user + cpu.system) / 1000;
        writeFileSync(file, JSON.stringify(summary, null, 1) + "\n");
    };
    process.on("exit", write);
    return policies.map((p: Policy) => {
        const counter: Counter = { calls: 0, ns: 0n, cpuUs: 0 };
        counters.set(p.name, counter);
        if ("validateStack" in p && p.validateStack) {
            return { ...p, validateStack: timer(p.validateStack as StackValidation, counter, write) };
        }
        if ("validateResource" in p && p.validateResource) {
            const v = p.validateResource;
            const validateResource = Array.isArray(v)
                ? v.map((f: ResourceValidation) => timer(f, counter))
                : timer(v as ResourceValidation, counter);
            return { ...p, validateResource };
        }
        return p;
    });
}
