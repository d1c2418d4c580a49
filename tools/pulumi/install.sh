#!/usr/bin/env bash
# Builds the Pulumi CLI and the Node.js/Python/Go language hosts from source, through the Go module
# proxy, into .tools/pulumi-$PULUMI_VERSION/bin (git-ignored). No Pulumi binary is downloaded.
#
# Usage:
#   tools/pulumi/install.sh                  # build, or reuse the cached build for this version
#   PULUMI_USE_INSTALLED=1 tools/pulumi/install.sh   # use a `pulumi` already on PATH, build nothing
#   PULUMI_FORCE_REBUILD=1 tools/pulumi/install.sh   # ignore the cache
# then:
#   source scripts/pulumi-env.sh               # puts the bin directory first on PATH (and test defaults)
#
# What gets built (module tools/pulumi, see its go.mod):
#   pulumi           github.com/pulumi/pulumi/pkg/v3/cmd/pulumi, `pulumi version` = v$PULUMI_VERSION (pkg/v3's own)
#   pulumi-langhost  tools/pulumi/langhost: this project's own language host; installed as
#                    pulumi-language-nodejs, pulumi-language-python and pulumi-language-go (symlinks).
#                    The upstream language-host modules are not served by the module proxy, so they
#                    cannot be built here.
#   pulumi-language-python-exec  copied from the sdk/v3 module (python/cmd/), used by the Python host.
#   pulumi-language-yaml  Pulumi's own YAML language host, github.com/pulumi/pulumi-yaml v$PULUMI_YAML_VERSION
#                    (cmd/pulumi-language-yaml), built from that module's own go.mod and go.sum (see below).
#   pulumi-analyzer-policy, pulumi-analyzer-policy-python, pulumi-resource-pulumi-nodejs,
#   pulumi-resource-pulumi-python  small launcher scripts written below (what a release ships beside
#                    the binaries).
#
# Versions: the wrapper module pins github.com/pulumi/pulumi/pkg/v3 (the CLI's own code) and sdk/v3 at
# v$PULUMI_VERSION, the newest release the module proxy serves in full; the script checks both pins
# against versions.env.
#
# The YAML host cannot share the wrapper module: pulumi-yaml v1.25.0 (the newest release the proxy serves)
# requires pkg/v3 and sdk/v3 v3.206.0 and does not compile against a newer pkg/v3 (pkg/v3 v3.247.0 changed
# schema.NewPluginLoader to take a *plugin.Context and dropped an argument of plugin.NewContextWithRoot).
# So it is built with `go install MODULE/cmd/pulumi-language-yaml@VERSION`, which uses pulumi-yaml's own
# go.mod and go.sum (checked against the checksum database), as Pulumi builds the binary it ships. The
# host talks to the engine over gRPC only, so its SDK version need not match the CLI's.
set -euo pipefail

start_ns=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - start_ns) / 1000000 ))" | awk '{printf "%.1fs", $1 / 1000}'; }

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=/dev/null
source "$repo_root/versions.env"
: "${PULUMI_VERSION:?versions.env must set PULUMI_VERSION}"
# Pulumi's YAML language host (github.com/pulumi/pulumi-yaml); versions.env may set it.
: "${PULUMI_YAML_VERSION:=1.25.0}"

tools_module="$repo_root/tools/pulumi"
prefix="$repo_root/.tools/pulumi-$PULUMI_VERSION"
bin="$prefix/bin"
log() { echo "install-pulumi: $*" >&2; }

# --- Escape hatch: an existing CLI -------------------------------------------------------------------
if [[ "${PULUMI_USE_INSTALLED:-}" == "1" ]]; then
	if existing=$(command -v pulumi); then
		log "PULUMI_USE_INSTALLED=1: using $existing ($("$existing" version 2>/dev/null || echo 'version unknown')); nothing built ($(elapsed))"
		exit 0
	fi
	log "PULUMI_USE_INSTALLED=1 but no pulumi on PATH; building instead"
fi

launchers=(pulumi-analyzer-policy pulumi-analyzer-policy-python pulumi-resource-pulumi-nodejs
	pulumi-resource-pulumi-python)
binaries=(pulumi pulumi-langhost pulumi-language-nodejs pulumi-language-python pulumi-language-go
	pulumi-language-python-exec pulumi-language-yaml "${launchers[@]}")

