#!/usr/bin/env bash
# make check / make check-large: SANY-parses every TLA+ module, then runs the model configs of
# one group with TLC and prints one line per model: verdict, model, expected, got, distinct
# states, seconds. Exits 0 when every model gave its expected outcome, 1 otherwise.
#
#   scripts/check.sh            group ci (make check)
#   scripts/check.sh --large    group large (make check-large): TLC's progress lines are shown
#                               while it runs
#   JOBS=n (default 2)          TLC processes at a time; TLC_WORKERS=n (default 1) workers each
#
# ---- The model config header contract (scripts/check.sh; the Java CLI reads the same) ----
# The configs:  every tla/MCVmSpace*.cfg except the design review's tla/MCVmSpaceSeed*.cfg
#               (scripts/review.sh runs those). A config's module is the longest tla/MC*.tla whose
#               name is a prefix of the config's name (MCVmSpaceBugX.cfg -> MCVmSpace.tla).
# Header lines are TLA+ comment lines anywhere in the .cfg; for each key the first line counts:
#   \* EXPECT: <outcome>     required. The outcome TLC must produce:
#        pass                TLC exits 0: no invariant, property or deadlock violation.
#        <Name>              TLC exits 12 printing "Error: Invariant <Name> is violated", or
#                            exits 13 printing "Error: Action property <Name> is violated".
#        TemporalProperty    TLC exits 13 printing "Temporal properties were violated". TLC does
#                            not name the property, so such a config must list exactly one name
#                            after PROPERTY/PROPERTIES (else the check fails: ambiguous).
#        Deadlock            TLC exits 11.
#      Any other exit code is "error(exit N)" and never matches.
#   \* GROUP: ci|large       optional, default ci. make check runs group ci, make check-large
#                            group large.
#   \* COVERAGE: actions     optional. TLC runs with -coverage; the model fails if any action of
#                            its spec module (the MC module's name without "MC": MCVmSpace ->
#                            VmSpace, MCVmSpaceMachine -> VmSpaceMachine) is never taken (with
#                            EXPECT: pass).
# Unknown GROUP/COVERAGE values fail the check. The Java CLI (`vmspace check`, cli/, which
# make check runs) implements the same contract; its tests compare the two on a fixture. Results: build/check/results-<group>.txt, one
# line per model "verdict|model|expected|got|distinct|seconds"; logs build/check/<model>.out.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/build/check
mkdir -p "$out"
# Every TLC/SANY run goes through scripts/tlc.sh, which gives each process its own -Djava.io.tmpdir.
tlc() { "$root/scripts/tlc.sh" "$@"; }
group=ci
[ "${1:-}" = "--large" ] && group=large
# Short runs (group ci): the C1 JIT starts faster than C2 and costs the same CPU on these models,
# and a 1 GB heap spares the system time of zeroing TLC's heap-sized fingerprint set. Long runs
# (group large): C2, which finds the large model's states 1.3x faster. TLC_JAVA_OPTS overrides
# both. Measured: tla/README.md, "TLC speed".
if [ "$group" = ci ]; then
  export TLC_JAVA_OPTS="${TLC_JAVA_OPTS:--XX:TieredStopAtLevel=1 -Xmx1g}"
else
  export TLC_JAVA_OPTS="${TLC_JAVA_OPTS:-}"
fi
jobs=${JOBS:-2}

fail=0
echo "== SANY: parsing every module"
sany_one() {
  local m=$1 dir base
  dir=$(dirname "$m"); base=$(basename "$m")
  if ! (cd "$dir" && TLC_JAVA_OPTS="$TLC_JAVA_OPTS -DTLA-Library=$root/tla" tlc tla2sany.SANY "$base") > "$out/sany-${base%.tla}.out" 2>&1 \
     || grep -q -E "\*\*\* Errors|Parse Error|Semantic errors|Could not parse" "$out/sany-${base%.tla}.out"; then
    echo "   FAIL  $m (see $out/sany-${base%.tla}.out)"; return 1
  fi
  echo "   ok    $m"
}
pids=()
for m in tla/*.tla trace-validation/*.tla; do
  [ -f "$m" ] || continue
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  sany_one "$m" & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail=1; done

# The spec module a model config belongs to: the longest MC*.tla whose name prefixes it.
module_for() {
  local cfg=$1 best=""
  for t in tla/MC*.tla; do
    local n; n=$(basename "$t" .tla)
    case "$(basename "$cfg" .cfg)" in "$n"*) [ ${#n} -gt ${#best} ] && best=$n ;; esac
  done
  echo "$best"
}
header() { sed -n "s/^\\\\\\* $2: *\\([A-Za-z0-9_]*\\).*/\\1/p" "$1" | head -1; }

