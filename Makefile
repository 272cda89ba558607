# Letterbox. `make run` and `make test` install what is missing first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

ADDR ?= 127.0.0.1:8080
DATA ?= ./data
TEST_DIST := target/test-dist

.PHONY: setup run dist server test lint test-rust test-wasm test-dist size-within test-e2e test-api size audit clean bench-editor bench-sync bench-campaign bench-city

setup:
	@bash tools/setup.sh

## The app in release, into dist/.
dist: setup
	trunk build --release --dist dist

server: setup
	cargo build --profile server -p letterbox-server

## Build everything and serve it on http://$(ADDR).
run: dist server
	./target/server/letterbox-server --addr $(ADDR) --data-dir $(DATA) --dist dist

## Every check and every test.
test: setup lint test-rust test-wasm test-dist size-within test-e2e test-api
	@echo "make test: all passed"

lint:
	cargo fmt --all --check
	python3 tools/module_cycles.py core/src server/src src
	python3 tools/long_files.py 600 core/src server/src src public tools
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p letterbox -p letterbox-core --all-targets -- -D warnings

## The server's tests run twice: on SQLite and a photo folder, then on a
## throwaway PostgreSQL cluster and S3 server (tools/with-postgres.sh,
## tools/with-s3.sh; both stopped also on failure).
test-rust:
	cargo test -p letterbox-core -p letterbox-server
	bash tools/with-postgres.sh bash tools/with-s3.sh cargo test -p letterbox-server

## IndexedDB store tests in headless Chromium.
test-wasm:
	cargo test --target wasm32-unknown-unknown -p letterbox

## The tests' own release build, apart from dist/.
test-dist:
	trunk build --release --dist $(TEST_DIST)

## Bytes per entry screen of that build: fails if an entry that is within
## its budget grows past it (`make size` holds every entry to its budget;
## the others are still over, issue 12).
SIZE_WITHIN := /
size-within:
	node tools/size.mjs $(TEST_DIST) --enforce $(SIZE_WITHIN)

## End-to-end in headless Chromium against the real server binary. A test
## that hangs fails after 10 minutes (the longest, chaos, takes about 2).
## Beside a PostgreSQL cluster and an S3 server: the suite runs on SQLite
## and a photo folder (with the chaos run on two instances of PostgreSQL
## and S3), then again with every server on PostgreSQL and S3
## (LETTERBOX_E2E_CITY=1, tests/e2e/harness.mjs).
E2E := node --test --test-concurrency=1 --test-timeout=600000 tests/e2e/
test-e2e:
	cargo build -p letterbox-server
	LETTERBOX_DIST=$(TEST_DIST) LETTERBOX_SERVER=target/debug/letterbox-server \
		bash tools/with-postgres.sh bash tools/with-s3.sh \
		bash -c '$(E2E) && LETTERBOX_E2E_CITY=1 $(E2E)'

## The live API fuzzed against its own OpenAPI description (Schemathesis,
## every check): zero failures, no 5xx. See tools/schemathesis.sh.
test-api:
	cargo build -p letterbox-server
	bash tools/schemathesis.sh target/debug/letterbox-server

## Benchmarks: they print numbers and pass or fail nothing
## (recorded in docs/benchmarks.md). The server is the optimised build.
bench-editor: test-dist server
	LETTERBOX_DIST=$(TEST_DIST) LETTERBOX_SERVER=target/server/letterbox-server node bench/editor.mjs

bench-sync: test-dist server
	LETTERBOX_DIST=$(TEST_DIST) LETTERBOX_SERVER=target/server/letterbox-server node bench/sync.mjs

## Beyond one machine: submissions per second on SQLite and PostgreSQL
## (one and two instances) beside raw inserts, and sync pulls per second
## with 10,000 devices and 1,000,000 changes (bench/city.mjs).
bench-city: server
	LETTERBOX_PG_DURABLE=1 LETTERBOX_SERVER=target/server/letterbox-server \
		bash tools/with-postgres.sh node bench/city.mjs

## Campaign answers per second and the results page with 100,000 answers.
bench-campaign: server
	LETTERBOX_SERVER=target/server/letterbox-server node bench/campaign.mjs

## Lighthouse (mobile preset) on the release build: the drafts page, the
## editor, a case page and a campaign page (tools/audit.mjs; a benchmark).
audit: dist server
	LETTERBOX_DIST=dist LETTERBOX_SERVER=target/server/letterbox-server CHROME_PATH=/usr/bin/chromium node tools/audit.mjs

## What each entry screen downloads (brotli) and the whole app; fails
## when an entry is over its budget (tools/size.mjs).
size: dist
	node tools/size.mjs dist

clean:
	rm -rf dist $(TEST_DIST)