# The cache key covers everything that goes into the build: the version, the wrapper module, the
# language host's sources (not its tests, which go into no binary) and this script (which writes the
# launchers).
inputs_hash() {
	(
		cd "$tools_module"
		echo "$PULUMI_VERSION"
		echo "pulumi-yaml $PULUMI_YAML_VERSION"
		cat go.mod go.sum
		for f in langhost/*.go; do [[ $f == *_test.go ]] || cat "$f"; done
		cat "$repo_root/tools/pulumi/install.sh"
	) | sha256sum | cut -d' ' -f1
}
stamp_file="$prefix/.build-inputs"
want_hash=$(inputs_hash)

# --- Cached? -----------------------------------------------------------------------------------------
if [[ "${PULUMI_FORCE_REBUILD:-}" != "1" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$want_hash" ]]; then
	complete=1
	for b in "${binaries[@]}"; do [[ -x "$bin/$b" ]] || complete=0; done
	if [[ $complete == 1 && "$("$bin/pulumi" version 2>/dev/null)" == "v$PULUMI_VERSION" ]]; then
		log "pulumi v$PULUMI_VERSION already built in ${bin#"$repo_root"/} (cached, $(elapsed))"
		exit 0
	fi
fi

# --- Build -------------------------------------------------------------------------------------------
command -v go >/dev/null || { log "go is required (Go >= 1.26) to build the Pulumi CLI"; exit 1; }

cd "$tools_module"
sdk_version=$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/sdk/v3)
pkg_version=$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3)
if [[ "$sdk_version" != "v$PULUMI_VERSION" || "$pkg_version" != "v$PULUMI_VERSION" ]]; then
	log "tools/pulumi/go.mod pins github.com/pulumi/pulumi/pkg/v3 $pkg_version and sdk/v3 $sdk_version but" \
		"versions.env says PULUMI_VERSION=$PULUMI_VERSION; update the wrapper module (go get" \
		"github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION, copy" \
		"their non-relative replace directives, then go mod tidy)"
	exit 1
fi
log "building pulumi v$PULUMI_VERSION (pkg/v3 and sdk/v3 $pkg_version), the language hosts and" \
	"pulumi-language-yaml v$PULUMI_YAML_VERSION;" \
	"the first build takes several minutes"

staging="$prefix/bin.partial"
rm -rf "$staging"
mkdir -p "$staging"
# The CLI reports the version of the engine code it is built from (pkg/v3).
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$pkg_version"
# One invocation so both programs share the compile work; -o DIR names them after their packages.
go build -trimpath -ldflags "$ldflags" -o "$staging/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi ./langhost
mv "$staging/langhost" "$staging/pulumi-langhost"
for lang in nodejs python go; do
	ln -s pulumi-langhost "$staging/pulumi-language-$lang"
done

# Pulumi's YAML host, from its own module graph (not the wrapper's: see the header). `go install PKG@VERSION`
# ignores the go.mod of the current directory.
yaml_module=github.com/pulumi/pulumi-yaml
GOBIN="$staging" go install -trimpath \
	-ldflags "-s -w -X $yaml_module/pkg/version.Version=v$PULUMI_YAML_VERSION" \
	"$yaml_module/cmd/pulumi-language-yaml@v$PULUMI_YAML_VERSION"

sdk_dir=$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$staging/pulumi-language-python-exec"

# --- Launcher scripts (this project's own; the engine finds them on PATH or beside `pulumi`) ----------
write_launcher() { cat >"$staging/$1"; chmod 0755 "$staging/$1"; }

write_launcher pulumi-analyzer-policy <<'EOF'
#!/bin/sh
# Starts a Node.js policy pack. The engine runs this in the policy pack's directory, so the runner is
# taken from the pack's own node_modules (@pulumi/pulumi/cmd/run-policy-pack).
runner=$(node -e "try { console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack')) } catch (e) { console.error(e.message); process.exit(1) }") || exit 1
exec node "$runner" "$@"
EOF

write_launcher pulumi-resource-pulumi-nodejs <<'EOF'
#!/bin/sh
# Resource plugin behind Node.js dynamic providers (pulumi.dynamic.Resource): runs
# @pulumi/pulumi/cmd/dynamic-provider as resolved from the program's directory.
runner=$(node -e "try { console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider')) } catch (e) { console.error(e.message); process.exit(1) }") || exit 1
exec node "$runner" "$@"
EOF

# Both Python launchers need the interpreter of the program's virtual environment when there is one.
python_select='
venv=${PULUMI_RUNTIME_VIRTUALENV:-}
if [ -z "$venv" ] && [ "${PULUMI_RUNTIME_TOOLCHAIN:-}" = uv ]; then venv=.venv; fi
if [ -z "$venv" ] && [ "${PULUMI_RUNTIME_TOOLCHAIN:-}" = poetry ]; then venv=$(poetry env info --path); fi
if [ -n "$venv" ]; then
	case $venv in /*) ;; *) venv=$PWD/$venv ;; esac
	if [ ! -x "$venv/bin/python" ]; then
		echo "virtualenv \"$venv\" (runtime option virtualenv) has no bin/python: create it with python3 -m venv and pip install the requirements" >&2
		exit 1
	fi
	PATH="$venv/bin:$PATH"; export PATH; unset PYTHONHOME
	python=$venv/bin/python
else
	python=${PULUMI_PYTHON_CMD:-python3}
fi'

write_launcher pulumi-analyzer-policy-python <<EOF
#!/bin/sh
# Starts a Python policy pack with the SDK's pulumi.policy runner (arguments: engine address, pack dir).
$python_select
exec "\$python" -u -m pulumi.policy "\$@"
EOF

write_launcher pulumi-resource-pulumi-python <<EOF
#!/bin/sh
# Resource plugin behind Python dynamic providers (pulumi.dynamic.Resource).
$python_select
exec "\$python" -u -m pulumi.dynamic "\$@"
EOF

# --- Swap in atomically and record the cache key ----------------------------------------------------
version_out=$("$staging/pulumi" version)
if [[ "$version_out" != "v$PULUMI_VERSION" ]]; then
	log "built pulumi reports '$version_out', expected v$PULUMI_VERSION"
	exit 1
fi
rm -rf "$bin"
mv "$staging" "$bin"
echo "$want_hash" >"$stamp_file"
log "pulumi $version_out built into ${bin#"$repo_root"/} in $(elapsed) ($(du -sh "$prefix" | cut -f1))"
