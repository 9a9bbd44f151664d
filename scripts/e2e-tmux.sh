#!/usr/bin/env bash
# End-to-end test of the real binary in tmux, as a person would use it: the dashboard on a
# separate emulator process, driven with keys, read from the screen. Prints "N passed, N failed".
# Usage: scripts/e2e-tmux.sh [path/to/casedash]
set -u
BIN=$(realpath "${1:-.build/debug/casedash}")
export LANG=C.UTF-8 LC_ALL=C.UTF-8
SOCK="casedash-e2e-$$"
S=e2e
WORK=$(mktemp -d)
pass=0; fail=0
T() { tmux -L "$SOCK" "$@"; }
cleanup() {
  T kill-server 2>/dev/null || true
  [ -n "${EMU_PID:-}" ] && kill "$EMU_PID" 2>/dev/null
  [ -n "${OTHER_PID:-}" ] && kill "$OTHER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
screen() { T capture-pane -p -t "$S" 2>/dev/null; }
wait_for() {  # regex, seconds
  local re=$1 t=${2:-10} i
  for ((i = 0; i < t * 10; i++)); do screen | grep -Eq -- "$re" && return 0; sleep 0.1; done
  return 1
}
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ko() { fail=$((fail + 1)); echo "FAIL - $1"; screen | sed 's/^/     | /'; }
check() { if wait_for "$2" "${3:-10}"; then ok "$1"; else ko "$1 (wanted /$2/)"; fi; }
keys() { T send-keys -t "$S" "$@"; sleep 0.15; }
type_text() { T send-keys -t "$S" -l "$1"; sleep 0.15; }

# 1. Without a key and without --demo: a clear message and exit status 2.
out=$(env -u CASEDEV_API_KEY "$BIN" 2>&1 </dev/null); code=$?
if [ "$code" = 2 ] && grep -q "CASEDEV_API_KEY" <<<"$out" && grep -q -- "--demo" <<<"$out"; then ok "no key: message and exit 2"
else fail=$((fail + 1)); echo "FAIL - no key: exit $code, output: $out"; fi

# 2. snapshot prints one frame as text.
snap=$("$BIN" snapshot --demo --width 100 --height 30 2>&1)
if [ "$(wc -l <<<"$snap")" = 30 ] && grep -q "DEMO" <<<"$snap" && grep -q "Runs" <<<"$snap"; then ok "snapshot prints a 100x30 frame"
else fail=$((fail + 1)); echo "FAIL - snapshot:"; echo "$snap" | head -5; fi

# 3. The dashboard on an emulator in its own process, no demo data: everything is made through the UI.
"$BIN" emulator --port 0 --speed 4 --seed 9 --log-requests >"$WORK/emu.out" 2>"$WORK/emu.err" &
EMU_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/emu.out" && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$WORK/emu.out")
[ -n "$URL" ] && ok "emulator listening on $URL" || { ko "emulator did not start"; cat "$WORK/emu.err"; }
# A second emulator, for switching settings contexts live.
"$BIN" emulator --port 0 --speed 4 --seed 11 >"$WORK/emu-other.out" 2>&1 &
OTHER_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/emu-other.out" && break; sleep 0.1; done
URL2=$(sed -n 's/^listening on //p' "$WORK/emu-other.out")
cat >"$WORK/config.toml" <<TOML
context = "main"
[contexts.main]
base_url = "$URL"
[contexts.other]
base_url = "$URL2"
api_key_env = "E2E_OTHER_KEY"
readonly = true
[guards]
repeated_tool_calls = 6
action = "cancel"
allow_auto_cancel = true
TOML
export E2E_OTHER_KEY=sk_case_e2e_other_key

# The key reaches casedash through the environment, never a command line.
export CASEDEV_API_KEY=sk_case_e2e_test_key CASEDEV_BASE_URL="$URL" XDG_STATE_HOME="$WORK/state"
# The pager is a command that keeps what it was given, so the test can read it.
export PAGER="cat > '$WORK/paged.txt'"
T -f /dev/null new-session -d -s "$S" -x 120 -y 40 \
  "'$BIN' --config '$WORK/config.toml' --interval 1 --notify osc9 --log-file '$WORK/casedash.log'; echo EXIT=\$?; sleep 30"
# The raw bytes the dashboard writes, to see the notification and clipboard sequences.
T pipe-pane -O -t "$S" "cat >> '$WORK/pane.raw'"
check "dashboard shows the endpoint and connects" "${URL#http://} .*live"
check "empty run list invites to create one" "no runs yet: press n"

