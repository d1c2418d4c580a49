#!/usr/bin/env bash
# make bench: what the CodeArtifactPlatform component costs at preview and up, how it scales, its
# overhead against the same resources hand-wired with @pulumi/aws, across the TypeScript, Python
# and Go SDKs, the policy pack's cost and the provider's start-up. Offline: the aws provider is the
# stand-in test double (tests/offline-aws), state lives in local file backends under bench/out/.
# Writes bench/RESULTS.md (and bench/out/results.json, logs). Not part of `make test`.
#
# Knobs (environment): BENCH_RUNS (runs per figure, default 3), BENCH_QUICK=1 (1 run, sizes 1/10/50,
# fewer extras: a quick development loop), BENCH_SIZES, BENCH_HANDWIRED_SIZES, BENCH_POLICY_SIZES,
# BENCH_LANG_SIZE, BENCH_LANGS ("py go"), BENCH_STEADY, BENCH_TYPECHECK_SIZE, BENCH_HYPERFINE_RUNS.
# See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
say() { echo "bench: $*" >&2; }

# --- tools: hyperfine (provider start figures), installed when missing -----------------------------
if ! command -v hyperfine >/dev/null 2>&1; then
    say "installing hyperfine (apt-get)"
    sudo_=""
    if [ "$(id -u)" != 0 ]; then sudo_="sudo"; fi
    $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq hyperfine >/dev/null
fi
command -v hyperfine >/dev/null || { say "hyperfine is required and could not be installed"; exit 1; }
command -v python3 >/dev/null || { say "python3 is required"; exit 1; }

# --- the project's own set-up, only when something is missing (it rebuilds shared outputs) ----------
# shellcheck source=/dev/null
source versions.env
if [ ! -x ".tools/pulumi-$PULUMI_VERSION/bin/pulumi" ] || [ ! -f provider/bin/index.js ] || [ ! -f policypack/bin/index.js ] \
    || [ ! -f sdk/nodejs/bin/index.js ] || [ ! -x .venv/bin/python ] || [ ! -f tests/offline-aws/bin/src/main.js ]; then
    say "set-up incomplete: running scripts/setup.sh"
    scripts/setup.sh
fi
if [ -n "$(find provider/src -name '*.ts' -newer provider/bin/index.js 2>/dev/null | head -n 1)" ]; then
    say "WARNING: provider/src is newer than provider/bin: the benchmark measures the compiled provider in provider/bin (run make setup to rebuild)"
fi
# shellcheck source=/dev/null
source scripts/pulumi-env.sh

# --- benchmark programs' node_modules (one for both TypeScript programs) --------------------------
# install-links copies sdk/nodejs/bin: reinstall when the lock changed or the SDK build differs.
if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ] \
    || ! diff -rq sdk/nodejs/bin bench/node_modules/@codeartifact-platform/pulumi >/dev/null 2>&1; then
    say "npm ci in bench/"
    (cd bench && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
fi

# --- offline aws stand-in ----------------------------------------------------------------------------
# shellcheck source=/dev/null
source tests/offline-aws/env.sh
[ "${PULUMI_OFFLINE_AWS_STANDIN:-}" = 1 ] || { say "the offline aws stand-in could not be enabled"; exit 1; }
export OFFLINE_AWS_STANDIN_QUIET=1

# --- Go program: built once, run through runtime.options.binary ------------------------------------
mkdir -p bench/out/bin
if [[ " ${BENCH_LANGS-py go} " == *" go "* ]]; then
    say "building the Go benchmark program (go build, timed)"
    t0=$(date +%s.%N)
    (cd bench/programs/go-component && go build -o "$root/bench/out/bin/go-component" .)
    t1=$(date +%s.%N)
    # A no-change rebuild into a fresh path: what the Go language host pays per command without `binary`.
    (cd bench/programs/go-component && go build -o "$root/bench/out/bin/go-component-rebuild" .)
    t2=$(date +%s.%N)
    BENCH_GO_BUILD_JSON=$(python3 -c "import json,sys; print(json.dumps({'first': float(sys.argv[2])-float(sys.argv[1]), 'warm': float(sys.argv[3])-float(sys.argv[2])}))" "$t0" "$t1" "$t2")
    export BENCH_GO_BUILD_JSON
    rm -f bench/out/bin/go-component-rebuild
fi

say "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exec python3 bench/tools/bench.py run
