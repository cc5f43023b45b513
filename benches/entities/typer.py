#!/usr/bin/env python3
"""Train byline's learned typer (src/entities/typer.rs) and write data/typer.tsv.

What it learns: the type (org, person, product, place, or none) of a discovered name that
byline's rules leave untyped, from the name's shape and the words around it. Examples are
the untyped names byline itself finds (examples/typer_features.rs prints them with their
features, so training and indexing compute features with the same code), labelled from:

  train   benches/entities/train.tsv: our own labels of 119 real articles (GUIDE.md); the
          texts are read from ../shared/corpora, never copied
  train2  benches/entities/train2.tsv: 100 more, drawn and labelled the same way
  train3  benches/entities/train3.tsv: 100 more again
  train4, train5  benches/entities/train4.tsv, train5.tsv: 200 more (session 13)
  wnut17  ../shared/corpora/ner-wnut17 (CC BY 4.0): corporation and group -> org, person,
          location -> place, product; creative works -> none
  gum     ../shared/corpora/ner-gum-news (annotations CC BY 4.0): organization, person, place

By default only our own labels are used (train to train5): adding WNUT17 and GUM typed about as
many names right and wrong in cross-validation (margin 6: 42 right, 13 wrong without them;
47 and 16 with them), so the shipped weights come from our labels alone; `--sources` still
takes them.

A name is labelled with a gold entity's type when it equals that entity's name (or alias);
a name inside a longer gold name is left out (GUM labels whole mentions, "NASA Administrator
Charles Bolden"); any other name is `none`. Never trained on: dev.tsv (the margin is chosen
there), heldout.tsv (the scored set), tests/fixtures (the bundled corpus's labels).

Model: multi-class averaged perceptron (pure Python, fixed seed), features pruned to those
seen at least twice; weights rounded to 3 decimals. The margin (how far the best class must
beat the runner-up, summed over a name's mentions) is a parameter: `--margin`.

Usage: python3 benches/entities/typer.py [--margin 6.5] [--epochs 12] [--sources train,train2[,wnut17,gum]] [--cv 5]
"""
import argparse
import collections
import glob
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))
sys.path.insert(0, HERE)
import eval as E  # noqa: E402

TRAIN_SETS = ["train", "train2", "train3", "train4", "train5"]
CLASSES = ["org", "person", "product", "place", "none"]
WNUT = {"corporation": "org", "group": "org", "person": "person", "location": "place",
        "product": "product", "creative-work": "none"}
GUM = {"organization": "org", "person": "person", "place": "place"}
NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "'s", "’s", "n't", "%", "'"}


def detok(tokens):
    """Tokens -> text with plain spacing; returns (text, [(start, end)] per token)."""
    out, spans, glue = "", [], True
    for t in tokens:
        if out and not glue and t not in NO_SPACE_BEFORE:
            out += " "
        spans.append((len(out), len(out) + len(t)))
        out += t
        glue = t in {"(", "$", "“", "#", "@"}
    return out, spans


def conll_docs(path, bio):
    """A CoNLL file -> [(texts, gold)] with one doc per sentence (WNUT) or file (GUM)."""
    sents, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    sents.append(cur)
                cur = []
                continue
            tok, _, lab = line.partition("\t")
            cur.append((tok, lab.strip()))
    if cur:
        sents.append(cur)
    texts, gold = [], {}
    for s in sents:
        text, spans = detok([t for t, _ in s])
        texts.append(text)
        i = 0
        while i < len(s):
            lab = s[i][1]
            if lab == "O":
                i += 1
                continue
            kind = lab[2:] if bio else lab
            j = i + 1
            while j < len(s) and (s[j][1] == "I-" + kind if bio else s[j][1] == kind):
                j += 1
            name = text[spans[i][0]:spans[j - 1][1]]
            mapped = (WNUT if bio else GUM).get(kind)
            gold.setdefault(name, set()).add(mapped or "inside")
            i = j
    return texts, gold


