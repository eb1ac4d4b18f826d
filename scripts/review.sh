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
# counterexample table | finding (REVIEW.md letter) | power witness
# A row expected to pass (0: "holds", or a Debug* reachability invariant that passes =
# "vacuous") names its POWER WITNESS: another row of the same model whose cfg differs from it in
# exactly ONE non-comment line (a planted change to one seed clause, POWER_WITNESS = ..., or one
# relaxed assumption, REPAIR_WF / OVERLAP / ...) and checks the SAME invariant or property,
# expected violated. check_power below fails the review if a witness is missing, is not such a
# minimal change, or passes: a row whose check could not have failed is caught here.
# Rows expected violated carry "-" (their counterexample is the evidence).
ROWS=$(cat <<'EOF'
R01|MCVmSpaceSeed|0|lastOp|a|R01W
R01W|MCVmSpaceSeed|12:DebugNoDisposeWriter|lastOp,mem_view,held,writers|witness|-
R02|MCVmSpaceSeedStatic|0|mem_view,writers|a|R02W
R02W|MCVmSpaceSeedStatic|12:DebugStaticNoWfWithWriterPages|mem_view,writers|witness|-
R03|MCVmSpaceSeed|0|lastOp|b|R03W
R03W|MCVmSpaceSeed|12:DebugNoDisposeSubReader|lastOp,held,readers|witness|-
R04|MCVmSpaceSeed|12:DebugNoDisposeFullReader|lastOp,held,readers|b|-
R05|MCVmSpaceSeedStatic|0|mem_view,readers|b|R05W
R05W|MCVmSpaceSeedStatic|12:DebugStaticNoInvWithSubViewReader|mem_view,readers|witness|-
R06|MCVmSpaceSeedStatic|12:DebugStaticNoExclMemoryFalseAlarm|mem_view,writers|c|-
R07|MCVmSpaceSeedStatic|12:DebugStaticNoExclMemoryMiss|mem_view,writers|c|-
R08|MCVmSpaceSeedStatic|12:DebugStaticNoInvWithOverlappingReaders|mem_view,readers|d|-
R09|MCVmSpaceSeedStatic|0|mem_view,readers|d|R09W
R09W|MCVmSpaceSeedStatic|12:DebugStaticNoInvWithTwoReaders|mem_view,readers|witness|-
R10|MCVmSpaceSeed|0|lastOp,readers|e|R10W
R10W|MCVmSpaceSeed|12:DebugNoOverlappingListedReaders|lastOp,held,readers|witness|-
R11|MCVmSpaceSeed|12:DebugAtMostOneListedReader|lastOp,held,readers|e|-
R12|MCVmSpaceSeed|12:DebugNoDisposeWriterDrop|lastOp,mem_view,held,writers|f|-
R13|MCVmSpaceSeed|0|lastOp,writers|f|R12
R14|MCVmSpaceSeed|12:ActivatedWriterListedInv|lastOp,held,writers|g|-
R15|MCVmSpaceSeed|12:NoWriterAliasingInv|lastOp,mem_view,held|g|-
R16|MCVmSpaceSeed|13:ActivateWriterEnsuresInvProp|lastOp,mem_view,held,writers|g|-
R38|MCVmSpaceSeed|13:ActivateReaderEnsuresInvProp|lastOp,mem_view,held,readers|g|-
R17|MCVmSpaceSeed|12:NoWriterAliasingInv|lastOp,mem_view,held|h|-
R18|MCVmSpaceSeed|12:PermissionConservationInv|lastOp,mem_view,held|h|-
R19|MCVmSpaceSeed|0|lastOp|i|R19W
R19W|MCVmSpaceSeed|12:DebugNoRemoveWriterWithPages|lastOp,mem_view,writers|witness|-
R20|MCVmSpaceSeed|12:PermissionConservationInv|lastOp,mem_view,held|j|-
R21|MCVmSpaceSeed|0|lastOp,held,readers|k|R22
R22|MCVmSpaceSeed|12:DebugNoAdjacentListedReaders|lastOp,held,readers|k|-
R23|MCVmSpaceSeed|12:DebugNoRwFallible|lastOp,held|l|-
R24|MCVmSpaceSeed|12:DebugNoOkOutsideSuccessCond|lastOp,current,held|m|-
R25|MCVmSpaceSeed|0|lastOp,current|m|R25W
R25W|MCVmSpaceSeed|12:CreateOkInRangeInv|lastOp,current|witness|-
R26|MCVmSpaceSeed|0|lastOp,current|m|R26W
R26W|MCVmSpaceSeed|12:CreateSuccessCondOkInv|lastOp,current|witness|-
R27|MCVmSpaceSeed|12:HeldWritersDisjointInv|lastOp,held,writers|p|-
R28|MCVmSpaceSeed|12:NoReadWriteAliasingInv|lastOp,mem_view,held|q|-
R29|MCVmSpaceSeed|0|lastOp,mem_view,held|q|R28
R30|MCVmSpaceSeed|0|lastOp,readers,writers|holds|R30W
R30W|MCVmSpaceSeed|13:DisposeEnsuresInvProp|lastOp,held,readers|witness|-
R31|MCVmSpaceSeed|0|lastOp,readers,writers|holds|R31W
R31W|MCVmSpaceSeed|13:RemoveEnsuresInvProp|lastOp,mem_view,writers|witness|-
R32|MCVmSpaceSeed|0|lastOp,held|holds|R32W
R32W|MCVmSpaceSeed|13:OwnerEnsuresInvProp|lastOp,held|witness|-
R33|MCVmSpaceSeedTlb|12:NoStaleTlbInv|lastOp,pt,tlb,free|n|-
R34|MCVmSpaceSeedTlb|12:DispatchFlushesPendingInv|lastOp,pending,tlb|n|-
R35|MCVmSpaceSeedTlb|12:DispatchFlushesPendingInv|lastOp,pending,tlb|n|-
R36|MCVmSpaceSeedTlb|0|lastOp,cva,pt|o|R37
R37|MCVmSpaceSeedTlb|12:DebugNoUnmapOverflow|lastOp,cva,pt|o|-
R39|MCVmSpaceSeed|12:CreateChecksCanCreateInv|lastOp,held,readers|r|-
EOF
)

