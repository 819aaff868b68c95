#!/usr/bin/env bash
# Measures `marsad code` end to end on real Arabic news that is never repeated: the Arabic
# sentences of gold/ (AFP wire stories in story order, one document per story; the
# arabic_event_gsr sentences ten to a document), each read once. Pinned to one core; RUNS fresh
# processes (default 5), each printing marsad's own summary (sentences/s, MB/s), then the peak
# memory of the last run. The coder's caches start cold in every process, so this is the speed on
# text the coder has not seen.
#   scripts/measure-arabic-speed.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
corpus=$dir/arabic.jsonl
cargo build --quiet --release -p marsad-cli
python3 - "$corpus" <<'PY'
import json, sys, glob, re
out = open(sys.argv[1], "w", encoding="utf-8")
docs, n_sent, n_bytes = 0, 0, 0
def emit(doc_id, date, sentences):
    global docs, n_sent, n_bytes
    text = "\n".join(sentences)
    rec = {"id": doc_id, "text": text, "lang": "ar"}
    if date:
        rec["date"] = date
    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    docs += 1; n_sent += len(sentences); n_bytes += len(text.encode("utf-8"))
stories = {}
for r in map(json.loads, open("gold/dev/ar_afp_dev.jsonl", encoding="utf-8")):
    story = re.sub(r"_\d+$", "", r.get("source", r["id"]))
    stories.setdefault(story, (r.get("date"), []))[1].append(r["text"])
for story, (date, sents) in stories.items():
    emit(story, date, sents)
rest = [json.loads(l) for f in ["gold/dev/ar_gsr_dev.jsonl", "gold/annotated/ar_gsr_extra.jsonl"] for l in open(f, encoding="utf-8")]
for i in range(0, len(rest), 10):
    chunk = rest[i:i + 10]
    emit(f"gsr-{i // 10}", chunk[0].get("date"), [r["text"] for r in chunk])
print(f"corpus: {docs} documents, {n_sent} Arabic sentences as annotated, {n_bytes / 1e6:.2f} MB, {n_bytes / max(n_sent, 1):.0f} bytes a sentence")
PY
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
    RAYON_NUM_THREADS=1 /usr/bin/time -v taskset -c 0 target/release/marsad code "$corpus" -o "$dir/out.jsonl" 2> "$dir/err" || { cat "$dir/err"; exit 1; }
    grep -E "marsad: read" "$dir/err"
done
grep -E "Maximum resident" "$dir/err"
echo "events written: $(wc -l < "$dir/out.jsonl")"
