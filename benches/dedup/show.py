#!/usr/bin/env python3
"""Labelling aid: show a candidate pair as a word-level diff.

  python3 benches/dedup/show.py c001 [c002 ...] [--max N]

Equal stretches are summarised (length + first/last words), differing
stretches are printed (cut at --max characters each).  Prints to the
terminal only; writes nothing.
"""
import difflib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
C = "/work/shared/corpora"
_reuters = None


def reuters():
    global _reuters
    if _reuters is None:
        _reuters = {}
        import glob
        for p in sorted(glob.glob(C + "/reuters21578/reuters-*.jsonl")):
            for line in open(p, "rb"):
                d = json.loads(line.decode("utf-8", "replace"))
                _reuters["reuters:%d" % d["id"]] = d
    return _reuters


def load(key):
    if key.startswith("reuters:"):
        d = reuters()[key]
        head = "%s | %s | %s | topics=%s" % (d.get("date", ""), d.get("title", ""),
                                             d.get("dateline", ""), ",".join(d.get("topics", [])))
        return head, d.get("body", "")
    raw = open(C + "/tech-articles-lostflux/articles/" + key, encoding="utf-8").read()
    head, _, body = raw.partition("\n\n")
    return head.replace("\n", " || "), body


LINES = 10**9


def show(row, mx):
    import io, contextlib
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        _show(row, mx)
    lines = buf.getvalue().splitlines()
    for l in lines[:LINES]:
        print(l)
    if len(lines) > LINES:
        print("  ... [%d more diff lines]" % (len(lines) - LINES))


def _show(row, mx):
    cand, corpus, a, b, split, jac, src = row
    print("=" * 100)
    print("%s %s %s %s J=%s src=%s split=%s" % (cand, corpus, a, b, jac, src, split))
    ha, ta = load(a)
    hb, tb = load(b)
    wa, wb = ta.split(), tb.split()
    print("A: %s  [%d words]" % (ha, len(wa)))
    print("B: %s  [%d words]" % (hb, len(wb)))
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            n = i2 - i1
            if n <= 30:
                print("  = " + " ".join(wa[i1:i2]))
            else:
                print("  =[%d words] %s ... %s" % (n, " ".join(wa[i1:i1 + 12]), " ".join(wa[i2 - 8:i2])))
        else:
            if i2 > i1:
                s = " ".join(wa[i1:i2])
                print("  -A[%d] %s" % (i2 - i1, s if len(s) <= mx else s[:mx // 2] + " ..... " + s[-mx // 2:]))
            if j2 > j1:
                s = " ".join(wb[j1:j2])
                print("  +B[%d] %s" % (j2 - j1, s if len(s) <= mx else s[:mx // 2] + " ..... " + s[-mx // 2:]))


def main():
    mx = 800
    args = sys.argv[1:]
    global LINES
    if "--lines" in args:
        k = args.index("--lines")
        LINES = int(args[k + 1])
        del args[k:k + 2]
    if "--max" in args:
        k = args.index("--max")
        mx = int(args[k + 1])
        del args[k:k + 2]
    rows = {}
    for line in open(os.path.join(HERE, "candidates.tsv"), encoding="utf-8"):
        r = line.rstrip("\n").split("\t")
        rows[r[0]] = r
    for c in args:
        show(rows[c], mx)


if __name__ == "__main__":
    main()
