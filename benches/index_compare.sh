#!/usr/bin/env bash
# index_compare.sh: index-from-scratch benchmark, byline vs tantivy-cli, same articles.
#
# Usage:
#   benches/index_compare.sh CORPUS_DIR [REPS]        (REPS default 3)
#
# Environment:
#   BYLINE   byline binary            [<repo root>/target/release/byline]
#   TANTIVY  tantivy-cli binary       [~/.cargo/bin/tantivy]  (cargo install tantivy-cli)
#   WORK     scratch dir (indexes, converted docs, logs, raw.tsv)
#            [a fresh mktemp -d, deleted at the end unless KEEP=1;
#             a WORK you pass yourself is never deleted]
#   KEEP=1   keep the mktemp WORK dir and print where raw.tsv is
#   ONLY     "tantivy" or "byline": run one tool only (for testing the script)
#   BASE     a second byline binary (say, built from an older commit), measured as
#            "byline-base" in every rep beside the others, for before/after comparisons
#
# What is measured (every rep; tools interleaved: byline first on odd reps,
# tantivy-cli first on even reps, so that noise from other load hits both):
#   byline       rm -rf $WORK/byline-idx (untimed), then
#                  $BYLINE index CORPUS_DIR --index $WORK/byline-idx --rebuild --quiet --json
#                (its stdout, the JSON summary, is kept; the last one goes to
#                $WORK/byline-summary.json), then a re-run with nothing changed:
#                  $BYLINE index CORPUS_DIR --index $WORK/byline-idx --quiet
#   tantivy-cli  a fresh $WORK/tv-idx holding only meta.json (path: raw, stored;
#                title, body: en_stem, freqs+positions, stored; same schema as
#                shared/anchors/peers/tantivy-cli.sh), then
#                  $TANTIVY index -i $WORK/tv-idx -f $WORK/docs.json -t 2
#                docs.json (JSON lines {path,title,body}) is converted ONCE from
#                the same *.txt files before any timing; the conversion is not
#                timed (as the anchors harness's untimed "prep" step).
#                Title/body split: a file starting with a "Title: ..." header
#                block (Title:/Date:/URL: lines, blank line, text) gets the title
#                from the header and the body after the blank line; any other
#                file: line 1 = title, the rest = body. Recursive, *.txt only.
#   Per run: wall s and CPU s (user+sys, including waited-for children) and peak
#   RSS (ru_maxrss) from GNU `/usr/bin/time -f '%e %U %S %M'` (%e has 10 ms
#   resolution, so the no-change re-run is reported in ms from a bash
#   $EPOCHREALTIME clock around the same call); index size = `du -sb` of the
#   index dir after the run. Corpus size = files and bytes of the *.txt files.
#
# Output: a markdown report on stdout (medians over reps per tool, index/corpus
# ratio, byline/tantivy-cli ratios, exact command lines, date, nproc, load
# average, versions). Every raw measurement goes to $WORK/raw.tsv (long format:
# tool step rep metric value unit).
# The page cache is warm for both tools (the conversion reads every file first).
# Exit status: 0 ok, 1 usage error, 2 a tool is missing or failed (no numbers
# are printed for a run that failed).
set -euo pipefail
export LC_ALL=C   # '.' decimal separator in $EPOCHREALTIME, printf, awk

die() { echo "index_compare: error: $1" >&2; exit "${2:-2}"; }  # die MESSAGE [EXIT_CODE]
usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 1; }

[ "${BASH_VERSINFO[0]}" -ge 5 ] || die "bash >= 5 is needed (for \$EPOCHREALTIME)" 1
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
[ -d "$1" ] || die "CORPUS_DIR '$1' is not a directory" 1
REPS=${2:-3}
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer, got '$REPS'" 1

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
CORPUS=$(cd "$1" && pwd -P)
BYLINE=${BYLINE:-$REPO_ROOT/target/release/byline}
TANTIVY=${TANTIVY:-$HOME/.cargo/bin/tantivy}
KEEP=${KEEP:-0}
ONLY=${ONLY:-}
case "$ONLY" in
  "") RUN_BYLINE=1; RUN_TANTIVY=1 ;;
  tantivy) RUN_BYLINE=0; RUN_TANTIVY=1 ;;
  byline) RUN_BYLINE=1; RUN_TANTIVY=0 ;;
  *) die "ONLY must be empty, 'tantivy' or 'byline', got '$ONLY'" 1 ;;
