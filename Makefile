# Producer Dashboard — the two commands: `make run` and `make test`.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: run test build build-release test-rust test-e2e bootstrap lint bench bench-auth bench-web fuzz

## Install what is missing, build the release (the server and the browser bundle side by
## side, split: each page's code loads on demand) and serve on http://127.0.0.1:3000
## with demo data.
run:
	scripts/bootstrap.sh run
	$(MAKE) build-release
	./target/release/producer-dashboard

## The release as served: scripts/site compiles the server and the browser code at once
## and makes the bundle (what `cargo leptos build --release --split` makes, faster).
build-release:
	cargo run --release --quiet -p site

## Install what is missing, then run every test: Playwright in Chromium against the
## release build, and Rust (unit, store, HTTP), which compiles meanwhile at low priority.
test:
	scripts/bootstrap.sh test
	scripts/test.sh

## Rust tests (unit, store, pipeline, HTTP), the database ones on SQLite and on a
## private PostgreSQL cluster started for the run.
test-rust:
	scripts/with-postgres.sh cargo test --features ssr
	cargo test --release --quiet -p site

## Playwright in Chromium against the release build `make run` serves (the byte budgets
## are the release bundle's); the two-instance tests run on a private PostgreSQL cluster.
test-e2e:
	$(MAKE) build-release
	cd end2end && ../scripts/with-postgres.sh npx playwright test

## Formatting and lints for both builds.
lint:
	cargo fmt --all -- --check
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --release -p site --all-targets -- -D warnings

## The waveform of a 5-minute WAV and of the same as a 320 kbps MP3 (time, memory, bytes). Seed 1,000,000 notifications into a scratch database and print the notification
## figures: on SQLite, then on a private PostgreSQL cluster; there also events per second
## across two instances.
bench:
	scripts/bench-audio.sh
	cargo bench --no-default-features --features ssr --bench notifications
	scripts/with-postgres.sh bash -c 'BENCH_ENGINE=postgres cargo bench --no-default-features --features ssr --bench notifications && cargo bench --no-default-features --features ssr --bench instances'

## Guess passwords against the real router: throttling, hashing rate, memory, latency.
bench-auth:
	cargo bench --no-default-features --features ssr --bench auth

## First load and web figures on the release build: bytes per route, hydration and first
## click at 1× and 4× CPU, the bell's open cost, live latency, server-side rendering rate.
bench-web:
	scripts/bootstrap.sh test
	scripts/bench-web.sh

## Throw 100,000 generated inputs at every server function, on SQLite and on PostgreSQL;
## prints what came back.
fuzz:
	FUZZ_INPUTS=$${FUZZ_INPUTS:-100000} scripts/with-postgres.sh cargo test --features ssr -- fuzz --nocapture
