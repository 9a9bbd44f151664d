#!/usr/bin/env bash
# Checks the emulator against the official case.dev Python SDK (from PyPI, unchanged).
# Prints "N passed, N failed". Usage: scripts/sdk-check.sh [path/to/casedash]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/casedash}
VENV=.build/sdk-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "casedev==0.69.0"
fi
OUT=$(mktemp); trap 'kill $PID 2>/dev/null; rm -f $OUT' EXIT
"$BIN" emulator --port 0 --speed 20 >"$OUT" 2>&1 & PID=$!
for _ in $(seq 100); do grep -q "listening on" "$OUT" && break; sleep 0.1; done
"$VENV/bin/python" scripts/sdk_check.py "$(sed -n 's/^listening on //p' "$OUT")"
