#!/usr/bin/env bash
# Runs every test: the Swift suites, the official Python SDK against the emulator, and the
# end-to-end tmux test of the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
swift build
swift test
echo "== official Python SDK (casedev 0.69.0) against the emulator"
if python3 -m venv --help >/dev/null 2>&1 && { [ -x .build/sdk-venv/bin/python ] ||
     { python3 -m venv .build/sdk-venv && .build/sdk-venv/bin/pip install -q "casedev==0.69.0"; }; }; then
  scripts/sdk-check.sh .build/debug/casedash
else
  rm -rf .build/sdk-venv
  echo "skipped: python3 -m venv or PyPI is not available here"
fi
echo "== end-to-end in tmux"
scripts/e2e-tmux.sh .build/debug/casedash
echo "== end-to-end scripting commands"
scripts/e2e-cli.sh .build/debug/casedash
