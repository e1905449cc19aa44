#!/usr/bin/env bash
# Simulated-carrier benchmark: how many tracking requests per second
# `forewarn sim-carrier` answers (100,000 generated UPS shipments, a fixed
# clock, no faults), with wrk, 64 keep-alive connections, on loopback, release
# build. Every answer is a full Track API JSON body computed from the
# tracking number and the seed. The polling benchmark of issue 4 needs the sim
# to sustain well over 2,000/s next to forewarn itself.
#
#   bench/sim_carrier.sh [--quick]      (--quick: 3 s)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=10s
[ "${1:-}" = "--quick" ] && duration=3s

cmake --preset release >/dev/null
cmake --build --preset release --target forewarn >/dev/null
bin=build/release/forewarn
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

cat >"$tmp/scenario.json" <<'JSON'
{"seed": 1, "generate": {"count": 100000, "carriers": ["ups"], "ship_from": "2026-12-01", "ship_days": 10}}
JSON
export FOREWARN_CLOCK=fixed:2026-12-08T18:00:00Z
"$bin" sim-carrier --scenario "$tmp/scenario.json" --list | grep -o '"tracking_number":"[^"]*"' | cut -d'"' -f4 >"$tmp/numbers"
"$bin" sim-carrier --scenario "$tmp/scenario.json" --port 0 --threads 128 >"$tmp/out" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(grep -o '[0-9]\+' "$tmp/out" 2>/dev/null || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "sim-carrier did not start"; exit 1; }
token=$(curl -s -X POST "http://127.0.0.1:$port/security/v1/oauth/token" -u bench:bench -d grant_type=client_credentials |
  grep -o '"access_token":"[^"]*"' | cut -d'"' -f4)
echo "sim-carrier: $(wc -l <"$tmp/numbers") UPS shipments, wrk -t2 -c64 -d$duration"
SIM_TOKEN=$token SIM_NUMBERS=$tmp/numbers wrk -t2 -c64 -d"$duration" --latency -s bench/sim_carrier.lua \
  "http://127.0.0.1:$port" | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx|Socket errors'
curl -s "http://127.0.0.1:$port/_sim/stats"; echo
