#!/usr/bin/env python3
"""Check the quotes behind tla/REVIEW.md's "by inspection" rows against the seed files.

scripts/review/inspection.txt has one quote a line: ROW|seed|first-last|text. The text, with
runs of whitespace collapsed, must occur in lines first..last of the seed file NNN_*.txt in
$SEEDS (default /work/shared/seeds), also whitespace-collapsed. Every ROW quoted must have a
row `| ROW |` in REVIEW.md and every by-inspection row of REVIEW.md (`| Inn |`) must have a
quote. Exit 1 listing each failure.
"""
import glob
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
seeds = os.environ.get("SEEDS", "/work/shared/seeds")
quotes = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "inspection.txt")
review = os.path.join(root, "tla", "REVIEW.md")


def norm(t):
    return re.sub(r"\s+", " ", t).strip()


bad, rows, n = [], set(), 0
for lineno, line in enumerate(open(quotes, encoding="utf-8"), 1):
    if not line.strip() or line.startswith("#"):
        continue
    parts = line.rstrip("\n").split("|", 3)
    if len(parts) != 4 or not re.fullmatch(r"\d+-\d+", parts[2]):
        bad.append("%s:%d: malformed line" % (quotes, lineno))
        continue
    row, num, span, text = parts
    a, b = map(int, span.split("-"))
    files = glob.glob(os.path.join(seeds, num + "_*.txt"))
    if len(files) != 1:
        bad.append("%s:%d: no seed file %s_*.txt" % (quotes, lineno, num))
        continue
    lines = open(files[0], encoding="utf-8").read().split("\n")
    n += 1
    rows.add(row)
    if not (1 <= a <= b <= len(lines)) or norm(text) not in norm(" ".join(lines[a - 1:b])):
        bad.append("%s:%d: %s: quote not on %s:%s: %r" % (quotes, lineno, row, num, span, text))
table = set(re.findall(r"^\| (I\d+) \|", open(review, encoding="utf-8").read(), re.M))
for r in sorted(rows - table):
    bad.append("REVIEW.md has no by-inspection row %s (quoted in %s)" % (r, quotes))
for r in sorted(table - rows):
    bad.append("REVIEW.md row %s has no checked quote in %s" % (r, quotes))
for m in bad:
    print("check_inspection: " + m)
print("check_inspection: %d quotes for %d by-inspection rows, %d failures" % (n, len(rows), len(bad)))
sys.exit(1 if bad else 0)
