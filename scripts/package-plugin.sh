#!/usr/bin/env bash
# Packages the provider as a plugin archive that
#   pulumi plugin install resource codeartifact-platform VERSION --file dist/<archive>
# accepts: a launcher named pulumi-resource-codeartifact-platform, the compiled provider with its
# served schema, and its production dependencies. Output: dist/ (git-ignored).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=/dev/null
source versions.env
(cd provider && npm run --silent build)

os=$(uname -s | tr '[:upper:]' '[:lower:]')
arch=$(uname -m); case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
name="pulumi-resource-codeartifact-platform-v$PACKAGE_VERSION-$os-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/bin" dist
cp -r provider/bin/. "$stage/bin/"
node -e '
const p = require("./provider/package.json");
delete p.devDependencies; delete p.scripts;
require("fs").writeFileSync(process.argv[1], JSON.stringify(p, null, 2) + "\n");' "$stage/package.json"
(cd "$stage" && npm install --omit=dev --no-package-lock --no-audit --no-fund --loglevel=error >&2)
cat > "$stage/pulumi-resource-codeartifact-platform" <<'LAUNCHER'
#!/bin/sh
# Starts the compiled codeartifact-platform provider (Node.js 20+ on PATH).
exec node "$(dirname "$0")/bin/index.js" "$@"
LAUNCHER
chmod +x "$stage/pulumi-resource-codeartifact-platform"
tar -czf "dist/$name.tar.gz" -C "$stage" .
echo "plugin: dist/$name.tar.gz"
echo "install: pulumi plugin install resource codeartifact-platform $PACKAGE_VERSION --file dist/$name.tar.gz"
