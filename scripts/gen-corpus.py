#!/usr/bin/env python3
"""Writes a generated corpus for the throughput measurements (scripts/measure-ingest-speed.sh,
scripts/measure-postgres.sh): N articles as JSONL, each seven sentences drawn at random (seeded by
the article's number) from the examples of one language, so that every article is new to the store
and, mostly, not a near-duplicate of another: it is coded, merged and stored in full. The same N
gives the same file on every machine.

    python3 scripts/gen-corpus.py OUT.jsonl N

Run from the repository's root (it reads examples/articles.jsonl).
"""
import json
import random
import re
import sys

path, n = sys.argv[1], int(sys.argv[2])
arts = [json.loads(l) for l in open("examples/articles.jsonl", encoding="utf-8")]
# The sentences of the examples, by language, each with its article's date and source.
pool = {}
for a in arts:
    for s in re.split(r"(?<=[.!?؟])\s+|\n+", a["text"]):
        if len(s.split()) >= 4:
            pool.setdefault(a["lang"], []).append((s.strip(), a["date"], a.get("source")))
langs = sorted(pool)
with open(path, "w", encoding="utf-8") as f:
    for i in range(n):
        rng = random.Random(i)
        lang = langs[i % len(langs)]
        picked = rng.sample(pool[lang], k=min(7, len(pool[lang])))
        text = "\n".join(s for s, _, _ in picked)
        _, date, source = picked[0]
        doc = {"id": f"gen-{i}", "date": date, "lang": lang, "source": source, "text": text}
        f.write(json.dumps(doc, ensure_ascii=False) + "\n")
