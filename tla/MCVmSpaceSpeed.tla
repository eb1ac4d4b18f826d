--------------------------- MODULE MCVmSpaceSpeed ---------------------------
(* The cost rewrites of VmSpace.tla (tla/README.md, "TLC speed") checked against the     *)
(* direct forms they replaced. Each Orig* operator below is the definition as it stood    *)
(* before the rewrite (VmSpace.tla at commit 1560a80); SpeedInvEquiv and SpeedStepEquiv   *)
(* say that each rewritten invariant and action property has the same truth value as its  *)
(* original in every reachable state and on every transition. On the correct spec every   *)
(* one of them is TRUE everywhere, which proves little, so the MCVmSpaceSpeed<BUG>.cfg      *)
(* models run the planted bugs under which the originals are FALSE on some states or       *)
(* transitions, and explore the whole graph (they check only the equivalences).            *)
(* MCVmSpaceSpeedPlanted.cfg substitutes a wrong rewrite and must fail SpeedStepEquiv.      *)
EXTENDS MCVmSpace

OrigWriteThroughWritableStep ==
    \A c \in CPUs, i \in Ids, n \in IOLens :
        Write(c, i, n) =>
           \A p \in RangePages(owners[i].start, owners'[i].start) :
               Transl(c, p) # <<>> /\ Transl(c, p)[2]

OrigTlbFillStep ==
    \A c \in CPUs : \A t \in tlb'[c] \ tlb[c] :
        pt[t[1]] # NoMap /\ t[2] = pt[t[1]][1] /\ (t[3] => pt[t[1]][2] = "RW")

OrigLifecycleStep ==
    \A i \in Ids :
        /\ OwnerState(i)' = OwnerState(i) \/ <<OwnerState(i), OwnerState(i)'>> \in LifecycleEdges
        /\ i \in DOMAIN owners /\ i \in DOMAIN owners' => owners'[i].kind = owners[i].kind

OrigJoinAtRemovalStep ==
    /\ \A i \in GoneWriters : owners[i].view \subseteq mem_view'
    /\ mem_view' \ mem_view \subseteq UNION {owners[i].view : i \in GoneWriters}

OrigPermissionConservationInv ==
    /\ \A i \in ViewWriters : owners[i].view \cap mem_view = {}
    /\ mem_view \cup UNION {owners[i].view : i \in ViewWriters} = mv_range

OrigFrameAccountingInv ==
    /\ free \cap MappedFrames = {}
    /\ free \cap PendingFrames = {}
    /\ MappedFrames \cap PendingFrames = {}
    /\ free \cup MappedFrames \cup PendingFrames = Frames
    /\ \A p, q \in UserPages : p # q /\ pt[p] # NoMap /\ pt[q] # NoMap => pt[p][1] # pt[q][1]
    /\ \A j1, j2 \in DOMAIN cursors : j1 # j2 =>
          {e[2] : e \in cursors[j1].pending} \cap {e[2] : e \in cursors[j2].pending} = {}

OrigAccessSafeInv ==
    \A i \in DOMAIN owners, c \in CPUs :
        owners[i].state = "active" /\ current[c] =>
            \A p \in RangePages(owners[i].start, owners[i].end) :
                Transl(c, p) # <<>> => p \in owners[i].view /\ Transl(c, p)[1] \notin free

OrigMemViewWf3_TranslEq == \A p \in mem_view : ViewMappings({p}) \subseteq ViewMappings(mv_range)

\* Every rewritten invariant has its original's truth value in every reachable state.
SpeedInvEquiv ==
    /\ PermissionConservationInv = OrigPermissionConservationInv
    /\ FrameAccountingInv = OrigFrameAccountingInv
    /\ AccessSafeInv = OrigAccessSafeInv
    /\ MemViewWf3_TranslEq = OrigMemViewWf3_TranslEq

\* Every rewritten action property's step has its original's truth value on every transition
\* (the stuttering steps [A]_vars admits anyway are the only ones not compared).
SpeedStepEquiv ==
    [][/\ WriteThroughWritableStep = OrigWriteThroughWritableStep
       /\ TlbFillStep = OrigTlbFillStep
       /\ LifecycleStep = OrigLifecycleStep
       /\ JoinAtRemovalStep = OrigJoinAtRemovalStep]_vars

\* The planted wrong rewrite of MCVmSpaceSpeedPlanted.cfg: it skips owners that advance by
\* exactly one byte, so a one-byte write through a read-only page goes unchecked.
PlantedWriteThroughWritableStep ==
    \A i \in Ids :
        i \in DOMAIN owners /\ i \in DOMAIN owners' /\ owners[i].start + 1 < owners'[i].start =>
            \A c \in CPUs, n \in IOLens :
                Write(c, i, n) =>
                    \A p \in RangePages(owners[i].start, owners'[i].start) :
                        Transl(c, p) # <<>> /\ Transl(c, p)[2]
=============================================================================
