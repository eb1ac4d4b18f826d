#!/usr/bin/env python3
"""The summary of make mutation (scripts/mutation.sh): reads PIT's mutations.xml of every group run
(build/pit-reports/<group>/mutations.xml) and prints, as Markdown, mutants and kills per group and per
class, the whole-package score, and every survivor (SURVIVED or NO_COVERAGE) of the classes the
triage covers (java-impl/README.md, "Mutation score").

PIT counts KILLED, TIMED_OUT, MEMORY_ERROR and RUN_ERROR as detected; so does this summary, and it
shows them apart: a RUN_ERROR is a kill only if the tests could run (a recompile under a run voids it).

usage: pit-summary.py REPORTS_DIR [--survivors GLOB,GLOB...] [--group NAME]
The groups are REPORTS_DIR's sub-directories but custom/ (a PIT_CLASSES run), or NAME alone.
exit: 0 printed; 2 no group report found or a report unreadable (one line on stderr).
"""
import fnmatch
import glob
import os
import sys
import time
import xml.etree.ElementTree as ET

DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}
UNDETECTED = {"SURVIVED", "NO_COVERAGE"}


def main(argv):
    if len(argv) < 2:
        print("usage: pit-summary.py REPORTS_DIR [--survivors GLOB,...]", file=sys.stderr)
        return 2
    root = argv[1]
    survivor_globs = []
    only = None
    args = argv[2:]
    while args:
        if args[0] == "--survivors" and len(args) > 1:
            survivor_globs = [g for g in args[1].split(",") if g]
        elif args[0] == "--group" and len(args) > 1:
            only = args[1]
        else:
            print("pit-summary: unknown argument %s" % args[0], file=sys.stderr)
            return 2
        args = args[2:]
    def wanted(f):
        name = os.path.basename(os.path.dirname(f))
        return name == only if only else name != "custom"
    reports = [f for f in sorted(glob.glob(os.path.join(root, "*", "mutations.xml"))) if wanted(f)]
    if not reports:
        print("pit-summary: no group report in %s (run make mutation)" % root, file=sys.stderr)
        return 2
    groups = []
    by_class = {}
    survivors = []
    for f in reports:
        group = os.path.basename(os.path.dirname(f))
        try:
            tree = ET.parse(f)
        except (ET.ParseError, OSError) as e:
            print("pit-summary: %s: unreadable report: %s" % (f, e), file=sys.stderr)
            return 2
        counts = {}
        for m in tree.getroot().iter("mutation"):
            status = m.get("status")
            cls = m.findtext("mutatedClass").split("$")[0]
            counts[status] = counts.get(status, 0) + 1
            c = by_class.setdefault(cls, {})
            c[status] = c.get(status, 0) + 1
            if status in UNDETECTED and any(fnmatch.fnmatchcase(cls, g) for g in survivor_globs):
                survivors.append((cls, int(m.findtext("lineNumber")), m.findtext("mutatedMethod"),
                                  status, m.findtext("description")))
        groups.append((group + " (" + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(f)))
                       + ")", counts))

    def row(name, counts):
        total = sum(counts.values())
        det = sum(v for k, v in counts.items() if k in DETECTED)
        score = 100.0 * det / total if total else 0.0
        return "| %s | %d | %d | %d | %d | %d | %d | %.1f %% |" % (
            name, total, counts.get("KILLED", 0), counts.get("TIMED_OUT", 0) + counts.get("MEMORY_ERROR", 0),
            counts.get("RUN_ERROR", 0), counts.get("SURVIVED", 0), counts.get("NO_COVERAGE", 0), score)

    head = ("| %s | mutants | killed | timed out | run error | survived | no coverage | score |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|")
    print(head % "group")
    total = {}
    for group, counts in groups:
        print(row(group, counts))
        for k, v in counts.items():
            total[k] = total.get(k, 0) + v
    print(row("**all**", total))
    print()
    print(head % "class")
    for cls in sorted(by_class):
        print(row(cls, by_class[cls]))
    if survivor_globs:
        print()
        print("Survivors of %s (%d):" % (", ".join(survivor_globs), len(survivors)))
        print()
        print("| class:line | method | status | mutant |")
        print("|---|---|---|---|")
        for cls, line, method, status, desc in sorted(survivors):
            print("| %s:%d | %s | %s | %s |" % (cls.rsplit(".", 1)[-1], line, method, status, desc))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
