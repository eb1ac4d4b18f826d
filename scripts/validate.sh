#!/usr/bin/env bash
# Validates a java-impl trace against the spec (make validate TRACE=path calls this; make itself
# turns every failure into exit 2, this script keeps the validator's own exit code):
#   scripts/validate.sh [--base-spec] TRACE.ndjson
#   exit 0 accepted, 1 rejected (report on stdout), 2 malformed trace (one line), 3 TLC failed.
# Needs the trace-validation module built (make validate does it).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cp=$root/trace-validation/target/classpath.txt
if [ ! -f "$cp" ]; then
  echo "validate: trace-validation is not built (run: make trace-validation/target/classpath.txt)" >&2
  exit 3
fi
exec java -Dvmspace.root="$root" -cp "$root/trace-validation/target/classes:$(cat "$cp")" \
  org.vmspace.tv.Validate "$@"
