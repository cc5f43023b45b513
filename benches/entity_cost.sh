#!/usr/bin/env bash
# entity_cost.sh: what entity extraction adds to indexing, end to end.
#
# Usage:
#   benches/entity_cost.sh CORPUS_DIR [ROUNDS]        (ROUNDS default 5)
#
# Environment:
#   BYLINE   byline binary   [<repo root>/target/release/byline]
#   WORK     scratch dir     [a fresh mktemp -d, deleted at the end]
#
# Each round indexes CORPUS_DIR from scratch three times with the same binary:
#   off        BYLINE_BENCH_ENTITIES=off: no extraction, no entity fields
#   unwritten  BYLINE_BENCH_ENTITIES=unwritten: extraction runs, its result is dropped
#   on         as users run it (extraction, and the entity fields written)
# The order rotates between rounds so that load from other processes hits every mode.
# Reported: per run wall seconds, CPU seconds (user+sys) and peak RSS from GNU
# `/usr/bin/time`; then per mode the medians and their ratio to `off`, and the median of
# the per-round wall ratios.
# Exit status: 0 ok, 1 usage error, 2 a run failed.
set -euo pipefail
export LC_ALL=C

die() { echo "entity_cost: error: $1" >&2; exit "${2:-2}"; }
[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: benches/entity_cost.sh CORPUS_DIR [ROUNDS]" 1
corpus=$1
rounds=${2:-5}
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

run() { # run off|unwritten|on -> "mode wall cpu rss_mb"
    local mode=$1
    rm -rf "$work/idx"
    BYLINE_BENCH_ENTITIES=$mode /usr/bin/time -o "$work/time" -f '%e %U %S %M' \
        "$bin" index "$corpus" --index "$work/idx" --quiet >/dev/null ||
        die "byline index failed ($mode)"
    read -r wall user sys rss <"$work/time"
    echo "$mode $wall $(echo "$user + $sys" | bc) $((rss / 1024))"
}

echo "# entity extraction cost: $corpus, $rounds rounds"
echo
echo "$(date -u +%FT%TZ), nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg), $("$bin" --version)"
echo
echo "| round | mode | wall s | cpu s | peak RSS MB |"
echo "|---:|---|---:|---:|---:|"
: >"$work/runs"
for p in $(seq 1 "$rounds"); do
    case $((p % 3)) in
    1) order="off unwritten on" ;;
    2) order="unwritten on off" ;;
    *) order="on off unwritten" ;;
    esac
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
{ n[$2]++; wall[$2, n[$2]] = $3; cpu[$2, n[$2]] = $4; round[$2, $1] = $3; rounds[$1] = 1 }
END {
    split("off unwritten on", modes, " ")
    for (k = 1; k <= 3; k++) {
        m = modes[k]
        delete w; delete c
        for (i = 1; i <= n[m]; i++) { w[i] = wall[m, i]; c[i] = cpu[m, i] }
        mw[m] = median(w, n[m]); mc[m] = median(c, n[m])
        delete r; nr = 0
        for (p in rounds) r[++nr] = round[m, p] / round["off", p]
        mr[m] = median(r, nr)
    }
    printf "| mode | wall s (median) | cpu s (median) | wall / off | cpu / off | per-round wall / off (median) |\n"
    printf "|---|---:|---:|---:|---:|---:|\n"
    for (k = 1; k <= 3; k++) {
        m = modes[k]
        printf "| %s | %.2f | %.2f | %.3f | %.3f | %.3f |\n", m, mw[m], mc[m], mw[m] / mw["off"], mc[m] / mc["off"], mr[m]
    }
}' "$work/runs"
