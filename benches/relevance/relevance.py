#!/usr/bin/env python3
"""Relevance evaluation: byline against SQLite FTS5 on hand-judged queries.

Usage:
    python3 benches/relevance/relevance.py [--byline BIN] [--work DIR] [--only fts5|byline]
                                           [--queries TSV ...] [--corpora DIR] [--per-query]
                                           [--json FILE]
    python3 benches/relevance/relevance.py pool --byline BIN --corpus C [--depth 20] [--blind] QUERY
        the pooled top DEPTH of byline, FTS5 AND and FTS5 OR for judging: each article once,
        with the systems and ranks that found it (`--blind`: neither, in a shuffled order),
        its title, date and the start of its text.

Judged query sets (default: every benches/relevance/*.tsv) have the columns id, corpus,
query, relevant, note, and optionally group and split. `relevant` lists the answers,
separated by spaces; copies of one article joined by `=` count as one answer (any copy will
do). Article ids: bbc-tech and lostflux by file name (`123.txt`), reuters by the record's
JSON id (`reuters:17`). `group`: the kind of query (keyword, long, entity-topic, name; for a
set without the column, short (<= 3 words) or long). `split`: tuning or heldout (without the
column: by a fixed hash of the query id, half and half). Ranking is tuned on the tuning
half only; both halves are reported.

Systems:
  fts5-and, fts5-or  SQLite FTS5 (tokenize='porter unicode61', table
                     docs(path UNINDEXED, title, body)), default bm25() weights, top 10;
                     every word must match (AND) or any word (OR).
  byline             only with --byline BIN: `BIN search --index WORK/byline-CORPUS --json
                     -n 10 --facets none -- QUERY` (exit 1 = no hit, any other non-zero exit
                     = error; copies and near copies folded into a hit count as that hit:
                     the hit finds every answer one of them is).
  tantivy-and,       only with --tantivy-top10 BIN (built by ../shared/anchors/peers/tantivy-top10/build)
  tantivy-or         and tantivy-cli (`cargo install tantivy-cli --version 0.24.0`, --tantivy-cli BIN):
                     tantivy-cli indexes every article as one document (path raw, title and
                     body en_stem, as in ../shared/anchors), and tantivy-top10 returns the top
                     10 by tantivy's BM25 over title and body: every word required (`+w`) or any.
Indexes are built once into WORK (default /tmp/byline-relevance) and reused; delete a
file or directory there to rebuild it.

Metrics per system: MRR@10 (1/rank of the first relevant answer in the top 10, else 0),
nDCG@10 (binary gains, one per answer found at its first rank; ideal: every answer at the
top), and R@10 (share of the query's answers in the top 10). Reported per split x corpus,
per split x group and per split, as markdown tables. Exit status 1 if any byline search
failed (the query then counts as a miss), else 0.
"""
import argparse
import glob
import hashlib
import json
import math
import os
import re
import signal
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS_DIRS = {
    "bbc-tech": "bbc-tech",
    "lostflux": "tech-articles-lostflux/articles",
    "reuters": "reuters21578",
}