esac
command -v python3 > /dev/null || die "python3 is needed (JSON conversion, report)" 1
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is needed: apt-get install time" 1

# ---- work dir --------------------------------------------------------------
OWN_WORK=0
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/index_compare.XXXXXX")
  OWN_WORK=1
else
  mkdir -p "$WORK"
  WORK=$(cd "$WORK" && pwd -P)
fi
cleanup() {
  if [ "$OWN_WORK" = 1 ] && [ "$KEEP" != 1 ]; then rm -rf -- "$WORK"; fi
}
trap cleanup EXIT
case "$WORK/" in
  "$CORPUS/"*) die "WORK ($WORK) must not be inside CORPUS_DIR ($CORPUS)" 1 ;;
esac
mkdir -p "$WORK/logs"
RAW=$WORK/raw.tsv
printf 'tool\tstep\trep\tmetric\tvalue\tunit\n' > "$RAW"
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RAW"; }

# ---- tools -----------------------------------------------------------------
BYLINE_VERSION=-; TANTIVY_VERSION=-; BASE=${BASE:-}
if [ -n "$BASE" ]; then
  [ -x "$BASE" ] || die "BASE binary not found or not executable: $BASE"
  BASE=$(cd "$(dirname "$BASE")" && pwd -P)/$(basename "$BASE")
fi
if [ "$RUN_BYLINE" = 1 ]; then
  [ -e "$BYLINE" ] || die "byline binary not found: $BYLINE
  build it first (cargo build --release) or set BYLINE=path/to/byline"
  [ -x "$BYLINE" ] || die "byline binary is not executable: $BYLINE"
  BYLINE=$(cd "$(dirname "$BYLINE")" && pwd -P)/$(basename "$BYLINE")
  BYLINE_VERSION=$("$BYLINE" --version 2> /dev/null | head -n 1 || true)
  GIT_REV=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2> /dev/null || echo "no commit")
  if [ -n "$(git -C "$REPO_ROOT" status --porcelain 2> /dev/null | head -n 1 || true)" ]; then
    GIT_REV="$GIT_REV, dirty tree"
  fi
  BYLINE_VERSION="${BYLINE_VERSION:-(--version gave nothing)}; repo $GIT_REV; binary $BYLINE built $(date -r "$BYLINE" '+%F %T')"
fi
if [ "$RUN_TANTIVY" = 1 ]; then
  [ -x "$TANTIVY" ] || die "tantivy-cli not found or not executable: $TANTIVY
  install it with 'cargo install tantivy-cli' or set TANTIVY=path/to/tantivy"
  TANTIVY_VERSION=$("$TANTIVY" --version 2> /dev/null | head -n 1 || true)
  TANTIVY_VERSION="${TANTIVY_VERSION:-(--version gave nothing)}; binary $TANTIVY"
fi

# ---- corpus stats + txt -> JSON lines (untimed) ----------------------------
CONVERT=$WORK/txt2json.py
cat > "$CONVERT" << 'PY'
"""txt2json CORPUS OUT.json: *.txt (recursive) -> JSON lines {"path","title","body"}.
Prints "files bytes header_files plain_files" on stdout."""
import json
import os
import sys

root, out = sys.argv[1], sys.argv[2]


def iter_txt(top):
    for d, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".txt"):
                p = os.path.join(d, name)
                if os.path.isfile(p):
                    yield p


def split(text):
    """-> (title, body, had_header)"""
    if text.startswith("Title:"):
        head, _, body = text.partition("\n\n")
        title = ""
        for line in head.split("\n"):
            if line.startswith("Title:"):
                title = line[len("Title:"):]
                break
        return title.strip(), body.strip(), True
    title, _, body = text.partition("\n")
    return title.strip(), body.strip(), False


