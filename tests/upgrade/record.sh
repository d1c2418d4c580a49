#!/usr/bin/env bash
# Re-records the upgrade fixtures of release 0.1.0: tests/upgrade/fixtures/v0.1.0/<language>.json,
# the state of each starter stack (examples/typescript, python, go; default config) after `pulumi up`
# with the PROVIDER, SDKs and examples of that release, OFFLINE on the aws stand-in.
#
#   tests/upgrade/record.sh                    every starter stack
#   tests/upgrade/record.sh python go          only these
#   UPGRADE_WORKTREE=/tmp/cap-v0.1.0 UPGRADE_KEEP_WORKTREE=1 tests/upgrade/record.sh
#                                              build into (and keep, to reuse) that worktree
#
# How: `git worktree add` of tag v0.1.0 (commit fb944fa when the tag is missing) outside the
# repository; there `npm ci` (the provider is the root npm workspace), the provider build, the
# sdk/nodejs build as that release's scripts/setup.sh did it, `npm ci` of examples/typescript, a
# .venv with that release's Python SDK, a compile of examples/go. The Pulumi CLI, language hosts and
# the aws stand-in are THIS checkout's (the stand-in as committed at HEAD, built in a temporary
# directory; the release's own lived elsewhere then): only the provider and the programs come from
# the release. Each program runs `pulumi up` on a temporary file
# backend with its own PULUMI_HOME; `pulumi stack export` goes through src/fixture.ts's normalize
# (no timestamps, paths, random autoname suffixes or provider ids; see tests/upgrade/README.md).
# Last, each fixture is imported into a fresh stack and previewed with the release's provider:
# `--expect-no-changes` proves the normalization changed nothing the engine reads.
# The worktree is removed at the end unless UPGRADE_KEEP_WORKTREE=1.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
log_prefix=upgrade-record
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

RELEASE=0.1.0
TAG=v$RELEASE
FALLBACK_COMMIT=fb944fa
STACK=upgrade
LANGS=(typescript python go)
[ $# -gt 0 ] && LANGS=("$@")

if commit=$(git rev-parse -q --verify "refs/tags/$TAG^{commit}"); then
    from="tag $TAG"
else
    commit=$(git rev-parse --verify "$FALLBACK_COMMIT^{commit}")
    from="commit $FALLBACK_COMMIT (tag $TAG is missing)"
fi
# Every timestamp of the fixtures is the release commit's time (UTC).
time=$(TZ=UTC git show -s --date=format-local:%Y-%m-%dT%H:%M:%SZ --format=%cd "$commit")
out="$here/fixtures/$TAG"
mkdir -p "$out"
say "recording release $RELEASE from $from = ${commit:0:12} ($time)"

missing=$(missing_setup)
[ -z "$missing" ] || { say "missing: $(echo $missing). Run scripts/setup.sh first."; exit 1; }
npm_ci tests/upgrade
(cd tests/upgrade && rm -rf bin && npx tsc -p tsconfig.json)

wt=${UPGRADE_WORKTREE:-$(mktemp -d /tmp/cap-$TAG-XXXXXX)}
tmp=$(mktemp -d /tmp/cap-upgrade-record-XXXXXX)
cleanup() {
    rm -rf "$tmp"
    if [ "${UPGRADE_KEEP_WORKTREE:-}" = 1 ]; then
        say "kept the worktree $wt"
    else
        git -C "$root" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
        git -C "$root" worktree prune
    fi
}
trap cleanup EXIT

if [ "$(git -C "$wt" rev-parse HEAD 2>/dev/null || true)" = "$commit" ] && [ "$(git -C "$wt" rev-parse --show-toplevel 2>/dev/null)" = "$wt" ]; then
    say "reusing the worktree $wt"
else
    git worktree add --detach "$wt" "$commit" >/dev/null
fi

# --- the release's provider, SDKs and examples, built as its own scripts/setup.sh did
(
    cd "$wt"
    # shellcheck source=/dev/null
    source versions.env
    npm_ci .
    [ -f provider/bin/index.js ] || { say "building the $TAG provider"; (cd provider && npm run --silent build); }
    if [ ! -f sdk/nodejs/bin/index.js ]; then
        say "building the $TAG sdk/nodejs"
        (cd sdk/nodejs && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
            "@pulumi/pulumi@$PULUMI_VERSION" "typescript@$TYPESCRIPT_VERSION" "@types/node@20.19.43" &&
            npx tsc && cp package.json README.md bin/)
    fi
    for lang in "${LANGS[@]}"; do
        case $lang in
        typescript) npm_ci examples/typescript ;;
        python)
            if [ ! -x .venv/bin/python ]; then
                say "creating $wt/.venv with the $TAG Python SDK"
                python3 -m venv .venv
                .venv/bin/pip install --quiet --disable-pip-version-check "pulumi==$PULUMI_VERSION" ./sdk/python
            fi ;;
        go) t0=$(date +%s); (cd examples/go && go build -o /dev/null .); say "$TAG examples/go compiles ($(( $(date +%s) - t0 ))s)" ;;
        *) say "unknown starter stack $lang (known: typescript python go)"; exit 2 ;;
        esac
    done
)

