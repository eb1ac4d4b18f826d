#!/usr/bin/env bash
# make hand-mutants: the evidence behind java-impl/README.md's "killed now" verdicts for PIT survivors.
# Each line of java-impl/hand-mutants.tsv is one PIT survivor re-applied by hand: in a clone of HEAD, the
# line found by its anchor (a text on exactly one line of the file) and offset is rewritten with a sed
# expression, the named test class runs, and it must FAIL (killed); the file is restored before the next
# one. The unmutated tests are run first and must pass.
# usage: scripts/hand-mutants.sh [LABEL-REGEX]     exit 0 every listed mutant killed; 1 one survived, its
#        anchor is not on exactly one line, or its sed did not apply; 2 the unmutated tests failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
filter=${1:-.}
MVN=${MVN:-mvn -B -o -q}
list=$root/java-impl/hand-mutants.tsv
work=$(mktemp -d "${TMPDIR:-/tmp}/hand-mutants.XXXXXX")
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/repo"
cd "$work/repo"
tests=$(grep -v '^#' "$list" | awk -F'\t' -v f="$filter" 'NF == 6 && $1 ~ f {print $6}' | sort -u | paste -sd,)
[ -n "$tests" ] || { echo "hand-mutants: no mutant matches '$filter'" >&2; exit 2; }
if ! $MVN -pl java-impl -am test -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false > "$work/base.log" 2>&1; then
  echo "hand-mutants: the tests fail without a mutant: $tests" >&2; exit 2
fi
rc=0 n=0 killed=0
while IFS=$'\t' read -r label file anchor offset expr test; do
  case "$label" in ''|'#'*) continue ;; esac
  [[ "$label" =~ $filter ]] || continue
  n=$((n + 1))
  at=$(grep -nF -- "$anchor" "$file" | cut -d: -f1)
  if [ "$(printf '%s\n' "$at" | grep -c .)" != 1 ]; then
    echo "$label: the anchor is on $(printf '%s\n' "$at" | grep -c .) lines of $file, not 1: $anchor"; rc=1; continue
  fi
  line=$((at + offset))
  cp "$file" "$work/orig"
  sed -i "${line}s${expr}" "$file"
  if cmp -s "$file" "$work/orig"; then
    echo "$label: the sed did not apply at $file:$line"; rc=1
  elif $MVN -pl java-impl -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false > "$work/run.log" 2>&1; then
    echo "$label: SURVIVED $test"; rc=1
  else
    killed=$((killed + 1))
    echo "$label: killed by $test ($(grep -m1 -oE 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$work/run.log"))"
  fi
  cp "$work/orig" "$file"
done < <(grep -v '^#' "$list")
echo "hand-mutants: $killed of $n killed"
exit $rc
