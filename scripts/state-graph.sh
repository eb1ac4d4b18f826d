#!/usr/bin/env bash
# make state-graph: the whole state graph of the smallest VmSpace model, from TLC's
# `-dump dot,actionlabels` (every state a node, every step an edge labelled with its action),
# rendered to SVG by Graphviz's dot: build/state-graph/MCVmSpaceTiny.svg (and .dot).
# The model (written here, not a make-check model): one page, one CPU, one frame, one owner id,
# one cursor, one request ([0, 2)). Needs `dot` (Debian: apt-get install -y graphviz).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=build/state-graph
rm -rf "$out"; mkdir -p "$out"
cp tla/VmSpace.tla tla/MCVmSpace.tla "$out/"
cat > "$out/MCVmSpaceTiny.cfg" <<'CFG'
\* The smallest model: its full state graph fits on a page.
SPECIFICATION Spec
CONSTANTS
    PAGE_SIZE = 2
    MAX_USERSPACE_VADDR = 2
    CPUs = {c1}
    Frames = {f1}
    Ids = {i1}
    CursorIds = {k1}
    SHARED_READER = FALSE
    ReqVaddrs = {0}
    ReqLens = {2}
    BUG = "None"
    c1 = c1  c2 = c2  f1 = f1  f2 = f2  f3 = f3  i1 = i1  i2 = i2  i3 = i3  k1 = k1  k2 = k2
INVARIANT TypeOK
INVARIANT NoStaleTlbInv
INVARIANT PermissionConservationInv
CFG
(cd "$out" && "$root/scripts/tlc.sh" tlc2.TLC -workers 1 -metadir "$root/$out/meta" \
    -dump dot,actionlabels MCVmSpaceTiny -config MCVmSpaceTiny.cfg MCVmSpace.tla) > "$out/tlc.out" 2>&1
rc=$?
rm -rf "$out/meta"
[ $rc = 0 ] || { tail -20 "$out/tlc.out"; echo "state-graph: TLC failed (exit $rc; log $out/tlc.out)" >&2; exit 3; }
states=$(grep -oE '[0-9,]+ distinct states found' "$out/tlc.out" | tail -1 | tr -d ,)
echo "state-graph: $out/MCVmSpaceTiny.dot ($states)"
if ! command -v dot >/dev/null; then
  echo "state-graph: Graphviz's dot is not installed (Debian: apt-get install -y graphviz); the .dot file is there" >&2
  exit 4
fi
dot -Tsvg "$out/MCVmSpaceTiny.dot" -o "$out/MCVmSpaceTiny.svg" || { echo "state-graph: dot failed" >&2; exit 3; }
echo "state-graph: $out/MCVmSpaceTiny.svg"
