#!/usr/bin/env python3
"""serve_perquery.py: per-query latency of a running server, one keep-alive connection.

Usage: benches/serve_perquery.py BASE_URL PATHS_FILE [REPEATS]   (default 30)

PATHS_FILE holds one request path per line (benches/serve_load.sh writes them to
$WORK/byline-facets.paths and byline-nofacets.paths). Each path is requested REPEATS times in
a row; prints each path's median in ms and the response size, then the sum of the medians.
Loopback only: BASE_URL is http://127.0.0.1:PORT.
"""
import http.client
import statistics
import sys
import time
import urllib.parse

base = sys.argv[1].rstrip("/").removeprefix("http://")
host, port = base.split(":")
if host not in ("127.0.0.1", "localhost"):
    sys.exit("serve_perquery.py: loopback servers only")
conn = http.client.HTTPConnection(host, int(port))
paths = [line.strip() for line in open(sys.argv[2]) if line.strip()]
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 30
total = 0.0
for p in paths:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        conn.request("GET", p)
        body = conn.getresponse().read()
        times.append(time.perf_counter() - t)
    ms = statistics.median(times) * 1000
    total += ms
    print(f"{ms:7.2f} ms  {len(body):7d} B  {urllib.parse.unquote(p)[:70]}")
print(f"sum of medians {total:.2f} ms")
