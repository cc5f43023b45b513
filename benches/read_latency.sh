#!/usr/bin/env bash
# read_latency.sh: read-side latency of two byline binaries, each on its own index of a corpus.
#
# Usage:
#   benches/read_latency.sh OLD_BINARY NEW_BINARY CORPUS_DIR [WORK_DIR]
#
# Each binary indexes CORPUS_DIR into WORK_DIR/old and WORK_DIR/new (WORK_DIR defaults to a
# fresh temporary directory, deleted at the end), then runs 4 searches (default facets), 2
# `facets` and 2 `show` commands, one process each, 11 rounds, the two binaries interleaved in
# alternating order. Printed: both index sizes (`du -sb`) and, per command group, the median of
# the per-command medians for each binary and their ratio.
# Exit status: 0 ok, 1 usage error.
set -euo pipefail
[ $# -ge 3 ] && [ $# -le 4 ] || {
    echo "usage: benches/read_latency.sh OLD_BINARY NEW_BINARY CORPUS_DIR [WORK_DIR]" >&2
    exit 1
}
old=$1 new=$2 corpus=$3
if [ $# -eq 4 ]; then
    work=$4
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
rm -rf "$work/old" "$work/new"
"$old" index "$corpus" --index "$work/old" --quiet
"$new" index "$corpus" --index "$work/new" --quiet
du -sb "$work/old" "$work/new"
first=$(find "$corpus" -type f | sort | sed -n 1p)
last=$(find "$corpus" -type f | sort | sed -n '$p')
python3 - "$old" "$new" "$work" "$first" "$last" <<'P'
import shlex, statistics, subprocess, sys, time

old, new, work, first, last = sys.argv[1:6]
cmds = [
    ["search", "openai", "board"],
    ["search", "nvidia", "chip"],
    ["search", '"data centre"'],
    ["search", "privacy", "regulation", "europe"],
    ["facets"],
    ["facets", "google"],
    ["show", first],
    ["show", last],
]
runs = {}
for r in range(11):
    pair = [("old", old), ("new", new)]
    for c in cmds:
        for tag, binary in pair if r % 2 else pair[::-1]:
            t = time.perf_counter()
            subprocess.run([binary, *c, "--index", f"{work}/{tag}"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            runs.setdefault((tag, " ".join(c)), []).append(time.perf_counter() - t)
print("| command | old | new | new / old |")
print("|---|---:|---:|---:|")
for group in ["search", "facets", "show"]:
    cs = [" ".join(c) for c in cmds if c[0] == group]
    o = statistics.median(statistics.median(runs[("old", c)]) for c in cs)
    n = statistics.median(statistics.median(runs[("new", c)]) for c in cs)
    print(f"| {group} | {o * 1000:.2f} ms | {n * 1000:.2f} ms | {n / o:.3f} |")
P
