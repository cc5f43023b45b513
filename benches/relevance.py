#!/usr/bin/env python3
"""Relevance evaluation: byline against SQLite FTS5 on hand-judged queries.

Usage:
    python3 benches/relevance.py [--byline BIN] [--work DIR] [--only fts5|byline]
                                 [--queries TSV] [--corpora DIR] [--per-query] [--json FILE]

Judgments come from benches/relevance/queries.tsv (columns: id, corpus, query,
relevant, note). `relevant` lists the answers as corpus-relative paths separated
by spaces; byte-identical copies of one article are joined by `=` and count as
one answer (any copy will do).

Systems:
  fts5-and, fts5-or  SQLite FTS5 (tokenize='porter unicode61', table
                     docs(path UNINDEXED, title, body)), default bm25() weights,
                     top 10; every word must match (AND) or any word (OR).
  byline             only with --byline BIN: `BIN search --index WORK/byline-CORPUS
                     --format paths -n 10 -- QUERY` (absolute paths, one per line;
                     exit 1 = no hit, any other non-zero exit = error).
Indexes are built once into WORK (default /tmp/byline-relevance) and reused;
delete a file/directory there to rebuild it.

Metrics per system: MRR@10 (1/rank of the first relevant answer in the top 10,
else 0) and recall@10 (share of the query's answers in the top 10; a `=` group
counts once). Reported per corpus, per query class (short: <= 3 words, long:
>= 4 words) and overall, as a markdown table on stdout. Exit status 1 if any
byline search failed (the query then counts as a miss), else 0.
"""
import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS_DIRS = {"bbc-tech": "bbc-tech", "lostflux": "tech-articles-lostflux/articles"}


def read_article(path, corpus):
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


def build_fts5(db, root, corpus):
    """Build the FTS5 index for one corpus into db (via a temporary file)."""
    tmp = db + ".tmp"
    if os.path.exists(tmp):
        os.remove(tmp)
    con = sqlite3.connect(tmp)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5("
                "path UNINDEXED, title, body, tokenize='porter unicode61')")
    names = sorted(n for n in os.listdir(root) if n.endswith(".txt"))
    with con:
        for name in names:
            title, body = read_article(os.path.join(root, name), corpus)
            con.execute("INSERT INTO docs(path, title, body) VALUES (?,?,?)", (name, title, body))
    con.close()
    os.replace(tmp, db)
    print(f"fts5: indexed {len(names)} articles of {corpus} -> {db}", file=sys.stderr)


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


def run_fts5(con, q, op):
    sql = "SELECT path FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10"
    return [r[0] for r in con.execute(sql, (fts5_match(q, op),))], None


def run_byline(binary, index, root, q):
    """-> (corpus-relative paths in rank order, error message or None)."""
    p = subprocess.run([binary, "search", "--index", index, "--format", "paths", "-n", "10", "--", q],
                       capture_output=True, text=True)
    if p.returncode == 1:
        return [], None
    if p.returncode != 0:
        return [], f"exit {p.returncode}: {p.stderr.strip()}"
    real_root = os.path.realpath(root)
    out = []
    for line in p.stdout.splitlines():
        if line.strip():
            path = os.path.realpath(line.strip())
            out.append(os.path.relpath(path, real_root) if path.startswith(real_root + os.sep) else path)
    return out, None


def score(results, groups):
    """-> (first relevant rank or None, reciprocal rank, recall) over the top 10."""
    found, first = set(), None
    for rank, path in enumerate(results[:10], 1):
        for gi, g in enumerate(groups):
            if path in g:
                if first is None:
                    first = rank
                found.add(gi)
    return first, (1.0 / first if first else 0.0), len(found) / len(groups)


