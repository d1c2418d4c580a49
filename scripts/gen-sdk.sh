#!/usr/bin/env bash
# Regenerates sdk/nodejs, sdk/python and sdk/go/codeartifactplatform from schema.yaml with the
# pinned Pulumi CLI. The generated trees are replaced whole (so removed files disappear);
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
rm -rf sdk/nodejs sdk/python sdk/go/codeartifactplatform
mkdir -p sdk/go
mv "$tmp/nodejs" sdk/nodejs
mv "$tmp/python" sdk/python
mv "$tmp/go/codeartifactplatform" sdk/go/codeartifactplatform
cp "$tmp/go/.gitattributes" sdk/go/.gitattributes
echo "gen-sdk: sdk/nodejs sdk/python sdk/go written from schema.yaml"