def read_txt(path, corpus):
    """-> (title, body). bbc-tech: line 1 is the title. lostflux: a header block
    (Title:/Date:/URL:, blank line) precedes the page text."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if corpus == "lostflux" and text.startswith("Title: "):
        head, _, body = text.partition("\n\n")
        title = next((l[7:] for l in head.split("\n") if l.startswith("Title: ")), "")
        return title.strip(), body.strip()
    title, _, body = text.partition("\n")
    return title.strip(), body.strip()


def articles(root, corpus):
    """Yield (id, title, body, date) for every article of a corpus."""
    if corpus == "reuters":
        for path in sorted(glob.glob(os.path.join(root, "reuters-*.jsonl"))):
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if line.strip():
                        r = json.loads(line)
                        yield (f"reuters:{r['id']}", r.get("title") or "", r.get("body") or "",
                               r.get("date") or "")
        return
    for name in sorted(n for n in os.listdir(root) if n.endswith(".txt")):
        title, body = read_txt(os.path.join(root, name), corpus)
        yield name, title, body, ""


def record_ids(root):
    """Reuters: file name -> the JSON ids of its records, in order (byline's record n is the
    n-th non-blank line)."""
    out = {}
    for path in sorted(glob.glob(os.path.join(root, "reuters-*.jsonl"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            out[os.path.basename(path)] = [json.loads(l)["id"] for l in f if l.strip()]
    return out


def build_fts5(db, root, corpus):
    """Build the FTS5 index for one corpus into db (via a temporary file)."""
    tmp = db + ".tmp"
    if os.path.exists(tmp):
        os.remove(tmp)
    con = sqlite3.connect(tmp)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5("
                "path UNINDEXED, title, body, tokenize='porter unicode61')")
    n = 0
    with con:
        for aid, title, body, _ in articles(root, corpus):
            con.execute("INSERT INTO docs(path, title, body) VALUES (?,?,?)", (aid, title, body))
            n += 1
    con.close()
    os.replace(tmp, db)
    print(f"fts5: indexed {n} articles of {corpus} -> {db}", file=sys.stderr)


def parse_query(q):
    """-> list of terms: bare words and "quoted phrases" (without the quotes)."""
    terms = []
    for m in re.finditer(r'"([^"]*)"|(\S+)', q):
        t = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
        if re.search(r"\w", t):  # a term with no letter or digit would be an empty FTS5 string
            terms.append(t)
    return terms


def fts5_match(q, op):
    """Quote every term (so FTS5 syntax characters are safe) and join with AND/OR."""
    quoted = ['"' + t.replace('"', '""') + '"' for t in parse_query(q)]
    return (" OR " if op == "or" else " ").join(quoted)


def run_fts5(con, q, op, depth=10):
    sql = "SELECT path FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?"
    return [r[0] for r in con.execute(sql, (fts5_match(q, op), depth))], None


class Tantivy:
    """Article-level BM25 through tantivy-cli's index and the tantivy-top10 anchor peer."""

    META = {
        "index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
        "segments": [],
        "schema": [
            {"name": "path", "type": "text", "options": {"indexing": {"record": "basic", "fieldnorms": False, "tokenizer": "raw"}, "stored": True, "fast": False}},
            {"name": "title", "type": "text", "options": {"indexing": {"record": "position", "fieldnorms": True, "tokenizer": "en_stem"}, "stored": True, "fast": False}},
            {"name": "body", "type": "text", "options": {"indexing": {"record": "position", "fieldnorms": True, "tokenizer": "en_stem"}, "stored": True, "fast": False}},
        ],
        "opstamp": 0,
    }

    def __init__(self, cli, top10, work, roots):
        self.cli, self.top10, self.work, self.roots = cli, top10, work, roots

    def index(self, corpus):
        idx = os.path.join(self.work, f"tantivy-{corpus}")
        if os.path.exists(os.path.join(idx, ".done")):
            return idx
        os.makedirs(idx, exist_ok=True)
        for name in os.listdir(idx):
            os.remove(os.path.join(idx, name))
        with open(os.path.join(idx, "meta.json"), "w") as f:
            json.dump(self.META, f)
        docs = os.path.join(self.work, f"tantivy-{corpus}.json")
        with open(docs, "w", encoding="utf-8") as f:
            for aid, title, body, _ in articles(self.roots[corpus], corpus):
                f.write(json.dumps({"path": aid, "title": title, "body": body}) + "\n")
        print(f"tantivy-cli: indexing {corpus} -> {idx}", file=sys.stderr)
        subprocess.run([self.cli, "index", "-i", idx, "-f", docs, "-t", "2"], check=True,
                       stdout=subprocess.DEVNULL)
        open(os.path.join(idx, ".done"), "w").close()
        return idx

    def search(self, corpus, q, op):
        words = [w.lower() for w in re.findall(r"\w+", q)]
        query = " ".join(("+" if op == "and" else "") + w for w in words)
        p = subprocess.run([self.top10, "search", self.index(corpus), query],
                           capture_output=True, text=True)
        if p.returncode != 0:
            return [], f"exit {p.returncode}: {p.stderr.strip()[:200]}"
        out = []
        for line in p.stdout.splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1] not in out:
                out.append(parts[1])
        return out, None


