#!/usr/bin/env python3
"""Soak test: index, mutate the corpus, re-index, for many rounds; after each round the index
must hold exactly the current corpus. Not part of `cargo test`; run by hand:

    python3 benches/soak.py [--byline BIN] [--rounds N] [--files N] [--seed S]
                            [--workdir DIR] [--keep] [-j N] [--rebuild-every N] [--minutes M]
                            [--self-test]

A corpus is generated from the seed (every format byline reads: .txt in its three styles,
.md with YAML or TOML front matter, .json as an object / array / {"articles": [...]}, .jsonl
with several records per file, .html), in nested directories, some names with spaces or
non-ASCII letters. Every article holds 1-4 marker words from a vocabulary of 2,000 made-up
words, `zq` + three letters from "bcdfghjkmnprtvwxz": no vowel, no y/s/l, so the Snowball
stemmer and the query's derivational variants (morph.rs) leave them as written and no marker
is a form of another. Decoy words (`zv...`) sit where byline must not look (<nav>, <script>,
Markdown link URLs, hidden files, files with other extensions, a .bylineignore'd directory).

Every article body is 1-6 paragraphs of 14-44 words, one line each, ending with a full stop,
separated by blank lines: passage.rs makes exactly one passage of each (no paragraph under
MIN_WORDS 12 or over MAX_WORDS 80, no hard wrapping), so the passage count is known by
construction (checked with `byline parse` on the files changed each round).

Each round: adds, edits (body, markers, title, .txt style, record count of .json/.jsonl; some
edits keep the size), deletes, moves (rename, to another or a new directory, onto an existing
file), touches (mtime only), empties files (0 bytes: byline reports them as skipped on stderr,
the only stderr expected), and now and then empties or moves a whole directory; every 7th
round only touches files (nothing may be committed). Then `byline index ROOT` (incremental;
odd rounds `byline index` without a path, re-syncing the recorded roots; -j cycles through
1..--threads) and the checks:
  - exit 0; the --json summary's added/updated/removed/unchanged equal what the round did to
    the files' contents, `committed` is true exactly when something changed;
    articles/passages/files equal the corpus's;
  - `byline stats --json`: articles, passages, files equal the corpus's;
  - ~24 queries (markers the round removed, added or moved between articles, random
    markers, two decoys, one OR and one AND query): the (path, record) set `byline search --format jsonl --duplicates
    --strict -n 1000000` returns equals a brute-force scan of the files on disk (which also
    must agree with the generator's model); `--count --duplicates` agrees; exit 1 and no
    output when nothing matches; nothing on stderr.
Every --rebuild-every rounds, `byline index --rebuild` into a second index: the same stats
(articles, passages, files, sources, dates), the same facets (every entity type, source, year)
and the same answers as the incremental index for 60 words. `stats`' distinct-entity counts
may be higher in the incremental index (deleted documents count until their segment is merged,
as src/stats.rs says; only indexes over 48 MiB keep such segments): checked as >=, and noted.

Prints one line per round and a summary; ends with PASS or FAIL (exit 0 / 1; 2 for bad usage).
On FAIL the work directory is kept and named. --self-test changes a file behind byline's back
(same size, mtime put back) in round 2: the run must then FAIL. Results and findings:
benches/SOAK-MEMORY-RESULTS.md.
"""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

CONS = "bcdfghjkmnprtvwxz"
MARKER_RE = re.compile(r"\bzq[bcdfghjkmnprtvwxz]{3}\b")
DECOY_RE = re.compile(r"\bzv[bcdfghjkmnprtvwxz]{3}\b")
SYL_C = "bcdfghklmnprstvwz"
SYL_V = "aeiou"
REAL = ("company said chips market cloud data users phone network software price year "
        "quarter service launch report security update model growth deal devices").split()
ENTS = ["Microsoft", "Nvidia", "Apple", "Google", "Amazon Web Services", "Satya Nadella",
        "Berlin", "Samsung", "OpenAI", "Intel"]
