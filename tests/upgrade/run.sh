#!/usr/bin/env bash
# Upgrade tests (suite `upgrade` of scripts/test.sh): the starter stacks recorded with earlier
# releases (fixtures/<tag>/<language>.json, made by record.sh) are imported into fresh stacks and
# previewed with THIS checkout's provider and SDKs, OFFLINE against the aws stand-in
# (tools/offline-aws): no replace, no delete, and only the updates and creates that CHANGELOG.md's
# "Children that change" tables name. node:test; the fixtures and changelog tests need no engine.
#
#   tests/upgrade/run.sh                          everything
#   tests/upgrade/run.sh changelog fixture        only bin/test/<name>.test.js (no engine: seconds)
#   UPGRADE_LANGUAGES=python tests/upgrade/run.sh only some starter stacks (typescript,python,go)
#   KEEP_UPGRADE_DIRS=1 tests/upgrade/run.sh      keep each stack's temporary backend, home and config
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
start=$(date +%s)
log_prefix=upgrade
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

npm_ci tests/upgrade
(cd tests/upgrade && rm -rf bin && npx tsc -p tsconfig.json)

files=()
if [ $# -gt 0 ]; then
    for name in "$@"; do files+=("tests/upgrade/bin/test/$name.test.js"); done
else
    for name in changelog fixture upgrade; do files+=("tests/upgrade/bin/test/$name.test.js"); done
fi
for f in "${files[@]}"; do [ -f "$f" ] || { say "no such test file: $f"; exit 2; }; done

# The Go language host compiles examples/go at every preview; compile once here, outside any test's
# time limit (about 3 min with a cold Go build cache, seconds when tests/e2e or an earlier run warmed it).
if [[ " ${files[*]} " == *" tests/upgrade/bin/test/upgrade.test.js "* ]] && [ -f examples/go/go.mod ] && command -v go >/dev/null &&
    { [ -z "${UPGRADE_LANGUAGES:-}" ] || [[ ",${UPGRADE_LANGUAGES// /}," == *",go,"* ]]; }; then
    t0=$(date +%s)
    (cd examples/go && go build -o /dev/null .)
    say "examples/go compiles ($(( $(date +%s) - t0 ))s)"
fi

say "pulumi $(pulumi version) from $(dirname "$(command -v pulumi)")"
rc=0
node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" || rc=$?
say "done in $(( $(date +%s) - start ))s (exit $rc)"
exit $rc
