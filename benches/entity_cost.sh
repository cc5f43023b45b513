#!/usr/bin/env bash
# entity_cost.sh: what entity extraction adds to indexing, end to end.
#
# Usage:
#   benches/entity_cost.sh CORPUS_DIR [PAIRS]        (PAIRS default 5)
#
# Environment:
#   BYLINE   byline binary   [<repo root>/target/release/byline]
#   WORK     scratch dir     [a fresh mktemp -d, deleted at the end]
#
# Each pair indexes CORPUS_DIR from scratch twice with the same binary: once with
# BYLINE_BENCH_NO_ENTITIES=1 (extraction skipped: no entity fields are written) and once
# as users run it. The order alternates between pairs so that load from other processes
# hits both. Reported: per run wall seconds, CPU seconds (user+sys) and peak RSS from GNU
# `/usr/bin/time`; then the medians and the ratio of the medians (entities on / off), and
# the median of the per-pair ratios.
# Exit status: 0 ok, 1 usage error, 2 a run failed.
set -euo pipefail
export LC_ALL=C

die() { echo "entity_cost: error: $1" >&2; exit "${2:-2}"; }
[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: benches/entity_cost.sh CORPUS_DIR [PAIRS]" 1
corpus=$1
pairs=${2:-5}
[ -d "$corpus" ] || die "$corpus: not a directory" 1
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

run() { # run off|on REP -> "mode wall cpu rss_mb"
    local mode=$1 flag=0
    [ "$mode" = off ] && flag=1
    rm -rf "$work/idx"
    BYLINE_BENCH_NO_ENTITIES=$flag /usr/bin/time -o "$work/time" -f '%e %U %S %M' \
        "$bin" index "$corpus" --index "$work/idx" --quiet >/dev/null ||
        die "byline index failed ($mode)"
    read -r wall user sys rss <"$work/time"
    echo "$mode $wall $(echo "$user + $sys" | bc) $((rss / 1024))"
}

echo "# entity extraction cost: $corpus, $pairs pairs"
echo
echo "$(date -u +%FT%TZ), nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg), $("$bin" --version)"
echo
echo "| pair | mode | wall s | cpu s | peak RSS MB |"
echo "|---:|---|---:|---:|---:|"
: >"$work/runs"
for p in $(seq 1 "$pairs"); do
    if [ $((p % 2)) -eq 1 ]; then order="off on"; else order="on off"; fi
    for m in $order; do
        line=$(run "$m")
        echo "$p $line" >>"$work/runs"
        set -- $line
        echo "| $p | $1 | $2 | $3 | $4 |"
    done
done
echo
awk '
function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ if ($2 == "on") { won[++n_on] = $3; con[n_on] = $4; pon[$1] = $3 } else { woff[++n_off] = $3; coff[n_off] = $4; poff[$1] = $3 } }
END {
    for (p in pon) r[++nr] = pon[p] / poff[p]
    mwon = median(won, n_on); mwoff = median(woff, n_off)
    mcon = median(con, n_on); mcoff = median(coff, n_off)
    printf "| | entities off | entities on | on / off |\n|---|---:|---:|---:|\n"
    printf "| wall s (median) | %.2f | %.2f | %.3f |\n", mwoff, mwon, mwon / mwoff
    printf "| cpu s (median) | %.2f | %.2f | %.3f |\n", mcoff, mcon, mcon / mcoff
    printf "\nMedian of the per-pair wall ratios: %.3f\n", median(r, nr)
}' "$work/runs"
