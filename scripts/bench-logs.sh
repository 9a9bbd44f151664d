#!/usr/bin/env bash
# What following one big run costs: the real binary in a 120x40 tmux pane at the default
# interval (2 s) follows one emulator run with #logs=LINES from before it starts to after it
# ends, with the run selected, in three setups:
#   polling, identity  emulator --no-events --no-compression: whole details every poll, as the
#                      dashboard followed logs before the events stream (the old figure)
#   polling, gzip      emulator --no-events: the polling fallback against a compressing server
#   stream, gzip       events stream on, compression on
# For each: body bytes the emulator sent to the dashboard over the run's life (every request of
# the dashboard from exec until the run ended and the dashboard took its final details; from the
# emulator's --log-requests; headers not counted), the final log size (bytes of every log stream
# in the final details), their ratio, requests by route, and the dashboard's VmRSS before the
# run started and the most while following (sampled every second).
# Usage: scripts/bench-logs.sh [path/to/casedash]    env: LINES=100000 DURATION=80 ONLY=abcd (setups to run)
set -euo pipefail
BIN=$(realpath "${1:-.build/release/casedash}")
LINES=${LINES:-100000}; DURATION=${DURATION:-80}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
SOCK=casedash-benchlogs-$$; WORK=$(mktemp -d)
T() { tmux -L "$SOCK" "$@"; }
cleanup() {
  T kill-server 2>/dev/null || true
  [ -z "${SAMPLER:-}" ] || kill "$SAMPLER" 2>/dev/null || true
  [ -z "${EMU:-}" ] || kill "$EMU" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }   # kB
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1e6 }'; }
# Any sk_case_ key is accepted by the emulator; this one is not a secret.
AUTH="Authorization: Bearer sk_case_bench"

follow() {  # label, when (queued: the run is selected while queued, then started; running: it
            # is created and started once the dashboard is up, and selected when it appears), emulator flags...
  local label=$1 when=$2; shift 2
  "$BIN" emulator --port 0 --speed 1 --log-requests "$@" >"$WORK/emu.out" 2>&1 & EMU=$!
  for _ in $(seq 200); do grep -q "listening on" "$WORK/emu.out" && break; sleep 0.05; done
  local url; url=$(sed -n 's/^listening on //p' "$WORK/emu.out")
  local b=$url/agent/v1 agent run=
  local prompt="Scan the data room #ok #duration=$DURATION #logs=$LINES"
  agent=$(curl -sf -H "$AUTH" -d '{"name":"Bench","instructions":"Scan."}' "$b/agents" | field '["id"]')
  create() { curl -sf -H "$AUTH" -d "{\"agentId\":\"$agent\",\"prompt\":\"$prompt\"}" "$b/run" | field '["id"]'; }
  # The only run, newest first: selected when the dashboard starts or when it first appears.
  [ "$when" = running ] || run=$(create)
  CASEDEV_BASE_URL=$url CASEDEV_API_KEY=sk_case_bench T -f /dev/null new-session -d -s b -x 120 -y 40 "$BIN"
  local pid; pid=$(T list-panes -t b -F '#{pane_pid}')
  sleep 8
  local before; before=$(rss "$pid")
  : >"$WORK/rss"; : >"$WORK/mid.txt"
  (while kill -0 "$pid" 2>/dev/null; do rss "$pid" >>"$WORK/rss"; sleep 1; done) & SAMPLER=$!
  local mark; mark=$(wc -l <"$WORK/emu.out")
  [ -n "$run" ] || run=$(create)
  curl -sf -H "$AUTH" -X POST "$b/run/$run/exec" >/dev/null
  local t0=$SECONDS status=running
  while [ "$status" = running ] || [ "$status" = queued ]; do
    sleep 2
    status=$(curl -sf -H "$AUTH" "$b/run/$run/status" | field '["status"]')
    [ $((t0 + 20 + DURATION * 2)) -gt "$SECONDS" ] || { echo "$label: the run did not end" >&2; exit 1; }
    [ -s "$WORK/mid.txt" ] || [ $((SECONDS - t0)) -lt $((DURATION / 2)) ] || T capture-pane -p -t b >"$WORK/mid.txt"
  done
  local elapsed=$((SECONDS - t0))
  sleep 8   # the dashboard's final details (next poll after the end) and the stream's close
  kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=
  local peak; peak=$(sort -n "$WORK/rss" | tail -1)
  # The script's own create, exec and status calls are not the dashboard's.
  tail -n +$((mark + 1)) "$WORK/emu.out" | grep '^request' |
    grep -v -e '^request POST /agent/v1/run ' -e '^request POST /agent/v1/run/:id/exec ' \
            -e '^request GET /agent/v1/run/:id/status ' >"$WORK/dash.req" || true
  local wire; wire=$(awk '{ s += $5 } END { print s + 0 }' "$WORK/dash.req")
  local logsize; logsize=$(curl -sf -H "$AUTH" -H "Accept-Encoding: identity" "$b/run/$run/details" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(len(v.encode()) for v in ((d.get("result") or {}).get("logs") or {}).values()))')
  printf '%-30s wire %9s  final log %8s  ratio %6.2f×  RSS before %5.1f MB  max %5.1f MB (%.2f×)  run %ds\n' \
    "$label" "$(mb "$wire")" "$(mb "$logsize")" "$(echo "$wire / $logsize" | bc -l)" \
    "$(echo "$before / 1024" | bc -l)" "$(echo "$peak / 1024" | bc -l)" "$(echo "$peak / $before" | bc -l)" "$elapsed"
  awk '{ n[$3] += 1; s[$3] += $5 } END { for (r in n) printf "%s %d %d\n", r, n[r], s[r] }' "$WORK/dash.req" | sort -k3 -n -r |
    awk '{ printf "%s%s %d× %.2f MB", sep, $1, $2, $3 / 1e6; sep = ", " } END { print "" }' | sed 's/^/    /'
  # The log pane's tab bar names the mode (live / polling) halfway through the run.
  local mode; mode=$(grep -E '^│.*│ Logs ' "$WORK/mid.txt" | grep -o -m1 -E '\b(live|polling|connecting)\b' || true)
  echo "    mode in the log pane halfway: ${mode:-?}"
  T kill-session -t b 2>/dev/null || true
  kill "$EMU"; wait "$EMU" 2>/dev/null || true; EMU=
}

echo "following one run of #logs=$LINES #duration=$DURATION at 120x40, every 2s ($BIN, $(date -u +%F))"
want() { [ -z "${ONLY:-}" ] || [[ "$ONLY" == *"$1"* ]]; }
want a && follow "(a) polling, identity" running --no-events --no-compression
want b && follow "(b) polling, gzip" running --no-events
want c && follow "(c) stream, gzip" running
want d && follow "(d) stream, gzip, queued first" queued
true
