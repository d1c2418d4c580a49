# Entry points. Everything offline runs against the aws stand-in (tools/offline-aws), never AWS.
.PHONY: help setup build gen-sdk test lint e2e bench demo plugin release clean
.DEFAULT_GOAL := help

VERSION := $(shell sed -n 's/^PACKAGE_VERSION=//p' versions.env)

help:             ## this list
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9-]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup:            ## tools (Pulumi CLI from source), dependencies, builds; idempotent
	scripts/setup.sh

build: setup      ## same as setup

gen-sdk:          ## regenerate sdk/ from schema.yaml (commit the result)
	scripts/gen-sdk.sh

test:             ## every suite; the README's test command and what CI runs
	scripts/test.sh

lint:             ## Prettier and ESLint over the TypeScript (the lint suite)
	scripts/test.sh lint

e2e:              ## engine-level tests only (offline)
	scripts/test.sh e2e

demo:             ## the main job: offline preview --policy-pack and up of the TypeScript starter stack
	scripts/demo.sh

bench:            ## benchmarks -> bench/RESULTS.md (not part of test)
	scripts/setup.sh --bench
	bench/run.sh

plugin:           ## packaged plugin (this OS/arch) for `pulumi plugin install resource codeartifact-platform VERSION --file ...`
	scripts/package-plugin.sh

release: setup    ## dist/: plugin archives (linux, darwin, windows x amd64, arm64), npm tarball, wheel, sdist, checksums.txt
	scripts/release.sh

clean:            ## remove build outputs (keeps .tools/ and node_modules)
	rm -rf provider/bin policypack/bin sdk/nodejs/bin tools/offline-aws/bin dist .pulumi-state
