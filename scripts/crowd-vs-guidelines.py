#!/usr/bin/env python3
"""How the crowd labels of arabic_event_gsr compare with the same sentences read by ANNOTATION.md.

Usage (from the repository root): scripts/crowd-vs-guidelines.py [EVAL_DEV]
EVAL_DEV defaults to ../shared/data/eval-dev. For each crowd label of the PROTEST and ASSAULT
detection files, counts the sentences whose annotation in gold/ (dev and annotated) holds a
non-negated event of that type. This is the measurement behind eval/floors.txt's note on why the
crowd detection figures keep no floor.
"""
import glob
import json
import sys
from collections import Counter

dev = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/eval-dev"
gold = {}
for path in glob.glob("gold/dev/ar_gsr_dev.jsonl") + glob.glob("gold/annotated/*.jsonl"):
    with open(path, encoding="utf-8") as f:
        for r in map(json.loads, f):
            gold[r["text"].strip()] = r
counts = Counter()
for kind in ["protest", "assault"]:
    ty = kind.upper()
    with open(f"{dev}/arabic_event_gsr/{kind}_detection.jsonl", encoding="utf-8") as f:
        for d in map(json.loads, f):
            g = gold.get(d["text"].strip())
            if g is None:
                counts[(ty, d["label"], "not annotated")] += 1
                continue
            has = any(e["event"] == ty and not e.get("negated") for e in g["events"])
            counts[(ty, d["label"], "event" if has else "no event")] += 1
for (ty, label, verdict), n in sorted(counts.items()):
    print(f"{ty:<8} crowd {label:<13} guidelines: {verdict:<14} {n}")
