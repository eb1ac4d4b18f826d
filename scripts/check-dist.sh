#!/usr/bin/env bash
# make check-dist: run one model with TLC's own distributed mode (tlc2.tool.distributed.TLCServer
# plus N tlc2.tool.distributed.TLCWorker) and compare its distinct-state count with a
# single-process run of the same model. Exit 0 only if both runs end without an error and the
# counts agree; 1 if they differ or a run fails; 2 on bad usage.
#
# Variables (make passes them through; see tla/README.md, "Distributed TLC"):
#   DIST_CFG      the model (default tla/MCVmSpace.cfg); its module is found as check.sh does
#   DIST_HOST     the address workers use to reach the server, and the server's RMI hostname
#                 (default localhost)
#   DIST_PORT     the server's RMI registry port (default: a free port on this machine)
#   DIST_WORKERS  workers started here on loopback (default 2; 0: start them on other machines)
#   DIST_THREADS  threads per worker (default 1)
#   DIST_TIMEOUT  seconds before the distributed run is abandoned (default 600)
#   DIST_SINGLE   1: also run the single-process reference and compare (default 1)
#   DIST_REF_CFG  the model of the single-process reference (default DIST_CFG). Another model
#                 there shows the comparison failing: DIST_REF_CFG=tla/MCVmSpaceLive.cfg exits 1.
#
# Every TLC process gets its own java.io.tmpdir (scripts/tlc.sh) and the server its own
# -metadir; on exit or on a signal every process started here is stopped.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

cfg=${DIST_CFG:-tla/MCVmSpace.cfg}
host=${DIST_HOST:-localhost}
port=${DIST_PORT:-}
nworkers=${DIST_WORKERS:-2}
threads=${DIST_THREADS:-1}
timeout=${DIST_TIMEOUT:-600}
single=${DIST_SINGLE:-1}

