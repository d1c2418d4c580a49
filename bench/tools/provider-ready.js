#!/usr/bin/env node
// Time from spawning a resource-provider plugin to the moment it prints its gRPC port (= ready to
// serve the engine). Usage: node provider-ready.js [--runs K] [--json] -- CMD ARGS...
// One launch by default (so hyperfine can time it); with --runs K it launches K times and prints
// the internal spawn-to-port times (ms) as JSON.
"use strict";
const { spawn } = require("child_process");

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
                clearTimeout(timer);
                child.kill("SIGKILL");
                resolve({ ms, port: Number(m[1]) });
            }
        });
        child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`exited (${code}) before printing a port: ${err}`)); });
        child.on("error", reject);
    });
}

(async () => {
    const times = [];
    for (let i = 0; i < runs; i++) times.push((await once()).ms);
    if (opts.includes("--json")) console.log(JSON.stringify({ command: [cmd, ...args], ms: times }));
    process.exit(0);
})().catch((e) => { console.error(e.message); process.exit(1); });
