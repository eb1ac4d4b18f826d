#!/usr/bin/env bash
# make bench: the JMH benchmarks of bench/ (java-impl/BENCHMARKS.md) with short settings, about
# 5 minutes in all: copy throughput against System.arraycopy, the tracing path alone, the workload with
# no trace, events built only, and the NDJSON trace (WorkloadBench), map/unmap/flush
# operations per second with and without the NDJSON trace at 1, 2, 4 and 8 threads (disjoint ranges),
# then the workload's tracing overhead (scripts/bench-trace.sh). Results: build/bench/*.json (JMH) and
# the table build/bench/bench.md. JMH_OPTS overrides the JMH settings; THREADS="1 2 4 8" the counts;
# TRACE_OPS/TRACE_RUNS the workload run (default 300000 ops, 3 runs).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
out=build/bench
mkdir -p "$out"
rm -f "$out"/*.json
read -r -a opts <<< "${JMH_OPTS:--f 1 -wi 2 -w 2s -i 3 -r 2s}"
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "bench: load average at the start: $(load)" | tee "$out/load.txt"
java -jar "$jar" "${opts[@]}" -rf json -rff "$out/copy-emit-workload.json" 'CopyBench|EmitBench|WorkloadBench' \
  | grep -E '^(Benchmark|[A-Z][A-Za-z]+Bench\.)'
for t in ${THREADS:-1 2 4 8}; do
  java -jar "$jar" "${opts[@]}" -t "$t" -rf json -rff "$out/ops-t$t.json" 'OpsBench' | grep -E '^(Benchmark|OpsBench\.)'
done
echo "bench: load average after JMH: $(load)" | tee -a "$out/load.txt"
OPS="${TRACE_OPS:-300000}" RUNS="${TRACE_RUNS:-3}" THREADS=1 scripts/bench-trace.sh
echo "bench: load average at the end: $(load)" | tee -a "$out/load.txt"
python3 scripts/bench-table.py "$out" build/bench-trace.md | tee "$out/bench.md"
