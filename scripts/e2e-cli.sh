#!/usr/bin/env bash
# End-to-end test of the scripting commands of the real binary, as a script would use them: a
# separate emulator process, the commands piped (plain rows, no colour), exit statuses checked.
# A pseudo-terminal (script(1)) shows the table and the confirmation prompt. Prints "N passed, N failed".
# Usage: scripts/e2e-cli.sh [path/to/casedash]
set -u
BIN=$(realpath "${1:-.build/debug/casedash}")
export LANG=C.UTF-8 LC_ALL=C.UTF-8
WORK=$(mktemp -d)
pass=0; fail=0
cleanup() { [ -n "${EMU_PID:-}" ] && kill "$EMU_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ko() { fail=$((fail + 1)); echo "FAIL - $1"; sed 's/^/     | /' "$WORK/out" "$WORK/err" 2>/dev/null | head -20; }
# expect STATUS NAME -- COMMAND...: runs casedash, keeps stdout/stderr in $WORK/out, $WORK/err.
expect() {
  local want=$1 name=$2; shift 3
  "$BIN" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null; local code=$?
  if [ "$code" = "$want" ]; then return 0; fi
  ko "$name: exit $code, wanted $want"; return 1
}
has() { grep -Eq -- "$1" "$WORK/${2:-out}"; }

"$BIN" emulator --port 0 --speed 4 --demo-data >"$WORK/emu" 2>&1 &
EMU_PID=$!
for _ in $(seq 50); do grep -q "listening on" "$WORK/emu" && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/emu")
export CASEDEV_API_KEY=sk_case_e2e CASEDEV_BASE_URL=$URL XDG_CACHE_HOME=$WORK/cache

expect 0 "agents list" -- agents list && { has $'^agent_[a-z0-9]+\tContract Reviewer\t' && ok "agents list: plain rows when piped" || ko "agents list: plain rows when piped"; }
expect 0 "agents create" -- agents create --name "E2E Agent" --instructions "Be brief." && { AGENT=$(cat "$WORK/out") && ok "agents create prints the id" || ko "agents create prints the id"; }
expect 0 "agents update" -- agents update "E2E Agent" --description "changed" && { has $'^Description\tchanged' && ok "agents update by name" || ko "agents update by name"; }
expect 0 "runs list --all" -- runs list --all --jsonl && { [ "$(wc -l <"$WORK/out")" -gt 250 ] && ok "runs list --all walks every page ($(wc -l <"$WORK/out") runs)" || ko "runs list --all walks every page ($(wc -l <"$WORK/out") runs)"; }
expect 0 "runs create --exec" -- runs create --agent "E2E Agent" --prompt "e2e #fail #duration=4" --exec && { RUN=$(cat "$WORK/out") && ok "runs create --exec" || ko "runs create --exec"; }
expect 4 "logs -f of a failing run" -- logs "$RUN" -f && { has '^runner ' && has 'failed' err && ok "logs -f follows to the end, exit 4" || ko "logs -f follows to the end, exit 4"; }
expect 4 "runs wait on a failed run" -- runs wait "$RUN" && { has 'last [0-9]+ log lines' err && ok "runs wait: exit 4, error and last lines on stderr" || ko "runs wait: exit 4, error and last lines on stderr"; }
expect 0 "runs get --json" -- runs get "$RUN" --json && { has '"status" : "failed"' && ok "runs get --json" || ko "runs get --json"; }
expect 0 "runs export" -- runs export "$RUN" && { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["run"]["result"]["logs"]["runner"]' "$WORK/out" && ok "runs export: one JSON document with the logs" || ko "runs export: one JSON document with the logs"; }
OTHER=$("$BIN" runs list --status completed --limit 1 | cut -f1)
expect 0 "runs diff" -- runs diff "$OTHER" "$RUN" && { has '^Steps \(aligned by kind and tool\)' && has '^Δ ' && ok "runs diff: figures, deltas and aligned steps" || ko "runs diff: figures, deltas and aligned steps"; }
expect 0 "runs diff --json" -- runs diff "$OTHER" "$RUN" --json && { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["a"]["status"]=="completed" and d["b"]["status"]=="failed" and d["steps"]' "$WORK/out" && ok "runs diff --json" || ko "runs diff --json"; }
expect 1 "runs exec of an ended run" -- runs exec "$RUN" && { has 'HTTP 409' err && ok "API error: exit 1 with the HTTP status" || ko "API error: exit 1 with the HTTP status"; }
HANG=$("$BIN" runs create --agent "E2E Agent" --prompt "e2e #hang" --exec)
expect 5 "runs wait --timeout" -- runs wait "$HANG" --timeout 1 && ok "runs wait --timeout: exit 5"
expect 2 "runs cancel without --yes" -- runs cancel "$HANG" && { has 'refused without --yes' err && ok "runs cancel refuses without --yes when stdin is not a terminal" || ko "runs cancel refuses without --yes when stdin is not a terminal"; }
expect 0 "runs cancel --yes" -- runs cancel "$HANG" --yes && { has $'\tcancelled' && ok "runs cancel --yes" || ko "runs cancel --yes"; }
expect 0 "execute" -- execute "What is due? #ok #duration=1" && { [ -s "$WORK/out" ] && ok "execute prints the output" || ko "execute prints the output"; }
expect 4 "execute a failing run" -- execute "x #fail #duration=1" && ok "execute of a failing run: exit 4"
expect 0 "usage --by model" -- usage --by model && { has $'^total\t' && ok "usage --by model" || ko "usage --by model"; }
expect 0 "usage again, from the cache" -- usage --json && { ls "$WORK/cache/casedash/"usage-*.jsonl >/dev/null && ok "usage cache under \$XDG_CACHE_HOME/casedash" || ko "usage cache under \$XDG_CACHE_HOME/casedash"; }
expect 2 "usage error" -- runs list --status nope && ok "usage error: exit 2"
expect 3 "network error" -- runs list --base-url http://127.0.0.1:1 && ok "network error: exit 3"
# --context picks a settings context's endpoint and key variable, as in the dashboard.
printf '[contexts.nowhere]\nbase_url = "http://127.0.0.1:1"\n[contexts.here]\nbase_url = "%s"\napi_key_env = "E2E_HERE_KEY"\n' "$URL" >"$WORK/ctx.toml"
expect 3 "--context nowhere" -- runs list --limit 1 --config "$WORK/ctx.toml" --context nowhere && ok "--context nowhere: that endpoint is used (exit 3)"
E2E_HERE_KEY=sk_case_e2e expect 0 "--context here" -- runs list --limit 1 --config "$WORK/ctx.toml" --context here && ok "--context here: its endpoint and key variable"
env -u CASEDEV_API_KEY -u CASEDEV_BASE_URL "$BIN" --demo runs list --limit 2 >"$WORK/out" 2>"$WORK/err" </dev/null && [ "$(wc -l <"$WORK/out")" = 2 ] \
  && ok "--demo before the command works with no key" || ko "--demo runs list"
expect 0 "agents delete --yes" -- agents delete "$AGENT" --yes && ok "agents delete --yes"
if command -v script >/dev/null; then
  script -qc "COLUMNS=80 '$BIN' runs list --limit 3" /dev/null >"$WORK/out" 2>&1
  if head -1 "$WORK/out" | grep -q 'ID.*AGENT.*STATUS' && grep -q $'\e\\[' "$WORK/out"; then ok "a table with a header and colour on a terminal"; else ko "table on a terminal"; fi
  script -qc "NO_COLOR=1 '$BIN' runs list --limit 3" /dev/null >"$WORK/out" 2>&1
  if ! grep -q $'\e' "$WORK/out"; then ok "NO_COLOR: no colour on a terminal"; else ko "NO_COLOR"; fi
fi
"$BIN" --generate-completion-script bash >"$WORK/out" && grep -q -- '---completion agents get' "$WORK/out" && ok "bash completions complete agent names"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
