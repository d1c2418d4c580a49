# Entry points. Everything offline runs against the aws stand-in (tests/offline-aws), never AWS.
.PHONY: setup build gen-sdk test e2e bench demo plugin clean

VERSION := $(shell sed -n 's/^PACKAGE_VERSION=//p' versions.env)

setup:            ## tools (Pulumi CLI from source), dependencies, builds; idempotent
	scripts/setup.sh

build: setup

gen-sdk:          ## regenerate sdk/ from schema.yaml (commit the result)
	scripts/gen-sdk.sh

test:             ## every suite; the README's test command and what CI runs
	scripts/test.sh

e2e:              ## engine-level tests only (offline)
	scripts/test.sh e2e

demo:             ## the main job: offline preview --policy-pack and up of the TypeScript starter stack
	scripts/demo.sh

bench:            ## benchmarks -> bench/RESULTS.md (not part of test)
	bench/run.sh

plugin:           ## packaged plugin for `pulumi plugin install resource codeartifact-platform $(VERSION) --file ...`
	scripts/package-plugin.sh

clean:
	rm -rf provider/bin policypack/bin sdk/nodejs/bin dist .pulumi-state
