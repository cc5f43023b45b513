"""Helpers shared by the list builders in data/build/."""
import os
import sys

DATA = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def dictionary_words():
    """Lower-case English words (Debian wamerican, SCOWL), to flag names that are words."""
    path = "/usr/share/dict/american-english"
    if not os.path.exists(path):
        sys.exit(f"{path} missing: apt-get install wamerican")
    return {w.strip() for w in open(path, encoding="utf-8", errors="replace")
            if w.strip() and w[0].islower()}


def gazetteer_forms():
    """Every name and alias of data/entities.tsv, lower-cased -> its type."""
    forms = {}
    for line in open(os.path.join(DATA, "entities.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        for f in [cols[1]] + [a.strip() for a in (cols[2] if len(cols) > 2 else "").split("|")]:
            if f:
                forms.setdefault(f.lower(), cols[0])
    return forms


def known_forms():
    """Every name and alias of the hand-made and earlier lists (entities, places, orgs),
    lower-cased."""
    forms = set()
    for f in ("entities.tsv", "places.tsv", "orgs.tsv"):
        for line in open(os.path.join(DATA, f), encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            for n in [cols[1]] + [a.strip() for a in (cols[2] if len(cols) > 2 else "").split("|")]:
                if n:
                    forms.add(n.lower())
    return forms
