#!/usr/bin/env bash
# Design review of the seed's contracts (tla/REVIEW.md): runs every verdict's TLC check on
# tla/VmSpaceSeed.tla through its model tla/MCVmSpaceSeed*.tla + tla/MCVmSpaceSeed*<ROW>.cfg
# and compares the outcome with the verdict recorded below.
#
#   scripts/review.sh            all rows (two TLC processes at a time), one line per row;
#                                exits 1 if any verdict changed
#   scripts/review.sh R07 [...]  only these rows, each followed by its counterexample table
#
# Expected outcomes: 0 = TLC finds no violation ("holds", or "never reachable" for a Debug*
# reachability invariant, i.e. the claim needing it is vacuous); 12:NAME = invariant NAME is
# violated; 13:NAME = action property NAME is violated. The NAME in TLC's output is checked.
# TLC runs with -workers 1 -deadlock (an operation whose requires fail is simply not taken, so
# deadlock is no finding) and, unless TLC_JAVA_OPTS says otherwise, with the JIT limited to C1
# (these runs last seconds: C1 starts faster than it loses); its metadata and logs go to build/review/, never into tla/.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
out=build/review
mkdir -p "$out"

# ROW | model module (tla/<module>.tla, cfg tla/<module><ROW>.cfg) | expected | columns of the
# counterexample table | finding (REVIEW.md letter)
ROWS=$(cat <<'EOF'
R01|MCVmSpaceSeed|0|lastOp|a
R02|MCVmSpaceSeedStatic|0|mem_view,writers|a
R03|MCVmSpaceSeed|0|lastOp|b
R04|MCVmSpaceSeed|12:DebugNoDisposeFullReader|lastOp,held,readers|b
R05|MCVmSpaceSeedStatic|0|mem_view,readers|b
R06|MCVmSpaceSeedStatic|12:DebugStaticNoExclMemoryFalseAlarm|mem_view,writers|c
R07|MCVmSpaceSeedStatic|12:DebugStaticNoExclMemoryMiss|mem_view,writers|c
R08|MCVmSpaceSeedStatic|12:DebugStaticNoInvWithOverlappingReaders|mem_view,readers|d
R09|MCVmSpaceSeedStatic|0|mem_view,readers|d
R10|MCVmSpaceSeed|0|lastOp,readers|e
R11|MCVmSpaceSeed|12:DebugAtMostOneListedReader|lastOp,held,readers|e
R12|MCVmSpaceSeed|12:DebugNoDisposeWriterDrop|lastOp,mem_view,held,writers|f
R13|MCVmSpaceSeed|0|lastOp,writers|f
R14|MCVmSpaceSeed|12:ActivatedWriterListedInv|lastOp,held,writers|g
R15|MCVmSpaceSeed|12:NoWriterAliasingInv|lastOp,mem_view,held|g
R16|MCVmSpaceSeed|13:ActivateWriterEnsuresInvProp|lastOp,mem_view,held,writers|g
R38|MCVmSpaceSeed|13:ActivateReaderEnsuresInvProp|lastOp,mem_view,held,readers|g
R17|MCVmSpaceSeed|12:NoWriterAliasingInv|lastOp,mem_view,held|h
R18|MCVmSpaceSeed|12:PermissionConservationInv|lastOp,mem_view,held|h
R19|MCVmSpaceSeed|0|lastOp|i
R20|MCVmSpaceSeed|12:PermissionConservationInv|lastOp,mem_view,held|j
R21|MCVmSpaceSeed|0|lastOp,held,readers|k
R22|MCVmSpaceSeed|12:DebugNoWriterAdjacentToListedReader|lastOp,held,readers|k
R23|MCVmSpaceSeed|0|lastOp,held|l
R24|MCVmSpaceSeed|12:DebugNoOkOutsideSuccessCond|lastOp,current,held|m
R25|MCVmSpaceSeed|0|lastOp,current|m
R26|MCVmSpaceSeed|0|lastOp,current|m
R27|MCVmSpaceSeed|12:HeldWritersDisjointInv|lastOp,held,writers|p
R28|MCVmSpaceSeed|12:NoReadWriteAliasingInv|lastOp,mem_view,held|q
R29|MCVmSpaceSeed|0|lastOp,mem_view,held|q
R30|MCVmSpaceSeed|0|lastOp,readers,writers|holds
R31|MCVmSpaceSeed|0|lastOp,readers,writers|holds
R32|MCVmSpaceSeed|0|lastOp,held|holds
R33|MCVmSpaceSeedTlb|12:NoStaleTlbInv|lastOp,pt,tlb,free|n
R34|MCVmSpaceSeedTlb|12:DispatchFlushesPendingInv|lastOp,pending,tlb|n
R35|MCVmSpaceSeedTlb|12:DispatchFlushesPendingInv|lastOp,pending,tlb|n
R36|MCVmSpaceSeedTlb|0|lastOp,cva,pt|o
R37|MCVmSpaceSeedTlb|12:DebugNoUnmapOverflow|lastOp,cva,pt|o
EOF
)

