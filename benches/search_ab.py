#!/usr/bin/env python3
"""Interleaved A/B of byline binaries on search latency, one process per query.

Usage: benches/search_ab.py BIN_A,BIN_B[,...] INDEX_DIR [REPS] [QUERY...]

Each rep runs every query with every binary (the binary order flips every rep, so noise from
other load hits all of them); the wall time of each `BIN search --index INDEX_DIR QUERY`
process is kept. Prints the per-query medians (ms) and each binary's median of the medians.
The binaries must read the same index (same schema version), or each its own: `BIN@INDEX`
names the index a binary reads instead of INDEX_DIR (for a schema change).
"""
import statistics
import subprocess
import sys
import time

DEFAULT_QUERIES = [
    "microsoft", "artificial intelligence", "google", "quantum computing",
    "apple iphone", "tesla", "climate", "startup funding",
]


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 1
    bins = sys.argv[1].split(",")
    index = sys.argv[2]
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    queries = sys.argv[4:] or DEFAULT_QUERIES
    times = {(b, q): [] for b in bins for q in queries}
    for rep in range(reps):
        for q in queries:
            for b in bins if rep % 2 == 0 else bins[::-1]:
                t = time.perf_counter()
                exe, _, own = b.partition("@")
                r = subprocess.run([exe, "search", "--index", own or index, q],
                                   stdout=subprocess.DEVNULL)
                if r.returncode not in (0, 1):
                    print(f"{b} failed on {q!r} (exit {r.returncode})", file=sys.stderr)
                    return 2
                times[(b, q)].append((time.perf_counter() - t) * 1000)
    print("| query | " + " | ".join(bins) + " |")
    print("|---|" + "---:|" * len(bins))
    for q in queries:
        cells = " | ".join(f"{statistics.median(times[(b, q)]):.2f}" for b in bins)
        print(f"| `{q}` | {cells} |")
    meds = [statistics.median([statistics.median(times[(b, q)]) for q in queries]) for b in bins]
    print("| median of medians | " + " | ".join(f"{m:.2f}" for m in meds) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
