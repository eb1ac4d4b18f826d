------------------------ MODULE MCVmSpaceSeedStatic ------------------------
(***************************************************************************)
(* Static checks of VmSpaceSeed's mem_view_wf / inv: Init enumerates every *)
(* state of a small domain (remaining view, up to two listed readers, up   *)
(* to one listed writer) and nothing moves, so an invariant ~P that TLC    *)
(* passes shows that P is impossible in that whole domain, and one TLC     *)
(* violates shows a state with P (the counterexample is one state).        *)
(***************************************************************************)
EXTENDS VmSpaceSeed

MCTotalMappings == {[va |-> 2, pa |-> 4], [va |-> 4, pa |-> 2]}
MCReqArgs == {}
MCFlushOps == {}

\* Owner ranges: each page, both pages.
StaticRanges == {<<2, 4>>, <<4, 6>>, <<2, 6>>}
\* Every sub-view of the total view: any subset of its mappings and frames.
SubViews == {[mappings |-> S, memory |-> M] : S \in SUBSET TOTAL_MAPPINGS, M \in SUBSET TotalFrames}
\* An owner's view: a subset of the mappings with exactly their frames.
OwnerViews == {[mappings |-> S, memory |-> {m.pa : m \in S}] : S \in SUBSET TOTAL_MAPPINGS}
StaticOwners(kind, tag) ==
    {[id |-> 1, kind |-> kind, start |-> r[1], end |-> r[2], fallible |-> FALSE,
      kernel |-> FALSE, view |-> {[tag |-> tag, mv |-> v]}] : r \in StaticRanges, v \in OwnerViews}

StaticInit ==
    /\ active = TRUE /\ current = TRUE /\ mv_range = Some(TotalView)
    /\ held = [i \in Ids |-> None] /\ used = {}
    /\ pt = InitPt /\ tlb = {} /\ pending = <<>> /\ kept = {} /\ free = Frames \ {InitPt[p] : p \in TlbPages}
    /\ cva = 0 /\ lastOp = Op("Init", 0, "Ok", 0, 0, 0)
    /\ mem_view \in {{v} : v \in SubViews}
    /\ readers \in {<<>>} \cup {<<o>> : o \in StaticOwners("reader", "Read")}
                   \cup {<<o1, o2>> : o1, o2 \in StaticOwners("reader", "Read")}
    /\ writers \in {<<>>} \cup {<<o>> : o \in StaticOwners("writer", "Write")}

StaticNext == UNCHANGED vars
=============================================================================
