#!/usr/bin/env bash
# Packages the provider as plugin archives that
#   pulumi plugin install resource codeartifact-platform VERSION --file dist/<archive>
# accepts, named as Pulumi names them (pulumi-resource-codeartifact-platform-vVERSION-OS-ARCH.tar.gz):
#   pulumi-resource-codeartifact-platform        launcher (sh; linux and darwin)
#   pulumi-resource-codeartifact-platform.cmd    launcher (windows)
#   bin/index.js        the compiled provider and its runtime dependencies in one file (tools/bundle)
#   bin/index.js.map    its source map (used with CODEARTIFACT_PLATFORM_SOURCE_MAPS=1)
#   bin/schema.json     the schema it serves
#   bin/THIRD-PARTY-NOTICES.txt   the license files of the bundled packages
#   package.json        name and version (the provider reports the version it reads there)
# The bundle is plain JavaScript, so one build serves every OS and architecture; the plugin needs
# Node.js 20+ on PATH, as before. Archives are reproducible (sorted, fixed owner and mtime, gzip -n).
#
#   scripts/package-plugin.sh          this machine's OS and architecture (make plugin)
#   scripts/package-plugin.sh --all    linux, darwin and windows on amd64 and arm64 (make release)
# Output: dist/ (git-ignored).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=/dev/null
source versions.env
log_prefix=package-plugin
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

if [ "${1:-}" = --all ]; then
    targets=(linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64 windows-arm64)
else
    os=$(uname -s | tr '[:upper:]' '[:lower:]')
    arch=$(uname -m); case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
    targets=("$os-$arch")
fi

(cd provider && npm run --silent build)
npm_ci tools/bundle
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

common="$stage/common"
node tools/bundle/bundle.js provider/bin/index.js "$common/bin" >"$stage/bundle.json"
cp provider/bin/schema.json "$common/bin/"
node -e '
const p = require("./provider/package.json");
const out = { name: p.name, version: p.version, description: p.description, license: p.license, private: true };
require("fs").writeFileSync(process.argv[1], JSON.stringify(out, null, 2) + "\n");' "$common/package.json"
say "bundle: $(cat "$stage/bundle.json")"

# Reproducible archives: the same commit gives the same bytes (and checksums).
epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)
# V8 flags of the launchers (issue 16: the provider's peak memory). Its live heap is small (~55 MB
# mid-construct at 100 repositories) but the SDK's per-resource garbage let the young generation
# grow to 2 x 16 MB, and V8's helper threads (concurrent compilation and GC) add malloc arenas of
# their own. A 4 MB semi-space saved ~20 MB of peak RSS at 100 repositories, no helper threads ~10 MB
# more, and the provider's CPU time went down, not up (measured with the installed plugin).
node_flags="--max-semi-space-size=4 --single-threaded"
mkdir -p dist
for target in "${targets[@]}"; do
    dir="$stage/$target"
    cp -r "$common" "$dir"
    case "$target" in
    windows-*)
        printf '%s\r\n' '@echo off' \
            'rem Starts the bundled codeartifact-platform provider (Node.js 20+ on PATH).' \
            "node $node_flags \"%~dp0bin\\index.js\" %*" >"$dir/pulumi-resource-codeartifact-platform.cmd"
        chmod +x "$dir/pulumi-resource-codeartifact-platform.cmd"
        ;;
    *)
        cat >"$dir/pulumi-resource-codeartifact-platform" <<LAUNCHER
#!/bin/sh
# Starts the bundled codeartifact-platform provider (Node.js 20+ on PATH).
exec node $node_flags "\$(dirname "\$0")/bin/index.js" "\$@"
LAUNCHER
        chmod +x "$dir/pulumi-resource-codeartifact-platform"
        ;;
    esac
    name="pulumi-resource-codeartifact-platform-v$PACKAGE_VERSION-$target.tar.gz"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - -C "$dir" . | gzip -n -9 >"dist/$name"
    echo "plugin: dist/$name ($(stat -c %s "dist/$name") bytes)"
done
echo "install: pulumi plugin install resource codeartifact-platform $PACKAGE_VERSION --file dist/<archive>"
