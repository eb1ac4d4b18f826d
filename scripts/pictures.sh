#!/usr/bin/env bash
# make pictures: one self-contained HTML picture per TLC counterexample, in docs/pictures/
# (the renderer of the rejection reports, org.vmspace.tv.report.CounterexamplePage):
#   - every bug model tla/MCVmSpaceBug*.cfg: the behaviour that breaks the invariant of its EXPECT line;
#   - every design-review row of scripts/review.sh whose recorded outcome is a violation (12:/13:),
#     run through `scripts/review.sh --run-one ROW` (TLC log build/review/ROW.out).
# Writes docs/pictures/README.md, the index linked from tla/README.md and tla/REVIEW.md.
# TLC runs one model at a time with -workers 1; logs in build/pictures/ (models) and build/review/
# (rows). PICTURES_REUSE=1 draws from those logs where they exist instead of running TLC again
# (e.g. right after `make review`).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=build/pictures
mkdir -p "$out" docs/pictures
cpfile=trace-validation/target/classpath.txt
[ -f "$cpfile" ] || { echo "pictures: trace-validation is not built (make trace-validation/target/classpath.txt)" >&2; exit 3; }
cp="trace-validation/target/classes:$(cat "$cpfile")"
# render starts no TLC/SANY; TLC runs through scripts/tlc.sh, which gives each process its own -Djava.io.tmpdir.
render() { java -cp "$cp" org.vmspace.tv.report.CounterexamplePage "$@"; }
fail=0
index=$out/README.md
{
  echo "# Pictures of the counterexamples"
  echo
  echo "Made by \`make pictures\` (scripts/pictures.sh): one self-contained HTML page per counterexample (open"
  echo "it in a browser; nothing is loaded from the network), drawn by the renderer of the trace-validation"
  echo "rejection reports: a lane per owner and cursor, the page-ownership grid, the TLBs and pending flushes,"
  echo "one column per state, the violating state outlined in red. Legend on each page."
  echo
  echo "## Bug models (tla/MCVmSpaceBug*.cfg, \`make check\`)"
  echo
  echo "| model | what is switched off | violated | page |"
  echo "|---|---|---|---|"
} > "$index"

for cfg in tla/MCVmSpaceBug*.cfg; do
  name=$(basename "$cfg" .cfg)
  expect=$(sed -n 's/^\\\* EXPECT: *\([A-Za-z0-9_]*\).*/\1/p' "$cfg" | head -1)
  what=$(sed -n 's/^\\\* Bug model: *//p' "$cfg" | head -1)
  if [ "${PICTURES_REUSE:-0}" != 1 ] || [ ! -s "$out/$name.out" ]; then
    rm -rf "$out/meta-$name"
    (cd tla && "$root/scripts/tlc.sh" tlc2.TLC -workers 1 -metadir "$root/$out/meta-$name" -config "$name.cfg" MCVmSpace.tla) \
        > "$out/$name.out" 2>&1
    rm -rf "$out/meta-$name"
  fi
  if render "$out/$name.out" "docs/pictures/$name.html" "Bug model $name" "$what" >/dev/null \
      && grep -q "Invariant $expect is violated" "$out/$name.out"; then
    echo "pictures: docs/pictures/$name.html ($expect)"
    echo "| \`$name\` | ${what//|/\\|} | \`$expect\` | [$name.html]($name.html) |" >> "$index"
  else
    echo "pictures: FAILED $name: no counterexample for $expect (see $out/$name.out)" >&2; fail=1
  fi
done

{
  echo
  echo "## Design-review rows (tla/REVIEW.md, \`make review\`) whose verdict is a counterexample"
  echo
  echo "| row | the row's claim (its model's first line) | violated | page |"
  echo "|---|---|---|---|"
} >> "$index"
# Rows as scripts/review.sh records them: ROW|module|expected|columns|finding.
grep -E '^R[0-9]+W?\|[A-Za-z]+\|1[23]:' scripts/review.sh | while IFS='|' read -r row model expect _; do
  if [ "${PICTURES_REUSE:-0}" != 1 ] || [ ! -s "build/review/$row.out" ]; then
    scripts/review.sh --run-one "$row"
  fi
  claim=$(sed -n '1s/^\\\* *//p' "tla/$model$row.cfg")
  if render "build/review/$row.out" "docs/pictures/review-$row.html" "Design review row $row (tla/REVIEW.md)" \
      "$claim" "Expected outcome (scripts/review.sh): $expect." >/dev/null; then
    echo "pictures: docs/pictures/review-$row.html ($expect)"
    echo "| $row | ${claim//|/\\|} | \`${expect#*:}\` | [review-$row.html](review-$row.html) |" >> "$index"
  else
    echo "pictures: FAILED review row $row: no counterexample (see build/review/$row.out)" >&2
    echo "FAIL" > "$out/row-failed"
  fi
done
[ -f "$out/row-failed" ] && { fail=1; rm -f "$out/row-failed"; }
cp "$index" docs/pictures/README.md
echo "pictures: index docs/pictures/README.md"
exit $fail
