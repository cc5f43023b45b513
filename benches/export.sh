#!/usr/bin/env bash
# export.sh: `byline export` rate and memory, with the cost of writing the same bytes as a floor.
#
# Usage:
#   benches/export.sh INDEX_DIR [RUNS]        (RUNS default 5)
#
# Environment:
#   BYLINE   byline binary   [<repo root>/target/release/byline]
#   WORK     scratch dir     [a fresh mktemp -d, deleted at the end]
#
# Per run, interleaved: `byline export --format quickwit` and `--format opensearch` to a file
# in WORK (written under a temporary name, fsynced, renamed: as users run it); the opensearch
# export to /dev/null (the computing alone, no file written); and the write floor, `dd`
# copying the opensearch export to a new file with conv=fsync (the same bytes written and
# synced, nothing computed). Reported per run: wall and CPU seconds and peak RSS
# (GNU time), peak anonymous RSS (RssAnon sampled from /proc every 10 ms: the heap, without
# the index's memory-mapped files, whose pages are page cache), passages/s and MB/s; then
# the medians (a wall time under 10 ms is taken as 5 ms).
# Exit status: 0 ok, 1 usage error, 2 a run failed.
set -euo pipefail
export LC_ALL=C

die() { echo "export.sh: error: $1" >&2; exit "${2:-2}"; }
[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: benches/export.sh INDEX_DIR [RUNS]" 1
ix=$1
runs=${2:-5}
[ -d "$ix" ] || die "$ix: not a directory" 1
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BYLINE:-$root/target/release/byline}
[ -x "$bin" ] || die "$bin: not built (cargo build --release)"
[ -x /usr/bin/time ] || die "GNU time is needed (/usr/bin/time)"
if [ -n "${WORK:-}" ]; then
    work=$WORK
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

# measure NAME CMD... -> "NAME wall cpu rss_mb anon_mb": runs CMD under GNU time and samples
# the RssAnon of its process (time's child) until it ends.
measure() {
    local name=$1
    shift
    /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$@" 2>"$work/stderr" &
    local tpid=$! cpid="" anon=0 a
    while kill -0 "$tpid" 2>/dev/null; do
        [ -n "$cpid" ] || cpid=$(pgrep -P "$tpid" | head -1 || true)
        if [ -n "$cpid" ]; then
            a=$(awk '/^RssAnon:/ {print $2}' "/proc/$cpid/status" 2>/dev/null || echo 0)
            [ "${a:-0}" -gt "$anon" ] && anon=$a
        fi
        sleep 0.01
    done
    wait "$tpid" || { cat "$work/stderr" >&2; die "$name failed"; }
    read -r wall user sys rss <"$work/time"
    echo "$name $wall $(echo "$user + $sys" | bc) $((rss / 1024)) $((anon / 1024))"
}

passages=$("$bin" --index "$ix" stats --json | sed 's/.*"passages":\([0-9]*\).*/\1/')
echo "# byline export: $ix ($passages passages), $runs runs"
echo
echo "$(date -u +%FT%TZ), nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg), $("$bin" --version)"
echo
echo "| run | what | wall s | cpu s | peak RSS MB | peak anon MB | passages | MB out | passages/s | MB/s |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
: >"$work/runs"
for r in $(seq 1 "$runs"); do
    for f in quickwit opensearch; do
        rm -f "$work/$f.ndjson"
        line=$(measure "$f" "$bin" --index "$ix" export --format "$f" --out "$work/$f.ndjson")
        n=$(sed -n 's/.*exported \([0-9,]*\) passages.*/\1/p' "$work/stderr" | tr -d ,)
        bytes=$(stat -c %s "$work/$f.ndjson")
        echo "$r $line $n $bytes" >>"$work/runs"
    done
    line=$(measure to-dev-null "$bin" --index "$ix" export --format opensearch --out /dev/null)
    n=$(sed -n 's/.*exported \([0-9,]*\) passages.*/\1/p' "$work/stderr" | tr -d ,)
    echo "$r $line $n $(stat -c %s "$work/opensearch.ndjson")" >>"$work/runs"
    rm -f "$work/copy"
    line=$(measure dd-fsync dd if="$work/opensearch.ndjson" of="$work/copy" bs=1M conv=fsync status=none)
    echo "$r $line 0 $(stat -c %s "$work/copy")" >>"$work/runs"
done
awk '{ mb = $8 / 1048576; t = ($3 > 0 ? $3 : 0.005)
       printf "| %d | %s | %.2f | %.2f | %d | %d | %d | %.1f | %s | %.1f |\n",
       $1, $2, $3, $4, $5, $6, $7, mb, ($7 ? sprintf("%d", $7 / t) : "-"), mb / t }' "$work/runs"
echo
echo "Medians:"
echo
echo "| what | wall s | cpu s | peak RSS MB | peak anon MB | passages/s | MB/s |"
echo "|---|---:|---:|---:|---:|---:|---:|"
awk '
function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ k = $2; n[k]++; i = n[k]; w[k, i] = $3; c[k, i] = $4; r[k, i] = $5; an[k, i] = $6
  t = ($3 > 0 ? $3 : 0.005); ps[k, i] = $7 / t; mbs[k, i] = $8 / 1048576 / t; if (!(k in seen)) { seen[k] = 1; order[++m] = k } }
END {
    for (j = 1; j <= m; j++) {
        k = order[j]
        for (i = 1; i <= n[k]; i++) { a1[i] = w[k, i]; a2[i] = c[k, i]; a3[i] = r[k, i]; a4[i] = an[k, i]; a5[i] = ps[k, i]; a6[i] = mbs[k, i] }
        p = median(a5, n[k])
        printf "| %s | %.2f | %.2f | %d | %d | %s | %.1f |\n", k, median(a1, n[k]), median(a2, n[k]),
            median(a3, n[k]), median(a4, n[k]), (p ? sprintf("%d", p) : "-"), median(a6, n[k])
    }
}' "$work/runs"
