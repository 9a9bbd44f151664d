#!/usr/bin/env bash
# What it costs to leave casedash open, side by side with htop: CPU, bytes written to the
# terminal, wake-ups, and API requests, measured on the real binary with nobody typing.
# One tmux window holds two 120x40 panes, casedash on top and htop below (when htop is
# installed), so both see the same machine at the same time; the emulator runs as a process of
# its own (`casedash emulator`) so its work is not counted.
# Scenarios: "quiet" (an API where nothing changes) and "live" (demo traffic: runs arriving,
# running and finishing).
# - CPU is the time on a CPU of every thread of the process, in nanoseconds, summed over
#   /proc/PID/task/TID/schedstat: the ratio is taken from it. utime+stime from /proc/PID/stat
#   (every thread, dead ones too) is printed beside it ("ticks"): it counts in 10 ms ticks, so
#   over 30 s one tick is 0.033 % and moves a ratio of two processes at 0.17 % by a fifth.
#   Both count the same when no thread ends inside the window (casedash keeps its three; a
#   60 s run: 82 ms by schedstat, 9 ticks by stat).
# - Bytes are what the pane received (tmux pipe-pane), a stand-in for SSH bandwidth.
# - Wake-ups are context switches per second, voluntary + nonvoluntary, summed over the
#   threads' /proc/PID/task/TID/status (the process's own status counts its main thread only);
#   threads that end inside the window are missed, so this is a lower bound.
# - Requests come from the emulator's --log-requests.
# Usage: scripts/bench-idle.sh [seconds=30] [path/to/casedash]   env: WARMUP=5 (seconds before the window)
#        (release build by default:
#        swift build -c release --product casedash)
set -euo pipefail
D=${1:-30}; BIN=$(realpath "${2:-.build/release/casedash}")
export LANG=C.UTF-8 LC_ALL=C.UTF-8
SOCK=casedash-bench-$$; WORK=$(mktemp -d)
T() { tmux -L "$SOCK" "$@"; }
cleanup() { T kill-server 2>/dev/null || true; kill "${EMU:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
HZ=$(getconf CLK_TCK)
HTOP=$(command -v htop || true)
[ -n "$HTOP" ] || echo "htop not installed, ratio skipped"
# htop's cost grows with the processes it lists: leftovers of earlier runs skew the ratio.
others=$(pgrep -fc '[c]asedash( |$)' || true)
[ "${others:-0}" -eq 0 ] || echo "warning: $others other casedash processes are running (ps aux | grep casedash); htop's figure is inflated"
echo "processes on this machine: $(ps -e --no-headers | wc -l)"

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ontime() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ n += $1 } END { printf "%.0f", n }'; }  # ns, live threads (%d stops at 2^31 in mawk)
switches() {  # every thread's voluntary + nonvoluntary context switches
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches/ { n += $2 } END { print n + 0 }'
}
rate() { echo "($2 - $1) / $D" | bc -l; }

