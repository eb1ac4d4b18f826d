#!/usr/bin/env bash
# make check / make check-large: SANY-parses every TLA+ module, runs the CI model (with
# coverage: an action TLC never takes is a finding and fails the check) and every bug model,
# and prints one line per model: model, expected, got, distinct states, seconds.
# Each .cfg names its expected result in a line "\* EXPECT: pass" or "\* EXPECT: <Invariant>".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/build/check
mkdir -p "$out"
tlc() { "$root/scripts/tlc.sh" "$@"; }

large=0
[ "${1:-}" = "--large" ] && large=1

fail=0
echo "== SANY: parsing every module"
for m in tla/*.tla trace-validation/*.tla; do
  [ -f "$m" ] || continue
  dir=$(dirname "$m"); base=$(basename "$m")
  if ! (cd "$dir" && TLC_JAVA_OPTS="${TLC_JAVA_OPTS:-} -DTLA-Library=$root/tla" tlc tla2sany.SANY "$base") > "$out/sany-${base%.tla}.out" 2>&1 \
     || grep -q -E "\*\*\* Errors|Parse Error|Semantic errors|Could not parse" "$out/sany-${base%.tla}.out"; then
    echo "   FAIL  $m (see $out/sany-${base%.tla}.out)"; fail=1
  else
    echo "   ok    $m"
  fi
done

# The spec module a model config belongs to: the longest MC*.tla whose name prefixes it.
module_for() {
  local cfg=$1 best=""
  for t in tla/MC*.tla; do
    local n; n=$(basename "$t" .tla)
    case "$(basename "$cfg" .cfg)" in "$n"*) [ ${#n} -gt ${#best} ] && best=$n ;; esac
  done
  echo "$best"
}

run_model() {   # cfg coverage(0|1)
  local cfg=$1 cov=$2 name mod expect log start secs rc got distinct
  name=$(basename "$cfg" .cfg)
  mod=$(module_for "$cfg")
  expect=$(sed -n 's/^\\\* EXPECT: *\([A-Za-z0-9_]*\).*/\1/p' "$cfg" | head -1)
  [ -n "$expect" ] || { echo "   FAIL  $name: no '\\* EXPECT:' line"; fail=1; return; }
  log=$out/$name.out
  start=$(date +%s%N)
  local covargs=(); [ "$cov" = 1 ] && covargs=(-coverage 60)
  (cd tla && tlc tlc2.TLC -workers "${TLC_WORKERS:-2}" "${covargs[@]}" -metadir "$out/meta-$name" \
      -config "$(basename "$cfg")" "$mod.tla") > "$log" 2>&1
  rc=$?
  secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
  distinct=$(grep -o '[0-9,]* distinct states found' "$log" | tail -1 | tr -d ',' | cut -d' ' -f1)
  case $rc in
    0)  got=pass ;;
    12) got=$(sed -n 's/^Error: Invariant \([A-Za-z0-9_]*\) is violated.*/\1/p' "$log" | head -1) ;;
    13) got=$(grep -q "Temporal properties were violated" "$log" && echo TemporalProperty \
              || sed -n 's/^Error: Action property \([A-Za-z0-9_]*\) is violated.*/\1/p' "$log" | head -1) ;;
    11) got=Deadlock ;;
    *)  got="error(exit $rc)" ;;
  esac
  local verdict=ok
  [ "$got" = "$expect" ] || { verdict=FAIL; fail=1; }
  if [ "$cov" = 1 ] && [ "$got" = pass ]; then
    # Coverage lines: "<Action line L, col C to ... of module VmSpace>: distinct:generated"
    local never
    never=$(grep -E '^<[A-Za-z_0-9]+ line [0-9]+, col [0-9]+ to line [0-9]+, col [0-9]+ of module VmSpace>: [0-9]+:[0-9]+$' "$log" \
            | sed -E 's/^<([A-Za-z_0-9]+) .*>: ([0-9]+):([0-9]+)$/\1 \3/' \
            | awk '{g[$1]+=$2} END {for (a in g) if (g[a]==0) print a}' | sort | tr '\n' ' ')
    local taken
    taken=$(grep -cE '^<[A-Za-z_0-9]+ line .* of module VmSpace>: [0-9]+:[0-9]+$' "$log")
    if [ -n "$never" ] || [ "$taken" -eq 0 ]; then
      verdict=FAIL; fail=1; got="$got; never taken: ${never:-no coverage output}"
    fi
  fi
  printf '   %-5s %-34s %-28s %-28s %10s %7s\n' "$verdict" "$name" "$expect" "$got" "${distinct:-?}" "$secs"
  printf '%s|%s|%s|%s|%s|%s\n' "$verdict" "$name" "$expect" "$got" "${distinct:-?}" "$secs" >> "$results"
}

echo "== TLC: models (model, expected, got, distinct states, seconds)"
printf '   %-5s %-34s %-28s %-28s %10s %7s\n' "" model expected got distinct seconds
results=$out/results-$([ $large = 1 ] && echo large || echo ci).txt
: > "$results"
if [ $large = 1 ]; then
  run_model tla/MCVmSpaceLarge.cfg 0
else
  run_model tla/MCVmSpace.cfg 1
  for cfg in tla/MCVmSpaceLive*.cfg tla/MCVmSpaceReach*.cfg tla/MCVmSpaceBug*.cfg; do
    [ -f "$cfg" ] && run_model "$cfg" 0
  done
fi

if [ $fail = 0 ]; then echo "== check: all models as expected"; else echo "== check: FAILED"; fi
exit $fail