class Byline:
    def __init__(self, binary, work, roots):
        self.binary, self.work, self.roots = binary, work, roots
        self.records = {}

    def index(self, corpus):
        index = os.path.join(self.work, f"byline-{corpus}")
        if not os.path.exists(index):
            print(f"byline: indexing {corpus} -> {index}", file=sys.stderr)
            subprocess.run([self.binary, "index", self.roots[corpus], "--index", index, "-q"],
                           check=True)
        return index

    def article_id(self, corpus, article):
        path = os.path.realpath(article["path"])
        name = os.path.basename(path)
        if corpus != "reuters":
            root = os.path.realpath(self.roots[corpus])
            return os.path.relpath(path, root) if path.startswith(root + os.sep) else path
        if corpus not in self.records:
            self.records[corpus] = record_ids(self.roots[corpus])
        ids = self.records[corpus].get(name, [])
        rec = article.get("record") or 0
        return f"reuters:{ids[rec - 1]}" if 0 < rec <= len(ids) else f"{name}:{rec}"

    def search(self, corpus, q, depth=10):
        """-> (article ids in rank order, error message or None, {id: the ids of the copies
        and near copies folded into its hit})."""
        p = subprocess.run([self.binary, "search", "--index", self.index(corpus), "--json",
                            "-n", str(depth), "--facets", "none", "--", q],
                           capture_output=True, text=True)
        if p.returncode == 1:
            return [], None, {}
        if p.returncode != 0:
            return [], f"exit {p.returncode}: {p.stderr.strip()}", {}
        out, folded = [], {}
        for h in json.loads(p.stdout)["hits"]:
            aid = self.article_id(corpus, h["article"])
            if aid not in out:
                out.append(aid)
                folded[aid] = [self.article_id(corpus, d)
                               for d in h.get("duplicates", []) + h.get("near_duplicates", [])]
        return out, None, folded


def score(results, groups, folded=None):
    """-> (first relevant rank or None, reciprocal rank, nDCG, recall) over the top 10. A
    result with articles folded into it (`folded`) finds every answer any of them is."""
    found, first, dcg = set(), None, 0.0
    for rank, aid in enumerate(results[:10], 1):
        members = [aid] + (folded or {}).get(aid, [])
        new = {gi for gi, g in enumerate(groups)
               if gi not in found and any(m in g for m in members)}
        if new:
            if first is None:
                first = rank
            found |= new
            # One result, one gain: a hit standing for several answers counts once in nDCG
            # (so that nDCG stays <= 1) and for all of them in recall.
            dcg += 1.0 / math.log2(rank + 1)
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(10, len(groups)) + 1))
    return first, (1.0 / first if first else 0.0), dcg / ideal, len(found) / len(groups)


def split_of(qid):
    """Half and half by a fixed hash of the id (sets without a split column)."""
    return "tuning" if hashlib.sha1(qid.encode()).digest()[0] % 2 == 0 else "heldout"


def load_queries(paths):
    queries = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            for line in f:
                if not line.strip():
                    continue
                row = dict(zip(header, line.rstrip("\n").split("\t")))
                row["groups"] = [set(g.split("=")) for g in row["relevant"].split()]
                words = len(row["query"].replace('"', " ").split())
                row["group"] = row.get("group") or ("short" if words <= 3 else "long")
                row["split"] = row.get("split") or split_of(row["id"])
                row["set"] = os.path.basename(path)
                queries.append(row)
    return queries


def check_judged(queries, roots):
    """Every judged answer must exist."""
    known = {}
    for q in queries:
        c = q["corpus"]
        if c not in known:
            known[c] = {a[0] for a in articles(roots[c], c)}
        for g in q["groups"]:
            for aid in g:
                if aid not in known[c]:
                    sys.exit(f"{q['set']} {q['id']}: judged article {aid} not found in {c}")


