#!/usr/bin/env bash
# Tracing overhead of the Java implementation (make bench-trace; java-impl/BENCHMARKS.md): the same
# seeded workload with and without --out, RUNS times each, alternating; prints the median wall time and
# the median CPU time (user + system, from /usr/bin/time; less sensitive to a loaded machine) of each,
# and their ratios, and writes the table to build/bench-trace.md.
#   OPS=1000000 THREADS=1 RUNS=5 scripts/bench-trace.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OPS=${OPS:-1000000}
THREADS=${THREADS:-1}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
command -v /usr/bin/time >/dev/null || { echo "bench-trace: needs /usr/bin/time (Debian: apt-get install -y time)" >&2; exit 3; }
cp="java-impl/target/classes:$(cat java-impl/target/classpath.txt)"
mkdir -p build
trace=build/bench-trace.ndjson
times=$(mktemp)
trap 'rm -f "$times"' EXIT
run() { # prints "wall-ms cpu-ms" of one workload run
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$times" \
    java -cp "$cp" org.vmspace.cli.Workload --seed "$SEED" --ops "$OPS" --threads "$THREADS" "$@" >/dev/null
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(awk '{printf "%d", ($1 + $2) * 1000}' "$times")"
}
median() { sort -n | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
off=(); on=(); offc=(); onc=()
run >/dev/null # warm the file cache
for _ in $(seq "$RUNS"); do
  read -r w c < <(run); off+=("$w"); offc+=("$c")
  read -r w c < <(run --out "$trace"); on+=("$w"); onc+=("$c")
done
events=$(( $(wc -l < "$trace") - 1 ))
bytes=$(wc -c < "$trace")
moff=$(printf '%s\n' "${off[@]}" | median)
mon=$(printf '%s\n' "${on[@]}" | median)
mcoff=$(printf '%s\n' "${offc[@]}" | median)
mcon=$(printf '%s\n' "${onc[@]}" | median)
ratio=$(awk -v a="$mon" -v b="$moff" 'BEGIN{printf "%.2f", a/b}')
cratio=$(awk -v a="$mcon" -v b="$mcoff" 'BEGIN{printf "%.2f", a/b}')
{
  echo "| ops | threads | runs | no trace wall (median ms) | trace wall | wall ratio | no trace CPU (median ms) | trace CPU | CPU ratio | events | trace bytes |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  echo "| $OPS | $THREADS | $RUNS | $moff | $mon | $ratio | $mcoff | $mcon | $cratio | $events | $bytes |"
  echo
  echo "wall: no trace ${off[*]} ms; trace ${on[*]} ms. CPU: no trace ${offc[*]} ms; trace ${onc[*]} ms."
} | tee build/bench-trace.md
rm -f "$trace"