keys a
check "a opens the new-agent form" "New agent"
type_text "E2E Agent"; keys Tab; type_text "Review contracts carefully."; keys Enter
check "agent created through the form" "Agent E2E Agent created"
check "agent listed" "E2E Agent"

keys n
check "n opens the new-run form with the agent preselected" "◀ E2E Agent ▶"
keys Enter
check "empty prompt is refused in the form" "Prompt is required"
type_text "Review the NDA #ok #duration=12 #runtime=linc"; keys Enter
check "run created and executed" "created and started"
check "the new run is selected with its logs" "Run [a-z0-9]{8} · running · E2E Agent"
check "logs appear while it runs" "\[runner\] booting Vercel sandbox"
check "a first look at a running linc run shows runner and linc lines together" "│ runner .*\[runner\]"
check "... tagged by stream in one merged view" "│ linc   .*(linc 0\.9\.3 starting|tool [a-z.-]+ (started|finished))"
check "the log tab names All and each stream with its line count" "All [0-9]+ · runner [0-9]+ · linc [0-9]+"
check "the run completes" "Run [a-z0-9]{8} · completed · E2E Agent" 20
check "tokens are shown for it" "✓ completed .* [0-9.]+k │"

keys /
type_text "tool [a-z]+ (started|finished"
check "an invalid search pattern says why" "unmatched \( in /tool"
type_text ")"; keys Enter
check "a regex search counts its matches" "/tool \[a-z\]\+ \(started\|finished\)/ [0-9]+ matches"
keys '&'
check "& shows only matching lines" "& [0-9]+ matching"
if screen | grep -q "Sending prompt to agent"; then ko "& hides the lines that do not match"; else ok "& hides the lines that do not match"; fi
keys '&' Escape
keys T
check "T hides the timestamps" "│ runner [[] *runner[]] (booting|tool_call|run completed)"
keys T
keys o
check "o hands the view to the pager and comes back" "All [0-9]+ · runner"
if grep -q "^linc   .*linc 0.9.3 starting" "$WORK/paged.txt" 2>/dev/null; then ok "the pager got the merged view as text"
else ko "the pager got the merged view as text"; fi
keys L
check "L goes back to the last stream" "Logs .*linc [0-9]+  follow"
keys L L
keys l l
check "l switches to the linc stream" "^│ linc 0\.9\.3 starting|│ [0-9T:.Z-]+ *linc 0\.9\.3 starting"
keys W
check "W writes the stream to a file" "Saved [0-9]+ lines to $WORK/state/casedash/dumps/run_"
if grep -qs "linc 0.9.3 starting" "$WORK"/state/casedash/dumps/*-linc-*.log; then ok "the saved file holds the linc log"
else ko "the saved file holds the linc log"; fi
keys Right Right
check "output tab shows the final output" "Findings"
keys Escape

keys n
type_text "Summarise everything #hang"; keys Enter
check "second run is running" "Run [a-z0-9]{8} · running · E2E Agent"
check "its logs arrive live on the events stream" "linc [0-9]+  live  follow"
keys c
check "c asks for confirmation" "Cancel run [a-z0-9]{8} \(running\)\?"
keys Enter
check "Enter keeps the run (default is no)" "Kept run [a-z0-9]{8}: not cancelled"
keys c
check "asked again" "Cancel run"
keys y
check "y cancels it" "Run [a-z0-9]{8} · cancelled · E2E Agent"

# 3b. The operator's workflow.
cancels() { grep -c "request POST /agent/v1/run/:id/cancel" "$WORK/emu.out"; }
sid() { screen | grep -o "[a-z0-9]\{8\} E2E Agent    $1" | sed -n "${2:-1}p" | cut -c1-8; }
# X10 mouse report (tmux-256color's kmous): button, then column and row, each + 33.
click() { T send-keys -t "$S" -l "$(printf '\033[M %b%b' "\\0$(printf '%03o' $((33 + $1)))" "\\0$(printf '%03o' $((33 + $2)))")"; sleep 0.2; }
if grep -aq $'\e\e]9;casedash: Run [a-z0-9]\{8\} (E2E Agent) completed' "$WORK/pane.raw"; then ok "a run started here ends: OSC 9 notification (tmux passthrough)"
else ko "a run started here ends: OSC 9 notification (tmux passthrough)"; fi
for i in 1 2 3; do
  keys n; type_text "Bulk $i #hang"; keys Enter
  check "hung run $i created" "Run [a-z0-9]{8} created and started"
done
keys Escape g
for _ in $(seq 50); do [ "$(screen | grep -c "▶ running ⚑")" = 3 ] && break; sleep 0.2; done
[ "$(screen | grep -c "▶ running ⚑")" = 3 ] && ok "three watched hung runs are running" || ko "three watched hung runs are running"
before=$(cancels)
keys Space Space Space
check "Space marks three runs" "· 3 marked"
keys c
check "one confirmation for the three marked runs" "Cancel these 3 runs"
keys y
check "one message for the bulk cancel" "Cancelled 3"
sleep 0.5
[ $(( $(cancels) - before )) = 3 ] && ok "the emulator saw exactly three cancels" || ko "the emulator saw exactly three cancels ($(( $(cancels) - before )))"
keys H
check "H shows the action log" "Action log \([0-9]+\).*"
check "... with the cancels in it" "ok    cancel run [a-z0-9]{8}: ok, cancelled"
keys Escape
nda=$(sid "✓ completed")
keys :
type_text "run $nda"; keys Enter
check ":run ID jumps to the run" "Run $nda · completed · E2E Agent"
keys :
type_text "frobnicate"; keys Enter
check ":unknown says why" "unknown command \"frobnicate\""
keys Escape
keys R
check "R opens the new-run form filled from the run" "Review the NDA #ok #duration=12"
keys Enter
check "R's form creates a new run" "Run [a-z0-9]{8} created and started"
keys y
sleep 0.3
if grep -aq $'\e]52;c;' "$WORK/pane.raw"; then ok "y copies the run id through OSC 52"; else ko "y copies the run id through OSC 52"; fi
keys Escape
row=$(screen | grep -n "Bulk 1 #hang" | head -1 | cut -d: -f1)
click 60 $((row - 1))
check "a click selects a run row" "Run [a-z0-9]{8} · cancelled · E2E Agent"

keys '?'
check "? shows help" "Help · \? or Esc closes"
keys G
check "G in help reaches its last line" "Tokens are known for runs whose details were loaded"
keys Escape

# Run insight: a guard stops a runaway loop with one cancel; the waterfall; a diff; agent health.
before=$(cancels)
keys n; type_text "Loop on the vault #loop"; keys Enter
check "a #loop run starts" "Run [a-z0-9]{8} created and started"
check "the repeated-tool-calls guard cancels it" "Run [a-z0-9]{8} · cancelled · E2E Agent" 20
sleep 3
[ $(( $(cancels) - before )) = 1 ] && ok "the emulator saw exactly one cancel from the guard" \
  || ko "the emulator saw exactly one cancel from the guard ($(( $(cancels) - before )))"
check "the header says guards may cancel" "GUARDS CANCEL"
keys H
check "the action log names the guard and the run" "guard repeated_tool_calls run [a-z0-9]{8}: bash called [0-9]+ times in a row"
keys Escape
keys n; type_text "Draft the memo #ok #duration=40"; keys Enter
check "a run to look into is running" "Run [a-z0-9]{8} · running · E2E Agent"
keys Enter Right
check "Right opens the step waterfall of the running run" "STEP +START +DUR TOKENS +COST  0 → "
check "... with its steps, time, tokens and cost summed" 'Σ [0-9]+ steps · [0-9.ms]+ · [0-9.k]+ tokens · \$[0-9.]+'
keys Enter
check "Enter opens the step with its details" "Step [0-9]+ · ↑/↓ scroll · L logs"
keys Escape Left Escape
keys :
type_text "status completed"; keys Enter
keys g Space Space
keys d
check "d compares the two marked runs" "A [a-z0-9]{8} vs B [a-z0-9]{8}"
check "... with the differences in time, tokens and cost" "Δ +\(B − A\) duration [+±-]"
keys Escape U
keys :
type_text "status all"; keys Enter
keys h
check "h shows each agent's health" "E2E Agent +[0-9]+ +[0-9]+%"
keys Escape

# Agents: the definition, and an edit that sends only what changed.
keys Tab Tab j
keys Enter
check "Enter on an agent opens its definition" "Agent E2E Agent · E edit · D delete"
check "... with its instructions" "Review contracts carefully\."
keys E
check "E opens the edit form on the name" "Edit agent E2E Agent"
keys Tab
type_text "Reviews NDAs"; keys Enter
check "the edit is saved" "Agent E2E Agent saved"
[ "$(grep -c "request PATCH /agent/v1/agents/:id" "$WORK/emu.out")" = 1 ] && ok "the emulator saw one PATCH" || ko "the emulator saw one PATCH"
keys Escape Escape
keys Tab
# Contexts: switch live to another API and back.
check "the header names the context" " main  ${URL#http://}"
keys :
type_text "context other"; keys Enter
check ":context switches live to the other API" " other  ${URL2#http://}.*READ-ONLY"
check "nothing of the old context shows in the new one" "no runs"
keys :
type_text "context main"; keys Enter
check "and back, with its runs" "Bulk 3 #hang"

T resize-window -t "$S" -x 80 -y 24
check "80x24 uses the reduced layout" "^Agents: +All +E2E Agent"
T resize-window -t "$S" -x 50 -y 12
check "50x12 says the terminal is too small" "Terminal too small: 50x12"
T resize-window -t "$S" -x 160 -y 45
check "160x45 shows the full layout again" "Token usage"

# 4. The API goes away: the data stays, the header says so, and it recovers.
kill "$EMU_PID"; wait "$EMU_PID" 2>/dev/null
check "API down: last data kept, retrying shown" "retrying in [0-9]+s"
check "the runs are still on screen" "cancelled"
"$BIN" emulator --port "${URL##*:}" --speed 4 --seed 9 >"$WORK/emu2.out" 2>&1 &
EMU_PID=$!
keys r
check "recovers when the API is back" "● live" 20

keys q
check "q quits with status 0" "EXIT=0"
screen >"${E2E_ARTIFACT:-$WORK/last-screen.txt}"
if grep -q "sk_case_e2e_test_key" "$WORK/casedash.log"; then ko "the API key appeared in the log"; else ok "the API key is not in the log"; fi

# 5. SIGTERM restores the terminal and exits cleanly.
T new-window -t "$S" -n term "'$BIN' --interval 1; echo EXIT2=\$?; stty -a | grep -o ' -icanon\| icanon' | head -1 | sed 's/^/STTY:/'; sleep 30"
S="$S:term"
check "second dashboard up" "live"
child_of() { for f in /proc/[0-9]*/stat; do awk -v p="$1" '$4 == p { print $1 }' "$f" 2>/dev/null; done | head -1; }
kill -TERM "$(child_of "$(T list-panes -t "$S" -F '#{pane_pid}' | head -1)")"
check "SIGTERM: exit status 0" "EXIT2=0"
check "SIGTERM: terminal back in canonical mode" "STTY: icanon"

