#!/usr/bin/env bash
# Soak: the dashboard in a 120x40 tmux pane against an emulator with 20 % 5xx, 5 % 429 and
# 300 ms latency for MINUTES, with a planned outage in the middle (the emulator stopped, then
# restarted on the same port), and creates and one-shot executes sent from the keys meanwhile.
# Reports crashes, the largest data age the header showed, the recovery time after the outage,
# RSS at start and end, and the create/exec POSTs the emulator saw against the ones sent.
# Usage: scripts/soak.sh [MINUTES] [BINARY]   (10 minutes; .build/release/casedash when built)
# Exit status 1 on a crash or on a create/exec sent more than once.
set -u
cd "$(dirname "$0")/.."
MINUTES=${1:-10}
if [ -n "${2:-}" ]; then BIN=$(realpath "$2")
elif [ -x .build/release/casedash ]; then BIN=$(realpath .build/release/casedash)
else BIN=$(realpath .build/debug/casedash); fi
export LANG=C.UTF-8 LC_ALL=C.UTF-8
DURATION=$(python3 -c "print(max(30, int(float('$MINUTES') * 60)))")
# 75 s in a 10-minute soak, in proportion for shorter ones (15 s in one minute).
OUTAGE=$(( DURATION >= 600 ? 75 : (DURATION * 75 / 600 > 15 ? DURATION * 75 / 600 : 15) ))
OUTAGE_AT=$(( (DURATION - OUTAGE) / 2 ))
INTERVAL=2
SOCK="casedash-soak-$$"
S=soak
WORK=$(mktemp -d)
T() { tmux -L "$SOCK" "$@"; }
EMU_PID=
cleanup() {
  T kill-server 2>/dev/null || true
  [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

start_emulator() {  # log file
  "$BIN" emulator --port "$PORT" --demo-data --fault-rate 0.2 --rate-limit-rate 0.05 --latency-ms 300 \
    --log-requests >"$1" 2>"$1.err" &
  EMU_PID=$!
  local i; for ((i = 0; i < 100; i++)); do grep -q "^listening on" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "emulator did not start on port $PORT:"; cat "$1.err"; exit 2
}

screen() { T capture-pane -p -t "$S" 2>/dev/null; }
keys() { T send-keys -t "$S" "$@"; sleep 0.2; }
dash_pid() { pgrep -P "$(T list-panes -t "$S" -F '#{pane_pid}' 2>/dev/null | head -1)" -x casedash 2>/dev/null | head -1; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
# "updated 12s ago" / "updated 2m ago" in the header, in seconds.
data_age() {
  screen | head -1 | grep -oE "updated [0-9]+[smhd] ago" | head -1 |
    awk '{ n = $2 + 0; u = substr($2, length($2)); print n * (u == "m" ? 60 : u == "h" ? 3600 : u == "d" ? 86400 : 1) }'
}

echo "== soak: $DURATION s, outage of $OUTAGE s at $OUTAGE_AT s, $BIN"
start_emulator "$WORK/emu1.log"
# The key reaches casedash through the environment, never a command line.
T -f /dev/null new-session -d -s "$S" -x 120 -y 40 \
  "env CASEDEV_API_KEY=sk_case_soak_test CASEDEV_BASE_URL=http://127.0.0.1:$PORT \
   '$BIN' --interval $INTERVAL --log-file '$WORK/casedash.log' 2>'$WORK/casedash.stderr'; echo EXIT=\$?; sleep 3600"
sleep 5
PID=$(dash_pid)
[ -n "$PID" ] || { echo "the dashboard did not start:"; screen; exit 1; }
RSS_START=$(rss_kb "$PID")

creates=0; oneshots=0; actions_in_faults=0
max_age=0; max_age_outside=0; blank=0
outage_started=; back_at=; recovered_at=; longest_retry_text=
# Actions: a create (n, prompt, Enter: create then exec) or a one-shot execute (x), now and then,
# each sent once; with 20 % 5xx and 5 % 429 about a quarter of them meet a fault.
action() {
  local kind=$1
  if [ "$kind" = create ]; then
    keys n; T send-keys -t "$S" -l "soak create $creates #ok #duration=4"; keys Enter; creates=$((creates + 1))
  else
    keys x; T send-keys -t "$S" -l "soak one-shot $oneshots #ok #duration=2"; keys Enter; oneshots=$((oneshots + 1))
  fi
  sleep 4; keys Escape
}

start=$(date +%s)
next_action=10
while :; do
  now=$(( $(date +%s) - start ))
  [ "$now" -ge "$DURATION" ] && break
  if [ -z "$(dash_pid)" ]; then break; fi
  age=$(data_age)
  if [ -n "$age" ]; then
    [ "$age" -gt "$max_age" ] && max_age=$age
    if [ -z "$outage_started" ] || { [ -n "$recovered_at" ] && [ "$now" -gt $((recovered_at + 2)) ]; }; then
      [ "$age" -gt "$max_age_outside" ] && max_age_outside=$age
    fi
  fi
  [ "$(screen | grep -c '[^[:space:]]')" -lt 5 ] && blank=$((blank + 1))
  # The outage: stop the emulator, wait, start it again on the same port.
  if [ -z "$outage_started" ] && [ "$now" -ge "$OUTAGE_AT" ]; then
    kill "$EMU_PID"; wait "$EMU_PID" 2>/dev/null; EMU_PID=; outage_started=$now
  fi
  if [ -n "$outage_started" ] && [ -z "$back_at" ] && [ "$now" -ge $((outage_started + OUTAGE)) ]; then
    start_emulator "$WORK/emu2.log"; back_at=$(( $(date +%s) - start ))
  fi
  if [ -n "$back_at" ] && [ -z "$recovered_at" ]; then
    header=$(screen | head -1)
    if grep -q "● live" <<<"$header"; then recovered_at=$(( $(date +%s) - start ))
    else longest_retry_text=$(grep -oE "retrying in [0-9]+s" <<<"$header" | head -1); fi
  fi
  # Actions while the emulator is up (faults are random, so some of these meet one).
  if [ "$now" -ge "$next_action" ] && { [ -z "$outage_started" ] || [ -n "$recovered_at" ]; }; then
    if [ $(( (creates + oneshots) % 3 )) = 2 ]; then action oneshot; else action create; fi
    next_action=$(( now + (DURATION >= 300 ? 45 : 12) ))
  fi
  sleep 1
done

PID_END=$(dash_pid)
RSS_END=
[ -n "$PID_END" ] && RSS_END=$(rss_kb "$PID_END")
post_count() { cat "$WORK"/emu*.log 2>/dev/null | grep -c "^request POST $1 "; }
POST_RUN=$(post_count /agent/v1/run)
POST_EXEC=$(post_count /agent/v1/run/:id/exec)
POST_EXECUTE=$(post_count /agent/v1/execute)

echo "== soak summary ($(date -u +%Y-%m-%d), $DURATION s, interval ${INTERVAL}s, faults 20 % 5xx + 5 % 429, latency 300 ms)"
status=0
if [ -n "$PID_END" ]; then echo "crashes:              0 (alive at the end)"
else
  echo "crashes:              1 (the dashboard is gone after $now s)"; status=1
  screen | grep -a "EXIT=" | sed 's/^/                      /'
  grep -m3 -aE "Fatal error|crashed|runtime failure" "$WORK/casedash.stderr" 2>/dev/null | sed 's/^/                      /'
  tail -2 "$WORK/casedash.log" 2>/dev/null | cut -c1-200 | sed 's/^/                      last log: /'
fi
echo "blank screens:        $blank samples"
echo "max data age:         ${max_age}s on screen (${max_age_outside}s outside the outage and its recovery)"
if [ -n "$recovered_at" ]; then
  echo "outage:               ${OUTAGE}s from ${outage_started}s; server back at ${back_at}s; header live at ${recovered_at}s"
  echo "recovery time:        $((recovered_at - back_at))s after the server came back${longest_retry_text:+ (last seen before: \"$longest_retry_text\")}"
elif [ -n "$back_at" ]; then
  echo "recovery time:        not recovered by the end ($((now - back_at))s after the server came back; header: $(screen | head -1 | cut -c1-100))"
else
  echo "recovery time:        the outage did not happen"
fi
echo "RSS:                  ${RSS_START:-?} kB at start, ${RSS_END:-?} kB at the end"
echo "creates sent:         $creates from the keys; POST /run seen by the emulator: $POST_RUN"
echo "execs:                POST /run/:id/exec seen: $POST_EXEC (at most one per create that succeeded)"
echo "one-shots sent:       $oneshots from the keys; POST /execute seen: $POST_EXECUTE"
if [ "$POST_RUN" -gt "$creates" ] || [ "$POST_EXEC" -gt "$creates" ] || [ "$POST_EXECUTE" -gt "$oneshots" ]; then
  echo "DUPLICATE: a create or exec reached the emulator more often than it was sent"; status=1
fi
exit $status
