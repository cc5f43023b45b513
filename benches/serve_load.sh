#!/usr/bin/env bash
# serve_load.sh: `byline serve` vs `tantivy serve` (tantivy-cli 0.24) under load, same articles,
# same queries, same run, loopback only.
#
# Usage:
#   benches/serve_load.sh CORPUS_DIR [SECONDS] [REPS]     (defaults: 10 s per cell, 3 reps)
#
# Environment:
#   BYLINE   byline binary          [<repo>/target/release/byline]
#   TANTIVY  tantivy-cli binary     [~/.cargo/bin/tantivy]
#   WORK     scratch dir (indexes, paths files, raw.jsonl) [mktemp -d; removed unless KEEP=1]
#   QUERIES  query file in the anchors' canonical syntax   [../shared/anchors/queries.txt]
#
# What runs: both indexes are built (untimed), both servers start on free loopback ports, and
# each cell (server x clients in {1, 8}) is one run of the bounded client
# (benches/serve_load.rs: keep-alive connections, the 21 anchor queries round-robin, SECONDS
# long), cells interleaved and their order flipped every rep. byline is measured twice: with
# facets off (`facets=none`) and with the default facets (org, person, product, place, source,
# year), both top 10; tantivy-cli's `/api/?q=...&nhits=10` returns the top 10 with their stored
# fields. Prints medians over reps of p50, p99 and requests/s per cell, and the raw lines.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:?usage: serve_load.sh CORPUS_DIR [SECONDS] [REPS]}
seconds=${2:-10}
reps=${3:-3}
BYLINE=${BYLINE:-$here/target/release/byline}
TANTIVY=${TANTIVY:-$HOME/.cargo/bin/tantivy}
QUERIES=${QUERIES:-$here/../shared/anchors/queries.txt}
LIB=$here/../shared/anchors/lib
if [ -z "${WORK:-}" ]; then WORK=$(mktemp -d /tmp/serve_load.XXXXXX); own_work=1; else own_work=0; mkdir -p "$WORK"; fi
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$own_work" = 1 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

(cd "$here" && cargo bench --bench serve_load --no-run -q 2>/dev/null)
client=$(ls -t "$here"/target/release/deps/serve_load-* | grep -v '\.d$' | head -1)

echo "# Serving under load: byline serve vs tantivy-cli serve"
echo "- corpus: $corpus ($(find "$corpus" -type f | wc -l) files)"
echo "- byline: $("$BYLINE" --version) ($BYLINE); tantivy-cli: $("$TANTIVY" --version | head -1)"
echo "- $seconds s per cell, $reps reps, cells interleaved (order flipped every rep); $(nproc) CPUs"

# Indexes (untimed).
if [ ! -f "$WORK/byline-idx/meta.json" ]; then
  "$BYLINE" index "$corpus" --index "$WORK/byline-idx" --quiet
fi
if [ ! -f "$WORK/tv-idx/.done" ]; then
  rm -rf "$WORK/tv-idx"; mkdir -p "$WORK/tv-idx"
  python3 "$LIB/txt2json.py" "$corpus" "$WORK/docs.json"
  source "$here/../shared/anchors/peers/tantivy-cli.sh"
  _meta_json > "$WORK/tv-idx/meta.json"
  "$TANTIVY" index -i "$WORK/tv-idx" -f "$WORK/docs.json" -t 2 >/dev/null 2>&1
  touch "$WORK/tv-idx/.done"
fi

# Request paths: the same queries, in each server's syntax.
grep -v '^#' "$QUERIES" | grep -v '^\s*$' > "$WORK/queries"
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
: > "$WORK/byline-nofacets.paths"; : > "$WORK/byline-facets.paths"; : > "$WORK/tantivy.paths"
while IFS= read -r q; do
  qb=$q  # the canonical syntax is byline's own
  echo "/api/search?q=$(enc "$qb")&facets=none" >> "$WORK/byline-nofacets.paths"
  echo "/api/search?q=$(enc "$qb")" >> "$WORK/byline-facets.paths"
  echo "/api/?q=$(enc "$(python3 "$LIB/qtrans.py" tantivy "$q")")&nhits=10" >> "$WORK/tantivy.paths"
done < "$WORK/queries"

# Servers.
"$BYLINE" --index "$WORK/byline-idx" serve --addr 127.0.0.1:0 -q > "$WORK/byline.addr" 2>"$WORK/byline.log" &
pids+=($!)
tport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$TANTIVY" serve -i "$WORK/tv-idx" --host 127.0.0.1 --port "$tport" > "$WORK/tantivy.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  [ -s "$WORK/byline.addr" ] && curl -s -o /dev/null "http://127.0.0.1:$tport/api/?q=linux" && break
  sleep 0.1
done
bbase=$(head -1 "$WORK/byline.addr" | sed 's#/$##')
tbase="http://127.0.0.1:$tport"
for f in byline-nofacets byline-facets tantivy; do
  base=$bbase; [ "$f" = tantivy ] && base=$tbase
  p=$(head -1 "$WORK/$f.paths")
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$p")
  [ "$code" = 200 ] || { echo "$f: $base$p answered $code" >&2; exit 1; }
  "$client" --base "$base" --paths "$WORK/$f.paths" --clients 1 --seconds 1 --label warmup >/dev/null
done

: > "$WORK/raw.jsonl"
cells=("byline-nofacets $bbase" "byline-facets $bbase" "tantivy $tbase")
for rep in $(seq "$reps"); do
  order=("${cells[@]}")
  if [ $((rep % 2)) = 0 ]; then order=("${cells[2]}" "${cells[1]}" "${cells[0]}"); fi
  for clients in 1 8; do
    for cell in "${order[@]}"; do
      set -- $cell
      "$client" --base "$2" --paths "$WORK/$1.paths" --clients "$clients" --seconds "$seconds" \
        --label "$1" >> "$WORK/raw.jsonl"
    done
  done
done
rss() { awk '/^(VmRSS|RssAnon|RssFile)/ {printf "%s %.0f MB  ", $1, $2/1024}' "/proc/$1/status"; }
echo "- memory after the runs: byline $(rss "${pids[0]}"); tantivy-cli $(rss "${pids[1]}")"
python3 - "$WORK/raw.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print()
print("| server | clients | p50 ms | p99 ms | requests/s | errors |")
print("|---|---|---|---|---|---|")
for label in ["byline-nofacets", "byline-facets", "tantivy"]:
    for c in (1, 8):
        rs = [r for r in rows if r["label"] == label and r["clients"] == c]
        if not rs: continue
        med = lambda k: statistics.median(r[k] for r in rs)
        name = {"byline-nofacets": "byline (facets off)", "byline-facets": "byline (default facets)",
                "tantivy": "tantivy-cli serve"}[label]
        print(f"| {name} | {c} | {med('p50_ms'):.2f} | {med('p99_ms'):.2f} | {med('rps'):.0f} | {sum(r['errors'] for r in rs)} |")
print()
print("raw (one line per cell and rep):")
for r in rows: print(json.dumps(r))
PY
