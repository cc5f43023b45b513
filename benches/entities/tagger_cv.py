#!/usr/bin/env python3
"""Would a learned token tagger pay? A cross-validated experiment, not part of byline.

byline finds names by rules, lists and a learned span typer (typer.py). The names it never
finds as candidates ("Duke University" before session 15, bands such as "Queen", firms named
with ordinary words) are what limit its recall. This script measures what a token-level
tagger would add: an averaged perceptron over BIO tags (greedy, left to right; features:
the word, its lower case, shape, prefix and suffixes, the words and shapes around it, the
previous tag, whether it is an English word or a given name, and the gazetteer's kinds of it
and its neighbours: data/*.tsv), trained on our own labels (benches/entities/train*.tsv and
dev.tsv, projected onto the text: every exact, word-bounded occurrence of a labelled name or
alias, longest first). Scored by K-fold cross-validation over articles, so no article is
tagged by a model that saw its labels. Never reads heldout.tsv.

Printed per type (tp / fp / fn, P, R, F1), with eval.py's scorer:
  byline     byline as built (`byline show` on the whole corpus, as eval.py does)
  tagger     the tagger alone
  + tagger   byline's names plus the tagger's names that byline lacks (no byline name
             contains them), kept where the tagger's margin over "O" (the lowest over the
             name's words, the highest over its mentions) reaches the threshold

Pure Python, fixed seeds; about 6 minutes on this machine.
Usage: python3 benches/entities/tagger_cv.py [--folds 5] [--epochs 6] [--thresholds 0,5,10,20]
"""
import argparse
import collections
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))
sys.path.insert(0, HERE)
import eval as E  # noqa: E402

SETS = ["train", "train2", "train3", "train4", "train5", "dev"]
KINDS = ["org", "person", "place", "product"]
TAGS = ["O"] + [p + k for k in KINDS for p in ("B-", "I-")]
TOKEN = re.compile(r"\w+(?:[-'’.&]\w+)*|[^\w\s]")


def article_texts(keys, work):
    """Title and passages of each article as byline parses it (cached in WORK)."""
    cache = os.path.join(work, "texts.json")
    texts = json.load(open(cache)) if os.path.exists(cache) else {}
    parsed = {}
    for key in keys:
        if key in texts:
            continue
        ref = E.article_ref(key)
        path, rec = ref, None
        m = re.match(r"(.*):(\d+)$", ref)
        if m and not os.path.exists(ref):
            path, rec = m.group(1), int(m.group(2))
        if path not in parsed:
            parsed[path] = {}
            for line in E.run([E.BYLINE, "parse", path]).decode().splitlines():
                d = json.loads(line)
                t = [d.get("title") or ""] + [p if isinstance(p, str) else p.get("text", "")
                                              for p in d.get("passages", [])]
                parsed[path][d.get("record")] = [x for x in t if x]
        texts[key] = parsed[path][rec]
    json.dump(texts, open(cache, "w"))
    return texts