SOURCES = ["Wired", "The Verge", "BBC News", "Reuters", "Ars Technica", "TechCrunch"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
STYLES = {  # style -> extensions it may use
    "txt-header": [".txt"], "txt-bbc": [".txt"], "txt-lead": [".txt", ".text"],
    "md-yaml": [".md", ".markdown"], "md-toml": [".md"],
    "json-obj": [".json"], "json-arr": [".json"], "json-wrap": [".json"],
    "jsonl": [".jsonl", ".ndjson"], "html": [".html", ".htm"],
}
STYLE_WEIGHTS = {"txt-header": 3, "txt-bbc": 3, "txt-lead": 2, "md-yaml": 3, "md-toml": 1,
                 "json-obj": 2, "json-arr": 1, "json-wrap": 1, "jsonl": 3, "html": 3}
MULTI = ("json-arr", "json-wrap", "jsonl")


class Fail(Exception):
    pass


# --------------------------------------------------------------------------------------------
# The corpus model and its rendering
# --------------------------------------------------------------------------------------------

class Gen:
    def __init__(self, rng):
        self.rng = rng
        combos = [a + b + c for a in CONS for b in CONS for c in CONS]
        self.markers = ["zq" + w for w in rng.sample(combos, 2000)]
        self.decoys = ["zv" + w for w in rng.sample(combos, 300)]
        words = set()
        while len(words) < 3000:
            n = rng.choice((2, 2, 3, 3, 4))
            words.add("".join(rng.choice(SYL_C) + rng.choice(SYL_V) for _ in range(n))
                      + rng.choice(("", "", "n", "r", "t")))
        self.words = sorted(words) + REAL * 10

    def sentence(self, n):
        r = self.rng
        ws = [r.choice(self.words) for _ in range(n)]
        if n > 1 and r.random() < 0.15:
            ws[r.randrange(1, n)] = r.choice(ENTS)
        ws[0] = ws[0][0].upper() + ws[0][1:]
        return " ".join(ws) + "."

    def paragraph(self):
        """14-40 words in 1-3 sentences, one line, ending with a full stop."""
        total = self.rng.randint(14, 40)
        parts, left = [], total
        while left > 0:
            n = left if left < 10 else self.rng.randint(5, left)
            parts.append(self.sentence(n))
            left -= n
        return " ".join(parts)

    def title(self):
        ws = [self.rng.choice(self.words) for _ in range(self.rng.randint(3, 8))]
        return " ".join(w.capitalize() if i == 0 else w for i, w in enumerate(ws))

    def date(self):
        r = self.rng
        return "%04d-%02d-%02d" % (r.randint(2012, 2025), r.randint(1, 12), r.randint(1, 28))

    def put_markers(self, art, k=None):
        """Insert k markers (1-4) inside paragraphs (never after the final full stop) or,
        sometimes, in the title."""
        r = self.rng
        for _ in range(k if k is not None else r.randint(1, 4)):
            m = r.choice(self.markers)
            if art["title"] is not None and r.random() < 0.15:
                ws = art["title"].split(" ")
                ws.insert(r.randint(1, len(ws)), m)
                art["title"] = " ".join(ws)
            else:
                # Paragraphs stay under MAX_WORDS (80) however many edits add markers.
                room = [i for i, p in enumerate(art["paras"]) if p.count(" ") < 60]
                if not room:
                    continue
                i = r.choice(room)
                ws = art["paras"][i].split(" ")
                ws.insert(r.randint(1, len(ws) - 1), m)
                art["paras"][i] = " ".join(ws)

    def article(self, style):
        r = self.rng
        art = {
            "title": None if style == "txt-lead" else self.title(),
            "paras": [self.paragraph() for _ in range(r.randint(1, 6))],
            "date": self.date(),
            "source": r.choice(SOURCES),
            "url": "https://www.example-%d.com/a/%d" % (r.randint(1, 9), r.randint(1, 10**6)),
        }
        self.put_markers(art)
        return art

    def file(self, style=None):
        r = self.rng
        if style is None:
            style = r.choices(list(STYLE_WEIGHTS), weights=list(STYLE_WEIGHTS.values()))[0]
        n = {"json-arr": r.randint(2, 4), "json-wrap": r.randint(1, 4),
             "jsonl": r.randint(2, 8)}.get(style, 1)
        return {"style": style, "arts": [self.article(style) for _ in range(n)],
                "blank_lines": style == "jsonl" and r.random() < 0.3, "empty": False,
                "flavour": r.randint(0, 1 << 30)}


def human_date(d, k):
    y, m, dd = d.split("-")
    if k == 0:
        return d
    if k == 1:
        return "%d %s %s" % (int(dd), MONTHS[int(m) - 1], y)
    if k == 2:
        return "%s %d, %s" % (MONTHS[int(m) - 1][:3], int(dd), y)
    return d + "T09:30:00Z"


def md_inline(para, fl):
    """Markdown dressing that byline strips: a link (text kept, URL dropped; the URL holds a
    decoy word) or emphasis around one plain word."""
    ws = para.split(" ")
    i = 1 + fl % max(1, len(ws) - 2)
    if i >= len(ws) - 1 or not ws[i].isalpha():
        return para
    if fl % 3 == 0:
        ws[i] = "[%s](https://example.com/%s)" % (ws[i], DECOY_FOR_URL)
    elif fl % 3 == 1:
        ws[i] = "**%s**" % ws[i]
    return " ".join(ws)


def html_inline(para, fl):
    """Inline markup around one word of every other paragraph: <em>, or a link whose href
    holds a decoy word."""
    ws = para.split(" ")
    i = 1 + fl % max(1, len(ws) - 2)
    if fl % 2 or i >= len(ws) - 1:
        return para
    ws[i] = ("<em>%s</em>" if fl % 4 else '<a href="/t/%s">%%s</a>' % DECOY_FOR_URL) % ws[i]
    return " ".join(ws)


DECOY_FOR_URL = "zvbbb"  # set from the generator in main()


def render(spec):
    """The bytes of a file."""
    if spec["empty"]:
        return b""
    st, arts, fl = spec["style"], spec["arts"], spec["flavour"]
    a = arts[0]
    body = "\n\n".join(a["paras"])
    if st == "txt-header":
        out = "Title: %s\nDate: %s\nSource: %s\nURL: %s\n\n%s\n" % (
            a["title"], human_date(a["date"], fl % 4), a["source"], a["url"], body)
    elif st == "txt-bbc":
        out = "%s\n\n%s\n" % (a["title"], body)
    elif st == "txt-lead":
        out = body + "\n"
    elif st == "md-yaml":
        paras = [md_inline(p, fl + i) for i, p in enumerate(a["paras"])]
        out = ('---\ntitle: "%s"\ndate: %s\nsource: %s\ntags: [tech, news]\n---\n\n%s\n'
               % (a["title"], a["date"], a["source"], "\n\n".join(paras)))
    elif st == "md-toml":
        out = '+++\ntitle = "%s"\ndate = %s\nauthor = "Ann Writer"\n+++\n\n%s\n' % (
            a["title"], a["date"], body)
    elif st in ("json-obj", "json-arr", "json-wrap", "jsonl"):
        recs = []
        for i, x in enumerate(arts):
            k = (fl + i) % 3
            rec = {("title", "headline", "title")[k]: x["title"],
                   ("body", "text", "content")[k]: "\n\n".join(x["paras"]),
                   ("date", "published_at", "pubDate")[k]: x["date"],
                   "url": x["url"], "author": "Staff", "tags": ["zz", DECOY_FOR_URL]}
            recs.append(rec)
        if st == "json-obj":
            out = json.dumps(recs[0], indent=1, ensure_ascii=fl % 2 == 0) + "\n"
        elif st == "json-arr":
            out = json.dumps(recs, indent=1) + "\n"
        elif st == "json-wrap":
            out = json.dumps({"status": "ok", "totalResults": len(recs), "articles": recs}) + "\n"
        else:
            sep = "\n\n" if spec["blank_lines"] else "\n"
            out = sep.join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n"
    elif st == "html":
        ps = "\n".join("<p>%s</p>" % html_inline(p, fl + i) for i, p in enumerate(a["paras"]))
        out = ("<!DOCTYPE html>\n<html><head><title>%s</title>\n"
               '<meta property="article:published_time" content="%sT08:00:00Z">\n'
               '<script>var zz = "%s";</script></head>\n<body>\n'
               '<nav><a href="/">Home</a> <a href="/x">%s</a></nav>\n'
               "<article><h1>%s</h1>\n%s\n</article>\n"
               "<footer>Copyright %s</footer></body></html>\n"
               % (a["title"], a["date"], DECOY_FOR_URL, DECOY_FOR_URL, a["title"], ps,
                  DECOY_FOR_URL))
    else:
        raise ValueError(st)
    return out.encode("utf-8")


def expected_passages(spec):
    return [len(a["paras"]) for a in spec["arts"]] if not spec["empty"] else []


# --------------------------------------------------------------------------------------------
# Brute force: which articles of the files on disk hold a word
# --------------------------------------------------------------------------------------------

INDEXED_EXT = {".txt", ".text", ".md", ".markdown", ".json", ".jsonl", ".ndjson", ".html",
               ".htm", ".xhtml"}


def json_strings(v, out):
    if isinstance(v, str):
        out.append(v)
    elif isinstance(v, dict):
        for k, x in v.items():
            if k not in ("tags", "url", "author"):
                json_strings(x, out)
    elif isinstance(v, list):
        for x in v:
            json_strings(x, out)


def scan(root):
    """-> {(abs path, record or None): set of markers} for every article byline should hold,
    reading the files as they are now. Hidden names, other extensions and the directory named
    in the root's .bylineignore (`drafts/`) are left out, as byline does."""
    arts = {}
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".") and not
                   (d == root and x == "drafts")]
        for f in files:
            if f.startswith("."):
                continue
            ext = os.path.splitext(f)[1].lower()
            if ext not in INDEXED_EXT:
                continue
            p = os.path.join(d, f)
            text = open(p, encoding="utf-8").read()
            if not text.strip():
                continue
            if ext in (".jsonl", ".ndjson"):
                recs = [json.loads(l) for l in text.splitlines() if l.strip()]
            elif ext == ".json":
                v = json.loads(text)
                recs = v["articles"] if isinstance(v, dict) and "articles" in v else (
                    v if isinstance(v, list) else [v])
            else:
                arts[(p, None)] = set(MARKER_RE.findall(text))
                continue
            for i, r in enumerate(recs):
                s = []
                json_strings(r, s)
                arts[(p, i + 1)] = set(MARKER_RE.findall(" ".join(s)))
    return arts


