#!/usr/bin/env bash
# The real dashboard against `casedash emulator --hostile` in a 120x40 tmux pane: walks every
# pane, tab, log stream, overlay and action, records the raw bytes the dashboard writes
# (`tmux pipe-pane`), and checks that it lives, draws, and lets no escape sequence, C1 control,
# NUL, BEL or bidi override through, and never changes the pane title.
# Two rounds: hostile text with sane numbers, then everything including numbers that trap.
# Usage: scripts/e2e-hostile.sh [path/to/casedash]      Prints "N passed, N failed".
set -u
BIN=$(realpath "${1:-.build/debug/casedash}")
export LANG=C.UTF-8 LC_ALL=C.UTF-8
SOCK="casedash-hostile-$$"
S=hostile
WORK=$(mktemp -d)
pass=0; fail=0
T() { tmux -L "$SOCK" "$@"; }
EMU_PID=
cleanup() {
  T kill-server 2>/dev/null || true
  [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
screen() { T capture-pane -p -t "$S" 2>/dev/null; }
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ko() { fail=$((fail + 1)); echo "FAIL - $1"; }
keys() { T send-keys -t "$S" "$@"; sleep 0.12; }
dash_pid() { pgrep -P "$(T list-panes -t "$S" -F '#{pane_pid}' 2>/dev/null | head -1)" -x casedash 2>/dev/null | head -1; }
wait_for() { local i; for ((i = 0; i < ${2:-10} * 10; i++)); do screen | grep -Eq -- "$1" && return 0; sleep 0.1; done; return 1; }

# Why the dashboard died: the crash report on its stderr, else its log.
why_dead() {
  local r=$1
  grep -m2 -aE "Fatal error|crashed|Crash|runtime failure" "$WORK/$r.stderr" 2>/dev/null | sed 's/^/     | /'
  grep -aE "^[0-9]+ .* in .*(DashCore|CaseDevAPI|casedash)" "$WORK/$r.stderr" 2>/dev/null | head -3 | sed 's/^/     | at /'
  screen | grep -a "EXIT=" | sed 's/^/     | /'
  echo "     | what it did last: $(grep -av "^$" "$WORK/$r.log" 2>/dev/null | tail -1 | cut -c1-200)"
}

alive() {  # round, what
  if [ -n "$(dash_pid)" ]; then ok "$1: alive $2"; else ko "$1: alive $2 (the dashboard is gone)"; why_dead "$1"; fi
}

not_blank() {
  local n; n=$(screen | grep -c '[^[:space:]]')
  if [ "$n" -ge 10 ]; then ok "$1: screen not blank ($n lines drawn)"
  else ko "$1: screen not blank (only $n lines drawn)"; screen | grep -v '^[[:space:]]*$' | sed 's/^/     | /'; fi
}

# Counts, in the raw output, what must never reach the terminal. ncurses itself writes only
# CSI and ESC-( style sequences, so any OSC, DCS/SOS/PM/APC, C1 code point, BEL, NUL or bidi
# control came from the server.
byte_checks() {  # round, file
  local name count sample
  while IFS=$'\t' read -r name count sample; do
    if [ "$name" = "bytes recorded" ]; then
      if [ "$count" -gt 0 ]; then ok "$1: $count bytes of output recorded"; else ko "$1: nothing recorded"; fi
    elif [ "$count" = 0 ]; then ok "$1: $name"
    else ko "$1: $name: $count found, first: $sample"; fi
  done < <(python3 - "$2" <<'EOF'
import sys
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8", "surrogateescape")
def show(i):
    return repr(raw[max(0, i - 20):i + 30])
def find_bytes(seq):
    i = raw.find(seq); return (raw.count(seq), show(i) if i >= 0 else "")
def find_chars(pred):
    hits = [i for i, c in enumerate(text) if pred(ord(c))]
    if not hits: return (0, "")
    i = len(text[:hits[0]].encode("utf-8", "surrogateescape"))
    return (len(hits), show(i))
checks = [
    ("bytes recorded", (len(raw), "")),
    ("no OSC (ESC ])", find_bytes(b"\x1b]")),
    ("no DCS (ESC P)", find_bytes(b"\x1bP")),
    ("no SOS/PM/APC (ESC X ^ _)", (sum(raw.count(s) for s in (b"\x1bX", b"\x1b^", b"\x1b_")), "")),
    ("no C1 code point (U+0080-U+009F)", find_chars(lambda v: 0x80 <= v <= 0x9F)),
    ("no raw C1 byte outside UTF-8", find_chars(lambda v: 0xDC80 <= v <= 0xDC9F)),
    ("no BEL", find_bytes(b"\x07")),
    ("no NUL", find_bytes(b"\x00")),
    ("no bidi control", find_chars(lambda v: 0x202A <= v <= 0x202E or 0x2066 <= v <= 0x2069 or v in (0x200E, 0x200F, 0x061C))),
]
for name, (count, sample) in checks:
    print(f"{name}\t{count}\t{sample}")
EOF
)
}

# The walk: every pane, every run with every detail tab and log stream, overlays, filters,
# sorts, the truncated second page, and each action whose answer is a hostile error body.
walk() {
  local r=$1 i j
  keys Tab; keys Tab; keys Tab                     # agents → runs → detail → agents
  for i in 1 2 3 4 5 6; do keys j; done            # every agent, filtering the runs
  keys Enter; sleep 1; keys Escape
  keys Tab                                         # runs
  for i in $(seq 13); do
    keys j; sleep 0.4
    keys Enter                                     # open the run's detail
    for j in 1 2 3 4; do keys Right; done          # logs → steps → output → usage
    keys Left; keys Left; keys Left; keys Left
    for j in 1 2 3 4 5 6 7; do keys l; done        # every log stream
    keys w; keys G; keys w
    keys Escape
    [ -n "$(dash_pid)" ] || return 0
  done
  keys End; sleep 2                                # past the end: the truncated page
  keys '?'; keys Down; keys Down; keys Escape
  keys /; T send-keys -t "$S" -l "h"; keys Enter; sleep 0.5; keys Escape
  for i in 1 2 3 4 5 6; do keys s; keys S; done
  keys g; keys Tab; keys Tab                       # to the detail pane: search the logs
  keys /; T send-keys -t "$S" -l "RED"; keys Enter; keys n; keys N; keys Escape
  keys Tab
  keys n; T send-keys -t "$S" -l "hostile run"; keys Enter; sleep 1   # create: succeeds with a hostile id
  keys Escape; keys g
  keys e; sleep 1                                  # exec: 409 with escapes in the body
  keys c; keys y; sleep 1                          # cancel: an HTML error page
  keys x; T send-keys -t "$S" -l "one shot"; keys Enter; sleep 1; keys Escape   # execute: truncated JSON
  keys a; T send-keys -t "$S" -l "agent"; keys Tab; T send-keys -t "$S" -l "do it"; keys Enter; sleep 1; keys Escape
  keys r; sleep 2
}

round() {  # name, emulator flags...
  local r=$1; shift
  "$BIN" emulator --port 0 "$@" >"$WORK/$r.emu.out" 2>"$WORK/$r.emu.err" &
  EMU_PID=$!
  local url=
  for _ in $(seq 100); do url=$(sed -n 's/^listening on //p' "$WORK/$r.emu.out" 2>/dev/null); [ -n "$url" ] && break; sleep 0.1; done
  [ -n "$url" ] || { ko "$r: emulator did not start"; cat "$WORK/$r.emu.err"; return; }
  # The dashboard starts once the pipe records, so the first frame is in the recording too.
  # The key reaches casedash through the environment, never a command line; a crash report
  # goes to stderr (a file) without waiting for a key.
  T -f /dev/null new-session -d -s "$S" -x 120 -y 40 "until [ -e '$WORK/$r.go' ]; do sleep 0.05; done; \
    env CASEDEV_API_KEY=sk_case_hostile_test CASEDEV_BASE_URL='$url' SWIFT_BACKTRACE=enable=yes,interactive=no,color=no,output-to=stderr \
    '$BIN' --interval 1 --log-file '$WORK/$r.log' 2>'$WORK/$r.stderr'; echo EXIT=\$?; sleep 600"
  local title_before; title_before=$(T display -p -t "$S" '#{pane_title}')
  T pipe-pane -t "$S" "cat >>'$WORK/$r.raw'"
  touch "$WORK/$r.go"
  if wait_for "Runs" 15; then ok "$r: dashboard drew its panes"; else ko "$r: dashboard drew its panes"; fi
  sleep 3
  alive "$r" "after the first answers"
  walk "$r"
  alive "$r" "after walking every pane and tab"
  not_blank "$r"
  T pipe-pane -t "$S"
  byte_checks "$r" "$WORK/$r.raw"
  local title_after; title_after=$(T display -p -t "$S" '#{pane_title}')
  if [ "$title_after" = "$title_before" ]; then ok "$r: pane title unchanged ('$title_after')"
  else ko "$r: pane title changed from '$title_before' to '$title_after'"; fi
  if [ -s "$WORK/$r.log" ] && python3 - "$WORK/$r.log" <<'EOF'; then ok "$r: log file has no escape, C1, NUL or BEL"; else ko "$r: log file has no escape, C1, NUL or BEL"; fi
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8", "surrogateescape")
bad = [c for c in t if ord(c) in (0, 7, 0x1B) or 0x80 <= ord(c) <= 0x9F or 0xDC80 <= ord(c) <= 0xDC9F]
if bad: print(f"     | {len(bad)} found, first U+{ord(bad[0]):04X}")
sys.exit(1 if bad else 0)
EOF
  local pid; pid=$(dash_pid)
  [ -n "$pid" ] && { keys q; sleep 1; }
  T kill-server 2>/dev/null
  kill "$EMU_PID" 2>/dev/null; wait "$EMU_PID" 2>/dev/null; EMU_PID=
}

round text --hostile-sane-numbers
round numbers --hostile
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