tlc() { scripts/tlc.sh tlc2.TLC "$@"; }
cfgdir=${REVIEW_CFG_DIR:-tla}   # the selftest points this at planted copies

field() { grep "^$1|" <<<"$ROWS" | cut -d'|' -f"$2"; }

# run_row ROW: runs TLC for one row; writes build/review/ROW.{out,res}.
run_row() {
  local row=$1 line model expect cols
  line=$(grep "^$row|" <<<"$ROWS") || { echo "review.sh: no row $row" >&2; return 2; }
  IFS='|' read -r _ model expect cols _ <<<"$line"
  local t0 t1 rc got name states
  rm -rf "$out/meta/$row" "$out/tmp/$row"; mkdir -p "$out/tmp/$row"
  t0=$(date +%s.%N)
  TLC_JAVA_OPTS="${TLC_JAVA_OPTS:--XX:TieredStopAtLevel=1} -Djava.io.tmpdir=$out/tmp/$row" tlc -workers 1 -deadlock -metadir "$out/meta/$row" -config "$cfgdir/$model$row.cfg" "tla/$model.tla" \
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
  printf '%-5s expected %-44s got %-44s %8s states %6ss  %s\n' "$row" "$expect" "$got" "$states" "$secs" "$verdict"
  [ -n "${results:-}" ] && printf '%s|%s|%s|%s\n' "$verdict" "$row" "$expect" "$got" >> "$results"
  [ "$verdict" = ok ]
}

