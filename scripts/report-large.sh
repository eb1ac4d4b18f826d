#!/usr/bin/env bash
# make report-large: the rejection report of a 100,000-operation trace stays small. A clean
# 4-thread workload trace (seed 1) whose LAST Map/Unmap/DispatchTlbFlush event is made to lie
# about freeFrames (+1) is rejected at that event, near its end; the report shows only the last
# 40 events and the pages they involve. Fails (exit 1) if the report is missing or over LIMIT_KB.
set -uo pipefail
cd "$(dirname "$0")/.."
out=build/report-large
LIMIT_KB=${LIMIT_KB:-1024}
OPS=${OPS:-100000}
mkdir -p "$out"
make -s trace OUT="$out/clean.ndjson" SEED=1 OPS="$OPS" THREADS=4 || exit 3
python3 - "$out/clean.ndjson" "$out/late-lie.ndjson" <<'PY' || exit 3
import json, sys
lines = open(sys.argv[1]).read().splitlines()
for k in range(len(lines) - 1, 0, -1):
    e = json.loads(lines[k])
    if e["outcome"] == "ok" and "freeFrames" in e.get("post", {}):
        e["post"]["freeFrames"] += 1
        lines[k] = json.dumps(e, separators=(",", ":"))
        print(f"report-large: event #{k} ({e['op']}) of {len(lines) - 1} now logs freeFrames + 1")
        break
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
PY
start=$(date +%s)
scripts/validate.sh --report "$out" "$out/late-lie.ndjson" > "$out/validate.txt"
rc=$?
secs=$(( $(date +%s) - start ))
grep -E "REJECTED|first unmatched|freeFrames: logged|report:" "$out/validate.txt"
[ $rc = 1 ] || { echo "report-large: expected a rejection (exit 1), got $rc" >&2; exit 1; }
page=$out/late-lie.report.html
[ -f "$page" ] || { echo "report-large: no report $page" >&2; exit 1; }
kb=$(( $(stat -c %s "$page") / 1024 ))
trace_kb=$(( $(stat -c %s "$out/late-lie.ndjson") / 1024 ))
echo "report-large: trace $trace_kb KB, report $kb KB (limit $LIMIT_KB KB), validation + report ${secs}s"
[ "$kb" -le "$LIMIT_KB" ] || { echo "report-large: the report is too large" >&2; exit 1; }
