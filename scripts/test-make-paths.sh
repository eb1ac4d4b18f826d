#!/usr/bin/env bash
# Part of `make test` (issue 8 item 5): the make targets take paths with spaces. A short trace is
# written by `make trace OUT="<dir with space>/<name with space>"` and validated by
# `make validate TRACE=...`; nothing may be created at the split-up words of the path.
# Before the Makefile quoted its paths, `make trace` wrote to the first word of OUT and failed.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/make paths.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
out="$tmp/with space/a trace.ndjson"
fail() { echo "test-make-paths: $*" >&2; exit 1; }
make -s trace OUT="$out" SEED=3 OPS=300 THREADS=1 > "$tmp/trace.log" 2>&1 || fail "make trace failed: $(tail -1 "$tmp/trace.log")"
[ -s "$out" ] || fail "no trace at '$out'"
head -1 "$out" | grep -q '"schema":"vmspace-trace"' || fail "'$out' has no trace header"
grep -q "trace: $out (" "$tmp/trace.log" || fail "make trace did not report '$out': $(cat "$tmp/trace.log")"
left=$(cd "$tmp" && ls -A | grep -v -x -e 'with space' -e 'trace.log' || true)
[ -z "$left" ] || fail "stray files from a split path: $left"
make -s validate TRACE="$out" > "$tmp/validate.log" 2>&1 || fail "make validate failed: $(tail -1 "$tmp/validate.log")"
grep -q ACCEPTED "$tmp/validate.log" || fail "not accepted: $(cat "$tmp/validate.log")"
echo "test-make-paths: ok (make trace and make validate with '$out')"