tlc() { scripts/tlc.sh tlc2.TLC "$@"; }

# run_row ROW: runs TLC for one row; writes build/review/ROW.{out,res}.
run_row() {
  local row=$1 line model expect cols
  line=$(grep "^$row|" <<<"$ROWS") || { echo "review.sh: no row $row" >&2; return 2; }
  IFS='|' read -r _ model expect cols _ <<<"$line"
  local t0 t1 rc got name states
  rm -rf "$out/meta/$row" "$out/tmp/$row"; mkdir -p "$out/tmp/$row"
  t0=$(date +%s.%N)
  TLC_JAVA_OPTS="${TLC_JAVA_OPTS:--XX:TieredStopAtLevel=1} -Djava.io.tmpdir=$out/tmp/$row" tlc -workers 1 -deadlock -metadir "$out/meta/$row" -config "tla/$model$row.cfg" "tla/$model.tla" \
      >"$out/$row.out" 2>&1
  rc=$?
  t1=$(date +%s.%N)
  name=$(grep -oE '(Invariant|Action property) [A-Za-z0-9_]+ is violated' "$out/$row.out" | head -1 \
         | awk '{print $(NF-2)}')
  if [ "$rc" = 0 ]; then got=0; else got="$rc${name:+:$name}"; fi
  states=$(grep -oE '[0-9]+ distinct states found' "$out/$row.out" | tail -1 | awk '{print $1}')
  # A static model violated by an initial state prints no count: the one state shown.
  [ -z "$states" ] && grep -q "violated by the initial state" "$out/$row.out" && states=1
  printf '%s|%s|%s|%s|%.1f\n' "$row" "$expect" "$got" "${states:-?}" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" \
      >"$out/$row.res"
}

print_res() {
  local row=$1 expect got states secs verdict
  IFS='|' read -r row expect got states secs <"$out/$row.res"
  if [ "$expect" = "$got" ]; then verdict=ok; else verdict=CHANGED; fi
  printf '%-4s expected %-44s got %-44s %8s states %6ss  %s\n' "$row" "$expect" "$got" "$states" "$secs" "$verdict"
  [ -n "${results:-}" ] && printf '%s|%s|%s|%s\n' "$verdict" "$row" "$expect" "$got" >> "$results"
  [ "$verdict" = ok ]
}

if [ "${1:-}" = "--run-one" ]; then run_row "$2"; exit $?; fi

scripts/tlc.sh tla2sany.SANY tla/VmSpaceSeed.tla >"$out/sany.out" 2>&1 \
  && ! grep -q -E 'Parse Error|Semantic errors|\*\*\* Errors' "$out/sany.out" \
  || { cat "$out/sany.out"; echo "review.sh: tla/VmSpaceSeed.tla does not parse" >&2; exit 2; }

fail=0
if [ $# -gt 0 ]; then
  for row in "$@"; do
    run_row "$row" || exit 2
    print_res "$row" || fail=1
    IFS='|' read -r _ _ cols _ <<<"$(grep "^$row|" <<<"$ROWS" | cut -d'|' -f1,4,5)"
    cols=$(grep "^$row|" <<<"$ROWS" | cut -d'|' -f4)
    python3 scripts/review/cex_table.py "$out/$row.out" "$cols"
    echo "(TLC log: $out/$row.out)"
  done
  exit $fail
fi

start=$(date +%s)
results=$out/results.txt   # every row's verdict, for make test's closing line
: > "$results"
cut -d'|' -f1 <<<"$ROWS" | xargs -P "${REVIEW_JOBS:-2}" -I{} "$0" --run-one {}
for row in $(cut -d'|' -f1 <<<"$ROWS"); do
  print_res "$row" || fail=1
done
echo "review.sh: $(wc -l <<<"$ROWS") rows in $(( $(date +%s) - start ))s; $([ $fail = 0 ] && echo 'every verdict as recorded' || echo 'SOME VERDICT CHANGED')"
exit $fail