# name pid ticks0 switches0 bytes-file ontime0; prints one row and leaves "cpu bytes switches tick-cpu" in $ROW
row() {
  local cpu tickcpu bytes sw
  cpu=$(echo "($(ontime "$2") - $6) * 100 / 1000000000 / $D" | bc -l)
  tickcpu=$(echo "($(ticks "$2") - $3) * 100 / $HZ / $D" | bc -l)
  bytes=$(echo "$(stat -c %s "$5") / $D" | bc -l)
  sw=$(rate "$4" "$(switches "$2")")
  ROW="$cpu $bytes $sw $tickcpu"
  printf '%-6s %-9s cpu %6.3f %% (ticks %4.2f %%)   terminal %6.0f B/s   wake-ups %6.1f /s' "$SCEN" "$1" "$cpu" "$tickcpu" "$bytes" "$sw"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%5.2fx", a / b; else printf "  n/a" }'; }

measure() {  # name, emulator flags...
  SCEN=$1; shift
  : >"$WORK/emu.out"
  "$BIN" emulator --port 0 --log-requests "$@" >"$WORK/emu.out" 2>&1 & EMU=$!
  for _ in $(seq 200); do grep -q "listening on" "$WORK/emu.out" && break; sleep 0.05; done
  local url; url=$(sed -n 's/^listening on //p' "$WORK/emu.out")
  if [ "$SCEN" = quiet ]; then  # a few runs that finish at once, then nothing changes
    local h="Authorization: Bearer sk_case_bench" a
    a=$(curl -s -H "$h" -d '{"name":"Bench","instructions":"x"}' "$url/agent/v1/agents" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    for i in 1 2 3 4 5; do
      r=$(curl -s -H "$h" -d "{\"agentId\":\"$a\",\"prompt\":\"run $i #ok #duration=1\"}" "$url/agent/v1/run" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
      curl -s -H "$h" -X POST "$url/agent/v1/run/$r/exec" >/dev/null
    done
    sleep 2
  fi
  # One window, two 120x40 panes (plus the divider line) when htop runs beside casedash.
  local rows=40; [ -n "$HTOP" ] && rows=81
  CASEDEV_API_KEY=sk_case_bench CASEDEV_BASE_URL=$url T -f /dev/null new-session -d -s b -x 120 -y $rows "$BIN"
  T set-option -t b -g status off
  local pid hpid=""; pid=$(T list-panes -t b -F '#{pane_pid}')
  if [ -n "$HTOP" ]; then
    mkdir -p "$WORK/home"  # htop's own default settings, not the user's
    T split-window -v -t b -l 40 "env HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home $HTOP"
    hpid=$(T list-panes -t b -F '#{pane_pid}' | tail -1)
    T resize-pane -t b.0 -y 40
  fi
  sleep "${WARMUP:-5}"  # before the window: the start (first loads, the token back-fill) is in it unless WARMUP says otherwise
  local lines0 t0 s0 n0 ht0=0 hs0=0 hn0=0
  lines0=$(grep -c '^request' "$WORK/emu.out"); t0=$(ticks "$pid"); s0=$(switches "$pid"); n0=$(ontime "$pid")
  [ -n "$hpid" ] && { ht0=$(ticks "$hpid"); hs0=$(switches "$hpid"); hn0=$(ontime "$hpid"); }
  T pipe-pane -o -t b.0 "cat > $WORK/pane.bytes"
  [ -n "$hpid" ] && T pipe-pane -o -t b.1 "cat > $WORK/htop.bytes"
  sleep "$D"
  T pipe-pane -t b.0
  [ -n "$hpid" ] && T pipe-pane -t b.1
  local lines1; lines1=$(grep -c '^request' "$WORK/emu.out")
  row casedash "$pid" "$t0" "$s0" "$WORK/pane.bytes" "$n0"; local mine=$ROW
  printf '   requests %5.2f /s (' "$(rate "$lines0" "$lines1")"
  tail -n +$((lines0 + 2)) "$WORK/emu.out" | grep '^request' | head -n $((lines1 - lines0)) | cut -d" " -f1-3 | sort | uniq -c |
    awk '{ printf "%s%s %s %s", sep, $1, $3, $4; sep = ", " }'
  echo ")"
  if [ -n "$hpid" ]; then
    row htop "$hpid" "$ht0" "$hs0" "$WORK/htop.bytes" "$hn0"; echo; local theirs=$ROW
    set -- $mine; local c1=$1 b1=$2 w1=$3 k1=$4; set -- $theirs
    printf '%-6s %-9s cpu %s  (ticks %s)     terminal %s       wake-ups %s\n' "$SCEN" "ratio" \
      "$(ratio "$c1" "$1")" "$(ratio "$k1" "$4")" "$(ratio "$b1" "$2")" "$(ratio "$w1" "$3")"
  fi
  T kill-server 2>/dev/null || true; kill "$EMU"; wait "$EMU" 2>/dev/null || true
}

echo "casedash idle cost over ${D}s at 120x40, polling every 2s ($BIN)${HTOP:+, beside $("$HTOP" --version | head -1)}"
measure quiet
measure live --demo-data --speed 1
