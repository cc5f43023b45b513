#!/usr/bin/env python3
"""Candidate generator for the near-duplicate labelling set (benches/dedup).

Python 3 standard library only.  Deterministic given --seed.

For every article it computes the set of word 5-gram shingles of the
lower-cased body (words = runs of letters/digits, i.e. the regex [^\\W_]+),
hashed to 64 bits with blake2b.  Candidate pairs come from four sources:

  shingle   inverted index on shingle hashes; only shingles occurring in at most
            --df-max distinct bodies are used (boilerplate shingles are too
            common to index), pairs sharing >= --min-shared such shingles are
            kept and their exact Jaccard is computed.
  title     equal or near-equal titles (title word sets equal after deleting at
            most one word from each side), site suffix "| WIRED" etc. removed.
  sameday   (reuters) stories of the same day whose titles share a topic word
            (a title word of >= 4 letters that is not a stop/generic word).
  samesite  (lostflux) random pairs of pages from the same web site
            (shared navigation / footer boilerplate).

Pairs whose whitespace-normalised bodies are byte-identical are excluded
(each group of identical bodies is represented by its lowest id).  Bodies
with fewer than 5 words (no shingles) are skipped.

Sampling (fixed seed): from the shingle candidates, up to --per-bin pairs per
corpus from each Jaccard bin [0.05,0.2) [0.2,0.4) [0.4,0.6) [0.6,0.8)
[0.8,0.9) [0.9,1.0); plus --per-extra pairs per corpus from each of the
title / sameday / samesite sources (any Jaccard).  A pair is drawn once; its
"source" column says which draw selected it.

Split: each pair gets split = tuning if sha1("a|b") has an even last byte,
else heldout (a, b as written in the output, e.g. "12.txt|345.txt" or
"reuters:17|reuters:90").  The split is written before anyone reads a pair.

Usage:
  python3 benches/dedup/candidates.py --seed 20240611 \
      --out benches/dedup/candidates.tsv
"""
import argparse
import glob
import hashlib
import json
import os
import random
import re
import sys
from collections import defaultdict

CORPORA = "/work/shared/corpora"
LOSTFLUX = os.path.join(CORPORA, "tech-articles-lostflux", "articles")
REUTERS = os.path.join(CORPORA, "reuters21578")

WORD = re.compile(r"[^\W_]+")
BINS = [(0.05, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 1.0)]

STOP = set("""
a an the and or of to in on for at by with from as is are was were be been
it its this that over under into after before up down out off says say said
sees see set sets new not no u s us uk vs than more less has have had will
may can could would should about against amid plus per via
""".split())
# generic wire-title words that do not make a "topic"
GENERIC = set("""
says said sees expects plans unit units corp corporation inc company co ltd
group year quarter qtr 1st 2nd 3rd 4th first second third fourth net shr
profit loss results sales rise rises fall falls raises cuts cut rate rates
dividend sets declares regular quarterly split stock share shares offer
week month official officials trade market report reported reports january
february march april may june july august september october november december
""".split())


def words(text):
    return WORD.findall(text.lower())


def shingles(ws, k=5):
    out = set()
    for i in range(len(ws) - k + 1):
        s = " ".join(ws[i:i + k]).encode("utf-8")
        out.add(int.from_bytes(hashlib.blake2b(s, digest_size=8).digest(), "big"))
    return out


def norm_ws(text):
    return " ".join(text.split())


def load_lostflux():
    docs = []
    for path in glob.glob(os.path.join(LOSTFLUX, "*.txt")):
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            raw = f.read()
        head, _, body = raw.partition("\n\n")
        meta = {}
        for line in head.split("\n"):
            k, _, v = line.partition(": ")
            meta[k] = v
        url = meta.get("URL", "")
        site = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
        docs.append({
            "key": name, "order": int(name[:-4]), "title": meta.get("Title", ""),
            "site": site, "date": meta.get("Date", ""), "body": body,
        })
    docs.sort(key=lambda d: d["order"])
    return docs