def conll_sources(which):
    docs = []
    if "wnut17" in which:
        for p in sorted(glob.glob(os.path.join(E.CORPORA, "ner-wnut17", "*.conll"))) + \
                [os.path.join(E.CORPORA, "ner-wnut17", "emerging.test.annotated")]:
            texts, gold = conll_docs(p, True)
            # One payload per 50 sentences: the rules' cross-sentence evidence stays local.
            for k in range(0, len(texts), 50):
                docs.append((f"wnut17/{os.path.basename(p)}#{k}", texts[k:k + 50], 0, gold))
    if "gum" in which:
        for p in sorted(glob.glob(os.path.join(E.CORPORA, "ner-gum-news", "*.tsv"))):
            texts, gold = conll_docs(p, False)
            docs.append((f"gum/{os.path.basename(p)}", texts, 1, gold))
    return docs


def article_docs(path):
    gold = E.load_labels(path, E.ALIASES)
    return [(k, E.parsed_texts(k), 1, gold[k]) for k in sorted(gold)]


def label_article(name, gold):
    """Label of a name in a labelled article (gold: [(kind, name, keys)]), or None to skip."""
    for kind, gname, keys in gold:
        if E.ALIASES.key(kind, name) in keys:
            return kind
    low = " " + name.lower() + " "
    if any(low in " " + g.lower() + " " for _, g, _ in gold):
        return None
    return "none"


def label_conll(name, gold):
    kinds = gold.get(name)
    if kinds:
        kinds = kinds - {"inside"}
        return sorted(kinds)[0] if len(kinds) == 1 else None
    low = " " + name + " "
    if any(low in " " + g + " " for g in gold):
        return None
    return "none"


def features_of(docs, feat_bin):
    payload = "".join(json.dumps({"key": k, "texts": t, "headlines": h}) + "\n"
                      for k, t, h, _ in docs)
    res = subprocess.run([feat_bin], input=payload.encode(), stdout=subprocess.PIPE, check=True)
    out = collections.defaultdict(list)
    for line in res.stdout.decode().splitlines():
        d = json.loads(line)
        out[d["key"]].append((d["name"], d["features"]))
    return out


def examples(docs, feats, label):
    ex = []
    for key, _, _, gold in docs:
        for name, fs in feats.get(key, []):
            y = label(name, gold)
            if y is not None:
                ex.append((fs, CLASSES.index(y), key, name))
    return ex


def train(ex, epochs, seed=7):
    w = collections.defaultdict(lambda: [0.0] * 5)
    total = collections.defaultdict(lambda: [0.0] * 5)
    stamp = collections.defaultdict(lambda: [0] * 5)
    c = 0
    rnd = random.Random(seed)
    order = list(range(len(ex)))
    for _ in range(epochs):
        rnd.shuffle(order)
        for i in order:
            fs, y = ex[i][0], ex[i][1]
            s = [0.0] * 5
            for f in fs:
                if f in w:
                    for k, v in enumerate(w[f]):
                        s[k] += v
            p = max(range(5), key=lambda k: s[k])
            c += 1
            if p != y:
                for f in fs:
                    for k, d in ((y, 1.0), (p, -1.0)):
                        total[f][k] += (c - stamp[f][k]) * w[f][k]
                        stamp[f][k] = c
                        w[f][k] += d
    avg = {}
    for f, ws in w.items():
        avg[f] = [(total[f][k] + (c - stamp[f][k]) * ws[k]) / c for k in range(5)]
    return avg


def scores(w, fs):
    s = [0.0] * 5
    for f in fs:
        for k, v in enumerate(w.get(f, ())):
            s[k] += v
    return s


