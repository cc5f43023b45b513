#!/usr/bin/env bash
# serve_soak.sh: is `byline serve`'s memory flat under steady load while the index changes?
#
# Usage:
#   benches/serve_soak.sh CORPUS_DIR [MINUTES]        (default 10)
#
# A copy of CORPUS_DIR is indexed, `byline serve` starts on a free loopback port, and one client
# (benches/serve_load.rs) sends the anchor queries with the default facets for MINUTES. Every
# minute a new article is added to the copy and a separate `byline index` run commits it (the
# server reloads within 250 ms). The server's memory (VmRSS, RssAnon, RssFile from
# /proc/PID/status) is sampled every 10 s; the client's summary and a check that every added
# article was found are printed at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=${1:?usage: serve_soak.sh CORPUS_DIR [MINUTES]}
minutes=${2:-10}
BYLINE=${BYLINE:-$here/target/release/byline}
QUERIES=${QUERIES:-$here/../shared/anchors/queries.txt}
WORK=$(mktemp -d /tmp/serve_soak.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
(cd "$here" && cargo bench --bench serve_load --no-run -q 2>/dev/null)
client=$(ls -t "$here"/target/release/deps/serve_load-* | grep -v '\.d$' | head -1)
cp -r "$src" "$WORK/corpus"
"$BYLINE" index "$WORK/corpus" --index "$WORK/idx" --quiet
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
grep -v '^#' "$QUERIES" | grep -v '^\s*$' | while IFS= read -r q; do echo "/api/search?q=$(enc "$q")"; done > "$WORK/paths"
"$BYLINE" --index "$WORK/idx" serve --addr 127.0.0.1:0 -q > "$WORK/addr" 2>"$WORK/log" &
spid=$!; pids+=($spid)
for _ in $(seq 100); do [ -s "$WORK/addr" ] && break; sleep 0.1; done
base=$(head -1 "$WORK/addr" | sed 's#/$##')
"$client" --base "$base" --paths "$WORK/paths" --clients 1 --seconds $((minutes * 60)) --label soak > "$WORK/client.json" &
cpid=$!; pids+=($cpid)
echo "# byline serve under load for $minutes min, a commit every minute"
echo "| t (s) | VmRSS MB | RssAnon MB | RssFile MB | articles |"
echo "|---|---|---|---|---|"
start=$(date +%s); added=0
while kill -0 "$cpid" 2>/dev/null; do
  t=$(( $(date +%s) - start ))
  if [ $t -ge $(( (added + 1) * 60 )) ] && [ $t -lt $((minutes * 60)) ]; then
    added=$((added + 1))
    printf 'Soak article %d\n\nThe zyxwvut%d soak marker, added at minute %d.\n' "$added" "$added" "$added" > "$WORK/corpus/soak-$added.txt"
    "$BYLINE" index "$WORK/corpus" --index "$WORK/idx" --quiet
  fi
  articles=$(curl -s "$base/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("passages"))' 2>/dev/null || echo -)
  awk -v t="$t" -v a="$articles" '/^VmRSS/ {r=$2} /^RssAnon/ {n=$2} /^RssFile/ {f=$2} END {printf "| %d | %.0f | %.0f | %.0f | %s passages |\n", t, r/1024, n/1024, f/1024, a}' "/proc/$spid/status"
  sleep 10
done
wait "$cpid" || true
echo
echo "client: $(cat "$WORK/client.json")"
found=0
for i in $(seq "$added"); do
  n=$(curl -s "$base/api/search?q=zyxwvut$i&facets=none" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_articles"])')
  found=$((found + n))
done
echo "added articles found by the server: $found of $added"
