#!/usr/bin/env bash
# End-to-end tests (suite `e2e` of scripts/test.sh): the real Pulumi CLI, language hosts, the
# codeartifact-platform provider, the generated SDKs and the policy pack, OFFLINE against the aws
# stand-in (tools/offline-aws, a test double: nothing is created in AWS). node:test, one file backend
# and stack per test, tests run one after the other.
#
#   tests/e2e/run.sh                       every test file
#   tests/e2e/run.sh examples bad-input    only bin/test/<name>.test.js for the names given
#   E2E_LANGUAGES=python tests/e2e/run.sh  only some of the starter stacks (typescript,python,go)
#   KEEP_E2E_DIRS=1 tests/e2e/run.sh       keep each test's temporary backend, home and ledger
#
# Assumes scripts/setup.sh ran (CLI, language hosts, provider, pack, SDKs, .venv). Installs what only
# these tests need when missing: npm deps of tests/e2e and examples/policy-violations, and
# pulumi-aws (versions.env) into .venv for the explicit-provider test. Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
# shellcheck source=/dev/null
source versions.env
start=$(date +%s)
log_prefix=e2e
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

missing=$(missing_setup)
[ -d examples/typescript/node_modules ] || missing+=" examples/typescript/node_modules"
if [ -n "$missing" ]; then
    say "missing: $(echo $missing). Run scripts/setup.sh first."
    exit 1
fi

# shellcheck source=/dev/null
source scripts/pulumi-env.sh
command -v pulumi >/dev/null || { say "no pulumi CLI on PATH (scripts/setup.sh builds it into .tools/)"; exit 1; }
# shellcheck source=/dev/null
source tools/offline-aws/env.sh
[ "${PULUMI_OFFLINE_AWS_STANDIN:-}" = 1 ] || { say "the offline aws stand-in could not be enabled"; exit 1; }
say "OFFLINE: every aws resource goes to the offline aws stand-in (tools/offline-aws), a test double; nothing is created in AWS"

npm_ci tests/e2e
npm_ci examples/policy-violations

# The explicit-provider test declares `aws.Provider` from Python: pulumi-aws in the project venv
# (about 30 s and 270 MB once; the Go SDK of pulumi-aws would be far heavier to fetch and build).
if [ "$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("pulumi-aws"))' 2>/dev/null)" != "$PULUMI_AWS_VERSION" ]; then
    say "installing pulumi-aws==$PULUMI_AWS_VERSION into .venv"
    .venv/bin/pip install --quiet --disable-pip-version-check "pulumi-aws==$PULUMI_AWS_VERSION"
fi

(cd tests/e2e && rm -rf bin && npx tsc -p tsconfig.json)

# The Go language host compiles examples/go at every preview/up; with a cold Go build cache the first
# compile takes about 3 min on 2 cores. Do it here, once and visibly, not inside a test's time limit.
if [ -f examples/go/go.mod ] && command -v go >/dev/null; then
    t0=$(date +%s)
    (cd examples/go && go build -o /dev/null .)
    say "examples/go compiles ($(( $(date +%s) - t0 ))s)"
fi

files=()
if [ $# -gt 0 ]; then
    for name in "$@"; do files+=("tests/e2e/bin/test/$name.test.js"); done
else
    # node --test runs the files one at a time (--test-concurrency=1), in this order (docs after the
    # examples/go compile above, so its `go vet` finds a warm build cache).
    for name in examples yaml multi-account adopt policy-violations bad-input explicit-provider data-protection reliability templates docs; do
        files+=("tests/e2e/bin/test/$name.test.js")
    done
fi
for f in "${files[@]}"; do [ -f "$f" ] || { say "no such test file: $f"; exit 2; }; done

say "pulumi $(pulumi version) from $(dirname "$(command -v pulumi)")"
rc=0
node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" || rc=$?
say "done in $(( $(date +%s) - start ))s (exit $rc)"
exit $rc
