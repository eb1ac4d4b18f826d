--------------------------- MODULE MCVmSpaceSeed ---------------------------
(***************************************************************************)
(* Bounds for the owner part of VmSpaceSeed (the seed as written). Used by *)
(* the MCVmSpaceSeedR*.cfg rows of scripts/review.sh / tla/REVIEW.md.      *)
(* Pages of 2 bytes; user space [0, 8) (4 pages); usize = 0..15.           *)
(***************************************************************************)
EXTENDS VmSpaceSeed

\* The total view: VA page 2 -> frame 4, VA page 4 -> frame 2 (frame bases that
\* are also user VAs, so that a VA/PA mix-up is visible).
MCTotalMappings == {[va |-> 2, pa |-> 4], [va |-> 4, pa |-> 2]}

\* reader/writer requests: one page each, both pages, a straddling byte range,
\* the page after the total view, the empty range at 2, vaddr = 0 / len = 0,
\* and one that overflows usize (14 + 4 > 15).
MCReqArgs == {<<2, 2>>, <<4, 2>>, <<2, 4>>, <<3, 2>>, <<6, 2>>, <<2, 0>>, <<0, 0>>, <<14, 4>>}
\* A smaller request set for the rows that need two owners in flight.
MCReqArgsSmall == {<<2, 2>>, <<2, 4>>, <<3, 2>>}
\* Rows about disposal: single pages, both pages, a straddling range, an empty range.
MCReqArgsDispose == {<<2, 2>>, <<2, 4>>, <<3, 2>>, <<2, 0>>}
\* Rows about two readers: each page, both pages.
MCReqArgsTwoReaders == {<<2, 2>>, <<4, 2>>, <<2, 4>>}
\* Rows about two adjacent readers: page 2, page 4.
MCReqArgsAdjacentReaders == {<<2, 2>>, <<4, 2>>}
\* Rows about one writer that writes its whole page.
MCReqArgsOnePage == {<<2, 2>>}
\* The row about split's straddling mapping: an aligned and an unaligned page.
MCReqArgsStraddle == {<<2, 2>>, <<3, 2>>}
\* The row about split dropping what lies before vaddr.
MCReqArgsSecondPage == {<<4, 2>>}
\* Adjacency rows: both pages, the page after them, the page before them.
MCReqArgsAdjacent == {<<2, 4>>, <<6, 2>>, <<0, 2>>}

\* The TLB part is not used by OwnerSpec; these keep it trivial.
MCFlushOps == {}
=============================================================================
