#!/usr/bin/env python3
"""Regenerate data/demonyms.txt: the English demonyms of every country and territory.

Source: the npm package world-countries 5.1.0 (mledoze/countries; data under the Open
Database License, ODbL 1.0, see data/LICENSE.world-countries): each entry's
`demonyms.eng.m` and `.f`. Kept: one-word demonyms ("Algerian", "Sri Lankan" is two words
and left out) that are no place name or alias byline's gazetteer knows ("Gibraltar",
"Djibouti" and "Vatican" are given as demonyms by the source) and not the hand-written list
in src/entities/words.rs (DEMONYMS), which stays.

Usage: python3 data/build/demonyms.py SCRATCH_DIR
"""
import json
import os
import re
import subprocess
import sys
import tarfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import known_forms  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
ROOT = os.path.dirname(DATA)


def hand_list():
    src = open(os.path.join(ROOT, "src", "entities", "words.rs"), encoding="utf-8").read()
    i = src.index("pub const DEMONYMS")
    return set(re.findall(r'"([^"]+)"', src[i:src.index("];", i)]))


def main():
    scratch = sys.argv[1] if len(sys.argv) > 1 else sys.exit(__doc__)
    os.makedirs(scratch, exist_ok=True)
    tgz = subprocess.run(["npm", "pack", "-q", "world-countries@5.1.0"], cwd=scratch, check=True,
                         stdout=subprocess.PIPE, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(os.path.join(scratch, tgz)) as t:
        countries = json.load(t.extractfile("package/countries.json"))
    known, hand = known_forms(), hand_list()
    out = set()
    for c in countries:
        eng = (c.get("demonyms") or {}).get("eng") or {}
        for d in {eng.get("m"), eng.get("f")} - {None}:
            d = d.strip()
            if re.fullmatch(r"[A-ZÅ][\w'-]+", d) and d.lower() not in known and d not in hand:
                out.add(d)
    with open(os.path.join(DATA, "demonyms.txt"), "w", encoding="utf-8") as f:
        f.write("# English demonyms of countries and territories beyond the hand-written list in\n"
                "# src/entities/words.rs, one per line. From the npm package world-countries 5.1.0\n"
                "# (ODbL 1.0, data/LICENSE.world-countries); made by data/build/demonyms.py.\n")
        f.write("".join(d + "\n" for d in sorted(out)))
    print(f"{len(out)} demonyms", file=sys.stderr)


if __name__ == "__main__":
    main()