def cross_validate(article_ex, other_ex, folds, epochs, margins):
    """Folds over articles: per margin, names typed right / typed wrong / left untyped (among
    names that are entities), each name's mentions summed as byline does."""
    keys = sorted({k for _, _, k, _ in article_ex})
    random.Random(11).shuffle(keys)
    res = {m: collections.Counter() for m in margins}
    for i in range(folds):
        test = set(keys[i::folds])
        w = train([e for e in article_ex if e[2] not in test] + other_ex, epochs)
        names = collections.defaultdict(lambda: [[0.0] * 5, None])
        for fs, y, k, n in (e for e in article_ex if e[2] in test):
            acc = names[(k, n)]
            acc[0] = [a + b for a, b in zip(acc[0], scores(w, fs))]
            acc[1] = y
        for (k, n), (s, y) in names.items():
            b = max(range(5), key=lambda c: s[c])
            gap = s[b] - sorted(s)[-2]
            if os.environ.get("TYPER_SHOW") and CLASSES[b] != "none" and gap >= 4:
                print("CV", CLASSES[y], CLASSES[b], round(gap, 1), n, k, sep="\t", file=sys.stderr)
            # As byline decides: no products, no one-word people (src/entities/extract/).
            usable = CLASSES[b] not in ("none", "product") and (CLASSES[b] != "person" or " " in n)
            for m in margins:
                typed = usable and gap >= m
                if typed and b == y:
                    res[m]["right"] += 1
                elif typed:
                    res[m]["wrong"] += 1
                elif CLASSES[y] not in ("none", "product"):
                    res[m]["missed"] += 1
    for m in margins:
        r = res[m]
        p = r["right"] / max(1, r["right"] + r["wrong"])
        print(f"margin {m}: right {r['right']} wrong {r['wrong']} missed {r['missed']} "
              f"precision {p:.2f}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--margin", type=float, default=6.5)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--sources", default=",".join(TRAIN_SETS))
    ap.add_argument("--drop", default="", help="leave out features with these prefixes (comma-separated)")
    ap.add_argument("--cv", type=int, help="cross-validate over the labelled articles")
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "typer.tsv"))
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "typer_features"],
                   cwd=ROOT, check=True)
    feat_bin = os.path.join(ROOT, "target", "release", "examples", "typer_features")
    which = set(args.sources.split(","))
    ex = []
    for name in TRAIN_SETS:
        if name in which:
            docs = article_docs(os.path.join(HERE, name + ".tsv"))
            ex += examples(docs, features_of(docs, feat_bin), label_article)
    articles = len(ex)
    conll = conll_sources(which)
    if conll:
        ex += examples(conll, features_of(conll, feat_bin), label_conll)
    seen = collections.Counter(f for fs, *_ in ex for f in set(fs))
    drop = tuple(p for p in args.drop.split(",") if p)
    ex = [([f for f in fs if seen[f] >= 2 and not (drop and f.startswith(drop))], y, k, n)
          for fs, y, k, n in ex]
    if args.cv:
        cross_validate(ex[:articles], ex[articles:], args.cv, args.epochs, [2, 4, 6, 6.5, 8])
        return
    by = collections.Counter((k.split("/")[0], CLASSES[y]) for _, y, k, _ in ex)
    print("examples:", len(ex), dict(sorted(by.items())), file=sys.stderr)
    w = train(ex, args.epochs)
    with open(args.out, "w") as f:
        f.write("# byline's learned typer: averaged perceptron weights, written by "
                "benches/entities/typer.py\n")
        f.write(f"# sources: {args.sources} ({len(ex)} examples, {args.epochs} epochs); "
                "see data/SOURCES.md for their licences\n")
        f.write("# feature<TAB>org<TAB>person<TAB>product<TAB>place<TAB>none\n")
        f.write(f"# margin {args.margin}\n")
        for feat in sorted(w):
            ws = [round(v, 3) for v in w[feat]]
            if any(abs(v) >= 0.001 for v in ws) and "\t" not in feat and "\n" not in feat:
                f.write(feat + "\t" + "\t".join(f"{v:g}" for v in ws) + "\n")
    print(f"wrote {args.out}: {len(w)} features", file=sys.stderr)


if __name__ == "__main__":
    main()
