#!/usr/bin/env bash
# make mutation: PIT on the implementation packages (org.vmspace.mm and its sub-packages,
# org.vmspace.model, org.vmspace.trace, org.vmspace.machine), one PIT run per group of classes, so a
# long run yields each group's report as it ends (PIT writes nothing until a run is complete), and a
# group can be rerun alone. Reports: build/pit-reports/<group>/ (index.html, mutations.xml); the
# summary of every group present (scripts/pit-summary.py) in build/pit-reports/SUMMARY.md.
#
# usage: scripts/mutation.sh [GROUP...]   (no GROUP: all, in the order below)
#   PIT_CLASSES=glob,...  one run of those classes instead, into build/pit-reports/custom/
#   PIT_TESTS=glob,...    narrows the tests (mbt/pom.xml's pit.tests)
#   MVN                   the Maven command (default: mvn -B -o -q)
# exit: 0 every run ended (the score is in the summary, not the exit code); 2 unknown group;
#       otherwise Maven's exit code (a group that did not end leaves its previous report in place).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
MVN=${MVN:-mvn -B -o -q}
reports=$root/build/pit-reports
mkdir -p "$reports"

# The triage covers the ownership books, the page table with its cursors, the TLB and frames.
declare -A GROUP=(
  [ownership]='org.vmspace.mm.VmSpaceOwner*,org.vmspace.mm.VmIoOwner*'
  [pagetable-tlb]='org.vmspace.mm.Cursor*,org.vmspace.mm.TlbFlusher*,org.vmspace.mm.pagetable.*,org.vmspace.mm.tlb.*,org.vmspace.mm.frame.*'
  [machine]='org.vmspace.machine.*'
  [model-trace]='org.vmspace.model.*,org.vmspace.trace.*'
  [space-io]=''   # the rest of org.vmspace.mm, computed below from the compiled classes
)
ORDER=(ownership pagetable-tlb machine model-trace space-io)
TRIAGED="${GROUP[ownership]},${GROUP[pagetable-tlb]}"

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=("${ORDER[@]}")
for g in "${groups[@]}"; do
  [ -n "${GROUP[$g]+x}" ] || { echo "mutation: unknown group '$g' (groups: ${ORDER[*]})" >&2; exit 2; }
done

# MBT's state graph first (one TLC run, cached in build/mbt-graph-cache/): otherwise PIT's coverage run
# times MbtBoundedTest with TLC's exploration in it and gives every mutant that loops that timeout.
$MVN -pl mbt -am test -Dtest=MbtBoundedTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dvmspace.mbt.graphCache="$root/build/mbt-graph-cache"

# space-io: every class of org.vmspace.mm (sub-packages included) that no other group names.
GROUP[space-io]=$(python3 - "$root/java-impl/target/classes" "$TRIAGED" <<'EOF'
import fnmatch, os, sys
base, taken = sys.argv[1], sys.argv[2].split(",")
names = set()
for d, _, fs in os.walk(os.path.join(base, "org/vmspace/mm")):
    for f in fs:
        if f.endswith(".class"):
            names.add(os.path.relpath(os.path.join(d, f), base)[:-6].replace("/", ".").split("$")[0])
rest = sorted(n for n in names if not any(fnmatch.fnmatchcase(n, g) for g in taken))
print(",".join(x for n in rest for x in (n, n + "$*")))
EOF
)

run() {  # run NAME CLASSES
  local name=$1 classes=$2 tmp="$reports/.run-$1"
  rm -rf "$tmp"
  echo "mutation: $name: $(date -u +%H:%M:%S) start, load $(cut -d' ' -f1-3 /proc/loadavg)"
  local t0=$SECONDS
  $MVN -pl mbt -am test-compile org.pitest:pitest-maven:mutationCoverage -Dpit.classes="$classes" \
    -Dpit.reports="$tmp" ${PIT_TESTS:+-Dpit.tests="$PIT_TESTS"}
  rm -rf "${reports:?}/$name"
  mv "$tmp" "$reports/$name"
  echo "mutation: $name: $(date -u +%H:%M:%S) done in $((SECONDS - t0)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
}

only=()
if [ -n "${PIT_CLASSES:-}" ]; then
  run custom "$PIT_CLASSES"
  only=(--group custom)
else
  for g in "${groups[@]}"; do
    run "$g" "${GROUP[$g]}"
  done
fi
python3 scripts/pit-summary.py "$reports" --survivors "$TRIAGED" "${only[@]}" > "$reports/SUMMARY.md"
sed -n '1,/^$/p' "$reports/SUMMARY.md"
echo "mutation: summary in build/pit-reports/SUMMARY.md; reports in build/pit-reports/<group>/index.html"
