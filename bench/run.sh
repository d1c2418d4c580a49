#!/usr/bin/env bash
# make bench: what the CodeArtifactPlatform component costs at preview and up with the plugin
# installed as users install it and from the checkout, against the same resources hand-wired with
# @pulumi/aws; how it scales to 1,000 repositories; across the TypeScript, Python and Go SDKs; the
# policy pack against @pulumi/awsguard and a no-op pack; provider and pack start-up. Offline: the aws
# provider is the stand-in test double (tools/offline-aws), state lives in local file backends
# under bench/out/. Writes bench/RESULTS.md (and bench/out/results.json, logs). Not part of `make test`.
#
# Knobs (environment): BENCH_RUNS (runs per figure, default 3), BENCH_QUICK=1 (1 run, small sizes,
# fewer extras: a quick development loop), BENCH_SIZES, BENCH_BIG_SIZES, BENCH_BIG_RUNS, BENCH_HANDWIRED_BIG_SIZES,
# BENCH_HANDWIRED_SIZES, BENCH_POLICY_SIZES, BENCH_PACK_BASE, BENCH_PACK_BASE_SIZES, BENCH_LANG_SIZE,
# BENCH_LANGS ("py go"), BENCH_STEADY, BENCH_TYPECHECK_SIZE, BENCH_HYPERFINE_RUNS, BENCH_PLUGIN_ARCHIVE.
# See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
log_prefix=bench
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

# --- what the bench needs; `make bench` installs it (scripts/setup.sh --bench); this script only adds
# bench/packs' dependencies (the awsguard and no-op packs) and the plugin archive, below
missing=$(missing_setup)
command -v hyperfine >/dev/null 2>&1 || missing+=" hyperfine"
command -v python3 >/dev/null 2>&1 || missing+=" python3"
if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ] \
    || ! diff -rq sdk/nodejs/bin bench/node_modules/@codeartifact-platform/pulumi >/dev/null 2>&1; then
    missing+=" bench/node_modules (or it holds an older sdk/nodejs build)"
fi
if [ -n "$missing" ]; then
    say "missing: $(echo $missing)"
    say "run 'make bench' (it runs scripts/setup.sh --bench first), or scripts/setup.sh --bench, then this script"
    exit 1
fi
if [ -n "$(find provider/src -name '*.ts' -newer provider/bin/index.js 2>/dev/null | head -n 1)" ]; then
    say "WARNING: provider/src is newer than provider/bin: the benchmark measures the compiled provider in provider/bin (run make setup to rebuild)"
fi
# shellcheck source=/dev/null
source scripts/pulumi-env.sh

# --- offline aws stand-in ----------------------------------------------------------------------------
# shellcheck source=/dev/null
source tools/offline-aws/env.sh
[ "${PULUMI_OFFLINE_AWS_STANDIN:-}" = 1 ] || { say "the offline aws stand-in could not be enabled"; exit 1; }
export OFFLINE_AWS_STANDIN_QUIET=1

# --- the policy packs the bench runs beside this project's (bench/packs: awsguard, no-op) -------------
npm_ci bench/packs

# --- the plugin archive users install: bench.py installs it into its own PULUMI_HOME (bench/out/pulumi-home)
mkdir -p bench/out
if [ -z "${BENCH_PLUGIN_ARCHIVE:-}" ]; then
    say "packaging the plugin (scripts/package-plugin.sh, timed; log: bench/out/package-plugin.log)"
    t0=$(date +%s.%N)
    if ! scripts/package-plugin.sh >bench/out/package-plugin.log 2>&1; then
        cat bench/out/package-plugin.log >&2
        say "scripts/package-plugin.sh failed"
        exit 1
    fi
    t1=$(date +%s.%N)
    BENCH_PACKAGE_PLUGIN_JSON=$(python3 -c "import json,sys; print(json.dumps({'seconds': float(sys.argv[2])-float(sys.argv[1])}))" "$t0" "$t1")
    export BENCH_PACKAGE_PLUGIN_JSON
fi

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
