#!/usr/bin/env python3
"""Benchmark driver for the codeartifact-platform component (called by bench/run.sh).

Runs `pulumi preview` / `up` / `destroy` of the bench programs against the offline aws stand-in
on local file backends, in rounds that alternate the programs, and measures every command:
wall time, CPU time of the whole process tree (os.wait4 rusage), and peak memory (the process
tree's summed RSS, sampled from /proc every 100 ms, also split by role: CLI, language host,
program, component provider, aws stand-in, policy pack). The component runs twice: as users
install it (the plugin archive of scripts/package-plugin.sh in the bench's own PULUMI_HOME) and
from the checkout (PulumiPlugin.yaml). Policy packs: this project's, @pulumi/awsguard, a no-op
pack and this project's pack at a base commit, on the same stacks in the same rounds. Start-up
figures come from hyperfine and tools/provider-ready.js. Results go to bench/out/results.json;
`report` renders bench/RESULTS.md from it.

Usage: bench.py run      (everything; environment: see bench/README.md)
       bench.py report   (re-render RESULTS.md from bench/out/results.json)
Stdlib only.
"""
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "bench")
OUT = os.path.join(BENCH, "out")
RESULTS_JSON = os.path.join(OUT, "results.json")
RESULTS_MD = os.path.join(BENCH, "RESULTS.md")
FINDINGS_MD = os.path.join(BENCH, "findings.md")

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def env_int(name, default):
    v = os.environ.get(name, "")
    return int(v) if v.strip() else default


def env_list(name, default):
    v = os.environ.get(name, "")
    return [int(x) for x in v.replace(",", " ").split()] if v.strip() else default


QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0", "false")
RUNS = env_int("BENCH_RUNS", 1 if QUICK else 3)
# Scale series (installed plugin): these sizes every round, BIG_SIZES once (BIG_RUNS) after the rounds.
SIZES = env_list("BENCH_SIZES", [1, 10] if QUICK else [1, 10, 100])
BIG_SIZES = env_list("BENCH_BIG_SIZES", [] if QUICK else [500, 1000])
BIG_RUNS = env_int("BENCH_BIG_RUNS", 1)
# The hand-wired program at these big sizes too (once, with the big sizes): is a super-linear part the component's?
HANDWIRED_BIG_SIZES = env_list("BENCH_HANDWIRED_BIG_SIZES", [] if QUICK else [1000])
# Installed plugin, checkout (PulumiPlugin.yaml) and hand-wired, alternating, at these sizes.
HANDWIRED_SIZES = env_list("BENCH_HANDWIRED_SIZES", [50] if QUICK else [50, 100])
LANG_SIZE = env_int("BENCH_LANG_SIZE", 50)
# Previews with no pack, the no-op pack, this pack and awsguard, alternating, at these sizes.
POLICY_SIZES = env_list("BENCH_POLICY_SIZES", [50] if QUICK else [50, 100])
# This pack as it was at a base commit ("before"), beside it at these sizes; BENCH_PACK_BASE="" turns it off.
PACK_BASE = os.environ.get("BENCH_PACK_BASE", "c7450c8").strip()
PACK_BASE_SIZES = env_list("BENCH_PACK_BASE_SIZES", [50] if QUICK else [100])
STEADY = os.environ.get("BENCH_STEADY", "0" if QUICK else "1") not in ("", "0", "false")
# The type-check previews (ts-node's default) are off unless asked for: they are not among issue 16's tables
# and cost about a minute of the ~25-minute budget.
TYPECHECK_SIZE = env_int("BENCH_TYPECHECK_SIZE", 0)
HYPERFINE_RUNS = env_int("BENCH_HYPERFINE_RUNS", 3 if QUICK else 5)
COMPARE_SIZE = env_int("BENCH_COMPARE_SIZE", 50)
LANGS = os.environ.get("BENCH_LANGS", "py go").split()
# Where the plugin archive comes from (run.sh runs scripts/package-plugin.sh and passes it on).
PLUGIN_ARCHIVE = os.environ.get("BENCH_PLUGIN_ARCHIVE", "")

# program -> language; the source directory is bench/programs/<program> (ts-installed: its
# Pulumi.yaml, with ts-component's index.ts and tsconfig.json).
PROGRAMS = {
    "ts-installed": "typescript",
    "ts-component": "typescript",
    "ts-handwired": "typescript",
    "py-component": "python",
    "go-component": "go",
}
PROGRAM_SOURCES = {"ts-installed": ["ts-installed", "ts-component"]}
HOME = os.path.join(OUT, "pulumi-home")  # the bench's own PULUMI_HOME: the installed plugin lives here
PACKS = {
    "policy": os.path.join(ROOT, "policypack"),
    "awsguard": os.path.join(BENCH, "packs", "awsguard"),
    "noop": os.path.join(BENCH, "packs", "noop"),
    "policy-base": os.path.join(OUT, "pack-base", "policypack"),
}
TIMINGS_DIR = os.path.join(OUT, "pack-timings")
# PULUMI_SKIP_CHECKPOINTS: the scale series runs up and destroy with it (the file backend rewrites the whole checkpoint
# after every step) and every preview both ways: since 3.274 the diy backend gives preview a snapshot manager with a
# discarding persister that still serializes and integrity-checks the whole snapshot after every step
# (pkg/backend/diy/backend.go, pkg/backend/snapshot.go saveSnapshot), O(steps x state), and nothing is written.
NO_CKPT = {"PULUMI_SKIP_CHECKPOINTS": "true"}


# --------------------------------------------------------------------------------------------
# measuring one command


def role_of(cmdline):
    """Which part of a Pulumi run a process is, from its command line."""
    exe = os.path.basename(cmdline[0]) if cmdline else ""
    joined = " ".join(cmdline)
    if exe == "pulumi":
        return "cli"
    if exe.startswith("pulumi-language-") or exe == "pulumi-langhost":
        return "langhost"
    if "offline-aws" in joined:
        return "aws-standin"
    if "run-policy-pack" in joined or "pulumi-analyzer-policy" in joined or "policypack" in joined:
        return "policy"
    if "run-plugin" in joined or "provider/bin/index.js" in joined or "resource-codeartifact-platform" in joined:
        return "provider"
    if "cmd/run" in joined or "__main__" in joined or "pulumi-language-python-exec" in joined or exe == "go-component":
        return "program"
    if exe.startswith("python"):
        return "program"
    return "other"


class Sampler(threading.Thread):
    """Samples the summed RSS of a process tree (and per role) until stopped."""

    def __init__(self, root_pid, interval=0.1):
        super().__init__(daemon=True)
        self.root = root_pid
        self.interval = interval
        self.stop_event = threading.Event()
        self.peak_total = 0
        self.peak_roles = {}
        self.peak_pid = {}  # pid -> highest RSS seen
        self.roles = {}
        self.cpu = {}  # pid -> last seen utime+stime (s)
        self.samples = 0

    def scan(self):
        children = {}
        rss = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/stat", "rb") as f:
                    s = f.read()
            except OSError:
                continue
            rest = s[s.rfind(b")") + 2:].split()
            pid = int(d)
            children.setdefault(int(rest[1]), []).append(pid)
            rss[pid] = (int(rest[21]) * PAGE, (int(rest[11]) + int(rest[12])) / TICKS)
        tree, todo = [], [self.root]
        while todo:
            p = todo.pop()
            tree.append(p)
            todo.extend(children.get(p, []))
        total, by_role = 0, {}
        for p in tree:
            # Read every time: a child forked but not yet exec'd still shows its parent's command line
            # (a plugin started by `pulumi` would pass for the CLI); the role follows the latest one.
            try:
                with open(f"/proc/{p}/cmdline", "rb") as f:
                    cmd = [c.decode(errors="replace") for c in f.read().split(b"\0") if c]
            except OSError:
                cmd = []
            if cmd:
                self.roles[p] = role_of(cmd)
            elif p not in self.roles:
                continue  # gone, or not exec'd yet: look again next time
            r, cpu = rss.get(p, (0, 0.0))
            self.cpu[p] = cpu
            self.peak_pid[p] = max(self.peak_pid.get(p, 0), r)
            total += r
            by_role[self.roles[p]] = by_role.get(self.roles[p], 0) + r
        self.samples += 1
        self.peak_total = max(self.peak_total, total)
        for k, v in by_role.items():
            self.peak_roles[k] = max(self.peak_roles.get(k, 0), v)

    def run(self):
        while not self.stop_event.is_set():
            try:
                self.scan()
            except Exception:  # a process vanished mid-scan: try again
                pass
            self.stop_event.wait(self.interval)

    def stop(self):
        self.stop_event.set()
        self.join()

    def peak_process_by_role(self):
        """The largest single process of each role (bytes) and how many processes the role had."""
        out = {}
        for p, r in self.peak_pid.items():
            role = self.roles.get(p, "other")
            big, count = out.get(role, (0, 0))
            out[role] = (max(big, r), count + 1)
        return out

    def cpu_by_role(self):
        """CPU seconds per role, as last sampled (a process's final <100 ms can be missed)."""
        out = {}
        for p, c in self.cpu.items():
            role = self.roles.get(p, "other")
            out[role] = out.get(role, 0.0) + c
        return out


