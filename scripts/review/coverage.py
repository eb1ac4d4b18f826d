#!/usr/bin/env python3
"""The seed surface and tla/REVIEW.md's coverage table of it.

Extracts, from the five seed files in $SEEDS (default /work/shared/seeds), every item a
design review must account for:
  fn      every `pub fn` (any `pub(..)`, `unsafe`, `exec`, `const`), `spec fn` (open, closed,
          uninterp, in traits too), `proof fn`, `axiom fn`, `pub uninterp fn`
  impl    every trait impl (`impl<..> Trait for Type`, also rustdoc auto/blanket impls)
  doc     every doc section Safety, Panics, Errors, Lifecycle, Invariants
Each item is keyed `NNN:LINE` (seed file number, line as `sed -n LINEp` prints it).

  coverage.py --list     print the items (key, kind, text)
  coverage.py --check    compare with the table between <!-- coverage --> and <!-- /coverage -->
                         in tla/REVIEW.md: every item has exactly one row `| key | kind | text |
                         covered by |`, no row names a non-item, every "covered by" cell names
                         rows of REVIEW.md (R.., I..) or gives a reason ("out of scope: ..");
                         the rows the maintainers' summary, tla/README.md and README.md cite
                         ("REVIEW.md R21/R22") exist; exit 1 listing each failure
"""
import glob
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
seeds = os.environ.get("SEEDS", "/work/shared/seeds")
review = os.path.join(root, "tla", "REVIEW.md")

FN = re.compile(r"^(?:pub(?:\([^)]*\))?\s+)?(?:(?:open|closed|uninterp|unsafe|exec|const|broadcast)\s+)*"
                r"(?:(spec|proof|axiom)\s+)?fn\s+(\w+)")
IMPL = re.compile(r"^(?:unsafe\s+)?impl\b.*\bfor\b")
DOC = re.compile(r"(?:^|\s)(?:#+ |§|ยง)(Safety|Panics|Errors|Lifecycle|Invariants)\b")


def items():
    out = []
    for path in sorted(glob.glob(os.path.join(seeds, "[0-9][0-9][0-9]_*.txt"))):
        num = os.path.basename(path)[:3]
        for n, raw in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
            # Rust sources carry their own line numbers glued to the text: strip them.
            line = re.sub(r"^\d+", "", raw).strip() if num in ("000", "003") else raw.strip()
            line = re.sub(r"^(?://[/!]\s*)", "", line) if DOC.search(line) else line
            m = FN.match(line)
            if m and (line.startswith("pub") or m.group(1)):
                out.append(("%s:%d" % (num, n), "fn", norm(line)[:90]))
                continue
            if IMPL.match(line):
                out.append(("%s:%d" % (num, n), "impl", norm(line).rstrip(" {")[:90]))
                continue
            d = DOC.search(line)
            if d and (raw.lstrip(" 0123456789").startswith(("///", "//!")) or num not in ("000", "003")):
                out.append(("%s:%d" % (num, n), "doc", norm(line)[:90]))
    return out


def norm(t):
    return re.sub(r"\s+", " ", t).replace("|", "\\|").strip()


def table_rows(text):
    m = re.search(r"<!-- coverage -->(.*?)<!-- /coverage -->", text, re.S)
    if not m:
        return None
    rows = {}
    for line in m.group(1).split("\n"):
        c = re.match(r"^\| (\d{3}:\d+) \| (\w+) \| (.*) \| (.*) \|$", line)
        if c:
            rows.setdefault(c.group(1), []).append((c.group(2), c.group(3), c.group(4).strip()))
    return rows


def main():
    its = items()
    if "--list" in sys.argv:
        for k, kind, t in its:
            print("%s|%s|%s" % (k, kind, t))
        print("coverage: %d items" % len(its), file=sys.stderr)
        return 0
    text = open(review, encoding="utf-8").read()
    rows = table_rows(text)
    if rows is None:
        print("coverage: no <!-- coverage --> table in %s" % review)
        return 1
    known = set(re.findall(r"^\| ([RI]\d+W?) \|", text, re.M))
    bad = []
    keys = {k for k, _, _ in its}
    for k, kind, t in its:
        if k not in rows:
            bad.append("%s %s %s: no row in the coverage table" % (k, kind, t))
        elif len(rows[k]) != 1:
            bad.append("%s: %d rows" % (k, len(rows[k])))
        else:
            rk, rt, cov = rows[k][0]
            if rk != kind:
                bad.append("%s: kind %s, the seed item is %s" % (k, rk, kind))
            refs = re.findall(r"\b([RI]\d+W?)\b", cov)
            if not cov or cov == "TODO" or (not refs and not cov.startswith("out of scope:")):
                bad.append("%s %s: covered by neither rows nor a reason: %r" % (k, t, cov))
            for r in refs:
                if r.rstrip("W") not in known:  # a witness R25W belongs to row R25
                    bad.append("%s: names %s, which is no row of REVIEW.md" % (k, r))
    # The maintainers' summary cites rows too: each must exist.
    summ = re.search(r"## Summary for the seed's maintainers(.*?)\n## ", text, re.S)
    if not summ:
        bad.append("no '## Summary for the seed's maintainers' section")
    else:
        for r in sorted(set(re.findall(r"\b([RI]\d+W?)\b", summ.group(1)))):
            if r.rstrip("W") not in known:
                bad.append("summary names %s, which is no row of REVIEW.md" % r)
    # Other documents cite REVIEW.md rows ("REVIEW.md R21/R22"): each cited row must exist.
    for doc in ("tla/README.md", "README.md"):
        path = os.path.join(root, doc)
        if not os.path.exists(path):
            continue
        for no, line in enumerate(open(path, encoding="utf-8"), 1):
            for cite in re.findall(r"REVIEW\.md,? ((?:[RI]\d+W?[-/,; ]*(?:and |the same for readers: )?)+)", line):
                for r in re.findall(r"\b([RI]\d+W?)\b", cite):
                    if r.rstrip("W") not in known:
                        bad.append("%s:%d cites REVIEW.md %s, which is no row" % (doc, no, r))
    for k in sorted(set(rows) - keys):
        bad.append("%s: table row for no seed item" % k)
    for b in bad:
        print("coverage: " + b)
    nrow = sum(1 for k, _, _ in its if k in rows and re.search(r"\b[RI]\d+", rows[k][0][2]))
    print("coverage: %d seed items, %d reviewed by rows, %d out of scope with a reason, %d failures"
          % (len(its), nrow, len(its) - nrow, len(bad)))
    return 1 if bad else 0


sys.exit(main())
