#!/usr/bin/env bash
# Measures the peak memory of `marsad code` on a large generated JSONL input (default 1 GB):
# the example articles repeated with fresh ids, plus one bad line every 100,000 lines.
#   scripts/measure-input-memory.sh [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
out=$(mktemp -d)/big.jsonl
cargo build --quiet --release -p marsad-cli
python3 - "$out" "$size_mb" <<'PY'
import json, sys
path, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
arts = [json.loads(l) for l in open("examples/articles.jsonl", encoding="utf-8")]
written, n = 0, 0
with open(path, "w", encoding="utf-8") as f:
    while written < size:
        a = dict(arts[n % len(arts)], id=f"gen-{n}")
        line = json.dumps(a, ensure_ascii=False) + "\n"
        if n % 100000 == 99999:
            line = '{"id": "broken", "text": \n'
        f.write(line)
        written += len(line.encode("utf-8"))
        n += 1
PY
ls -l "$out"
/usr/bin/time -v target/release/marsad code --input jsonl "$out" -o /dev/null 2>&1 \
    | grep -E "marsad: read|Maximum resident|Elapsed"
rm -f "$out"
