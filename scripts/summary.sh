#!/usr/bin/env bash
# The closing summary of `make`: what was checked, from the result files the steps wrote.
cd "$(dirname "$0")/.."
echo
echo "================================ summary ================================"
r=build/check/results-ci.txt
if [ -f "$r" ]; then
  awk -F'|' '
    $2 == "MCVmSpace"      { printf "spec      CI model: %s distinct states in %s s, every action taken: %s\n", $5, $6, $1 }
    $2 ~ /^MCVmSpaceLive/  { printf "spec      %-24s expected %-17s got %-17s %s\n", $2, $3, $4, $1 }
    $2 ~ /^MCVmSpaceReach/ { rn++; if ($1 == "ok") rk++ }
    $2 ~ /^MCVmSpaceBug/   { n++; if ($1 == "ok") k++ }
    END { printf "spec      reachability: %d of %d situations reached (the invariants are not vacuous)\n", rk, rn
          printf "spec      bug models: %d of %d failed with the invariant they name\n", k, n }' "$r"
else
  echo "spec      (make check has not run)"
fi
v=build/validate-summary.txt
if [ -f "$v" ]; then sed 's/^/trace     /' "$v"; else echo "trace     (no sample trace validated)"; fi
echo "details   tla/README.md, trace-validation/README.md, tla/REVIEW.md (make review)"
echo "========================================================================="