# 6. Ctrl-C quits too, and so does a hang-up of the terminal.
T new-window -t "${S%%:*}" -n ctrlc "'$BIN' --interval 1; echo EXIT3=\$?; sleep 30"
S="${S%%:*}:ctrlc"
check "third dashboard up" "live"
keys C-c
check "Ctrl-C: exit status 0" "EXIT3=0"

# 7. Signals sent to a dashboard started from an interactive shell, as a user's would be; after
# each the shell's terminal must be sane: echo and icanon on, the alternate screen left.
SES=${S%%:*}
T new-window -t "$SES" -n sig "env PS1='$ ' bash --norc --noprofile -i"
S="$SES:sig"
printf '%s\n' 'printf "%s TTY=%s\n" "$1" "$(stty -a | tr -s " ;" "\n" | grep -xE -- "-?(icanon|echo)" | paste -sd, -)"' >"$WORK/sane.sh"
sh_pid=$(T list-panes -t "$S" -F '#{pane_pid}' | head -1)
alt() { T display-message -p -t "$S" '#{alternate_on}'; }
dash() {  # tag: start a dashboard from the shell and wait until it is live
  T send-keys -t "$S" "clear; '$BIN' --interval 1 --log-file '$WORK/signals.log'; echo \"$1 EXIT=\$?\"" Enter
  wait_for "live" 15 && [ "$(alt)" = 1 ]
}
sane() {  # tag: the shell's terminal after the dashboard is gone
  T send-keys -t "$S" "sh '$WORK/sane.sh' $1" Enter
  if wait_for "$1 TTY=icanon,echo$" 5 && [ "$(alt)" = 0 ]; then ok "$1: terminal sane afterwards"
  else ko "$1: terminal sane afterwards (alternate_on=$(alt))"; fi
}
for sig in HUP INT QUIT; do
  if dash "$sig"; then ok "$sig: dashboard up"; else ko "$sig: dashboard up"; fi
  kill -"$sig" "$(child_of "$sh_pid")"
  check "SIG$sig: quits with status 0" "^$sig EXIT=0"
  sane "SIG$sig"