def fts5_connections(corpora, roots, work):
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError:
        sys.exit(f"this python's sqlite3 (SQLite {sqlite3.sqlite_version}) has no FTS5")
    cons = {}
    for corpus in sorted(corpora):
        db = os.path.join(work, f"fts5-{corpus}.sqlite")
        if not os.path.exists(db):
            build_fts5(db, roots[corpus], corpus)
        cons[corpus] = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    return cons


def report(queries, systems):
    metrics = [("MRR@10", "rr"), ("nDCG@10", "ndcg"), ("R@10", "recall")]
    print("| split | scope | n | " + " | ".join(f"{s} {m}" for s in systems for m, _ in metrics) + " |")
    print("|---|---|---:|" + "---:|" * (len(systems) * len(metrics)))
    for split in ("tuning", "heldout"):
        sq = [q for q in queries if q["split"] == split]
        scopes = [(f"corpus {c}", [q for q in sq if q["corpus"] == c])
                  for c in sorted({q["corpus"] for q in sq})]
        scopes += [(f"group {g}", [q for q in sq if q["group"] == g])
                   for g in sorted({q["group"] for q in sq})]
        scopes.append(("**all**", sq))
        for name, qs in scopes:
            if not qs:
                continue
            cells = [f"{sum(q['runs'][s][k] for q in qs) / len(qs):.3f}" for s in systems for _, k in metrics]
            print(f"| {split} | {name} | {len(qs)} | " + " | ".join(cells) + " |")


def per_query(queries, systems):
    print()
    print("Rank of the first relevant answer (`-` none in the top 10, `0 hits` empty result), "
          "answers found / judged:")
    print()
    print("| id | split | group | query | answers | " + " | ".join(systems) + " |")
    print("|---|---|---|---|---:|" + "---|" * len(systems))
    for q in queries:
        cells = []
        for s in systems:
            r = q["runs"][s]
            found = round(r["recall"] * len(q["groups"]))
            cells.append("ERR" if r["error"] else ("0 hits" if not r["results"] else
                                                   f"{r['first_rank'] or '-'} ({found}/{len(q['groups'])})"))
        query = q["query"].replace("|", "\\|")
        print(f"| {q['id']} | {q['split']} | {q['group']} | {query} | {len(q['groups'])} | "
              + " | ".join(cells) + " |")


