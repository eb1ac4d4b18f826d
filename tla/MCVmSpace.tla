----------------------------- MODULE MCVmSpace -----------------------------
(* Model-checking bounds for VmSpace: model values for CPUs, frames, owner ids and   *)
(* cursor handles, the symmetry sets, the state constraints of the targeted models,  *)
(* and the "alone" forms of the protocol invariants (invariant hygiene).             *)
EXTENDS VmSpace, TLC

CONSTANTS c1, c2, f1, f2, f3, i1, i2, i3, k1, k2

\* Frames, owner ids and cursor handles are interchangeable: permuting them maps a
\* behaviour to a behaviour (no action or invariant names a particular one). Only the
\* model's own values are permuted: TLC fingerprints a state once per permutation.
Symmetry == Permutations(Frames) \cup Permutations(Ids) \cup Permutations(CursorIds)
\* CPUs too: every action and invariant quantifies over CPUs; the bug NoRemoteShootdown
\* picks the issuing CPU with \E, not CHOOSE. Not for liveness models (TLC's liveness check
\* is unsound under symmetry).
SymmetryCPUs == Symmetry \cup Permutations(CPUs)

\* The large model's symmetry (MCVmSpaceLarge.cfg): owner ids and CPUs, not frames. Each
\* permutation in the group costs TLC one permuted copy of every generated state; frames
\* (3! = 6) would multiply the group, and its cost, by six (tla/README.md, "TLC speed").
SymmetryIdsCPUs == Permutations(Ids) \cup Permutations(CPUs)

\* State constraint of the two-CPU model: at most one owner live (ids still range over two,
\* so a removed id can come back while the other is live, but never two owners at once).
AtMostOneOwner == Cardinality(DOMAIN owners) <= 1
\* State constraint of the two-cursor model: no owner reads or writes (the model is about
\* cursors, flushers and frames; owners are the CI model's business).
NoOwners == DOMAIN owners = {}
\* State constraint of the sub-range model: no state with a TLB entry is explored further (an
\* access is taken, its fills checked, but behaviours go on only from TLB-free states).
NoTlbEntries == \A c \in CPUs : tlb[c] = {}

\* The frameless flush ops of the flush models (MCVmSpaceFlush*.cfg: FlushRanges <- MCFlushRanges),
\* on two pages 0 and 2: the range [2, 4), i.e. Address(2) (one op: MCVmSpaceFlush has 25,550 states with
\* it, 50,230 with All as well; both are the same action on other ranges, tla/README.md).
MCFlushRanges == {<<2, 4>>}

\* The max_avail arguments of Limit on the limit models (MCVmSpaceLimit*.cfg: LimitLens <- MCLimitLens):
\* 0 (an owner limited to nothing) and 1 (the straddling [1, 3) limited to [1, 2): its view is then
\* page 0 only); a limit of 1 after a limit of 0 would grow the range under the bug LimitGrows.
MCLimitLens == {0, 1}

(***************************************************************************)
(* Invariant hygiene. The protocol invariants (tla/README.md, "Invariant   *)
(* hygiene"); for each, <Name>Alone says: if every other protocol         *)
(* invariant holds, so does this one. A bug model that violates <Name>Alone *)
(* reaches a state violating <Name> and no other protocol invariant: the    *)
(* invariant adds checking power the others do not have.                    *)
(***************************************************************************)
ProtocolInvs ==
    [NoWriterAliasingInv |-> NoWriterAliasingInv, NoReadWriteAliasingInv |-> NoReadWriteAliasingInv,
     NoReadReadAliasingInv |-> NoReadReadAliasingInv, PermissionConservationInv |-> PermissionConservationInv,
     NoStaleTlbInv |-> NoStaleTlbInv, FrameAccountingInv |-> FrameAccountingInv,
     CursorExclusionInv |-> CursorExclusionInv, UserRangeInv |-> UserRangeInv,
     VmIoOwnerInv |-> VmIoOwnerInv, TlbCurrentInv |-> TlbCurrentInv,
     ViewWithinRangeInv |-> ViewWithinRangeInv]
Alone(n) == (\A m \in DOMAIN ProtocolInvs \ {n} : ProtocolInvs[m]) => ProtocolInvs[n]

NoWriterAliasingInvAlone       == Alone("NoWriterAliasingInv")
NoReadWriteAliasingInvAlone    == Alone("NoReadWriteAliasingInv")
NoReadReadAliasingInvAlone     == Alone("NoReadReadAliasingInv")
PermissionConservationInvAlone == Alone("PermissionConservationInv")
NoStaleTlbInvAlone             == Alone("NoStaleTlbInv")
FrameAccountingInvAlone        == Alone("FrameAccountingInv")
CursorExclusionInvAlone        == Alone("CursorExclusionInv")
UserRangeInvAlone              == Alone("UserRangeInv")
VmIoOwnerInvAlone              == Alone("VmIoOwnerInv")
TlbCurrentInvAlone             == Alone("TlbCurrentInv")
ViewWithinRangeInvAlone        == Alone("ViewWithinRangeInv")
=============================================================================
