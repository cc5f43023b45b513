#!/usr/bin/env bash
# add_one.sh: incremental re-index, interleaved across byline binaries: one new file added,
# then nothing changed, timed per run.
#
# Usage:
#   benches/add_one.sh CORPUS_DIR REPS BIN [BIN...]
#
# Each binary first builds its own index of CORPUS_DIR (untimed) in a scratch directory (WORK,
# default a fresh mktemp -d, deleted at the end). Then every rep, for each binary in turn:
# a new one-article .txt file is written into CORPUS_DIR (named zz-add-REP-N.txt), `BIN index
# CORPUS_DIR --index ITS_INDEX -q` is timed with $EPOCHREALTIME (the first rep is the first
# file added after a build), then the same command again with nothing changed. The added
# files are removed from CORPUS_DIR at the end, however the script ends.
# Output: one line per binary and rep: "N rep R +1 file S s; nothing changed S s".
set -euo pipefail
corpus=$1; reps=$2; shift 2
work=${WORK:-$(mktemp -d)}
cleanup() {
  rm -f "$corpus"/zz-add-*.txt
  [ -n "${WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
i=0
for b in "$@"; do
  i=$((i + 1))
  "$b" index "$corpus" --index "$work/idx-$i" -q
done
for r in $(seq "$reps"); do
  i=0
  for b in "$@"; do
    i=$((i + 1))
    printf 'Title: Added %s\n\nA new article about quorvexian widgets number %s, added to the corpus.\n' \
      "$r" "$r" > "$corpus/zz-add-$r-$i.txt"
    s=$EPOCHREALTIME; "$b" index "$corpus" --index "$work/idx-$i" -q; e=$EPOCHREALTIME
    s2=$EPOCHREALTIME; "$b" index "$corpus" --index "$work/idx-$i" -q; e2=$EPOCHREALTIME
    printf '%s rep %s +1 file %.3f s; nothing changed %.3f s\n' "$i:$(basename "$b")" "$r" \
      "$(echo "$e - $s" | bc)" "$(echo "$e2 - $s2" | bc)"
  done
done
