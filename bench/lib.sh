# Shared by the benchmark scripts (source it after `bin` and `tmp` are set):
# starts the benchmark cluster in build/bench-pg, stops it and every process
# in `pids` on exit, and bench_database NAME makes a fresh, migrated database
# NAME in it with the tenant "bench", setting `dburl`.
export FOREWARN_DATA_DIR="$PWD/build/bench-pg"
"$bin" db start >/dev/null
url=$("$bin" db url)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  FOREWARN_DATA_DIR="$PWD/build/bench-pg" "$bin" db stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

bench_database() {
  psql -X -q -v ON_ERROR_STOP=1 "$url" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
  # The same server, database $1: postgresql://user@/NAME?host=... -> /$1?host=...
  dburl=$(sed -E "s#^(postgresql://[^/]*/)[^?]*#\1$1#" <<<"$url")
  FOREWARN_DATABASE_URL="$dburl" "$bin" migrate >/dev/null
  bench_key=$(FOREWARN_DATABASE_URL="$dburl" "$bin" tenant create "bench" | grep -o 'fwk_[A-Za-z0-9_-]*' | head -1)
}

# wait_for_count PID ERRFILE N SQL SECONDS: polls SQL (a count) on $dburl every
# SECONDS until it reaches N; stops the script if process PID exits meanwhile.
wait_for_count() {
  local got
  while :; do
    sleep "$5"
    got=$(psql -X -At "$dburl" -c "$4")
    kill -0 "$1" 2>/dev/null || { echo "serve exited"; tail -5 "$2"; exit 1; }
    [ "$got" -ge "$3" ] && break
  done
}
