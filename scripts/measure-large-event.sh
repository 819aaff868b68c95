#!/usr/bin/env bash
# Measures `marsad serve` answering the largest event of an archive (issue 13): a generated
# database where one event has HOT mentions (default 464000, about 2 GB; generating it takes a few
# minutes), then PARALLEL simultaneous GET /api/events/{id} (default 6) with the default page and
# with 500-mention pages at the deepest offset. Prints each response size and the server's peak
# resident memory (VmHWM). The database is kept in target/load/ and reused while HOT stays the same.
#   scripts/measure-large-event.sh [HOT] [PARALLEL]
set -euo pipefail
cd "$(dirname "$0")/.."
hot=${1:-464000}
parallel=${2:-6}
dir=target/load
db=$dir/hot-$hot.db
mkdir -p "$dir"
cargo build --quiet --release -p marsad-cli
cargo build --quiet --release -p marsad-server --example gen_events
if [ ! -f "$db" ]; then
    target/release/examples/gen_events "$db.tmp" 1000 "$hot" 2>"$dir/gen-$hot.log"
    mv "$db.tmp" "$db"
fi
id=$(grep -o 'the hot event is [^ ]*' "$dir/gen-$hot.log" | awk '{print $5}')
log=$dir/serve-hot.log
target/release/marsad serve --db "$db" --addr 127.0.0.1:0 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
addr=
for _ in $(seq 1 100); do
    addr=$(grep -o 'serving http://[^/]*' "$log" | sed 's|serving http://||' || true)
    [ -n "$addr" ] && break
    sleep 0.1
done
[ -n "$addr" ] || { echo "marsad serve did not start:" >&2; cat "$log" >&2; exit 1; }
echo "server: $addr, event $id ($hot mentions), start $(grep VmRSS /proc/$server/status)"
fetch() {
    local query=$1 pids=()
    for _ in $(seq 1 "$parallel"); do
        curl -s -o /dev/null -w '%{size_download} bytes in %{time_total} s\n' \
            "http://$addr/api/events/$id?$query" &
        pids+=($!)
    done
    wait "${pids[@]}"
}
echo "== default page, $parallel in parallel"
fetch ""
echo "== 500 mentions at the deepest offset, $parallel in parallel"
fetch "limit=500&offset=$((hot - 500))"
echo "peak: $(grep VmHWM /proc/$server/status)"
