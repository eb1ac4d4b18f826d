#!/usr/bin/env python3
"""Refresh the counterexample tables in tla/REVIEW.md from the last TLC runs.

Every block  <!-- cex R12 -->...<!-- /cex -->  in REVIEW.md is replaced by the table
scripts/review/cex_table.py extracts from build/review/R12.out, with the columns the row has
in scripts/review.sh. Run `scripts/review.sh` (or `scripts/review.sh R12`) first.
"""
import os
import re
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
review = os.path.join(root, "tla", "REVIEW.md")
rows = {}
for line in open(os.path.join(root, "scripts", "review.sh")):
    m = re.match(r"^(R\d+)\|[^|]*\|[^|]*\|([^|]*)\|", line)
    if m:
        rows[m.group(1)] = m.group(2)


def table(m):
    row = m.group(1)
    out = os.path.join(root, "build", "review", row + ".out")
    t = subprocess.run([sys.executable, os.path.join(here, "cex_table.py"), out, rows[row]],
                       capture_output=True, text=True, check=True).stdout
    return "<!-- cex %s -->\n%s<!-- /cex -->" % (row, t)


text = open(review).read()
text = re.sub(r"<!-- cex (R\d+) -->.*?<!-- /cex -->", table, text, flags=re.S)
open(review, "w").write(text)