# --- this checkout's CLI and aws stand-in. The stand-in as committed (HEAD), built in the temporary
# directory: what the fixtures record does not depend on work in progress in tools/offline-aws.
# shellcheck source=/dev/null
source scripts/pulumi-env.sh
standin=$(git log -1 --format=%h HEAD -- tools/offline-aws)
mkdir -p "$tmp/standin"
git archive HEAD tools/offline-aws | tar -x -C "$tmp/standin"
# shellcheck source=/dev/null
source "$tmp/standin/tools/offline-aws/env.sh"
[ "${PULUMI_OFFLINE_AWS_STANDIN:-}" = 1 ] || { say "the offline aws stand-in could not be enabled"; exit 1; }
unset AWS_REGION AWS_DEFAULT_REGION OFFLINE_AWS_REGION OFFLINE_AWS_ACCOUNT_ID PULUMI_IGNORE_AMBIENT_PLUGINS PULUMI_STACK
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true OFFLINE_AWS_STANDIN_QUIET=1
export PULUMI_CONFIG_PASSPHRASE=offline-test-passphrase
unset PULUMI_CONFIG_PASSPHRASE_FILE
say "OFFLINE: pulumi $(pulumi version) from $(dirname "$(command -v pulumi)"), aws = the stand-in (tools/offline-aws)"

# Runs pulumi in a project directory against workspace $1 (backend, home, config file in $1).
pulumi_in() {
    local ws=$1 dir=$2; shift 2
    (cd "$dir" && PULUMI_BACKEND_URL="file://$ws/state" PULUMI_HOME="$ws/home" pulumi "$@" --non-interactive --color never)
}
new_stack() {
    local ws=$1 dir=$2
    mkdir -p "$ws/state" "$ws/home"
    pulumi_in "$ws" "$dir" stack init "$STACK" >/dev/null
    # stack init writes Pulumi.<stack>.yaml (the passphrase salt) into the project: keep it out.
    if [ -f "$dir/Pulumi.$STACK.yaml" ]; then mv "$dir/Pulumi.$STACK.yaml" "$ws/config.yaml"; else echo "config: {}" >"$ws/config.yaml"; fi
}

for lang in "${LANGS[@]}"; do
    dir="$wt/examples/$lang"
    ws="$tmp/$lang-up"
    t0=$(date +%s)
    new_stack "$ws" "$dir"
    pulumi_in "$ws" "$dir" up --yes --skip-preview --stack "$STACK" --config-file "$ws/config.yaml" >"$ws/up.log" 2>&1 ||
        { cat "$ws/up.log" >&2; say "$lang: up failed"; exit 1; }
    pulumi_in "$ws" "$dir" stack export --stack "$STACK" >"$ws/raw.json"
    node tests/upgrade/bin/src/normalize-cli.js "$ws/raw.json" "$out/$lang.json" "$time" "$STACK"

    # The fixture as the suite will use it, previewed with the release's own provider: no change at all.
    check="$tmp/$lang-check"
    new_stack "$check" "$dir"
    pulumi_in "$check" "$dir" stack import --file "$out/$lang.json" --stack "$STACK" >/dev/null
    pulumi_in "$check" "$dir" preview --expect-no-changes --stack "$STACK" --config-file "$check/config.yaml" >"$check/preview.log" 2>&1 ||
        { cat "$check/preview.log" >&2; say "$lang: the normalized fixture does not preview clean with the $TAG provider"; exit 1; }
    say "$lang: recorded and checked (the $TAG provider previews the fixture with no change) in $(( $(date +%s) - t0 ))s"
done

# Provenance, for reviewers and for the suite (which release's changelog rows apply).
node -e '
const fs = require("fs"), path = require("path");
const [dir, release, commit, from, time, pulumi, standin] = process.argv.slice(1);
const fixtures = {};
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "provenance.json").sort()) {
    const lang = f.replace(/\.json$/, "");
    const res = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")).deployment.resources;
    fixtures[lang] = { program: `examples/${lang}`, config: "none (the defaults of its Pulumi.yaml)", resources: res.length,
        awsResources: res.filter((r) => r.type.startsWith("aws:")).length };
}
const p = { release, commit, recordedFrom: from, time, recordedWith: { pulumi, awsStandin: `tools/offline-aws at ${standin}` },
    rerecord: "tests/upgrade/record.sh", fixtures };
fs.writeFileSync(path.join(dir, "provenance.json"), JSON.stringify(p, null, 2) + "\n");
' "$out" "$RELEASE" "$commit" "$from" "$time" "$(pulumi version)" "$standin"
say "wrote $(ls "$out" | tr '\n' ' ')in ${out#"$root"/}"