def pool(args, roots):
    """Print the pooled top DEPTH of every system for one query, for judging."""
    corpus = args.corpus
    cons = fts5_connections([corpus], roots, args.work)
    runs = {
        "byline": Byline(args.byline, args.work, roots).search(corpus, args.query, args.depth)[0],
        "fts5-and": run_fts5(cons[corpus], args.query, "and", args.depth)[0],
        "fts5-or": run_fts5(cons[corpus], args.query, "or", args.depth)[0],
    }
    found = {}
    for s, res in runs.items():
        for rank, aid in enumerate(res, 1):
            found.setdefault(aid, []).append(f"{s}#{rank}")
    texts = {a[0]: a for a in articles(roots[corpus], corpus) if a[0] in found}
    print(f"# {len(found)} articles pooled for {args.query!r} ({corpus}, top {args.depth} of each)")
    if args.blind:
        # For judging: no system names or ranks, in an order no system chose.
        order = sorted(found, key=lambda a: hashlib.sha1(f"{args.query}|{a}".encode()).hexdigest())
    else:
        order = sorted(found, key=lambda a: min(int(x.split('#')[1]) for x in found[a]))
    for aid in order:
        _, title, body, date = texts.get(aid, (aid, "?", "", ""))
        lead = " ".join(body.split())[: args.chars]
        systems = "" if args.blind else f"  [{', '.join(found[aid])}]"
        print(f"\n## {aid}{systems}  {date}\n{title}\n{lead}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", nargs="?", choices=["eval", "pool"], default="eval")
    ap.add_argument("query", nargs="?", help="pool: the query")
    ap.add_argument("--byline", metavar="BIN", help="byline binary (without it only FTS5 runs)")
    ap.add_argument("--work", default="/tmp/byline-relevance", help="index cache directory")
    ap.add_argument("--tantivy-top10", metavar="BIN", help="the tantivy-top10 anchor peer (adds tantivy-and, tantivy-or)")
    ap.add_argument("--tantivy-cli", metavar="BIN", default=os.path.expanduser("~/.cargo/bin/tantivy"),
                    help="tantivy-cli, which builds the index tantivy-top10 reads")
    ap.add_argument("--only", choices=["fts5", "byline"], help="run only these systems")
    ap.add_argument("--queries", nargs="+", default=sorted(glob.glob(os.path.join(HERE, "*.tsv"))))
    ap.add_argument("--corpora", default=os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpora")),
                    help="directory holding bbc-tech/, tech-articles-lostflux/ and reuters21578/")
    ap.add_argument("--corpus", choices=sorted(CORPUS_DIRS), help="pool: the corpus")
    ap.add_argument("--depth", type=int, default=20, help="pool: results taken from each system")
    ap.add_argument("--chars", type=int, default=600, help="pool: characters of text shown")
    ap.add_argument("--blind", action="store_true",
                    help="pool: hide which system found what, and shuffle (for judges)")
    ap.add_argument("--per-query", action="store_true", help="also print the rank of the first answer per query")
    ap.add_argument("--json", metavar="FILE", help="write per-query results as JSON")
    args = ap.parse_intermixed_args()
    os.makedirs(args.work, exist_ok=True)
    roots = {c: os.path.join(args.corpora, d) for c, d in CORPUS_DIRS.items()}
    if args.mode == "pool":
        if not (args.byline and args.corpus and args.query):
            ap.error("pool needs --byline BIN, --corpus C and a QUERY")
        pool(args, roots)
        return 0

    systems = []
    if args.only != "byline":
        systems += ["fts5-and", "fts5-or"]
    if args.tantivy_top10 and not args.only:
        systems += ["tantivy-and", "tantivy-or"]
    if args.byline and args.only != "fts5":
        systems.append("byline")
    if not systems:
        ap.error("nothing to run: --only byline needs --byline BIN")
    queries = load_queries(args.queries)
    check_judged(queries, roots)
    corpora = {q["corpus"] for q in queries}
    cons = fts5_connections(corpora, roots, args.work) if "fts5-and" in systems else {}
    byline = Byline(args.byline, args.work, roots) if "byline" in systems else None
    tantivy = (Tantivy(args.tantivy_cli, args.tantivy_top10, args.work, roots)
               if "tantivy-and" in systems else None)

    errors = 0
    for q in queries:
        q["runs"] = {}
        for s in systems:
            folded = None
            if s == "byline":
                res, err, folded = byline.search(q["corpus"], q["query"])
            elif s.startswith("tantivy"):
                res, err = tantivy.search(q["corpus"], q["query"], s.split("-")[1])
            else:
                res, err = run_fts5(cons[q["corpus"]], q["query"], s.split("-")[1])
            if err:
                errors += 1
                print(f"{q['id']} {s}: ERROR {err}", file=sys.stderr)
            first, rr, ndcg, rec = score(res, q["groups"], folded)
            q["runs"][s] = {"results": res, "first_rank": first, "rr": rr, "ndcg": ndcg,
                            "recall": rec, "error": err}

    report(queries, systems)
    print()
    print("Queries with no hit at all: " + ", ".join(
        f"{s} {sum(1 for q in queries if not q['runs'][s]['results'])}" for s in systems)
        + "; with no answer in the top 10: " + ", ".join(
        f"{s} {sum(1 for q in queries if q['runs'][s]['first_rank'] is None)}" for s in systems)
        + (f". ERRORS: {errors}" if errors else "."))
    if args.per_query:
        per_query(queries, systems)
    if args.json:
        dump = [{"id": q["id"], "corpus": q["corpus"], "query": q["query"], "group": q["group"],
                 "split": q["split"], "relevant": [sorted(g) for g in q["groups"]], "runs": q["runs"]}
                for q in queries]
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(dump, f, indent=1)
    return 1 if errors else 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` is not an error
    sys.exit(main())
