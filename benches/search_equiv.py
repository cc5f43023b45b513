#!/usr/bin/env python3
"""Behaviour check for refactors: two byline binaries, the same corpora, identical answers.

Usage: benches/search_equiv.py OLD_BIN NEW_BIN [CORPUS_DIR ...]

Each binary indexes every corpus into its own scratch index (so the indexing side is checked
too), then both run the same commands (QUERIES below: every query form, filters, dates,
sorts, facets, per-article, duplicates, paging, count, the other output formats, and the
facets / timeline / related / show / export / stats commands) against their own index. JSON
outputs must be equal with floats within 1e-4; text outputs must be byte-identical; exit codes
must match. Prints one line per difference and a summary; exit 0 only when nothing differs.

Default corpora: the scraped tech articles and Reuters-21578 from ../shared/corpora.
Scratch: $WORK (default: a fresh temporary directory, deleted at the end unless KEEP=1).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "corpora"))
DEFAULT_CORPORA = [
    os.path.join(SHARED, "tech-articles-lostflux"),
    os.path.join(SHARED, "reuters21578"),
]

# (name, argv after the binary); "{ix}" is the index directory. "{id}" is replaced with the
# id of the first hit of the first search (read from the OLD binary's answer).
S = ["search", "--index", "{ix}", "--json"]
QUERIES = [
    ("word", S + ["microsoft"]),
    ("two words", S + ["oil", "prices"]),
    ("three words partial", S + ["apple", "iphone", "battery"]),
    ("five words partial", S + ["nvidia", "arm", "chip", "takeover", "regulators"]),
    ("phrase", S + ['"artificial intelligence"']),
    ("phrase slop", S + ['"interest rates"~2']),
    ("or", S + ["google OR amazon"]),
    ("or group", S + ["(cocoa OR coffee) brazil"]),
    ("not", S + ["apple NOT iphone"]),
    ("minus", S + ["bank -rates"]),
    ("title field", S + ["title:google"]),
    ("source field", S + ["source:venturebeat", "ai"]),
    ("prefix", S + ["micro*"]),
    ("fuzzy 1", S + ["mircosoft~"]),
    ("fuzzy 2", S + ["qantum~2", "computing"]),
    ("strict", S + ["--strict", "apple", "iphone", "battery"]),
    ("filter org", S + ["-f", "org:Google", "search"]),
    ("filter exclude", S + ["-f", "!org:Microsoft", "cloud"]),
    ("filter place", S + ["-f", "place:Japan", "trade"]),
    ("filter only", S + ["-f", "person:Elon Musk", "tesla"]),
    ("same passage", S + ["--same-passage", "-f", "org:Apple", "lawsuit"]),
    ("since until", S + ["--since", "2020", "--until", "2021-06", "security"]),
    ("until only", S + ["--until", "1987-03-05", "oil"]),
    ("sort newest", S + ["--sort", "newest", "startup", "funding"]),
    ("sort oldest", S + ["--sort", "oldest", "wheat"]),
    ("source option", S + ["--source", "wired", "privacy"]),
    ("per article", S + ["--per-article", "3", "quantum", "computing"]),
    ("duplicates", S + ["--duplicates", "shares"]),
    ("offset limit", S + ["--offset", "10", "-n", "5", "market"]),
    ("limit 50", S + ["-n", "50", "data"]),
    ("facets some", S + ["--facets", "org,place,year", "--facet-limit", "12", "dollar"]),
    ("facets none", S + ["--facets", "none", "robot"]),
    ("facets misc", S + ["--facets", "misc,product", "smartphone"]),
    ("no hit", S + ["zzqxvw"]),
    ("stop words", S + ["the", "of", "and"]),
    ("numbers", S + ["2019", "revenue"]),
    ("hyphen", S + ["e-commerce"]),
    ("unicode", S + ["café"]),
    ("count", ["search", "--index", "{ix}", "-c", "security"]),
    ("count filter", ["search", "--index", "{ix}", "-c", "-f", "org:Apple", "phone"]),
    ("tsv", ["search", "--index", "{ix}", "--format", "tsv", "-n", "20", "cloud", "computing"]),
    ("jsonl", ["search", "--index", "{ix}", "--format", "jsonl", "-n", "5", "crypto*"]),
    ("paths", ["search", "--index", "{ix}", "--format", "paths", "-n", "30", "network"]),
    ("text", ["search", "--index", "{ix}", "--color", "never", "-n", "5", "facebook", "privacy"]),
    ("text partial", ["search", "--index", "{ix}", "--color", "never", "self", "driving", "car", "crash"]),
    ("facets cmd all", ["facets", "--index", "{ix}", "--json"]),
    ("facets cmd query", ["facets", "--index", "{ix}", "--json", "energy"]),
    ("timeline month", ["timeline", "--index", "{ix}", "--json", "bitcoin"]),
    ("timeline year", ["timeline", "--index", "{ix}", "--json", "--by", "year", "-f", "org:Google"]),
    ("timeline text", ["timeline", "--index", "{ix}", "--by", "day", "tanker"]),
    ("related", ["related", "--index", "{ix}", "--json", "Microsoft"]),
    ("related typed", ["related", "--index", "{ix}", "--json", "--type", "place", "-n", "20", "org:Google"]),
    ("show", ["show", "--index", "{ix}", "--json", "{id}"]),
    ("show text", ["show", "--index", "{ix}", "{id}"]),
    ("stats", ["stats", "--index", "{ix}", "--json"]),
    ("export", ["export", "--index", "{ix}", "--format", "opensearch"]),
]
# stats fields that legitimately differ between two builds of one corpus.
VOLATILE = {"took_ms", "size_bytes", "updated"}


def close(a, b, path, out):
    if isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float))) or abs(a - b) > 1e-4:
            out.append(f"{path}: {a!r} != {b!r}")
        return
    if type(a) is not type(b):
        out.append(f"{path}: {type(a).__name__} != {type(b).__name__}")
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k in VOLATILE or (k == "index" and path == "$stats"):
                continue
            if k not in a or k not in b:
                out.append(f"{path}.{k}: only in {'new' if k in b else 'old'}")
            else:
                close(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            close(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {a!r} != {b!r}")


def parse_json(text):
    text = text.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def run(binary, argv):
    r = subprocess.run([binary] + argv, capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    old, new = sys.argv[1], sys.argv[2]
    corpora = sys.argv[3:] or DEFAULT_CORPORA
    work = os.environ.get("WORK") or tempfile.mkdtemp(prefix="byline-equiv-")
    diffs = 0
    compared = 0
    for corpus in corpora:
        name = os.path.basename(os.path.normpath(corpus))
        ix = {}
        for tag, binary in (("old", old), ("new", new)):
            ix[tag] = os.path.join(work, f"{name}-{tag}")
            shutil.rmtree(ix[tag], ignore_errors=True)
            code, _, err = run(binary, ["index", corpus, "--index", ix[tag], "--quiet"])
            if code != 0:
                print(f"{name}: {tag} index failed ({code}): {err.strip()[:300]}")
                return 2
        first_id = None
        for label, argv in QUERIES:
            answers = {}
            for tag, binary in (("old", old), ("new", new)):
                args = [a.replace("{ix}", ix[tag]) for a in argv]
                if first_id:
                    args = [a.replace("{id}", first_id) for a in args]
                answers[tag] = run(binary, args)
            (oc, oo, oe), (nc, no, ne) = answers["old"], answers["new"]
            compared += 1
            found = []
            if oc != nc:
                found.append(f"exit {oc} != {nc} ({oe.strip()[:120]!r} / {ne.strip()[:120]!r})")
            if "--json" in argv or "jsonl" in argv:
                try:
                    a, b = parse_json(oo), parse_json(no)
                except json.JSONDecodeError as e:
                    found.append(f"unparsable JSON: {e}")
                else:
                    close(a, b, "$stats" if label == "stats" else "$", found)
                    if first_id is None and label == "word" and isinstance(a, dict) and a.get("hits"):
                        first_id = a["hits"][0]["article"]["id"]
            elif label == "export":
                # Documents come out in index order, which parallel indexing does not fix:
                # compare the (action, document) pairs as a multiset.
                pairs = [sorted(zip(t.splitlines()[::2], t.splitlines()[1::2])) for t in (oo, no)]
                if pairs[0] != pairs[1]:
                    found.append(f"export differs ({len(pairs[0])} / {len(pairs[1])} documents)")
            elif oo != no:
                ol, nl = oo.splitlines(), no.splitlines()
                at = next((i for i, (x, y) in enumerate(zip(ol, nl)) if x != y), min(len(ol), len(nl)))
                found.append(f"text differs at line {at + 1}: {ol[at:at+1]!r} / {nl[at:at+1]!r}")
            for f in found[:8]:
                print(f"{name} / {label}: {f}")
            if len(found) > 8:
                print(f"{name} / {label}: ... {len(found) - 8} more")
            diffs += bool(found)
    print(f"{compared} commands compared over {len(corpora)} corpora; {diffs} differ")
    if not os.environ.get("WORK") and not os.environ.get("KEEP"):
        shutil.rmtree(work, ignore_errors=True)
    elif os.environ.get("KEEP"):
        print(f"indexes kept in {work}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
