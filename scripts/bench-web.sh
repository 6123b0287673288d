#!/usr/bin/env bash
# `make bench-web`: first-load and web figures on the release build. Builds the release
# bundle if needed, starts the server on a private database and port (pinned to one
# core), and prints: per route, the initial WASM + JS bytes (raw and brotli) and the later
# chunks; hydration and first-click times at 1× and 4× CPU; opening the bell with 200 rows;
# comment → other person's screen with 1,000 other streams open; and server-side rendering
# of the signed-in dashboard next to a bare in-memory server answering the same bytes;
# Lighthouse's mobile preset on the dashboard, a track page and Settings.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

port="${BENCH_PORT:-3207}"
# Another build can be measured the same way (SERVER=path/to/binary SITE=its/site).
bin="${SERVER:-./target/release/producer-dashboard}"
site="${SITE:-target/site}"
data="$(mktemp -d /tmp/pd-bench-web.XXXXXX)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

if [ "${SKIP_BUILD:-}" != 1 ]; then
  cargo run --release --quiet -p site
  cargo bench --no-default-features --features ssr --bench web --no-run
fi

# The server on core 0 only; the load and the browser use the other core.
DATA_DIR="$data" DATABASE_URL="sqlite://$data/bench.db" DEMO_SEED=1 \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$site" LEPTOS_ENV=PROD \
  RUST_LOG=warn TRUST_PROXY=1 \
  taskset -c 0 "$bin" &
server=$!
for _ in $(seq 1 200); do
  curl -fs "http://127.0.0.1:$port/signin" >/dev/null 2>&1 && break
  sleep 0.1
done
# The server precompresses the bundle in the background after start: wait for it.
for _ in $(seq 1 600); do
  ls "$site"/pkg/*.wasm.br >/dev/null 2>&1 && [ "$(ls "$site"/pkg/*.wasm | wc -l)" -le "$(ls "$site"/pkg/*.wasm.br | wc -l)" ] && break
  sleep 0.1
done

# Lighthouse, pinned, for this benchmark only (not part of the test suite's install).
if [ ! -x end2end/bench/node_modules/.bin/lighthouse ] || \
   [ end2end/bench/package-lock.json -nt end2end/bench/node_modules/.package-lock.json ]; then
  (cd end2end/bench && npm ci --silent --no-audit --no-fund)
fi

if [ "${ONLY:-}" != server ] && [ "${ONLY:-}" != lighthouse ]; then
  echo "== browser (Chromium, loopback, release build)"
  (cd end2end && BASE_URL="http://127.0.0.1:$port" node bench/web.mjs)
fi
if [ "${ONLY:-}" != server ] && [ "${ONLY:-}" != browser ]; then
  echo
  echo "== Lighthouse"
  (cd end2end/bench && BASE_URL="http://127.0.0.1:$port" node lighthouse.mjs)
fi
[ "${ONLY:-}" = lighthouse ] && exit 0
[ "${ONLY:-}" = browser ] && exit 0

echo
echo "== server"
cookie="$(curl -s -o /dev/null -D - -H 'Accept: application/json' \
  --data-urlencode email=maya@demo.test --data-urlencode password=producer123 \
  "http://127.0.0.1:$port/api/auth/sign_in" | sed -n 's/^[Ss]et-[Cc]ookie: \(pd_session=[^;]*\).*/\1/p' | head -n1)"
[ -n "$cookie" ] || { echo "bench-web: could not sign in" >&2; exit 1; }
SERVER_PID="$server" cargo bench --no-default-features --features ssr --bench web -- ssr "127.0.0.1:$port" "$cookie"
