#!/usr/bin/env python3
"""Draw the entity-evaluation articles from ../shared/corpora, reproducibly.

Writes benches/entities/heldout.txt and benches/entities/dev.txt: one article key per line,
`CORPUS-RELATIVE-PATH` or `PATH:LINE` for a JSON Lines record (LINE is 1-based; the
Reuters files have one record per line, so it is also byline's record number).

The draw is a seeded random sample from four pools, filtered only by length and by being
prose (not by anything an extractor does): Reuters-21578 stories with 80-600 words of which
most are alphabetic (not tables), scraped tech pages (tech-articles-lostflux) of 2.5-12 KB,
and BBC business and entertainment stories (bbc-other). bbc-tech is never drawn (it is kept
for an outside check). Held-out and dev are disjoint; the held-out set was frozen (labelled
blind) before any tuning, and the dev set is what tuning may look at.

`--train` draws a third set, train.txt (30 per pool, its own seed, disjoint from both): labelled
the same way, it is what a learned component may be fitted on. `--train2` draws a fourth,
train2.txt (25 per pool, its own seed, disjoint from the other three; writes only that file),
a second batch for the learned typer; `--train3`, `--train4` and `--train5` more batches the same
way (each its own seed, disjoint from every set drawn before it).

Usage: python3 benches/entities/draw.py [--corpora ../shared/corpora] [--print-only] [--train | --train2 | --train3 | --train4 | --train5]
"""
import argparse
import json
import os
import random
import re

PER_POOL = {"heldout": 18, "dev": 10}
SEED = 20261203
TRAIN_PER_POOL = 30
TRAIN_SEED = 20261204
TRAIN2_PER_POOL = 25
TRAIN2_SEED = 20261205
LATER_BATCHES = ["train2", "train3", "train4", "train5"]


def reuters_pool(root):
    out = []
    d = os.path.join(root, "reuters21578")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".jsonl"):
            continue
        with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
            for lineno, line in enumerate(f, 1):
                rec = json.loads(line)
                body = rec.get("body") or ""
                words = body.split()
                if not 80 <= len(words) <= 600:
                    continue
                alpha = sum(1 for w in words if re.fullmatch(r"[A-Za-z][A-Za-z'.,-]*", w))
                if alpha / len(words) < 0.75:
                    continue
                out.append(f"reuters21578/{name}:{lineno}")
    return out


def files_pool(root, sub, lo=0, hi=10**9):
    d = os.path.join(root, sub)
    out = []
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if name.endswith(".txt") and lo <= os.path.getsize(p) <= hi:
            out.append(f"{sub}/{name}")
    return out


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--corpora", default=os.path.join(here, "../../../shared/corpora"))
    ap.add_argument("--print-only", action="store_true")
    ap.add_argument("--train", action="store_true", help="also draw train.txt")
    ap.add_argument("--train2", action="store_true", help="draw train2.txt only")
    ap.add_argument("--train3", action="store_true", help="draw train3.txt only")
    ap.add_argument("--train4", action="store_true", help="draw train4.txt only")
    ap.add_argument("--train5", action="store_true", help="draw train5.txt only")
    args = ap.parse_args()
    pools = {
        "reuters": reuters_pool(args.corpora),
        "lostflux": files_pool(args.corpora, "tech-articles-lostflux/articles", 2500, 12000),
        "business": files_pool(args.corpora, "bbc-other/business"),
        "entertainment": files_pool(args.corpora, "bbc-other/entertainment"),
    }
    rng = random.Random(SEED)
    sets = {"heldout": [], "dev": []}
    for pool in ["reuters", "lostflux", "business", "entertainment"]:
        keys = rng.sample(pools[pool], PER_POOL["heldout"] + PER_POOL["dev"])
        sets["heldout"] += keys[: PER_POOL["heldout"]]
        sets["dev"] += keys[PER_POOL["heldout"]:]
    if args.train:
        taken = set(sets["heldout"]) | set(sets["dev"])
        trng = random.Random(TRAIN_SEED)
        sets["train"] = []
        for pool in ["reuters", "lostflux", "business", "entertainment"]:
            free = [k for k in pools[pool] if k not in taken]
            sets["train"] += trng.sample(free, TRAIN_PER_POOL)
    for i, name in enumerate(LATER_BATCHES):
        if not getattr(args, name):
            continue
        taken = set(sets["heldout"]) | set(sets["dev"])
        for earlier in ["train"] + LATER_BATCHES[:i]:
            with open(os.path.join(here, earlier + ".txt")) as f:
                taken |= set(f.read().split())
        trng = random.Random(TRAIN2_SEED + i)
        sets = {name: []}
        for pool in ["reuters", "lostflux", "business", "entertainment"]:
            free = [k for k in pools[pool] if k not in taken]
            sets[name] += trng.sample(free, TRAIN2_PER_POOL)
        break
    for name, keys in sets.items():
        if args.print_only:
            print(name, len(keys), *keys, sep="\n  ")
            continue
        with open(os.path.join(here, f"{name}.txt"), "w") as f:
            f.write("".join(k + "\n" for k in keys))


if __name__ == "__main__":
    main()
