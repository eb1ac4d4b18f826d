------------------------- MODULE MCVmSpaceMachine -------------------------
(* Model-checking bounds for VmSpaceMachine (many address spaces on one machine): model  *)
(* values, the symmetry set, and the "alone" forms of the protocol invariants (invariant *)
(* hygiene, as MCVmSpace.tla does for VmSpace).                                          *)
EXTENDS VmSpaceMachine, TLC

CONSTANTS c1, c2, s1, s2, s3, f1, f2, f3

\* CPUs, spaces and frames are interchangeable: no action or invariant names one (the bug
\* FlushLocalOnly picks the issuing CPU with \E, not CHOOSE). Init maps nothing anywhere.
Symmetry == Permutations(CPUs) \cup Permutations(Spaces) \cup Permutations(Frames)

(***************************************************************************)
(* Invariant hygiene: <Name>Alone says "if every other protocol invariant   *)
(* holds, so does <Name>". A bug model violating <Name>Alone reached a      *)
(* state where <Name> fails and every other protocol invariant holds.       *)
(***************************************************************************)
ProtocolInvs ==
    [TlbCurrentInv |-> TlbCurrentInv, NoStaleTlbInv |-> NoStaleTlbInv, RefcountInv |-> RefcountInv,
     FreeFramesUnmappedInv |-> FreeFramesUnmappedInv, UnreferencedFreeInv |-> UnreferencedFreeInv,
     WriteExclusiveInv |-> WriteExclusiveInv, WriteThroughWritableInv |-> WriteThroughWritableInv]
Alone(n) == (\A m \in DOMAIN ProtocolInvs \ {n} : ProtocolInvs[m]) => ProtocolInvs[n]

TlbCurrentInvAlone           == Alone("TlbCurrentInv")
NoStaleTlbInvAlone           == Alone("NoStaleTlbInv")
RefcountInvAlone             == Alone("RefcountInv")
FreeFramesUnmappedInvAlone   == Alone("FreeFramesUnmappedInv")
UnreferencedFreeInvAlone     == Alone("UnreferencedFreeInv")
WriteExclusiveInvAlone       == Alone("WriteExclusiveInv")
WriteThroughWritableInvAlone == Alone("WriteThroughWritableInv")
=============================================================================