done
if screen | grep -q "Press space"; then ko "no crash reporter waits for input"; fi

# One dashboard lives through PIPE, USR1, a stop and a resize storm, then QUIT ends it.
if dash KEEP; then ok "KEEP: dashboard up"; else ko "KEEP: dashboard up"; fi
pid=$(child_of "$sh_pid")
kill -PIPE "$pid"; sleep 0.3
if kill -0 "$pid" 2>/dev/null && screen | grep -q "live"; then ok "SIGPIPE is ignored"; else ko "SIGPIPE is ignored"; fi
printf '\033[22;40HGARBAGE-ON-SCREEN' >"$(T display-message -p -t "$S" '#{pane_tty}')"
check "garbage written to the pane" "GARBAGE-ON-SCREEN" 3
kill -USR1 "$pid"; sleep 0.5
if kill -0 "$pid" 2>/dev/null && ! screen | grep -q "GARBAGE" && screen | grep -q "live"; then ok "SIGUSR1 redraws the whole screen"
else ko "SIGUSR1 redraws the whole screen"; fi
kill -USR2 "$pid"; sleep 0.3
if kill -0 "$pid" 2>/dev/null; then ok "SIGUSR2 is harmless"; else ko "SIGUSR2 is harmless"; fi
kill -TSTP "$pid"
check "SIGTSTP: the shell reports the dashboard stopped" "Stopped"
sane "SIGTSTP"
T send-keys -t "$S" "fg" Enter
if wait_for "live" 10 && [ "$(alt)" = 1 ] && ! screen | grep -q "TTY="; then ok "fg: the dashboard comes back redrawn"
else ko "fg: the dashboard comes back redrawn"; fi
for size in 100x30 140x45 81x25 60x20 150x50 90x28 200x60 70x22 130x42 120x40; do
  T resize-window -t "$S" -x "${size%x*}" -y "${size#*x}"
