#!/usr/bin/env bash
# What it costs to leave casedash open: CPU, bytes written to the terminal, and API requests,
# measured on the real binary in a 120x40 tmux pane with nobody typing.
# Scenarios: "quiet" (an API where nothing changes) and "live" (demo traffic: runs arriving,
# running and finishing). CPU is utime+stime from /proc over the window; bytes are what the
# pane received (tmux pipe-pane), a stand-in for SSH bandwidth; requests come from the
# emulator's --log-requests.
# Usage: scripts/bench-idle.sh [seconds=30] [path/to/casedash]
set -euo pipefail
D=${1:-30}; BIN=$(realpath "${2:-.build/debug/casedash}")
export LANG=C.UTF-8 LC_ALL=C.UTF-8
SOCK=casedash-bench-$$; WORK=$(mktemp -d)
T() { tmux -L "$SOCK" "$@"; }
cleanup() { T kill-server 2>/dev/null || true; kill "${EMU:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

measure() {  # name, emulator flags...
  local name=$1; shift
  "$BIN" emulator --port 0 --log-requests "$@" >"$WORK/emu.out" 2>&1 & EMU=$!
  for _ in $(seq 200); do grep -q "listening on" "$WORK/emu.out" && break; sleep 0.05; done
  local url; url=$(sed -n 's/^listening on //p' "$WORK/emu.out")
  if [ "$name" = quiet ]; then  # a few runs that finish at once, then nothing changes
    local h="Authorization: Bearer sk_case_bench" a
    a=$(curl -s -H "$h" -d '{"name":"Bench","instructions":"x"}' "$url/agent/v1/agents" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    for i in 1 2 3 4 5; do
      r=$(curl -s -H "$h" -d "{\"agentId\":\"$a\",\"prompt\":\"run $i #ok #duration=1\"}" "$url/agent/v1/run" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
      curl -s -H "$h" -X POST "$url/agent/v1/run/$r/exec" >/dev/null
    done
    sleep 2
  fi
  CASEDEV_API_KEY=sk_case_bench CASEDEV_BASE_URL=$url T -f /dev/null new-session -d -s b -x 120 -y 40 "$BIN"
  local pid; pid=$(T list-panes -t b -F '#{pane_pid}')
  sleep 5
  local lines0 t0; lines0=$(grep -c '^request' "$WORK/emu.out"); t0=$(ticks "$pid")
  T pipe-pane -o -t b "cat > $WORK/pane.bytes"
  sleep "$D"
  T pipe-pane -t b
  local t1 lines1 bytes; t1=$(ticks "$pid"); lines1=$(grep -c '^request' "$WORK/emu.out"); bytes=$(stat -c %s "$WORK/pane.bytes")
  local hz; hz=$(getconf CLK_TCK)
  printf '%-6s cpu %5.2f %%   terminal %6.0f B/s   requests %5.2f /s (' "$name" \
    "$(echo "($t1 - $t0) * 100 / $hz / $D" | bc -l)" "$(echo "$bytes / $D" | bc -l)" "$(echo "($lines1 - $lines0) / $D" | bc -l)"
  tail -n +$((lines0 + 2)) "$WORK/emu.out" | grep '^request' | head -n $((lines1 - lines0)) | cut -d" " -f1-3 | sort | uniq -c |
    awk '{ printf "%s%s %s %s", sep, $1, $3, $4; sep = ", " }'
  echo ")"
  T kill-session -t b; kill "$EMU"; wait "$EMU" 2>/dev/null || true
}

echo "casedash idle cost over ${D}s at 120x40, polling every 2s ($BIN)"
measure quiet
measure live --demo-data --speed 1
