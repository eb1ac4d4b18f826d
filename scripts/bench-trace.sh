#!/usr/bin/env bash
# Tracing overhead of the Java implementation (make bench-trace; java-impl/BENCHMARKS.md): the same
# seeded workload with and without --out, RUNS times each, alternating; prints the median wall time of
# each and their ratio, and writes the table to build/bench-trace.md.
#   OPS=1000000 THREADS=1 RUNS=5 scripts/bench-trace.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OPS=${OPS:-1000000}
THREADS=${THREADS:-1}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
cp="java-impl/target/classes:$(cat java-impl/target/classpath.txt)"
mkdir -p build
trace=build/bench-trace.ndjson
run() { # prints the wall time in ms of one workload run
  local t0 t1
  t0=$(date +%s%N)
  java -cp "$cp" org.vmspace.cli.Workload --seed "$SEED" --ops "$OPS" --threads "$THREADS" "$@" >/dev/null
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
off=(); on=()
run >/dev/null # warm the file cache
for _ in $(seq "$RUNS"); do
  off+=("$(run)")
  on+=("$(run --out "$trace")")
done
events=$(( $(wc -l < "$trace") - 1 ))
bytes=$(wc -c < "$trace")
moff=$(printf '%s\n' "${off[@]}" | median)
mon=$(printf '%s\n' "${on[@]}" | median)
ratio=$(awk -v a="$mon" -v b="$moff" 'BEGIN{printf "%.2f", a/b}')
{
  echo "| ops | threads | runs | no trace (median ms) | trace (median ms) | events | trace bytes | ratio |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| $OPS | $THREADS | $RUNS | $moff | $mon | $events | $bytes | $ratio |"
  echo
  echo "no trace: ${off[*]} ms; trace: ${on[*]} ms"
} | tee build/bench-trace.md
rm -f "$trace"