done
check "resize storm: the dashboard settles at 120x40" "Token usage"
kill -QUIT "$pid"
# The stop already ran the `echo` after the command; after `fg`, $? is the job's status.
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
T send-keys -t "$S" "echo \"AFTER-FG EXIT=\$?\"" Enter
check "SIGQUIT after all that: status 0" "^AFTER-FG EXIT=0"
sane "storm"

# A crash: the terminal is restored first, one line says where the details are, nothing waits.
if dash SEGV; then ok "SEGV: dashboard up"; else ko "SEGV: dashboard up"; fi
kill -SEGV "$(child_of "$sh_pid")"
check "a crash exits at once with the signal's status" "^SEGV EXIT=139" 5
if [ "$(screen | grep -c "casedash crashed")" = 1 ] && screen | grep -q "casedash crashed (SIGSEGV); details are in $WORK/signals.log"
then ok "a crash prints one line naming the log"; else ko "a crash prints one line naming the log"; fi
if screen | grep -q "Press space"; then ko "a crash does not wait for input"; else ok "a crash does not wait for input"; fi
sane "crash"

# TERM=dumb cannot be drawn on: refuse before touching the screen.
T send-keys -t "$S" "clear; TERM=dumb '$BIN' --demo; echo \"DUMB EXIT=\$?\"" Enter
check "TERM=dumb: exit 2" "^DUMB EXIT=2" 10
check "TERM=dumb: says what is needed" "casedash needs a terminal with cursor addressing \(TERM=dumb has none\)"

# A theme and a settings file that abort the TOML parser are skipped and named, not fatal.
mkdir -p "$WORK/badcfg/casedash/themes"
printf '[[[\n' >"$WORK/badcfg/casedash/themes/broken.toml"
printf '[[[\n' >"$WORK/badcfg/casedash/config.toml"
T send-keys -t "$S" "clear; XDG_CONFIG_HOME='$WORK/badcfg' '$BIN' --demo; echo \"BADTOML EXIT=\$?\"" Enter
check "[[[ files: the dashboard starts" "DEMO"
check "[[[ files: the settings problem is shown" "Settings problem: .*cannot be parsed safely"
keys q
check "[[[ files: quits with status 0" "^BADTOML EXIT=0"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
