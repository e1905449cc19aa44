#!/usr/bin/env bash
# Polling benchmark (issue 4): N active shipments (default 100,000) across UPS,
# FedEx, USPS and DHL, all due now; one `forewarn serve` (release) polls them
# through its carrier transports from `forewarn sim-carrier` on loopback and
# stores every answer (fetch + parse + store + re-evaluate). Both run on one
# fixed clock, so after its poll a shipment is not due again: the run ends
# when every shipment has been updated once. The per-carrier rate limit is
# lifted for the run (FOREWARN_CARRIER_RATE_LIMIT_RPS).
#
# Reports tracking updates per second end to end, the server's CPU time per
# update (user + system, from /proc), and its peak RSS (VmHWM).
#
#   bench/polling.sh [N]
#
# The shipments are inserted with SQL (registering 100,000 through the API
# would measure the API, not the poller); the sim lists their numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}

scripts/install-deps
cmake --preset release >/dev/null
cmake --build --preset release --target forewarn >/dev/null
bin=$PWD/build/release/forewarn
tmp=$(mktemp -d)
export FOREWARN_CLOCK=fixed:2026-12-08T18:00:00Z

source bench/lib.sh
bench_database forewarn_poll_bench
tenant=$(psql -X -At "$dburl" -c "SELECT id FROM tenants WHERE name = 'bench'")

cat >"$tmp/scenario.json" <<JSON
{"seed": 3, "start": "2026-12-01",
 "generate": {"count": $count, "carriers": ["ups", "fedex", "usps", "dhl"], "ship_from": "2026-12-01", "ship_days": 7,
              "plans": {"normal": 0.8, "delayed": 0.2}}}
JSON
"$bin" sim-carrier --scenario "$tmp/scenario.json" --list |
  jq -r '[.carrier, .tracking_number] | @csv' >"$tmp/numbers.csv"
psql -X -q -v ON_ERROR_STOP=1 "$dburl" <<SQL
CREATE TEMP TABLE n (carrier text, tracking_number text);
\copy n FROM '$tmp/numbers.csv' WITH (FORMAT csv)
-- Registered and assessed before the run, as the API and the sweep
-- (poller/assessor.cpp) leave them: without assessed_at the sweep would
-- assess all 100,000 for the first time during the run, registration work
-- that is not a tracking update.
INSERT INTO shipments (tenant_id, order_id, carrier, tracking_number, destination_postal_code, destination_country,
                       next_poll_at, assessed_at, created_at, updated_at)
SELECT '$tenant'::uuid, 'order-' || row_number() OVER (), carrier, tracking_number, '10025', 'US',
       '2026-12-08T17:00:00Z', '2026-12-08T17:30:00Z', now(), now() FROM n;
-- What autovacuum would do shortly after a bulk load: without statistics the
-- planner scans the whole table for every lease instead of the due index.
ANALYZE shipments;
SQL

"$bin" sim-carrier --scenario "$tmp/scenario.json" --port 0 --threads 256 >"$tmp/sim.out" &
pids+=($!)
port=""
for _ in $(seq 1 100); do
  port=$(grep -o '[0-9]\+' "$tmp/sim.out" 2>/dev/null || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "sim-carrier did not start"; exit 1; }
base="http://127.0.0.1:$port"

# CPU ticks (user + system) of PostgreSQL's processes, by pid.
pg_ticks() {
  local pm
  pm=$(head -1 "$FOREWARN_DATA_DIR/postgres/postmaster.pid")
  for p in $pm $(pgrep -P "$pm"); do
    awk -v p="$p" '{print p, $14 + $15}' /proc/$p/stat 2>/dev/null || true  # it may just have exited
  done
}
[ -n "${FOREWARN_BENCH_PG_STATS:-}" ] &&
  psql -X -q -v ON_ERROR_STOP=1 "$dburl" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null
