---------------------------- MODULE VmSpaceSeed ----------------------------
(***************************************************************************)
(* A FAITHFUL rendering of the seeds' contracts AS WRITTEN, for the design *)
(* review (tla/REVIEW.md, scripts/review.sh). It is NOT the intended       *)
(* protocol (that is VmSpace.tla, docs/PROTOCOL.md): every operator says   *)
(* what the seed says, including where that cannot hold, so that TLC can   *)
(* confirm or refute each suspected defect.                                *)
(*                                                                         *)
(* Provenance (../shared/seeds/ and ../shared/REFERENCE.md, "REF"):        *)
(*  002 VmSpaceOwner: mem_view_wf (MemViewWf_...), inv (Inv_...),        *)
(*      can_create_reader/writer, activate_reader/writer,                  *)
(*      dispose_reader/writer, remove_reader/writer.                       *)
(*  000 io.rs: VmIoOwner::inv (OwnerInv), overlaps_with_range (Overlaps),  *)
(*      disjoint (OwnerDisjoint), advance (Advance), VmReader/VmWriter::   *)
(*      from_user_space (NewUserOwner), rw_fallible (RwFallible), the      *)
(*      non-overlap precondition of read/write (IoNonOverlap).             *)
(*  003 vm_space.rs: VmSpace::reader/writer (Reader, Writer),              *)
(*      CursorMut::map/unmap (Map, Unmap), TlbFlusher issue/dispatch.      *)
(*  REF MemView (AddrTransl with CHOOSE, BorrowAt, Split, Join,            *)
(*      MappingsAreDisjoint), the TLB model (IssueTlbFlush,                *)
(*      DispatchTlbFlush taking only the LAST pending op, Range(r)         *)
(*      flushing only r.start, All flushing nothing), reader_success_cond. *)
(*                                                                         *)
(* How an operation is rendered: its enabling condition is the seed's      *)
(* `requires` (including old(self).inv(): a Verus caller cannot call it    *)
(* otherwise), its effect the strongest thing the `ensures` determine. A   *)
(* field the ensures leave unconstrained is chosen by TLC from a small set *)
(* of candidates given as a CONSTANT (ACTIVATE_*, DISPOSE_EMPTY,           *)
(* REMOVE_VIEW); an ensures clause that constrains the post-state only     *)
(* through a predicate (self.inv()) is not assumed but CHECKED, as an      *)
(* action property (...EnsuresInvProp).                                    *)
(*                                                                         *)
(* Representation. Addresses are mathematical integers; usize is the       *)
(* range 0..USIZE_MAX (a small word: overflow is v + l > USIZE_MAX).       *)
(* A mapping is [va, pa], one page [va, va + PAGE_SIZE) (REF: user         *)
(* mappings are always one base page). A MemView is                        *)
(* [mappings, memory] where memory is the DOMAIN of upstream's             *)
(* Map<Paddr, FrameContents>, i.e. a set of frame base physical addresses  *)
(* (contents are not modelled: no reviewed clause depends on bytes). Rust  *)
(* Option<T> is a set with at most one element ({} = None).                *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

CONSTANTS
    PAGE_SIZE,           \* bytes per page (4096 upstream; 2 in the models)
    MAX_USERSPACE_VADDR, \* exclusive end of user space (REF constants)
    USIZE_MAX,           \* the largest usize: the models use a tiny word
    TOTAL_MAPPINGS,      \* mv_range: the total view's mappings (set of [va, pa])
    Ids,                 \* the ids new_vm_io_id may return
    ReqArgs,             \* <<vaddr, len>> arguments of VmSpace::reader/writer explored
    AdvanceLens,         \* nbytes arguments of VmIoOwner::advance explored
    FallibleArgs,        \* `fallible` arguments of VmIoOwner::change_fallible explored ({} = not
                         \* explored: only rw_fallible reads the flag, and it changes nothing)
    OVERLAP,             \* "closed" (seed's overlaps_with_range) or "halfopen"
    SHARED_READER,       \* VmSpaceOwner::shared_reader (a field never written by any op)
    WRITER_OVER_BORROW,  \* TRUE: activate_writer as written (no borrow check)
    ACTIVATE_LIST,       \* activate_*: self's list afterwards, ensures silent: {"unchanged","push"}
    ACTIVATE_VIEW,       \* activate_writer: self.mem_view afterwards: {"unchanged","minusLeft","splitRight"}
    DISPOSE_EMPTY,       \* dispose_* of an empty range, ensures silent: {"push","drop"}
    REMOVE_VIEW,         \* remove_writer: self.mem_view afterwards, ensures silent: {"unchanged","join"}
    REPAIR_WF,           \* FALSE: mem_view_wf as written; TRUE: its "forall va" clauses restricted
    Frames,              \* physical frames (TLB part)
    TlbPages,            \* user pages the TLB part maps initially (page -> frame below)
    UnmapLens,           \* len arguments of CursorMut::unmap explored
    UNMAP_OVERFLOW,      \* "assume" (seed: assume(va + len <= usize::MAX)) or "wrap" (release build)
    FlushOps,            \* TlbFlushOp values explored for issue_tlb_flush
    POWER_WITNESS        \* "none" = the seed as written; otherwise the name of ONE planted change
                         \* to a seed clause (a power witness of tla/REVIEW.md, see PowerWitnesses)

ASSUME PAGE_SIZE \in Nat \ {0}
ASSUME MAX_USERSPACE_VADDR \in Nat /\ MAX_USERSPACE_VADDR % PAGE_SIZE = 0
ASSUME USIZE_MAX \in Nat /\ USIZE_MAX >= MAX_USERSPACE_VADDR
ASSUME TOTAL_MAPPINGS \subseteq [va : Nat, pa : Nat]
ASSUME IsFiniteSet(Ids)
ASSUME ReqArgs \subseteq Nat \X Nat
ASSUME AdvanceLens \subseteq Nat \ {0}
ASSUME FallibleArgs \subseteq BOOLEAN
ASSUME OVERLAP \in {"closed", "halfopen"}
ASSUME SHARED_READER \in BOOLEAN
ASSUME WRITER_OVER_BORROW \in BOOLEAN
ASSUME ACTIVATE_LIST \subseteq {"unchanged", "push"} /\ ACTIVATE_LIST # {}
ASSUME ACTIVATE_VIEW \subseteq {"unchanged", "minusLeft", "splitRight"} /\ ACTIVATE_VIEW # {}
ASSUME DISPOSE_EMPTY \subseteq {"push", "drop"} /\ DISPOSE_EMPTY # {}
ASSUME REMOVE_VIEW \subseteq {"unchanged", "join"} /\ REMOVE_VIEW # {}
ASSUME REPAIR_WF \in BOOLEAN
ASSUME IsFiniteSet(Frames)
ASSUME TlbPages \subseteq Nat
ASSUME UnmapLens \subseteq Nat
ASSUME UNMAP_OVERFLOW \in {"assume", "wrap"}
\* The planted changes a power witness may select (tla/REVIEW.md, "How to read a verdict"): each is a
\* minimal edit of ONE seed clause, named after what it does to it.
PowerWitnesses == {"none",
    "wrapping_add",         \* 003 reader/writer: vaddr.wrapping_add(len) instead of checked_add(..).unwrap_or(MAX)
    "ge_max",               \* 003 reader/writer: `>= MAX_USERSPACE_VADDR` instead of `>`
    "dispose_no_disjoint",  \* 002 dispose_*: the `readers[i].disjoint(owner)` requires dropped
    "advance_no_len_check"} \* 000 VmIoOwner::advance: the `nbytes <= end - start` requires dropped
ASSUME POWER_WITNESS \in PowerWitnesses
Planted(w) == POWER_WITNESS = w

ASSUME FlushOps \subseteq ([kind : {"All"}] \cup [kind : {"Address"}, va : Nat]
                            \cup [kind : {"Range"}, start : Nat, end : Nat])

----------------------------------------------------------------------------
(* Values. *)

\* The virtual addresses a `forall |va: usize|` ranges over. Every view in the
\* models is a sub-view of the total view, which maps user pages only, so every
\* view translates nothing at or above MAX_USERSPACE_VADDR: quantifying over
\* user space is exact for these models (and keeps TLC fast).
VAs == 0 .. (MAX_USERSPACE_VADDR - 1)

\* Rust Option<T> as a set of at most one element.
None == {}
Some(x) == {x}
The(opt) == CHOOSE x \in opt : TRUE

\* REF Mapping (one base page) and MemView.
Mapping == [va : Nat, pa : Nat]
MemView == [mappings : SUBSET Mapping, memory : SUBSET Nat]
TotalFrames == {m.pa : m \in TOTAL_MAPPINGS}
TotalView == [mappings |-> TOTAL_MAPPINGS, memory |-> TotalFrames]

\* 000 VmIoOwner (id, range, is_fallible, is_kernel, mem_view); `kind` is the
\* companion VmReader/VmWriter's type ("reader"/"writer"), not an owner field.
\* A VmIoMemView is [tag |-> "Write" | "Read", mv |-> MemView].

----------------------------------------------------------------------------
(* REF MemView operators. *)

Contains(m, va) == m.va <= va /\ va < m.va + PAGE_SIZE

\* REF addr_transl: `choose` among the mappings containing va; (base PA, offset).
AddrTransl(mv, va) ==
    LET ms == {m \in mv.mappings : Contains(m, va)}
    IN IF ms = {} THEN None
       ELSE LET m == CHOOSE x \in ms : TRUE IN Some(<<m.pa, va - m.va>>)

Translates(mv, va) == AddrTransl(mv, va) # None

\* The frames reachable from the virtual addresses in `vas`, kept in mv.memory.
ReachableMemory(mv, vas) ==
    {(The(AddrTransl(mv, va)))[1] : va \in {v \in vas : Translates(mv, v)}} \cap mv.memory

\* REF borrow_at(vaddr, len): mappings overlapping [vaddr, vaddr + len).
BorrowAt(mv, vaddr, len) ==
    LET e == vaddr + len
    IN [mappings |-> {m \in mv.mappings : m.va < e /\ m.va + PAGE_SIZE > vaddr},
        memory   |-> ReachableMemory(mv, {va \in VAs : vaddr <= va /\ va < e})]

\* REF split(vaddr, len) -> (left, right): left = the mappings overlapping
\* [vaddr, e); right = the mappings ending after e (those before vaddr are in
\* neither; one straddling e is in both). Each side keeps its own side's frames.
SplitLeft(mv, vaddr, len) == BorrowAt(mv, vaddr, len)
SplitRight(mv, vaddr, len) ==
    LET e == vaddr + len
    IN [mappings |-> {m \in mv.mappings : m.va + PAGE_SIZE > e},
        memory   |-> ReachableMemory(mv, {va \in VAs : va >= e})]

\* REF join(other): union (contents prefer `other`; not modelled).
Join(a, b) == [mappings |-> a.mappings \cup b.mappings, memory |-> a.memory \cup b.memory]

\* REF mappings_are_disjoint: distinct mappings are VA-disjoint (half-open).
MappingsAreDisjoint(mv) ==
    \A m1, m2 \in mv.mappings :
        m1 # m2 => (m1.va + PAGE_SIZE <= m2.va \/ m2.va + PAGE_SIZE <= m1.va)

----------------------------------------------------------------------------
(* 000 VmIoOwner. *)

ViewOf(o) == (The(o.view)).mv
HasView(o, tag) == o.view # None /\ (The(o.view)).tag = tag

\* SEED 000:295-297 inv_wf   SEED 000:300-323 inv
\* 000 VmIoOwner::inv: inv_wf (start <= end) and a present view is finite,
\* internally disjoint and translates every address of the range.
OwnerInv(o) ==
    /\ o.start <= o.end
    /\ o.view # None =>
         /\ IsFiniteSet(ViewOf(o).mappings)
         /\ MappingsAreDisjoint(ViewOf(o))
         /\ \A va \in o.start .. (o.end - 1) : Translates(ViewOf(o), va)

\* SEED 000:376-380 overlaps_with_range
\* 000 VmIoOwner::overlaps_with_range: CLOSED as written
\* (self.start <= r.end && r.start <= self.end); OVERLAP = "halfopen" is the
\* form REF's Mapping disjointness and read/write's precondition use.
Overlaps(o, s, e) ==
    IF OVERLAP = "closed" THEN o.start <= e /\ s <= o.end
                          ELSE o.start < e /\ s < o.end

\* SEED 000:382-403 disjoint
\* 000 VmIoOwner::disjoint: no range overlap and, when both carry views,
\* disjoint mapping sets (all four WriteView/ReadView combinations alike).
OwnerDisjoint(a, b) ==
    /\ ~Overlaps(a, b.start, b.end)
    /\ (a.view # None /\ b.view # None) => ViewOf(a).mappings \cap ViewOf(b).mappings = {}

\* SEED 000:1303-1305 Non-overlapping
\* 000 VmReader::read / VmWriter::write precondition "Non-overlapping requirements":
\* half-open (w.start >= r.end || r.start >= w.end).
IoNonOverlap(r, w) == w.start >= r.end \/ r.start >= w.end

\* SEED 000:697-710 from_user_space   SEED 000:1590-1594 from_user_space
\* VmReader/VmWriter::from_user_space: range = ptr.range, mem_view None, !is_kernel and,
\* in the body and the ensures (`!owner@.is_fallible`), is_fallible: false.
NewUserOwner(i, kind, v, l) ==
    [id |-> i, kind |-> kind, start |-> v, end |-> v + l,
     fallible |-> FALSE, kernel |-> FALSE, view |-> None]

\* Seq::remove(idx) (0-based in Verus, 1-based here).
RemoveAt(s, k) == [j \in 1 .. (Len(s) - 1) |-> IF j < k THEN s[j] ELSE s[j + 1]]

----------------------------------------------------------------------------
(* Variables, each with its type invariant. *)

VARIABLE active        \* 002 VmSpaceOwner::active (no reviewed op changes it)
ActiveTypeOK == active \in BOOLEAN

VARIABLE current       \* 003 current_page_table_paddr() == self.pt.root_paddr()
CurrentTypeOK == current \in BOOLEAN

VARIABLE mem_view      \* 002 VmSpaceOwner::mem_view: Option<MemView>, the remaining view
MemViewTypeOK == mem_view \subseteq MemView /\ Cardinality(mem_view) <= 1

VARIABLE mv_range      \* 002 VmSpaceOwner::mv_range: Option<MemView>, the total view
MvRangeTypeOK == mv_range \subseteq MemView /\ Cardinality(mv_range) <= 1

VARIABLE readers       \* 002 VmSpaceOwner::readers: Seq<VmIoOwner>
ReadersTypeOK == readers \in Seq([id : Ids, kind : {"reader", "writer"}, start : Int, end : Int,
                                  fallible : BOOLEAN, kernel : BOOLEAN, view : SUBSET [tag : {"Read", "Write"}, mv : MemView]])

VARIABLE writers       \* 002 VmSpaceOwner::writers: Seq<VmIoOwner>
WritersTypeOK == writers \in Seq([id : Ids, kind : {"reader", "writer"}, start : Int, end : Int,
                                  fallible : BOOLEAN, kernel : BOOLEAN, view : SUBSET [tag : {"Read", "Write"}, mv : MemView]])

VARIABLE held          \* the tracked VmIoOwners the callers hold (created or activated)
HeldTypeOK == held \in [Ids -> SUBSET [id : Ids, kind : {"reader", "writer"}, start : Int, end : Int,
                                       fallible : BOOLEAN, kernel : BOOLEAN,
                                       view : SUBSET [tag : {"Read", "Write"}, mv : MemView]]]

VARIABLE used          \* ids new_vm_io_id already returned (it returns fresh ones)
UsedTypeOK == used \subseteq Ids

VARIABLE pt            \* TLB part: the page table, page -> frame (NoFrame = unmapped)
NoFrame == -1
PtTypeOK == pt \in [TlbPages -> Frames \cup {NoFrame}]

VARIABLE tlb           \* REF TlbModel::mappings: cached <<page, frame>>
TlbTypeOK == tlb \subseteq TlbPages \X Frames

VARIABLE pending       \* REF TlbModel::pending: Seq<TlbFlushOp>
PendingTypeOK == pending \in Seq(FlushOps \cup [kind : {"Address"}, va : Nat])

VARIABLE kept          \* frames kept alive by issue_tlb_flush_with until dispatch (drop after flush)
KeptTypeOK == kept \subseteq Frames

VARIABLE free          \* frames back with the allocator
FreeTypeOK == free \subseteq Frames

VARIABLE cva           \* the CursorMut's current va; it locks [0, MAX_USERSPACE_VADDR)
CvaTypeOK == cva \in Nat

VARIABLE lastOp        \* history: the last step, for the reachability checks (Debug...)
LastOpTypeOK == lastOp \in [op : STRING, id : Nat, out : STRING, v : Int, l : Int, n : Int]

ownerVars == <<active, current, mem_view, mv_range, readers, writers, held, used>>
tlbVars == <<pt, tlb, pending, kept, free, cva>>
vars == <<ownerVars, tlbVars, lastOp>>

TypeOK ==
    /\ ActiveTypeOK /\ CurrentTypeOK /\ MemViewTypeOK /\ MvRangeTypeOK
    /\ ReadersTypeOK /\ WritersTypeOK /\ HeldTypeOK /\ UsedTypeOK
    /\ PtTypeOK /\ TlbTypeOK /\ PendingTypeOK /\ KeptTypeOK /\ FreeTypeOK
    /\ CvaTypeOK /\ LastOpTypeOK

Op(op, id, out, v, l, n) == [op |-> op, id |-> id, out |-> out, v |-> v, l |-> l, n |-> n]

----------------------------------------------------------------------------
(* 002 VmSpaceOwner::mem_view_wf, one operator per conjunct, grouped as the *)
(* rustdoc numbers them. Every group after §1 is under                     *)
\* SEED 002:70-141 mem_view_wf   SEED 002:143-162 Existence Invariants  (the doc's §1-§5)
(* "mem_view matches Some(remaining) ==> mv_range matches Some(total)".    *)

\* R: the remaining view, T: the total view (only evaluated under Views).
R == The(mem_view)
T == The(mv_range)
Views(body(_, _)) == (mem_view # None /\ mv_range # None) => body(R, T)

\* The writers (resp. readers) whose listed owner a §4 (§5) clause constrains.
WIdx == 1 .. Len(writers)
RIdx == 1 .. Len(readers)

\* REPAIR_WF restricts the seed's "forall |va: usize|" translation equalities to
\* where they can hold (the sub-view translates va; §3: va not held by a
\* listed writer). FALSE = as written.
WriterTranslates(va) == \E i \in WIdx : HasView(writers[i], "Write") /\ Translates(ViewOf(writers[i]), va)

\* §1 Existence: mem_view is Some <==> mv_range is Some.
MemViewWf1_Existence == (mem_view # None) <=> (mv_range # None)

\* §2 Structural integrity.
MemViewWf2_RemainingDisjoint == Views(LAMBDA r, t : MappingsAreDisjoint(r))
MemViewWf2_RemainingFinite   == Views(LAMBDA r, t : IsFiniteSet(r.mappings))
MemViewWf2_TotalDisjoint     == Views(LAMBDA r, t : MappingsAreDisjoint(t))
MemViewWf2_TotalFinite       == Views(LAMBDA r, t : IsFiniteSet(t.mappings))

\* §3 Global consistency.   SEED 002:85-89 remaining_view.addr_transl(va) == total_view
MemViewWf3_MappingsSubset == Views(LAMBDA r, t : r.mappings \subseteq t.mappings)
MemViewWf3_MemorySubset   == Views(LAMBDA r, t : r.memory \subseteq t.memory)
\* forall |va| remaining_view.addr_transl(va) == total_view.addr_transl(va)
MemViewWf3_TranslEq ==
    Views(LAMBDA r, t : \A va \in VAs :
            (~REPAIR_WF \/ ~WriterTranslates(va)) => AddrTransl(r, va) = AddrTransl(t, va))

\* §4 Writer invariants, for every listed writer w (writers[i]).   SEED 002:90-120 WriteView(writer_mv)
MemViewWf4_WriterIsWriteView == Views(LAMBDA r, t : \A i \in WIdx : HasView(writers[i], "Write"))
MemViewWf4_WriterFinite ==
    Views(LAMBDA r, t : \A i \in WIdx : HasView(writers[i], "Write") => IsFiniteSet(ViewOf(writers[i]).mappings))
\* forall |va| writer_mv.addr_transl(va) == total_view.addr_transl(va)
MemViewWf4_WriterTranslEq ==
    Views(LAMBDA r, t : \A i \in WIdx : HasView(writers[i], "Write") =>
            \A va \in VAs : (~REPAIR_WF \/ Translates(ViewOf(writers[i]), va))
                              => AddrTransl(ViewOf(writers[i]), va) = AddrTransl(t, va))
\* writer_mv.addr_transl(va) is Some ==> remaining_view.addr_transl(va) is None
MemViewWf4_WriterExclTransl ==
    Views(LAMBDA r, t : \A i \in WIdx : HasView(writers[i], "Write") =>
            \A va \in VAs : Translates(ViewOf(writers[i]), va) => ~Translates(r, va))
\* ... ==> !remaining_view.memory.contains_key(va)   (a VA tested against PA keys)
MemViewWf4_WriterExclMemory ==
    Views(LAMBDA r, t : \A i \in WIdx : HasView(writers[i], "Write") =>
            \A va \in VAs : Translates(ViewOf(writers[i]), va) => va \notin r.memory)
MemViewWf4_WriterMappingsDisjoint ==
    Views(LAMBDA r, t : \A i \in WIdx : HasView(writers[i], "Write") =>
            ViewOf(writers[i]).mappings \cap r.mappings = {})
MemViewWf4_WriterMappingsSubset ==
    Views(LAMBDA r, t : \A i \in WIdx : HasView(writers[i], "Write") =>
            ViewOf(writers[i]).mappings \subseteq t.mappings)
MemViewWf4_WriterMemorySubset ==
    Views(LAMBDA r, t : \A i \in WIdx : HasView(writers[i], "Write") =>
            ViewOf(writers[i]).memory \subseteq t.memory)

\* §5 Reader invariants, for every listed reader.   SEED 002:121-137 ReadView(reader_mv)
MemViewWf5_ReaderIsReadView == Views(LAMBDA r, t : \A i \in RIdx : HasView(readers[i], "Read"))
MemViewWf5_ReaderFinite ==
    Views(LAMBDA r, t : \A i \in RIdx : HasView(readers[i], "Read") => IsFiniteSet(ViewOf(readers[i]).mappings))
\* forall |va| reader_mv.addr_transl(va) == total_view.addr_transl(va)
MemViewWf5_ReaderTranslEq ==
    Views(LAMBDA r, t : \A i \in RIdx : HasView(readers[i], "Read") =>
            \A va \in VAs : (~REPAIR_WF \/ Translates(ViewOf(readers[i]), va))
                              => AddrTransl(ViewOf(readers[i]), va) = AddrTransl(t, va))

MemViewWf ==
    /\ MemViewWf1_Existence
    /\ MemViewWf2_RemainingDisjoint /\ MemViewWf2_RemainingFinite
    /\ MemViewWf2_TotalDisjoint /\ MemViewWf2_TotalFinite
    /\ MemViewWf3_MappingsSubset /\ MemViewWf3_MemorySubset /\ MemViewWf3_TranslEq
    /\ MemViewWf4_WriterIsWriteView /\ MemViewWf4_WriterFinite /\ MemViewWf4_WriterTranslEq
    /\ MemViewWf4_WriterExclTransl /\ MemViewWf4_WriterExclMemory
    /\ MemViewWf4_WriterMappingsDisjoint /\ MemViewWf4_WriterMappingsSubset
    /\ MemViewWf4_WriterMemorySubset
    /\ MemViewWf5_ReaderIsReadView /\ MemViewWf5_ReaderFinite /\ MemViewWf5_ReaderTranslEq

----------------------------------------------------------------------------
(* 002 VmSpaceOwner::inv, one operator per conjunct. *)
\* SEED 002:456-518 impl<'a> Inv for VmSpaceOwner<'a>

\* page_table_owner.inv(): the page table is not part of this rendering.
Inv1_PageTable == TRUE
\* active ==> mem_view_wf()
Inv2_MemViewWf == active => MemViewWf
\* The rest is under "active ==> mem_view matches Some(_) ==> ...".
Guarded(p) == (active /\ mem_view # None) => p
Inv3_ReadersInv == Guarded(\A i \in RIdx : OwnerInv(readers[i]))
Inv4_WritersInv == Guarded(\A i \in WIdx : OwnerInv(writers[i]))
Inv5_ReadWriteDisjoint == Guarded(\A i \in RIdx, j \in WIdx : OwnerDisjoint(readers[i], writers[j]))
\* !self.shared_reader ==> readers pairwise disjoint (the doc says "If shared_reader is set").
Inv6_ReadersDisjoint ==
    Guarded(~SHARED_READER => \A i, j \in RIdx : i # j => OwnerDisjoint(readers[i], readers[j]))
Inv7_WritersDisjoint == Guarded(\A i, j \in WIdx : i # j => OwnerDisjoint(writers[i], writers[j]))

Inv ==
    /\ Inv1_PageTable /\ Inv2_MemViewWf /\ Inv3_ReadersInv /\ Inv4_WritersInv
    /\ Inv5_ReadWriteDisjoint /\ Inv6_ReadersDisjoint /\ Inv7_WritersDisjoint

----------------------------------------------------------------------------
(* 002 can_create_reader / can_create_writer: consult the LISTS only. No *)
(* operation of the seeds calls them (003 reader/writer do not): they are *)
(* rendered for the static rows only.                                      *)
\* SEED 002:165-175 can_create_reader   SEED 002:183-197 can_create_writer

CanCreateReader(v, l) == \A i \in WIdx : ~Overlaps(writers[i], v, v + l)
CanCreateWriter(v, l) ==
    /\ \A i \in RIdx : ~Overlaps(readers[i], v, v + l)
    /\ \A i \in WIdx : ~Overlaps(writers[i], v, v + l)

\* REF reader_success_cond / writer_success_cond (named, not defined, at SEED 003:350-350 reader_success_cond  ).
SuccessCond(v, l) == v # 0 /\ l > 0 /\ v + l <= MAX_USERSPACE_VADDR /\ current

\* SEED 003:380-380 checked_add
\* 003 `vaddr.checked_add(len).unwrap_or(usize::MAX)`.
CheckedAddOrMax(v, l) == IF v + l > USIZE_MAX THEN USIZE_MAX ELSE v + l

----------------------------------------------------------------------------
(* Actions: the owner part. *)

UnchangedTlb == UNCHANGED tlbVars

\* SEED 003:376-397 reader   SEED 003:433-454 writer   (bodies; specs at 003:356-375, 003:415-432)
\* The body, branch by branch: `current_page_table_paddr() != self.pt.root_paddr()` ->
\* AccessDenied; `vaddr.checked_add(len).unwrap_or(usize::MAX) > MAX_USERSPACE_VADDR` ->
\* AccessDenied; else `owner.new_vm_io_id()` and `from_user_space`. The bodies never call
\* can_create_reader / can_create_writer (002's lifecycle step 1 says "we first check"): no
\* list is consulted, and `owner` is not changed (ensures: final(owner).inv()).
\* SEED 002:205-212 new_vm_io_id  rendered as a fresh id (the doc's assumption; see REVIEW I07).
\* Planted changes (power witnesses only): "wrapping_add", "ge_max".
CreateEnd(v, l) ==
    IF Planted("wrapping_add") THEN (v + l) % (USIZE_MAX + 1) ELSE CheckedAddOrMax(v, l)
CreateRefused(v, l) ==
    IF Planted("ge_max") THEN CreateEnd(v, l) >= MAX_USERSPACE_VADDR
                         ELSE CreateEnd(v, l) > MAX_USERSPACE_VADDR
Create(kind, i, v, l) ==
    /\ i \in Ids \ used
    \* requires old(owner).inv(): conjoined once in OwnerNext (HoistedInv)
    /\ \/ /\ ~current
          /\ lastOp' = Op(kind, i, "AccessDenied", v, l, 0)
          /\ UNCHANGED ownerVars
       \/ /\ current
          /\ CreateRefused(v, l)
          /\ lastOp' = Op(kind, i, "AccessDenied", v, l, 0)
          /\ UNCHANGED ownerVars
       \/ /\ current
          /\ ~CreateRefused(v, l)
          /\ held' = [held EXCEPT ![i] = Some(NewUserOwner(i, IF kind = "Reader" THEN "reader" ELSE "writer", v, l))]
          /\ used' = used \cup {i}
          /\ lastOp' = Op(kind, i, "Ok", v, l, 0)
          /\ UNCHANGED <<active, current, mem_view, mv_range, readers, writers>>
    /\ UnchangedTlb

\* 003 VmSpace::reader(&self, ..)
Reader(i, v, l) == Create("Reader", i, v, l)
\* 003 VmSpace::writer(self, ..): takes the VmSpace BY VALUE (REVIEW I01)
Writer(i, v, l) == Create("Writer", i, v, l)

\* The current page table changes (VmSpace::activate of this or another space).
\* SEED 003:316-338 pub fn activate  external_body, `unimplemented!()`: no contract to render.
SwitchPageTable ==
    /\ current' = ~current
    /\ lastOp' = Op("SwitchPageTable", 0, "Ok", 0, 0, 0)
    /\ UNCHANGED <<active, mem_view, mv_range, readers, writers, held, used>>
    /\ UnchangedTlb

\* The shared `requires` of activate_reader / activate_writer.
\* SEED 002:218-230 old(owner_r).mem_view is None   SEED 002:263-275 old(owner_w).mem_view is None
ActivateRequires(o) ==
    /\ mem_view # None
    /\ \A va \in o.start .. (o.end - 1) : Translates(R, va)
    \* old(self).inv(): conjoined once in OwnerNext (HoistedInv)
    /\ active
    /\ OwnerInv(o)          \* inv_with_reader / inv_with_writer (the VmReader/VmWriter is abstract)
    /\ o.view = None

\* SEED 002:216-243 activate_reader
\* 002 activate_reader: owner_r.mem_view == ReadView(borrow_at(start, end - start));
\* nothing about self: its list is chosen from ACTIVATE_LIST, mem_view kept (a borrow).
ActivateReader(i) ==
    /\ held[i] # None
    /\ LET o == The(held[i])
           o2 == [o EXCEPT !.view = Some([tag |-> "Read", mv |-> BorrowAt(R, o.start, o.end - o.start)])]
       IN /\ o.kind = "reader"
          /\ ActivateRequires(o)
          /\ held' = [held EXCEPT ![i] = Some(o2)]
          /\ \E c \in ACTIVATE_LIST : readers' = IF c = "push" THEN Append(readers, o2) ELSE readers
          /\ lastOp' = Op("ActivateReader", i, "Ok", o.start, o.end - o.start,
                          Cardinality(ViewOf(o2).mappings))
    /\ UNCHANGED <<active, current, mem_view, mv_range, writers, used>>
    /\ UnchangedTlb

\* Pages some reader (held or listed) has borrowed.
BorrowedMappings ==
    UNION ({ViewOf(The(held[i])).mappings : i \in {j \in Ids : held[j] # None /\ HasView(The(held[j]), "Read")}}
           \cup {ViewOf(readers[i]).mappings : i \in {j \in RIdx : HasView(readers[j], "Read")}})

\* SEED 002:261-289 activate_writer
\* 002 activate_writer: owner_w.mem_view == WriteView(split(start, end - start).0);
\* nothing about self: its list from ACTIVATE_LIST, its mem_view from ACTIVATE_VIEW
\* (unchanged / remaining minus the split-off left part / split's right part).
ActivateWriter(i) ==
    /\ held[i] # None
    /\ LET o == The(held[i])
           left == SplitLeft(R, o.start, o.end - o.start)
           right == SplitRight(R, o.start, o.end - o.start)
           o2 == [o EXCEPT !.view = Some([tag |-> "Write", mv |-> left])]
       IN /\ o.kind = "writer"
          /\ ActivateRequires(o)
          /\ WRITER_OVER_BORROW \/ left.mappings \cap BorrowedMappings = {}
          /\ held' = [held EXCEPT ![i] = Some(o2)]
          /\ \E c \in ACTIVATE_LIST : writers' = IF c = "push" THEN Append(writers, o2) ELSE writers
          /\ \E c \in ACTIVATE_VIEW :
               mem_view' = CASE c = "unchanged" -> mem_view
                             [] c = "minusLeft" -> Some([mappings |-> R.mappings \ left.mappings,
                                                         memory |-> R.memory \ left.memory])
                             [] c = "splitRight" -> Some(right)
          /\ lastOp' = Op("ActivateWriter", i, "Ok", o.start, o.end - o.start, Cardinality(left.mappings))
    /\ UNCHANGED <<active, current, mv_range, readers, used>>
    /\ UnchangedTlb

\* The view-side `requires` of dispose_reader / dispose_writer (the §4/§5 clauses, copied).
\* SEED 002:363-379 total_view.addr_transl(va) == mv.addr_transl(va)   SEED 002:404-433 remaining.addr_transl(va) is None
DisposeViewRequires(o, tag) ==
    /\ mv_range # None /\ mem_view # None /\ HasView(o, tag)
    /\ IsFiniteSet(ViewOf(o).mappings)
    /\ \A va \in VAs : (~REPAIR_WF \/ Translates(ViewOf(o), va))
                         => AddrTransl(T, va) = AddrTransl(ViewOf(o), va)
    /\ tag = "Write" =>
         /\ \A va \in VAs : Translates(ViewOf(o), va) => (~Translates(R, va) /\ va \notin R.memory)
         /\ ViewOf(o).mappings \cap R.mappings = {}
         /\ ViewOf(o).mappings \subseteq T.mappings
         /\ ViewOf(o).memory \subseteq T.memory

\* SEED 002:386-386 readers.push(owner)   SEED 002:444-444 writers.push(owner)
\* The shared `ensures` about the lists: range.start < range.end ==> pushed; an
\* empty range leaves the list unconstrained (DISPOSE_EMPTY).
PushOrChoose(list, o) ==
    IF o.start < o.end THEN {Append(list, o)}
    ELSE {IF c = "push" THEN Append(list, o) ELSE list : c \in DISPOSE_EMPTY}

Dispose(kind, tag, i) ==
    /\ held[i] # None
    /\ LET o == The(held[i]) IN
       /\ o.kind = kind
       /\ OwnerInv(o)
       \* old(self).inv(): conjoined once in OwnerNext (HoistedInv)
       /\ active
       /\ DisposeViewRequires(o, tag)
       /\ \A j \in WIdx : OwnerDisjoint(writers[j], o)
       \* Planted "dispose_no_disjoint" (power witnesses only) drops this requires.
       /\ Planted("dispose_no_disjoint") \/ \A j \in RIdx : OwnerDisjoint(readers[j], o)
       /\ held' = [held EXCEPT ![i] = None]     \* `tracked owner` is moved in
       /\ IF kind = "reader"
            THEN readers' \in PushOrChoose(readers, o) /\ UNCHANGED writers
            ELSE writers' \in PushOrChoose(writers, o) /\ UNCHANGED readers
       /\ lastOp' = Op(IF kind = "reader" THEN "DisposeReader" ELSE "DisposeWriter", i,
                       IF (IF kind = "reader" THEN Len(readers') > Len(readers)
                                              ELSE Len(writers') > Len(writers))
                       THEN "pushed" ELSE "dropped",
                       o.start, o.end - o.start, Cardinality(ViewOf(o).mappings))
    \* ensures say nothing of mem_view; a disposed writer keeps its view in the list (§4).
    /\ UNCHANGED <<active, current, mem_view, mv_range, used>>
    /\ UnchangedTlb

\* SEED 002:357-396 dispose_reader
DisposeReader(i) == Dispose("reader", "Read", i)
\* SEED 002:398-450 dispose_writer
DisposeWriter(i) == Dispose("writer", "Write", i)

\* SEED 002:307-328 remove_reader
\* 002 remove_reader(idx)
RemoveReader(k) ==
    /\ active /\ mem_view # None       \* and old(self).inv() (HoistedInv)
    /\ k \in RIdx
    /\ readers' = RemoveAt(readers, k)
    /\ lastOp' = Op("RemoveReader", readers[k].id, "Ok", readers[k].start,
                    readers[k].end - readers[k].start, Cardinality(ViewOf(readers[k]).mappings))
    /\ UNCHANGED <<active, current, mem_view, mv_range, writers, held, used>>
    /\ UnchangedTlb

\* SEED 002:331-354 remove_writer
\* 002 remove_writer(idx): the ensures do not mention the view (REMOVE_VIEW).
RemoveWriter(k) ==
    /\ active /\ mem_view # None /\ mv_range # None   \* and old(self).inv() (HoistedInv)
    /\ k \in WIdx
    /\ writers' = RemoveAt(writers, k)
    /\ \E c \in REMOVE_VIEW :
         mem_view' = IF c = "join" /\ writers[k].view # None
                       THEN Some(Join(R, ViewOf(writers[k]))) ELSE mem_view
    /\ lastOp' = Op("RemoveWriter", writers[k].id, "Ok", writers[k].start,
                    writers[k].end - writers[k].start, Cardinality(ViewOf(writers[k]).mappings))
    /\ UNCHANGED <<active, current, mv_range, readers, held, used>>
    /\ UnchangedTlb

\* SEED 000:431-464 advance   SEED 000:1382-1383 owner_w.advance(copy_len)
\* The body is `arbitrary()` under #[verifier::external_body] (trusted): the ensures fix
\* the range and the view's tag only, not the view; REF's upstream body keeps split.right.
\* 000 VmIoOwner::advance(nbytes), as read/write call it: the owner keeps
\* split(start, nbytes).right (REF) and the returned left part is discarded.
Advance(i, n) ==
    /\ held[i] # None
    /\ LET o == The(held[i]) IN
       /\ OwnerInv(o)
       /\ o.view # None
       \* Planted "advance_no_len_check" (power witnesses only) drops this requires.
       /\ Planted("advance_no_len_check") \/ n <= o.end - o.start
       /\ held' = [held EXCEPT ![i] = Some([o EXCEPT !.start = o.start + n,
                     !.view = Some([tag |-> (The(o.view)).tag, mv |-> SplitRight(ViewOf(o), o.start, n)])])]
       /\ lastOp' = Op("Advance", i, "Ok", o.start, n, Cardinality(SplitLeft(ViewOf(o), o.start, n).mappings))
    /\ UNCHANGED <<active, current, mem_view, mv_range, readers, writers, used>>
    /\ UnchangedTlb

\* SEED 000:103-131 rw_fallible
\* 000 rw_fallible: requires both owners is_fallible (the body is a placeholder).
RwFallible(i, j) ==
    /\ held[i] # None /\ held[j] # None
    /\ LET r == The(held[i]) w == The(held[j]) IN
       /\ r.kind = "reader" /\ w.kind = "writer"
       /\ OwnerInv(r) /\ OwnerInv(w)
       /\ r.fallible /\ w.fallible
    /\ lastOp' = Op("RwFallible", i, "Ok", j, 0, 0)
    /\ UNCHANGED ownerVars
    /\ UnchangedTlb

\* SEED 000:411-429 change_fallible
\* 000 VmIoOwner::change_fallible(fallible): a `pub proof fn` any holder of the owner may call:
\* requires old(self).inv() and a different value; ensures final(self).is_fallible == fallible
\* (and inv); the body sets the field. It makes is_fallible independent of the Fallible /
\* Infallible type parameter (REVIEW R23).
ChangeFallible(i, f) ==
    /\ held[i] # None
    /\ LET o == The(held[i]) IN
       /\ OwnerInv(o)
       /\ o.fallible # f
       /\ held' = [held EXCEPT ![i] = Some([o EXCEPT !.fallible = f])]
       /\ lastOp' = Op("ChangeFallible", i, IF f THEN "true" ELSE "false", o.start, o.end - o.start, 0)
    /\ UNCHANGED <<active, current, mem_view, mv_range, readers, writers, used>>
    /\ UnchangedTlb

\* Every VmSpace/VmSpaceOwner operation below requires old(self).inv() (reader/
\* writer: old(owner).inv()); the conjunct is written once here so that TLC
\* evaluates it once per state instead of once per argument tuple.
HoistedInv(A) == Inv /\ A

OwnerNext ==
    \/ HoistedInv(
         \/ \E i \in Ids, a \in ReqArgs : Reader(i, a[1], a[2]) \/ Writer(i, a[1], a[2])
         \/ \E i \in Ids : ActivateReader(i) \/ ActivateWriter(i) \/ DisposeReader(i) \/ DisposeWriter(i)
         \/ \E k \in 1 .. Len(readers) : RemoveReader(k)
         \/ \E k \in 1 .. Len(writers) : RemoveWriter(k))
    \/ \E i \in Ids, n \in AdvanceLens : Advance(i, n)
    \/ \E i, j \in Ids : RwFallible(i, j)
    \/ \E i \in Ids, f \in FallibleArgs : ChangeFallible(i, f)

----------------------------------------------------------------------------
(* Actions: the TLB part (003 CursorMut::map/unmap, REF TLB model). *)

\* (REF only: the TLB model is not in the seeds.)
\* REF TlbModel::update(pt, va): an access caches the page table's mapping.
TlbUpdate(p) ==
    /\ pt[p] # NoFrame
    /\ tlb' = tlb \cup {<<p, pt[p]>>}
    /\ lastOp' = Op("TlbUpdate", 0, "Ok", p, 0, 0)
    /\ UNCHANGED <<pt, pending, kept, free, cva>>
    /\ UNCHANGED ownerVars

\* REF TlbModel::flush(va): drop the cached mappings containing va.
FlushVa(t, va) == {e \in t : ~(e[1] <= va /\ va < e[1] + PAGE_SIZE)}

\* REF dispatch_tlb_flush (spec): apply only the LAST pending op; Address(va)
\* flushes va, Range(r) flushes r.start, All flushes nothing.
DispatchSpec(t, ops) ==
    IF ops = <<>> THEN t
    ELSE LET op == ops[Len(ops)]
         IN CASE op.kind = "Address" -> FlushVa(t, op.va)
              [] op.kind = "Range"   -> FlushVa(t, op.start)
              [] op.kind = "All"     -> t

\* What the pending ops are meant to flush: the pages they cover.
OpPages(op) ==
    CASE op.kind = "Address" -> {p \in TlbPages : p <= op.va /\ op.va < p + PAGE_SIZE}
      [] op.kind = "Range"   -> {p \in TlbPages : p < op.end /\ op.start < p + PAGE_SIZE}
      [] op.kind = "All"     -> TlbPages

\* REF TlbFlusher::dispatch_tlb_flush: the TLB as the spec says; the frames kept
\* by issue_tlb_flush_with are released ("drop after flush").
Dispatch(opName) ==
    /\ tlb' = DispatchSpec(tlb, pending)
    /\ free' = free \cup kept
    /\ kept' = {}
    /\ pending' = <<>>
    /\ lastOp' = Op(opName, 0, "Ok", cva,
                    Len(pending), Cardinality({e \in tlb' : \E k \in 1 .. Len(pending) : e[1] \in OpPages(pending[k])}))

\* REF issue_tlb_flush(op): append op to pending (the public flusher API).
IssueTlbFlush(op) ==
    /\ pending' = Append(pending, op)
    /\ lastOp' = Op("IssueTlbFlush", 0, op.kind, 0, 0, 0)
    /\ UNCHANGED <<pt, tlb, kept, free, cva>>
    /\ UNCHANGED ownerVars

\* The flusher's dispatch_tlb_flush called on its own.
DispatchTlbFlush ==
    /\ pending # <<>>
    /\ Dispatch("DispatchTlbFlush")
    /\ UNCHANGED <<pt, cva>>
    /\ UNCHANGED ownerVars

\* SEED 003:818-872 map
\* 003 CursorMut::map(frame): replaces the slot at cva; an existing mapping's frame
\* is flushed by issue_tlb_flush_with(Address(start_va), old) and an immediate dispatch.
Map(f) ==
    /\ cva \in TlbPages
    /\ f \in free
    /\ pt' = [pt EXCEPT ![cva] = f]
    /\ cva' = cva + PAGE_SIZE
    /\ IF pt[cva] = NoFrame
         THEN /\ free' = free \ {f}
              /\ lastOp' = Op("Map", 0, "Ok", cva, 0, 0)
              /\ UNCHANGED <<tlb, pending, kept>>
         ELSE LET ops == Append(pending, [kind |-> "Address", va |-> cva])
              IN /\ tlb' = DispatchSpec(tlb, ops)
                 /\ free' = (free \ {f}) \cup kept \cup {pt[cva]}
                 /\ kept' = {}
                 /\ pending' = <<>>
                 /\ lastOp' = Op("Map", 0, "Ok", cva, 1, 0)
    /\ UNCHANGED ownerVars

\* SEED 003:909-937 unmap
\* 003 CursorMut::unmap(len): assert_eq!(len % PAGE_SIZE, 0);
\* assume(va + len <= usize::MAX) (UNMAP_OVERFLOW = "assume"), or, "wrap", what
\* a release build computes when the assumption is false (va + len mod 2^w);
\* assert!(va + len <= barrier_va.end); each mapped page: issue Address(va)
\* with its frame (drop after flush); dispatch at the end.
Unmap(len) ==
    LET endRaw == cva + len
        endVa == IF endRaw > USIZE_MAX THEN endRaw % (USIZE_MAX + 1) ELSE endRaw
        gone == {p \in TlbPages : cva <= p /\ p < endVa /\ pt[p] # NoFrame}
        ops == pending \o [k \in 1 .. Cardinality(gone) |->
                             [kind |-> "Address",
                              va |-> CHOOSE p \in gone : Cardinality({q \in gone : q <= p}) = k]]
    IN
    /\ len % PAGE_SIZE = 0
    /\ UNMAP_OVERFLOW = "assume" => endRaw <= USIZE_MAX
    /\ endVa <= MAX_USERSPACE_VADDR
    /\ pt' = [p \in TlbPages |-> IF p \in gone THEN NoFrame ELSE pt[p]]
    /\ tlb' = DispatchSpec(tlb, ops)
    /\ free' = free \cup kept \cup {pt[p] : p \in gone}
    /\ kept' = {}
    /\ pending' = <<>>
    /\ cva' = IF endVa >= cva THEN endVa ELSE cva
    /\ lastOp' = Op("Unmap", 0, IF endRaw > USIZE_MAX THEN "overflow" ELSE "Ok", cva, len, Cardinality(gone))
    /\ UNCHANGED ownerVars

\* SEED 003:770-770 jump
\* The cursor moves back to the start of its range (CursorMut::jump(0)).
Jump ==
    /\ cva # 0
    /\ cva' = 0
    /\ lastOp' = Op("Jump", 0, "Ok", 0, 0, 0)
    /\ UNCHANGED <<pt, tlb, pending, kept, free>>
    /\ UNCHANGED ownerVars

TlbNext ==
    \/ \E p \in TlbPages : TlbUpdate(p)
    \/ \E op \in FlushOps : IssueTlbFlush(op)
    \/ DispatchTlbFlush
    \/ \E f \in Frames : Map(f)
    \/ \E len \in UnmapLens : Unmap(len)
    \/ Jump

----------------------------------------------------------------------------
(* Init / Next / Spec. The owner part and the TLB part share no variable;  *)
(* each model checks one of them (OwnerSpec / TlbSpec).                    *)

\* The TLB part maps page TlbPages[k] to a frame; the rest of Frames is free.
InitPt == CHOOSE f \in [TlbPages -> Frames] : \A p, q \in TlbPages : p # q => f[p] # f[q]

Init ==
    /\ active = TRUE
    /\ current = TRUE
    /\ mem_view = Some(TotalView)
    /\ mv_range = Some(TotalView)
    /\ readers = <<>>
    /\ writers = <<>>
    /\ held = [i \in Ids |-> None]
    /\ used = {}
    /\ pt = InitPt
    /\ tlb = {}
    /\ pending = <<>>
    /\ kept = {}
    /\ free = Frames \ {InitPt[p] : p \in TlbPages}
    /\ cva = 0
    /\ lastOp = Op("Init", 0, "Ok", 0, 0, 0)

Next == OwnerNext \/ TlbNext

OwnerSpec == Init /\ [][OwnerNext]_vars
\* With the current page table switching (AccessDenied of reader/writer).
OwnerSwitchSpec == Init /\ [][OwnerNext \/ SwitchPageTable]_vars
TlbSpec == Init /\ [][TlbNext]_vars
Spec == Init /\ [][Next]_vars

----------------------------------------------------------------------------
(* Correctness invariants: what the protocol exists for (the same names as *)
(* VmSpace.tla / docs/PROTOCOL.md, stated over this rendering's state).    *)

HeldWith(tag) == {i \in Ids : held[i] # None /\ HasView(The(held[i]), tag)}
HeldWriterViews == {ViewOf(The(held[i])).mappings : i \in HeldWith("Write")}
ListedWriterViews == {ViewOf(writers[i]).mappings : i \in {j \in WIdx : HasView(writers[j], "Write")}}

\* No page is in two writers' views, nor in a writer's view and the remaining view.
NoWriterAliasingInv ==
    /\ \A i, j \in HeldWith("Write") : i # j =>
          ViewOf(The(held[i])).mappings \cap ViewOf(The(held[j])).mappings = {}
    /\ \A i \in HeldWith("Write") : ViewOf(The(held[i])).mappings \cap R.mappings = {}

\* No page is in a reader's view and a writer's view.
NoReadWriteAliasingInv ==
    \A i \in HeldWith("Read"), j \in HeldWith("Write") :
        ViewOf(The(held[i])).mappings \cap ViewOf(The(held[j])).mappings = {}

\* Nothing lost: every total mapping is in the remaining view or a writer's view.
PermissionConservationInv ==
    T.mappings \subseteq R.mappings \cup UNION HeldWriterViews \cup UNION ListedWriterViews

\* Two writers the callers hold never have overlapping ranges.
HeldWritersDisjointInv ==
    \A i, j \in {k \in Ids : held[k] # None /\ (The(held[k])).kind = "writer"} :
        i # j => ~((The(held[i])).start < (The(held[j])).end /\ (The(held[j])).start < (The(held[i])).end)

\* SEED 002:299-299 writers list
\* 002 activate_writer doc: "The writer will be added to the VmSpace's writers list".
ActivatedWriterListedInv ==
    lastOp.op = "ActivateWriter" => \E k \in WIdx : writers[k].id = lastOp.id

\* SEED 003:374-374 MAX_USERSPACE_VADDR as nat
\* 003 reader/writer ensures: r is Ok ==> vaddr + len <= MAX_USERSPACE_VADDR.
CreateOkInRangeInv ==
    (lastOp.op \in {"Reader", "Writer"} /\ lastOp.out = "Ok") => lastOp.v + lastOp.l <= MAX_USERSPACE_VADDR

\* SEED 003:365-365 reader_success_cond(vaddr, len) ==> r is Ok
\* 003 reader/writer ensures: success_cond ==> r is Ok.
CreateSuccessCondOkInv ==
    (lastOp.op \in {"Reader", "Writer"} /\ SuccessCond(lastOp.v, lastOp.l)) => lastOp.out = "Ok"

\* SEED 002:27-27 can_create_reader and Self::can_create_writer
\* 002 lifecycle, step 1: "To create a new reader/writer, we first check if [it] can be created
\* ... using the APIs Self::can_create_reader and Self::can_create_writer": every reader/writer
\* VmSpace::reader/writer returns Ok passed that check (the lists are unchanged by creation).
CreateChecksCanCreateInv ==
    (lastOp.op \in {"Reader", "Writer"} /\ lastOp.out = "Ok")
        => IF lastOp.op = "Reader" THEN CanCreateReader(lastOp.v, lastOp.l)
                                   ELSE CanCreateWriter(lastOp.v, lastOp.l)

\* No TLB entry maps to a frame the allocator has back (a freed frame).
NoStaleTlbInv == \A e \in tlb : e[2] \notin free

\* After a dispatch, no entry of a page a dispatched op covered remains cached.
DispatchFlushesPendingInv == lastOp.op = "DispatchTlbFlush" => lastOp.n = 0

----------------------------------------------------------------------------
(* Properties: the ensures `self.inv()` of each lifecycle op, and the       *)
(* VmIoOwner ensures, checked (not assumed) on every step of that op.      *)

StepIs(op) == lastOp'.op = op
DisposeEnsuresInvProp == [][(StepIs("DisposeReader") \/ StepIs("DisposeWriter")) => Inv']_vars
RemoveEnsuresInvProp == [][(StepIs("RemoveReader") \/ StepIs("RemoveWriter")) => Inv']_vars
\* 000 advance ensures final(self).inv(); activate_* ensures owner.inv_with_*().
OwnerEnsuresInvProp ==
    [][(StepIs("Advance") \/ StepIs("ActivateReader") \/ StepIs("ActivateWriter"))
         => OwnerInv(The(held'[lastOp'.id]))]_vars
\* SEED 002:256-256 preserves all memory invariants
\* 002 activate_* doc: "The function preserves all memory invariants".
ActivateReaderEnsuresInvProp == [][StepIs("ActivateReader") => Inv']_vars
ActivateWriterEnsuresInvProp == [][StepIs("ActivateWriter") => Inv']_vars

----------------------------------------------------------------------------
(* Debugging / reachability invariants (off by default). Each is ~P for a *)
(* situation P: TLC violating it shows P reachable, TLC passing it shows P *)
(* unreachable in the model (the claim that needs P is vacuous there).     *)

\* dispose_writer of a writer holding at least one page.
DebugNoDisposeWriterWithPages == ~(lastOp.op = "DisposeWriter" /\ lastOp.n > 0)
\* dispose_writer at all.
DebugNoDisposeWriter == lastOp.op # "DisposeWriter"
\* dispose_reader of a reader whose view is a strict sub-view of the total view.
DebugNoDisposeSubReader == ~(lastOp.op = "DisposeReader" /\ lastOp.n < Cardinality(TOTAL_MAPPINGS))
\* dispose_reader of a reader viewing the whole total view.
DebugNoDisposeFullReader == ~(lastOp.op = "DisposeReader" /\ lastOp.n = Cardinality(TOTAL_MAPPINGS))
\* two listed readers with overlapping ranges.
DebugNoOverlappingListedReaders ==
    ~\E i, j \in RIdx : i # j /\ readers[i].start < readers[j].end /\ readers[j].start < readers[i].end
\* two listed readers at all.
DebugAtMostOneListedReader == Len(readers) <= 1
\* a dispose that dropped the owner instead of listing it.
DebugNoDisposeDrop == lastOp.out # "dropped"
\* a writer created (Ok) with a range adjacent to a listed reader's.
DebugNoWriterAdjacentToListedReader ==
    ~(/\ lastOp.op = "Writer" /\ lastOp.out = "Ok"
      /\ \E k \in RIdx : readers[k].end = lastOp.v \/ readers[k].start = lastOp.v + lastOp.l)
\* two listed readers whose ranges are adjacent (one ends where the other starts).
DebugNoAdjacentListedReaders ==
    ~\E i, j \in RIdx : i # j /\ readers[i].end = readers[j].start
\* rw_fallible ever callable.
DebugNoRwFallible == lastOp.op # "RwFallible"
\* reader/writer returning Ok outside REF's success condition (vaddr = 0 or len = 0).
DebugNoOkOutsideSuccessCond ==
    ~(lastOp.op \in {"Reader", "Writer"} /\ lastOp.out = "Ok" /\ (lastOp.v = 0 \/ lastOp.l = 0))
\* unmap run with cur_va + len > usize::MAX.
DebugNoUnmapOverflow == lastOp.out # "overflow"
\* remove_writer of a writer holding at least one page.
DebugNoRemoveWriterWithPages == ~(lastOp.op = "RemoveWriter" /\ lastOp.n > 0)
\* dispose_writer that dropped the (empty-range) writer instead of listing it.
DebugNoDisposeWriterDrop == ~(lastOp.op = "DisposeWriter" /\ lastOp.out = "dropped")


----------------------------------------------------------------------------
(* Static checks: evaluated on every state of a small domain (the static   *)
(* model's Init enumerates them; nothing moves). ~P passing = P impossible. *)

ListedWriterWithPages ==
    \E i \in WIdx : HasView(writers[i], "Write") /\ ViewOf(writers[i]).mappings # {}
\* a wf state in which a listed writer holds a page (finding a).
DebugStaticNoWfWithWriterPages == ~(MemViewWf /\ ListedWriterWithPages)
\* an inv state with two listed readers.
DebugStaticNoInvWithTwoReaders == ~(Inv /\ Len(readers) >= 2)
\* an inv state with two listed readers whose ranges overlap.
DebugStaticNoInvWithOverlappingReaders ==
    ~(Inv /\ \E i, j \in RIdx : i # j /\ readers[i].start < readers[j].end /\ readers[j].start < readers[i].end)
\* an inv state with a listed reader whose view is a strict sub-view of the total.
DebugStaticNoInvWithSubViewReader ==
    ~(Inv /\ \E i \in RIdx : HasView(readers[i], "Read") /\ ViewOf(readers[i]).mappings # TOTAL_MAPPINGS)
\* §4 "!remaining.memory.contains_key(va)" judged against the frames themselves:
\* for a listed writer w (satisfying VmIoOwner::inv) and the remaining view, with
\* the translation clause satisfied,
ExclMemoryConj(w) == \A va \in VAs : Translates(ViewOf(w), va) => va \notin R.memory
ExclTranslConj(w) == \A va \in VAs : Translates(ViewOf(w), va) => ~Translates(R, va)
FramesDisjoint(w) == ViewOf(w).memory \cap R.memory = {}
\* ... the clause rejects a state where no frame is shared (false alarm),
DebugStaticNoExclMemoryFalseAlarm ==
    ~\E i \in WIdx : HasView(writers[i], "Write") /\ OwnerInv(writers[i]) /\ ExclTranslConj(writers[i])
                     /\ FramesDisjoint(writers[i]) /\ ~ExclMemoryConj(writers[i])
\* ... and accepts a state where the writer's frame is still in the remaining memory (miss).
DebugStaticNoExclMemoryMiss ==
    ~\E i \in WIdx : HasView(writers[i], "Write") /\ OwnerInv(writers[i]) /\ ExclTranslConj(writers[i])
                     /\ ~FramesDisjoint(writers[i]) /\ ExclMemoryConj(writers[i])

=============================================================================
