#!/usr/bin/env python3
"""Regenerate data/orgs.tsv: organisations beyond the tech gazetteer.

Two parts:
  1. Companies of 20 stock-market indices (S&P 500, NASDAQ 100, FTSE 100, DAX, CAC 40,
     Nikkei 225, EURO STOXX 50, ...) from pytickersymbols 1.17.10 (MIT; names as the
     package lists them): the canonical name without its legal form ("Adidas AG" is
     "Adidas", with "Adidas AG" as an alias).
  2. INSTITUTIONS below, written here from general knowledge, by category (international
     bodies, central banks, governments' departments and agencies, parliaments, parties,
     news organisations): none was added because an evaluation set missed it.
Names already in data/entities.tsv are left out (it wins). A name that is also a lower-case
English word (/usr/share/dict/american-english, Debian wamerican) is flagged ambiguous; a
one-word company name that is an English word of under 8 letters is left out.

Usage: python3 data/build/orgs.py SCRATCH_DIR
"""
import os
import re
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import dictionary_words, gazetteer_forms  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

LEGAL = ["Inc.", "Inc", "Corporation", "Corp.", "Corp", "Co.", "Co", "Ltd.", "Ltd", "Limited",
         "plc", "PLC", "Plc", "AG", "SE", "S.A.", "SA", "N.V.", "NV", "Holdings", "Holding",
         "Group", "Company", "& Co.", "& Co", "LLC", "L.P.", "ASA", "AB", "Oyj", "KGaA",
         "& Co. KGaA", "S.p.A.", "SpA"]

