#!/usr/bin/env bash
# Regenerates sdk/nodejs, sdk/python and sdk/go/codeartifactplatform from schema.yaml with the
# pinned Pulumi CLI. Generated files are replaced whole (removed ones disappear; build products stay);
# sdk/go/go.mod and go.sum are ours, outside the generated package directory.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=/dev/null
source scripts/pulumi-env.sh

# The CLI's YAML schema loader cannot read `language` sections as maps, so it gets the JSON
# form that the provider build writes from schema.yaml (the same file GetSchema serves).
node provider/scripts/schema-json.js
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for lang in nodejs python go; do
    pulumi package gen-sdk provider/bin/schema.json --language "$lang" --out "$tmp" >/dev/null
done
# Replace the generated files, keeping local build products (node_modules, bin, build, ...).
replace() {
    local from=$1 to=$2
    mkdir -p "$to"
    find "$to" -mindepth 1 -maxdepth 1 ! -name node_modules ! -name bin ! -name build ! -name '*.egg-info' -exec rm -rf {} +
    cp -r "$from/." "$to/"
}
replace "$tmp/nodejs" sdk/nodejs
replace "$tmp/python" sdk/python
replace "$tmp/go/codeartifactplatform" sdk/go/codeartifactplatform
cp "$tmp/go/.gitattributes" sdk/go/.gitattributes
echo "gen-sdk: sdk/nodejs sdk/python sdk/go written from schema.yaml"