def label_forms(sets):
    """Article -> [(kind, surface form)] from the label files: names and aliases."""
    forms = collections.defaultdict(list)
    for s in sets:
        for line in open(os.path.join(HERE, s + ".tsv"), encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t")
            for f in [c[2]] + [a.strip() for a in (c[3] if len(c) > 3 else "").split("|") if a.strip()]:
                forms[c[0]].append((c[1], f))
    return forms


class Resources:
    def __init__(self):
        self.gaz = collections.defaultdict(set)
        for f in ["entities.tsv", "places.tsv", "orgs.tsv", "people.tsv", "brands.tsv"]:
            for line in open(os.path.join(ROOT, "data", f), encoding="utf-8"):
                if line.startswith("#") or not line.strip():
                    continue
                c = line.rstrip("\n").split("\t")
                if len(c) < 2:
                    continue
                for form in [c[1]] + [a.strip() for a in (c[2] if len(c) > 2 else "").split("|") if a.strip()]:
                    ws = form.split()
                    for i, w in enumerate(ws):
                        self.gaz[w].add(c[0] + ("U" if len(ws) == 1 else ("B" if i == 0 else "I")))
        self.words = self.wordlist("words.txt")
        self.given = self.wordlist("given_names.txt") | self.wordlist("first_names.txt")

    @staticmethod
    def wordlist(f):
        return {l.strip() for l in open(os.path.join(ROOT, "data", f), encoding="utf-8")
                if l.strip() and not l.startswith("#")}


def shape(w):
    s = re.sub("[A-Z]", "X", w)
    s = re.sub("[a-z]", "x", s)
    s = re.sub("[0-9]", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)


def features(res, ws, i):
    w = ws[i]
    lw = w.lower()

    def at(j):
        return ws[j] if 0 <= j < len(ws) else ("<s>" if j < 0 else "</s>")
    f = ["b", "w=" + w, "lw=" + lw, "sh=" + shape(w), "p3=" + lw[:3], "s3=" + lw[-3:],
         "s2=" + lw[-2:], "pw=" + at(i - 1).lower(), "nw=" + at(i + 1).lower(),
         "ppw=" + at(i - 2).lower(), "nnw=" + at(i + 2).lower(), "psh=" + shape(at(i - 1)),
         "nsh=" + shape(at(i + 1)), "pw+w=" + at(i - 1).lower() + "|" + lw,
         "w+nw=" + lw + "|" + at(i + 1).lower(), "word=%d" % (lw in res.words),
         "given=%d" % (w in res.given), "sstart=%d" % (i == 0 or at(i - 1) in '.!?"“:'),
         "nword=%d" % (at(i + 1).lower() in res.words), "pword=%d" % (at(i - 1).lower() in res.words)]
    f += ["gz=" + g for g in res.gaz.get(w, ())]
    f += ["ngz=" + g for g in res.gaz.get(at(i + 1), ())]
    f += ["pgz=" + g for g in res.gaz.get(at(i - 1), ())]
    return f


def sequences(res, texts, forms):
    """Per text: (text, token spans, words, static features, gold BIO tags)."""
    out = []
    fs = sorted(forms, key=lambda x: -len(x[1]))
    for t in texts:
        toks = [(m.start(), m.end()) for m in TOKEN.finditer(t)]
        ws = [t[a:b] for a, b in toks]
        tags = ["O"] * len(ws)
        first = {a: i for i, (a, _) in enumerate(toks)}
        last = {b: i for i, (_, b) in enumerate(toks)}
        for kind, f in fs:
            for m in re.finditer(r"(?<!\w)" + re.escape(f) + r"(?!\w)", t):
                i, j = first.get(m.start()), last.get(m.end())
                if i is None or j is None or any(x != "O" for x in tags[i:j + 1]):
                    continue
                tags[i] = "B-" + kind
                for x in range(i + 1, j + 1):
                    tags[x] = "I-" + kind
        out.append((t, toks, ws, [features(res, ws, i) for i in range(len(ws))], tags))
    return out


class Perceptron:
    def __init__(self):
        self.w = collections.defaultdict(dict)
        self.total = collections.defaultdict(lambda: collections.defaultdict(float))
        self.stamp = collections.defaultdict(lambda: collections.defaultdict(int))
        self.n = 0

    def scores(self, feats):
        sc = collections.Counter()
        for x in feats:
            for t, v in self.w.get(x, {}).items():
                sc[t] += v
        return sc

    def update(self, truth, guess, feats):
        self.n += 1
        if truth == guess:
            return
        for x in feats:
            for t, d in ((truth, 1.0), (guess, -1.0)):
                cur = self.w[x].get(t, 0.0)
                self.total[x][t] += (self.n - self.stamp[x][t]) * cur
                self.stamp[x][t] = self.n
                self.w[x][t] = cur + d

    def average(self):
        for x, ts in self.w.items():
            for t, v in ts.items():
                self.total[x][t] += (self.n - self.stamp[x][t]) * v
                ts[t] = self.total[x][t] / self.n


def with_prev(feats, prev, w):
    return feats + ["pt=" + prev, "pt+w=" + prev + "|" + w.lower()]


def fits(prev, t):
    return not (t.startswith("I-") and prev[2:] != t[2:])


def train(seqs, epochs):
    m = Perceptron()
    data = list(seqs)
    rnd = random.Random(7)
    for _ in range(epochs):
        rnd.shuffle(data)
        for _, _, ws, sf, tags in data:
            prev = "O"
            for i in range(len(ws)):
                f = with_prev(sf[i], prev, ws[i])
                sc = m.scores(f)
                guess = max(TAGS, key=lambda t: (sc[t], t == "O"))
                m.update(tags[i], guess, f)
                prev = tags[i]
    m.average()
    return m


def tag(m, seq):
    """Greedy decoding -> [(kind, name, margin)]: the margin is the lowest over the name's
    words of its tag's score over O's."""
    t, toks, ws, sf, _ = seq
    out, prev = [], "O"
    for i in range(len(ws)):
        sc = m.scores(with_prev(sf[i], prev, ws[i]))
        best = max((x for x in TAGS if fits(prev, x)), key=lambda x: (sc[x], x == "O"))
        out.append((best, sc[best] - sc["O"]))
        prev = best
    names, cur = [], None
    for i, (tg, _) in enumerate(out + [("O", 0.0)]):
        if cur and not (tg.startswith("I-") and tg[2:] == cur[0]):
            names.append((cur[0], t[toks[cur[1]][0]:toks[i - 1][1]], min(x[1] for x in out[cur[1]:i])))
            cur = None
        if tg.startswith("B-") or (tg.startswith("I-") and cur is None):
            cur = (tg[2:], i)
    return names


def report(name, gold, pred):
    counts = {t: collections.Counter() for t in E.TYPES}
    for k in sorted(gold):
        E.score(gold[k], pred[k], counts, [], name, k)
    cells = []
    for t in KINDS:
        c = counts[t]
        p = c["tp"] / max(1, c["tp"] + c["fp"])
        r = c["tp"] / max(1, c["tp"] + c["fn"])
        f1 = 2 * p * r / max(1e-9, p + r)
        cells.append(f"{c['tp']} / {c['fp']} / {c['fn']} | {p:.3f} | {r:.3f} | {f1:.3f}")
    print(f"| {name} | " + " | ".join(cells) + " |")


def merged(byline, tagged, threshold):
    have = {E.norm(n) for _, n in byline}
    best = collections.defaultdict(lambda: -1e9)
    for kind, n, margin in tagged:
        best[(kind, n)] = max(best[(kind, n)], margin)
    add = [(kind, n) for (kind, n), m in best.items()
           if m >= threshold and not any(E.norm(n) in h for h in have)]
    return byline + add


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--thresholds", default="0,5,10,20")
    args = ap.parse_args()
    work = os.environ.get("WORK", "/tmp/byline-entity-eval")
    os.makedirs(work, exist_ok=True)
    gold = {}
    for s in SETS:
        gold.update(E.load_labels(os.path.join(HERE, s + ".tsv"), E.ALIASES))
    keys = sorted(gold)
    texts = article_texts(keys, work)
    forms = label_forms(SETS)
    res = Resources()
    seqs = {k: sequences(res, texts[k], forms[k]) for k in keys}
    byline = E.byline_entities(keys, work)
    order = keys[:]
    random.Random(3).shuffle(order)
    tagged = {}
    for fold in range(args.folds):
        test = set(order[fold::args.folds])
        m = train([s for k in order if k not in test for s in seqs[k]], args.epochs)
        for k in test:
            tagged[k] = [x for s in seqs[k] for x in tag(m, s)]
        print(f"fold {fold + 1} of {args.folds}", file=sys.stderr)
    head = " | ".join(f"{k} tp / fp / fn | P | R | F1" for k in KINDS)
    print(f"{len(keys)} articles ({', '.join(SETS)}), {args.folds}-fold cross-validation\n")
    print(f"| system | {head} |")
    print("|---|" + "---|---:|---:|---:|" * len(KINDS))
    report("byline", gold, byline)
    report("tagger alone", gold, {k: list(dict.fromkeys((a, b) for a, b, _ in tagged[k])) for k in keys})
    for th in (float(x) for x in args.thresholds.split(",")):
        report(f"byline + tagger (margin >= {th:g})", gold, {k: merged(byline[k], tagged[k], th) for k in keys})


if __name__ == "__main__":
    main()
