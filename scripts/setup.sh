#!/usr/bin/env bash
# One-time (idempotent) set-up of everything the project needs on a fresh machine:
# the Pulumi CLI and language hosts (built from source), npm dependencies, compiled provider,
# policy pack, offline aws stand-in and TypeScript SDK, and a Python virtualenv.
# A second run with everything present takes seconds. `--bench` adds what `make bench` needs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=/dev/null
source versions.env
start=$(date +%s)
log_prefix=setup
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
step() { say "$@"; }

# The CLI build (minutes on a cold Go cache, CPU-bound) runs beside the npm and pip installs
# (network- and disk-bound); its log is shown when it ends.
cli_log=$(mktemp)
tools/pulumi/install.sh >"$cli_log" 2>&1 &
cli_pid=$!
wait_cli() {
    local rc=0
    wait "$cli_pid" || rc=$?
    cat "$cli_log" >&2; rm -f "$cli_log"
    [ "$rc" -eq 0 ] || { step "building the Pulumi CLI failed (exit $rc)"; exit "$rc"; }
}
trap 'kill "$cli_pid" 2>/dev/null || true' EXIT

npm_ci .
if stale provider/bin/schema.json provider/src provider/scripts provider/package.json schema.yaml; then
    step "building provider"
    (cd provider && npm run --silent build)
fi

npm_ci policypack
if stale policypack/bin/index.js policypack/src policypack/package.json; then
    step "building policy pack"
    (cd policypack && npm run --silent build)
fi

npm_ci tools/lint
npm_ci tools/bundle
npm_ci tools/offline-aws
if stale tools/offline-aws/bin/src/main.js tools/offline-aws/src tools/offline-aws/test; then
    (cd tools/offline-aws && npm run --silent build)
fi

# The generated TypeScript SDK builds against the pinned SDK; bin/ is what programs install.
if [ ! -f sdk/nodejs/node_modules/@pulumi/pulumi/package.json ] || [ ! -f sdk/nodejs/node_modules/typescript/package.json ]; then
    step "installing build dependencies of sdk/nodejs"
    (cd sdk/nodejs && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
        "@pulumi/pulumi@$PULUMI_VERSION" "typescript@$TYPESCRIPT_VERSION" "@types/node@20.19.43")
fi
if stale sdk/nodejs/bin/package.json sdk/nodejs; then
    step "building sdk/nodejs"
    (cd sdk/nodejs && npx tsc && cp package.json README.md bin/)
fi

# Python: one virtualenv for the SDK tests and the Python example.
if [ ! -x .venv/bin/python ]; then
    step "creating .venv"
    python3 -m venv .venv
fi
if ! .venv/bin/python -c "import pytest" 2>/dev/null \
    || [ "$(.venv/bin/pip show pulumi 2>/dev/null | sed -n 's/^Version: //p')" != "$PULUMI_PYTHON_VERSION" ]; then
    step "installing Python dependencies into .venv"
    .venv/bin/pip install --quiet --disable-pip-version-check "pulumi==$PULUMI_PYTHON_VERSION" "pytest==8.4.2" ./sdk/python
    touch .venv/.sdk-installed # that install put in this checkout's sdk/python: not again below
fi
# The generated SDK changes with schema.yaml: reinstall it when it did.
if stale .venv/.sdk-installed sdk/python/pulumi_codeartifact_platform sdk/python/pyproject.toml; then
    step "installing sdk/python into .venv"
    .venv/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps ./sdk/python >/dev/null
    touch .venv/.sdk-installed
fi

for ex in examples/*/; do
    [ -f "$ex/package-lock.json" ] || continue
    # A regenerated SDK does not change the lock: reinstall the examples holding an older copy.
    if sdk_copy_stale "$ex"; then step "sdk/nodejs changed: reinstalling $ex"; rm -f "$ex/node_modules/.package-lock.json"; fi
    npm_ci "$ex"
done
if [ -d tests/e2e ] && [ -f tests/e2e/package-lock.json ]; then npm_ci tests/e2e; fi

# `--bench` (make bench): what bench/run.sh needs beyond the tests.
if [ "${1:-}" = --bench ]; then
    if ! command -v hyperfine >/dev/null 2>&1; then
        step "installing hyperfine (apt-get)"
        sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
        $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq hyperfine >/dev/null
    fi
    if sdk_copy_stale bench; then rm -f bench/node_modules/.package-lock.json; fi
    npm_ci bench
fi

wait_cli
trap - EXIT
echo "setup: done in $(( $(date +%s) - start ))s" >&2
