#!/usr/bin/env bash
# The test command (README, .ci/run): sets up what is missing, then runs every suite and exits
# non-zero when any fails. Engine-level suites run OFFLINE against the aws stand-in
# (tools/offline-aws), never against AWS.
#   scripts/test.sh            all suites
#   scripts/test.sh provider   only the named suites (see SUITES below)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

scripts/setup.sh || { echo "test: set-up failed" >&2; exit 1; }
# shellcheck source=/dev/null
source scripts/pulumi-env.sh

suite_provider() { (cd provider && npx tsc -p test/tsconfig.json && npx mocha --reporter dot); }
suite_policypack() { (cd policypack && npx mocha --reporter dot); }
suite_offline_aws() { (cd tools/offline-aws && node --test bin/test/); }
# Generated SDKs are committed: regenerating from schema.yaml must change nothing.
suite_sdk_drift() {
    scripts/gen-sdk.sh >/dev/null 2>&1 || return 1
    local drift
    drift=$(git status --porcelain -- sdk)
    if [ -n "$drift" ]; then
        echo "SDK drift: schema.yaml and sdk/ disagree; run 'make gen-sdk' and commit:"; echo "$drift"; return 1
    fi
    echo "sdk/ matches schema.yaml"
}
suite_sdk_build() {
    (cd sdk/go && go build ./... && go vet ./...) &&
    (cd sdk/nodejs && npx tsc --noEmit) &&
    .venv/bin/python -c "import pulumi_codeartifact_platform as p; assert p.CodeArtifactPlatform" &&
    echo "sdk/go builds and vets, sdk/nodejs compiles, sdk/python imports"
}
suite_sdk_tests() { tests/sdk/run.sh; }
# `make release` (scripts/release.sh) builds dist/; tests/release checks it: every plugin archive's contents, this
# machine's Linux archive installed with `pulumi plugin install --file` (schema served, examples/yaml previewed
# through it against the aws stand-in), the npm tarball, wheel and sdist, and checksums.txt.
suite_plugin() {
    scripts/release.sh >/dev/null || return 1
    (
        # shellcheck source=/dev/null
        source tools/offline-aws/env.sh 2>/dev/null
        [ "${PULUMI_OFFLINE_AWS_STANDIN:-}" = 1 ] || { echo "the offline aws stand-in could not be enabled"; exit 1; }
        node --test tests/release/release.test.js
    )
}
suite_e2e() { tests/e2e/run.sh; }
# Stacks recorded with earlier releases (tests/upgrade/fixtures) preview with this provider: no replace,
# no delete, only the updates and creates CHANGELOG.md names.
suite_upgrade() { tests/upgrade/run.sh; }
# One formatter and one linter over every TypeScript tree the project owns (tools/lint); any finding fails.
LINT_PATHS=(provider/src provider/test provider/scripts policypack/src policypack/test policypack/testing
    tools/offline-aws/src tools/offline-aws/test tools/offline-aws/testing tests/e2e/src tests/e2e/test tests/sdk/nodejs/test tests/upgrade/src tests/upgrade/test)
suite_lint() {
    local bin=tools/lint/node_modules/.bin
    "$bin/prettier" --check --log-level warn "${LINT_PATHS[@]}" &&
    "$bin/eslint" -c tools/lint/eslint.config.mjs --max-warnings 0 "${LINT_PATHS[@]}" &&
    echo "prettier and eslint: no findings in ${LINT_PATHS[*]}"
}
# This project's language hosts (tools/pulumi/langhost): option parsing, environments, launch commands.
suite_langhost() { (cd tools/pulumi && go vet ./... && go test -count=1 ./...); }

SUITES=(lint provider policypack offline_aws langhost sdk_drift sdk_build plugin sdk_tests upgrade e2e)
[ $# -gt 0 ] && SUITES=("$@")

passed=0; failed=0; failures=()
for s in "${SUITES[@]}"; do
    fn="suite_${s//-/_}"
    if ! declare -F "$fn" >/dev/null; then echo "unknown suite $s (known: ${SUITES[*]})" >&2; exit 2; fi
    echo "=== suite $s"
    t0=$(date +%s)
    if "$fn"; then
        passed=$((passed + 1)); echo "=== suite $s: ok ($(( $(date +%s) - t0 ))s)"
    else
        failed=$((failed + 1)); failures+=("$s"); echo "=== suite $s: FAILED ($(( $(date +%s) - t0 ))s)"
    fi
done
[ ${#failures[@]} -gt 0 ] && echo "failed suites: ${failures[*]}"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
