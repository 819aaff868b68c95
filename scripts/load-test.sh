#!/usr/bin/env bash
# Load test of `marsad serve` on loopback (issue 7): GET /api/events under a fixed mix of filters,
# REQUESTS requests (default 10000) over CONCURRENCY keep-alive connections (default 16), against a
# generated database of EVENTS merged events (default 1000000). Prints requests/s and the p50, p90
# and p99 latency. Not part of CI: generating the database takes a few minutes.
#   scripts/load-test.sh [REQUESTS] [CONCURRENCY] [EVENTS]
# The database is kept in target/load/ and reused while EVENTS stays the same.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-10000}
concurrency=${2:-16}
events=${3:-1000000}
dir=target/load
db=$dir/events-$events.db
mkdir -p "$dir"
cargo build --quiet --release -p marsad-cli
cargo build --quiet --release -p marsad-server --example gen_events --example load
if [ ! -f "$db" ]; then
    target/release/examples/gen_events "$db.tmp" "$events"
    mv "$db.tmp" "$db"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
log=$dir/serve.log
target/release/marsad serve --db "$db" --addr 127.0.0.1:0 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
addr=
for _ in $(seq 1 100); do
    addr=$(grep -o 'serving http://[^/]*' "$log" | sed 's|serving http://||' || true)
    [ -n "$addr" ] && break
    sleep 0.1
done
if [ -z "$addr" ]; then
    echo "marsad serve did not start:" >&2
    cat "$log" >&2
    exit 1
fi
echo "server: $addr over $db"
# A short warm-up fills SQLite's page cache, then the measured run.
target/release/examples/load "$addr" 200 "$concurrency" >/dev/null
target/release/examples/load "$addr" "$requests" "$concurrency"
