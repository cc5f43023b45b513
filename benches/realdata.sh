#!/usr/bin/env bash
# Real-data check: index the shared real corpora (BBC tech, Reuters-21578 JSON Lines) and check
# what byline reports against what the corpora's SOURCE.md files say. Usage:
#   benches/realdata.sh [BYLINE_BIN]      (default target/release/byline)
# Needs ../shared/corpora; prints what it checks; exit 1 on a mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/byline}
C=../shared/corpora
[ -x "$BIN" ] || { echo "realdata: $BIN not built" >&2; exit 2; }
[ -d "$C" ] || { echo "realdata: $C not found" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
check() { # name got want
  if [ "$2" = "$3" ]; then echo "ok   $1 = $2"; else echo "FAIL $1: got $2, want $3"; fail=1; fi
}
field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

# BBC tech: 401 articles (BBC style: headline line, blank line, paragraphs) + SOURCE.md.
"$BIN" index "$C/bbc-tech" --index "$work/bbc" --json > "$work/bbc.json" 2> "$work/bbc.err"
check "bbc-tech .txt articles" "$(grep -c '' <(ls "$C"/bbc-tech/*.txt))" 401
check "bbc-tech articles indexed (401 + SOURCE.md)" "$(field 'd["articles"]' < "$work/bbc.json")" 402
check "bbc-tech skipped" "$(field 'len(d["skipped"])' < "$work/bbc.json")" 0
check "bbc-tech warnings on stderr" "$(wc -l < "$work/bbc.err")" 0
"$BIN" parse "$C/bbc-tech/001.txt" > "$work/001.json"
check "bbc-tech 001 title" "$(field 'd["title"]' < "$work/001.json")" "Ink helps drive democracy in Asia"

# Search on real text: 401 files, 64 of them repeat another file's body (54 byte-identical
# pairs + 10 with another headline); duplicates collapse into one hit each. Near copies fold
# too (same headline, bodies whose word 5-grams are at least 90% alike: 12 pairs that differ
# by a sentence or punctuation), worked out here independently of byline, on exact sets.
bodies=$(python3 - "$C"/bbc-tech/*.txt <<'PY'
import hashlib, re, sys
texts = {}
for f in sys.argv[1:]:
    title, _, body = open(f, 'rb').read().decode('utf-8', 'replace').partition('\n')
    body = body.strip()
    texts.setdefault(hashlib.md5(body.encode()).hexdigest(), (title.strip(), body))
def shingles(t):
    w = re.findall(r'[^\W_]+', t.lower())
    return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}
stories = []  # (title words, shingles) of each story's first text
for title, body in texts.values():
    tw, sh = set(re.findall(r'[^\W_]+', title.lower())), shingles(body)
    def same(s):
        t = len(tw & s[0]) / max(1, len(tw | s[0]))
        return t >= 0.5 and len(sh & s[1]) / max(1, len(sh | s[1])) >= 0.9
    if not any(same(s) for s in stories):
        stories.append((tw, sh))
print(len(stories) + 1)  # + SOURCE.md
PY
)
check "bbc-tech distinct stories (search, copies and near copies collapsed)" "$("$BIN" search --index "$work/bbc" --count -- -qqqzzz)" "$bodies"
check "bbc-tech all copies (--duplicates)" "$("$BIN" search --index "$work/bbc" --count --duplicates -- -qqqzzz)" 402
q="$("$BIN" search --index "$work/bbc" --json -n 3 -- '"search engine" google')"
check "bbc-tech search: 3 hits, highlighted" "$(echo "$q" | field 'sum(1 for h in d["hits"] if h["passage"]["highlights"])')" 3
check "bbc-tech search: no hit = exit 1" "$("$BIN" search --index "$work/bbc" quorvex >/dev/null; echo $?)" 1

# Reuters-21578: 21,578 stories in JSON Lines; one raw 0xFC byte (reuters-05.jsonl); stories
# with neither title nor body are skipped and reported with their line.
"$BIN" index "$C/reuters21578" --index "$work/reuters" --json > "$work/r.json" 2> "$work/r.err"
stories=$(cat "$C"/reuters21578/reuters-*.jsonl | grep -c '')
empty=$(python3 - "$C"/reuters21578/reuters-*.jsonl <<'PY'
import json, sys
n = 0
for f in sys.argv[1:]:
    for line in open(f, 'rb'):
        d = json.loads(line.decode('utf-8', 'replace'))
        if not (d.get('title') or '').strip() and not (d.get('body') or '').strip():
            n += 1
print(n)
PY
)
jsonl_articles=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["articles"])' < "$work/r.json")
other=$(ls "$C"/reuters21578/*.txt "$C"/reuters21578/*.md 2>/dev/null | wc -l)
check "reuters articles (stories - empty + other files)" "$jsonl_articles" "$((stories - empty + other))"
check "reuters skipped records = empty stories" "$(field 'len(d["skipped"])' < "$work/r.json")" "$empty"
check "reuters invalid byte decoded, record kept (warning)" "$(grep -c 'reuters-05.jsonl:[0-9]*: invalid UTF-8' "$work/r.err")" 1
check "reuters dates parsed: min" "$("$BIN" stats --index "$work/reuters" --json | field 'd["date_min"]')" 1987-02-26
exit $fail
