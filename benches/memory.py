#!/usr/bin/env python3
"""Memory check: indexing a ~2 GB generated corpus keeps peak RSS within the `--memory-mb`
budget plus a margin. Not part of `cargo test`; run by hand:

    python3 benches/memory.py [--byline BIN] [--gb 2] [--budgets 64,128,512] [-j 2]
                              [--margin-mb M] [--per-file-kb K] [--total-margin-mb M]
                              [--interval S]
                              [--seed S] [--workdir DIR] [--keep] [--no-subset]
                              [--corpus DIR]

Corpus (deterministic from the seed, generated in ~1-2 minutes, written under the work
directory, a temp dir on disk unless --workdir): a vocabulary of 50,000 made-up words drawn
with a Zipf distribution (s = 1.07; the first 60 ranks are English function words), plus
numbers and capitalised names, so the term dictionary keeps growing with the corpus as real
news does. Four parts of ~GB/4 each:
  part0: three large files just under --max-file-mb 64 (a 62 MiB one-article .txt, a 62 MiB
         .json array, a 62 MiB .jsonl), two ~50 MiB .jsonl files, and ~5 KiB .txt articles;
  part1..3: two ~50 MiB .jsonl files each, and ~5 KiB .txt articles (header style).
part0 alone (~GB/4) is the subset that shows whether peak RSS grows with the corpus.

Runs (one at a time): for each budget, `/usr/bin/time -v byline index CORPUS --index IX
--memory-mb B -j J --json` on a fresh index, sampling /proc/PID/status (VmRSS, RssAnon,
RssFile), /proc/PID/io (rchar: how far through the input) and each thread's CPU time (which
of byline's main thread, the byline-parse pool, tantivy's indexing, doc-store and merge
threads were busy) every 0.2 s; then the same on part0 alone; then a re-run of the last full
index with nothing changed (the manifest and the walk alone). Each run must exit 0 and index
every article (no skip, nothing on stderr).

Two peaks are reported per run:
  - anonymous RSS (sampled max of RssAnon): the heap, what the budget is about; judged:
    FAIL when it exceeds budget + --margin-mb (default 350) + --per-file-kb (default 0.8) per
    file indexed: the margin RELIABILITY.md documents (a fixed part, and the manifest, which
    holds one entry per file);
  - total RSS (/usr/bin/time's "Maximum resident set size", exact): also counts the pages
    of index files tantivy maps (mmap) and reads, mostly while merging. Those are clean page
    cache the kernel can drop, and they grow with the index (1.4-2.7 GB for a 2.7 GB index),
    so no constant margin bounds them. Mapped pages cannot exceed the files mapped, so it is
    judged against the anonymous allowance plus the index's size on disk (FAIL above it), and
    also against budget + --total-margin-mb when that is given.
Where each peak happened (time, input read, the file being read, busy threads, commits so far)
is printed; the samples are in WORK/samples-*.tsv (kept with --keep).

Ends with PASS or FAIL (exit 0 / 1; 2 for bad usage).
"""
import argparse
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

MIB = 1 << 20
FUNCTION = ("the of and to a in that is for on it with as was by at from be has he said an "
            "its are have but not this which will were been they who more had their would "
            "also or after one new up than about over into all two there last first out").split()
NAMES = ["Microsoft", "Nvidia", "Apple", "Google", "Amazon", "Samsung", "Intel", "OpenAI",
         "Satya Nadella", "Tim Cook", "Berlin", "London", "Tokyo", "Meta", "Tesla", "IBM"]


# --------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------

class Words:
    def __init__(self, rng, n=50_000, s=1.07):
        syl = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["ar", "en", "or", "th"]
        made = set()
        while len(made) < n - len(FUNCTION):
            made.add("".join(rng.choice(syl) for _ in range(rng.choice((2, 3, 3, 4, 4, 5))))
                     + rng.choice(("", "", "s", "ed", "ing", "er", "ion")))
        made = sorted(made)
        rng.shuffle(made)
        self.vocab = FUNCTION + made
        w = [1.0 / (r ** s) for r in range(1, n + 1)]
        self.cum = list(itertools.accumulate(w))
        self.rng = rng

    def sample(self, k):
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=k)


