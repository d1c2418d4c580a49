#!/usr/bin/env bash
# `make release`: everything a release publishes, built into a fresh dist/ (git-ignored):
#   pulumi-resource-codeartifact-platform-vVERSION-{linux,darwin,windows}-{amd64,arm64}.tar.gz
#                       plugin archives (scripts/package-plugin.sh --all)
#   codeartifact-platform-pulumi-VERSION.tgz                 npm tarball of sdk/nodejs (npm pack of its bin/)
#   pulumi_codeartifact_platform-VERSION-py3-none-any.whl    Python wheel of sdk/python
#   pulumi_codeartifact_platform-VERSION.tar.gz              Python sdist of sdk/python
#   checksums.txt       sha256 of each file above (sha256sum -c checksums.txt, from dist/)
# VERSION is PACKAGE_VERSION of versions.env. Expects `make setup` (scripts/setup.sh) to have run.
# The plugin suite (scripts/test.sh plugin) runs this and checks dist/ (tests/release);
# .github/workflows/release.yml runs the same on a version tag and publishes dist/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=/dev/null
source versions.env
log_prefix=release
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
# The Python build front end and backend, pinned (the build runs without isolation, so these are what build).
PYTHON_BUILD_VERSION=1.6.1
SETUPTOOLS_VERSION=84.2.1

rm -rf dist
mkdir -p dist
scripts/package-plugin.sh --all >&2

# npm: the compiled SDK (bin/, what programs install), rebuilt as set-up builds it when sdk/ changed.
if stale sdk/nodejs/bin/package.json sdk/nodejs; then
    say "building sdk/nodejs"
    (cd sdk/nodejs && npx tsc && cp package.json README.md bin/)
fi
npm pack ./sdk/nodejs/bin --pack-destination dist --silent >/dev/null

# Python: built from a copy, so nothing (build/, *.egg-info) is written into the generated sdk/python.
# The generated pyproject.toml names README.md beside it, which the generator writes into the package.
if ! .venv/bin/python -c "import build, setuptools, sys; sys.exit(build.__version__ != '$PYTHON_BUILD_VERSION' or setuptools.__version__ != '$SETUPTOOLS_VERSION')" 2>/dev/null; then
    say "installing build $PYTHON_BUILD_VERSION and setuptools $SETUPTOOLS_VERSION into .venv"
    .venv/bin/pip install --quiet --disable-pip-version-check "build==$PYTHON_BUILD_VERSION" "setuptools==$SETUPTOOLS_VERSION"
fi
py=$(mktemp -d)
trap 'rm -rf "$py"' EXIT
cp sdk/python/pyproject.toml "$py/"
cp -r sdk/python/pulumi_codeartifact_platform "$py/"
find "$py" -name __pycache__ -prune -exec rm -rf {} +
cp sdk/python/pulumi_codeartifact_platform/README.md "$py/README.md"
# setuptools warns (on stderr) that the generated `project.license` table is deprecated; the log keeps it.
.venv/bin/python -m build --no-isolation --sdist --wheel --outdir dist "$py" >"$py/build.log" 2>&1 ||
    { cat "$py/build.log" >&2; say "python -m build failed"; exit 1; }

(cd dist && sha256sum -- * >checksums.txt)
ls -l dist
