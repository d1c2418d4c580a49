#!/usr/bin/env node
// What starting the plugin costs, measured on the process the engine talks to:
//   node tools/bundle/measure-start.js --plugin DIR --program DIR [--runs N] [--cpu-prof DIR] [--node-flags "FLAGS"]
// DIR is an unpacked plugin (bin/index.js, as the launcher runs it). Each run starts
// `node DIR/bin/index.js` itself, notes the time to the printed port (= ready to serve) with the
// process's CPU time and RSS then, runs `pulumi preview` of PROGRAM with
// PULUMI_DEBUG_PROVIDERS=codeartifact-platform:PORT (so the engine's GetSchema and Construct go to
// this process), then reads the process's peak RSS (VmHWM) and CPU time from /proc before ending it.
// The caller's environment must have `pulumi` (and the aws stand-in) on PATH, a backend and a
// passphrase; the program's current stack is used. Prints one JSON line per run, then the medians.
// With --cpu-prof, Node writes a .cpuprofile per run into that directory (SIGTERM becomes exit).
// Linux only (/proc). A measuring tool, not a test: nothing here asserts a time.
"use strict";
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const plugin = opt("--plugin");
const program = opt("--program");
const runs = Number(opt("--runs", "1"));
const cpuProf = opt("--cpu-prof");
const nodeFlags = opt("--node-flags");
if (!plugin || !program) {
    console.error("usage: measure-start.js --plugin DIR --program DIR [--runs N] [--cpu-prof DIR]");
    process.exit(2);
}
const TICK_MS = 1000 / Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim() || 100);

/** CPU time (user + system, ms) and RSS figures (MB) of a live process. */
function usage(pid) {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)[1]);
    return { cpuMs, rssMB: kb("VmRSS") / 1024, peakMB: kb("VmHWM") / 1024 };
}

function once() {
    return new Promise((resolve, reject) => {
        const flags = cpuProf
            ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(cpuProf)}`, "-r", path.join(__dirname, "exit-on-sigterm.js")]
            : [];
        const t0 = process.hrtime.bigint();
        if (nodeFlags) flags.push(...nodeFlags.split(" "));
        const child = spawn("node", [...flags, path.join(path.resolve(plugin), "bin", "index.js")], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stderr.on("data", (d) => (err += d));
        child.on("error", reject);
        child.on("exit", (code, signal) => {
            if (!out.trim()) reject(new Error(`plugin exited (${code ?? signal}) before printing a port: ${err}`));
        });
        child.stdout.on("data", (d) => {
            if (out.trim()) return;
            out += d;
            const m = /^\s*(\d+)\s*$/m.exec(out);
            if (!m) return;
            const readyMs = Number(process.hrtime.bigint() - t0) / 1e6;
            const atReady = usage(child.pid);
            const p0 = process.hrtime.bigint();
            const preview = spawnSync("pulumi", ["preview", "--non-interactive", "--color=never"], {
                cwd: program,
                encoding: "utf8",
                env: { ...process.env, PULUMI_DEBUG_PROVIDERS: `codeartifact-platform:${m[1]}` },
            });
            const previewMs = Number(process.hrtime.bigint() - p0) / 1e6;
            const after = usage(child.pid);
            child.once("exit", () =>
                preview.status === 0
                    ? resolve({
                          readyMs: Math.round(readyMs),
                          cpuAtReadyMs: atReady.cpuMs,
                          rssAtReadyMB: +atReady.rssMB.toFixed(1),
                          previewMs: Math.round(previewMs),
                          cpuTotalMs: after.cpuMs,
                          peakMB: +after.peakMB.toFixed(1),
                      })
                    : reject(new Error(`pulumi preview failed (${preview.status}):\n${preview.stdout}\n${preview.stderr}`)),
            );
            child.kill("SIGTERM");
        });
    });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
(async () => {
    const results = [];
    for (let i = 0; i < runs; i++) {
        const r = await once();
        console.log(JSON.stringify(r));
        results.push(r);
    }
    const med = {};
    for (const k of Object.keys(results[0])) med[k] = median(results.map((r) => r[k]));
    console.log(JSON.stringify({ median: med, runs }));
})().catch((e) => {
    console.error(`measure-start: ${e.message}`);
    process.exit(1);
});
