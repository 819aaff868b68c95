#!/usr/bin/env python3
"""Agreement between two annotations of the same sentences, by the scorer's matching rule.

Usage: scripts/agreement.py FIRST.jsonl SECOND.jsonl
Sentences are paired by id; events are matched one to one per sentence on type, then on the sets
of actor codes, then of recipient codes (null codes left out); negated events are left out.
Prints type, type + actor and type + actor + recipient F1 with one reading taken as gold.
"""
import json
import sys
from collections import Counter


def load(path):
    with open(path, encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def codes(side):
    return ",".join(sorted({a.get("code") for a in side if a.get("code")}))


def keys(events, level):
    out = []
    for e in events:
        if e.get("negated"):
            continue
        key = e["event"]
        if level >= 1:
            key += " " + codes(e.get("actor", []))
        if level >= 2:
            key += " > " + codes(e.get("recipient", []))
        out.append(key)
    return out


def main():
    first, second = load(sys.argv[1]), load(sys.argv[2])
    pairs = [(first[i]["events"], second[i]["events"]) for i in second if i in first]
    print(f"{len(pairs)} sentences annotated twice")
    for level, name in enumerate(["type", "type + actor", "type + actor + recipient"]):
        tp = fp = fn = 0
        for a, b in pairs:
            ka, kb = Counter(keys(a, level)), Counter(keys(b, level))
            m = sum((ka & kb).values())
            tp, fn, fp = tp + m, fn + sum(ka.values()) - m, fp + sum(kb.values()) - m
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name:<26} F1 {f:.3f}")


if __name__ == "__main__":
    main()
