#!/usr/bin/env python3
"""Check every seed citation of tla/VmSpaceSeed.tla against the seed files.

A citation is `SEED NNN:A-B text` in a comment: `text` (up to two spaces or the end of the
line) must occur in lines A..B (1-based, as `sed -n A,Bp` prints them) of the seed file whose
name starts with NNN_ in $SEEDS (default /work/shared/seeds). Exit 1 listing every citation
that does not match; exit 2 when a seed file is missing.
"""
import glob
import os
import re
import sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
seeds = os.environ.get("SEEDS", "/work/shared/seeds")
spec = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tla", "VmSpaceSeed.tla")


def seed_lines(num, cache={}):
    if num not in cache:
        files = glob.glob(os.path.join(seeds, num + "_*.txt"))
        if len(files) != 1:
            print("check_citations: no seed file %s_*.txt in %s" % (num, seeds), file=sys.stderr)
            sys.exit(2)
        cache[num] = open(files[0], encoding="utf-8").read().split("\n")
    return cache[num]


bad = n = 0
for lineno, line in enumerate(open(spec, encoding="utf-8"), 1):
    for m in re.finditer(r"SEED (\d{3}):(\d+)-(\d+) (.+?)(?=  |$)", line.rstrip("\n")):
        num, a, b, text = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4).strip()
        n += 1
        lines = seed_lines(num)
        span = "\n".join(lines[a - 1:b])
        if a > b or b > len(lines) or text not in span:
            bad += 1
            print("%s:%d: citation %s:%d-%d %r not found in those seed lines" % (spec, lineno, num, a, b, text))
if n == 0:
    print("check_citations: no SEED citation in %s" % spec, file=sys.stderr)
    sys.exit(2)
print("check_citations: %d seed citations, %d wrong" % (n, bad))
sys.exit(1 if bad else 0)
