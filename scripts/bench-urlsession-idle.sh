#!/usr/bin/env bash
# What one open, idle URLSession transfer costs on this machine: a server (Python, loopback) sends
# event-stream headers and one comment, then nothing; a 20-line Swift program keeps the request
# open. Prints CPU and context switches a second over 5 s, beside the same program with nothing
# open (the reference; threads that exit take their counts with them, so it is clamped at 0). Usage: scripts/bench-urlsession-idle.sh
set -eu
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'kill ${SERVER:-} ${PROBE:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
swiftc -O scripts/probes/urlsession-idle.swift -o "$WORK/probe" 2>/dev/null
cat >"$WORK/server.py" <<'PY'
import socket, sys, threading, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 0)); s.listen(5)
print(s.getsockname()[1], flush=True)
def serve(c):
    c.recv(65536)
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n: hi\n\n\n\r\n")
    time.sleep(120)
while True:
    c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
python3 "$WORK/server.py" >"$WORK/port" & SERVER=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(head -1 "$WORK/port")
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { s += $2 } END { print s + 0 }'; }
ticks() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }
measure() {  # label, url
  "$WORK/probe" "$2" & PROBE=$!
  sleep 2
  local c0 k0 c1 k1; c0=$(switches $PROBE); k0=$(ticks $PROBE); sleep 5; c1=$(switches $PROBE); k1=$(ticks $PROBE)
  printf '%-34s cpu %5.1f %%   context switches %8d /s\n' "$1" "$(echo "($k1 - $k0) / 5" | bc -l)" $(( c1 > c0 ? (c1 - c0) / 5 : 0 ))
  kill $PROBE; wait $PROBE 2>/dev/null || true; PROBE=
}
echo "one idle URLSession transfer ($(swift --version 2>&1 | head -1 | sed 's/ (.*//'), $(date -u +%F))"
measure "nothing open (request refused)" "http://127.0.0.1:1/"
measure "open event stream, idle" "http://127.0.0.1:$PORT/events"