# (type, name, aliases)
INSTITUTIONS = [
    # International bodies.
    ("United Nations Security Council", ["UN Security Council", "Security Council"]),
    ("UN General Assembly", ["United Nations General Assembly"]),
    ("World Health Organization", ["WHO", "World Health Organisation"]),
    ("International Monetary Fund", ["IMF"]),
    ("World Bank", []),
    ("Organization of the Petroleum Exporting Countries", ["OPEC", "Opec"]),
    ("NATO", ["Nato", "North Atlantic Treaty Organization"]),
    ("G7", ["Group of Seven", "G-7"]),
    ("G8", ["Group of Eight", "G-8"]),
    ("G20", ["Group of 20", "G-20"]),
    ("African Union", []),
    ("ASEAN", ["Association of Southeast Asian Nations", "Asean"]),
    ("Arab League", []),
    ("International Red Cross", ["Red Cross", "ICRC"]),
    ("Interpol", []),
    ("International Energy Agency", ["IEA"]),
    ("International Atomic Energy Agency", ["IAEA"]),
    ("UNESCO", ["Unesco"]),
    ("UNICEF", ["Unicef"]),
    ("World Economic Forum", ["WEF"]),
    ("Asian Development Bank", ["ADB"]),
    ("European Investment Bank", []),
    ("European Bank for Reconstruction and Development", ["EBRD"]),
    ("Bank for International Settlements", ["BIS"]),
    ("International Criminal Court", []),
    ("International Court of Justice", []),
    ("European Court of Justice", ["ECJ"]),
    ("European Court of Human Rights", []),
    ("European Parliament", []),
    ("Council of Europe", []),
    ("International Olympic Committee", ["IOC"]),
    ("Fifa", ["FIFA"]),
    ("Uefa", ["UEFA"]),
    ("Commonwealth", []),
    ("Greenpeace", []),
    ("Amnesty International", []),
    ("Human Rights Watch", []),
    ("Oxfam", []),
    ("Medecins Sans Frontieres", ["Médecins Sans Frontières", "MSF", "Doctors Without Borders"]),
    # Central banks and regulators.
    ("Federal Reserve", ["US Federal Reserve", "Federal Reserve Board", "Fed"]),
    ("European Central Bank", ["ECB"]),
    ("Bank of England", []),
    ("Bank of Japan", ["BoJ", "BOJ"]),
    ("People's Bank of China", []),
    ("Bundesbank", []),
    ("Banque de France", []),
    ("Bank of Canada", []),
    ("Reserve Bank of India", []),
    ("Reserve Bank of Australia", []),
    ("Swiss National Bank", []),
    ("Bank of Korea", []),
    ("Financial Services Authority", ["FSA"]),
    ("Financial Conduct Authority", ["FCA"]),
    ("Office of Fair Trading", ["OFT"]),
    ("Serious Fraud Office", ["SFO"]),
    ("Commodity Futures Trading Commission", ["CFTC"]),
    ("Federal Deposit Insurance Corporation", ["FDIC"]),
    ("Internal Revenue Service", ["IRS"]),
    ("Environmental Protection Agency", ["EPA"]),
    ("Food and Drug Administration", ["FDA"]),
    ("Federal Aviation Administration", ["FAA"]),
    ("Federal Bureau of Investigation", ["FBI"]),
    ("Central Intelligence Agency", ["CIA"]),
    ("National Security Agency", ["NSA"]),
    ("Department of Justice", ["Justice Department", "DOJ"]),
    ("Department of Commerce", ["Commerce Department"]),
    ("Department of Defense", ["Defense Department"]),
    ("Department of Energy", ["Energy Department"]),
    ("Department of Agriculture", ["Agriculture Department", "USDA"]),
    ("Department of Labor", ["Labor Department"]),
    ("State Department", ["US State Department", "Department of State"]),
    ("US Treasury", ["Treasury Department", "Department of the Treasury"]),
    ("Office of Management and Budget", ["OMB"]),
    ("Government Accountability Office", ["GAO", "General Accounting Office"]),
    ("Congressional Budget Office", ["CBO"]),
    ("White House", []),
    ("Pentagon", []),
    ("Kremlin", []),
    ("US Senate", ["Senate"]),
    ("House of Representatives", ["US House of Representatives"]),
    ("Supreme Court", ["US Supreme Court"]),
    ("Downing Street", []),
    ("House of Commons", []),
    ("House of Lords", []),
    ("UK Parliament", ["Parliament", "Westminster"]),
    ("HM Treasury", []),
    ("Home Office", []),
    ("Foreign Office", ["Foreign and Commonwealth Office"]),
    ("Ministry of Defence", ["MoD"]),
    ("Office for National Statistics", ["ONS"]),
    ("National Audit Office", []),
    ("Bank of China", []),
    ("Confederation of British Industry", ["CBI"]),
    ("Trades Union Congress", ["TUC"]),
    ("British Chambers of Commerce", []),
    ("Bundestag", []),
    ("Duma", ["State Duma"]),
    # Parties.
    ("Labour Party", ["Labour"]),
    ("Conservative Party", ["Conservatives", "Tories", "Tory party"]),
    ("Liberal Democrats", ["Lib Dems"]),
    ("Scottish National Party", ["SNP"]),
    ("Democratic Party", ["Democrats"]),
    ("Republican Party", ["Republicans", "GOP"]),
    ("Communist Party", []),
    ("Christian Democratic Union", ["CDU"]),
    ("Social Democratic Party", ["SPD"]),
    # News organisations and broadcasters.
    ("CNN", []),
    ("Sky News", []),
    ("ITV", []),
    ("Channel 4", []),
    ("Channel 5", ["Five"]),
    ("BBC World Service", []),
    ("The Guardian", ["Guardian"]),
    ("The Times", []),
    ("The Sunday Times", ["Sunday Times"]),
    ("The Daily Telegraph", ["Daily Telegraph", "The Telegraph"]),
    ("Daily Mail", []),
    ("The Independent", []),
    ("The Observer", []),
    ("The Sun", []),
    ("The Economist", ["Economist"]),
    ("New York Times", ["The New York Times", "NYT"]),
    ("Washington Post", ["The Washington Post"]),
    ("Wall Street Journal", ["The Wall Street Journal", "WSJ"]),
    ("Los Angeles Times", ["LA Times"]),
    ("USA Today", []),
    ("Associated Press", ["AP"]),
    ("Agence France-Presse", ["AFP"]),
    ("Xinhua", ["Xinhua news agency"]),
    ("Kyodo", ["Kyodo news agency"]),
    ("Al Jazeera", []),
    ("Fox News", []),
    ("NBC", []),
    ("CBS", []),
    ("ABC", []),
    ("NPR", []),
    ("PBS", []),
    ("MTV", []),
    ("Variety", []),
    ("Billboard", []),
    ("Forbes", []),
    ("Fortune", []),
    ("Time magazine", []),
    ("Newsweek", []),
    ("Der Spiegel", []),
    ("Le Monde", []),
    ("China Daily", []),
    ("People's Daily", []),
    ("Nikkei", []),
]


