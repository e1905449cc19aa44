#!/usr/bin/env bash
# HTTP benchmark: GET /healthz with wrk, 64 keep-alive connections, 10 s,
# against the release build on loopback. Prints req/s and p50/p99/max latency
# for forewarn's configuration, and for comparison two runs with one fix
# undone each: cpp-httplib's default worker pool (8 threads on this machine)
# and TCP_NODELAY off.
#
#   bench/http.sh [--quick]      (--quick: 3 s per run)
#
# Uses FOREWARN_DATABASE_URL if set, else a private cluster in build/bench-pg.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=10s
[ "${1:-}" = "--quick" ] && duration=3s

scripts/install-deps
cmake --preset release >/dev/null
cmake --build --preset release --target forewarn >/dev/null
bin=build/release/forewarn

if [ -z "${FOREWARN_DATABASE_URL:-}" ]; then
  pg_dir="$PWD/build/bench-pg"
  FOREWARN_DATA_DIR="$pg_dir" "$bin" db start >/dev/null
  FOREWARN_DATABASE_URL=$(FOREWARN_DATA_DIR="$pg_dir" "$bin" db url)
  # `db stop` refuses while FOREWARN_DATABASE_URL is set: stop it without.
  trap 'env -u FOREWARN_DATABASE_URL FOREWARN_DATA_DIR="$pg_dir" "$bin" db stop >/dev/null 2>&1 || true' EXIT
fi
export FOREWARN_DATABASE_URL

run() {  # run LABEL [VAR=VALUE ...]
  local label=$1; shift
  local log; log=$(mktemp)
  env FOREWARN_HTTP_PORT=0 FOREWARN_LOG_LEVEL=info "$@" "$bin" serve 2>"$log" &
  local pid=$!
  local port=""
  for _ in $(seq 1 100); do
    port=$(grep -o '"msg":"listening".*"port":[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$log"; kill $pid; exit 1; }
  local out; out=$(wrk -t2 -c64 -d"$duration" --latency "http://127.0.0.1:$port/healthz")
  kill -TERM $pid; wait $pid || true
  rm -f "$log"
  local rps p50 p99 max errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  max=$(awk '$1=="Latency" {print $4}' <<<"$out")
  errors=$(grep -o 'Socket errors.*\|Non-2xx.*' <<<"$out" | tr '\n' ' ' || true)
  printf '%-34s %10s req/s   p50 %8s   p99 %8s   max %8s   %s\n' "$label" "$rps" "$p50" "$p99" "$max" "${errors:-no errors}"
}

echo "GET /healthz, wrk -t2 -c64 -d$duration, $(nproc) cores"
run "forewarn (128 workers, NODELAY)"
run "httplib default pool (8 workers)" FOREWARN_HTTP_THREADS=8
run "TCP_NODELAY off" FOREWARN_HTTP_TCP_NODELAY=false
