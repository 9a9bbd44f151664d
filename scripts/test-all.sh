#!/usr/bin/env bash
# Runs every test: the Swift suites, the official Python SDK against the emulator, the
# end-to-end tmux test of the real binary, the hostile-server tmux test and a 60-second soak.
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
echo "== hostile server in tmux"
hostile=0
scripts/e2e-hostile.sh .build/debug/casedash || hostile=$?
echo "== soak (60 s)"
scripts/soak.sh 1 .build/debug/casedash
[ "$hostile" = 0 ]
