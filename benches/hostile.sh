#!/usr/bin/env bash
# Full-size hostile inputs that a debug `cargo test` cannot afford (see RELIABILITY.md):
# a 10 MB line without a newline, a million-line JSON Lines file with a bad record in the
# middle, a JSON string of 100,000 escapes, HTML 10,000 tags deep, and (as root, when a tmpfs
# can be mounted) a genuinely full disk. Each check prints ok/FAIL with its time and peak RSS;
# the script exits 1 if any failed.
#
#   bash benches/hostile.sh [BYLINE_BINARY]     (default target/release/byline, built if missing)
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/byline}
[ -x "$BIN" ] || cargo build --release -q
BIN=$(realpath "$BIN")
work=$(mktemp -d /tmp/byline-hostile.XXXXXX)
mnt=""
cleanup() {
  [ -n "$mnt" ] && umount "$mnt" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failed=0
ok() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failed=1; }

# run NAME CMD...: runs with /usr/bin/time, leaves exit code in $rc, stderr in $work/NAME.err
run() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"
  rc=$?
  # GNU time writes "Command exited with non-zero status N" first when the command fails.
  read -r secs kb < <(tail -1 "$work/$name.time")
  took="${secs} s, peak RSS $((kb / 1024)) MB"
}

gen() { python3 - "$@"; }

# 1. A 10 MB line without a newline.
mkdir -p "$work/long"
gen "$work/long/line.txt" <<'EOF'
import sys
words = ' '.join('w%d' % (i % 7919) for i in range(1_400_000))
open(sys.argv[1], 'w').write('Long line\n\n' + words[:10_000_000] + ' narwhal')
EOF
run long "$BIN" index "$work/long" --index "$work/ix-long" --json
if [ $rc -eq 0 ] && grep -q '"articles":1,' "$work/long.out" \
   && [ "$("$BIN" search narwhal --index "$work/ix-long" --count)" = 1 ]; then
  passages=$(sed 's/.*"passages":\([0-9]*\).*/\1/' "$work/long.out")
  ok "10 MB line: 1 article in $passages passages, found by its last word ($took)"
else
  fail "10 MB line: exit $rc: $(head -c 300 "$work/long.err")"
fi

# 2. A million-line JSON Lines file with one bad record in the middle.
mkdir -p "$work/jsonl"
gen "$work/jsonl/million.jsonl" <<'EOF'
import sys
with open(sys.argv[1], 'w') as f:
    for i in range(1, 1_000_001):
        if i == 500_000:
            f.write('{"title": "broken", "body": "no closing brace"\n')
        else:
            f.write('{"title":"Item %d","body":"Record %d mentions token%d and the capybara."}\n' % (i, i, i % 1000))
EOF
# 79 MB: above the default --max-file-mb 64 (a file is read whole), so raise it.
run jsonl "$BIN" index "$work/jsonl" --index "$work/ix-jsonl" --json --max-file-mb 128
if [ $rc -eq 0 ] && grep -q '"articles":999999,' "$work/jsonl.out" \
   && grep -q '"line":500000' "$work/jsonl.out" \
   && [ "$("$BIN" search token7 --index "$work/ix-jsonl" --count)" = 1000 ]; then
  ok "1M-line JSON Lines: 999,999 records, the bad one reported at line 500000 ($took)"
else
  fail "1M-line JSON Lines: exit $rc: $(head -c 300 "$work/jsonl.out") $(head -c 300 "$work/jsonl.err")"
fi
run jsonl-search "$BIN" search capybara --index "$work/ix-jsonl" --facets org -n 10 --format json
if [ $rc -eq 0 ] && grep -q '"total_articles":999999' "$work/jsonl-search.out"; then
  ok "a query matching all 999,999 records, with facets ($took)"
else
  fail "query over 1M records: exit $rc: $(head -c 300 "$work/jsonl-search.err")"
fi

# 3. A JSON string of 100,000 escapes; HTML 10,000 tags deep, never closed.
mkdir -p "$work/nasty"
gen "$work/nasty" <<'EOF'
import sys, os
d = sys.argv[1]
open(os.path.join(d, 'escapes.json'), 'w').write(
    '{"title":"esc","body":"' + '\\u00e9\\u2019\\n' * 100_000 + ' okapi"}')
open(os.path.join(d, 'deep.html'), 'w').write(
    '<html><title>Deep</title><body>' + '<div>' * 10_000 + '<p>okapi in the deep' + '<b><i>' * 5_000)
EOF
run nasty "$BIN" index "$work/nasty" --index "$work/ix-nasty" --json
if [ $rc -eq 0 ] && grep -q '"articles":2,' "$work/nasty.out" \
   && [ "$("$BIN" search okapi --index "$work/ix-nasty" --count)" = 2 ]; then
  ok "100,000 JSON escapes and 10,000-deep unclosed HTML: both indexed ($took)"
else
  fail "escapes / deep HTML: exit $rc: $(head -c 300 "$work/nasty.err")"
fi

# 4. A genuinely full disk (ENOSPC): a 1 MB tmpfs holding an index, then more to index.
if [ "$(id -u)" = 0 ] && mkdir -p "$work/small" && mount -t tmpfs -o size=1m tmpfs "$work/small" 2>/dev/null; then
  mnt="$work/small"
  mkdir -p "$work/disk"
  cp corpus/txt/*.txt "$work/disk/" 2>/dev/null || cp -r corpus/* "$work/disk/"
  first=$(ls "$work/disk" | head -3)
  mkdir -p "$work/disk-first" && for f in $first; do cp -r "$work/disk/$f" "$work/disk-first/"; done
  "$BIN" index "$work/disk-first" --index "$mnt/ix" -q
  before=$("$BIN" stats --index "$mnt/ix" --json | sed 's/.*"articles":\([0-9]*\),.*/\1/')
  # Fill what is left of the disk, then index the whole corpus on top.
  dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null
  run disk "$BIN" index "$work/disk" --index "$mnt/ix"
  after=$("$BIN" stats --index "$mnt/ix" --json 2>/dev/null | sed 's/.*"articles":\([0-9]*\),.*/\1/')
  if [ $rc -eq 2 ] && grep -q "No space left on device" "$work/disk.err" \
     && [ "$after" = "$before" ] && ! grep -q panicked "$work/disk.err"; then
    ok "full disk: exit 2, \"$(head -c 160 "$work/disk.err")\", the index still holds its $before articles"
  else
    fail "full disk: exit $rc, articles $before -> $after: $(head -c 300 "$work/disk.err")"
  fi
  rm -f "$mnt/filler"
  run disk2 "$BIN" index "$work/disk" --index "$mnt/ix" --json
  if [ $rc -eq 0 ]; then
    ok "full disk, space freed: the next run completes ($(sed 's/.*"articles":\([0-9]*\),.*/\1/' "$work/disk2.out") articles)"
  else
    fail "after freeing space: exit $rc: $(head -c 300 "$work/disk2.err")"
  fi
else
  echo "skip  full disk: needs root and a mountable tmpfs (tests/it/reliability.rs covers it with RLIMIT_FSIZE)"
fi

[ $failed = 0 ] && echo "hostile: all checks passed" || echo "hostile: FAILED"
exit $failed