n = nbytes = nhead = 0
with open(out, "w", encoding="utf-8") as f:
    for p in iter_txt(root):
        nbytes += os.path.getsize(p)
        with open(p, encoding="utf-8-sig", errors="replace") as g:
            title, body, had = split(g.read())
        nhead += had
        n += 1
        f.write(json.dumps({"path": os.path.relpath(p, root), "title": title, "body": body},
                           ensure_ascii=False) + "\n")
print(n, nbytes, nhead, n - nhead)
PY
read -r N_FILES CORPUS_BYTES N_HEADER N_PLAIN < <(python3 "$CONVERT" "$CORPUS" "$WORK/docs.json") ||
  die "converting $CORPUS to JSON lines failed"
[ "${N_FILES:-0}" -gt 0 ] || die "no *.txt files under $CORPUS" 1
row corpus - - files "$N_FILES" count
row corpus - - bytes "$CORPUS_BYTES" B
row corpus - - header_style_files "$N_HEADER" count
row corpus - - plain_style_files "$N_PLAIN" count
OTHER_FILES=$(find "$CORPUS" -type f \( -iname '*.md' -o -iname '*.markdown' -o -iname '*.htm' -o -iname '*.html' \) | wc -l)

# ---- timing ----------------------------------------------------------------
# timed TOOL STEP REP STDOUT_FILE ARGV... : run ARGV under GNU time, append raw rows.
# Returns the command's exit status (rows are written only when it is 0).
timed() {
  local tool=$1 step=$2 rep=$3 out=$4
  shift 4
  local tf="$WORK/logs/$tool.$step.$rep.time" err="$WORK/logs/$tool.$step.$rep.stderr"
  local t0 t1 rc=0 wall user sys rss
  t0=$EPOCHREALTIME
  /usr/bin/time -o "$tf" -f '%e %U %S %M' "$@" > "$out" 2> "$err" || rc=$?
  t1=$EPOCHREALTIME
  if [ "$rc" -ne 0 ]; then
    echo "index_compare: $tool $step (rep $rep) exited with status $rc: $*" >&2
    tail -n 20 "$err" >&2 || true
    return "$rc"
  fi
  # GNU time prints "Command exited with non-zero status N" first on failure: take the last line
  read -r wall user sys rss < <(tail -n 1 "$tf")
  row "$tool" "$step" "$rep" wall_s "$wall" s
  row "$tool" "$step" "$rep" wall_hr_s "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')" s
  row "$tool" "$step" "$rep" user_s "$user" s
  row "$tool" "$step" "$rep" sys_s "$sys" s
  row "$tool" "$step" "$rep" cpu_s "$(awk -v a="$user" -v b="$sys" 'BEGIN { printf "%.2f", a + b }')" s
  row "$tool" "$step" "$rep" rss_kib "$rss" KiB
}
index_size() { du -sb "$1" | cut -f1; }

META_JSON='{
  "index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
  "segments": [],
  "schema": [
    {"name": "path", "type": "text", "options": {"indexing": {"record": "basic", "fieldnorms": false, "tokenizer": "raw"}, "stored": true, "fast": false}},
    {"name": "title", "type": "text", "options": {"indexing": {"record": "position", "fieldnorms": true, "tokenizer": "en_stem"}, "stored": true, "fast": false}},
    {"name": "body", "type": "text", "options": {"indexing": {"record": "position", "fieldnorms": true, "tokenizer": "en_stem"}, "stored": true, "fast": false}}
  ],
  "opstamp": 0
}'

TV_IDX=$WORK/tv-idx
CMD_TV_INDEX=("$TANTIVY" index -i "$TV_IDX" -f "$WORK/docs.json" -t 2)

