#!/usr/bin/env bash
# `make test` after the bootstrap: every test, in the least time two cores allow.
#
# The release build comes first (the browser tests run against it). Then the browser
# tests run while the Rust tests compile beside them at the lowest CPU priority: the
# browser, the server and the test runner mostly wait on one another, and the compiler
# takes only what they leave idle, so the browser tests keep their pace. Then the Rust
# tests run on their own. Either suite failing fails the run; both always run.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

make --no-print-directory build-release || exit 1

log="target/rust-tests-build.log"
nice -n 19 bash -c 'cargo test --features ssr --no-run && cargo test --release -p site --no-run' \
  >"$log" 2>&1 &
compiling=$!

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
