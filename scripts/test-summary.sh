#!/usr/bin/env bash
# The closing line of `make test`: the Java tests (Surefire reports), the TLC models of
# `make check` and the rows of `make review`, counted from the files they wrote.
cd "$(dirname "$0")/.."
read -r jt jf < <(cat {java-impl,trace-validation,spec-tools,cli}/target/{surefire,failsafe}-reports/TEST-*.xml 2>/dev/null \
  | awk -F'"' '/<testsuite /{for(i=1;i<NF;i++){if($i~/ tests=$/)t+=$(i+1); if($i~/ failures=$/||$i~/ errors=$/)f+=$(i+1)}} END{print t+0, f+0}')
count() { local n; n=$(grep -c "$@" 2>/dev/null); echo "${n:-0}"; }
mt=$(count . build/check/results-ci.txt)
mf=$(count -v '^ok|' build/check/results-ci.txt)
rt=$(count . build/review/results.txt)
rf=$(count -v '^ok|' build/review/results.txt)
echo "java tests: $jt, TLC models: $mt, review verdicts: $rt"
echo "test: $((jt + mt + rt)) passed, $((jf + mf + rf)) failed"