# The non-comment lines of a cfg (the model as TLC reads it).
cfg_body() { grep -v '^[[:space:]]*\\\*' "$1" | grep -v '^[[:space:]]*$' | sed 's/[[:space:]]*$//'; }
cfg_check() { cfg_body "$1" | grep -E '^(INVARIANT|PROPERTY) ' ; }

# check_power ROW: a row expected to pass has a witness that could make it fail, and did.
check_power() {
  local row=$1 expect wit model wmodel wexpect cfg wcfg check name ndiff wgot
  expect=$(field "$row" 3); wit=$(field "$row" 6); model=$(field "$row" 2)
  [ "$expect" = 0 ] || return 0
  if [ -z "$wit" ] || [ "$wit" = - ]; then echo "POWERLESS $row: passes and names no power witness"; return 1; fi
  grep -q "^$wit|" <<<"$ROWS" || { echo "POWERLESS $row: witness $wit is no row"; return 1; }
  wmodel=$(field "$wit" 2); wexpect=$(field "$wit" 3)
  cfg=$cfgdir/$model$row.cfg; wcfg=$cfgdir/$wmodel$wit.cfg
  [ "$wmodel" = "$model" ] || { echo "POWERLESS $row: witness $wit uses another model ($wmodel)"; return 1; }
  check=$(cfg_check "$cfg"); name=${check#* }
  [ "$(cfg_check "$wcfg")" = "$check" ] || { echo "POWERLESS $row: witness $wit checks '$(cfg_check "$wcfg")', not '$check'"; return 1; }
  case $wexpect in 12:"$name"|13:"$name") ;; *) echo "POWERLESS $row: witness $wit is not expected to violate $name"; return 1;; esac
  ndiff=$(diff <(cfg_body "$cfg") <(cfg_body "$wcfg") | grep -c '^[<>]')
  [ "$ndiff" = 2 ] || { echo "POWERLESS $row: witness $wit is not a one-line change of the row's cfg ($ndiff lines differ)"; return 1; }
  [ -f "$out/$wit.res" ] || { echo "POWERLESS $row: witness $wit was not run"; return 1; }
  wgot=$(cut -d'|' -f3 "$out/$wit.res")
  [ "$wgot" = "$wexpect" ] || { echo "POWERLESS $row: witness $wit gave $wgot, not $wexpect: the row's check could not fail"; return 1; }
  echo "power $row: witness $wit ($(diff <(cfg_body "$cfg") <(cfg_body "$wcfg") | grep '^>' | sed 's/^> *//')) -> $wgot"
}

# The checks that need no TLC: seed citations of the rendering, quotes of the by-inspection
# rows, the coverage table of REVIEW.md.
static_checks() {
  local ok=0
  python3 scripts/review/check_citations.py || ok=1
  python3 scripts/review/check_inspection.py || ok=1
  python3 scripts/review/coverage.py --check || ok=1
  return $ok
}

