#!/usr/bin/env bash
# The main job (`make demo`): set up, then OFFLINE — against the aws stand-in in tools/offline-aws,
# a test double that creates nothing in AWS — preview the TypeScript starter stack with the policy
# pack (resource tree + policy results), apply it, and print what a user needs next: login
# commands, .npmrc, pip index URL and Maven settings.xml.
#
# State lives in .pulumi-state/ (git-ignored), stack `demo` of examples/typescript. Running it again
# is safe: the stack is reused and the second preview/up show no changes.
#   scripts/demo.sh            set up + demo
#   DEMO_SKIP_SETUP=1 scripts/demo.sh   skip scripts/setup.sh (already set up)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
banner() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }

if [ "${DEMO_SKIP_SETUP:-}" != 1 ]; then
    banner "set-up (scripts/setup.sh)"
    scripts/setup.sh
fi

# shellcheck source=/dev/null
source scripts/pulumi-env.sh
# shellcheck source=/dev/null
source tools/offline-aws/env.sh
if [ "${PULUMI_OFFLINE_AWS_STANDIN:-}" != 1 ]; then
    echo "demo: the offline aws stand-in could not be enabled; refusing to run against anything else" >&2
    exit 1
fi
# Never download a plugin (the real aws one in particular): offline means offline.
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
state_dir="$root/.pulumi-state"
mkdir -p "$state_dir"
export PULUMI_BACKEND_URL="file://$state_dir"
stack=demo
project=examples/typescript

cat <<EOF

  ************************************************************************************
  *  OFFLINE DEMO: the aws provider is the offline aws stand-in (tools/offline-aws),   *
  *  a TEST DOUBLE. It validates and echoes inputs and makes up ids and ARNs.          *
  *  Nothing is created in any AWS account. ARNs below use the fake account            *
  *  111122223333.                                                                     *
  ************************************************************************************
  state: $state_dir (stack '$stack' of $project)
EOF

p() { pulumi --cwd "$project" --stack "$stack" "$@"; }

if pulumi --cwd "$project" stack ls --json 2>/dev/null | grep -q "\"name\": \"$stack\""; then
    echo "demo: reusing stack '$stack'"
else
    pulumi --cwd "$project" stack init "$stack"
fi

banner "pulumi preview --policy-pack policypack  (resource tree + policy results, offline)"
p preview --show-sames --suppress-outputs --policy-pack "$root/policypack"

banner "pulumi up --yes --policy-pack policypack  (offline: applied to the aws stand-in, not AWS)"
p up --yes --skip-preview --suppress-outputs --policy-pack "$root/policypack"

banner "outputs (pulumi stack output; offline values: fake account 111122223333)"
outputs=$(p stack output --json --show-secrets)
node -e '
const o = JSON.parse(process.argv[1]);
const out = (s) => process.stdout.write(s + "\n");
out("domain:            " + o.domainArn);
out("proxies:           " + Object.entries(o.proxies).map(([c, n]) => `${n} (${c})`).join(", "));
out("GitHub read role:  " + o.githubReadRoleArn);
out("GitHub publish:    " + o.githubPublishRoleArn);
out("EC2 profile:       " + o.ec2InstanceProfile);
out("\n# log in (aws codeartifact login ...)");
for (const [repo, tools] of Object.entries(o.loginCommands)) {
    for (const [tool, cmd] of Object.entries(tools)) out(`${repo} (${tool}):\n  ${cmd}`);
}
out("\n# ~/.npmrc (npm-internal)");
process.stdout.write(o.npmrc);
out("\n# pip index URL (py-internal)");
out("pip config set global.index-url " + o.pipIndexUrl);
out("\n# ~/.m2/settings.xml (maven-internal)");
process.stdout.write(o.mavenSettingsXml);
' "$outputs"

cat <<EOF

demo: done, OFFLINE against the aws stand-in (nothing exists in AWS). Run it again: no changes.
  all outputs:  source scripts/pulumi-env.sh && PULUMI_BACKEND_URL=file://$state_dir pulumi --cwd $project --stack $stack stack output --json
  tear down:    source scripts/pulumi-env.sh && source tools/offline-aws/env.sh && PULUMI_BACKEND_URL=file://$state_dir pulumi --cwd $project --stack $stack destroy --yes
                (dataProtection retain: the domain, repositories and key would be left in the account)
EOF
