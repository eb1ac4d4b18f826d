#!/usr/bin/env bash
# Validation time against the window size (make bench-window): the default 4-thread workload (seed 1,
# 2,500 ops) with --window-pages W, cut to exactly EVENTS events (default 1,720), validated once per
# W in WINDOWS (default "64 1024 4096 16384") by the driver (TLC, -workers 1). Prints a table and
# writes it to build/bench-window.md. "time" is the driver's own figure (parse + TLC), "cpu" the
# user+system CPU seconds of the driver and TLC (less sensitive to other load on the machine).
set -euo pipefail
cd "$(dirname "$0")/.."
IMPL_CP="java-impl/target/classes:$(cat java-impl/target/classpath.txt)"
EVENTS=${EVENTS:-1720}
WINDOWS=${WINDOWS:-"64 1024 4096 16384"}
OUTMD=build/bench-window.md
mkdir -p build
{
  echo "| window pages | events | result | validation time (s) | cpu (s) |"
  echo "|---:|---:|---|---:|---:|"
} > "$OUTMD"
for w in $WINDOWS; do
  full=build/bench-window-$w.full.ndjson
  trace=build/bench-window-$w.ndjson
  java -cp "$IMPL_CP" org.vmspace.cli.Workload --out "$full" --seed 1 --ops $((EVENTS * 3 / 2)) --threads 4 \
    --window-pages "$w" > /dev/null
  head -n $((EVENTS + 1)) "$full" > "$trace"
  rm -f "$full"
  if [ "$(wc -l < "$trace")" -ne $((EVENTS + 1)) ]; then
    echo "bench-window: the workload produced fewer than $EVENTS events" >&2; exit 1
  fi
  tf=$(mktemp)
  line=$( { /usr/bin/env time -f '%U %S' -o "$tf" scripts/validate.sh "$trace" 2>&1 || true; } | head -1)
  cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$tf"); rm -f "$tf"
  echo "$line (cpu $cpu s)"
  result=$(echo "$line" | awk '{print $2}')
  secs=$(echo "$line" | sed -n 's/.* in \([0-9.]*\) s (.*/\1/p')
  echo "| $w | $EVENTS | $result | ${secs:--} | $cpu |" >> "$OUTMD"
done
echo
cat "$OUTMD"
