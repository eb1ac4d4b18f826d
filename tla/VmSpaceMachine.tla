--------------------------- MODULE VmSpaceMachine ---------------------------
(***************************************************************************)
(* A machine with many address spaces (issue 14, item 1): the CPUs, the    *)
(* frames with their reference counts and the per-CPU TLBs are the         *)
(* machine's; every VmSpace has its own page table and its own TlbFlusher. *)
(*                                                                         *)
(* VmSpace.tla is the ownership protocol inside ONE space (VmIoOwners,     *)
(* CursorMut locks, the VmSpaceOwner's views); this module is what only    *)
(* several spaces on one machine can show, and leaves the rest out:        *)
(*  - VmSpace::activate (003) on CPU c replaces the space activated there  *)
(*    (one activated space per CPU, or none before the first activation);  *)
(*    with no ASIDs the switch drops the CPU's TLB;                        *)
(*  - CursorMut::map / unmap (003) of one space, each one atomic step (the *)
(*    cursor lock is VmSpace.tla's business); a replaced or unmapped frame *)
(*    goes to the space's TlbFlusher, which holds a reference to it;       *)
(*  - TlbFlusher::dispatch_tlb_flush (003, REFERENCE "TLB"): the flush of  *)
(*    space s reaches the CPUs where s is current (FlushTargets, below),   *)
(*    then drops the flusher's references; a frame whose reference count   *)
(*    reaches 0 returns to the allocator;                                  *)
(*  - frames are reference counted (upstream Frame / UFrame handles): a    *)
(*    frame may be mapped in several spaces at once (after a fork);        *)
(*  - a copy-on-write fork (the kernel's fork on top of OSTD): the parent's *)
(*    writable pages become read-only "COW" in the parent, with a flush,   *)
(*    and are mapped "COW" in the child; a write to a COW page faults, and *)
(*    the fault handler copies the frame into a new one mapped writable    *)
(*    (the old frame goes to the flusher, freed only after the flush), or, *)
(*    when the faulting space holds the only reference, makes it writable. *)
(*                                                                         *)
(* The flush rule. dispatch_tlb_flush of space s invalidates the pending   *)
(* pages on every CPU where s is current, and on no other. It is enough    *)
(* because of TlbCurrentInv: a CPU holds TLB entries of s only while s is  *)
(* current on it (activating another space drops the whole TLB: no ASIDs; *)
(* and only an access on a CPU where s is current fills an entry of s).    *)
(* TLB entries carry the space they were filled from as a GHOST tag: the   *)
(* hardware looks entries up by address only (Transl), the tag exists so   *)
(* that the invariants can say whose translation an entry is.              *)
(*                                                                         *)
(* Frame contents are not modelled; a write is a step only through its     *)
(* TLB fill and the history flag badWrite (WriteThroughWritableInv).       *)
(* docs/PROTOCOL.md, "Many address spaces", states every action in one     *)
(* line; tla/README.md lists the models and what each cannot see.          *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    CPUs,       \* the machine's CPUs
    Spaces,     \* the VmSpaces (their page tables and flushers)
    Pages,      \* the user pages every space may map (page-aligned VAs)
    Frames,     \* the physical frames the allocator hands out
    NoSpace,    \* current[c] before the first activation on c
    BUG         \* "None", or the name of one guard switched off (bug models)

ASSUME CPUs # {} /\ IsFiniteSet(CPUs) /\ IsFiniteSet(Spaces) /\ IsFiniteSet(Frames)
ASSUME NoSpace \notin Spaces

\* The guards a bug model can switch off, one at a time (tla/README.md, "Many address spaces").
Bugs == {"None", "FlushLocalOnly", "FreeBeforeFlush", "FreeIgnoresRefcount", "LeakOnDispatch",
         "NoTlbDropOnSwitch", "ForkParentWritable", "ForkNoFlush", "ForkNoRefcount",
         "CowReuseIgnoresHolds", "WriteIgnoresReadOnly", "FlushLastOpOnly", "ShareFlagNotCount"}
ASSUME BUG \in Bugs

\* Page properties, reduced to what the machine reads: writable, read-only, and read-only
\* copy-on-write (the hardware sees "R"; a write fault on it is the CoW handler's).
Props == {"RW", "R", "COW"}
NoMap == <<>>

----------------------------------------------------------------------------
VARIABLE current    \* current[c]: the space activated on CPU c (NoSpace before the first)
VARIABLE pt         \* pt[s][p]: NoMap or <<frame, prop>>
VARIABLE tlb        \* tlb[c]: cached translations <<space (ghost tag), page, frame, writable>>
VARIABLE free       \* frames held by the frame allocator
VARIABLE refcount   \* refcount[f]: the frame's reference count (mappings + flusher holds)
VARIABLE pending    \* pending[s]: space s's TlbFlusher: <<page, frame>> ops, each holding f
VARIABLE badWrite   \* history: some write went through a non-writable translation

vars == <<current, pt, tlb, free, refcount, pending, badWrite>>

TypeOK ==
    /\ current \in [CPUs -> Spaces \cup {NoSpace}]
    /\ pt \in [Spaces -> [Pages -> {NoMap} \cup (Frames \X Props)]]
    /\ tlb \in [CPUs -> SUBSET (Spaces \X Pages \X Frames \X BOOLEAN)]
    /\ free \subseteq Frames
    /\ refcount \in [Frames -> Nat]
    /\ pending \in [Spaces -> SUBSET (Pages \X Frames)]
    /\ badWrite \in BOOLEAN

----------------------------------------------------------------------------
(* Helpers *)

Mapped(s, p) == pt[s][p] # NoMap
\* The places (space, page) whose leaf maps f.
MapsOf(f) == {sp \in Spaces \X Pages : Mapped(sp[1], sp[2]) /\ pt[sp[1]][sp[2]][1] = f}
\* The flusher ops holding f: <<space, page>> with <<page, f>> pending in the space's flusher.
HoldsOf(f) == {sp \in Spaces \X Pages : <<sp[2], f>> \in pending[sp[1]]}

\* What CPU c translates page p to: the hardware looks the TLB up by address (no ASIDs, the
\* tag is ghost), else walks the current space's page table; <<>> when nothing translates.
\* A TLB result is <<frame, writable>>.
TlbAt(c, p) == {e \in tlb[c] : e[2] = p}
Transl(c, p) ==
    IF TlbAt(c, p) # {} THEN LET e == CHOOSE e \in TlbAt(c, p) : TRUE IN <<e[3], e[4]>>
    ELSE IF current[c] = NoSpace \/ ~Mapped(current[c], p) THEN <<>>
    ELSE <<pt[current[c]][p][1], pt[current[c]][p][2] = "RW">>
\* The entry a walk of the current space's page table caches for p.
Fill(c, p) == <<current[c], p, pt[current[c]][p][1], pt[current[c]][p][2] = "RW">>
DropPages(c, S) == {e \in tlb[c] : e[2] \notin S}

\* The CPUs a flush of space s must reach: where s is current (TlbCurrentInv makes it enough).
FlushTargets(s) == {c \in CPUs : current[c] = s}

\* The reference of the mapping at (s, p) (frame f) moves to s's flusher: the op <<p, f>> is
\* queued and holds f until the flush is dispatched. An op already pending holds f for both
\* (the flusher keeps one op per page and frame), so the mapping's reference is dropped: it
\* cannot be the last one. Returns the flusher and the count after the step.
\* (Bug "FreeBeforeFlush": the mapping's reference is dropped at once, nothing is queued, and
\* a frame whose count reaches 0 is free before any flush.)
ReleaseOps(s, ops) ==   \* ops: a set of <<page, frame>> whose mappings in s go away
    IF BUG = "FreeBeforeFlush"
    THEN [pending |-> pending[s],
          rc |-> [f \in Frames |-> refcount[f] - Cardinality({o \in ops : o[2] = f})]]
    ELSE [pending |-> pending[s] \cup ops,
          rc |-> [f \in Frames |-> refcount[f] - Cardinality({o \in ops \cap pending[s] : o[2] = f})]]

ApplyRelease(s, ops, rest) ==   \* rest: the frames the same step takes out of free
    LET r == ReleaseOps(s, ops) IN
    /\ pending' = [pending EXCEPT ![s] = r.pending]
    /\ refcount' = [f \in Frames |-> IF f \in rest THEN 1 ELSE r.rc[f]]
    /\ free' = (free \ rest) \cup
               (IF BUG = "FreeBeforeFlush" THEN {o[2] : o \in {x \in ops : r.rc[x[2]] = 0}} ELSE {})

----------------------------------------------------------------------------
(* Actions *)

\* VmSpace::activate (003) on CPU c: s replaces the space activated there. Without ASIDs the
\* switch of page tables drops the CPU's whole TLB. (Activating the current space again changes
\* nothing and is not a step.) (Bug "NoTlbDropOnSwitch": the CPU keeps the old entries.)
Activate(c, s) ==
    /\ current[c] # s
    /\ current' = [current EXCEPT ![c] = s]
    /\ tlb' = IF BUG = "NoTlbDropOnSwitch" THEN tlb ELSE [tlb EXCEPT ![c] = {}]
    /\ UNCHANGED <<pt, free, refcount, pending, badWrite>>

\* A read on CPU c of page p of its current space: a TLB miss on a mapped page caches the
\* walk's translation (read-only unless the leaf is "RW").
Read(c, p) ==
    /\ current[c] # NoSpace
    /\ TlbAt(c, p) = {}
    /\ Mapped(current[c], p)
    /\ tlb' = [tlb EXCEPT ![c] = @ \cup {Fill(c, p)}]
    /\ UNCHANGED <<current, pt, free, refcount, pending, badWrite>>

\* A write on CPU c of page p: it needs a writable translation (a TLB hit, else the walk, which
\* is cached); otherwise the CPU faults (CowCopy / CowReuse / FaultRefill, or a segfault).
\* (Bug "WriteIgnoresReadOnly": a write through a read-only translation does not fault.)
Write(c, p) ==
    /\ current[c] # NoSpace
    /\ LET t == Transl(c, p) IN
       /\ t # <<>>
       /\ t[2] \/ BUG = "WriteIgnoresReadOnly"
       /\ tlb' = IF TlbAt(c, p) = {} THEN [tlb EXCEPT ![c] = @ \cup {Fill(c, p)}] ELSE tlb
       /\ badWrite' = (badWrite \/ ~t[2])
    /\ UNCHANGED <<current, pt, free, refcount, pending>>

\* CursorMut::map (003) on space s: a frame from the allocator is mapped at p; a mapping it
\* replaces goes to s's flusher (the old frame is kept alive until the flush).
Map(s, p, f, prop) ==
    /\ f \in free
    /\ prop \in {"RW", "R"}
    /\ pt' = [pt EXCEPT ![s][p] = <<f, prop>>]
    /\ ApplyRelease(s, IF Mapped(s, p) THEN {<<p, pt[s][p][1]>>} ELSE {}, {f})
    /\ UNCHANGED <<current, tlb, badWrite>>

\* CursorMut::unmap (003) of page p of space s: the mapping's reference goes to s's flusher.
Unmap(s, p) ==
    /\ Mapped(s, p)
    /\ pt' = [pt EXCEPT ![s][p] = NoMap]
    /\ ApplyRelease(s, {<<p, pt[s][p][1]>>}, {})
    /\ UNCHANGED <<current, tlb, badWrite>>

\* TlbFlusher::dispatch_tlb_flush (003) of space s: every CPU where s is current drops its
\* entries for the pending pages; then the flusher's references are dropped, and a frame
\* whose count reaches 0 returns to the allocator.
\* (Bug "FlushLocalOnly": only one CPU, the issuing one, invalidates.
\*  Bug "FreeIgnoresRefcount": every pending frame returns to the allocator, mapped or not.
\*  Bug "LeakOnDispatch": the counts drop, but no frame returns to the allocator.
\*  Bug "FlushLastOpOnly": one pending page is invalidated, every pending frame released: the
\*  seed's dispatch_tlb_flush spec applies only the last op, REVIEW.md R33-R35.)
DispatchTlbFlush(s) ==
    /\ pending[s] # {}
    /\ \E last \in IF BUG = "FlushLastOpOnly" THEN pending[s] ELSE {CHOOSE o \in pending[s] : TRUE} :
       LET pages == IF BUG = "FlushLastOpOnly" THEN {last[1]} ELSE {o[1] : o \in pending[s]}
           frames == {o[2] : o \in pending[s]}
           rc == [f \in Frames |-> refcount[f] - Cardinality({o \in pending[s] : o[2] = f})]
       IN /\ IF BUG = "FlushLocalOnly"
               THEN \E c0 \in CPUs : tlb' = [tlb EXCEPT ![c0] = DropPages(c0, pages)]
               ELSE tlb' = [c \in CPUs |-> IF c \in FlushTargets(s) THEN DropPages(c, pages) ELSE tlb[c]]
          /\ refcount' = rc
          /\ free' = free \cup (IF BUG = "FreeIgnoresRefcount" THEN frames
                                ELSE IF BUG = "LeakOnDispatch" THEN {}
                                ELSE {f \in frames : rc[f] = 0})
          /\ pending' = [pending EXCEPT ![s] = {}]
    /\ UNCHANGED <<current, pt, badWrite>>

\* Copy-on-write fork of space s into a new space t (t maps nothing): every page s maps is
\* mapped in t with the same frame (one more reference each); s's writable pages become "COW"
\* in both, read-only pages stay "R". The write-protection of s is flushed at once, on the
\* CPUs where s is current, before the child shares the frames.
\* (Bug "ForkParentWritable": the parent keeps its "RW" leaves; the child's are "COW".
\*  Bug "ForkNoFlush": the parent's cached writable entries are not flushed.
\*  Bug "ForkNoRefcount": the child's mappings take no reference.
\*  Bug "ShareFlagNotCount": sharing is recorded as a flag, not a count: it saturates at 2.)
CowProp(prop) == IF prop = "R" THEN "R" ELSE "COW"
Shared(n) == IF BUG = "ShareFlagNotCount" /\ n > 2 THEN 2 ELSE n
Fork(s, t) ==
    /\ s # t
    /\ \A p \in Pages : ~Mapped(t, p)
    /\ \E p \in Pages : Mapped(s, p)
    /\ LET shared == {p \in Pages : Mapped(s, p)}
           protected == {p \in shared : pt[s][p][2] = "RW"}
       IN /\ pt' = [pt EXCEPT
                     ![s] = [p \in Pages |-> IF p \in protected /\ BUG # "ForkParentWritable"
                                             THEN <<pt[s][p][1], "COW">> ELSE pt[s][p]],
                     ![t] = [p \in Pages |-> IF p \in shared
                                             THEN <<pt[s][p][1], CowProp(pt[s][p][2])>> ELSE NoMap]]
          /\ tlb' = IF BUG = "ForkNoFlush" THEN tlb
                    ELSE [c \in CPUs |-> IF c \in FlushTargets(s) THEN DropPages(c, protected) ELSE tlb[c]]
          /\ refcount' = IF BUG = "ForkNoRefcount" THEN refcount
                         ELSE [f \in Frames |-> Shared(refcount[f] + Cardinality({p \in shared : pt[s][p][1] = f}))]
    /\ UNCHANGED <<current, free, pending, badWrite>>

\* Sharing one page copy-on-write: the frame space s maps at p is mapped also at (t, q), an
\* unmapped page of any space, s itself included (a frame at several pages of one space); both
\* leaves become "COW" ("R" stays "R"), with the flush of (s, p) as in Fork. This is how any
\* second mapping of a frame arises here: the model has no shared writable memory.
\* (The fork bugs apply: "ForkParentWritable", "ForkNoFlush", "ForkNoRefcount".)
CowShare(s, p, t, q) ==
    /\ <<s, p>> # <<t, q>>
    /\ Mapped(s, p) /\ ~Mapped(t, q)
    /\ LET f == pt[s][p][1]
           prop == pt[s][p][2]
       IN /\ pt' = [pt EXCEPT ![s][p] = IF prop = "RW" /\ BUG # "ForkParentWritable" THEN <<f, "COW">> ELSE @,
                              ![t][q] = <<f, CowProp(prop)>>]
          /\ tlb' = IF BUG = "ForkNoFlush" \/ prop # "RW" THEN tlb
                    ELSE [c \in CPUs |-> IF c \in FlushTargets(s) THEN DropPages(c, {p}) ELSE tlb[c]]
          /\ refcount' = IF BUG = "ForkNoRefcount" THEN refcount ELSE [refcount EXCEPT ![f] = Shared(@ + 1)]
    /\ UNCHANGED <<current, free, pending, badWrite>>

\* The page-fault handler on a write fault at page p of the space current on CPU c, where p
\* is "COW" and c has no writable translation for it. Its local TLB entry is dropped.
CowFaults(c, p) ==
    /\ current[c] # NoSpace
    /\ Mapped(current[c], p)
    /\ pt[current[c]][p][2] = "COW"
    /\ LET t == Transl(c, p) IN t = <<>> \/ ~t[2]

\* Copy: the frame has other references; a new frame from the allocator gets a copy and is
\* mapped writable; the old mapping's reference goes to the flusher (other CPUs where the
\* space is current may still cache the old frame: it is freed only after the flush).
CowCopy(c, p, g) ==
    /\ CowFaults(c, p)
    /\ LET s == current[c]
           f == pt[s][p][1]
       IN /\ ~(refcount[f] = 1 \/ (BUG = "CowReuseIgnoresHolds" /\ Cardinality(MapsOf(f)) = 1))
          /\ g \in free
          /\ pt' = [pt EXCEPT ![s][p] = <<g, "RW">>]
          /\ ApplyRelease(s, {<<p, f>>}, {g})
          /\ tlb' = [tlb EXCEPT ![c] = DropPages(c, {p})]
    /\ UNCHANGED <<current, badWrite>>

\* Reuse: the faulting space holds the frame's only reference (no other mapping, no pending
\* flush of any space): the page becomes writable in place, no copy, no flush (a more
\* permissive leaf needs none: a stale read-only entry faults again, FaultRefill).
\* (Bug "CowReuseIgnoresHolds": "only reference" is read as "only mapping", ignoring the
\*  flushers' holds: another space's CPU may still cache the frame.)
CowReuse(c, p) ==
    /\ CowFaults(c, p)
    /\ LET s == current[c]
           f == pt[s][p][1]
       IN /\ refcount[f] = 1 \/ (BUG = "CowReuseIgnoresHolds" /\ Cardinality(MapsOf(f)) = 1)
          /\ pt' = [pt EXCEPT ![s][p] = <<f, "RW">>]
          /\ tlb' = [tlb EXCEPT ![c] = DropPages(c, {p})]
    /\ UNCHANGED <<current, free, refcount, pending, badWrite>>

\* A spurious write fault: c caches a read-only entry for p, the current space's leaf is now
\* "RW" (after a CowReuse or CowCopy on another CPU): the handler drops the local entry.
FaultRefill(c, p) ==
    /\ current[c] # NoSpace
    /\ \E e \in TlbAt(c, p) : ~e[4]
    /\ Mapped(current[c], p) /\ pt[current[c]][p][2] = "RW"
    /\ tlb' = [tlb EXCEPT ![c] = DropPages(c, {p})]
    /\ UNCHANGED <<current, pt, free, refcount, pending, badWrite>>

----------------------------------------------------------------------------
Init ==
    /\ current = [c \in CPUs |-> NoSpace]
    /\ pt = [s \in Spaces |-> [p \in Pages |-> NoMap]]
    /\ tlb = [c \in CPUs |-> {}]
    /\ free = Frames
    /\ refcount = [f \in Frames |-> 0]
    /\ pending = [s \in Spaces |-> {}]
    /\ badWrite = FALSE

Next ==
    \/ \E c \in CPUs, s \in Spaces : Activate(c, s)
    \/ \E c \in CPUs, p \in Pages : Read(c, p)
    \/ \E c \in CPUs, p \in Pages : Write(c, p)
    \/ \E s \in Spaces, p \in Pages, f \in Frames, prop \in {"RW", "R"} : Map(s, p, f, prop)
    \/ \E s \in Spaces, p \in Pages : Unmap(s, p)
    \/ \E s \in Spaces : DispatchTlbFlush(s)
    \/ \E s, t \in Spaces : Fork(s, t)
    \/ \E s, t \in Spaces, p, q \in Pages : CowShare(s, p, t, q)
    \/ \E c \in CPUs, p \in Pages, g \in Frames : CowCopy(c, p, g)
    \/ \E c \in CPUs, p \in Pages : CowReuse(c, p)
    \/ \E c \in CPUs, p \in Pages : FaultRefill(c, p)

Spec == Init /\ [][Next]_vars

----------------------------------------------------------------------------
(***************************************************************************)
(* Protocol invariants (each shown violable alone: MCVmSpaceMachine.tla).  *)
(***************************************************************************)
\* A CPU holds TLB entries of space s only while s is current on it. What makes the flush
\* rule (FlushTargets: the CPUs where s is current) enough.
TlbCurrentInv == \A c \in CPUs : \A e \in tlb[c] : e[1] = current[c]

\* No stale TLB entry to a frame that may be reused, across spaces: every entry translates to
\* its space's leaf for the page, or to a frame that space's flusher still holds for that page
\* (a stale entry whose frame cannot be freed, hence not reused by any space, before the flush).
NoStaleTlbInv ==
    \A c \in CPUs : \A e \in tlb[c] :
        (Mapped(e[1], e[2]) /\ pt[e[1]][e[2]][1] = e[3]) \/ <<e[2], e[3]>> \in pending[e[1]]

\* The reference count is the number of mappings in every space plus the flushers' holds.
RefcountInv == \A f \in Frames : refcount[f] = Cardinality(MapsOf(f)) + Cardinality(HoldsOf(f))

\* A free frame is mapped nowhere and held by no flusher: a frame returns to the allocator only
\* when its last mapping in any space is gone and every flush for it is dispatched.
FreeFramesUnmappedInv == \A f \in free : MapsOf(f) = {} /\ HoldsOf(f) = {}

\* A frame nobody references is back in the allocator (no leak).
UnreferencedFreeInv == \A f \in Frames : refcount[f] = 0 => f \in free

\* A frame with a writable translation at (s, p) (an "RW" leaf, or a writable TLB entry tagged
\* (s, p) on any CPU) has no translation at any other place (leaf or TLB entry, any space):
\* what one space writes, no other space and no other page can see.
Translations(f) ==
    {sp \in Spaces \X Pages : Mapped(sp[1], sp[2]) /\ pt[sp[1]][sp[2]][1] = f}
    \cup {<<e[1], e[2]>> : e \in UNION {{x \in tlb[c] : x[3] = f} : c \in CPUs}}
WritableAt(f) ==
    {sp \in Spaces \X Pages : Mapped(sp[1], sp[2]) /\ pt[sp[1]][sp[2]] = <<f, "RW">>}
    \cup {<<e[1], e[2]>> : e \in UNION {{x \in tlb[c] : x[3] = f /\ x[4]} : c \in CPUs}}
WriteExclusiveInv == \A f \in Frames : \A w \in WritableAt(f) : Translations(f) = {w}

\* A write goes only through a writable translation (history: badWrite).
WriteThroughWritableInv == ~badWrite

(***************************************************************************)
(* Implied by the protocol invariants (tla/README.md gives the argument).   *)
(***************************************************************************)
\* A frame shared by copy-on-write (mapped at two places or more) is read-only in every space
\* mapping it: no "RW" leaf, no writable TLB entry. (Implied by WriteExclusiveInv.)
CowReadOnlyInv ==
    \A f \in Frames : Cardinality(MapsOf(f)) >= 2 =>
        /\ \A sp \in MapsOf(f) : pt[sp[1]][sp[2]][2] # "RW"
        /\ \A c \in CPUs : \A e \in tlb[c] : e[3] = f => ~e[4]

\* No TLB entry reaches a free frame. (NoStaleTlbInv and FreeFramesUnmappedInv.)
NoTlbToFreeInv == \A c \in CPUs : \A e \in tlb[c] : e[3] \notin free

\* One TLB entry per page and CPU (a fill happens only on a miss). By construction.
TlbFunctionalInv == \A c \in CPUs : \A e1, e2 \in tlb[c] : e1[2] = e2[2] => e1 = e2

(***************************************************************************)
(* Reachability (a Debug* invariant TLC must violate: the scenario happens). *)
(***************************************************************************)
\* A CoW copy happened while another CPU still caches, read-only, the old frame for the same
\* space and page, and the old frame is still mapped by another space: the flush after the
\* copy is needed (MCVmSpaceMachineReachStaleAfterCopy EXPECTs this violated).
DebugNoStaleAfterCopy ==
    ~\E s \in Spaces, p \in Pages, c \in CPUs :
        /\ Mapped(s, p) /\ pt[s][p][2] = "RW"
        /\ \E e \in tlb[c] :
              e[1] = s /\ e[2] = p /\ e[3] # pt[s][p][1] /\ ~e[4] /\ MapsOf(e[3]) # {}

THEOREM Spec => [](TypeOK /\ TlbCurrentInv /\ NoStaleTlbInv /\ RefcountInv /\ FreeFramesUnmappedInv)
THEOREM Spec => [](UnreferencedFreeInv /\ WriteExclusiveInv /\ WriteThroughWritableInv)
THEOREM Spec => [](CowReadOnlyInv /\ NoTlbToFreeInv /\ TlbFunctionalInv)
=============================================================================
