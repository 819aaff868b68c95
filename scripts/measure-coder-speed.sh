#!/usr/bin/env bash
# Measures `marsad code` end to end (read JSONL, split, code with the full lexicon, write JSON)
# on a generated corpus: the example articles repeated with fresh ids, SIZE_MB in all (default 200).
# Runs once pinned to one core (the per-core figure of issue 4) and once on every core, and prints
# marsad's own summary (sentences, events, sentences/s, MB/s) with the peak memory.
#   scripts/measure-coder-speed.sh [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-200}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
corpus=$dir/corpus.jsonl
cargo build --quiet --release -p marsad-cli
python3 - "$corpus" "$size_mb" <<'PY'
import json, sys
path, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
arts = [json.loads(l) for l in open("examples/articles.jsonl", encoding="utf-8") if l.strip()]
written, n = 0, 0
with open(path, "w", encoding="utf-8") as f:
    while written < size:
        line = json.dumps(dict(arts[n % len(arts)], id=f"gen-{n}"), ensure_ascii=False) + "\n"
        f.write(line)
        written += len(line.encode("utf-8"))
        n += 1
PY
ls -l "$corpus"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
# One core: taskset pins the whole process (reader, coder, writer) to CPU 0.
echo "== one core (taskset -c 0)"
RAYON_NUM_THREADS=1 /usr/bin/time -v taskset -c 0 target/release/marsad code "$corpus" -o "$dir/out.jsonl" 2>&1 \
    | grep -E "marsad: read|Maximum resident"
echo "== all $(nproc) cores"
/usr/bin/time -v target/release/marsad code "$corpus" -o "$dir/out.jsonl" 2>&1 \
    | grep -E "marsad: read|Maximum resident"
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "events written: $(wc -l < "$dir/out.jsonl")"

