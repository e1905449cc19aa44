#!/usr/bin/env bash
# Checkout benchmark: POST /v1/promises (the cookie-gift request, 3 services,
# one event) with wrk, 64 keep-alive connections, 10 s, against the release
# build on loopback; and GET /healthz on the same server in the same run, for
# the floor of the HTTP stack. Prints req/s and p50/p99/max of both and the
# ratio promises/healthz.
#
#   bench/promises.sh [--quick]      (--quick: 3 s per run)
#
# The per-key rate limit is lifted for the run (FOREWARN_RATE_LIMIT_RPS), the
# clock is fixed (FOREWARN_CLOCK) so that the order time stays valid, and the
# snapshot is warm after the first request: the checkout path does no
# database round trip (except one reload per FOREWARN_SNAPSHOT_TTL_MS).
# Uses FOREWARN_DATABASE_URL if set, else a private cluster in build/bench-pg.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=10s
[ "${1:-}" = "--quick" ] && duration=3s

scripts/install-deps
cmake --preset release >/dev/null
cmake --build --preset release --target forewarn >/dev/null
bin=build/release/forewarn

own_cluster=""
if [ -z "${FOREWARN_DATABASE_URL:-}" ]; then
  export FOREWARN_DATA_DIR="$PWD/build/bench-pg"
  "$bin" db start >/dev/null
  FOREWARN_DATABASE_URL=$("$bin" db url)
  own_cluster=1
  trap 'env -u FOREWARN_DATABASE_URL FOREWARN_DATA_DIR="$PWD/build/bench-pg" "$bin" db stop >/dev/null 2>&1 || true' EXIT
  unset FOREWARN_DATA_DIR
fi
export FOREWARN_DATABASE_URL

log=$(mktemp)
env FOREWARN_HTTP_PORT=0 FOREWARN_LOG_LEVEL=info FOREWARN_CLOCK=fixed:2026-12-01T12:00:00Z \
  FOREWARN_RATE_LIMIT_RPS=10000000 FOREWARN_RATE_LIMIT_BURST=100000000 "$bin" serve 2>"$log" &
pid=$!
cleanup() {
  kill -TERM $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  rm -f "$log"
  # `db stop` refuses while FOREWARN_DATABASE_URL is set: drop it for the call.
  if [ -n "$own_cluster" ]; then env -u FOREWARN_DATABASE_URL FOREWARN_DATA_DIR="$PWD/build/bench-pg" "$bin" db stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
port=""
for _ in $(seq 1 100); do
  port=$(grep -o '"msg":"listening".*"port":[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$log"; exit 1; }
base="http://127.0.0.1:$port"

key=$("$bin" tenant create "bench-$(date +%s%N)" | awk '/api key/ {print $NF}')
warehouse=$(curl -sf "$base/v1/warehouses" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"name":"Bakery","time_zone":"America/New_York","country":"US","cutoff_local":"14:00","backlog_days":5}' |
  jq -r .id)
curl -sf "$base/v1/events" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"name":"Christmas","rule":{"type":"annual","month":12,"day":24}}' >/dev/null
export FOREWARN_BENCH_KEY=$key FOREWARN_BENCH_WAREHOUSE=$warehouse
# One request first: it must answer 200, and it warms the tenant's snapshot.
body=$(printf '{"warehouse_id":"%s","destination":{"postal_code":"10025","country":"US"},"order_time":"2026-12-18T15:00:00-05:00","services":["ups-ground","ups-2nd-day-air","ups-next-day-air"],"events":["Christmas"],"locale":"en"}' "$warehouse")
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/v1/promises" -H "Authorization: Bearer $key" \
  -H 'Content-Type: application/json' -d "$body")
[ "$status" = 200 ] || { echo "warm-up request answered $status"; tail -5 "$log"; exit 1; }

declare -A RPS
measure() {  # measure LABEL wrk-args...
  local label=$1; shift
  local out; out=$(wrk -t2 -c64 -d"$duration" --latency "$@")
  local rps p50 p99 max errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  max=$(awk '$1=="Latency" {print $4}' <<<"$out")
  errors=$(grep -o 'Socket errors.*\|Non-2xx.*' <<<"$out" | tr '\n' ' ' || true)
  RPS[$label]=$rps
  printf '%-26s %10s req/s   p50 %8s   p99 %8s   max %8s   %s\n' "$label" "$rps" "$p50" "$p99" "$max" "${errors:-no errors}"
}

echo "wrk -t2 -c64 -d$duration, $(nproc) cores, one forewarn (release, 128 workers)"
measure "GET /healthz" "$base/healthz"
measure "POST /v1/promises" -s bench/promises.lua "$base/v1/promises"
awk -v p="${RPS[POST /v1/promises]}" -v h="${RPS[GET /healthz]}" \
  'BEGIN { printf "ratio promises/healthz: %.2f\n", p / h }'