def measure(argv, cwd, env, log_path):
    """Runs argv; returns wall/cpu seconds, peak memory (MB) and exit code. Output goes to log_path."""
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    with open(log_path, "wb") as log:
        log.write(("$ " + " ".join(argv) + "\n").encode())
        log.flush()
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        sampler = Sampler(proc.pid)
        sampler.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
    mb = 1024 * 1024
    return {
        "wall": wall,
        "cpu": ru.ru_utime + ru.ru_stime,
        "max_single_rss_mb": ru.ru_maxrss / 1024,
        "peak_tree_mb": sampler.peak_total / mb,
        "peak_roles_mb": {k: v / mb for k, v in sampler.peak_roles.items()},
        "peak_process_mb": {k: v[0] / mb for k, v in sampler.peak_process_by_role().items()},
        "processes": {k: v[1] for k, v in sampler.peak_process_by_role().items()},
        "cpu_roles": sampler.cpu_by_role(),
        "samples": sampler.samples,
        "rc": proc.returncode,
    }


def resource_count(log_path):
    """`+ 216 to create`, `216 created`, `216 unchanged`, `- 216 to delete`, `216 deleted` -> 216."""
    with open(log_path, errors="replace") as f:
        text = f.read()
    m = re.search(r"Resources:\s*\n\s*[+-]?\s*(\d+) (?:to create|created|unchanged|to delete|deleted)", text)
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------------------------
# stacks and programs


class Bench:
    def __init__(self):
        self.env = dict(os.environ)
        # Every program runs with the bench's own PULUMI_HOME, where the plugin archive is installed
        # (ts-installed uses it; the checkout programs name their plugin path, which wins).
        self.env["PULUMI_HOME"] = HOME
        self.records = []
        self.meta = {}
        self.log_dir = os.path.join(OUT, "logs")
        self.failures = []

    # -- setup -------------------------------------------------------------------------------

    def workdir(self, program):
        return os.path.join(OUT, "work", program)

    def prog_env(self, program, extra=None):
        env = dict(self.env)
        env["PULUMI_BACKEND_URL"] = "file://" + os.path.join(OUT, "state", program)
        if PROGRAMS[program] == "typescript" and "PULUMI_NODEJS_TRANSPILE_ONLY" not in env:
            env["PULUMI_NODEJS_TRANSPILE_ONLY"] = "true"
        if extra:
            env.update(extra)
        return env

    def pulumi(self, program, args, check=True, extra_env=None):
        r = subprocess.run(["pulumi", *args, "--non-interactive"], cwd=self.workdir(program),
                           env=self.prog_env(program, extra_env), capture_output=True, text=True)
        if check and r.returncode != 0:
            raise RuntimeError(f"pulumi {' '.join(args)} ({program}) failed:\n{r.stdout}\n{r.stderr}")
        return r

    def prepare(self, programs_sizes):
        for d in ("work", "state", "logs", "pack-timings"):
            shutil.rmtree(os.path.join(OUT, d), ignore_errors=True)
        os.makedirs(TIMINGS_DIR, exist_ok=True)
        binary = os.path.join(OUT, "bin", "go-component")
        for program, sizes in programs_sizes.items():
            dst = self.workdir(program)
            # Later sources fill in what the first lacks (ts-installed: its Pulumi.yaml, ts-component's program).
            for src in PROGRAM_SOURCES.get(program, [program]):
                shutil.copytree(os.path.join(BENCH, "programs", src), dst, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("node_modules", "go.sum", "go.mod", "*.go", "Pulumi.yaml")
                                if os.path.exists(os.path.join(dst, "Pulumi.yaml")) else
                                shutil.ignore_patterns("node_modules", "go.sum", "go.mod", "*.go"))
            with open(os.path.join(dst, "Pulumi.yaml")) as f:
                text = f.read().replace("@ROOT@", ROOT).replace("@BINARY@", binary)
            with open(os.path.join(dst, "Pulumi.yaml"), "w") as f:
                f.write(text)
            os.makedirs(os.path.join(OUT, "state", program), exist_ok=True)
            for n in sizes:
                self.pulumi(program, ["stack", "init", f"n{n}"])
                self.pulumi(program, ["config", "set", "repos", str(n), "--stack", f"n{n}"])

    # -- one measured operation ------------------------------------------------------------------

    def op(self, program, n, op, rnd, extra_env=None, tag=None):
        stack = f"n{n}"
        pack = None
        if op.startswith("preview-") and op[len("preview-"):] in PACKS:
            pack = op[len("preview-"):]
        no_ckpt = NO_CKPT
        args, env_add = {
            "preview": (["preview", "--stack", stack], None),
            "up": (["up", "--yes", "--skip-preview", "--stack", stack], None),
            # The file backend rewrites the whole checkpoint after every step (O(steps x state)): the
            # scale series measures up and destroy without it (the final state is still written).
            "up-nockpt": (["up", "--yes", "--skip-preview", "--stack", stack], no_ckpt),
            "preview-steady": (["preview", "--expect-no-changes", "--stack", stack], None),
            "destroy": (["destroy", "--yes", "--skip-preview", "--stack", stack], None),
            "destroy-nockpt": (["destroy", "--yes", "--skip-preview", "--stack", stack], no_ckpt),
        }.get(op, (["preview", "--stack", stack, "--policy-pack", PACKS[pack]] if pack else None, None))
        if args is None:
            raise ValueError(op)
        name = op if tag is None else f"{op}-{tag}"
        log = os.path.join(self.log_dir, f"{program}-n{n}-{name}-r{rnd}.log")
        env = self.prog_env(program, extra_env)
        if env_add:
            env.update(env_add)
        timings = None
        if pack == "policy":
            # The pack's own timers around every rule (policypack/src/timing.ts), summary written to this file.
            timings = os.path.join(TIMINGS_DIR, os.path.basename(log).replace(".log", ".json"))
            env["CODEARTIFACT_POLICY_TIMINGS"] = timings
        if pack == "awsguard":
            env["AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE"] = "1"  # awsguard loads aws-sdk v2, which warns at load
        res = measure(["pulumi", *args, "--non-interactive"], self.workdir(program), env, log)
        res.update({"program": program, "n": n, "op": name, "round": rnd, "resources": resource_count(log),
                    "load1": os.getloadavg()[0], "log": os.path.relpath(log, ROOT)})
        if timings and os.path.exists(timings):
            with open(timings) as f:
                res["pack_timing"] = json.load(f)
        self.records.append(res)
        status = "ok" if res["rc"] == 0 else f"FAILED rc={res['rc']} (see {res['log']})"
        print(f"  r{rnd} {program:13} n={n:<4} {name:22} {res['wall']:6.2f} s  cpu {res['cpu']:6.2f} s  "
              f"peak {res['peak_tree_mb']:6.0f} MB  res={res['resources']}  load={res['load1']:.2f}  {status}", flush=True)
        if res["rc"] != 0:
            self.failures.append(res)
            raise RuntimeError(f"{program} n={n} {name} failed; log: {log}")
        self.save()
        return res

    def cell(self, program, n, rnd, packs=(), typecheck=False, compare=False, previews=True, nockpt=False, steady=None,
             nockpt_packs=()):
        """Empty-stack preview(s), up from empty, steady preview, destroy (back to empty).

        packs: the policy packs to preview with beside the plain preview (alternating order);
        nockpt: up and destroy with PULUMI_SKIP_CHECKPOINTS (the scale series), and a preview with it too, beside the
        plain one, and with nockpt_packs; previews=False: no plain previews (another cell of the same round measured them)."""
        ops = []
        if previews:
            ops.append(("preview", None, None))
            ops += [(f"preview-{p}", None, None) for p in packs]
            if typecheck:
                ops.append(("preview", {"PULUMI_NODEJS_TRANSPILE_ONLY": "false"}, "typecheck"))
        if nockpt:
            ops.append(("preview", NO_CKPT, "nockpt"))
            ops += [(f"preview-{p}", NO_CKPT, "nockpt") for p in nockpt_packs]
        if ops:
            k = (rnd - 1) % len(ops)
            ops = ops[k:] + ops[:k]  # rotate which preview goes first
        for op, extra, tag in ops:
            self.op(program, n, op, rnd, extra, tag)
        up = self.op(program, n, "up-nockpt" if nockpt else "up", rnd)
        up["state_kb"] = self.state_kb(program, n)
        self.save()
        if STEADY if steady is None else steady:
            self.op(program, n, "preview-steady", rnd)
        if compare:
            self.export_state(program, n)
        self.op(program, n, "destroy-nockpt" if nockpt else "destroy", rnd)

    def state_kb(self, program, n):
        """Size of the stack's checkpoint file in the file backend (the engine rewrites it after every step)."""
        base = os.path.join(OUT, "state", program, ".pulumi", "stacks")
        for dirpath, _, files in os.walk(base):
            for f in files:
                if f in (f"n{n}.json", f"n{n}.json.gz"):
                    return os.path.getsize(os.path.join(dirpath, f)) / 1024
        return None

    def export_state(self, program, n):
        r = self.pulumi(program, ["stack", "export", "--stack", f"n{n}"])
        path = os.path.join(OUT, f"state-{program}-n{n}.json")
        with open(path, "w") as f:
            f.write(r.stdout)

    def save(self):
        os.makedirs(OUT, exist_ok=True)
        with open(RESULTS_JSON, "w") as f:
            json.dump({"meta": self.meta, "records": self.records, "hyperfine": self.meta.get("hyperfine", {})}, f, indent=1)


