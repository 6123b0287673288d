#!/usr/bin/env bash
# Installs every tool Producer Dashboard needs to build, run and test.
# Idempotent: each step checks what is already present and installs only what is
# missing or at the wrong version. Usage: scripts/bootstrap.sh [run|test]
#   run  - what `make run` needs: the Rust wasm target and the prebuilt tools the site
#          build runs on the bundle (wasm-opt, esbuild, lightningcss: npm packages pinned
#          in scripts/site/package-lock.json, installed in scripts/site/node_modules).
#          The build itself (scripts/site) is part of the workspace: cargo builds it.
#   test - additionally Chromium, brotli, Playwright, a real SMTP server for the email
#          tests (Python's aiosmtpd, in a virtualenv at .tools/smtp) and PostgreSQL
set -euo pipefail

mode="${1:-run}"
here="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "bootstrap: need root for: $*" >&2; return 1; fi
}

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  say "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# 1. the browser target
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. the site build's prebuilt tools, from npm at the locked versions
site_tools="$here/scripts/site"
if [ ! -x "$site_tools/node_modules/.bin/esbuild" ] || \
   [ "$site_tools/package-lock.json" -nt "$site_tools/node_modules/.package-lock.json" ]; then
  say "installing wasm-opt, esbuild and lightningcss (npm, a few seconds)"
  (cd "$site_tools" && npm ci --silent --no-audit --no-fund)
fi

if [ "$mode" = test ]; then
  # 3. the browser for end-to-end tests, brotli for measuring the bundle
  apt_install chromium brotli
  # 4. Playwright test runner (uses the system Chromium; never downloads a browser)
  if [ ! -x "$here/end2end/node_modules/.bin/playwright" ] || \
     [ "$here/end2end/package-lock.json" -nt "$here/end2end/node_modules/.package-lock.json" ]; then
    say "installing Playwright test runner"
    (cd "$here/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  fi
  # 5. a real SMTP server on loopback for the email tests (a virtualenv: Debian's Python
  #    refuses pip installs into the system, PEP 668)
  smtp_env="$here/.tools/smtp"
  if ! "$smtp_env/bin/python" -c "import aiosmtpd" >/dev/null 2>&1; then
    say "installing aiosmtpd (SMTP server for the email tests)"
    command -v python3 >/dev/null || apt_install python3
    python3 -m venv "$smtp_env" >/dev/null 2>&1 || { apt_install python3-venv; rm -rf "$smtp_env"; python3 -m venv "$smtp_env"; }
    "$smtp_env/bin/python" -m pip install --quiet --disable-pip-version-check "aiosmtpd==1.4.6"
  fi
  # 6. PostgreSQL, for the tests on the second engine (scripts/with-postgres.sh starts a
  #    private cluster per run; the system's own cluster is not used)
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt_install postgresql
  fi
fi
say "tools ready ($mode)"
