#!/usr/bin/env bash
# Resident memory and CPU of the dashboard left open under live demo traffic: the release binary
# at --interval 1 in a 120x40 tmux pane, against `casedash emulator --demo-data --speed 1` in
# its own process; VmRSS (/proc/PID/status) and CPU ticks (utime+stime, /proc/PID/stat) once a
# minute, then the top of the screen.
# Usage: scripts/bench-rss.sh [minutes=31] [path/to/casedash] > out.txt
#        (release build by default: swift build -c release --product casedash)
set -euo pipefail
M=${1:-31}; BIN=$(realpath "${2:-.build/release/casedash}")
export LANG=C.UTF-8 LC_ALL=C.UTF-8
W=$(mktemp -d); S=casedash-rss-$$
T() { tmux -L "$S" "$@"; }
cleanup() { T kill-server 2>/dev/null || true; kill "${EMU:-}" 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
"$BIN" emulator --port 0 --demo-data --speed 1 > "$W/emu.out" 2>&1 & EMU=$!
for _ in $(seq 200); do grep -q "listening on" "$W/emu.out" && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$W/emu.out")
CASEDEV_API_KEY=sk_case_bench CASEDEV_BASE_URL=$url T -f /dev/null new-session -d -s b -x 120 -y 40 "$BIN --interval 1"
pid=$(T list-panes -t b -F '#{pane_pid}')
echo "casedash $BIN, pid $pid, start $(date -u +%FT%TZ), $(getconf CLK_TCK) ticks a second"
for t in $(seq 1 "$M"); do
  sleep 60
  echo "after $t min: $(grep VmRSS /proc/"$pid"/status | tr -s ' \t' ' ') ticks $(awk '{ print $14 + $15 }' /proc/"$pid"/stat)"
done
T capture-pane -p -t b | head -3