# --------------------------------------------------------------------------------------------
# state comparison: component vs hand-wired


def normalize(v):
    """Removes what differs between two stacks by chance: autonamed suffixes, key ids."""
    s = json.dumps(v, sort_keys=True)
    s = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", s)
    s = re.sub(r"-[0-9a-f]{7}\b", "-<auto>", s)
    return s


def compare_states(a_path, b_path):
    def load(path):
        with open(path) as f:
            dep = json.load(f)["deployment"]
        out = {}
        for r in dep.get("resources", []):
            t = r["type"]
            if t.startswith("pulumi:") or not t.startswith("aws:"):
                continue
            out[(t, r["urn"].rsplit("::", 1)[1])] = normalize(r.get("inputs", {}))
        return out

    a, b = load(a_path), load(b_path)
    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    differ = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    types = {}
    for t, _ in a:
        types[t] = types.get(t, 0) + 1
    return {"component": len(a), "handwired": len(b), "only_component": [list(k) for k in only_a],
            "only_handwired": [list(k) for k in only_b], "inputs_differ": [list(k) for k in differ], "types": types}


# --------------------------------------------------------------------------------------------
# provider start (hyperfine)


def hyperfine(bench, name, command, cwd, runs, env=None):
    path = os.path.join(OUT, f"hyperfine-{name}.json")
    argv = ["hyperfine", "--style", "basic", "--warmup", "1", "--runs", str(runs), "--export-json", path,
            "--command-name", name, command]
    r = subprocess.run(argv, cwd=cwd, env=env or bench.env, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"hyperfine {name} failed:\n{r.stdout}\n{r.stderr}")
    with open(path) as f:
        res = json.load(f)["results"][0]
    print(f"  hyperfine {name:34} median {res['median'] * 1000:7.0f} ms  [{min(res['times']) * 1000:.0f}-{max(res['times']) * 1000:.0f}]", flush=True)
    return {"command": command, "times": res["times"]}


def standin_home():
    """A PULUMI_HOME under bench/out whose plugin cache holds the aws and aws-native plugins the provider's
    package.json implies (@pulumi/aws, @pulumi/aws-native), each a launcher of the offline stand-in."""
    home = os.path.join(OUT, "pulumi-home-standin")
    plugins = []
    for name in ("aws", "aws-native"):
        try:
            with open(os.path.join(ROOT, "node_modules", "@pulumi", name, "package.json")) as f:
                plugins.append((name, json.load(f)["version"]))
        except OSError:
            continue
    env = dict(os.environ, PULUMI_HOME=home)
    for name, version in plugins:
        if os.path.isdir(os.path.join(home, "plugins", f"resource-{name}-v{version}")):
            continue
        stage = os.path.join(OUT, f"{name}-standin-plugin")
        os.makedirs(stage, exist_ok=True)
        launcher = os.path.join(stage, f"pulumi-resource-{name}")
        with open(launcher, "w") as f:
            f.write(f"#!/bin/sh\n# The offline {name} stand-in (a test double, never AWS), registered in the bench's private plugin cache.\n"
                    f"exec {ROOT}/tools/offline-aws/launcher/pulumi-resource-{name} \"$@\"\n")
        os.chmod(launcher, 0o755)
        archive = os.path.join(OUT, f"{name}-standin-plugin.tar.gz")
        subprocess.run(["tar", "-czf", archive, "-C", stage, "."], check=True)
        subprocess.run(["pulumi", "plugin", "install", "resource", name, version, "--file", archive], env=env, check=True, capture_output=True)
    return home


def plugin_archive():
    """The plugin archive to install: BENCH_PLUGIN_ARCHIVE, else dist/'s archive for this OS and architecture."""
    if PLUGIN_ARCHIVE:
        return PLUGIN_ARCHIVE
    d = os.path.join(ROOT, "dist")
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    suffix = f"-{platform.system().lower()}-{arch}.tar.gz"
    files = sorted(f for f in os.listdir(d) if f.startswith("pulumi-resource-codeartifact-platform-v") and f.endswith(suffix)) \
        if os.path.isdir(d) else []
    return os.path.join(d, files[-1]) if files else None


def install_plugin(version):
    """`pulumi plugin install resource codeartifact-platform VERSION --file ARCHIVE` into the bench's PULUMI_HOME, fresh."""
    archive = plugin_archive()
    if not archive or not os.path.exists(archive):
        raise RuntimeError("no plugin archive: run scripts/package-plugin.sh (bench/run.sh does) or set BENCH_PLUGIN_ARCHIVE")
    shutil.rmtree(HOME, ignore_errors=True)
    os.makedirs(HOME)
    env = dict(os.environ, PULUMI_HOME=HOME)
    subprocess.run(["pulumi", "plugin", "install", "resource", "codeartifact-platform", version, "--file", archive],
                   env=env, check=True, capture_output=True)
    plugin_dir = os.path.join(HOME, "plugins", f"resource-codeartifact-platform-v{version}")
    files = [os.path.relpath(os.path.join(dp, f), plugin_dir) for dp, _, fs in os.walk(plugin_dir) for f in fs]
    size = sum(os.path.getsize(os.path.join(plugin_dir, f)) for f in files)
    print(f"bench: installed {os.path.relpath(archive, ROOT)} into {os.path.relpath(HOME, ROOT)} "
          f"({len(files)} files, {size / 1e6:.1f} MB)", flush=True)
    return {"archive": os.path.relpath(archive, ROOT), "archive_kb": os.path.getsize(archive) / 1024,
            "files": len(files), "installed_mb": size / 1e6, "dir": plugin_dir}


