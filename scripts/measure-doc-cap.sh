#!/usr/bin/env bash
# Measures the peak memory of `marsad code` and `marsad ingest` on one huge document: a
# one-line text file and a one-line JSONL record of SIZE_MB (default 50) made by repeating the
# example articles' texts. With the default --max-doc-bytes (10M) both are skipped as too large;
# give MAX_DOC_BYTES over the size (e.g. `scripts/measure-doc-cap.sh 10 11M`) to measure what
# coding a document that large costs.
#   scripts/measure-doc-cap.sh [SIZE_MB] [MAX_DOC_BYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-50}
max=${2:-10M}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --quiet --release -p marsad-cli
python3 - "$dir" "$size_mb" <<'PY'
import json, sys
d, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
texts = [json.loads(l)["text"].replace("\n", " ") for l in open("examples/articles.jsonl", encoding="utf-8")]
parts, n, i = [], 0, 0
while n < size:
    t = texts[i % len(texts)]
    parts.append(t)
    n += len(t.encode("utf-8")) + 1
    i += 1
line = " ".join(parts)
open(f"{d}/big.txt", "w", encoding="utf-8").write(line + "\n")
rec = {"id": "big", "date": "2026-02-06", "text": line}
open(f"{d}/big.jsonl", "w", encoding="utf-8").write(json.dumps(rec, ensure_ascii=False) + "\n")
PY
ls -l "$dir"/big.txt "$dir"/big.jsonl
for input in big.txt big.jsonl; do
    echo "== code $input"
    /usr/bin/time -v target/release/marsad code --date 2026-02-06 --max-doc-bytes "$max" \
        "$dir/$input" -o /dev/null 2>&1 | grep -E "marsad: read|too large|Maximum resident|Elapsed"
    echo "== ingest $input"
    /usr/bin/time -v target/release/marsad ingest --db "$dir/x.db" --max-doc-bytes "$max" \
        "$dir/$input" 2>&1 | grep -E "marsad: read|too large|Maximum resident|Elapsed"
    rm -f "$dir"/x.db*
done
