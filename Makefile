# The two commands of the README: `make run` and `make test`. Both install what they
# need first (scripts/setup.sh skips what is already there).

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true

# Extra flags for the platform, e.g. `make run ARGS="--port 9000"`.
ARGS ?=
PLATFORM := target/release/cbec-platform

.PHONY: run test setup-run setup-test app platform reset-demo test-rust test-e2e size-report bench fuzz

run: setup-run app platform
	$(PLATFORM) --demo-data --static-dir dist $(ARGS)

test: setup-test test-rust app platform test-e2e size-report

setup-run:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

app:
	trunk build --release

platform:
	cargo build --release --locked -p cbec-platform

# Deletes the demo shopper's orders and returns and loads the demo data again.
reset-demo: setup-run app platform
	$(PLATFORM) --reset-demo --demo-data --static-dir dist $(ARGS)

test-rust:
	cargo fmt --all --check
	cargo test --workspace --locked

test-e2e:
	CBEC_PLATFORM_BIN=$(PLATFORM) CBEC_DIST=dist node --test tests/e2e/

size-report:
	scripts/size-report.sh dist

# Native criterion benchmarks, then the same evaluation compiled to wasm in Chromium.
bench: setup-test
	cargo bench -p cbec-rules
	scripts/wasm-bench.sh

fuzz:
	scripts/fuzz.sh
