#!/usr/bin/env python3
"""Benchmark driver for the codeartifact-platform component (called by bench/run.sh).

Runs `pulumi preview` / `up` / `destroy` of the bench programs against the offline aws stand-in
on local file backends, in rounds that alternate the programs, and measures every command:
wall time, CPU time of the whole process tree (os.wait4 rusage), and peak memory (the process
tree's summed RSS, sampled from /proc every 100 ms, also split by role: CLI, language host,
program, component provider, aws stand-in, policy pack). Provider start-up figures come from
hyperfine. Results go to bench/out/results.json; `report` renders bench/RESULTS.md from it.

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
SIZES = env_list("BENCH_SIZES", [1, 10, 50] if QUICK else [1, 10, 50, 100])
HANDWIRED_SIZES = env_list("BENCH_HANDWIRED_SIZES", [50] if QUICK else [10, 50, 100])
LANG_SIZE = env_int("BENCH_LANG_SIZE", 50)
POLICY_SIZES = env_list("BENCH_POLICY_SIZES", [10, 50] if QUICK else [10, 100])
STEADY = os.environ.get("BENCH_STEADY", "0" if QUICK else "1") not in ("", "0", "false")
TYPECHECK_SIZE = env_int("BENCH_TYPECHECK_SIZE", 0 if QUICK else 50)
HYPERFINE_RUNS = env_int("BENCH_HYPERFINE_RUNS", 5 if QUICK else 10)
COMPARE_SIZE = env_int("BENCH_COMPARE_SIZE", 10)
LANGS = os.environ.get("BENCH_LANGS", "py go").split()

# program -> (source dir under bench/programs, language)
PROGRAMS = {
    "ts-component": "typescript",
    "ts-handwired": "typescript",
    "py-component": "python",
    "go-component": "go",
}


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
    if "run-plugin" in joined or "provider/bin/index.js" in joined:
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
            if p not in self.roles:
                try:
                    with open(f"/proc/{p}/cmdline", "rb") as f:
                        cmd = [c.decode(errors="replace") for c in f.read().split(b"\0") if c]
                except OSError:
                    cmd = []
                if not cmd:
                    continue  # not exec'd yet (or gone): look again next time
                self.roles[p] = role_of(cmd)
            r, cpu = rss.get(p, (0, 0.0))
            self.cpu[p] = cpu
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
        for d in ("work", "state", "logs"):
            shutil.rmtree(os.path.join(OUT, d), ignore_errors=True)
        binary = os.path.join(OUT, "bin", "go-component")
        for program, sizes in programs_sizes.items():
            src = os.path.join(BENCH, "programs", program)
            dst = self.workdir(program)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("node_modules", "go.sum", "go.mod", "*.go"))
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
        args = {
            "preview": ["preview", "--stack", stack],
            "preview-policy": ["preview", "--stack", stack, "--policy-pack", os.path.join(ROOT, "policypack")],
            "up": ["up", "--yes", "--skip-preview", "--stack", stack],
            "preview-steady": ["preview", "--expect-no-changes", "--stack", stack],
            "destroy": ["destroy", "--yes", "--skip-preview", "--stack", stack],
        }[op]
        name = op if tag is None else f"{op}-{tag}"
        log = os.path.join(self.log_dir, f"{program}-n{n}-{name}-r{rnd}.log")
        res = measure(["pulumi", *args, "--non-interactive"], self.workdir(program), self.prog_env(program, extra_env), log)
        res.update({"program": program, "n": n, "op": name, "round": rnd, "resources": resource_count(log),
                    "load1": os.getloadavg()[0], "log": os.path.relpath(log, ROOT)})
        self.records.append(res)
        status = "ok" if res["rc"] == 0 else f"FAILED rc={res['rc']} (see {res['log']})"
        print(f"  r{rnd} {program:13} n={n:<3} {name:22} {res['wall']:6.2f} s  cpu {res['cpu']:6.2f} s  "
              f"peak {res['peak_tree_mb']:6.0f} MB  res={res['resources']}  load={res['load1']:.2f}  {status}", flush=True)
        if res["rc"] != 0:
            self.failures.append(res)
            raise RuntimeError(f"{program} n={n} {name} failed; log: {log}")
        self.save()
        return res

    def cell(self, program, n, rnd, policy=False, typecheck=False, compare=False):
        """Empty-stack preview(s), up from empty, steady preview, destroy (back to empty)."""
        previews = [("preview", None, None)]
        if policy:
            previews.append(("preview-policy", None, None))
        if typecheck:
            previews.append(("preview", {"PULUMI_NODEJS_TRANSPILE_ONLY": "false"}, "typecheck"))
        if rnd % 2 == 0:
            previews.reverse()  # alternate which preview goes first
        for op, extra, tag in previews:
            self.op(program, n, op, rnd, extra, tag)
        up = self.op(program, n, "up", rnd)
        up["state_kb"] = self.state_kb(program, n)
        self.save()
        if STEADY:
            self.op(program, n, "preview-steady", rnd)
        if compare:
            self.export_state(program, n)
        self.op(program, n, "destroy", rnd)

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
    """A PULUMI_HOME under bench/out whose plugin cache holds aws 7.48.0 = the offline stand-in."""
    home = os.path.join(OUT, "pulumi-home-standin")
    if os.path.isdir(os.path.join(home, "plugins", "resource-aws-v7.48.0")):
        return home
    stage = os.path.join(OUT, "aws-standin-plugin")
    os.makedirs(stage, exist_ok=True)
    launcher = os.path.join(stage, "pulumi-resource-aws")
    with open(launcher, "w") as f:
        f.write("#!/bin/sh\n# The offline aws stand-in (a test double, never AWS), registered in the bench's private plugin cache.\n"
                f"exec {ROOT}/tools/offline-aws/launcher/pulumi-resource-aws \"$@\"\n")
    os.chmod(launcher, 0o755)
    archive = os.path.join(OUT, "aws-standin-plugin.tar.gz")
    subprocess.run(["tar", "-czf", archive, "-C", stage, "."], check=True)
    env = dict(os.environ, PULUMI_HOME=home)
    subprocess.run(["pulumi", "plugin", "install", "resource", "aws", "7.48.0", "--file", archive], env=env, check=True, capture_output=True)
    return home


def packaged_plugin():
    d = os.path.join(ROOT, "dist")
    if not os.path.isdir(d):
        return None
    files = sorted(f for f in os.listdir(d) if f.startswith("pulumi-resource-codeartifact-platform-v") and f.endswith(".tar.gz"))
    return os.path.join(d, files[-1]) if files else None


def provider_start(bench):
    node_pulumi = os.path.join(ROOT, "node_modules", "@pulumi", "pulumi")
    ready = f"node {os.path.join(BENCH, 'tools', 'provider-ready.js')} --"
    env = dict(bench.env)
    env["PULUMI_OFFLINE_AWS_STANDIN"] = "1"
    out = {}
    checks = [
        ("node-baseline", 'node -e ""', BENCH),
        ("provider-direct", f"{ready} node {ROOT}/provider/bin/index.js", ROOT),
        ("provider-run-plugin", f"{ready} node {node_pulumi}/cmd/run-plugin {ROOT}", ROOT),
        ("get-schema", f"pulumi package get-schema {ROOT}", ROOT),
        ("require-pulumi", "node -e \"require('@pulumi/pulumi')\"", BENCH),
        ("require-aws", "node -e \"require('@pulumi/aws')\"", BENCH),
        ("require-aws-all", "node -e \"const a = require('@pulumi/aws'); a.codeartifact.Domain; a.iam.Role; a.kms.Key\"", BENCH),
        ("require-sdk", "node -e \"require('@codeartifact-platform/pulumi')\"", BENCH),
        ("require-platform-js", f"node -e \"require('{ROOT}/provider/bin/platform.js')\"", ROOT),
        ("aws-standin-ready", f"{ready} {ROOT}/tools/offline-aws/launcher/pulumi-resource-aws", ROOT),
    ]
    # `pulumi package get-schema <checkout>` installs the plugin's dependencies first, including the aws plugin
    # its package.json implies, and ignores the ambient stand-in for that: give it a bench-private PULUMI_HOME
    # where aws 7.48.0 is the stand-in (a launcher that execs tools/offline-aws/launcher/pulumi-resource-aws).
    schema_env = dict(env)
    schema_env["PULUMI_HOME"] = standin_home()
    idx = [c[0] for c in checks].index("get-schema")
    name, cmd, cwd = checks.pop(idx)
    out[name] = hyperfine(bench, name, cmd, cwd, HYPERFINE_RUNS, schema_env)
    # The packaged plugin (`make plugin` output in dist/, if present), installed in another private PULUMI_HOME.
    archive = packaged_plugin()
    if archive:
        pkg_env = dict(env)
        pkg_env["PULUMI_HOME"] = os.path.join(OUT, "pulumi-home-packaged")
        shutil.rmtree(pkg_env["PULUMI_HOME"], ignore_errors=True)
        version = bench.meta["versions"]["package"]
        subprocess.run(["pulumi", "plugin", "install", "resource", "codeartifact-platform", version, "--file", archive],
                       env=pkg_env, check=True, capture_output=True)
        out["get-schema-packaged"] = hyperfine(bench, "get-schema-packaged", f"pulumi package get-schema codeartifact-platform@{version}",
                                               ROOT, HYPERFINE_RUNS, pkg_env)
        out["get-schema-packaged"]["archive"] = os.path.relpath(archive, ROOT)
    for name, cmd, cwd in checks:
        out[name] = hyperfine(bench, name, cmd, cwd, HYPERFINE_RUNS, env)
    # Internal spawn-to-port times, without the wrapper's own node start.
    for name, cmd in [("provider-direct-internal", ["node", f"{ROOT}/provider/bin/index.js"]),
                      ("provider-run-plugin-internal", ["node", f"{node_pulumi}/cmd/run-plugin", ROOT])]:
        r = subprocess.run(["node", os.path.join(BENCH, "tools", "provider-ready.js"), "--runs", str(HYPERFINE_RUNS), "--json", "--", *cmd],
                           cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        out[name] = {"command": " ".join(cmd), "times": [t / 1000 for t in json.loads(r.stdout)["ms"]]}
        print(f"  internal  {name:34} median {statistics.median(out[name]['times']) * 1000:7.0f} ms", flush=True)
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
        "config": {"runs": RUNS, "quick": QUICK, "sizes": SIZES, "handwired_sizes": HANDWIRED_SIZES, "lang_size": LANG_SIZE,
                   "policy_sizes": POLICY_SIZES, "steady": STEADY, "typecheck_size": TYPECHECK_SIZE,
                   "hyperfine_runs": HYPERFINE_RUNS, "langs": LANGS},
        "versions": versions(),
        "go_build": json.loads(os.environ.get("BENCH_GO_BUILD_JSON", "null") or "null"),
    }
    print(f"bench: {RUNS} run(s) per figure; sizes {SIZES}; hand-wired at {HANDWIRED_SIZES}; languages {LANGS} at {LANG_SIZE}; "
          f"policy pack at {POLICY_SIZES}; load {os.getloadavg()[0]:.2f}", flush=True)

    lang_programs = {"py": "py-component", "go": "go-component"}
    plan = {"ts-component": SIZES, "ts-handwired": [n for n in HANDWIRED_SIZES]}
    for lang in LANGS:
        plan[lang_programs[lang]] = [LANG_SIZE]
    print("bench: preparing stacks", flush=True)
    b.prepare(plan)

    print("bench: warm-up (one unrecorded preview per program, also checks each program works)", flush=True)
    for program, sizes in plan.items():
        n = COMPARE_SIZE if COMPARE_SIZE in sizes else sizes[0]
        r = b.pulumi(program, ["preview", "--stack", f"n{n}"], check=False)
        if r.returncode != 0:
            raise RuntimeError(f"warm-up preview of {program} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")

    if os.environ.get("BENCH_PROVIDER_START", "1") not in ("0", "false"):
        print("bench: provider start", flush=True)
        b.meta["hyperfine"] = provider_start(b)
        b.save()

    for rnd in range(1, RUNS + 1):
        print(f"bench: round {rnd}/{RUNS}", flush=True)
        for n in SIZES:
            cells = [("ts-component", dict(policy=n in POLICY_SIZES, typecheck=n == TYPECHECK_SIZE))]
            if n in HANDWIRED_SIZES:
                cells.append(("ts-handwired", dict(typecheck=n == TYPECHECK_SIZE)))
            if n == LANG_SIZE:
                cells += [(lang_programs[lang], {}) for lang in LANGS]
            # alternate: rotate the order of programs every round
            k = (rnd - 1) % len(cells)
            cells = cells[k:] + cells[:k]
            for program, opts in cells:
                compare = rnd == 1 and n == COMPARE_SIZE and program in ("ts-component", "ts-handwired") and COMPARE_SIZE in HANDWIRED_SIZES
                b.cell(program, n, rnd, compare=compare, **opts)

    a = os.path.join(OUT, f"state-ts-component-n{COMPARE_SIZE}.json")
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

    def sel(program, n, op, key="wall"):
        xs = [r[key] for r in recs if r["program"] == program and r["n"] == n and r["op"] == op and r["rc"] == 0]
        return stats(xs) if xs else None

    def sel_roles(program, n, op, role):
        xs = [r["peak_roles_mb"].get(role, 0) for r in recs if r["program"] == program and r["n"] == n and r["op"] == op]
        return stats(xs) if xs else None

    def res_count(program, n, op):
        xs = [r["resources"] for r in recs if r["program"] == program and r["n"] == n and r["op"] == op and r["resources"]]
        return xs[0] if xs else None

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
    w(f"- Load average (1/5/15 min): {ls[0]:.2f}/{ls[1]:.2f}/{ls[2]:.2f} at start, {le[0]:.2f}/{le[1]:.2f}/{le[2]:.2f} at end "
      f"(per-command 1-min load is in `bench/out/results.json`)")
    w(f"- Pulumi CLI {v['pulumi_cli']} (built from source, pkg/v3), language hosts: this project's build; "
      f"`@pulumi/pulumi` {v['npm_pulumi']}, PyPI `pulumi` {v['py_pulumi']}, Go `sdk/v3` {v['go_sdk']}")
    w(f"- `@pulumi/aws` {v['npm_aws']} (hand-wired program) / {v['provider_aws']} (component provider); TypeScript {v['typescript']} with "
      f"Pulumi's vendored ts-node; codeartifact-platform {v['package']} at git {v['git']}")
    w(f"- Node.js {v['node']}, {v['python']}, {v['go']}, {v['hyperfine']}")
    w("- **aws provider: the offline stand-in** (`tools/offline-aws`, a test double that answers locally); state: local file "
      "backend, one backend directory per program, one stack per size")
    w(f"- Runs per figure: {cfg['runs']}{' (BENCH_QUICK)' if cfg['quick'] else ''}; figures are **median (min–max)**; "
      f"hyperfine figures: {cfg['hyperfine_runs']} runs after 1 warm-up")
    w("")
    w("Method: every figure is one `pulumi` command, timed from launch to exit (wall), with the CPU time of the whole "
      "process tree (CLI, language host, program, plugins) and its **peak memory = highest summed RSS of the tree**, "
      "sampled every 100 ms. `preview` runs on an **empty stack** (the create plan); `up` runs `--skip-preview` from "
      "an empty stack; `preview (steady)` is a no-change preview right after that `up`; then `destroy` (dataProtection "
      "`none`) empties the stack again, so every round starts from the same state. Rounds alternate the programs "
      "(the order rotates each round). TypeScript programs run with `PULUMI_NODEJS_TRANSPILE_ONLY=true` (ts-node "
      "without type-checking) unless marked *type-check*: type-checking a program that imports `@pulumi/aws` costs "
      "seconds and would dominate the comparison with the hand-wired program (see below).")
    w("")

    # ---- scale
    sizes = cfg["sizes"]
    w("## Scale: TypeScript program with the component")
    w("")
    w("N consuming repositories (each with an external connection served by one of 3 shared proxies, a repository "
      "policy; every 5th with a publisher), cross-account reader, EC2 role + instance profile, GitHub OIDC provider, "
      "read and publish roles. Resources = as counted by the engine (incl. stack and component).")
    w("")
    hdr = "| repos | resources | preview s | up s | preview (steady) s | destroy s | peak MB preview (provider) | peak MB up (provider) | CPU s preview / up |"
    w(hdr)
    w("|" + "|".join(["---"] * (hdr.count("|") - 1)) + "|")
    for n in sizes:
        p, u = sel("ts-component", n, "preview"), sel("ts-component", n, "up")
        pm, um = sel("ts-component", n, "preview", "peak_tree_mb"), sel("ts-component", n, "up", "peak_tree_mb")
        pp, up_ = sel_roles("ts-component", n, "preview", "provider"), sel_roles("ts-component", n, "up", "provider")
        pc, uc = sel("ts-component", n, "preview", "cpu"), sel("ts-component", n, "up", "cpu")
        w(f"| {n} | {res_count('ts-component', n, 'preview') or '–'} | {fmt_s(p)} | {fmt_s(u)} | "
          f"{fmt_s(sel('ts-component', n, 'preview-steady'))} | {fmt_s(sel('ts-component', n, 'destroy'))} | "
          f"{pm['median']:.0f} ({pp['median']:.0f}) | {um['median']:.0f} ({up_['median']:.0f}) | "
          f"{pc['median']:.1f} / {uc['median']:.1f} |" if p and u else f"| {n} | – | – | – | – | – | – | – | – |")
    w("")
    fits = {}
    for op in ("preview", "up", "preview-steady"):
        pts = [(n, sel("ts-component", n, op)["median"]) for n in sizes if sel("ts-component", n, op)]
        if len(pts) >= 2:
            fits[op] = (linfit(pts), pts)
    if fits:
        w("Per-repository slope (least-squares fit of the medians, t = a + b·N):")
        w("")
        w("| operation | a (fixed) s | b per repository ms | R² | t(10→50) slope ms/repo | t(50→100) slope ms/repo |")
        w("|---|---|---|---|---|---|")
        for op, ((a, bb, r2), pts) in fits.items():
            d = dict(pts)
            s1 = f"{(d[50] - d[10]) / 40 * 1000:.0f}" if 10 in d and 50 in d else "–"
            s2 = f"{(d[100] - d[50]) / 50 * 1000:.0f}" if 50 in d and 100 in d else "–"
            w(f"| {op} | {a:.2f} | {bb * 1000:.0f} | {r2:.3f} | {s1} | {s2} |")
        w("")
    p10, p100 = sel("ts-component", 10, "preview"), sel("ts-component", 100, "preview")
    if p10 and p100:
        ratio = p100["median"] / p10["median"]
        ok = ratio < 2
        verdicts.append(("preview 100 repos < 2× preview 10 repos", f"{ratio:.2f}×", ok))
        w(f"**Target: preview at 100 repositories < 2× the time at 10: {ratio:.2f}× — {'met' if ok else 'MISSED'}.**")
        if "preview" in fits:
            (a, bb, r2), pts = fits["preview"]
            lin = r2 >= 0.98
            verdicts.append(("preview time linear in repositories", f"R² {r2:.3f}, {bb * 1000:.0f} ms/repo", lin))
            w(f"Linearity: R² = {r2:.3f} over {len(pts)} sizes ({'linear' if lin else 'NOT clearly linear'}).")
        w("")

    # ---- overhead
    hw = cfg["handwired_sizes"]
    if hw:
        w("## Overhead: component vs the same resources hand-wired with `@pulumi/aws`")
        w("")
        cmp_ = meta.get("compare")
        if cmp_:
            same = not (cmp_["only_component"] or cmp_["only_handwired"] or cmp_["inputs_differ"])
            type_list = ", ".join(f"{t.split(':')[-1]} {c}" for t, c in sorted(cmp_["types"].items()))
            w(f"Equivalence check at {cmp_['n']} repositories (stack exports after `up`, inputs compared with autonamed "
              f"suffixes and key ids masked): {cmp_['component']} aws resources in each, "
              f"{'**identical types, names and inputs (incl. every policy JSON string)**' if same else '**DIFFERENT**: ' + json.dumps({k: cmp_[k] for k in ('only_component', 'only_handwired', 'inputs_differ')})}. "
              f"Types: {type_list}.")
            w("")
        w("| repos | operation | component s | hand-wired s | ratio (wall) | ratio (CPU) | peak MB component / hand-wired |")
        w("|---|---|---|---|---|---|---|")
        for n in hw:
            for op in ("preview", "preview-typecheck", "up", "preview-steady", "destroy"):
                c, h = sel("ts-component", n, op), sel("ts-handwired", n, op)
                if not (c and h):
                    continue
                cc, hc = sel("ts-component", n, op, "cpu"), sel("ts-handwired", n, op, "cpu")
                cm, hm = sel("ts-component", n, op, "peak_tree_mb"), sel("ts-handwired", n, op, "peak_tree_mb")
                ratio = c["median"] / h["median"]
                label = {"preview-typecheck": "preview, *type-check* (ts-node default)"}.get(op, op)
                w(f"| {n} | {label} | {fmt_s(c)} | {fmt_s(h)} | **{ratio:.2f}** | {cc['median'] / hc['median']:.2f} | "
                  f"{cm['median']:.0f} / {hm['median']:.0f} |")
                if n == 50 and op in ("preview", "up"):
                    verdicts.append((f"component/hand-wired {op} at 50 ≤ 1.2", f"{ratio:.2f}", ratio <= 1.2))
        w("")
        w("Where the CPU goes (median CPU seconds per process role; `provider` = the component provider plugin, "
          "`program` = the Pulumi program incl. ts-node, `cli` = engine + file backend, `aws-standin` = the test double):")
        w("")
        roles = ["program", "provider", "cli", "langhost", "aws-standin"]
        w("| repos | operation | variant | " + " | ".join(roles) + " | state file KB after up |")
        w("|---|---|---|" + "---|" * len(roles) + "---|")
        for n in hw:
            for op in ("preview", "up"):
                for prog in ("ts-component", "ts-handwired"):
                    rs = [r for r in recs if r["program"] == prog and r["n"] == n and r["op"] == op and r["rc"] == 0]
                    if not rs:
                        continue
                    cells = []
                    for role in roles:
                        xs = [r.get("cpu_roles", {}).get(role, 0.0) for r in rs]
                        cells.append(f"{statistics.median(xs):.2f}" if any(xs) else "–")
                    kb = [r["state_kb"] for r in rs if r.get("state_kb")]
                    w(f"| {n} | {op} | {prog} | " + " | ".join(cells) + f" | {statistics.median(kb):.0f} |" if kb else
                      f"| {n} | {op} | {prog} | " + " | ".join(cells) + " | |")
        w("")

    # ---- languages
    ln = cfg["lang_size"]
    langs = [("TypeScript", "ts-component"), ("Python", "py-component"), ("Go", "go-component")]
    if cfg["langs"]:
        w(f"## Across languages: the same {ln}-repository platform")
        w("")
        gb = meta.get("go_build")
        w("Go runs a binary built once before the rounds, through the Go language host's `runtime.options.binary` "
          "(supported by this project's language host), so `go build` is not in the figures; it is measured "
          f"separately: {go_build_text(gb)}. "
          "Python uses the project virtualenv (`.venv`, pip toolchain).")
        w("")
        w("| language | preview s | ratio to TS | up s | ratio to TS | peak MB preview (program) | CPU s preview / up |")
        w("|---|---|---|---|---|---|---|")
        tsp, tsu = sel("ts-component", ln, "preview"), sel("ts-component", ln, "up")
        for label, prog in langs:
            p, u = sel(prog, ln, "preview"), sel(prog, ln, "up")
            if not (p and u and tsp and tsu):
                continue
            pm = sel(prog, ln, "preview", "peak_tree_mb")
            pr = sel_roles(prog, ln, "preview", "program")
            pc, uc = sel(prog, ln, "preview", "cpu"), sel(prog, ln, "up", "cpu")
            w(f"| {label} | {fmt_s(p)} | {p['median'] / tsp['median']:.2f} | {fmt_s(u)} | {u['median'] / tsu['median']:.2f} | "
              f"{pm['median']:.0f} ({pr['median']:.0f}) | {pc['median']:.1f} / {uc['median']:.1f} |")
        w("")

    # ---- policy pack
    if cfg["policy_sizes"]:
        w("## Policy pack cost (`pulumi preview --policy-pack policypack`)")
        w("")
        w("| repos | preview s | preview + pack s | added | peak MB (pack process) |")
        w("|---|---|---|---|---|")
        for n in cfg["policy_sizes"]:
            p, q = sel("ts-component", n, "preview"), sel("ts-component", n, "preview-policy")
            if not (p and q):
                continue
            added = q["median"] / p["median"] - 1
            pol = sel_roles("ts-component", n, "preview-policy", "policy")
            w(f"| {n} | {fmt_s(p)} | {fmt_s(q)} | **{added * 100:+.0f}%** | {pol['median']:.0f} |")
            verdicts.append((f"policy pack adds ≤ 10% at {n} repos", f"{added * 100:+.0f}%", added <= 0.10))
        w("")

    # ---- provider start
    hf = data.get("hyperfine") or meta.get("hyperfine")
    if hf:
        w("## Provider start")
        w("")
        w("| what | ms, median (min–max) |")
        w("|---|---|")
        labels = [
            ("node-baseline", "`node -e \"\"` (node itself)"),
            ("provider-direct-internal", "compiled provider, spawn → port printed: `node provider/bin/index.js`"),
            ("provider-direct", "… same, as one hyperfine command (incl. the timing wrapper's own node start)"),
            ("provider-run-plugin-internal", "as the engine starts it via PulumiPlugin.yaml: `node @pulumi/pulumi/cmd/run-plugin <root>`, spawn → port"),
            ("provider-run-plugin", "… same, as one hyperfine command"),
            ("get-schema", "`pulumi package get-schema <checkout>` through PulumiPlugin.yaml (CLI, dependency install = `npm install` in the checkout, language host, run-plugin, GetSchema)"),
            ("get-schema-packaged", "`pulumi package get-schema codeartifact-platform@VERSION` of the installed `make plugin` archive (launcher runs `node bin/index.js`)"),
            ("require-pulumi", "`node -e \"require('@pulumi/pulumi')\"`"),
            ("require-aws", "`node -e \"require('@pulumi/aws')\"`"),
            ("require-aws-all", "`require('@pulumi/aws')` + touching codeartifact, iam, kms modules (what a construct loads)"),
            ("require-platform-js", "`require('provider/bin/platform.js')` (what the first construct loads)"),
            ("require-sdk", "`require('@codeartifact-platform/pulumi')` (the Node.js SDK)"),
            ("aws-standin-ready", "offline aws stand-in (test double), spawn → port"),
        ]
        for key, label in labels:
            if key in hf:
                w(f"| {label} | {fmt_ms(hf[key]['times'])} |")
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