pg_ticks >"$tmp/pg.before"
start_ns=$(date +%s%N)
env FOREWARN_DATABASE_URL="$dburl" FOREWARN_HTTP_PORT=0 FOREWARN_LOG_LEVEL=warn \
  FOREWARN_UPS_BASE_URL=$base FOREWARN_UPS_CLIENT_ID=b FOREWARN_UPS_CLIENT_SECRET=b \
  FOREWARN_FEDEX_BASE_URL=$base FOREWARN_FEDEX_CLIENT_ID=b FOREWARN_FEDEX_CLIENT_SECRET=b \
  FOREWARN_USPS_BASE_URL=$base FOREWARN_USPS_CLIENT_ID=b FOREWARN_USPS_CLIENT_SECRET=b \
  FOREWARN_DHL_BASE_URL=$base FOREWARN_DHL_API_KEY=b \
  FOREWARN_CARRIER_RATE_LIMIT_RPS=100000 FOREWARN_POLL_BATCH=${FOREWARN_BENCH_POLL_BATCH:-500} FOREWARN_POLL_WORKERS=${FOREWARN_BENCH_POLL_WORKERS:-4} \
  "$bin" serve 2>"$tmp/serve.err" &
server=$!
pids+=($server)

# The run ends when no shipment is due any more at the fixed instant: each
# one was leased, polled, stored and given its next poll. Counted through the
# due index (a few buffers), so the check takes no CPU from the run; counting
# the statuses instead scanned the whole table every second, a fifth of
# PostgreSQL's CPU in the run.
while :; do
  sleep 0.5
  kill -0 $server 2>/dev/null || { echo "serve exited"; tail -5 "$tmp/serve.err"; exit 1; }
  due=$(psql -X -At "$dburl" -c "SELECT count(*) FROM shipments WHERE active AND next_poll_at <= '${FOREWARN_CLOCK#fixed:}'")
  [ "$due" -eq 0 ] && break
done
end_ns=$(date +%s%N)
ticks=$(awk '{print $14 + $15}' /proc/$server/stat)
sim_ticks=$(awk '{print $14 + $15}' /proc/${pids[0]}/stat)
pg_ticks >"$tmp/pg.after"
pg=$(awk 'NR == FNR {b[$1] = $2; next} {d += $2 - b[$1]} END {print d + 0}' "$tmp/pg.before" "$tmp/pg.after")
hwm=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
events=$(psql -X -At "$dburl" -c "SELECT count(*) FROM tracking_events")
delivered=$(psql -X -At "$dburl" -c "SELECT count(*) FROM shipments WHERE status = 'delivered'")
# Updated by a carrier answer (a failed poll is retried after the run's instant).
updated=$(psql -X -At "$dburl" -c "SELECT count(*) FROM shipments WHERE status <> 'unknown'")
hz=$(getconf CLK_TCK)
awk -v n="$count" -v ns=$((end_ns - start_ns)) -v t="$ticks" -v st="$sim_ticks" -v pg="$pg" -v hz="$hz" -v kb="$hwm" -v ev="$events" -v dl="$delivered" -v up="$updated" \
  'BEGIN {
     s = ns / 1e9
     printf "shipments polled: %d in %.1f s (including start-up): %.0f updates/s\n", n, s, n / s
     printf "server CPU: %.1f s, %.0f us per update; peak RSS %.0f MB\n", t / hz, t / hz / n * 1e6, kb / 1024
     printf "PostgreSQL CPU: %.1f s, %.0f us per update; sim-carrier CPU: %.1f s, %.0f us per request\n", pg / hz, pg / hz / n * 1e6, st / hz, st / hz / n * 1e6
     printf "updated by a carrier answer: %d of %d; events stored: %d; delivered: %d\n", up, n, ev, dl
   }'
curl -s "$base/_sim/stats"; echo
# Where PostgreSQL's time went, when the cluster preloads pg_stat_statements
# (ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements').
if [ -n "${FOREWARN_BENCH_PG_STATS:-}" ]; then
  psql -X -q "$dburl" -c "SELECT calls, round(total_exec_time) AS ms, round((total_exec_time / calls)::numeric, 3) AS ms_per_call, rows,
               left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS query
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time DESC LIMIT 8"
fi
