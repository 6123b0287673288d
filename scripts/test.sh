#!/usr/bin/env bash
# `make test` after the bootstrap: every test, in the least time two cores allow.
#
# The Rust tests start compiling at once, at the lowest CPU priority, in their own
# target folder (target/debug): they take only what the other work leaves idle, first
# the release build (the browser tests run against it), then the browser tests, where
# the browser, the server and the test runner mostly wait on one another. Then the Rust
# tests run on their own. Either suite failing fails the run; both always run.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

mkdir -p target
log="target/rust-tests-build.log"
nice -n 19 cargo test --features ssr --no-run >"$log" 2>&1 &
compiling=$!

make --no-print-directory build-release || { kill "$compiling" 2>/dev/null; exit 1; }

echo "== browser tests (Playwright, Chromium) against the release build"
(cd end2end && ../scripts/with-postgres.sh npx playwright test)
browser=$?

if ! wait "$compiling"; then
  cat "$log"
  echo "test: the Rust tests did not compile" >&2
  exit 1
fi
echo "== Rust tests (unit, store, pipeline, HTTP) on SQLite and PostgreSQL"
make --no-print-directory test-rust
rust=$?

[ "$browser" = 0 ] || echo "test: the browser tests failed" >&2
[ "$rust" = 0 ] || echo "test: the Rust tests failed" >&2
[ "$browser" = 0 ] && [ "$rust" = 0 ]
