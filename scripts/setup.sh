#!/usr/bin/env bash
# One-time (idempotent) set-up of everything the project needs on a fresh machine:
# the Pulumi CLI and language hosts (built from source), npm dependencies, compiled provider,
# policy pack, offline aws stand-in and TypeScript SDK, and a Python virtualenv.
# A second run with everything present takes seconds.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=/dev/null
source versions.env
start=$(date +%s)
step() { echo "setup: $*" >&2; }

# npm ci only when the lock changed since the last install (node_modules/.package-lock.json is npm's own record).
npm_ci() {
    local dir=$1
    if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        step "npm ci in $dir"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

# True when `target` is missing or any file under the given paths is newer than it.
stale() {
    local target=$1; shift
    [ ! -e "$target" ] || [ -n "$(find "$@" -newer "$target" -type f -not -path '*/node_modules/*' -not -path '*/bin/*' 2>/dev/null | head -n 1)" ]
}

scripts/install-pulumi.sh

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

npm_ci tests/offline-aws
if stale tests/offline-aws/bin/src/main.js tests/offline-aws/src tests/offline-aws/test; then
    (cd tests/offline-aws && npm run --silent build)
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
    || [ "$(.venv/bin/pip show pulumi 2>/dev/null | sed -n 's/^Version: //p')" != "$PULUMI_VERSION" ]; then
    step "installing Python dependencies into .venv"
    .venv/bin/pip install --quiet --disable-pip-version-check "pulumi==$PULUMI_VERSION" "pytest==8.4.2" ./sdk/python
fi
# The generated SDK changes with schema.yaml: reinstall it when it did.
if stale .venv/.sdk-installed sdk/python/pulumi_codeartifact_platform sdk/python/pyproject.toml; then
    step "installing sdk/python into .venv"
    .venv/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps ./sdk/python >/dev/null
    touch .venv/.sdk-installed
fi

for ex in examples/*/; do
    if [ -f "$ex/package-lock.json" ]; then npm_ci "$ex"; fi
done
if [ -d tests/e2e ] && [ -f tests/e2e/package-lock.json ]; then npm_ci tests/e2e; fi

echo "setup: done in $(( $(date +%s) - start ))s" >&2
