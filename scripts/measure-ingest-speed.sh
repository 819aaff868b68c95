#!/usr/bin/env bash
# Measures ingest + code + store throughput (issue 5: at least 2,000 articles/s) on a generated
# corpus made by perturbing the examples (scripts/gen-corpus.py): each article is seven sentences
# drawn at random (seeded) from the examples of one language, so that it is new to the store and,
# mostly, not a near-duplicate of another: it is coded, merged and stored in full. The summary
# line says how many were near-duplicate copies (stored, not coded).
#   scripts/measure-ingest-speed.sh [ARTICLES]   (default 20000)
# Prints the wall and CPU time, peak memory, articles/s, event mentions/s, merged events and the database size.
# The machine's load average is printed too: on shared cores the wall time depends on it.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --release -p marsad-cli
python3 scripts/gen-corpus.py "$work/corpus.jsonl" "$n"
ls -l "$work/corpus.jsonl" | awk '{printf "corpus: %d articles, %.1f MB\n", '"$n"', $5/1048576}'
/usr/bin/time -f "%e %U %S %M" -o "$work/time" \
    target/release/marsad ingest --db "$work/speed.db" "$work/corpus.jsonl" 2> "$work/stderr"
cat "$work/stderr"
echo "load average before the run's end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
python3 - "$work/time" "$n" "$work/stderr" "$work/speed.db" <<'PY'
import os, re, sqlite3, sys
timing, n, stderr, db = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
secs, user, system, rss = map(float, open(timing).read().split()[-4:])
summary = open(stderr, encoding="utf-8").read()
mentions = int(re.search(r"(\d+) event mentions?", summary).group(1))
con = sqlite3.connect(db)
events = con.execute("select count(*) from events").fetchone()[0]
con.close()
size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
print(f"wall {secs:.2f} s (cpu {user:.2f} s user + {system:.2f} s system): "
      f"{n / secs:,.0f} articles/s, {mentions / secs:,.0f} event mentions/s; "
      f"{events:,} merged events; database {size / 1048576:.1f} MB ({size / n / 1024:.1f} KB/article); "
      f"peak memory {rss / 1024:.0f} MB")
PY
