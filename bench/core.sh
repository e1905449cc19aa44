#!/usr/bin/env bash
# Core promise microbenchmark (release build, single thread, thread CPU time).
#   bench/core.sh [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release --target forewarn_bench_core >/dev/null
exec build/release/forewarn_bench_core "$@"
