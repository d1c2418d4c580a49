#!/usr/bin/env bash
# SDK tests: the generated Node.js, Python and Go SDKs under each language's Pulumi mocks
# (no engine, no provider, no AWS). Runs from anywhere; assumes scripts/setup.sh already ran.
# Exits non-zero if any suite fails. Called by scripts/test.sh as the `sdk_tests` suite.
#   tests/sdk/run.sh                 all three
#   tests/sdk/run.sh nodejs go       only those
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

fail() { echo "sdk tests: $*" >&2; return 1; }

# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"

suite_nodejs() {
    local sdk="$root/sdk/nodejs/bin" dir="$here/nodejs"
    [ -f "$sdk/index.js" ] || fail "$sdk is missing: run scripts/setup.sh"
    if [ -n "$(find "$root/sdk/nodejs" -path "$sdk" -prune -o -path "$root/sdk/nodejs/node_modules" -prune -o -name '*.ts' -newer "$sdk/index.js" -print | head -n 1)" ]; then
        fail "sdk/nodejs/bin is older than the generated sources in sdk/nodejs: run scripts/setup.sh"
    fi
    # The SDK is installed as a copy (install-links): reinstall when the lock or the SDK build changed.
    local stamp="$dir/node_modules/.sdk-tests-stamp" want
    want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1) $(fingerprint "$sdk")"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "sdk tests: npm ci in tests/sdk/nodejs" >&2
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || return 1
        echo "$want" > "$stamp"
    fi
    (cd "$dir" && npm test --silent)
}

suite_python() {
    local py="$root/.venv/bin/python"
    [ -x "$py" ] || fail "$root/.venv is missing: run scripts/setup.sh"
    # The tests import the SDK installed in the venv: reinstall it (offline, no deps) if sdk/python changed.
    local installed
    installed=$("$py" -c 'import os, pulumi_codeartifact_platform as m; print(os.path.dirname(m.__file__))') || return 1
    if ! diff -rq -x __pycache__ -x README.md "$root/sdk/python/pulumi_codeartifact_platform" "$installed" >/dev/null; then
        echo "sdk tests: reinstalling sdk/python into .venv (it changed since set-up)" >&2
        "$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$root/sdk/python" >/dev/null || return 1
    fi
    (cd "$here/python" && "$py" -m pytest -p no:cacheprovider -q test_platform.py)
}

suite_go() {
    # -count=1: go's test cache does not notice changes to files outside the test module (../fixtures).
    (cd "$here/go" && go test -count=1 ./...)
}

SUITES=(nodejs python go)
[ $# -gt 0 ] && SUITES=("$@")
failed=()
for s in "${SUITES[@]}"; do
    declare -F "suite_$s" >/dev/null || { echo "sdk tests: unknown suite $s (known: nodejs python go)" >&2; exit 2; }
    echo "--- sdk tests: $s"
    t0=$(date +%s%N)
    status=ok
    "suite_$s" || { status=FAILED; failed+=("$s"); }
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    printf -- '--- sdk tests: %s %s (%d.%03ds)\n' "$s" "$status" $((ms / 1000)) $((ms % 1000))
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "sdk tests failed: ${failed[*]}"
    exit 1
fi
echo "sdk tests: all passed (${SUITES[*]})"