run_model() {   # cfg ; prints its line, appends to $results, returns 1 unless as expected
  local cfg=$1 name mod expect cov log start secs rc got distinct nprops
  name=$(basename "$cfg" .cfg)
  mod=$(module_for "$cfg")
  expect=$(header "$cfg" EXPECT)
  cov=$(header "$cfg" COVERAGE)
  log=$out/$name.out
  local verdict=ok
  if [ -z "$expect" ]; then got="no '\\* EXPECT:' line"; verdict=FAIL
  elif [ -n "$cov" ] && [ "$cov" != actions ]; then got="unknown COVERAGE: $cov"; verdict=FAIL
  fi
  nprops=$(sed -n 's/^PROPERT\(Y\|IES\)\b//p' "$cfg" | wc -w)
  if [ "$expect" = TemporalProperty ] && [ "$nprops" -ne 1 ]; then
    got="EXPECT: TemporalProperty needs exactly one PROPERTY (has $nprops)"; verdict=FAIL
  fi
  if [ $verdict = FAIL ]; then
    printf '   %-5s %-40s %-28s %s\n' FAIL "$name" "${expect:-?}" "$got"
    printf '%s|%s|%s|%s|%s|%s\n' FAIL "$name" "${expect:-?}" "$got" "?" "0" >> "$results"
    return 1
  fi
  start=$(date +%s%N)
  local covargs=(); [ "$cov" = actions ] && covargs=(-coverage 60)
  if [ "$group" = large ]; then
    (cd tla && tlc tlc2.TLC -workers "${TLC_WORKERS:-2}" "${covargs[@]}" -metadir "$out/meta-$name" \
        -config "$(basename "$cfg")" "$mod.tla") 2>&1 | tee "$log" \
        | grep --line-buffered -E '^Progress|^Finished computing initial' | sed -u "s/^/   [$name] /"
    rc=${PIPESTATUS[0]}
  else
    (cd tla && tlc tlc2.TLC -workers "${TLC_WORKERS:-1}" "${covargs[@]}" -metadir "$out/meta-$name" \
        -config "$(basename "$cfg")" "$mod.tla") > "$log" 2>&1
    rc=$?
  fi
  rm -rf "$out/meta-$name"
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
  [ "$got" = "$expect" ] || verdict=FAIL
  if [ "$cov" = actions ] && [ "$got" = pass ]; then
    # Coverage lines: "<Action line L, col C to ... of module <spec>>: distinct:generated"
    local never taken spec=${mod#MC}
    never=$(grep -E "^<[A-Za-z_0-9]+ line [0-9]+, col [0-9]+ to line [0-9]+, col [0-9]+ of module $spec>: [0-9]+:[0-9]+\$" "$log" \
            | sed -E 's/^<([A-Za-z_0-9]+) .*>: ([0-9]+):([0-9]+)$/\1 \3/' \
            | awk '{g[$1]+=$2} END {for (a in g) if (g[a]==0) print a}' | sort | tr '\n' ' ')
    taken=$(grep -cE "^<[A-Za-z_0-9]+ line .* of module $spec>: [0-9]+:[0-9]+\$" "$log")
    if [ -n "$never" ] || [ "$taken" -eq 0 ]; then
      verdict=FAIL; got="$got; never taken: ${never:-no coverage output}"
    fi
  fi
  printf '   %-5s %-40s %-28s %-28s %10s %7s\n' "$verdict" "$name" "$expect" "$got" "${distinct:-?}" "$secs"
  printf '%s|%s|%s|%s|%s|%s\n' "$verdict" "$name" "$expect" "$got" "${distinct:-?}" "$secs" >> "$results"
  [ $verdict = ok ]
}

echo "== TLC: group $group, $jobs at a time (verdict, model, expected, got, distinct states, seconds)"
results=$out/results-$group.txt
: > "$results"
cfgs=()
for cfg in tla/MCVmSpace*.cfg; do
  case $(basename "$cfg") in MCVmSpaceSeed*) continue ;; esac
  g=$(header "$cfg" GROUP); g=${g:-ci}
  case $g in
    ci|large) [ "$g" = "$group" ] && cfgs+=("$cfg") ;;
    *) echo "   FAIL  $(basename "$cfg" .cfg): unknown GROUP: $g"; fail=1 ;;
  esac
done
[ "$group" = large ] && jobs=1    # the large models use every core themselves
pids=()
for cfg in "${cfgs[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  run_model "$cfg" & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail=1; done
[ ${#cfgs[@]} -gt 0 ] || { echo "   FAIL  no model in group $group"; fail=1; }

if [ $fail = 0 ]; then echo "== check: all ${#cfgs[@]} models as expected"; else echo "== check: FAILED"; fi
exit $fail
