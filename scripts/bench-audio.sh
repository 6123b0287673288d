#!/usr/bin/env bash
# `make bench` (audio): writes the benchmark's 5-minute 320 kbps MP3 (LAME, from PyPI's
# lameenc in a virtualenv at .tools/audio; tests/fixtures/audio/make.py), then prints the
# waveform figures for it and for the WAV the benchmark writes itself.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="$here/.tools/audio"
if ! "$venv/bin/python" -c "import lameenc, numpy" >/dev/null 2>&1; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "lameenc==1.9.0" "numpy>=2,<3"
fi
out="$here/target/bench-audio"
mkdir -p "$out"
[ -s "$out/five-minutes-320k.mp3" ] || "$venv/bin/python" "$here/tests/fixtures/audio/make.py" --bench "$out"
cd "$here"
BENCH_MP3="$out/five-minutes-320k.mp3" cargo bench --no-default-features --features ssr --bench audio
