# Shell helpers the entry points share (sourced, never run): scripts/setup.sh, scripts/test.sh,
# scripts/demo.sh, tests/e2e/run.sh, tests/sdk/run.sh and bench/run.sh.
# Callers set `log_prefix` (e.g. "setup") before using `say`.

# The repository root, whichever script sourced this file.
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { echo "${log_prefix:-$(basename "$0")}: $*" >&2; }

# npm ci only when the lock changed since the last install (node_modules/.package-lock.json is npm's own record).
npm_ci() {
    local dir=$1
    if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        say "npm ci in $dir"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

# True when `target` is missing or any file under the given paths is newer than it.
stale() {
    local target=$1; shift
    [ ! -e "$target" ] || [ -n "$(find "$@" -newer "$target" -type f -not -path '*/node_modules/*' -not -path '*/bin/*' 2>/dev/null | head -n 1)" ]
}

# True when a copy of the TypeScript SDK (install-links copies sdk/nodejs/bin) somewhere under
# `dir`'s node_modules differs from the current build: the SDK changed without the lock changing.
sdk_copy_stale() {
    local copy
    while IFS= read -r copy; do
        diff -rq "$repo_root/sdk/nodejs/bin" "$copy" >/dev/null 2>&1 || return 0
    done < <(find "$1" -path '*/node_modules/@codeartifact-platform/pulumi' -prune -print 2>/dev/null)
    return 1
}

# Fingerprint of a directory's files (names and contents), to notice a rebuilt output.
fingerprint() { (cd "$1" && find . -type f -not -path '*/node_modules/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1); }

# Lists what set-up builds and is missing (empty output: everything is there).
missing_setup() {
    local v; v=$(sed -n 's/^PULUMI_VERSION=//p' "$repo_root/versions.env")
    if [ "${PULUMI_USE_INSTALLED:-}" = 1 ]; then
        command -v pulumi >/dev/null || echo "a pulumi CLI on PATH (PULUMI_USE_INSTALLED=1)"
    else
        [ -x "$repo_root/.tools/pulumi-$v/bin/pulumi" ] || echo "the Pulumi CLI (.tools/pulumi-$v)"
    fi
    [ -f "$repo_root/provider/bin/index.js" ] || echo "provider/bin (compiled provider)"
    [ -f "$repo_root/policypack/bin/index.js" ] || echo "policypack/bin (compiled policy pack)"
    [ -f "$repo_root/sdk/nodejs/bin/index.js" ] || echo "sdk/nodejs/bin (compiled TypeScript SDK)"
    [ -f "$repo_root/tools/offline-aws/bin/src/main.js" ] || echo "tools/offline-aws/bin (compiled aws stand-in)"
    [ -x "$repo_root/.venv/bin/python" ] || echo ".venv (Python virtualenv)"
}
