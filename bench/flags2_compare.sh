#!/usr/bin/env bash
# The flags2 benchmark (see bench/flags2_compare.ts): Deno vs the seed's Python
# vs wrk on the same in-process flag server, under the shared benchmark lock.
#   bash bench/flags2_compare.sh [--runs 5] [--out bench/flags2_results.md]
set -euo pipefail
cd "$(dirname "$0")/.."
# -m 1000: a thousand client sockets plus as many on the server side.
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt 4096 ]]; then
  ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi
exec flock /tmp/bench.lock deno run --allow-net=127.0.0.1 --allow-read --allow-write \
  --allow-run --allow-env bench/flags2_compare.ts "$@"