# Named by ordinary (British) words: "Labour Minister" is a minister of labour.
WORD_NAMED = {"Labour Party", "Conservative Party", "Liberal Democrats", "Democratic Party",
              "Republican Party", "Communist Party", "Channel 5", "The Independent", "The Sun",
              "The Times", "The Observer", "Variety", "Fortune", "Billboard"}


def without_legal(name):
    full = re.sub(r"\s*\([^)]*\)$", "", name).strip().rstrip(",")
    name = re.sub(r"\s*\([^)]*\)$", "", name).strip().rstrip(",")  # "Hornbach (retailer)"
    changed = True
    while changed:
        changed = False
        for suffix in sorted(LEGAL, key=len, reverse=True):
            if name.endswith(" " + suffix) and len(name) > len(suffix) + 3:
                name = name[: -len(suffix) - 1].rstrip(" ,")
                changed = True
    # "McKinsey & Company", "Eli Lilly and Company": the legal form is joined to the name;
    # without it the name would end in "&" or "and", so it keeps its full form.
    if name.endswith((" &", " and")):
        return full
    return name


def index_companies(scratch):
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", scratch,
                    "pytickersymbols==1.17.10"], check=True)
    whl = next(f for f in os.listdir(scratch) if f.startswith("pytickersymbols") and f.endswith(".whl"))
    x = os.path.join(scratch, "pytickersymbols-x")
    zipfile.ZipFile(os.path.join(scratch, whl)).extractall(x)
    sys.path.insert(0, x)
    from pytickersymbols.indices_data import INDICES
    out = {}
    for idx in INDICES.values():
        for c in idx["companies"]:
            full = c["name"].strip()
            short = without_legal(full)
            if len(short) < 2:
                continue
            aliases = out.setdefault(short, set())
            if full != short and not full.endswith(")"):
                aliases.add(full)
            # "Eli Lilly and Company" is written "Eli Lilly and Co" and "Eli Lilly & Co" too.
            m = re.match(r"(.+) (and|&) Company$", full)
            if m:
                aliases |= {f"{m.group(1)} and Co", f"{m.group(1)} & Co"} - {short}
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    words = dictionary_words()
    gaz = gazetteer_forms()
    rows, seen = [], set(gaz)

    def add(name, aliases):
        if name.lower() in seen:
            return
        aliases = [a for a in dict.fromkeys(aliases) if a.lower() not in seen and a != name]
        seen.add(name.lower())
        seen.update(a.lower() for a in aliases)
        ambiguous = name in WORD_NAMED or any(
            f.lower() in words or f.lower().rstrip("s") in words and " " not in f
            for f in [name, *aliases])
        rows.append((name, aliases, "ambiguous" if ambiguous else ""))

    for name, aliases in INSTITUTIONS:
        add(name, aliases)
    companies = index_companies(sys.argv[1])
    for name in sorted(companies):
        # A one-word company name that is a short English word ("Next", "Shell", "Match",
        # "City") is too often the word: left out. Longer ones ("Caterpillar") are kept,
        # flagged ambiguous (a capital mid-sentence and no ordinary-sense context needed).
        if " " not in name and name.lower() in words and len(name) < 8:
            continue
        add(name, sorted(companies[name]))
    with open(os.path.join(DATA, "orgs.tsv"), "w", encoding="utf-8") as f:
        f.write("# Organisations beyond the tech gazetteer (data/build/orgs.py makes this file):\n"
                "# international bodies, central banks, government departments and agencies,\n"
                "# parliaments, parties and news organisations written from general knowledge, then\n"
                "# the companies of 20 stock-market indices from pytickersymbols 1.17.10 (MIT).\n"
                "# Same format as entities.tsv; names already there are left out.\n")
        for name, aliases, flag in rows:
            f.write(f"org\t{name}\t{' | '.join(aliases)}\t{flag}".rstrip("\t") + "\n")
    print(f"{len(rows)} organisations ({sum(1 for r in rows if r[2])} ambiguous)")


if __name__ == "__main__":
    main()