def make_pool(rng, words, n_paras):
    """Paragraphs of 25-90 words in sentences, with numbers and names; ~450 bytes each."""
    sizes = [rng.randint(25, 90) for _ in range(n_paras)]
    flat = words.sample(sum(sizes))
    pool, at = [], 0
    for n in sizes:
        ws = flat[at:at + n]
        at += n
        out, i = [], 0
        while i < n:
            k = min(n - i, rng.randint(6, 24))
            s = ws[i:i + k]
            s[0] = s[0].capitalize()
            if k > 3 and rng.random() < 0.3:
                s[rng.randrange(1, k)] = rng.choice(NAMES)
            if k > 3 and rng.random() < 0.5:
                s[rng.randrange(1, k)] = str(rng.randint(0, 2_000_000))
            out.append(" ".join(s) + ".")
            i += k
        pool.append(" ".join(out))
    return pool


class Corpus:
    def __init__(self, root, gb, seed):
        self.root = root
        self.rng = random.Random(seed)
        t = time.monotonic()
        self.words = Words(self.rng)
        self.pool = make_pool(self.rng, self.words, 120_000)
        self.articles = {}  # part -> articles
        self.bytes = {}
        self.files = {}
        self.gb = gb
        self.setup_s = time.monotonic() - t

    def body(self, lo, hi):
        # Repeated-but-varied: paragraphs from the pool, each with a unique reference number.
        ps = self.rng.sample(self.pool, self.rng.randint(lo, hi))
        ps[0] = "Ref %d. %s" % (self.rng.randint(0, 10**9), ps[0])
        return ps

    def title(self):
        return " ".join(self.words.sample(self.rng.randint(4, 10))).capitalize()

    def date(self):
        r = self.rng
        return "%04d-%02d-%02d" % (r.randint(2000, 2025), r.randint(1, 12), r.randint(1, 28))

    def record(self):
        return {"title": self.title(), "date": self.date(),
                "url": "https://news%d.example.com/%d" % (self.rng.randint(1, 40),
                                                          self.rng.randint(0, 10**9)),
                "body": "\n\n".join(self.body(4, 14))}

    def write_jsonl(self, path, size):
        n, done = 0, 0
        with open(path, "w") as f:
            while done < size:
                line = json.dumps(self.record()) + "\n"
                f.write(line)
                done += len(line)
                n += 1
        return n, done

    def write_json_array(self, path, size):
        recs, done = [], 2
        while done < size:
            r = self.record()
            recs.append(r)
            done += len(json.dumps(r)) + 2
        data = json.dumps(recs, indent=0)
        with open(path, "w") as f:
            f.write(data)
        return len(recs), len(data)

    def write_big_txt(self, path, size):
        done = 0
        with open(path, "w") as f:
            head = "Title: %s\nDate: %s\nSource: Long Reads\n\n" % (self.title(), self.date())
            f.write(head)
            done += len(head)
            while done < size:
                chunk = "\n\n".join(self.body(20, 40)) + "\n\n"
                f.write(chunk)
                done += len(chunk)
        return 1, done

    def write_txt(self, path):
        text = "Title: %s\nDate: %s\nSource: %s\nURL: https://news.example.com/%d\n\n%s\n" % (
            self.title(), self.date(), self.rng.choice(("Wire", "Daily Tech", "The Register")),
            self.rng.randint(0, 10**9), "\n\n".join(self.body(6, 16)))
        with open(path, "w") as f:
            f.write(text)
        return len(text)

    def generate(self):
        t = time.monotonic()
        part_bytes = int(self.gb * 1024 * MIB / 4)
        for part in range(4):
            d = os.path.join(self.root, "part%d" % part)
            os.makedirs(d)
            arts, size, files = 0, 0, 0
            big = []
            # Sizes as described for --gb 2; scaled down for small test corpora.
            big_size = min(62 * MIB, part_bytes // 6)
            feed_size = min(50 * MIB, part_bytes // 8)
            if part == 0:
                big = [("big-article.txt", self.write_big_txt),
                       ("big-array.json", self.write_json_array),
                       ("big-records.jsonl", self.write_jsonl)]
                for name, fn in big:
                    n, b = fn(os.path.join(d, name), big_size)
                    arts, size, files = arts + n, size + b, files + 1
            for i in range(2):
                n, b = self.write_jsonl(os.path.join(d, "feed-%d.jsonl" % i), feed_size)
                arts, size, files = arts + n, size + b, files + 1
            k = 0
            while size < part_bytes:
                sub = os.path.join(d, "d%03d" % (k // 1000))
                if k % 1000 == 0:
                    os.makedirs(sub)
                size += self.write_txt(os.path.join(sub, "a%06d.txt" % k))
                arts, files, k = arts + 1, files + 1, k + 1
            self.articles[part], self.bytes[part], self.files[part] = arts, size, files
        return time.monotonic() - t + self.setup_s


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------

def proc_status(pid):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "RssAnon", "RssFile", "VmHWM", "Threads"):
                    out[k] = int(v.split()[0])
        with open("/proc/%d/io" % pid) as f:
            for line in f:
                if line.startswith("rchar:"):
                    out["rchar"] = int(line.split()[1])
    except (OSError, ValueError):
        return None
    return out


def thread_cpu(pid):
    """-> {thread kind: CPU ticks so far}: byline (main thread: walks, sends documents,
    commits), byline-parse (rayon: read, parse, split, entities), thrd-tantivy-index
    (tantivy's indexing threads), merge_thread, segment_updater."""
    kinds = {}
    try:
        for t in os.listdir("/proc/%d/task" % pid):
            try:
                stat = open("/proc/%d/task/%s/stat" % (pid, t)).read()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            k = re.sub(r"[-_]?\d+$", "", name)
            kinds[k] = kinds.get(k, 0) + int(fields[11]) + int(fields[12])
    except OSError:
        pass
    return kinds


def files_in_order(root):
    """(key, size) of the files under root in the order byline reads them (path order)."""
    out = []
    for d, dirs, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            out.append((p, os.path.getsize(p)))
    out.sort()
    return out


def child_of(pid, timeout=5.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            kids = open("/proc/%d/task/%d/children" % (pid, pid)).read().split()
            if kids:
                return int(kids[0])
        except OSError:
            return None
        time.sleep(0.01)
    return None


def dir_size(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(d, f)).st_size
            except OSError:
                pass
    return total


def measure(byline, corpus, ix, budget, threads, samples_path, input_bytes, order=(),
            interval=0.2):
    """Run one `byline index` under /usr/bin/time -v, sampling /proc every `interval` s.
    `order`: the corpus's (path, size) in reading order, to name the file being read at the
    peak."""
    tfile = ix + ".time"
    cmd = ["/usr/bin/time", "-v", "-o", tfile, byline, "index", corpus, "--index", ix,
           "--memory-mb", str(budget), "-j", str(threads), "--json", "-q"]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pid = child_of(p.pid)
    samples = []
    if pid:
        while p.poll() is None:
            st = proc_status(pid)
            if st is None:
                break
            st["t"] = time.monotonic() - t0
            st["cpu"] = thread_cpu(pid)
            try:  # the latest manifest's generation: commits so far (on a new index)
                st["generation"] = max([int(n[9:17]) for n in os.listdir(ix)
                                        if re.match(r"manifest-\d{8}\.(json|bin)$", n)] or [0])
            except OSError:
                st["generation"] = 0
            samples.append(st)
            time.sleep(interval)
    out, err = p.communicate()
    wall = time.monotonic() - t0
    tv = open(tfile).read()
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv)
    peak_kb = int(m.group(1)) if m else 0
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", tv).group(1))
    syst = float(re.search(r"System time \(seconds\): ([\d.]+)", tv).group(1))
    # CPU ticks per thread kind since the previous sample: which threads were busy.
    prev = {}
    for s in samples:
        s["busy"] = {k: v - prev.get(k, 0) for k, v in s["cpu"].items() if v > prev.get(k, 0)}
        prev = s["cpu"]
    with open(samples_path, "w") as f:
        f.write("t\tVmRSS_kB\tRssAnon_kB\tRssFile_kB\trchar\tgeneration\tbusy_ticks\n")
        for s in samples:
            f.write("%.1f\t%d\t%d\t%d\t%d\t%d\t%s\n" % (
                s["t"], s.get("VmRSS", 0), s.get("RssAnon", 0), s.get("RssFile", 0),
                s.get("rchar", 0), s["generation"],
                ",".join("%s:%d" % kv for kv in sorted(s["busy"].items()))))
    res = {"budget": budget, "rc": p.returncode, "stderr": err, "peak_mb": peak_kb / 1024,
           "wall": wall, "cpu": user + syst, "index_mb": dir_size(ix) / MIB,
           "samples": len(samples), "anon_mb": 0.0, "file_mb": 0.0}
    try:
        res["summary"] = json.loads(out)
    except ValueError:
        res["summary"] = None
    if samples:
        res["anon_mb"] = max(s.get("RssAnon", 0) for s in samples) / 1024
        res["file_mb"] = max(s.get("RssFile", 0) for s in samples) / 1024
        res["anon_at"] = where(max(samples, key=lambda s: s.get("RssAnon", 0)), wall,
                               input_bytes, order, corpus)
        res["total_at"] = where(max(samples, key=lambda s: s.get("VmRSS", 0)), wall,
                                input_bytes, order, corpus)
    return res


def where(s, wall, input_bytes, order, corpus):
    """Describe the moment of a sample: time, input read, the file being read, busy threads."""
    rchar = s.get("rchar", 0)
    out = ["t=%.1fs of %.1fs" % (s["t"], wall)]
    if input_bytes and rchar >= 0.999 * input_bytes:
        out.append("all input read")
    elif input_bytes:
        out.append("%.0f%% of the input read" % (100.0 * rchar / input_bytes))
        at = 0
        for path, size in order:
            at += size
            if at >= rchar:
                out.append("reading about %s" % os.path.relpath(path, corpus))
                break
    busy = sorted(s["busy"].items(), key=lambda kv: -kv[1])
    out.append("busy (CPU ticks since the last sample): %s" % (
        ", ".join("%s %d" % kv for kv in busy) or "none"))
    out.append("commits so far %d" % s["generation"])
    out.append("RssAnon %.0f MB, RssFile %.0f MB" % (s.get("RssAnon", 0) / 1024,
                                                     s.get("RssFile", 0) / 1024))
    return ", ".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--byline", default="target/release/byline")
    ap.add_argument("--gb", type=float, default=2.0, help="corpus size in GiB (default 2)")
    ap.add_argument("--budgets", default="64,128,512", help="--memory-mb values")
    ap.add_argument("-j", "--threads", type=int, default=2)
    ap.add_argument("--margin-mb", type=float, default=350,
                    help="FAIL if peak anonymous RSS > budget + this + --per-file-kb per file "
                    "(default 350)")
    ap.add_argument("--per-file-kb", type=float, default=0.8,
                    help="per indexed file, added to --margin-mb (default 0.8)")
    ap.add_argument("--total-margin-mb", type=float,
                    help="also FAIL if peak total RSS (/usr/bin/time's maximum resident set "
                    "size, mapped index files included) > budget + this")
    ap.add_argument("--interval", type=float, default=0.2, help="sampling interval, seconds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-subset", action="store_true", help="skip the part0-only runs")
    ap.add_argument("--corpus", help="reuse a corpus generated by an earlier --keep run "
                    "(WORK/corpus; WORK/corpus.json describes it)")
    a = ap.parse_args()
    byline = os.path.abspath(a.byline)
    if not os.access(byline, os.X_OK):
        print("memory: %s is not an executable (cargo build --release?)" % byline,
              file=sys.stderr)
        return 2
    if not os.access("/usr/bin/time", os.X_OK):
        print("memory: /usr/bin/time not found (apt-get install time)", file=sys.stderr)
        return 2
    budgets = [int(b) for b in a.budgets.split(",")]
    work = os.path.realpath(a.workdir or tempfile.mkdtemp(prefix="byline-memory-"))
    os.makedirs(work, exist_ok=True)
    print("memory: %s, %.2f GiB corpus, budgets %s MB, -j %d, margin %.0f MB (anonymous)%s, "
          "work %s" % (byline, a.gb, budgets, a.threads, a.margin_mb,
                       "" if a.total_margin_mb is None else
                       ", %.0f MB (total)" % a.total_margin_mb, work), flush=True)
    ok = True
    try:
        if a.corpus:
            root = os.path.realpath(a.corpus)
            info = json.load(open(root + ".json"))
            print("corpus: reusing %s (%d files, %d articles, %.0f MiB)" % (
                root, sum(info["files"].values()), sum(info["articles"].values()),
                sum(info["bytes"].values()) / MIB), flush=True)
        else:
            root = os.path.join(work, "corpus")
            os.makedirs(root)
            c = Corpus(root, a.gb, a.seed)
            secs = c.generate()
            info = {"articles": c.articles, "bytes": c.bytes, "files": c.files,
                    "seed": a.seed, "gb": a.gb}
            with open(root + ".json", "w") as f:  # beside the corpus, not in it
                json.dump(info, f)
            print("corpus: %d files, %d articles, %.0f MiB in %.0f s (%s)" % (
                sum(c.files.values()), sum(c.articles.values()),
                sum(c.bytes.values()) / MIB, secs,
                "; ".join("part%s %d files %.0f MiB" % (p, c.files[p], c.bytes[p] / MIB)
                          for p in c.files)), flush=True)
        arts = {int(k): v for k, v in info["articles"].items()}
        size = {int(k): v for k, v in info["bytes"].items()}
        nfiles = {int(k): v for k, v in info["files"].items()}
        runs = [("full", root, sum(arts.values()), sum(size.values()), sum(nfiles.values()))]
        if not a.no_subset:
            runs.append(("part0", os.path.join(root, "part0"), arts[0], size[0], nfiles[0]))
        results = []
        last_full = None
        for name, path, want_arts, nbytes, nf in runs:
            order = files_in_order(path)
            for b in budgets:
                ix = os.path.join(work, "ix-%s-%d" % (name, b))
                r = measure(byline, path, ix, b, a.threads,
                            os.path.join(work, "samples-%s-%d.tsv" % (name, b)), nbytes,
                            order, a.interval)
                r["name"], r["input_mb"], r["files"] = name, nbytes / MIB, nf
                s = r["summary"] or {}
                problems = []
                if r["rc"] != 0:
                    problems.append("exit %d: %s" % (r["rc"], r["stderr"][-500:]))
                if s.get("articles") != want_arts:
                    problems.append("articles %s, want %d" % (s.get("articles"), want_arts))
                if s.get("skipped"):
                    problems.append("skipped %r" % s["skipped"][:3])
                if r["stderr"].strip():
                    problems.append("stderr: %s" % r["stderr"][-500:])
                r["margin"] = r["anon_mb"] - b
                r["total_margin"] = r["peak_mb"] - b
                print("%-5s %5.0f MiB %6d files  --memory-mb %4d  anon peak %6.1f MB "
                      "(margin %+6.1f)  total peak RSS %6.1f MB (margin %+6.1f; mapped files "
                      "up to %.0f MB)  wall %6.1f s  cpu %6.1f s  index %5.0f MiB  articles %s  "
                      "passages %s"
                      % (name, r["input_mb"], nf, b, r["anon_mb"], r["margin"], r["peak_mb"],
                         r["total_margin"], r["file_mb"], r["wall"], r["cpu"], r["index_mb"],
                         s.get("articles"), s.get("passages")), flush=True)
                print("      anon peak:  %s" % r.get("anon_at", "not sampled"))
                print("      total peak: %s" % r.get("total_at", "not sampled"), flush=True)
                if problems:
                    print("      FAIL: %s" % "; ".join(problems), flush=True)
                    ok = False
                allowed = a.margin_mb + a.per_file_kb * nf / 1024
                print("      allowed: budget %d + %.0f MB + %.1f KB x %d files = %.0f MB anonymous"
                      % (b, a.margin_mb, a.per_file_kb, nf, b + allowed), flush=True)
                if r["margin"] > allowed:
                    print("      FAIL: anonymous RSS %.1f MB > budget %d + margin %.0f MB"
                          % (r["anon_mb"], b, allowed), flush=True)
                    ok = False
                if r["total_margin"] > allowed + r["index_mb"]:
                    print("      FAIL: total RSS %.1f MB > budget %d + %.0f MB + index %.0f MB"
                          % (r["peak_mb"], b, allowed, r["index_mb"]), flush=True)
                    ok = False
                if a.total_margin_mb is not None and r["total_margin"] > a.total_margin_mb:
                    print("      FAIL: total RSS %.1f MB > budget %d + margin %.0f MB"
                          % (r["peak_mb"], b, a.total_margin_mb), flush=True)
                    ok = False
                results.append(r)
                if name == "full" and b == budgets[-1]:
                    last_full = ix  # kept for the re-run below
                else:
                    shutil.rmtree(ix, ignore_errors=True)
        # Re-run with nothing changed on the last full index: what the manifest and the walk
        # cost by themselves (no document is built).
        if last_full:
            nf = sum(nfiles.values())
            r = measure(byline, root, last_full, budgets[-1], a.threads,
                        os.path.join(work, "samples-rerun.tsv"), 0, (), a.interval)
            s = r["summary"] or {}
            print("rerun, nothing changed (--memory-mb %d): anon peak %.1f MB (%.2f KB per "
                  "file), total peak RSS %.1f MB, wall %.1f s, unchanged %s, committed %s"
                  % (budgets[-1], r["anon_mb"], r["anon_mb"] * 1024 / nf, r["peak_mb"],
                     r["wall"], s.get("unchanged"), s.get("committed")))
            if r["rc"] != 0 or s.get("committed") or s.get("unchanged") != nf:
                print("      FAIL: exit %d, committed %s, unchanged %s (want %d)"
                      % (r["rc"], s.get("committed"), s.get("unchanged"), nf))
                ok = False
            shutil.rmtree(last_full, ignore_errors=True)
        full = {r["budget"]: r for r in results if r["name"] == "full"}
        sub = {r["budget"]: r for r in results if r["name"] == "part0"}
        for b in budgets:
            if b in full and b in sub:
                print("growth at --memory-mb %d, part0 (%.0f MiB, %d files) -> full (%.0f MiB, "
                      "%d files): anon peak %.0f -> %.0f MB (%+.0f), total peak RSS %.0f -> "
                      "%.0f MB (%+.0f)" % (
                          b, sub[b]["input_mb"], sub[b]["files"], full[b]["input_mb"],
                          full[b]["files"], sub[b]["anon_mb"], full[b]["anon_mb"],
                          full[b]["anon_mb"] - sub[b]["anon_mb"], sub[b]["peak_mb"],
                          full[b]["peak_mb"], full[b]["peak_mb"] - sub[b]["peak_mb"]))
        print("largest margin over the budget: anonymous %.1f MB, total %.1f MB" % (
            max(r["margin"] for r in results), max(r["total_margin"] for r in results)))
    finally:
        if not a.keep:
            if a.corpus and os.path.realpath(a.corpus).startswith(work + os.sep):
                for f in os.listdir(work):  # a reused corpus inside WORK stays
                    if f.startswith(("samples-", "ix-")):
                        p = os.path.join(work, f)
                        shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
            else:
                shutil.rmtree(work, ignore_errors=True)
        else:
            print("memory: work directory kept: %s" % work)
    print(("PASS: every anonymous peak within budget + %.0f MB + %.1f KB per file, every total "
           "peak within that + the index's size%s" % (
        a.margin_mb, a.per_file_kb, "" if a.total_margin_mb is None else
        ", every total peak within budget + %.0f MB" % a.total_margin_mb)) if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