die() { echo "check-dist: $*" >&2; exit 2; }
[ -f "$cfg" ] || die "no model config '$cfg' (set DIST_CFG=tla/<model>.cfg)"
[[ $nworkers =~ ^[0-9]+$ ]] || die "DIST_WORKERS must be a number, got '$nworkers'"
[[ $threads =~ ^[1-9][0-9]*$ ]] || die "DIST_THREADS must be a positive number, got '$threads'"
[[ $timeout =~ ^[1-9][0-9]*$ ]] || die "DIST_TIMEOUT must be a positive number of seconds, got '$timeout'"
if [ -z "$port" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') \
    || die "could not pick a free port (set DIST_PORT)"
fi
[[ $port =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "DIST_PORT must be a port number, got '$port'"

ref=${DIST_REF_CFG:-$cfg}
[ -f "$ref" ] || die "no reference model config '$ref' (DIST_REF_CFG)"

# The spec module of a model config: the longest MC*.tla in its directory whose name prefixes it.
module_of() {
  local name best="" t n
  name=$(basename "$1" .cfg)
  for t in "$(dirname "$1")"/MC*.tla; do
    n=$(basename "$t" .tla)
    case "$name" in "$n"*) [ ${#n} -gt ${#best} ] && best=$n ;; esac
  done
  [ -n "$best" ] || die "no MC*.tla module in $(dirname "$1") prefixes $name"
  echo "$best"
}
cfgdir=$(cd "$(dirname "$cfg")" && pwd); cfgname=$(basename "$cfg" .cfg); mod=$(module_of "$cfg") || exit 2
refdir=$(cd "$(dirname "$ref")" && pwd); refname=$(basename "$ref" .cfg); refmod=$(module_of "$ref") || exit 2

work=$(mktemp -d "${TMPDIR:-/tmp}/vmspace-dist.XXXXXX")
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

distinct_of() { grep -o '[0-9,]* distinct states found' "$1" | tail -1 | tr -d ',' | cut -d' ' -f1; }
secs_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}'; }

if grep -qE '^[[:space:]]*PROPERT(Y|IES)' "$cfg"; then
  echo "check-dist: note: $cfgname lists PROPERTY lines; distributed TLC (TLC2 2.18) checks no liveness"
  echo "            and ignores temporal properties without a word; make check runs them."
fi

fail=0
if [ "$single" = 1 ]; then
  echo "== single process: $refname (-workers 1)"
  start=$(date +%s%N)
  (cd "$refdir" && exec "$root/scripts/tlc.sh" tlc2.TLC -workers 1 -metadir "$work/meta-single" \
      -config "$refname.cfg" "$refmod.tla") > "$work/single.out" 2>&1 &
  pids+=($!); wait $!; rc=$?
  s_secs=$(secs_since "$start"); s_distinct=$(distinct_of "$work/single.out")
  mkdir -p "$root/build"; cp "$work/single.out" "$root/build/check-dist-single.out"
  echo "   exit $rc, ${s_distinct:-?} distinct states, $s_secs s"
  [ "$rc" = 0 ] || { echo "check-dist: the single-process run failed (exit $rc): build/check-dist-single.out"; fail=1; }
fi

echo "== distributed: $cfgname, TLCServer on $host:$port, $nworkers local worker(s) x $threads thread(s)"
mkdir -p "$root/build"
start=$(date +%s%N)
(cd "$cfgdir" && TLC_JAVA_OPTS="-Dtlc2.tool.distributed.TLCServer.port=$port -Djava.rmi.server.hostname=$host" \
   exec "$root/scripts/tlc.sh" tlc2.tool.distributed.TLCServer -metadir "$work/meta-server" \
   -config "$cfgname.cfg" "$mod.tla") > "$work/server.out" 2>&1 &
server=$!; pids+=("$server")

# Workers may start before the server is ready: they retry until its registry answers.
for w in $(seq 1 "$nworkers"); do
  TLC_JAVA_OPTS="-Dtlc2.tool.distributed.TLCServer.port=$port -Djava.rmi.server.hostname=$host -Dtlc2.tool.distributed.TLCWorker.threadCount=$threads" \
    "$root/scripts/tlc.sh" tlc2.tool.distributed.TLCWorker "$host" > "$work/worker$w.out" 2>&1 &
  pids+=($!)
done
[ "$nworkers" = 0 ] && echo "   start the workers on the other machines now (tla/README.md, \"Distributed TLC\")"

# Wait for the server, at most $timeout seconds.
waited=0
while kill -0 "$server" 2>/dev/null && [ "$waited" -lt "$timeout" ]; do sleep 1; waited=$((waited + 1)); done
if kill -0 "$server" 2>/dev/null; then
  echo "check-dist: the distributed run did not finish within $timeout s (DIST_TIMEOUT)"; rc=124
else
  wait "$server"; rc=$?
fi
d_secs=$(secs_since "$start"); d_distinct=$(distinct_of "$work/server.out")
cp "$work/server.out" "$root/build/check-dist-server.out"
for w in $(seq 1 "$nworkers"); do cp "$work/worker$w.out" "$root/build/check-dist-worker$w.out"; done
echo "   exit $rc, ${d_distinct:-?} distinct states, $d_secs s (logs: build/check-dist-*.out)"
if [ "$rc" != 0 ] || [ -z "$d_distinct" ] || ! grep -q "No error has been found" "$work/server.out"; then
  echo "check-dist: the distributed run failed (exit $rc): build/check-dist-server.out"; fail=1
fi

if [ "$single" = 1 ] && [ "$fail" = 0 ]; then
  if [ "$s_distinct" = "$d_distinct" ]; then
    echo "== check-dist: ok, the same $d_distinct distinct states in both runs"
  else
    echo "== check-dist: FAILED, single process ${s_distinct:-?} distinct states, distributed ${d_distinct:-?}"
    fail=1
  fi
elif [ "$fail" = 0 ]; then
  echo "== check-dist: ok, $d_distinct distinct states (no single-process comparison: DIST_SINGLE=0)"
fi
exit $fail
