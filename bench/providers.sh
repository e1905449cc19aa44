#!/usr/bin/env bash
# Provider transports' throughput (no database, no dispatcher): messages per
# second through the SMTP transport to tools/smtp-sink.py (aiosmtpd) and
# through each HTTP transport to `forewarn sim-provider`, from a few threads,
# on loopback. Targets of issue 5: >= 200/s over SMTP, >= 1,000/s over HTTP
# (the dispatch benchmark adds the outbox on top of these).
#
#   bench/providers.sh [--preset dev|release] [--messages N] [--threads T]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=release messages=3000 threads=8
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "usage: $0 [--preset dev|release] [--messages N] [--threads T]" >&2; exit 2 ;;
  esac
done
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target forewarn forewarn_bench_providers >/dev/null
bin=build/$preset/forewarn
bench=build/$preset/forewarn_bench_providers
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

wait_port() {  # file → the port printed as {"listening": PORT}
  for _ in $(seq 1 200); do
    if [ -s "$1" ]; then sed -E 's/.*: *([0-9]+).*/\1/' "$1"; return; fi
    sleep 0.05
  done
  echo "no port in $1" >&2; exit 1
}

/usr/bin/python3 tools/smtp-sink.py --jsonl "$tmp/sink.jsonl" --no-body >"$tmp/sink.out" 2>"$tmp/sink.err" &
pids+=($!)
"$bin" sim-provider --port 0 --threads 128 >"$tmp/sim.out" 2>"$tmp/sim.err" &
pids+=($!)
smtp_port=$(wait_port "$tmp/sink.out")
http_port=$(wait_port "$tmp/sim.out")

"$bench" --kind smtp --url "smtp://127.0.0.1:$smtp_port" --messages "$messages" --threads "$threads"
for kind in sendgrid postmark twilio vonage; do
  "$bench" --kind "$kind" --url "http://127.0.0.1:$http_port" --messages "$messages" --threads "$threads"
done
echo "smtp-sink recorded $(wc -l <"$tmp/sink.jsonl") messages"