# --------------------------------------------------------------------------------------------
# Running byline
# --------------------------------------------------------------------------------------------

class Byline:
    def __init__(self, binary, threads):
        self.bin = binary
        self.threads = threads
        self.calls = 0

    def run(self, args, ok=(0,)):
        self.calls += 1
        p = subprocess.run([self.bin] + args, capture_output=True, text=True)
        if p.returncode not in ok:
            raise Fail("`byline %s` exited %d\nstdout: %s\nstderr: %s"
                       % (" ".join(args), p.returncode, p.stdout[-2000:], p.stderr[-2000:]))
        return p

    def index(self, root, ix, rebuild=False, threads=None):
        """`root` None: re-sync the roots the index records (`byline index` without PATH)."""
        args = ["index"] + ([root] if root else []) + [
            "--index", ix, "--json", "-j", str(threads or self.threads)]
        if rebuild:
            args.append("--rebuild")
        t = time.monotonic()
        p = self.run(args)
        return json.loads(p.stdout), p.stderr, time.monotonic() - t

    def stats(self, ix):
        p = self.run(["stats", "--index", ix, "--json"])
        if p.stderr:
            raise Fail("stats wrote to stderr: %r" % p.stderr)
        return json.loads(p.stdout)

    def hits(self, ix, query):
        """-> set of (path, record) for a query (every matching article, copies included)."""
        p = self.run(["search", "--index", ix, "--format", "jsonl", "--duplicates", "--strict",
                      "-n", "1000000", "--facets", "none", "--", query], ok=(0, 1))
        if p.stderr:
            raise Fail("search %r wrote to stderr: %r" % (query, p.stderr))
        lines = p.stdout.splitlines()
        if (p.returncode == 1) != (not lines):
            raise Fail("search %r: exit %d with %d hits" % (query, p.returncode, len(lines)))
        got = [(h["article"]["path"], h["article"]["record"])
               for h in map(json.loads, lines)]
        if len(got) != len(set(got)):
            raise Fail("search %r: an article listed twice: %r" % (query, got))
        c = self.run(["search", "--index", ix, "--count", "--duplicates", "--strict", "--",
                      query], ok=(0, 1))
        if c.stderr or int(c.stdout) != len(got) or (c.returncode == 1) != (not got):
            raise Fail("search %r --count: exit %d, %r (stderr %r), but %d hits listed"
                       % (query, c.returncode, c.stdout, c.stderr, len(got)))
        return set(got)


