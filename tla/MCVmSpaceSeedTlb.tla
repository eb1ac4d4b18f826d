------------------------- MODULE MCVmSpaceSeedTlb -------------------------
(***************************************************************************)
(* Bounds for the TLB part of VmSpaceSeed (CursorMut::map/unmap, the      *)
(* TlbFlusher, REF's dispatch_tlb_flush). Pages of 2 bytes, user space     *)
(* [0, 8), usize = 0..15; one cursor locking [0, 8).                       *)
(***************************************************************************)
EXTENDS VmSpaceSeed

MCTotalMappings == {}
MCReqArgs == {}
\* The flush ops explored through issue_tlb_flush: none (unmap issues its own).
MCFlushOpsNone == {}
\* A Range over both mapped pages.
MCFlushOpsRange == {[kind |-> "Range", start |-> 0, end |-> 4]}
\* A full flush.
MCFlushOpsAll == {[kind |-> "All"]}
=============================================================================
