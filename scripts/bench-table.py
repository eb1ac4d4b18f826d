#!/usr/bin/env python3
"""The table of make bench (scripts/bench.sh): JMH results in DIR/*.json and the workload table
bench-trace.md, as Markdown: copy throughput and its ratio to System.arraycopy, operations per
second and the tracing cost per thread count, scaling against one thread."""
import glob
import json
import os
import sys

out, trace_md = sys.argv[1], sys.argv[2]
rows = []
for f in sorted(glob.glob(os.path.join(out, "*.json"))):
    with open(f) as fh:
        for r in json.load(fh):
            rows.append((r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1],
                         r.get("params", {}), r["threads"], r["primaryMetric"]["score"],
                         float(r["primaryMetric"].get("scoreError", "nan"))))

TOTAL = 64 * 4096  # CopyBench: bytes per operation
print("| benchmark | params | threads | score | ± | derived |")
print("|---|---|---:|---:|---:|---|")
copy = {(n, p.get("chunk")): s for n, p, t, s, e in rows if n.startswith("CopyBench")}
ops = {(p.get("sink"), t): s for n, p, t, s, e in rows if n.startswith("OpsBench")}
work = {p.get("sink"): s for n, p, t, s, e in rows if n.startswith("WorkloadBench")}
units = {}
for n, p, t, s, e in rows:
    derived = ""
    if n.startswith("CopyBench"):
        derived = "%.0f MB/s" % (s * TOTAL / 1e6)
        base = copy.get(("CopyBench.arraycopy", p.get("chunk")))
        if base and not n.endswith("arraycopy"):
            derived += ", %.3f of arraycopy" % (s / base)
    elif n.startswith("OpsBench"):
        none = ops.get(("none", t))
        one = ops.get((p.get("sink"), 1))
        parts = []
        if p.get("sink") == "ndjson" and none:
            parts.append("tracing cost %.2fx" % (none / s))
        if one and t > 1:
            parts.append("%.2fx of 1 thread" % (s / one))
        derived = ", ".join(parts)
    elif n.startswith("EmitBench"):
        derived = "%.2f us per event" % (1e6 / s)
    elif n.startswith("WorkloadBench"):
        none = work.get("none")
        derived = "ms per 20,000 ops" + (", %.2fx of no trace" % (s / none) if none and p.get("sink") != "none" else "")
    params = ", ".join("%s=%s" % kv for kv in sorted(p.items()))
    print("| %s | %s | %d | %s | %s | %s |" % (n, params, t, "%.1f" % s if s < 10000 else "%.0f" % s,
                                               "%.1f" % e if e == e and e < 10000 else ("%.0f" % e if e == e else "n/a"),
                                               derived))
print()
if os.path.exists(trace_md):
    print("Workload (scripts/bench-trace.sh):")
    print()
    with open(trace_md) as fh:
        print(fh.read().rstrip())
