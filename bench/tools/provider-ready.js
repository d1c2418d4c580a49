#!/usr/bin/env node
// Time from spawning a resource-provider plugin to the moment it prints its gRPC port (= ready to
// serve the engine). Usage: node provider-ready.js [--runs K] [--json] -- CMD ARGS...
// One launch by default (so hyperfine can time it); with --runs K it launches K times and prints
// the internal spawn-to-port times (ms) as JSON, with the CPU time (ms, user + system, from
// /proc/PID/stat) the plugin process had used by then. Also starts policy packs
// (`node .../cmd/run-policy-pack ENGINE DIR`), which print their port the same way.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");

const TICK_MS = 10; // USER_HZ = 100 on Linux
function cpuMs(pid) {
    try {
        const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
        return (Number(f[11]) + Number(f[12])) * TICK_MS;
    } catch {
        return NaN;
    }
}

const argv = process.argv.slice(2);
const sep = argv.indexOf("--");
if (sep < 0 || sep === argv.length - 1) {
    console.error("usage: provider-ready.js [--runs K] [--json] -- CMD ARGS...");
    process.exit(2);
}
const opts = argv.slice(0, sep);
const [cmd, ...args] = argv.slice(sep + 1);
const runs = opts.includes("--runs") ? Number(opts[opts.indexOf("--runs") + 1]) : 1;

function once() {
    return new Promise((resolve, reject) => {
        const t0 = process.hrtime.bigint();
        const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`no port within 60 s: ${err}`)); }, 60000);
        child.stderr.on("data", (d) => { err += d; });
        child.stdout.on("data", (d) => {
            out += d;
            const m = /^\s*(\d+)\s*$/m.exec(out);
            if (m) {
                const ms = Number(process.hrtime.bigint() - t0) / 1e6;
                const cpu = cpuMs(child.pid);
                clearTimeout(timer);
                child.kill("SIGKILL");
                resolve({ ms, cpu, port: Number(m[1]) });
            }
        });
        child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`exited (${code}) before printing a port: ${err}`)); });
        child.on("error", reject);
    });
}

(async () => {
    const times = [];
    const cpu = [];
    for (let i = 0; i < runs; i++) {
        const r = await once();
        times.push(r.ms);
        cpu.push(r.cpu);
    }
    if (opts.includes("--json")) console.log(JSON.stringify({ command: [cmd, ...args], ms: times, cpu_ms: cpu }));
    process.exit(0);
})().catch((e) => { console.error(e.message); process.exit(1); });
