#!/usr/bin/env bash
# Runs every test: the Swift test suites, then the end-to-end tmux test of the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
swift build
swift test
if [ -x scripts/e2e-tmux.sh ]; then
  scripts/e2e-tmux.sh .build/debug/casedash
fi