def load_queries(path):
    queries = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for n, line in enumerate(f, 2):
            if not line.strip():
                continue
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            row["groups"] = [set(g.split("=")) for g in row["relevant"].split()]
            row["words"] = len(row["query"].replace('"', " ").split())
            row["class"] = "short" if row["words"] <= 3 else "long"
            queries.append(row)
    return queries


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--byline", metavar="BIN", help="byline binary (without it only FTS5 runs)")
    ap.add_argument("--work", default="/tmp/byline-relevance", help="index cache directory")
    ap.add_argument("--only", choices=["fts5", "byline"], help="run only these systems")
    ap.add_argument("--queries", default=os.path.join(HERE, "relevance", "queries.tsv"))
    ap.add_argument("--corpora", default=os.path.normpath(os.path.join(HERE, "..", "..", "shared", "corpora")),
                    help="directory holding bbc-tech/ and tech-articles-lostflux/")
    ap.add_argument("--per-query", action="store_true", help="also print the rank of the first answer per query")
    ap.add_argument("--json", metavar="FILE", help="write per-query results as JSON")
    args = ap.parse_args()

    systems = []
    if args.only != "byline":
        systems += ["fts5-and", "fts5-or"]
    if args.byline and args.only != "fts5":
        systems.append("byline")
    if not systems:
        ap.error("nothing to run: --only byline needs --byline BIN")
    queries = load_queries(args.queries)
    os.makedirs(args.work, exist_ok=True)
    roots = {c: os.path.join(args.corpora, d) for c, d in CORPUS_DIRS.items()}
    for q in queries:
        for g in q["groups"]:
            for p in g:
                if not os.path.isfile(os.path.join(roots[q["corpus"]], p)):
                    sys.exit(f"{q['id']}: judged file {p} not found in {roots[q['corpus']]}")

    if "fts5-and" in systems:
        try:
            sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        except sqlite3.OperationalError:
            sys.exit(f"this python's sqlite3 (SQLite {sqlite3.sqlite_version}) has no FTS5")
    cons = {}
    for corpus in sorted({q["corpus"] for q in queries}):
        if "fts5-and" in systems:
            db = os.path.join(args.work, f"fts5-{corpus}.sqlite")
            if not os.path.exists(db):
                build_fts5(db, roots[corpus], corpus)
            cons[corpus] = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        if "byline" in systems:
            index = os.path.join(args.work, f"byline-{corpus}")
            if not os.path.exists(index):
                print(f"byline: indexing {corpus} -> {index}", file=sys.stderr)
                subprocess.run([args.byline, "index", roots[corpus], "--index", index, "-q"], check=True)

    errors = 0
    for q in queries:
        q["runs"] = {}
        for s in systems:
            if s == "byline":
                res, err = run_byline(args.byline, os.path.join(args.work, f"byline-{q['corpus']}"),
                                      roots[q["corpus"]], q["query"])
            else:
                res, err = run_fts5(cons[q["corpus"]], q["query"], s.split("-")[1])
            if err:
                errors += 1
                print(f"{q['id']} {s}: ERROR {err}", file=sys.stderr)
            first, rr, rec = score(res, q["groups"])
            q["runs"][s] = {"results": res, "first_rank": first, "rr": rr, "recall": rec, "error": err}

    scopes = [("bbc-tech", lambda q: q["corpus"] == "bbc-tech"), ("lostflux", lambda q: q["corpus"] == "lostflux"),
              ("short (<=3 words)", lambda q: q["class"] == "short"),
              ("long (>=4 words)", lambda q: q["class"] == "long"), ("all", lambda q: True)]
    print("| queries | n | " + " | ".join(f"{s} MRR@10 | {s} R@10" for s in systems) + " |")
    print("|---|---:|" + "---:|---:|" * len(systems))
    for name, keep in scopes:
        qs = [q for q in queries if keep(q)]
        if not qs:
            continue
        cells = []
        for s in systems:
            cells.append(f"{sum(q['runs'][s]['rr'] for q in qs) / len(qs):.3f}")
            cells.append(f"{sum(q['runs'][s]['recall'] for q in qs) / len(qs):.3f}")
        label = f"**{name}**" if name == "all" else name
        print(f"| {label} | {len(qs)} | " + " | ".join(cells) + " |")
    print()
    print("Queries with no hit at all: " + ", ".join(
        f"{s} {sum(1 for q in queries if not q['runs'][s]['results'])}" for s in systems)
        + "; with no answer in the top 10: " + ", ".join(
        f"{s} {sum(1 for q in queries if q['runs'][s]['first_rank'] is None)}" for s in systems)
        + (f". ERRORS: {errors}" if errors else "."))

    if args.per_query:
        print()
        print("Rank of the first relevant answer (`-` none in the top 10, `0 hits` empty result), "
              "answers found / judged:")
        print()
        print("| id | class | query | answers | " + " | ".join(systems) + " |")
        print("|---|---|---|---:|" + "---|" * len(systems))
        for q in queries:
            cells = []
            for s in systems:
                r = q["runs"][s]
                found = round(r["recall"] * len(q["groups"]))
                cell = "ERR" if r["error"] else ("0 hits" if not r["results"] else
                                                  f"{r['first_rank'] or '-'} ({found}/{len(q['groups'])})")
                cells.append(cell)
            query = q["query"].replace("|", "\\|")
            print(f"| {q['id']} | {q['class']} | {query} | {len(q['groups'])} | " + " | ".join(cells) + " |")

    if args.json:
        dump = [{"id": q["id"], "corpus": q["corpus"], "query": q["query"], "class": q["class"],
                 "relevant": [sorted(g) for g in q["groups"]], "runs": q["runs"]} for q in queries]
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(dump, f, indent=1)
    return 1 if errors else 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` is not an error
    sys.exit(main())
