#!/usr/bin/env bash
# Server figures for the notes (not a test): a release `aimak serve` on loopback, loaded by wrk.
#   swift build -c release --static-swift-stdlib --scratch-path .build-release --product aimak && scripts/bench-server.sh [postgres://…]
# 1. GET /api/v1/system?date=2009-01-01 vs /healthz (the same server's trivial route), then territory find;
#    64 connections, 2 threads, 15 s each; p50/p99 from wrk --latency.
# 2. Appends over HTTP: POST /api/v1/procedures (each one derived by the law and durably appended as a
#    new stream), on SQLite and, if an address is given, PostgreSQL.
# 3. RSS (VmRSS / VmHWM from /proc) at rest with the bundled law and an empty store, under load, and
#    after rebuilding the state of 1,000,000 events in 1,000 procedures (filled by `aimak store benchmark`).
set -euo pipefail
cd "$(dirname "$0")/.."
AIMAK=${AIMAK:-.build-release/release/aimak}
PG=${1:-}
WORK=$(mktemp -d)
PORT=18200
rss() { awk '/VmRSS|VmHWM/ {printf "%s %d MB  ", $1, $2/1024}' /proc/$1/status; echo; }
serve() { # database → starts a server, sets SERVER
  $AIMAK serve --port $PORT --database "$1" > "$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
}
stop() { kill $SERVER; wait $SERVER 2>/dev/null || true; }
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

export AIMAK_HOME="$WORK"
DB="$WORK/aimak.sqlite"
$AIMAK account add bench --role administrator --unit kg --database "$DB" > /dev/null
TOKEN=$($AIMAK token create bench --database "$DB" | tail -1)
serve "$DB"
echo "== at rest, bundled law, empty store: $(rss $SERVER)"
for path in "/healthz" "/api/v1/system?date=2009-01-01" "/api/v1/territory/find?q=sokuluk"; do
  echo "== GET $path"
  wrk -t2 -c64 -d15s --latency "http://127.0.0.1:$PORT$path" | grep -E "Requests/sec|50%|99%|Non-2xx"
done
echo "== under load: $(rss $SERVER)"
cat > "$WORK/append.lua" <<LUA
-- Every thread numbers its own procedures, so no two requests name the same one.
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
counter = 0
request = function()
  counter = counter + 1
  local id = "bench-" .. tid .. "-" .. counter
  local body = '{"procedure": "akim-appointment", "unit": "41708222000000", "date": "2010-03-01", "id": "' .. id .. '"}'
  return wrk.format("POST", "/api/v1/procedures", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $TOKEN"}, body)
end
LUA
echo "== POST /api/v1/procedures (SQLite), 8 connections"
wrk -t2 -c8 -d15s --latency -s "$WORK/append.lua" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|50%|99%|Non-2xx"
echo "== after appends: $(rss $SERVER)"
stop

if [ -n "$PG" ]; then
  $AIMAK account add bench --role administrator --unit kg --database "$PG" > /dev/null 2>&1 || true
  TOKEN=$($AIMAK token create bench --database "$PG" | tail -1)
  sed -i "s|Bearer [^\"]*\"|Bearer $TOKEN\"|" "$WORK/append.lua"
  serve "$PG"
  echo "== POST /api/v1/procedures (PostgreSQL), 8 connections"
  wrk -t2 -c8 -d15s --latency -s "$WORK/append.lua" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|50%|99%|Non-2xx"
  stop
fi

BIG="$WORK/big.sqlite"
echo "== filling 1,000 procedures x 1,000 events"
$AIMAK store benchmark --database "$BIG" --appends 10 --batched 100 | tail -2
serve "$BIG"
for _ in $(seq 1 600); do grep -q "Aimak is serving" "$WORK/server.log" && break; sleep 0.5; done
# The book rebuilds in the background; /readyz answers 200 once it has read the whole log.
START=$(date +%s.%N)
for _ in $(seq 1 1200); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.25; done
echo "== ready after $(echo "$(date +%s.%N) - $START" | bc) s"
n=$(curl -s "http://127.0.0.1:$PORT/api/v1/procedures" | grep -o '"id"' | wc -l)
echo "== after rebuilding 1,000,000 events in 1,000 procedures ($n listed): $(rss $SERVER)"
stop