# --------------------------------------------------------------------------------------------
# The soak
# --------------------------------------------------------------------------------------------

class Soak:
    def __init__(self, args, work):
        self.a = args
        self.rng = random.Random(args.seed)
        self.gen = Gen(self.rng)
        global DECOY_FOR_URL
        DECOY_FOR_URL = self.gen.decoys[0]
        self.root = os.path.join(work, "corpus")
        self.ix = os.path.join(work, "ix")
        self.ix2 = os.path.join(work, "ix-rebuilt")
        self.kinds = {}      # mutation kind -> count (for the summary)
        self.files = {}      # relative path -> spec
        self.content = {}    # relative path -> sha1 of the bytes on disk (as last indexed)
        self.by = Byline(args.byline, args.threads)
        self.dirs = ["", "news", "news/2024", "news/2024/march", "blogs", "blogs/ars",
                     "wires/reuters/feed", "html/pages", "Ünïcode dir", "with space"]

    # ----- file operations --------------------------------------------------------------
    def path(self, rel):
        return os.path.join(self.root, rel)

    def write(self, rel, spec):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(render(spec))
        self.files[rel] = spec

    def new_name(self, d, style):
        r = self.rng
        ext = r.choice(STYLES[style])
        while True:
            stem = "%s-%05d" % (r.choice(("story", "item", "post", "a", "Käse", "note x")),
                                r.randint(0, 99999))
            rel = os.path.join(d, stem + ext)
            if rel not in self.files and not os.path.exists(self.path(rel)):
                return rel

    def pick_dir(self):
        r = self.rng
        if r.random() < 0.08:
            base = r.choice(self.dirs)
            d = os.path.join(base, "d%03d" % r.randint(0, 999))
            self.dirs.append(d)
            return d
        return r.choice(self.dirs)

    def add(self):
        spec = self.gen.file()
        rel = self.new_name(self.pick_dir(), spec["style"])
        self.write(rel, spec)

    def edit(self, rel):
        """Change a file's content; returns a label of what changed."""
        r = self.rng
        spec = self.files[rel]
        if spec["empty"]:  # an emptied file gets content again
            spec.update(self.gen.file(spec["style"]), empty=False)
            self.write(rel, spec)
            self.kinds["edit refill"] = self.kinds.get("edit refill", 0) + 1
            return "refill"
        kind = r.choice(("body", "marker", "marker", "title", "style", "records")
                        if spec["style"] not in MULTI else
                        ("body", "marker", "title", "records", "records"))
        arts = spec["arts"]
        a = r.choice(arts)
        if kind == "records" and spec["style"] in MULTI:
            if len(arts) > 1 and r.random() < 0.5:
                arts.pop(r.randrange(len(arts)))
            else:
                for _ in range(r.randint(1, 3)):
                    arts.insert(r.randint(0, len(arts)), self.gen.article(spec["style"]))
        elif kind == "style" and spec["style"].startswith("txt-") and rel.endswith(".txt"):
            spec["style"] = r.choice([s for s in ("txt-header", "txt-bbc", "txt-lead")
                                      if s != spec["style"]])
            for x in arts:
                if spec["style"] == "txt-lead":
                    if x["title"] is not None:  # the title's markers move into the body
                        for m in MARKER_RE.findall(x["title"]):
                            x["paras"][-1] = x["paras"][-1][:-1] + " " + m + "."
                    x["title"] = None
                elif x["title"] is None:
                    x["title"] = self.gen.title()
        elif kind == "marker":
            # Replace every occurrence of one marker by another: same size (markers are all
            # five letters), new content.
            old = sorted(MARKER_RE.findall(" ".join(a["paras"]) + " " + (a["title"] or "")))
            if old:
                o, n = r.choice(old), r.choice(self.gen.markers)
                a["paras"] = [re.sub(r"\b%s\b" % o, n, p) for p in a["paras"]]
                if a["title"]:
                    a["title"] = re.sub(r"\b%s\b" % o, n, a["title"])
            else:
                self.gen.put_markers(a, 1)
        elif kind == "title" and a["title"] is not None:
            a["title"] = self.gen.title()
            if r.random() < 0.4:
                ws = a["title"].split(" ")
                ws.insert(r.randint(1, len(ws)), r.choice(self.gen.markers))
                a["title"] = " ".join(ws)
        else:
            kind = "body"
            i = r.randrange(len(a["paras"]))
            a["paras"][i] = self.gen.paragraph()
            if r.random() < 0.5:
                a["paras"].insert(r.randint(0, len(a["paras"])), self.gen.paragraph())
            elif len(a["paras"]) > 1 and r.random() < 0.5:
                a["paras"].pop(r.randrange(len(a["paras"])))
            self.gen.put_markers(a, r.randint(0, 2))
        self.write(rel, spec)
        self.kinds["edit " + kind] = self.kinds.get("edit " + kind, 0) + 1
        return kind

    def delete(self, rel):
        os.remove(self.path(rel))
        del self.files[rel]

    def move(self, rel):
        r = self.rng
        spec = self.files[rel]
        k = r.random()
        kind = "onto an existing file" if k < 0.15 and len(self.files) > 2 else (
            "rename in place" if k < 0.5 else "to another directory")
        self.kinds["move " + kind] = self.kinds.get("move " + kind, 0) + 1
        if k < 0.15 and len(self.files) > 2:
            # Onto an existing file (mv replaces it).
            dst = r.choice(sorted(x for x in self.files if x != rel))
            if os.path.splitext(dst)[1] not in STYLES[spec["style"]]:
                dst = os.path.splitext(dst)[0] + r.choice(STYLES[spec["style"]])
                if dst in self.files and dst != rel:
                    del self.files[dst]
            else:
                del self.files[dst]
        elif k < 0.5:
            dst = self.new_name(os.path.dirname(rel), spec["style"])  # rename in place
        else:
            dst = self.new_name(self.pick_dir(), spec["style"])
        os.makedirs(os.path.dirname(self.path(dst)), exist_ok=True)
        os.rename(self.path(rel), self.path(dst))
        del self.files[rel]
        self.files[dst] = spec
        return dst

    def dir_op(self):
        """Empty a directory (delete its files, sometimes the directory too) or move it."""
        r = self.rng
        cands = sorted({os.path.dirname(x) for x in self.files} - {""})
        if not cands:
            return "none"
        d = r.choice(cands)
        inside = [x for x in self.files if x.startswith(d + os.sep)]
        if r.random() < 0.5:
            self.kinds["dir emptied"] = self.kinds.get("dir emptied", 0) + 1
            for x in inside:
                self.delete(x)
            if r.random() < 0.5:
                shutil.rmtree(self.path(d))
                self.dirs = [x for x in self.dirs if x != d and not x.startswith(d + os.sep)]
            return "emptied %s (%d files)" % (d, len(inside))
        nd = d + "-moved%d" % r.randint(0, 999)
        if os.path.exists(self.path(nd)):
            return "none"
        self.kinds["dir moved"] = self.kinds.get("dir moved", 0) + 1
        os.rename(self.path(d), self.path(nd))
        for x in inside:
            self.files[nd + x[len(d):]] = self.files.pop(x)
        self.dirs = [nd + x[len(d):] if x == d or x.startswith(d + os.sep) else x
                     for x in self.dirs]
        return "moved %s (%d files)" % (d, len(inside))

    def decoys(self):
        """Files byline must ignore, all full of marker-like decoy words and real markers."""
        text = "Decoy %s %s.\n" % (" ".join(self.gen.decoys[1:40]), self.gen.markers[0])
        for rel in (".hidden/secret.txt", "news/.dotfile.txt", "notes.csv", "readme.rst",
                    "drafts/draft-1.txt", "drafts/sub/draft-2.md"):
            p = self.path(rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)
        with open(self.path(".bylineignore"), "w") as f:
            f.write("drafts/\n")

    # ----- one round ------------------------------------------------------------------
    def mutate(self, rnd):
        r = self.rng
        c = {"add": 0, "edit": 0, "del": 0, "move": 0, "touch": 0, "empty": 0, "dir": ""}
        if rnd == 0:
            for _ in range(self.a.files):
                self.add()
            c["add"] = self.a.files
            return c
        if rnd % 7 == 6:
            # A quiet round: mtimes move, no content changes; the run must commit nothing.
            for rel in r.sample(sorted(self.files), min(len(self.files), 5)):
                os.utime(self.path(rel))
                c["touch"] += 1
            return c
        if self.a.self_test and rnd == 2:
            # Change a file behind byline's back: same size (one marker swapped for another),
            # mtime put back. byline trusts size + mtime, so the round must FAIL: this shows
            # that the checks catch an index that does not hold the current files.
            rel = next(x for x in sorted(self.files) if not self.files[x]["empty"] and
                       MARKER_RE.search(render(self.files[x]).decode()))
            st = os.stat(self.path(rel))
            a = next(x for x in self.files[rel]["arts"]
                     if MARKER_RE.search(" ".join(x["paras"]) + " " + (x["title"] or "")))
            old = MARKER_RE.findall(" ".join(a["paras"]) + " " + (a["title"] or ""))[0]
            new = next(m for m in self.gen.markers if m != old)
            a["paras"] = [re.sub(r"\b%s\b" % old, new, p) for p in a["paras"]]
            if a["title"]:
                a["title"] = re.sub(r"\b%s\b" % old, new, a["title"])
            self.write(rel, self.files[rel])
            os.utime(self.path(rel), ns=(st.st_atime_ns, st.st_mtime_ns))
            print("self-test: %s: %s -> %s, size and mtime kept" % (rel, old, new))
            c["edit"] += 1
            return c
        n = len(self.files)
        target = self.a.files
        for _ in range(r.randint(1, max(1, target * 4 // 100))):
            self.add()
            c["add"] += 1
        live = sorted(self.files)
        r.shuffle(live)
        take = lambda k: [live.pop() for _ in range(min(len(live), k))]
        for rel in take(r.randint(1, max(1, n * 4 // 100))):
            self.edit(rel)
            c["edit"] += 1
        for rel in take(r.randint(0, max(1, n * 3 // 100))):
            self.delete(rel)
            c["del"] += 1
        for rel in take(r.randint(0, max(1, n * 2 // 100))):
            if rel in self.files:
                self.move(rel)
                c["move"] += 1
        for rel in take(r.randint(0, max(1, n // 100))):
            if rel in self.files:
                os.utime(self.path(rel))  # mtime only
                c["touch"] += 1
        if r.random() < 0.3:
            for rel in take(1):
                if rel in self.files:
                    self.files[rel]["empty"] = True
                    self.write(rel, self.files[rel])
                    c["empty"] += 1
        if rnd % 5 == 0:
            c["dir"] = self.dir_op()
        return c

    def expected(self):
        arts = sum(len(s["arts"]) for s in self.files.values() if not s["empty"])
        pas = sum(sum(expected_passages(s)) for s in self.files.values())
        files = sum(1 for s in self.files.values() if not s["empty"])
        return arts, pas, files

    def model_markers(self):
        out = {}
        for rel, s in self.files.items():
            if s["empty"]:
                continue
            multi = s["style"] in MULTI or s["style"] == "json-obj"
            for i, a in enumerate(s["arts"]):
                text = " ".join(a["paras"]) + " " + (a["title"] or "")
                out[(self.path(rel), i + 1 if multi else None)] = set(MARKER_RE.findall(text))
        return out

    def check_parse(self, rels):
        """`byline parse` on changed files: the passages per article are the model's."""
        rels = [x for x in rels if x in self.files and not self.files[x]["empty"]][:60]
        if not rels:
            return
        p = self.by.run(["parse"] + [self.path(x) for x in rels])
        got = {}
        for line in p.stdout.splitlines():
            d = json.loads(line)
            got.setdefault(d["path"], []).append(len(d["passages"]))
        for x in rels:
            want = expected_passages(self.files[x])
            if got.get(self.path(x)) != want:
                raise Fail("generator: byline parse %s: passages per article %r, built %r\n%s"
                           % (self.path(x), got.get(self.path(x)), want,
                              render(self.files[x]).decode()[:3000]))

    def check_queries(self, rnd, truth, before):
        """Sample queries against the brute-force truth; returns (ok count, words)."""
        r = self.rng
        index = {}
        for k, ms in truth.items():
            for m in ms:
                index.setdefault(m, set()).add(k)
        gone = sorted(set(before) - set(index))
        new = sorted(set(index) - set(before))
        changed = sorted(m for m in set(index) & set(before) if index[m] != before[m])
        words = (r.sample(gone, min(5, len(gone))) + r.sample(new, min(5, len(new)))
                 + r.sample(changed, min(3, len(changed))))
        words += r.sample(self.gen.markers, 20 - len(words) if len(words) < 15 else 5)
        words += r.sample(self.gen.decoys, 2)
        queries = [(w, index.get(w, set())) for w in words]
        a, b = r.sample(self.gen.markers, 2)
        queries.append(("%s OR %s" % (a, b), index.get(a, set()) | index.get(b, set())))
        # An AND that holds: two markers of one article.
        multi = [k for k, ms in truth.items() if len(ms) >= 2]
        if multi:
            k = r.choice(sorted(multi, key=str))
            a, b = r.sample(sorted(truth[k]), 2)
            queries.append(("%s %s" % (a, b), index[a] & index[b]))
        ok = 0
        for q, want in queries:
            got = self.by.hits(self.ix, q)
            if got != want:
                raise Fail("round %d: query %r: byline returned %d articles, the files hold %d"
                           "\n  missing: %s\n  extra:   %s"
                           % (rnd, q, len(got), len(want), sorted(want - got, key=str)[:10],
                              sorted(got - want, key=str)[:10]))
            ok += 1
        return ok, len(queries), index

    def check_rebuild(self, rnd, truth):
        summ, err, secs = self.by.index(self.root, self.ix2, rebuild=True)
        self.check_stderr(err, "rebuild")
        s1, s2 = self.by.stats(self.ix), self.by.stats(self.ix2)
        for k in ("articles", "passages", "files", "sources", "date_min", "date_max"):
            if s1[k] != s2[k]:
                raise Fail("round %d: stats %s: incremental %r, rebuilt %r"
                           % (rnd, k, s1[k], s2[k]))
        # `stats` counts distinct entities from the term dictionaries, where deleted documents
        # still count until their segment is merged (src/stats.rs says so; an index under 48
        # MiB is merged into one segment after each run, a larger one is not): the incremental
        # index may count more, never fewer. Facets count live articles: exactly equal.
        note = ""
        for t, n in s2["entities"].items():
            if s1["entities"].get(t, 0) < n:
                raise Fail("round %d: stats entities %s: incremental %r < rebuilt %r"
                           % (rnd, t, s1["entities"], s2["entities"]))
        if s1["entities"] != s2["entities"]:
            note = " (stats entities %s, rebuilt %s)" % (
                ",".join("%s %d" % kv for kv in s1["entities"].items() if kv[1]),
                ",".join("%s %d" % kv for kv in s2["entities"].items() if kv[1]))
            self.kinds["rebuild with stats.entities over-count"] = \
                self.kinds.get("rebuild with stats.entities over-count", 0) + 1
        facets = ["facets", "--type", "org,person,product,place,misc,source,year",
                  "-n", "1000000", "--format", "json"]
        f1 = self.by.run(facets + ["--index", self.ix]).stdout
        f2 = self.by.run(facets + ["--index", self.ix2]).stdout
        if f1 != f2:
            raise Fail("round %d: facets differ: incremental %s\nrebuilt %s"
                       % (rnd, f1[:1500], f2[:1500]))
        index = {}
        for k, ms in truth.items():
            for m in ms:
                index.setdefault(m, set()).add(k)
        words = self.rng.sample(sorted(index), min(40, len(index))) + \
            self.rng.sample(self.gen.markers, 20)
        for w in words:
            g1, g2 = self.by.hits(self.ix, w), self.by.hits(self.ix2, w)
            if g1 != g2 or g2 != index.get(w, set()):
                raise Fail("round %d: %r: incremental %d, rebuilt %d, files %d articles"
                           % (rnd, w, len(g1), len(g2), len(index.get(w, set()))))
        return secs, len(words), note

    def check_stderr(self, err, what):
        empties = {self.path(x) for x, s in self.files.items() if s["empty"]}
        seen = set()
        for line in err.splitlines():
            m = re.match(r"byline: (.*): empty file$", line)
            if not m or m.group(1) not in empties:
                raise Fail("%s: unexpected stderr line: %r" % (what, line))
            seen.add(m.group(1))
        if seen != empties:
            raise Fail("%s: empty files not reported on stderr: %r" % (what, empties - seen))

    def run(self):
        a = self.a
        os.makedirs(self.root)
        self.decoys()
        before = {}
        t_end = time.monotonic() + a.minutes * 60 if a.minutes else None
        totals = {"add": 0, "edit": 0, "del": 0, "move": 0, "touch": 0, "empty": 0,
                  "queries": 0, "rebuilds": 0, "index_s": 0.0}
        rnd = 0
        while rnd < a.rounds or (t_end and time.monotonic() < t_end):
            old_content = dict(self.content)
            c = self.mutate(rnd)
            # What the index should report, from the contents before and after.
            now = {}
            for rel, s in self.files.items():
                if not s["empty"]:
                    now[self.path(rel)] = hashlib.sha1(render(s)).hexdigest()
            want = {
                "added": sum(1 for p in now if p not in old_content),
                "updated": sum(1 for p in now if p in old_content and old_content[p] != now[p]),
                "removed": sum(1 for p in old_content if p not in now),
                "unchanged": sum(1 for p in now if old_content.get(p) == now[p]),
            }
            # Odd rounds re-sync the recorded roots (no PATH); -j cycles through 1..--threads.
            summ, err, secs = self.by.index(self.root if rnd % 2 == 0 else None, self.ix,
                                            threads=1 + rnd % a.threads)
            self.content = now
            self.check_stderr(err, "round %d index" % rnd)
            arts, pas, files = self.expected()
            want["committed"] = any(want[k] for k in ("added", "updated", "removed"))
            got = {k: summ[k] for k in want}
            if got != want:
                raise Fail("round %d: index summary %r, the round did %r" % (rnd, got, want))
            st = self.by.stats(self.ix)
            for k, v in (("articles", arts), ("passages", pas), ("files", files)):
                if summ[k] != v or st[k] != v:
                    raise Fail("round %d: %s: index summary %d, stats %d, corpus %d"
                               % (rnd, k, summ[k], st[k], v))
            truth = scan(self.root)
            model = self.model_markers()
            if truth != model:
                diff = sorted(set(truth) ^ set(model), key=str)[:5] or [
                    k for k in truth if truth[k] != model[k]][:5]
                raise Fail("generator: the files on disk and the model differ: %r" % diff)
            if len(truth) != arts:
                raise Fail("generator: %d articles scanned, %d in the model" % (len(truth), arts))
            changed = [os.path.relpath(p, self.root) for p in now
                       if old_content.get(p) != now[p]]
            self.check_parse(self.rng.sample(changed, min(len(changed), 30)))
            ok, nq, before = self.check_queries(rnd, truth, before)
            line = ("round %3d  files %5d  articles %5d  passages %6d  +%d ~%d -%d >%d touch %d "
                    "empty %d  index %.2fs  queries %d/%d ok"
                    % (rnd, files, arts, pas, c["add"], c["edit"], c["del"], c["move"],
                       c["touch"], c["empty"], secs, ok, nq))
            if c["dir"] and c["dir"] != "none":
                line += "  [%s]" % c["dir"]
            if a.rebuild_every and rnd % a.rebuild_every == a.rebuild_every - 1:
                rs, rw, note = self.check_rebuild(rnd, truth)
                line += "  rebuild %.2fs: same stats and facets%s, %d words same" % (
                    rs, note, rw)
                totals["rebuilds"] += 1
            print(line, flush=True)
            for k in ("add", "edit", "del", "move", "touch", "empty"):
                totals[k] += c[k]
            totals["queries"] += nq
            totals["index_s"] += secs
            rnd += 1
        arts, pas, files = self.expected()
        print("summary: %d rounds, seed %d; final corpus %d files, %d articles, %d passages; "
              "%d added, %d edited, %d deleted, %d moved, %d touched, %d emptied; %d queries "
              "checked, %d rebuilds compared; %.1f s indexing, %d byline calls"
              % (rnd, a.seed, files, arts, pas, totals["add"], totals["edit"], totals["del"],
                 totals["move"], totals["touch"], totals["empty"], totals["queries"],
                 totals["rebuilds"], totals["index_s"], self.by.calls))
        print("mutations by kind: %s" % ", ".join("%s %d" % kv for kv in sorted(self.kinds.items())))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--byline", default="target/release/byline")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--minutes", type=float, default=0,
                    help="keep going (after --rounds) until this many minutes have passed")
    ap.add_argument("--files", type=int, default=500, help="initial files")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("-j", "--threads", type=int, default=2)
    ap.add_argument("--rebuild-every", type=int, default=10)
    ap.add_argument("--self-test", action="store_true",
                    help="in round 2, change a file keeping its size and mtime (which byline "
                    "cannot see): the soak must then FAIL, showing that the checks bite")
    a = ap.parse_args()
    a.byline = os.path.abspath(a.byline)
    if not os.access(a.byline, os.X_OK):
        print("soak: %s is not an executable (cargo build --release?)" % a.byline,
              file=sys.stderr)
        return 2
    if a.workdir:
        os.makedirs(a.workdir, exist_ok=True)
        if os.listdir(a.workdir):
            print("soak: %s is not empty" % a.workdir, file=sys.stderr)
            return 2
        work = os.path.realpath(a.workdir)
    else:
        work = os.path.realpath(tempfile.mkdtemp(prefix="byline-soak-"))
    print("soak: %s, seed %d, %d files, %d rounds%s, work %s"
          % (a.byline, a.seed, a.files, a.rounds,
             " (or %.0f min)" % a.minutes if a.minutes else "", work), flush=True)
    t = time.monotonic()
    try:
        Soak(a, work).run()
    except Fail as e:
        print("FAIL: %s" % e)
        print("soak: work directory kept: %s" % work)
        return 1
    print("PASS (%.0f s)" % (time.monotonic() - t))
    if not a.keep:
        shutil.rmtree(work)
    else:
        print("soak: work directory kept: %s" % work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
