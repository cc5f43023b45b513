#!/usr/bin/env python3
"""index_ab.py: `byline index --rebuild` timed per binary, interleaved, for small corpora.

Usage: benches/index_ab.py CORPUS_DIR REPS BIN [BIN...]

Each rep runs every binary once (the order reversed on every other rep, so that slow spells of
the machine hit all of them), each into a fresh index directory under a temporary folder:
    BIN index CORPUS_DIR --index TMP/idx --rebuild --quiet --json
Wall time is measured around fork/exec/wait with time.perf_counter (index_compare.sh's GNU time
has 10 ms resolution, too coarse for a 0.2 s run); CPU is the child's user + system time from
wait4 (tick-based on some kernels: read it as a rough figure). Prints per binary the median and
minimum wall and the median CPU, in ms. A run that fails stops the script.
"""
import os
import shutil
import statistics
import sys
import tempfile
import time


def main() -> None:
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    corpus, reps, bins = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    wall = {b: [] for b in bins}
    cpu = {b: [] for b in bins}
    with tempfile.TemporaryDirectory(prefix="index_ab.") as tmp:
        idx = os.path.join(tmp, "idx")
        for r in range(reps):
            for b in bins if r % 2 == 0 else bins[::-1]:
                shutil.rmtree(idx, ignore_errors=True)
                argv = [b, "index", corpus, "--index", idx, "--rebuild", "--quiet", "--json"]
                t = time.perf_counter()
                pid = os.fork()
                if pid == 0:
                    null = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(null, 1)
                    os.execv(b, argv)
                _, status, usage = os.wait4(pid, 0)
                wall[b].append(time.perf_counter() - t)
                cpu[b].append(usage.ru_utime + usage.ru_stime)
                if os.waitstatus_to_exitcode(status) != 0:
                    sys.exit(f"index_ab: {' '.join(argv)} failed ({status})")
    for b in bins:
        print(
            f"{b}: wall median {statistics.median(wall[b]) * 1000:.1f} ms, "
            f"min {min(wall[b]) * 1000:.1f} ms; CPU median {statistics.median(cpu[b]) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
