#!/usr/bin/env bash
# Validation throughput (make bench-validate): the default 4-thread workload (seed 1), cut to exactly
# 1,000, 10,000 and 100,000 events (a prefix of a trace is a trace), each validated once by the
# driver (TLC, -workers 1). Prints a table and writes it to build/bench-validate.md.
# "time" is the driver's own figure (parse + TLC run), "wall" includes the driver's JVM start.
set -euo pipefail
cd "$(dirname "$0")/.."
IMPL_CP="java-impl/target/classes:$(cat java-impl/target/classpath.txt)"
SIZES=${SIZES:-"1000 10000 100000"}
OUTMD=build/bench-validate.md
mkdir -p build
{
  echo "| events | threads | result | validation time (s) | events/s | wall (s) |"
  echo "|---:|---:|---|---:|---:|---:|"
} > "$OUTMD"
for n in $SIZES; do
  full=build/bench-$n.full.ndjson
  trace=build/bench-$n.ndjson
  java -cp "$IMPL_CP" org.vmspace.cli.Workload --out "$full" --seed 1 --ops $((n + n / 4 + 100)) --threads 4
  head -n $((n + 1)) "$full" > "$trace"
  rm -f "$full"
  if [ "$(wc -l < "$trace")" -ne $((n + 1)) ]; then
    echo "bench-validate: the workload produced fewer than $n events" >&2; exit 1
  fi
  t0=$(date +%s.%N)
  line=$(scripts/validate.sh "$trace" 2>&1 | head -1) || true
  t1=$(date +%s.%N)
  echo "$line"
  result=$(echo "$line" | awk '{print $2}')
  secs=$(echo "$line" | sed -n 's/.* in \([0-9.]*\) s (\([0-9]*\) events\/s).*/\1/p')
  rate=$(echo "$line" | sed -n 's/.* in \([0-9.]*\) s (\([0-9]*\) events\/s).*/\2/p')
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  echo "| $n | 4 | $result | ${secs:--} | ${rate:--} | $wall |" >> "$OUTMD"
done
echo
cat "$OUTMD"
