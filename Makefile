# pulumi-elevenlabs: every task a contributor or CI runs.
#   make setup   install Node deps (Node 22 comes from npm), the Pulumi engine and the YAML language host
#                (built once if absent) and the Python environment .tools/python
#   make demo    deploy examples/agent-basic against a local emulator, then show a second run changes nothing
#   make test    lint, typecheck and run all tests (unit, emulator, engine, packaging): what CI runs
#   make test-unit    the quick loop: unit and emulator tests only, no build, no engine (under a minute)
#   make test-engine  only the engine tests (builds dist/ first when it is stale)
#   make bench-tests  time make test-unit and the vitest part of make test; list the slowest files
#   make gitops  run examples/environments' CI pipeline locally: preview, staging, smoke check, production
#   make faults  the never-duplicate/never-orphan fault tests over five seeds (FAULT_SEEDS=1,2,...)
#   make pack    the tarball users install (dist/pulumi-elevenlabs-<version>.tgz; prepack rebuilds dist/)
#   make plugin  the provider plugin as release assets installable with `pulumi plugin install resource
#                elevenlabs <version> --file`: dist/plugin/pulumi-resource-elevenlabs-v<version>-<os>-<arch>.tar.gz
#   make bench-plugin  the same 40-agent loop through the plugin and the dynamic provider, and their ratio
#   make test-packaging  only the packaging tests (tarball contents, registry install, entry points)
#   make bench   the speed targets, measured: bulk creates under a rate limit, the engine loop's overhead
#   make codegen regenerate everything generated: the program schemas and wire shapes from the API
#                descriptions, then from the resources' declarations schema.json, sdk/types.ts, the SDK
#                classes, docs/resources/*.md, docs/reference/agent.md and the README's resource table,
#                then from schema.json the Python SDK (sdk/python)
SHELL := /bin/bash
ROOT := $(CURDIR)
# Node 22 from node_modules/.bin wins over an older system Node; .tools/bin holds the engine.
export PATH := $(ROOT)/node_modules/.bin:$(ROOT)/.tools/bin:$(PATH)
export PULUMI_SKIP_UPDATE_CHECK := true

.PHONY: setup engine languages build lint format typecheck test test-unit test-engine test-packaging bench-tests pack plugin bench-plugin faults demo gitops bench codegen clean

setup: node_modules/.setup-stamp engine languages

node_modules/.setup-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@# The package resolves itself by name (examples import it, dynamic providers require it).
	ln -sfn .. node_modules/pulumi-elevenlabs
	@touch $@

engine: node_modules/.setup-stamp
	@bash scripts/ensure-engine.sh

# The YAML language host next to the engine, and a Python venv with Pulumi's Python SDK.
languages:
	@bash scripts/ensure-languages.sh

build: node_modules/.setup-stamp
	@# A clean build: files of modules that no longer exist (or source maps of older builds) must not ship.
	rm -rf dist/client dist/provider dist/sdk dist/cli dist/emulator
	tsc -p tsconfig.build.json

# Incremental: tsc keeps what it learned in node_modules/.cache and rechecks only what changed
# (same diagnostics; a clean clone checks everything).
typecheck: node_modules/.setup-stamp
	tsc -p tsconfig.json --noEmit --incremental --tsBuildInfoFile node_modules/.cache/typecheck.tsbuildinfo

lint: node_modules/.setup-stamp typecheck
	biome check .
	@# Generated files must be what the generators produce now (`make codegen` rewrites them).
	tsx codegen/openapi/generate.ts --check > /dev/null
	tsx codegen/gen-schema.ts --check
	@cd tools/codegen && GOFLAGS=-mod=mod go run . --check ../../schema.json ../..

format: node_modules/.setup-stamp
	biome check --write .

# Everything generated, in order: program schemas and wire shapes per dialect from the API
# descriptions (provider/ and client/generated), then what follows from the declarations, then the
# SDKs of other languages from schema.json (sdk/python, by Pulumi's own generators in tools/codegen).
codegen: node_modules/.setup-stamp
	tsx codegen/openapi/generate.ts
	tsx codegen/gen-schema.ts
	cd tools/codegen && GOFLAGS=-mod=mod go run . ../../schema.json ../..

# Every test (vitest.config.mts: projects unit, engine, packaging), files in parallel workers.
test: setup build lint
	vitest run --reporter=default --reporter=json --outputFile.json=dist/test-results.json \
		--reporter=./scripts/durations-reporter.ts
	@node -e 'const r=require("./dist/test-results.json"); console.log("tests: " + r.numPassedTests + " passed, " + r.numFailedTests + " failed, " + r.numPendingTests + " skipped")'

# Unit and emulator tests import the TypeScript sources: no build, no engine. The Agent property
# test draws 100 random agents here (500 in make test). VITEST_ARGS adds vitest options (reporters, -t).
PROPERTY_AGENTS ?= 100
test-unit: node_modules/.setup-stamp
	PROPERTY_AGENTS=$(PROPERTY_AGENTS) vitest run --project unit $(VITEST_ARGS)

# The engine tests; their global setup compiles dist/ when sources are newer (the provider process loads it).
test-engine: setup
	vitest run --project engine $(VITEST_ARGS)

# The registry install test needs the npm registry; it takes about a minute with a warm npm cache.
test-packaging: setup build
	vitest run --project packaging

bench-tests: setup
	bash scripts/bench-tests.sh

# npm pack runs prepack (clean, then build), so the tarball never holds a stale dist/.
pack: setup
	npm pack --pack-destination dist

# The plugin bundled with its launcher, one tarball per platform (the schema's pluginDownloadURL
# names them; docs/languages.md says how to install one).
plugin: node_modules/.setup-stamp
	tsx scripts/build-plugin.ts

# The same 40-agent loop (create, no-op preview, update all, refresh, destroy) through the plugin and
# through the dynamic provider, side by side, with the ratio.
bench-plugin: setup build
	tsx scripts/bench-plugin.ts

# Never duplicate, never orphan, measured: the fault tests over five seeds (make test runs two).
FAULT_SEEDS ?= 1,2,3,4,5
faults: setup build
	FAULT_SEEDS=$(FAULT_SEEDS) vitest run test/faults.engine.test.ts test/release-faults.engine.test.ts

EXAMPLE ?= examples/agent-basic
DIALECT ?= live
demo: setup build
	DIALECT=$(DIALECT) tsx scripts/demo.ts $(EXAMPLE)

gitops: setup build
	tsx scripts/gitops.ts

# Speed targets, measured (not timed tests): bulk creates under a rate limit, the engine loop's
# overhead over a do-nothing resource. BENCH=creates or BENCH=loop runs one part.
bench: setup build
	tsx scripts/bench.ts

clean:
	rm -rf dist .demo .demo-legacy