# --selftest: a powerless row must be caught. R25's witness is replaced by one whose planted
# change cannot affect R25's check (ge_max only refuses MORE requests); review.sh R25 must fail
# with POWERLESS.
if [ "${1:-}" = "--selftest" ]; then
  st=$(mktemp -d); trap 'rm -rf "$st"' EXIT
  # The static checks first: each must reject a planted defect.
  sed '0,/SEED 002:70-141 mem_view_wf/s//SEED 002:71-141 mem_view_wf/' tla/VmSpaceSeed.tla > "$st/Planted.tla"
  sed '0,/^I01|003|433-433|pub fn writer(self/s//I01|003|433-433|pub fn writer(\&self/' scripts/review/inspection.txt > "$st/inspection.txt"
  mkdir "$st/seeds"; cp "${SEEDS:-/work/shared/seeds}"/[0-9]*.txt "$st/seeds/"
  chmod u+w "$st"/seeds/*; printf '\npub fn planted_item(&self) -> bool\n' >> "$st"/seeds/002_*.txt
  for t in "check_citations.py $st/Planted.tla" "check_inspection.py $st/inspection.txt" "coverage.py --check"; do
    if [ "$t" = "coverage.py --check" ]; then SEEDS=$st/seeds python3 scripts/review/$t >"$out/selftest.out" 2>&1; else python3 scripts/review/$t >"$out/selftest.out" 2>&1; fi
    [ $? = 1 ] || { cat "$out/selftest.out"; echo "review.sh --selftest: FAILED: ${t%% *} accepted a planted defect"; exit 1; }
    echo "review.sh --selftest: ok: ${t%% *} rejects a planted defect: $(grep -m1 -E 'citation|quote not|no row' "$out/selftest.out")"
  done
  cp tla/MCVmSpaceSeedR25.cfg "$st/"
  sed 's/^\([[:space:]]*POWER_WITNESS = \).*/\1"ge_max"/' tla/MCVmSpaceSeedR25W.cfg > "$st/MCVmSpaceSeedR25W.cfg"
  if REVIEW_CFG_DIR=$st "$0" R25 >"$out/selftest.out" 2>&1; then
    cat "$out/selftest.out"; echo "review.sh --selftest: FAILED: a powerless row (R25 with a witness that cannot fail) was accepted"; exit 1
  fi
  if grep -q '^POWERLESS R25: witness R25W gave 0' "$out/selftest.out"; then
    echo "review.sh --selftest: ok: a powerless row is caught ($(grep '^POWERLESS' "$out/selftest.out"))"; exit 0
  fi
  cat "$out/selftest.out"; echo "review.sh --selftest: FAILED: R25 failed, but not as POWERLESS"; exit 1
fi

if [ "${1:-}" = "--run-one" ]; then run_row "$2"; exit $?; fi

scripts/tlc.sh tla2sany.SANY tla/VmSpaceSeed.tla >"$out/sany.out" 2>&1 \
  && ! grep -q -E 'Parse Error|Semantic errors|\*\*\* Errors' "$out/sany.out" \
  || { cat "$out/sany.out"; echo "review.sh: tla/VmSpaceSeed.tla does not parse" >&2; exit 2; }

fail=0
if [ $# -gt 0 ]; then
  for row in "$@"; do
    grep -q "^$row|" <<<"$ROWS" || { echo "review.sh: no row $row" >&2; exit 2; }
    wit=$(field "$row" 6)
    for r in "$row" $([ "$wit" != - ] && echo "$wit"); do
      run_row "$r" || exit 2
      print_res "$r" || fail=1
      python3 scripts/review/cex_table.py "$out/$r.out" "$(field "$r" 4)"
      echo "(TLC log: $out/$r.out)"
    done
    check_power "$row" || fail=1
  done
  exit $fail
fi

start=$(date +%s)
results=$out/results.txt   # every row's verdict, for make test's closing line
: > "$results"
static_checks || fail=1
cut -d'|' -f1 <<<"$ROWS" | xargs -P "${REVIEW_JOBS:-2}" -I{} "$0" --run-one {}
for row in $(cut -d'|' -f1 <<<"$ROWS"); do
  print_res "$row" || fail=1
done
npow=0
for row in $(cut -d'|' -f1 <<<"$ROWS"); do
  if [ "$(field "$row" 3)" = 0 ]; then
    npow=$((npow + 1))
    if ! check_power "$row"; then fail=1; printf 'POWERLESS|%s|witness|%s\n' "$row" "$(field "$row" 6)" >> "$results"; fi
  fi
done
"$0" --selftest || fail=1
echo "review.sh: $(wc -l <<<"$ROWS") TLC runs ($npow passing rows, each with a power witness) in $(( $(date +%s) - start ))s; $([ $fail = 0 ] && echo 'every verdict and witness as recorded' || echo 'SOME VERDICT, WITNESS OR CHECK FAILED')"
exit $fail
