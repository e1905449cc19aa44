#!/usr/bin/env bash
# Dispatch benchmark (issue 5): N messages (default 20,000) in the outbox of
# one tenant, sent by one `forewarn serve` (release build) through
#   1. the Twilio kind of `forewarn sim-provider` (HTTP, keep-alive, with the
#      idempotency key; max_in_flight 64: the sim serves each keep-alive
#      connection on one of its 128 threads, more connections would starve it), then
#   2. the local SMTP sink (tools/smtp-sink.py, aiosmtpd, --no-body), over
#      pooled SMTP connections.
# Each phase: the messages are enqueued with the server's dispatcher idle,
# then the clock starts when the dispatcher starts and stops when the last
# message is `sent`. Reports messages per second for each, and the server's
# CPU time per message.
#
#   bench/dispatch.sh [N]
#   FOREWARN_BENCH_DISPATCH_THREADS (default 16), FOREWARN_BENCH_DISPATCH_BATCH (default 50),
#   FOREWARN_BENCH_BIN (a forewarn binary to use instead of building the release one)
#
# Targets (issue 5): >= 1,000 messages/s over HTTP, >= 200/s over SMTP.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-20000}
threads=${FOREWARN_BENCH_DISPATCH_THREADS:-16}
batch=${FOREWARN_BENCH_DISPATCH_BATCH:-50}

if [ -n "${FOREWARN_BENCH_BIN:-}" ]; then
  bin=$FOREWARN_BENCH_BIN  # e.g. a build already made; say which when reporting
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target forewarn >/dev/null
  bin=$PWD/build/release/forewarn
fi
tmp=$(mktemp -d)

source bench/lib.sh
bench_database forewarn_dispatch_bench
export FOREWARN_DATABASE_URL="$dburl"
key=$bench_key

wait_port() {  # file -> the port printed as {"listening": N}
  for _ in $(seq 1 100); do
    p=$(grep -o '[0-9]\+' "$1" 2>/dev/null | head -1 || true)
    [ -n "$p" ] && { echo "$p"; return; }
    sleep 0.1
  done
  echo "did not start: $1" >&2
  exit 1
}

"$bin" sim-provider --port 0 --threads 128 >"$tmp/sim.out" 2>"$tmp/sim.err" &
pids+=($!)
sim_port=$(wait_port "$tmp/sim.out")
/usr/bin/python3 tools/smtp-sink.py --jsonl "$tmp/sink.jsonl" --port 0 --no-body >"$tmp/sink.out" 2>"$tmp/sink.err" &
pids+=($!)
sink_port=$(wait_port "$tmp/sink.out")

# Providers through the API (a server with its dispatcher off).
FOREWARN_HTTP_PORT=0 FOREWARN_DISPATCHER=false FOREWARN_POLLER=false "$bin" serve 2>"$tmp/setup.err" &
setup=$!
api_port=""
for _ in $(seq 1 100); do
  api_port=$(grep -o '"msg":"listening".*"port":[0-9]*' "$tmp/setup.err" 2>/dev/null | grep -o '[0-9]*$' || true)
  [ -n "$api_port" ] && break
  sleep 0.1
done
put() {
  curl -sf -X PUT "http://127.0.0.1:$api_port/v1/providers/$1" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d "$2" >/dev/null
}
put sms "{\"primary\":{\"kind\":\"twilio\",\"config\":{\"base_url\":\"http://127.0.0.1:$sim_port\",\"account_sid\":\"ACbench\",\"auth_token\":\"t\",\"from\":\"+15005550006\",\"max_in_flight\":64}}}"
put email "{\"primary\":{\"kind\":\"smtp\",\"config\":{\"url\":\"smtp://127.0.0.1:$sink_port\",\"from\":\"shop@bench.example\"}}}"
kill -TERM $setup; wait $setup 2>/dev/null || true

phase() {  # channel label
  local channel=$1 label=$2
  "$bin" enqueue-test-messages --tenant bench --count "$count" --channel "$channel" --prefix "$channel" >/dev/null
  psql -X -q "$dburl" -c "ANALYZE messages"
  local start_ns end_ns ticks
  start_ns=$(date +%s%N)
  FOREWARN_HTTP_PORT=0 FOREWARN_POLLER=false FOREWARN_LOG_LEVEL=warn FOREWARN_DB_POOL_SIZE=$((threads + 4)) \
    FOREWARN_DISPATCH_THREADS=$threads FOREWARN_DISPATCH_BATCH=$batch FOREWARN_DISPATCH_IDLE_MS=20 \
    "$bin" serve 2>"$tmp/serve-$channel.err" &
  local server=$!
  pids+=($server)
  wait_for_count $server "$tmp/serve-$channel.err" "$count" \
    "SELECT count(*) FROM messages WHERE channel = '$channel' AND status = 'sent'" 0.5
  end_ns=$(date +%s%N)
  ticks=$(awk '{print $14 + $15}' /proc/$server/stat)
  kill -TERM $server; wait $server 2>/dev/null || true
  awk -v n="$count" -v ns=$((end_ns - start_ns)) -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v l="$label" \
    'BEGIN { s = ns / 1e9; printf "%-28s %d messages in %.1f s (including start-up): %.0f messages/s; server CPU %.0f us per message\n", l, n, s, n / s, t / hz / n * 1e6 }'
}

echo "dispatch benchmark: $count messages per provider, $threads sender threads, batch $batch, $(nproc) cores"
phase sms "HTTP (Twilio kind, sim):"
phase email "SMTP (aiosmtpd sink):"
echo "sim-provider: $(curl -s "http://127.0.0.1:$sim_port/_sim/messages?summary=1")"
echo "SMTP sink: $(wc -l <"$tmp/sink.jsonl") messages recorded"