def load_reuters():
    docs = []
    for path in sorted(glob.glob(os.path.join(REUTERS, "reuters-*.jsonl"))):
        with open(path, "rb") as f:
            for line in f:
                d = json.loads(line.decode("utf-8", "replace"))
                docs.append({
                    "key": "reuters:%d" % d["id"], "order": d["id"],
                    "title": d.get("title", ""), "site": "reuters",
                    "date": d.get("date", "").strip()[:11],
                    "body": d.get("body", ""),
                })
    docs.sort(key=lambda d: d["order"])
    return docs


def title_words(title, corpus):
    if corpus == "lostflux":
        # drop the site suffix(es): "Foo | WIRED", "Foo - The Verge"
        title = title.split(" | ")[0]
    return [w for w in words(title)]


def jaccard(a, b):
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def build(corpus, docs, args, rng):
    # collapse byte-identical (whitespace-normalised) bodies
    seen = {}
    reps = []
    for d in docs:
        n = norm_ws(d["body"])
        if n in seen:
            continue
        seen[n] = d["key"]
        ws = words(d["body"])
        if len(ws) < 5:
            continue
        d["sh"] = shingles(ws)
        reps.append(d)
    print("%s: %d docs, %d distinct bodies with shingles" % (corpus, len(docs), len(reps)),
          file=sys.stderr)
    idx = {d["key"]: i for i, d in enumerate(reps)}

    # ---- shingle inverted index
    post = defaultdict(list)
    for i, d in enumerate(reps):
        for h in d["sh"]:
            post[h].append(i)
    shared = defaultdict(int)
    for lst in post.values():
        n = len(lst)
        if n < 2 or n > args.df_max:
            continue
        for x in range(n):
            lx = lst[x]
            for y in range(x + 1, n):
                shared[(lx, lst[y])] += 1
    del post
    cands = {}
    for (i, j), c in shared.items():
        if c < args.min_shared:
            continue
        cands[(i, j)] = jaccard(reps[i]["sh"], reps[j]["sh"])
    del shared
    print("%s: %d shingle candidates" % (corpus, len(cands)), file=sys.stderr)

    # ---- near-equal titles: deletion neighbourhood of the title word set
    tkeys = defaultdict(list)
    for i, d in enumerate(reps):
        tw = frozenset(title_words(d["title"], corpus))
        if len(tw) < 2:
            continue
        tkeys[tw].append(i)
        if len(tw) >= 4:
            for w in tw:
                tkeys[tw - {w}].append(i)
    title_pairs = set()
    for lst in tkeys.values():
        lst = sorted(set(lst))
        if len(lst) > 40:   # generic titles ("Reuters brief"), landing pages
            continue
        for x in range(len(lst)):
            for y in range(x + 1, len(lst)):
                title_pairs.add((lst[x], lst[y]))

    # ---- reuters: same day, shared topic word in title
    sameday = set()
    if corpus == "reuters":
        byday = defaultdict(lambda: defaultdict(list))
        for i, d in enumerate(reps):
            for w in set(title_words(d["title"], corpus)):
                if len(w) >= 4 and w.isalpha() and w not in STOP and w not in GENERIC:
                    byday[d["date"]][w].append(i)
        for day in sorted(byday):
            for w in sorted(byday[day]):
                lst = byday[day][w]
                if 2 <= len(lst) <= 30:
                    for x in range(len(lst)):
                        for y in range(x + 1, len(lst)):
                            sameday.add((lst[x], lst[y]))

    # ---- lostflux: random same-site pairs
    samesite = set()
    if corpus == "lostflux":
        bysite = defaultdict(list)
        for i, d in enumerate(reps):
            bysite[d["site"]].append(i)
        srng = random.Random(args.seed + 7)
        for site in sorted(bysite):
            lst = bysite[site]
            if len(lst) < 2:
                continue
            for _ in range(min(200, len(lst))):
                i, j = sorted(srng.sample(lst, 2))
                samesite.add((i, j))

    def jac(p):
        if p not in cands:
            cands[p] = jaccard(reps[p[0]]["sh"], reps[p[1]]["sh"])
        return cands[p]

    chosen = {}
    # bins from the shingle index
    shingle_keys = sorted(cands)
    for lo, hi in BINS:
        pool = [p for p in shingle_keys if lo <= cands[p] < hi]
        rng.shuffle(pool)
        for p in pool[:args.per_bin]:
            chosen[p] = "bin%.2f-%.2f" % (lo, hi)
        print("%s: bin [%.2f,%.2f) pool %d" % (corpus, lo, hi, len(pool)), file=sys.stderr)
    for name, pool in (("title", title_pairs), ("sameday", sameday), ("samesite", samesite)):
        pool = sorted(pool)
        rng.shuffle(pool)
        # prefer pairs with some overlap for title/sameday (the hard ones), but
        # keep a few zero-overlap ones too
        got = 0
        for p in pool:
            if got >= args.per_extra:
                break
            if p in chosen:
                continue
            j = jac(p)
            if name != "samesite" and j < 0.01 and got < args.per_extra // 2 and rng.random() < 0.7:
                continue
            chosen[p] = name
            got += 1
        print("%s: %s pool %d, drew %d" % (corpus, name, len(pool), got), file=sys.stderr)

    # ---- round 2 (supplement, drawn after round 1 with its own RNG so that
    # round-1 output is unchanged): more pairs from the high bins, plus
    # (lostflux) pairs whose full titles are identical.
    round2 = {}
    if args.round2:
        rng2 = random.Random("%d-%s-round2" % (args.seed, corpus))
        for lo, hi in BINS[3:]:
            pool = [p for p in shingle_keys if lo <= cands[p] < hi and p not in chosen]
            rng2.shuffle(pool)
            for p in pool[:args.round2_per_bin]:
                round2[p] = "r2-bin%.2f-%.2f" % (lo, hi)
        if corpus == "lostflux":
            bytitle = defaultdict(list)
            for i, d in enumerate(reps):
                bytitle[d["title"].strip().lower()].append(i)
            pool = []
            for t in sorted(bytitle):
                lst = bytitle[t]
                if 2 <= len(lst) <= 10:
                    for x in range(len(lst)):
                        for y in range(x + 1, len(lst)):
                            if (lst[x], lst[y]) not in chosen:
                                pool.append((lst[x], lst[y]))
            rng2.shuffle(pool)
            got = 0
            for p in pool:
                if got >= args.round2_title or p in round2:
                    continue
                round2[p] = "r2-exact-title"
                got += 1
            print("%s: round2 exact-title pool %d" % (corpus, len(pool)), file=sys.stderr)

    rows = []
    for (i, j), src in list(chosen.items()) + list(round2.items()):
        a, b = reps[i], reps[j]
        if a["order"] > b["order"]:
            a, b = b, a
        pid = "%s|%s" % (a["key"], b["key"])
        split = "tuning" if hashlib.sha1(pid.encode()).digest()[-1] % 2 == 0 else "heldout"
        rows.append((corpus, a["key"], b["key"], a["order"], b["order"], split,
                     jac((i, j)), src))
    rows.sort(key=lambda r: (r[7].startswith("r2-"), r[3], r[4]))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--per-bin", type=int, default=20)
    ap.add_argument("--per-extra", type=int, default=16)
    ap.add_argument("--df-max", type=int, default=50)
    ap.add_argument("--min-shared", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "candidates.tsv"))
    ap.add_argument("--round2", action="store_true",
                    help="also draw the round-2 supplement (written after round-1 rows)")
    ap.add_argument("--round2-per-bin", type=int, default=8)
    ap.add_argument("--round2-title", type=int, default=16)
    ap.add_argument("--corpus", choices=["lostflux", "reuters", "both"], default="both")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = []
    if args.corpus in ("reuters", "both"):
        rows += build("reuters", load_reuters(), args, rng)
    if args.corpus in ("lostflux", "both"):
        rows += build("lostflux", load_lostflux(), args, rng)
    r1 = [r for r in rows if not r[7].startswith("r2-")]
    r2 = [r for r in rows if r[7].startswith("r2-")]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("cand\tcorpus\ta\tb\tsplit\tjaccard\tsource\n")
        for n, r in enumerate(r1, 1):
            f.write("c%03d\t%s\t%s\t%s\t%s\t%.3f\t%s\n" % (n, r[0], r[1], r[2], r[5], r[6], r[7]))
        for n, r in enumerate(r2, 1):
            f.write("s%03d\t%s\t%s\t%s\t%s\t%.3f\t%s\n" % (n, r[0], r[1], r[2], r[5], r[6], r[7]))
    print("wrote %d candidate pairs to %s" % (len(rows), args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
