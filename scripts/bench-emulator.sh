#!/usr/bin/env bash
# How the emulator's list endpoint scales with the number of runs: seeds N runs, then times
# list requests (first page, status filter, agent + status filter, deep cursor) over one
# keep-alive connection. Prints the seeding time and per-query medians and p95.
# Usage: scripts/bench-emulator.sh [runs=50000] [requests=200] [path/to/casedash]
set -euo pipefail
N=${1:-50000}; R=${2:-200}; BIN=${3:-.build/debug/casedash}
OUT=$(mktemp); trap 'kill $PID 2>/dev/null; rm -f $OUT' EXIT
start=$(date +%s.%N)
"$BIN" emulator --port 0 --demo-data --demo-runs "$N" >"$OUT" 2>&1 & PID=$!
for _ in $(seq 600); do grep -q "listening on" "$OUT" && break; sleep 0.05; done
seeded=$(date +%s.%N)
URL=$(sed -n 's/^listening on //p' "$OUT")/agent/v1
H="Authorization: Bearer sk_case_bench"
AGENT=$(curl -s -H "$H" "$URL/agents?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["agents"][0]["id"])')
DEEP=$(curl -s -H "$H" "$URL/run?limit=250&status=completed" | python3 -c 'import json,sys; print(json.load(sys.stdin)["runs"][-1]["id"])')
printf 'runs seeded: %s in %.2fs (%s)\n' "$N" "$(echo "$seeded - $start" | bc)" "$BIN"
bench() {  # name, url
  local urls=() i
  for ((i = 0; i < R; i++)); do urls+=(-o /dev/null "$2"); done
  curl -s -H "$H" -w '%{time_total}\n' "${urls[@]}" | sort -n |
    awk -v name="$1" '{ t[NR] = $1 } END { printf "%-34s median %6.2f ms   p95 %6.2f ms   (%d requests)\n", name, t[int(NR/2)+1]*1000, t[int(NR*0.95)]*1000, NR }'
}
bench "GET /run?limit=100"                   "$URL/run?limit=100"
bench "GET /run?status=failed&limit=100"     "$URL/run?status=failed&limit=100"
bench "GET /run?agentId&status=completed"    "$URL/run?agentId=$AGENT&status=completed&limit=100"
bench "GET /run?cursor=<deep>&limit=250"     "$URL/run?cursor=$DEEP&limit=250"
bench "GET /run/{id}/status"                 "$URL/run/$DEEP/status"
