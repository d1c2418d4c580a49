#!/usr/bin/env bash
# offline aws stand-in smoke test: runs smoke/program through the real Pulumi engine
# (preview, up, second up with no changes, destroy) against the stand-in. Never touches AWS.
# Needs `pulumi` and `pulumi-language-nodejs` on PATH (or PULUMI_BIN_DIR pointing at them).
# KEEP_SMOKE_DIR=1 keeps the temporary state/home directory for inspection.
set -euo pipefail

here=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
if [ -n "${PULUMI_BIN_DIR:-}" ]; then
    export PATH="$PULUMI_BIN_DIR:$PATH"
fi
command -v pulumi >/dev/null || { echo "offline aws smoke: no pulumi on PATH (set PULUMI_BIN_DIR)" >&2; exit 1; }
# shellcheck source=../env.sh
source "$here/../env.sh"
[ "${PULUMI_OFFLINE_AWS_STANDIN:-}" = 1 ] || exit 1

work=$(mktemp -d "${TMPDIR:-/tmp}/offline-aws-smoke.XXXXXX")
cleanup() { if [ "${KEEP_SMOKE_DIR:-}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT

mkdir -p "$work/program" "$work/state" "$work/home"
cp "$here/program/Pulumi.yaml" "$here/program/index.ts" "$here/program/tsconfig.json" "$work/program/"
ln -s "$here/../node_modules" "$work/program/node_modules"
cat > "$work/program/package.json" <<JSON
{ "name": "offline-aws-smoke", "private": true, "main": "index.ts",
  "dependencies": { "@pulumi/aws": "7.48.0", "@pulumi/pulumi": "3.260.0" } }
JSON

export PULUMI_HOME="$work/home"
export PULUMI_CONFIG_PASSPHRASE=offline-smoke
export PULUMI_SKIP_UPDATE_CHECK=true
# Any attempt to fetch the real aws plugin is an error here, not a download.
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
unset OFFLINE_AWS_ACCOUNT_ID AWS_REGION AWS_DEFAULT_REGION OFFLINE_AWS_REGION

cd "$work/program"
step() { echo; echo "=== offline aws smoke: $*" >&2; }
p() { pulumi --non-interactive --color never "$@"; }

step "login + stack init"
p login "file://$work/state"
p stack init smoke
p config set aws:region us-west-2
p config set --path 'aws:defaultTags.tags.owner' platform

step "preview"
p preview --diff 2>&1 | tee "$work/preview.txt"

step "up"
p up --yes --skip-preview 2>&1 | tee "$work/up1.txt"
p stack output --json > "$work/outputs.json"

step "check outputs"
node - "$work/outputs.json" <<'JS'
const o = require(process.argv[2]);
const want = {
  accountId: "111122223333",
  regionName: "us-west-2",
  partitionName: "aws",
  callerArn: "arn:aws:iam::111122223333:user/offline-aws-standin",
  domainArn: "arn:aws:codeartifact:us-west-2:111122223333:domain/offline-smoke",
  domainOwner: "111122223333",
  npmProxyArn: "arn:aws:codeartifact:us-west-2:111122223333:repository/offline-smoke/npm-store",
  appArn: "arn:aws:codeartifact:us-west-2:111122223333:repository/offline-smoke/app-internal",
  oidcArn: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
  buildRoleArn: "arn:aws:iam::111122223333:role/offline-smoke-build-host",
  euDomainArn: "arn:aws:codeartifact:eu-west-1:111122223333:domain/offline-smoke-eu",
  euRegionName: "eu-west-1",
};
const bad = [];
for (const [k, v] of Object.entries(want)) if (o[k] !== v) bad.push(`${k}: got ${JSON.stringify(o[k])}, want ${JSON.stringify(v)}`);
const re = {
  keyArn: /^arn:aws:kms:us-west-2:111122223333:key\/[0-9a-f-]{36}$/,
  ciRoleName: /^ci-read-[0-9a-f]{7}$/,
  ciRoleArn: /^arn:aws:iam::111122223333:role\/ci-read-[0-9a-f]{7}$/,
  profileArn: /^arn:aws:iam::111122223333:instance-profile\/build-host-[0-9a-f]{7}$/,
};
for (const [k, r] of Object.entries(re)) if (!r.test(String(o[k]))) bad.push(`${k}: ${JSON.stringify(o[k])} does not match ${r}`);
if (JSON.stringify(o.domainTagsAll) !== JSON.stringify({ owner: "platform", purpose: "smoke" })) bad.push(`domainTagsAll: ${JSON.stringify(o.domainTagsAll)}`);
if (JSON.stringify(o.euDomainTagsAll) !== JSON.stringify({ stack: "offline-smoke" })) bad.push(`euDomainTagsAll: ${JSON.stringify(o.euDomainTagsAll)}`);
if (!o.npmProxyConnection || o.npmProxyConnection.packageFormat !== "npm") bad.push(`npmProxyConnection: ${JSON.stringify(o.npmProxyConnection)}`);
if (bad.length) { console.error("offline aws smoke: wrong outputs:\n  " + bad.join("\n  ")); process.exit(1); }
console.error(`offline aws smoke: ${Object.keys(want).length + Object.keys(re).length + 3} outputs as expected`);
JS

step "second up (expect no changes)"
p preview --expect-no-changes 2>&1 | tee "$work/preview2.txt"
p up --yes --skip-preview --expect-no-changes 2>&1 | tee "$work/up2.txt"

step "destroy"
p destroy --yes --skip-preview 2>&1 | tee "$work/destroy.txt"
p stack rm --yes smoke

echo
echo "offline aws smoke: 1 passed, 0 failed"