def build_base_pack(commit):
    """policypack/ as it was at `commit`, compiled into bench/out/pack-base/policypack (the "before" of the pack's changes).

    Its node_modules is a link to policypack/node_modules, so both run on the same @pulumi/pulumi and @pulumi/policy."""
    dest = os.path.join(OUT, "pack-base")
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    full = subprocess.run(["git", "rev-parse", "--short", commit], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    archive = subprocess.run(["git", "archive", full, "policypack"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", dest], input=archive, check=True)
    pack = os.path.join(dest, "policypack")
    os.symlink(os.path.join(ROOT, "policypack", "node_modules"), os.path.join(pack, "node_modules"))
    tsc = os.path.join(ROOT, "policypack", "node_modules", "typescript", "bin", "tsc")
    subprocess.run(["node", tsc, "-p", os.path.join(pack, "tsconfig.json")], cwd=pack, check=True, capture_output=True)
    print(f"bench: built the policy pack at {full} into {os.path.relpath(pack, ROOT)}", flush=True)
    return full


def pack_versions():
    def v(base, pkg):
        try:
            with open(os.path.join(base, "node_modules", pkg, "package.json")) as f:
                return json.load(f)["version"]
        except OSError:
            return "?"
    packs = os.path.join(BENCH, "packs")
    return {"policy": {"@pulumi/pulumi": v(os.path.join(ROOT, "policypack"), "@pulumi/pulumi"),
                       "@pulumi/policy": v(os.path.join(ROOT, "policypack"), "@pulumi/policy"),
                       "typescript": v(os.path.join(ROOT, "policypack"), "typescript")},
            "awsguard": {"@pulumi/awsguard": v(packs, "@pulumi/awsguard"), "@pulumi/aws": v(packs, "@pulumi/aws"),
                         "@pulumi/pulumi": v(packs, "@pulumi/pulumi"), "@pulumi/policy": v(packs, "@pulumi/policy"),
                         "aws-sdk": v(packs, "aws-sdk")}}


def provider_start(bench):
    node_pulumi = os.path.join(ROOT, "node_modules", "@pulumi", "pulumi")
    ready = f"node {os.path.join(BENCH, 'tools', 'provider-ready.js')} --"
    env = dict(bench.env)
    env["PULUMI_OFFLINE_AWS_STANDIN"] = "1"
    version = bench.meta["versions"]["package"]
    installed = os.path.join(bench.meta["plugin"]["dir"], "pulumi-resource-codeartifact-platform")
    out = {}
    checks = [
        ("node-baseline", 'node -e ""', BENCH),
        ("provider-installed", f"{ready} {installed}", ROOT),
        ("provider-direct", f"{ready} node {ROOT}/provider/bin/index.js", ROOT),
        ("provider-run-plugin", f"{ready} node {node_pulumi}/cmd/run-plugin {ROOT}", ROOT),
        ("get-schema", f"pulumi package get-schema {ROOT}", ROOT),
        ("get-schema-packaged", f"pulumi package get-schema codeartifact-platform@{version}", ROOT),
        ("require-pulumi", "node -e \"require('@pulumi/pulumi')\"", BENCH),
        ("require-aws", "node -e \"require('@pulumi/aws')\"", BENCH),
        ("require-aws-all", "node -e \"const a = require('@pulumi/aws'); a.codeartifact.Domain; a.iam.Role; a.kms.Key\"", BENCH),
        ("require-sdk", "node -e \"require('@codeartifact-platform/pulumi')\"", BENCH),
        ("require-platform-js", f"node -e \"require('{ROOT}/provider/bin/platform.js')\"", ROOT),
        ("aws-standin-ready", f"{ready} {ROOT}/tools/offline-aws/launcher/pulumi-resource-aws", ROOT),
        # Pieces of a policy pack's start, from the pack's directory (what run-policy-pack loads).
        ("require-policy", "node -e \"require('@pulumi/policy')\"", PACKS["policy"]),
        ("require-typescript", "node -e \"require(require.resolve('typescript', {paths: [require.resolve('@pulumi/pulumi')]}))\"",
         PACKS["policy"]),
    ]
    for name, cmd, cwd in checks:
        e = env
        if name == "get-schema":
            # `pulumi package get-schema <checkout>` installs the plugin's dependencies first, including the aws
            # plugin its package.json implies, and ignores the ambient stand-in for that: give it a bench-private
            # PULUMI_HOME where aws 7.48.0 is the stand-in (a launcher of tools/offline-aws/launcher/pulumi-resource-aws).
            e = dict(env, PULUMI_HOME=standin_home())
        out[name] = hyperfine(bench, name, cmd, cwd, HYPERFINE_RUNS, e)
    out["get-schema-packaged"]["archive"] = bench.meta["plugin"]["archive"]
    # Internal spawn-to-port times (and the plugin's CPU time by then), without the wrapper's own node start.
    internal = [("provider-installed-internal", [installed], ROOT),
                ("provider-direct-internal", ["node", f"{ROOT}/provider/bin/index.js"], ROOT),
                ("provider-run-plugin-internal", ["node", f"{node_pulumi}/cmd/run-plugin", ROOT], ROOT)]
    # A policy pack as the language host starts it: node <pack's @pulumi/pulumi>/cmd/run-policy-pack ENGINE DIR, in DIR.
    for pack, d in PACKS.items():
        if not os.path.isdir(d):
            continue
        runner = subprocess.run(["node", "-p", "require.resolve('@pulumi/pulumi/cmd/run-policy-pack')"], cwd=d,
                                capture_output=True, text=True, check=True).stdout.strip()
        internal.append((f"pack-{pack}-internal", ["node", runner, "127.0.0.1:1", "."], d))
    for name, cmd, cwd in internal:
        r = subprocess.run(["node", os.path.join(BENCH, "tools", "provider-ready.js"), "--runs", str(HYPERFINE_RUNS), "--json", "--", *cmd],
                           cwd=cwd, env=env, capture_output=True, text=True, check=True)
        res = json.loads(r.stdout)
        out[name] = {"command": " ".join(cmd), "times": [t / 1000 for t in res["ms"]], "cpu": [t / 1000 for t in res["cpu_ms"]]}
        print(f"  internal  {name:34} median {statistics.median(out[name]['times']) * 1000:7.0f} ms  "
              f"cpu {statistics.median(out[name]['cpu']) * 1000:5.0f} ms", flush=True)
    return out


# --------------------------------------------------------------------------------------------
# versions


def cmd_out(argv, cwd=ROOT):
    try:
        return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception as e:  # noqa: BLE001
        return f"? ({e})"


def versions():
    def npm_version(pkg, base=BENCH):
        try:
            with open(os.path.join(base, "node_modules", pkg, "package.json")) as f:
                return json.load(f)["version"]
        except OSError:
            return "?"

    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    venv_py = os.path.join(ROOT, ".venv", "bin", "python")
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "kernel": platform.release(),
        "pulumi_cli": cmd_out(["pulumi", "version"]),
        "node": cmd_out(["node", "--version"]),
        "python": cmd_out([venv_py, "--version"]),
        "go": cmd_out(["go", "env", "GOVERSION"]),
        "hyperfine": cmd_out(["hyperfine", "--version"]),
        "npm_pulumi": npm_version("@pulumi/pulumi"),
        "npm_aws": npm_version("@pulumi/aws"),
        "provider_aws": npm_version("@pulumi/aws", ROOT),
        "typescript": npm_version("typescript"),
        "py_pulumi": cmd_out([venv_py, "-c", "import importlib.metadata as m; print(m.version('pulumi'))"]),
        "go_sdk": cmd_out(["go", "list", "-m", "-f", "{{.Version}}", "github.com/pulumi/pulumi/sdk/v3"],
                          cwd=os.path.join(BENCH, "programs", "go-component")),
        "package": re.search(r"PACKAGE_VERSION=(\S+)", open(os.path.join(ROOT, "versions.env")).read()).group(1),
        "git": cmd_out(["git", "rev-parse", "--short", "HEAD"]),
    }


# --------------------------------------------------------------------------------------------
# the run


def run():
    b = Bench()
    started = time.time()
    b.meta = {
        "started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load_start": os.getloadavg(),
        "config": {"runs": RUNS, "quick": QUICK, "sizes": SIZES, "big_sizes": BIG_SIZES, "big_runs": BIG_RUNS,
                   "handwired_sizes": HANDWIRED_SIZES, "handwired_big_sizes": HANDWIRED_BIG_SIZES, "lang_size": LANG_SIZE, "policy_sizes": POLICY_SIZES,
                   "pack_base": PACK_BASE, "pack_base_sizes": PACK_BASE_SIZES if PACK_BASE else [], "steady": STEADY,
                   "typecheck_size": TYPECHECK_SIZE, "hyperfine_runs": HYPERFINE_RUNS, "langs": LANGS,
                   "compare_size": COMPARE_SIZE},
        "versions": versions(),
        "go_build": json.loads(os.environ.get("BENCH_GO_BUILD_JSON", "null") or "null"),
        "package_plugin": json.loads(os.environ.get("BENCH_PACKAGE_PLUGIN_JSON", "null") or "null"),
    }
    b.meta["versions"]["packs"] = pack_versions()
    print(f"bench: {RUNS} run(s) per figure; scale sizes {SIZES} (+{BIG_SIZES} x{BIG_RUNS}); installed/checkout/hand-wired at "
          f"{HANDWIRED_SIZES}; languages {LANGS} at {LANG_SIZE}; packs at {POLICY_SIZES}; load {os.getloadavg()[0]:.2f}", flush=True)
    b.meta["plugin"] = install_plugin(b.meta["versions"]["package"])
    if PACK_BASE and (POLICY_SIZES or PACK_BASE_SIZES):
        b.meta["config"]["pack_base"] = build_base_pack(PACK_BASE)

    lang_programs = {"py": "py-component", "go": "go-component"}
    round_sizes = sorted(set(SIZES) | set(HANDWIRED_SIZES) | set(POLICY_SIZES) | set(PACK_BASE_SIZES if PACK_BASE else [])
                         | ({LANG_SIZE} if LANGS else set()))
    plan = {"ts-installed": sorted(set(round_sizes) | set(BIG_SIZES)),
            "ts-component": list(HANDWIRED_SIZES),
            "ts-handwired": sorted(set(HANDWIRED_SIZES) | (set(HANDWIRED_BIG_SIZES) & set(BIG_SIZES)))}
    for lang in LANGS:
        plan[lang_programs[lang]] = [LANG_SIZE]
    plan = {k: v for k, v in plan.items() if v}
    print("bench: preparing stacks", flush=True)
    b.prepare(plan)

    print("bench: warm-up (one unrecorded preview per program and per pack, also checks each works)", flush=True)
    for program, sizes in plan.items():
        n = sizes[0]
        r = b.pulumi(program, ["preview", "--stack", f"n{n}"], check=False)
        if r.returncode != 0:
            raise RuntimeError(f"warm-up preview of {program} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    for pack, d in PACKS.items():
        if pack == "policy-base" and not (PACK_BASE and os.path.isdir(d)):
            continue
        r = b.pulumi("ts-installed", ["preview", "--stack", f"n{plan['ts-installed'][0]}", "--policy-pack", d], check=False)
        if r.returncode != 0:
            raise RuntimeError(f"warm-up preview with the {pack} pack failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")

    if os.environ.get("BENCH_PROVIDER_START", "1") not in ("0", "false"):
        print("bench: provider and policy pack start", flush=True)
        b.meta["hyperfine"] = provider_start(b)
        b.save()

    def packs_at(n):
        """The packs of the plain previews: all of them at the pack sizes (the scale series previews this pack
        without the per-step snapshot, see NO_CKPT)."""
        ps = ["noop", "policy", "awsguard"] if n in POLICY_SIZES else []
        if PACK_BASE and n in PACK_BASE_SIZES:
            ps.append("policy-base")
        return ps

    scale_opts = dict(nockpt=True, nockpt_packs=["policy"])
    for rnd in range(1, RUNS + 1):
        print(f"bench: round {rnd}/{RUNS}", flush=True)
        for n in round_sizes:
            cells = []
            compare = rnd == 1 and n == COMPARE_SIZE and n in HANDWIRED_SIZES
            if n in HANDWIRED_SIZES:
                cells.append(("ts-installed", dict(packs=packs_at(n), typecheck=n == TYPECHECK_SIZE, compare=compare)))
                cells.append(("ts-component", {}))
                cells.append(("ts-handwired", dict(typecheck=n == TYPECHECK_SIZE, compare=compare)))
                # without the CLI's per-step snapshot/checkpoints, for both (the scale series' figures at its sizes)
                cells.append(("ts-installed", dict(previews=False, steady=False, nockpt=True,
                                                   nockpt_packs=["policy"] if n in SIZES else [])))
                cells.append(("ts-handwired", dict(previews=False, steady=False, nockpt=True)))
            elif n in SIZES:
                cells.append(("ts-installed", dict(packs=packs_at(n), **scale_opts)))
            else:
                cells.append(("ts-installed", dict(packs=packs_at(n), typecheck=n == TYPECHECK_SIZE)))
            if n == LANG_SIZE:
                cells += [(lang_programs[lang], {}) for lang in LANGS]
            # alternate: rotate the order of programs every round
            k = (rnd - 1) % len(cells)
            cells = cells[k:] + cells[:k]
            for program, opts in cells:
                b.cell(program, n, rnd, **opts)

    for rnd in range(1, BIG_RUNS + 1):
        for n in BIG_SIZES:
            print(f"bench: {n} repositories, run {rnd}/{BIG_RUNS}", flush=True)
            cells = [("ts-installed", dict(packs=packs_at(n), **scale_opts))]
            if n in HANDWIRED_BIG_SIZES:
                cells.append(("ts-handwired", dict(steady=False, nockpt=True)))
            k = (rnd - 1) % len(cells)
            for program, opts in cells[k:] + cells[:k]:
                b.cell(program, n, rnd, **opts)

    a = os.path.join(OUT, f"state-ts-installed-n{COMPARE_SIZE}.json")
    h = os.path.join(OUT, f"state-ts-handwired-n{COMPARE_SIZE}.json")
    if os.path.exists(a) and os.path.exists(h):
        b.meta["compare"] = compare_states(a, h)
        b.meta["compare"]["n"] = COMPARE_SIZE
    b.meta["load_end"] = os.getloadavg()
    b.meta["minutes"] = (time.time() - started) / 60
    b.save()
    report()


# --------------------------------------------------------------------------------------------
# report


def stats(xs):
    xs = sorted(xs)
    return {"median": statistics.median(xs), "min": xs[0], "max": xs[-1], "n": len(xs)}


def fmt_s(st, digits=1):
    if st is None:
        return "–"
    if st["n"] == 1:
        return f"{st['median']:.{digits}f}"
    return f"{st['median']:.{digits}f} ({st['min']:.{digits}f}–{st['max']:.{digits}f})"


def fmt_ms(times):
    st = stats([t * 1000 for t in times])
    return f"{st['median']:.0f} ({st['min']:.0f}–{st['max']:.0f})"


def linfit(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (a + b * x)) ** 2 for x, y in zip(xs, ys))
    return a, b, (1 - ss_res / ss_tot) if ss_tot else 1.0


def go_build_text(gb):
    if not gb:
        return "n/a"
    return (f"`go build` in this run {gb['first']:.1f} s (with the Go build cache as found), a no-change rebuild into a fresh "
            f"output path {gb['warm']:.1f} s — what the language host would add to every command without `binary`")


def report():
    with open(RESULTS_JSON) as f:
        data = json.load(f)
    meta, recs = data["meta"], data["records"]
    v = meta["versions"]
    cfg = meta["config"]
    ok_recs = [r for r in recs if r["rc"] == 0]

    def rows(program, n, op):
        return [r for r in ok_recs if r["program"] == program and r["n"] == n and r["op"] == op]

    def sel(program, n, op, key="wall"):
        xs = [r[key] for r in rows(program, n, op) if r.get(key) is not None]
        return stats(xs) if xs else None

    def med(program, n, op, fn):
        xs = [fn(r) for r in rows(program, n, op)]
        xs = [x for x in xs if x is not None]
        return statistics.median(xs) if xs else None

    def rules_share(r):
        """The rules' CPU over the pack process's CPU for one run (CPU, not wall: see timing.ts)."""
        t = r.get("pack_timing")
        if not t or not t.get("cpuMs") or t.get("rulesCpuMs") is None:
            return None
        return t["rulesCpuMs"] / t["cpuMs"]

    def role_cpu(program, n, op, role):
        return med(program, n, op, lambda r: r.get("cpu_roles", {}).get(role, 0.0))

    def role_peak(program, n, op, role, key="peak_process_mb"):
        return med(program, n, op, lambda r: r.get(key, r.get("peak_roles_mb", {})).get(role))

    def res_count(program, n, op):
        xs = [r["resources"] for r in rows(program, n, op) if r["resources"]]
        return xs[0] if xs else None

    def load_of(*groups):
        xs = [r["load1"] for g in groups for r in g]
        if not xs:
            return "–"
        lo, hi = min(xs), max(xs)
        return f"{lo:.1f}" if abs(hi - lo) < 0.05 else f"{lo:.1f}–{hi:.1f}"

    def f1(x, d=1):
        return "–" if x is None else f"{x:.{d}f}"

    verdicts = []
    L = []
    w = L.append
    w("# Benchmarks: codeartifact-platform")
    w("")
    w("Generated by `bench/run.sh` (`make bench`); do not edit by hand — the findings section comes from "
      "`bench/findings.md`. Method and knobs: `bench/README.md`.")
    w("")
    w("## Machine and versions")
    w("")
    w(f"- Run: {meta['started']}, {meta.get('minutes', 0):.1f} min; **{v['cores']} cores** ({v['cpu']}), {v['memory']} RAM, Linux {v['kernel']}")
    ls, le = meta["load_start"], meta.get("load_end", meta["load_start"])
    w(f"- Load average (1/5/15 min): {ls[0]:.2f}/{ls[1]:.2f}/{ls[2]:.2f} at start, {le[0]:.2f}/{le[1]:.2f}/{le[2]:.2f} at end; "
      f"every table gives the 1-minute load seen at the end of each of its commands (`load`), and `bench/out/results.json` has it per command")
    w(f"- Pulumi CLI {v['pulumi_cli']} (built from source, pkg/v3), language hosts: this project's build; "
      f"`@pulumi/pulumi` {v['npm_pulumi']} (bench programs), PyPI `pulumi` {v['py_pulumi']}, Go `sdk/v3` {v['go_sdk']}")
    w(f"- `@pulumi/aws` {v['npm_aws']} (hand-wired program) / {v['provider_aws']} (component provider); TypeScript {v['typescript']} with "
      f"Pulumi's vendored ts-node; codeartifact-platform {v['package']} at git {v['git']}")
    pl = meta.get("plugin")
    if pl:
        pp = meta.get("package_plugin") or {}
        w(f"- **Installed plugin**: `{pl['archive']}` ({pl['archive_kb']:.0f} KB{', built by scripts/package-plugin.sh in %.0f s' % pp['seconds'] if pp.get('seconds') else ''}), "
          f"`pulumi plugin install resource codeartifact-platform {v['package']} --file …` into the bench's own PULUMI_HOME "
          f"(`bench/out/pulumi-home`): {pl['files']} files, {pl['installed_mb']:.1f} MB")
    pk = v.get("packs")
    if pk:
        w(f"- Policy packs: this project's (`policypack/`, `@pulumi/policy` {pk['policy']['@pulumi/policy']}, `@pulumi/pulumi` "
          f"{pk['policy']['@pulumi/pulumi']}, typescript {pk['policy']['typescript']} in its node_modules); `@pulumi/awsguard` "
          f"{pk['awsguard']['@pulumi/awsguard']} (`bench/packs/awsguard`, all advisory; `@pulumi/aws` {pk['awsguard']['@pulumi/aws']}, "
          f"`@pulumi/policy` {pk['awsguard']['@pulumi/policy']}, `@pulumi/pulumi` {pk['awsguard']['@pulumi/pulumi']}, aws-sdk "
          f"{pk['awsguard']['aws-sdk']}); a no-op pack (`bench/packs/noop`, same node_modules as awsguard)"
          + (f"; this project's pack at git {cfg['pack_base']} (*before*)" if cfg.get("pack_base") else ""))
    w(f"- Node.js {v['node']}, {v['python']}, {v['go']}, {v['hyperfine']}")
    w("- **aws provider: the offline stand-in** (`tools/offline-aws`, a test double that answers locally); state: local file "
      "backend, one backend directory per program, one stack per size")
    w(f"- Runs per figure: {cfg['runs']}{' (BENCH_QUICK)' if cfg['quick'] else ''}"
      + (f", {cfg['big_runs']} at {'/'.join(map(str, cfg['big_sizes']))} repositories" if cfg.get("big_sizes") else "")
      + f"; figures are **median (min–max)**; hyperfine figures: {cfg['hyperfine_runs']} runs after 1 warm-up")
    w("")
    w("Method: every figure is one `pulumi` command, timed from launch to exit (wall), with the CPU time of the whole "
      "process tree (CLI, language host, program, plugins, policy pack) and its **peak memory**, sampled every 100 ms "
      "from /proc (summed over the tree, and per process). `preview` runs on an **empty stack** (the create plan); "
      "`up` runs `--skip-preview` from an empty stack; `preview (steady)` is a no-change preview right after that `up`; "
      "then `destroy` (dataProtection `none`) empties the stack again, so every round starts from the same state. "
      "Rounds alternate the programs and the previews (the order rotates each round). TypeScript programs run with "
      "`PULUMI_NODEJS_TRANSPILE_ONLY=true` (ts-node without type-checking) unless marked *type-check*.")
    w("")
    w("Programs: **installed** = `ts-installed`, the component from TypeScript with the plugin installed from its archive "
      "(what users run); **checkout** = `ts-component`, the same program with the provider run from this checkout through "
      "`PulumiPlugin.yaml` (`@pulumi/pulumi/cmd/run-plugin`, which registers ts-node); **hand-wired** = `ts-handwired`, the "
      "same resources written with `@pulumi/aws`.")
    w("")

    # ---- installed vs checkout vs hand-wired
    hw = cfg["handwired_sizes"]
    if hw:
        w("## Installed plugin vs checkout vs hand-wired")
        w("")
        cmp_ = meta.get("compare")
        if cmp_:
            same = not (cmp_["only_component"] or cmp_["only_handwired"] or cmp_["inputs_differ"])
            type_list = ", ".join(f"{t.split(':')[-1]} {c}" for t, c in sorted(cmp_["types"].items()))
            w(f"Equivalence check at {cmp_['n']} repositories (stack exports after `up`, installed plugin vs hand-wired, inputs "
              f"compared with autonamed suffixes and key ids masked): {cmp_['component']} aws resources in each, "
              f"{'**identical types, names and inputs (incl. every policy JSON string)**' if same else '**DIFFERENT**: ' + json.dumps({k: cmp_[k] for k in ('only_component', 'only_handwired', 'inputs_differ')})}. "
              f"Types: {type_list}.")
            w("")
        w("Ratios are component / hand-wired, wall and CPU (the whole process tree) side by side: on two cores the "
          "component's extra process runs beside the program, which flatters wall time; CPU does not. The last rows of a "
          "size run with `PULUMI_SKIP_CHECKPOINTS=true` (no per-step snapshot in preview, no per-step checkpoint in up; see "
          "the scale section): both are the CLI's and cost O(state) per step, and a component's children carry its type "
          "in their URNs, so its state is larger (last column of the next table); the targets are on the plain commands.")
        w("")
        w("| repos | operation | installed s | checkout s | hand-wired s | installed/hw wall | installed/hw CPU | "
          "checkout/hw wall | checkout/hw CPU | provider peak MB installed / checkout | load |")
        w("|---|---|---|---|---|---|---|---|---|---|---|")
        for n in hw:
            for op in ("preview", "preview-typecheck", "up", "preview-steady", "destroy", "preview-nockpt", "up-nockpt"):
                i, c, h = sel("ts-installed", n, op), sel("ts-component", n, op), sel("ts-handwired", n, op)
                if not (h and (i or c)):
                    continue
                ic, cc, hc = sel("ts-installed", n, op, "cpu"), sel("ts-component", n, op, "cpu"), sel("ts-handwired", n, op, "cpu")

                def ratio(a, b_):
                    return a["median"] / b_["median"] if a and b_ else None
                iw, icr, cw, ccr = ratio(i, h), ratio(ic, hc), ratio(c, h), ratio(cc, hc)
                label = {"preview-typecheck": "preview, *type-check*", "preview-nockpt": "preview, no snapshot",
                         "up-nockpt": "up, no checkpoints"}.get(op, op)
                w(f"| {n} | {label} | {fmt_s(i)} | {fmt_s(c)} | {fmt_s(h)} | **{f1(iw, 2)}** | **{f1(icr, 2)}** | {f1(cw, 2)} | "
                  f"{f1(ccr, 2)} | {f1(role_peak('ts-installed', n, op, 'provider'), 0)} / {f1(role_peak('ts-component', n, op, 'provider'), 0)} | "
                  f"{load_of(rows('ts-installed', n, op), rows('ts-component', n, op), rows('ts-handwired', n, op))} |")
                if op in ("preview", "up") and iw is not None:
                    verdicts.append((f"installed/hand-wired {op} at {n}: wall ≤ 1.0", f"{iw:.2f}", iw <= 1.0))
                    verdicts.append((f"installed/hand-wired {op} at {n}: CPU ≤ 1.05", f"{icr:.2f}", icr <= 1.05))
        peaks = [role_peak("ts-installed", n, op, "provider") for n in hw for op in ("preview", "up")]
        peaks = [p for p in peaks if p is not None]
        if peaks:
            verdicts.append(("provider process peak memory ≤ 150 MB (installed, preview and up)", f"{max(peaks):.0f} MB", max(peaks) <= 150))
        w("")
        w("Where the CPU goes (median CPU seconds per process role; `provider` = the component provider plugin, "
          "`program` = the Pulumi program incl. ts-node, `cli` = engine + file backend, `aws-standin` = the test double):")
        w("")
        roles = ["program", "provider", "cli", "langhost", "aws-standin"]
        w("| repos | operation | variant | " + " | ".join(roles) + " | state file KB after up |")
        w("|---|---|---|" + "---|" * len(roles) + "---|")
        for n in hw:
            for op in ("preview", "up", "up-nockpt"):
                for prog, label in (("ts-installed", "installed"), ("ts-component", "checkout"), ("ts-handwired", "hand-wired")):
                    rs = rows(prog, n, op)
                    if not rs:
                        continue
                    cells = []
                    for role in roles:
                        xs = [r.get("cpu_roles", {}).get(role, 0.0) for r in rs]
                        cells.append(f"{statistics.median(xs):.2f}" if any(xs) else "–")
                    kb = [r["state_kb"] for r in rs if r.get("state_kb")]
                    w(f"| {n} | {op} | {label} | " + " | ".join(cells) + f" | {statistics.median(kb):.0f} |" if kb else
                      f"| {n} | {op} | {label} | " + " | ".join(cells) + " | |")
        w("")

    # ---- scale
    scale = sorted(set(cfg["sizes"]) | set(cfg.get("big_sizes", [])))
    prog = "ts-installed"
    if scale:
        w("## Scale to the quota: 1 to 1,000 repositories in one domain (installed plugin)")
        w("")
        w("N consuming repositories (each with an external connection served by one of 3 shared proxies, a repository "
          "policy; every 5th with a publisher), cross-account reader, EC2 role + instance profile, GitHub OIDC provider, "
          "read and publish roles: 14 + 2·N aws resources. *no snapshot* = with `PULUMI_SKIP_CHECKPOINTS=true`. `up` and "
          "`destroy` here run with it: the file backend otherwise rewrites the whole checkpoint after every step, "
          "O(steps × state) (pulumi/pulumi#10960; compare `up` with checkpoints in the last table of this section). "
          "Previews run both ways: since Pulumi 3.274 the file (diy) backend gives `preview` a snapshot manager whose "
          "persister discards every write but which still serializes and integrity-checks the whole snapshot after every "
          "step (`pkg/backend/diy/backend.go`, `SnapshotManager.saveSnapshot`), so a plain preview is O(steps × state) "
          "in the CLI and writes nothing; with the variable the manager keeps its in-memory snapshot and serializes once. "
          "The plain preview is what users run; the *no snapshot* one is the component's own cost. The final state is "
          "written either way, and the steady preview reads it.")
        w("")
        w("| repos | resources | preview s | preview, no snapshot s | preview + pack, no snapshot s | up s | "
          "preview (steady) s | destroy s | CLI CPU s preview / no snapshot | CPU s preview / no snapshot / up | "
          "peak MB preview / up (tree) | load |")
        w("|---|---|---|---|---|---|---|---|---|---|---|---|")
        scale_ops = ("preview", "preview-nockpt", "preview-policy-nockpt", "up-nockpt", "preview-steady", "destroy-nockpt")
        for n in scale:
            p, pn, q, u = (sel(prog, n, o) for o in ("preview", "preview-nockpt", "preview-policy-nockpt", "up-nockpt"))
            pc, pnc, uc = (sel(prog, n, o, "cpu") for o in ("preview", "preview-nockpt", "up-nockpt"))
            pm, um = sel(prog, n, "preview", "peak_tree_mb"), sel(prog, n, "up-nockpt", "peak_tree_mb")
            w(f"| {n} | {res_count(prog, n, 'preview') or res_count(prog, n, 'up-nockpt') or '–'} | {fmt_s(p)} | {fmt_s(pn)} | "
              f"{fmt_s(q)} | {fmt_s(u)} | {fmt_s(sel(prog, n, 'preview-steady'))} | {fmt_s(sel(prog, n, 'destroy-nockpt'))} | "
              f"{f1(role_cpu(prog, n, 'preview', 'cli'), 2)} / {f1(role_cpu(prog, n, 'preview-nockpt', 'cli'), 2)} | "
              f"{f1(pc and pc['median'])} / {f1(pnc and pnc['median'])} / {f1(uc and uc['median'])} | "
              f"{f1(pm and pm['median'], 0)} / {f1(um and um['median'], 0)} | {load_of(*[rows(prog, n, o) for o in scale_ops])} |")
        w("")
        w("Peak memory of each process (MB, the largest single process of each role over the size's commands, median over "
          "runs; `policy` = this project's pack in `preview --policy-pack`; the aws stand-in runs one process per provider "
          "instance, the count is in results.json):")
        w("")
        proles = ["cli", "langhost", "program", "provider", "aws-standin", "policy"]
        w("| repos | " + " | ".join(proles) + " |")
        w("|---|" + "---|" * len(proles))
        for n in scale:
            cells = []
            for role in proles:
                vals = [role_peak(prog, n, o, role) for o in scale_ops]
                vals = [x for x in vals if x]
                cells.append(f"{max(vals):.0f}" if vals else "–")
            w(f"| {n} | " + " | ".join(cells) + " |")
        w("")
        fits = {}
        for op, label in (("preview", "preview"), ("preview-nockpt", "preview, no snapshot"),
                          ("preview-policy-nockpt", "preview + pack, no snapshot"), ("up-nockpt", "up"),
                          ("preview-steady", "preview (steady)"), ("destroy-nockpt", "destroy")):
            pts = [(n, sel(prog, n, op)["median"]) for n in scale if sel(prog, n, op)]
            if len(pts) >= 2:
                fits[op] = (label, linfit(pts), pts)
        if fits:
            w("Per-repository fit (least squares over the medians, t = a + b·N) and the slope between neighbouring sizes "
              "(ms per added repository); a slope that keeps growing with N is a super-linear part, which R² hides (the "
              "largest size dominates the fit). *Linear* below = every slope above 10 repositories ≤ 1.5 × the 10→100 slope:")
            w("")
            pairs = list(zip(scale, scale[1:]))
            w("| operation | a (fixed) s | b ms/repo | R² | " + " | ".join(f"slope {x}→{y}" for x, y in pairs) + " |")
            w("|---|---|---|---|" + "---|" * len(pairs))
            for op, (label, (a, bb, r2), pts) in fits.items():
                d = dict(pts)
                sl = [f"{(d[y] - d[x]) / (y - x) * 1000:.1f}" if x in d and y in d else "–" for x, y in pairs]
                w(f"| {label} | {a:.2f} | {bb * 1000:.1f} | {r2:.3f} | " + " | ".join(sl) + " |")
                big = [x for x in sorted(d) if x >= 10]
                slopes = [(x, y, (d[y] - d[x]) / (y - x)) for x, y in zip(big, big[1:])]
                if op in ("preview", "preview-nockpt", "preview-policy-nockpt", "up-nockpt") and len(slopes) >= 2:
                    first, worst = slopes[0][2], max(slopes[1:], key=lambda t: t[2])
                    who = " (the CLI's per-step snapshot, see above)" if op == "preview" else ""
                    verdicts.append((f"{label} linear in repositories{who}",
                                     f"{worst[0]}→{worst[1]}: {worst[2] * 1000:.1f} ms/repo vs {first * 1000:.1f} at {slopes[0][0]}→{slopes[0][1]}",
                                     worst[2] <= 1.5 * first))
            w("")
            w("CPU seconds per process role over N (plain preview, preview with this pack without the per-step snapshot, "
              "and up), and the CPU per added repository between the two largest sizes against the two smallest above 1: "
              "where a part grows faster than N, it shows here.")
            w("")
            croles = ["cli", "langhost", "program", "provider", "aws-standin", "policy"]
            w("| operation | repos | " + " | ".join(croles) + " |")
            w("|---|---|" + "---|" * len(croles))
            for op, label in (("preview", "preview"), ("preview-policy-nockpt", "preview + pack, no snapshot"), ("up-nockpt", "up")):
                for n in scale:
                    if not rows(prog, n, op):
                        continue
                    w(f"| {label} | {n} | " + " | ".join(f1(role_cpu(prog, n, op, role), 2) for role in croles) + " |")
                big = [n for n in scale if rows(prog, n, op) and n > 1]
                if len(big) >= 4:
                    lo, hi = big[:2], big[-2:]
                    cells = []
                    for role in croles:
                        def slope(xy):
                            a_, b_ = role_cpu(prog, xy[0], op, role), role_cpu(prog, xy[1], op, role)
                            return (b_ - a_) / (xy[1] - xy[0]) * 1000 if a_ is not None and b_ is not None else None
                        s1, s2 = slope(lo), slope(hi)
                        cells.append(f"{f1(s1, 1)} → {f1(s2, 1)}" if s1 is not None and s2 is not None else "–")
                    w(f"| ms/repo {lo[0]}→{lo[1]} vs {hi[0]}→{hi[1]} | | " + " | ".join(cells) + " |")
            w("")
        hb = [n for n in cfg.get("handwired_big_sizes", []) if rows("ts-handwired", n, "preview")]
        if hb:
            w("The same at the big sizes, installed component against hand-wired (one run each, same sitting): the CLI's "
              "per-step snapshot costs both alike.")
            w("")
            w("| repos | program | preview s | preview, no snapshot s | up s | CLI CPU s preview / no snapshot | "
              "CPU s preview / no snapshot / up | load |")
            w("|---|---|---|---|---|---|---|---|")
            for n in hb:
                for pg in (prog, "ts-handwired"):
                    p, pn, u = (sel(pg, n, o) for o in ("preview", "preview-nockpt", "up-nockpt"))
                    pc, pnc, uc = (sel(pg, n, o, "cpu") for o in ("preview", "preview-nockpt", "up-nockpt"))
                    w(f"| {n} | {pg} | {fmt_s(p)} | {fmt_s(pn)} | {fmt_s(u)} | "
                      f"{f1(role_cpu(pg, n, 'preview', 'cli'), 2)} / {f1(role_cpu(pg, n, 'preview-nockpt', 'cli'), 2)} | "
                      f"{f1(pc and pc['median'])} / {f1(pnc and pnc['median'])} / {f1(uc and uc['median'])} | "
                      f"{load_of(*[rows(pg, n, o) for o in ('preview', 'preview-nockpt', 'up-nockpt')])} |")
            w("")
        ck = [n for n in scale if rows(prog, n, "up") and rows(prog, n, "up-nockpt")]
        if ck:
            w("The file backend's checkpoints: `up` with and without them, same rounds:")
            w("")
            w("| repos | up s | up, no checkpoints s | CLI CPU s with / without | state file KB |")
            w("|---|---|---|---|---|")
            for n in ck:
                kb = [r["state_kb"] for r in rows(prog, n, "up") if r.get("state_kb")]
                w(f"| {n} | {fmt_s(sel(prog, n, 'up'))} | {fmt_s(sel(prog, n, 'up-nockpt'))} | "
                  f"{f1(role_cpu(prog, n, 'up', 'cli'), 2)} / {f1(role_cpu(prog, n, 'up-nockpt', 'cli'), 2)} | "
                  f"{statistics.median(kb):.0f} |" if kb else "| |")
            w("")

    # ---- policy packs
    psizes = sorted(set(cfg["policy_sizes"]) | set(cfg.get("pack_base_sizes", [])))
    if psizes:
        w("## Policy packs: none, no-op, this pack, `@pulumi/awsguard` (same stacks, same rounds)")
        w("")
        w("`pulumi preview` of the installed-plugin program on an empty stack, without a pack and with `--policy-pack` "
          "of: the **no-op** pack (one resource and one stack policy that do nothing: Pulumi's Node.js policy runtime by "
          "itself), **this pack** (`policypack/`), **awsguard** (`new AwsGuard({ all: \"advisory\" })`)"
          + (f" and **this pack before** (git {cfg['pack_base']})" if cfg.get("pack_base") else "") + ". `+%` is the wall time "
          "added over the preview without a pack; pack CPU = the pack process's own CPU time.")
        w("")
        packs = [("noop", "no-op"), ("policy", "this pack"), ("awsguard", "awsguard"), ("policy-base", "this pack before")]
        w("| repos | resources | no pack s | " + " | ".join(f"{lbl} s (+%)" for _, lbl in packs) + " | pack CPU s " +
          " / ".join(lbl for _, lbl in packs) + " | pack peak MB " + " / ".join(lbl for _, lbl in packs) + " | load |")
        w("|---|---|---|" + "---|" * len(packs) + "---|---|---|")
        for n in psizes:
            base = sel(prog, n, "preview")
            if not base:
                continue
            cells, cpus, mems = [], [], []
            for key, _ in packs:
                q = sel(prog, n, f"preview-{key}")
                cells.append(f"{fmt_s(q)} ({(q['median'] / base['median'] - 1) * 100:+.0f}%)" if q else "–")
                cpus.append(f1(role_cpu(prog, n, f"preview-{key}", "policy"), 2) if q else "–")
                mems.append(f1(role_peak(prog, n, f"preview-{key}", "policy"), 0) if q else "–")
            w(f"| {n} | {res_count(prog, n, 'preview') or '–'} | {fmt_s(base)} | " + " | ".join(cells) + " | " + " / ".join(cpus) +
              " | " + " / ".join(mems) + f" | {load_of(*[rows(prog, n, o) for o in ['preview'] + [f'preview-{k}' for k, _ in packs]])} |")
            ours, guard = sel(prog, n, "preview-policy"), sel(prog, n, "preview-awsguard")
            if ours and guard:
                verdicts.append((f"this pack's preview overhead ≤ awsguard's at {n} (wall)",
                                 f"{(ours['median'] / base['median'] - 1) * 100:+.0f}% vs {(guard['median'] / base['median'] - 1) * 100:+.0f}%",
                                 ours["median"] <= guard["median"]))
                oc, gc = role_cpu(prog, n, "preview-policy", "policy"), role_cpu(prog, n, "preview-awsguard", "policy")
                if oc is not None and gc is not None:
                    verdicts.append((f"this pack's process CPU ≤ awsguard's at {n}", f"{oc:.2f} s vs {gc:.2f} s", oc <= gc))
        w("")
        # where the pack's time goes
        w("Where this pack's latency goes (medians; *start* = spawn → port of the pack process started as the language "
          "host starts it, from the start-up figures below; *runtime* = what the no-op pack adds; *rules* = the CPU time "
          "inside this pack's validate functions, from its own timers (`CODEARTIFACT_POLICY_TIMINGS`, "
          "`policypack/src/timing.ts`: per call the process's CPU, capped at the call's wall time, an upper bound of the "
          "main thread's), against the pack process's CPU time written by the same process):")
        w("")
        w("| repos | added wall: no-op / this pack s | per resource ms: no-op / this pack | pack CPU s: no-op / this pack | "
          "rules CPU ms | rules / pack CPU | load |")
        w("|---|---|---|---|---|---|---|")
        # The pack sizes' plain previews, then the scale series' (no per-step snapshot: the added wall is over the plain
        # preview without it; the pack's own CPU does not depend on it).
        variants = [(n, "") for n in psizes] + [(n, "-nockpt") for n in scale]
        pack_rows = {}
        for n, vt in variants:
            base, noop, ours = sel(prog, n, "preview" + vt), sel(prog, n, "preview-noop" + vt), sel(prog, n, "preview-policy" + vt)
            if not (base and ours):
                continue
            op = "preview-policy" + vt
            pack_rows.setdefault(n, op)
            resn = res_count(prog, n, "preview" + vt) or 1
            rules = med(prog, n, op, lambda r: (r.get("pack_timing") or {}).get("rulesCpuMs"))
            share = med(prog, n, op, rules_share)
            an = (noop["median"] - base["median"]) if noop else None
            ao = ours["median"] - base["median"]
            label = f"{n}" + (" (no snapshot)" if vt else "")
            w(f"| {label} | {f1(an, 2)} / {ao:.2f} | {f1(an and an / resn * 1000, 1)} / {ao / resn * 1000:.1f} | "
              f"{f1(role_cpu(prog, n, 'preview-noop' + vt, 'policy'), 2)} / {f1(role_cpu(prog, n, op, 'policy'), 2)} | "
              f"{f1(rules, 0)} | {f1(share and share * 100, 1)}% | {load_of(rows(prog, n, 'preview-noop' + vt), rows(prog, n, op))} |")
            if share is not None:
                verdicts.append((f"this pack's rules ≤ 5% of the pack process at {label}", f"{share * 100:.1f}%", share <= 0.05))
        w("")
        timed = [(n, op) for n, op in sorted(pack_rows.items()) if any(r.get("pack_timing") for r in rows(prog, n, op))]
        if timed:
            biggest, op = timed[-1]
            tr = [r["pack_timing"] for r in rows(prog, biggest, op) if r.get("pack_timing")][0]
            w(f"Per rule at {biggest} repositories (one run):")
            w("")
            w("| policy | calls | CPU ms | wall ms | CPU µs per call |")
            w("|---|---|---|---|---|")
            for name, t in sorted(tr["policies"].items(), key=lambda kv: -kv[1].get("cpuMs", 0)):
                cpu = t.get("cpuMs", 0)
                w(f"| `{name}` | {t['calls']} | {cpu:.1f} | {t['ms']:.1f} | {cpu / t['calls'] * 1000 if t['calls'] else 0:.0f} |")
            w("")

    # ---- languages
    ln = cfg["lang_size"]
    langs = [("TypeScript", "ts-component"), ("Python", "py-component"), ("Go", "go-component")]
    if cfg["langs"]:
        w(f"## Across languages: the same {ln}-repository platform (checkout provider)")
        w("")
        gb = meta.get("go_build")
        w("All three run the provider from the checkout (their Pulumi.yaml names its path). Go runs a binary built once "
          "before the rounds, through the Go language host's `runtime.options.binary` (supported by this project's "
          f"language host), so `go build` is not in the figures; it is measured separately: {go_build_text(gb)}. "
          "Python uses the project virtualenv (`.venv`, pip toolchain).")
        w("")
        w("| language | preview s | ratio to TS | up s | ratio to TS | peak MB preview (program) | CPU s preview / up | load |")
        w("|---|---|---|---|---|---|---|---|")
        tsp, tsu = sel("ts-component", ln, "preview"), sel("ts-component", ln, "up")
        for label, pg in langs:
            p, u = sel(pg, ln, "preview"), sel(pg, ln, "up")
            if not (p and u and tsp and tsu):
                continue
            pm = sel(pg, ln, "preview", "peak_tree_mb")
            pr = role_peak(pg, ln, "preview", "program", "peak_roles_mb")
            pc, uc = sel(pg, ln, "preview", "cpu"), sel(pg, ln, "up", "cpu")
            w(f"| {label} | {fmt_s(p)} | {p['median'] / tsp['median']:.2f} | {fmt_s(u)} | {u['median'] / tsu['median']:.2f} | "
              f"{pm['median']:.0f} ({f1(pr, 0)}) | {pc['median']:.1f} / {uc['median']:.1f} | {load_of(rows(pg, ln, 'preview'), rows(pg, ln, 'up'))} |")
        w("")

    # ---- provider start
    hf = data.get("hyperfine") or meta.get("hyperfine")
    if hf:
        w("## Provider and policy pack start")
        w("")
        w("| what | ms, median (min–max) | CPU ms (median) |")
        w("|---|---|---|")
        labels = [
            ("node-baseline", "`node -e \"\"` (node itself)"),
            ("provider-installed-internal", "**installed plugin**, spawn → port printed: the archive's launcher (`node bin/index.js`)"),
            ("provider-installed", "… same, as one hyperfine command (incl. the timing wrapper's own node start)"),
            ("provider-direct-internal", "compiled provider in the checkout, spawn → port: `node provider/bin/index.js`"),
            ("provider-direct", "… same, as one hyperfine command"),
            ("provider-run-plugin-internal", "**checkout** as the engine starts it via PulumiPlugin.yaml: `node @pulumi/pulumi/cmd/run-plugin <root>`, spawn → port"),
            ("provider-run-plugin", "… same, as one hyperfine command"),
            ("get-schema", "`pulumi package get-schema <checkout>` through PulumiPlugin.yaml (CLI, dependency install = `npm install` in the checkout, language host, run-plugin, GetSchema)"),
            ("get-schema-packaged", "`pulumi package get-schema codeartifact-platform@VERSION` of the installed plugin"),
            ("require-pulumi", "`node -e \"require('@pulumi/pulumi')\"` (bench programs' version)"),
            ("require-aws", "`node -e \"require('@pulumi/aws')\"`"),
            ("require-aws-all", "`require('@pulumi/aws')` + touching codeartifact, iam, kms modules (what a construct loads)"),
            ("require-platform-js", "`require('provider/bin/platform.js')` (what the first construct loads, checkout)"),
            ("require-sdk", "`require('@codeartifact-platform/pulumi')` (the Node.js SDK)"),
            ("aws-standin-ready", "offline aws stand-in (test double), spawn → port"),
            ("pack-policy-internal", "**this pack**, spawn → port: `node <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack ENGINE .` in `policypack/`"),
            ("pack-policy-base-internal", "… this pack before, same"),
            ("pack-noop-internal", "no-op pack, same (bench/packs)"),
            ("pack-awsguard-internal", "awsguard, same (bench/packs)"),
            ("require-policy", "`require('@pulumi/policy')` in `policypack/` (loads the full `@pulumi/pulumi` index)"),
            ("require-typescript", "`require('typescript')` as run-policy-pack resolves it from `policypack/` (it registers ts-node for every pack)"),
        ]
        for key, label in labels:
            if key in hf:
                cpu = hf[key].get("cpu")
                w(f"| {label} | {fmt_ms(hf[key]['times'])} | {statistics.median(cpu) * 1000:.0f} |" if cpu else
                  f"| {label} | {fmt_ms(hf[key]['times'])} | |")
        w("")

    # ---- verdicts
    w("## Targets")
    w("")
    w("| target | measured | |")
    w("|---|---|---|")
    for name, val, ok in verdicts:
        w(f"| {name} | {val} | {'met' if ok else '**missed**'} |")
    w("")
    if os.path.exists(FINDINGS_MD):
        with open(FINDINGS_MD) as f:
            w(f.read().rstrip())
        w("")
    with open(RESULTS_MD, "w") as f:
        f.write("\n".join(L))
    print(f"bench: wrote {os.path.relpath(RESULTS_MD, ROOT)}")
    for name, val, ok in verdicts:
        print(f"  target {'met   ' if ok else 'MISSED'} {name}: {val}")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "run"
    if cmd == "run":
        run()
    elif cmd == "report":
        report()
    else:
        sys.exit(__doc__)