# run_byline REP ORDER [TOOL BINARY]: from scratch, then a re-run with nothing changed.
run_byline() {
  local rep=$1 order=$2 tool=${3:-byline} bin=${4:-$BYLINE}
  local idx=$WORK/$tool-idx
  rm -rf -- "$idx"
  timed "$tool" index "$rep" "$WORK/logs/$tool.index.$rep.json" \
    "$bin" index "$CORPUS" --index "$idx" --rebuild --quiet --json ||
    die "$tool index failed (rep $rep); see the error above"
  row "$tool" index "$rep" index_bytes "$(index_size "$idx")" B
  row "$tool" index "$rep" order "$order" -
  [ "$tool" = byline ] && cp -- "$WORK/logs/byline.index.$rep.json" "$WORK/byline-summary.json"
  timed "$tool" rerun "$rep" "$WORK/logs/$tool.rerun.$rep.out" "$bin" index "$CORPUS" --index "$idx" --quiet ||
    die "$tool no-change re-run failed (rep $rep); see the error above"
  row "$tool" rerun "$rep" index_bytes "$(index_size "$idx")" B
}
run_base() { if [ -n "$BASE" ]; then run_byline "$1" "$2" byline-base "$BASE"; fi; }

run_tantivy() {
  local rep=$1 order=$2 ndocs
  rm -rf -- "$TV_IDX"
  mkdir -p "$TV_IDX"
  printf '%s\n' "$META_JSON" > "$TV_IDX/meta.json"
  timed tantivy-cli index "$rep" "$WORK/logs/tantivy-cli.index.$rep.out" "${CMD_TV_INDEX[@]}" ||
    die "tantivy-cli index failed (rep $rep); see the error above"
  row tantivy-cli index "$rep" index_bytes "$(index_size "$TV_IDX")" B
  row tantivy-cli index "$rep" order "$order" -
  ndocs=$(python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print(sum(s["max_doc"] - (s.get("deletes") or {}).get("num_deleted_docs", 0) for s in m["segments"]))' "$TV_IDX/meta.json")
  row tantivy-cli index "$rep" docs "$ndocs" count
  [ "$ndocs" = "$N_FILES" ] || echo "index_compare: warning: tantivy-cli indexed $ndocs docs, corpus has $N_FILES files" >&2
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
DATE_START=$(date '+%F %T %z')
for ((rep = 1; rep <= REPS; rep++)); do
  echo "index_compare: rep $rep/$REPS" >&2
  if ((rep % 2 == 1)); then
    if [ "$RUN_BYLINE" = 1 ]; then run_byline "$rep" 1; fi
    run_base "$rep" 2
    if [ "$RUN_TANTIVY" = 1 ]; then run_tantivy "$rep" 3; fi
  else
    if [ "$RUN_TANTIVY" = 1 ]; then run_tantivy "$rep" 1; fi
    run_base "$rep" 2
    if [ "$RUN_BYLINE" = 1 ]; then run_byline "$rep" 3; fi
  fi
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- report ----------------------------------------------------------------
q() { printf '%q ' "$@" | sed 's/ $//'; }
{
  echo "# Index from scratch: byline vs tantivy-cli"
  echo
  echo "- date: $DATE_START; host $(hostname); nproc $(nproc); load average (1/5/15 min) at start $LOAD_START, at end $LOAD_END"
  echo "- corpus: $CORPUS: $N_FILES .txt files, $CORPUS_BYTES bytes ($N_HEADER with a Title: header block, $N_PLAIN line-1-title)"
  if [ "$OTHER_FILES" -gt 0 ]; then
    echo "- NOTE: the corpus also holds $OTHER_FILES .md/.html file(s); tantivy-cli gets *.txt only, byline may index them too"
  fi
  echo "- reps: $REPS (interleaved: byline first on odd reps, tantivy-cli first on even reps); warm page cache"
  echo "- byline: ${BYLINE_VERSION}"
  echo "- tantivy-cli: ${TANTIVY_VERSION}"
  if [ -n "$BASE" ]; then
    echo "- byline-base: $("$BASE" --version 2> /dev/null | head -n 1); binary $BASE built $(date -r "$BASE" '+%F %T') (same commands, its own index dir)"
  fi
  echo "- commands:"
  if [ "$RUN_BYLINE" = 1 ]; then
    echo "  - byline, from scratch (after rm -rf of the index dir): \`$(q "$BYLINE" index "$CORPUS" --index "$WORK/byline-idx" --rebuild --quiet --json)\`"
    echo "  - byline, re-run with nothing changed: \`$(q "$BYLINE" index "$CORPUS" --index "$WORK/byline-idx" --quiet)\`"
  fi
  if [ "$RUN_TANTIVY" = 1 ]; then
    echo "  - tantivy-cli (fresh dir with meta.json only; docs.json converted beforehand, untimed): \`$(q "${CMD_TV_INDEX[@]}")\`"
  fi
  echo "  - measured with \`/usr/bin/time -f '%e %U %S %M'\`; index size = \`du -sb\` of the index dir"
  echo
} > "$WORK/report.md"

python3 - "$RAW" >> "$WORK/report.md" << 'PY'
import statistics
import sys

vals = {}  # (tool, step, metric) -> [float]
corpus = {}
for line in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]:
    tool, step, rep, metric, value, unit = line.split("\t")
    if tool == "corpus":
        corpus[metric] = float(value)
        continue
    try:
        vals.setdefault((tool, step, metric), []).append(float(value))
    except ValueError:
        pass


def med(tool, step, metric):
    v = vals.get((tool, step, metric))
    return statistics.median(v) if v else None


def fmt(x, spec):
    return "–" if x is None else format(x, spec)


tools = [t for t in ("byline", "byline-base", "tantivy-cli") if (t, "index", "wall_s") in vals]
cb = corpus["bytes"]
MiB = 1024 * 1024
print("| tool | reps | wall s | wall s min–max | CPU s | peak RSS MiB | index MiB | index/corpus | no-change re-run ms |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
m = {}
for t in tools:
    w = vals[(t, "index", "wall_s")]
    m[t] = {
        "wall": med(t, "index", "wall_s"),
        "cpu": med(t, "index", "cpu_s"),
        "rss": med(t, "index", "rss_kib") / 1024,
        "idx": med(t, "index", "index_bytes") / MiB,
    }
    rerun = med(t, "rerun", "wall_hr_s")
    print(f"| {t} | {len(w)} | {m[t]['wall']:.2f} | {min(w):.2f}–{max(w):.2f} | {m[t]['cpu']:.2f} | "
          f"{m[t]['rss']:.1f} | {m[t]['idx']:.2f} | {m[t]['idx'] * MiB / cb:.2f} | "
          f"{fmt(None if rerun is None else rerun * 1000, '.0f')} |")
for other in ("tantivy-cli", "byline-base"):
    if "byline" not in m or other not in m:
        continue
    b, t = m["byline"], m[other]

    def r(k):
        return "–" if not t[k] else f"{b[k] / t[k]:.2f}×"
    print(f"| **byline / {other}** | | {r('wall')} | | {r('cpu')} | {r('rss')} | {r('idx')} | | |")
print()
print(f"Medians over reps. Corpus: {int(corpus['files'])} files, {cb / MiB:.1f} MiB. "
      "CPU = user+sys incl. children; peak RSS = ru_maxrss (GNU time %M); "
      "re-run ms from a high-resolution clock around the same call.")
PY

cat "$WORK/report.md"
if [ "$RUN_BYLINE" = 1 ] && [ -s "$WORK/byline-summary.json" ]; then
  echo
  echo "byline JSON summary (last from-scratch run):"
  echo
  echo '```json'
  python3 -m json.tool "$WORK/byline-summary.json" 2> /dev/null ||
    { echo "(not valid JSON:)"; head -c 2000 "$WORK/byline-summary.json"; echo; }
  echo '```'
fi
if [ "$OWN_WORK" = 0 ] || [ "$KEEP" = 1 ]; then
  echo
  echo "raw measurements: $RAW (report: $WORK/report.md, logs: $WORK/logs/)"
fi
