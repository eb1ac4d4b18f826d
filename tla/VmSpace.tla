------------------------------ MODULE VmSpace ------------------------------
(***************************************************************************)
(* The ownership protocol of a user address space in the Verus-verified    *)
(* Asterinas OS framework ("vostd"): the intended protocol.                *)
(*                                                                         *)
(* Provenance (../shared/seeds/):                                          *)
(*  - 002 rustdoc of VmSpaceOwner: the reader/writer lifecycle             *)
(*    (can_create_*, activate_*, dispose_*, remove_* ), mem_view_wf, inv,   *)
(*    shared_reader, mem_view (remaining view) and mv_range (total view);  *)
(*  - 003 ostd/mm/vm_space.rs: VmSpace::activate/reader/writer, CursorMut  *)
(*    map/unmap/protect_next/jump, TlbFlusher (issue_tlb_flush_with,       *)
(*    dispatch_tlb_flush, drop after flush);                               *)
(*  - 000 ostd/mm/io.rs: VmIoOwner (inv, overlaps_with_range, disjoint,    *)
(*    advance), VmReader/VmWriter read/write, the fallible copy path.      *)
(*  - ../shared/REFERENCE.md: MemView, the TLB model, the constants.       *)
(*                                                                         *)
(* docs/PROTOCOL.md states every action in one line; tla/README.md maps    *)
(* every seed function and clause to its operator here. Where the seed's   *)
(* clause cannot hold of the protocol, the corrected clause is checked and *)
(* its comment says why; the faithful rendering and the evidence are in    *)
(* VmSpaceSeed.tla and REVIEW.md.                                          *)
(*                                                                         *)
(* Representation. Addresses are mathematical integers: vaddr + len never  *)
(* wraps, so the seed's u64 overflow check is vaddr + len >                *)
(* MAX_USERSPACE_VADDR. Mappings are page-granular (4 KiB leaves at level  *)
(* 1 in the seeds), so a memory view is the set of user pages whose        *)
(* permission it carries; what a view translates a page to is the page     *)
(* table's leaf for it (MemView.addr_transl restricted to the view).       *)
(* Frame contents are not modelled: ownership is about who may touch       *)
(* which page and which frame, not about the bytes.                        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, TLC

CONSTANTS
    PAGE_SIZE,            \* bytes per page (4096 in trace validation, 2 in models)
    MAX_USERSPACE_VADDR,  \* exclusive end of user space (0x7fff_ffff_f000 upstream)
    CPUs,                 \* the CPUs a VmSpace can be activated on
    Frames,               \* physical frames the allocator hands out
    Ids,                  \* VmIoOwner ids (new_vm_io_id draws fresh ones from here)
    CursorIds,            \* CursorMut handles
    SHARED_READER,        \* VmSpaceOwner::shared_reader: may readers overlap?
    ReqVaddrs,            \* vaddr arguments of reader/writer requests explored
    ReqLens,              \* len arguments of reader/writer requests explored
    BUG                   \* "None", or the name of one guard switched off (bug models)

ASSUME PAGE_SIZE \in Nat \ {0}
ASSUME MAX_USERSPACE_VADDR \in Nat /\ MAX_USERSPACE_VADDR % PAGE_SIZE = 0
ASSUME CPUs # {} /\ IsFiniteSet(CPUs)
ASSUME IsFiniteSet(Frames)
ASSUME SHARED_READER \in BOOLEAN
ASSUME ReqVaddrs \subseteq Nat /\ ReqLens \subseteq Nat

\* The guards a bug model can switch off, one at a time (docs/PROTOCOL.md, "Deliberate bugs").
Bugs == {"None", "NoWriterOverlapCheck", "NoBorrowCheck", "NoJoinOnRemove",
         "FreeBeforeFlush", "AdvanceTooFar", "OverflowAccepted", "NoCursorLock",
         "NoReaderDisjointCheck", "DisposeEmptyDrops", "NoDispatchOnDrop", "FlushRangeSkipsLast",
         \* Spec-only bugs (no Java counterpart; tla/README.md, "Bug models"):
         "NoRemoteShootdown", "NoTlbDropOnSwitch", "FillWritable", "WriteIgnoresReadOnly",
         "RemoveUndisposed", "ClosedRangeView", "NoCurrentCheck", "TouchBeforeStart",
         "ReadFaultsOnReadOnly", "LimitGrows", "LimitOnActive"}
ASSUME BUG \in Bugs

----------------------------------------------------------------------------
(* Helpers that the type invariants need. *)

\* User pages: page-aligned VAs below MAX_USERSPACE_VADDR (REFERENCE: "Page properties and constants").
UserPages == {p * PAGE_SIZE : p \in 0 .. (MAX_USERSPACE_VADDR \div PAGE_SIZE) - 1}
\* The page-aligned boundaries a cursor range can use.
PageBounds == {p * PAGE_SIZE : p \in 0 .. (MAX_USERSPACE_VADDR \div PAGE_SIZE)}
\* PageProperty, reduced to what the protocol reads: writable or read-only.
Props == {"RW", "R"}
\* An unmapped leaf (PageTableFrag absent); a mapped leaf is <<frame, prop>>.
NoMap == <<>>
\* The lifecycle states of a VmIoOwner known to the VmSpaceOwner (002, "Lifecycle").
OwnerStates == {"created", "active", "disposed"}
Kinds == {"reader", "writer"}

----------------------------------------------------------------------------
VARIABLE current    \* current[c]: this VmSpace's page table is the current one on CPU c
CurrentTypeOK == current \in [CPUs -> BOOLEAN]

VARIABLE pt         \* the page table: user page -> NoMap or <<frame, prop>>
PtTypeOK == pt \in [UserPages -> {NoMap} \cup (Frames \X Props)]

VARIABLE free       \* frames held by the frame allocator
FreeTypeOK == free \subseteq Frames

VARIABLE tlb        \* tlb[c]: translations <<page, frame, writable>> cached by CPU c
TlbTypeOK == tlb \in [CPUs -> SUBSET (UserPages \X Frames \X BOOLEAN)]

VARIABLE cursors    \* live CursorMuts: locked [lo, hi), current va, the flusher's pending ops
\* pending: the ops with a frame <<page, frame>> (map/unmap, drop after flush); flushes: the
\* frameless ops <<lo, hi>> (issue_tlb_flush: All, Address, Range), which drop TLB entries only.
CursorRec == [lo : PageBounds, hi : PageBounds, va : PageBounds,
              pending : SUBSET (UserPages \X Frames), flushes : SUBSET (PageBounds \X PageBounds)]
CursorsTypeOK == /\ DOMAIN cursors \subseteq CursorIds
                 /\ \A k \in DOMAIN cursors : cursors[k] \in CursorRec

VARIABLE owners     \* live VmIoOwners: kind, lifecycle state, byte range [start, end), view
OwnerRec == [kind : Kinds, state : OwnerStates, start : Nat, end : Nat,
             view : SUBSET UserPages]
OwnersTypeOK == /\ DOMAIN owners \subseteq Ids
                /\ \A i \in DOMAIN owners : owners[i] \in OwnerRec

VARIABLE mem_view   \* VmSpaceOwner::mem_view, the remaining view: pages whose permission it holds
MemViewTypeOK == mem_view \subseteq UserPages

vars == <<current, pt, free, tlb, cursors, owners, mem_view>>

\* VmSpaceOwner::mv_range, the total view: every user page. No operation of the
\* protocol changes it (it is a Ghost field set once), so it is a constant here.
mv_range == UserPages

TypeOK == /\ CurrentTypeOK /\ PtTypeOK /\ FreeTypeOK /\ TlbTypeOK
          /\ CursorsTypeOK /\ OwnersTypeOK /\ MemViewTypeOK

----------------------------------------------------------------------------
(* Helpers *)

Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Max(S) == CHOOSE x \in S : \A y \in S : y <= x
PageOf(a) == a - (a % PAGE_SIZE)
\* The user pages that intersect the byte range [s, e) (none when the range is empty).
RangePages(s, e) == IF s >= e THEN {} ELSE {p \in UserPages : p < e /\ s < p + PAGE_SIZE}
\* Half-open range overlap: [s1, e1) and [s2, e2) share a byte. The seed's
\* VmIoOwner::overlaps_with_range is the closed form (start <= r.end /\ r.start <= end);
\* REVIEW.md shows it refuses adjacent ranges and is not the VA-disjointness of REFERENCE.
\* An empty range holds no byte and overlaps nothing (DIVERGENCES.md D5: without the two
\* non-emptiness conjuncts, an empty reader strictly inside a parked writer's range was
\* refused by can_create_reader and broke VmSpaceOwnerInv_ReadWrite once both were listed).
Overlaps(s1, e1, s2, e2) == s1 < e1 /\ s2 < e2 /\ s1 < e2 /\ s2 < e1

OwnersOf(kind, states) == {i \in DOMAIN owners : owners[i].kind = kind /\ owners[i].state \in states}
\* The seed's lists: VmSpaceOwner::readers / ::writers hold the disposed (parked) owners.
readers == OwnersOf("reader", {"disposed"})
writers == OwnersOf("writer", {"disposed"})
\* Owners holding a view (activated, in use or parked).
ViewReaders == OwnersOf("reader", {"active", "disposed"})
ViewWriters == OwnersOf("writer", {"active", "disposed"})
\* Pages a reader's borrow keeps writers off (what Rust lifetimes give the Verus code).
Borrowed == UNION {owners[j].view : j \in ViewReaders}

\* What CPU c translates page p to: its TLB entry if cached, else the page-table walk.
TlbHit(c, p) == \E t \in tlb[c] : t[1] = p
Transl(c, p) == IF TlbHit(c, p)
                THEN LET t == CHOOSE t \in tlb[c] : t[1] = p IN <<t[2], t[3]>>
                ELSE IF pt[p] = NoMap THEN <<>> ELSE <<pt[p][1], pt[p][2] = "RW">>

\* The outcome of a fallible user-space access of n bytes from s on CPU c
\* (io.rs read_fallible / write_fallible): the pages are touched in order; the first
\* page without a translation (or, for a write, without a writable one) faults, and
\* the copy stops at its first byte (partial progress). Every touched page up to and
\* including the faulting one that misses the TLB and is mapped is cached.
\* (Bug "TouchBeforeStart": an access also touches every page before its start, as RangePages
\* without its lower bound would, mutant M006.)
Touched(s, n) == IF BUG = "TouchBeforeStart" THEN {p \in UserPages : p < s + n} ELSE RangePages(s, s + n)
\* (Bug "WriteIgnoresReadOnly": a write through a read-only translation does not fault.
\* Bug "ReadFaultsOnReadOnly": a read through a read-only translation faults too, as mutant
\* M027 does.)
FaultPages(c, s, n, w) ==
    {p \in Touched(s, n) : Transl(c, p) = <<>> \/
                           ((w \/ BUG = "ReadFaultsOnReadOnly") /\ ~Transl(c, p)[2] /\ BUG # "WriteIgnoresReadOnly")}
Access(c, s, n, w) ==
    LET F == FaultPages(c, s, n, w)
        ff == IF F = {} THEN s + n ELSE Min(F)
        walked == {p \in Touched(s, n) : p <= ff /\ ~TlbHit(c, p) /\ pt[p] # NoMap}
    IN [copied |-> IF F = {} THEN n ELSE IF ff <= s THEN 0 ELSE ff - s,
        \* (Bug "FillWritable": the walk caches every translation as writable.)
        fills  |-> {<<p, pt[p][1], pt[p][2] = "RW" \/ BUG = "FillWritable">> : p \in walked}]

\* Frames reachable through the page table / waiting in a flusher.
MappedFrames == {pt[p][1] : p \in {q \in UserPages : pt[q] # NoMap}}
PendingOps == UNION {cursors[k].pending : k \in DOMAIN cursors}
PendingFrames == {e[2] : e \in PendingOps}

----------------------------------------------------------------------------
(* Guards named after the seed's spec functions *)

\* VmSpaceOwner::can_create_reader (002): no writer in the list overlaps [vaddr, vaddr+len).
can_create_reader(vaddr, len) ==
    \A j \in writers : ~Overlaps(owners[j].start, owners[j].end, vaddr, vaddr + len)

\* VmSpaceOwner::can_create_writer (002): no reader and no writer in the lists overlaps it.
can_create_writer(vaddr, len) ==
    \A j \in readers \cup writers : ~Overlaps(owners[j].start, owners[j].end, vaddr, vaddr + len)

\* VmSpace::reader/writer (003): AccessDenied when the current page table is not this
\* VmSpace's, or when vaddr + len overflows or exceeds MAX_USERSPACE_VADDR.
RangeOK(vaddr, len) == BUG = "OverflowAccepted" \/ vaddr + len <= MAX_USERSPACE_VADDR

\* activate_*'s precondition: every VA of the range translates in the remaining view.
MappedInRemaining(pages) == pages \subseteq mem_view /\ \A p \in pages : pt[p] # NoMap

----------------------------------------------------------------------------
(* Actions. Refused requests change nothing and are not steps of the spec; the trace    *)
(* spec checks that each refusal the implementation logs is one the spec also makes.   *)
(* Every action guards its arguments' domains (c \in CPUs, prop \in Props, lengths in    *)
(* Nat): Next only ever passes such values, but trace validation calls the actions with *)
(* logged values, and an unguarded EXCEPT on a CPU outside CPUs would silently succeed. *)

\* VmSpace::activate (003) on CPU c (activating the current space again changes nothing).
Activate(c) ==
    /\ c \in CPUs
    /\ current' = [current EXCEPT ![c] = TRUE]
    /\ UNCHANGED <<pt, free, tlb, cursors, owners, mem_view>>

\* Another address space is activated on CPU c; without ASIDs its TLB is dropped.
\* (Bug "NoTlbDropOnSwitch": the CPU keeps this space's entries.)
Deactivate(c) ==
    /\ c \in CPUs
    /\ current' = [current EXCEPT ![c] = FALSE]
    /\ tlb' = IF BUG = "NoTlbDropOnSwitch" THEN tlb ELSE [tlb EXCEPT ![c] = {}]
    /\ UNCHANGED <<pt, free, cursors, owners, mem_view>>

\* VmSpace::reader (003) followed by the creation check can_create_reader (002, step 1):
\* a new owner with a fresh id (new_vm_io_id), the range, and no view.
\* (Bug "NoCurrentCheck": Reader/Writer skip the AccessDenied check of the current page table.)
NewOwner(kind, i, vaddr, len) ==
    owners' = [j \in DOMAIN owners \cup {i} |->
                 IF j = i THEN [kind |-> kind, state |-> "created", start |-> vaddr,
                                end |-> vaddr + len, view |-> {}]
                 ELSE owners[j]]

Reader(c, i, vaddr, len) ==
    /\ i \notin DOMAIN owners
    /\ c \in CPUs /\ (current[c] \/ BUG = "NoCurrentCheck")
    /\ vaddr \in Nat /\ len \in Nat
    /\ RangeOK(vaddr, len)
    /\ can_create_reader(vaddr, len)
    /\ NewOwner("reader", i, vaddr, len)
    /\ UNCHANGED <<current, pt, free, tlb, cursors, mem_view>>

\* VmSpace::writer (003) followed by can_create_writer (002).
Writer(c, i, vaddr, len) ==
    /\ i \notin DOMAIN owners
    /\ c \in CPUs /\ (current[c] \/ BUG = "NoCurrentCheck")
    /\ vaddr \in Nat /\ len \in Nat
    /\ RangeOK(vaddr, len)
    /\ can_create_writer(vaddr, len)
    /\ NewOwner("writer", i, vaddr, len)
    /\ UNCHANGED <<current, pt, free, tlb, cursors, mem_view>>

\* VmSpaceOwner::activate_reader (002): a read view borrowed from the remaining view
\* (borrow_at): the pages stay in mem_view. Without shared_reader, readers are disjoint.
\* The pages an activated owner's view gets: those of its byte range. (Bug "ClosedRangeView":
\* those of the closed range [start, end], the seed's overlaps_with_range reading.)
ViewPages(i) == IF BUG = "ClosedRangeView" THEN RangePages(owners[i].start, owners[i].end + 1)
                ELSE RangePages(owners[i].start, owners[i].end)

ActivateReader(i) ==
    /\ i \in DOMAIN owners
    /\ owners[i].kind = "reader" /\ owners[i].state = "created"
    /\ LET pages == ViewPages(i) IN
       /\ MappedInRemaining(pages)
       /\ ~SHARED_READER /\ BUG # "NoReaderDisjointCheck" =>
            \A j \in ViewReaders \ {i} :
                ~Overlaps(owners[j].start, owners[j].end, owners[i].start, owners[i].end)
                /\ owners[j].view \cap pages = {}
       /\ owners' = [owners EXCEPT ![i].state = "active", ![i].view = pages]
    /\ UNCHANGED <<current, pt, free, tlb, cursors, mem_view>>

\* VmSpaceOwner::activate_writer (002): an exclusive write view split off the remaining view.
\* A reader's borrow keeps the writer off its pages (Rust lifetimes, made explicit).
ActivateWriter(i) ==
    /\ i \in DOMAIN owners
    /\ owners[i].kind = "writer" /\ owners[i].state = "created"
    /\ LET pages == ViewPages(i) IN
       /\ IF BUG = "NoWriterOverlapCheck"
            THEN \A p \in pages : pt[p] # NoMap
            ELSE MappedInRemaining(pages)
       /\ BUG # "NoBorrowCheck" => pages \cap Borrowed = {}
       /\ owners' = [owners EXCEPT ![i].state = "active", ![i].view = pages]
       /\ mem_view' = mem_view \ pages
    /\ UNCHANGED <<current, pt, free, tlb, cursors>>

\* VmSpaceOwner::dispose_reader / dispose_writer (002): the owner is parked in the
\* readers / writers list with its view. Parked also when its range is empty (the seed
\* only constrains non-empty ranges; REVIEW.md shows the empty case losing permissions).
DisposeEffect(i) ==
    /\ IF BUG = "DisposeEmptyDrops" /\ owners[i].start = owners[i].end
         THEN owners' = [j \in DOMAIN owners \ {i} |-> owners[j]]
         ELSE owners' = [owners EXCEPT ![i].state = "disposed"]
    /\ UNCHANGED <<current, pt, free, tlb, cursors, mem_view>>

IsActive(i, kind) == i \in DOMAIN owners /\ owners[i].kind = kind /\ owners[i].state = "active"

DisposeReader(i) == IsActive(i, "reader") /\ DisposeEffect(i)
DisposeWriter(i) == IsActive(i, "writer") /\ DisposeEffect(i)

\* Dropping a VmReader / VmWriter that was never activated (Rust drop; no seed function): its
\* VmIoOwner holds no view, so only the owner's books change.
DropOwner(i) ==
    /\ i \in DOMAIN owners
    /\ owners[i].state = "created"
    /\ owners' = [j \in DOMAIN owners \ {i} |-> owners[j]]
    /\ UNCHANGED <<current, pt, free, tlb, cursors, mem_view>>

\* VmSpaceOwner::remove_reader (002): the reader leaves the list; its borrow ends.
\* (Bug "RemoveUndisposed": remove_reader / remove_writer also take an active owner.)
Removable(kind) == IF BUG = "RemoveUndisposed" THEN OwnersOf(kind, {"active", "disposed"})
                   ELSE OwnersOf(kind, {"disposed"})
RemoveReader(i) ==
    /\ i \in Removable("reader")
    /\ owners' = [j \in DOMAIN owners \ {i} |-> owners[j]]
    /\ UNCHANGED <<current, pt, free, tlb, cursors, mem_view>>

\* VmSpaceOwner::remove_writer (002): the writer leaves the list and its view joins the
\* remaining view again (MemView::join).
RemoveWriter(i) ==
    /\ i \in Removable("writer")
    /\ owners' = [j \in DOMAIN owners \ {i} |-> owners[j]]
    /\ mem_view' = IF BUG = "NoJoinOnRemove" THEN mem_view ELSE mem_view \cup owners[i].view
    /\ UNCHANGED <<current, pt, free, tlb, cursors>>

\* VmReader::read_fallible / VmWriter::write_fallible (000) of n bytes on CPU c, and
\* VmIoOwner::advance: the owner's range start moves past the bytes copied. The view
\* is kept until removal (the seed's advance discards the passed part: REVIEW.md).
CanAccess(c, i, n, kind) ==
    /\ IsActive(i, kind)
    /\ c \in CPUs /\ current[c]
    /\ n \in 1 .. (owners[i].end - owners[i].start)

AccessEffect(c, i, n, needW) ==
    /\ LET r == Access(c, owners[i].start, n, needW)
           extra == IF BUG = "AdvanceTooFar" THEN 1 ELSE 0
       IN /\ owners' = [owners EXCEPT ![i].start = @ + r.copied + extra]
          /\ tlb' = [tlb EXCEPT ![c] = @ \cup r.fills]
    /\ UNCHANGED <<current, pt, free, cursors, mem_view>>

Read(c, i, n) == CanAccess(c, i, n, "reader") /\ AccessEffect(c, i, n, FALSE)
Write(c, i, n) == CanAccess(c, i, n, "writer") /\ AccessEffect(c, i, n, TRUE)

\* VmReader::read_val / VmWriter::write_val on user space (000, 001: "the cursor is rolled back to
\* its starting position before returning Err"): the value's translations are checked before any
\* byte is copied, and when one faults nothing changes (no byte, no TLB fill, no advance). The
\* fault condition of that check; the step itself changes nothing, so it is a stuttering step and
\* not in Next (trace-validation/DIVERGENCES.md D1; TraceVmSpace's IsRead / IsWrite for read_val /
\* write_val).
ValFaults(c, i, n, kind, needW) ==
    /\ CanAccess(c, i, n, kind)
    /\ Access(c, owners[i].start, n, needW).copied < n

\* VmWriter::skip / VmReader::skip (001): the cursor moves, no memory is touched.
Skip(i, n) ==
    /\ i \in DOMAIN owners
    /\ owners[i].state = "active"
    /\ n \in 0 .. (owners[i].end - owners[i].start)
    /\ owners' = [owners EXCEPT ![i].start = @ + n]
    /\ UNCHANGED <<current, pt, free, tlb, cursors, mem_view>>

\* VmWriter::limit / VmReader::limit (001: "r.avail_spec() <= max_avail, r.avail_spec() <=
\* old(self).avail_spec(), r.cursor == old(self).cursor") on a user-space handle: the range's end
\* moves to start + min(n, end - start), through wf (owner.range.end == self.end) the owner's range
\* end with it; the start (the cursor) stays. Created owners only (trace-validation/DIVERGENCES.md
\* D4): a created owner holds no view and no list checks its range, so shrinking it can break no
\* isolation invariant; activation then takes the view from the limited range. On an active owner
\* the view would keep the pages past the new end and break ViewWithinRangeInv (bug
\* "LimitOnActive", MCVmSpaceBugLimitOnActive). (Bug "LimitGrows": end := start + n, the min
\* forgotten: a limit above avail grows the range, MCVmSpaceBugLimitGrows.)
Limit(i, n) ==
    /\ i \in DOMAIN owners
    /\ owners[i].state = "created" \/ (BUG = "LimitOnActive" /\ owners[i].state = "active")
    /\ n \in Nat
    /\ LET s == owners[i].start
           e == IF BUG = "LimitGrows" THEN s + n ELSE s + Min({n, owners[i].end - s})
       IN owners' = [owners EXCEPT ![i].end = e]
    /\ UNCHANGED <<current, pt, free, tlb, cursors, mem_view>>

\* VmSpace::cursor_mut (003): the cursor exclusively locks [lo, hi); creation over a range
\* overlapping a live cursor's blocks (not enabled).
CursorMut(k, lo, hi) ==
    /\ k \notin DOMAIN cursors
    /\ lo < hi /\ lo % PAGE_SIZE = 0 /\ hi % PAGE_SIZE = 0 /\ hi <= MAX_USERSPACE_VADDR
    /\ BUG # "NoCursorLock" =>
         \A j \in DOMAIN cursors : ~Overlaps(cursors[j].lo, cursors[j].hi, lo, hi)
    /\ cursors' = [j \in DOMAIN cursors \cup {k} |->
                     IF j = k THEN [lo |-> lo, hi |-> hi, va |-> lo, pending |-> {}, flushes |-> {}]
                     ELSE cursors[j]]
    /\ UNCHANGED <<current, pt, free, tlb, owners, mem_view>>

\* CursorMut::map (003): map frame f at the cursor; an existing mapping is replaced and its
\* frame queued for a TLB flush with drop-after-flush (issue_tlb_flush_with). The cursor
\* moves to the next slot.
Map(k, f, prop) ==
    /\ k \in DOMAIN cursors
    /\ prop \in Props
    /\ cursors[k].va < cursors[k].hi
    /\ f \in free
    /\ LET va == cursors[k].va
           old == pt[va]
       IN /\ pt' = [pt EXCEPT ![va] = <<f, prop>>]
          /\ free' = free \ {f}
          /\ cursors' = [cursors EXCEPT
                           ![k].va = va + PAGE_SIZE,
                           ![k].pending = IF old = NoMap THEN @ ELSE @ \cup {<<va, old[1]>>}]
    /\ UNCHANGED <<current, tlb, owners, mem_view>>

\* CursorMut::unmap(len) (003): every mapped page of [va, va + len) is cleared and its frame
\* queued for a flush (drop after flush); the cursor moves forward by len. len must be
\* page-aligned and within the locked range (else the seed panics).
Unmap(k, len) ==
    /\ k \in DOMAIN cursors
    /\ len \in Nat /\ len % PAGE_SIZE = 0
    /\ cursors[k].va + len <= cursors[k].hi
    /\ LET va == cursors[k].va
           gone == {p \in UserPages : va <= p /\ p < va + len /\ pt[p] # NoMap}
           ops == {<<p, pt[p][1]>> : p \in gone}
       IN /\ pt' = [p \in UserPages |-> IF p \in gone THEN NoMap ELSE pt[p]]
          /\ IF BUG = "FreeBeforeFlush"
               THEN /\ free' = free \cup {e[2] : e \in ops}
                    /\ cursors' = [cursors EXCEPT ![k].va = va + len]
               ELSE /\ free' = free
                    /\ cursors' = [cursors EXCEPT ![k].va = va + len, ![k].pending = @ \cup ops]
    /\ UNCHANGED <<current, tlb, owners, mem_view>>

\* CursorMut::protect_next(len, op) (003): the first mapped page in [va, va + len) gets the
\* new property and the cursor moves past it; none: the cursor moves to va + len.
\* No TLB flush ("it will NOT flush the TLB").
ProtectNext(k, len, prop) ==
    /\ k \in DOMAIN cursors
    /\ prop \in Props
    /\ len \in Nat /\ len % PAGE_SIZE = 0
    /\ cursors[k].va + len <= cursors[k].hi
    /\ LET va == cursors[k].va
           m == {p \in UserPages : va <= p /\ p < va + len /\ pt[p] # NoMap}
       IN IF m = {}
            THEN /\ cursors' = [cursors EXCEPT ![k].va = va + len]
                 /\ pt' = pt
            ELSE LET p == Min(m) IN
                 /\ pt' = [pt EXCEPT ![p] = <<@[1], prop>>]
                 /\ cursors' = [cursors EXCEPT ![k].va = p + PAGE_SIZE]
    /\ UNCHANGED <<current, free, tlb, owners, mem_view>>

\* Cursor::jump (003): to a page-aligned va inside the locked range.
Jump(k, va) ==
    /\ k \in DOMAIN cursors
    /\ cursors[k].lo <= va /\ va < cursors[k].hi /\ va % PAGE_SIZE = 0
    /\ cursors' = [cursors EXCEPT ![k].va = va]
    /\ UNCHANGED <<current, pt, free, tlb, owners, mem_view>>

\* The mapped pages of [lo, hi) (trace validation substitutes a cheaper equivalent).
MappedIn(lo, hi) == {p \in UserPages : lo <= p /\ p < hi /\ pt[p] # NoMap}

\* Cursor::find_next(len) / CursorMut::find_next(len) (003): the cursor stops at the first mapped
\* page of [va, va + len); none: it moves to va + len (the seed: "the cursor may stop at any
\* address after len bytes"; the protocol takes the first, as Unmap and ProtectNext do). len must
\* be page-aligned and within the locked range (else the seed panics). Not in Next, so the models,
\* their state counts, make mutate's mutants and MBT are unchanged: every FindNext step already is
\* a step of Next or a stutter (a hit at va: stutter; a hit p > va: Jump(k, p); a miss with
\* len > 0: ProtectNext(k, len, prop) with nothing mapped; len = 0: stutter). Trace validation
\* takes it (IsFindNext) and its --base-spec check (BaseSpecProp) confirms it on every trace.
FindNext(k, len) ==
    /\ k \in DOMAIN cursors
    /\ len \in Nat /\ len % PAGE_SIZE = 0
    /\ cursors[k].va + len <= cursors[k].hi
    /\ LET va == cursors[k].va
           m == MappedIn(va, va + len)
       IN cursors' = [cursors EXCEPT ![k].va = IF m = {} THEN va + len ELSE Min(m)]
    /\ UNCHANGED <<current, pt, free, tlb, owners, mem_view>>

\* TlbFlusher::issue_tlb_flush(op) (REFERENCE "TLB"): a frameless flush op is queued: the next
\* dispatch drops every CPU's entries for the pages of [lo, hi); no frame is kept alive or freed,
\* so FrameAccountingInv and NoStaleTlbInv see only the ops with a frame, as before. Range(r) is
\* <<r.start, r.end>>, Address(va) is <<va, va + PAGE_SIZE>>, All is <<0, MAX_USERSPACE_VADDR>>
\* (every page of this space: a CPU caches no other space's entries, TlbCurrentInv). The
\* protocol flushes every page of the op (REFERENCE's TlbModel flushes only r.start of a range
\* and nothing for All: a weaker abstraction of the same code).
IssueTlbFlush(k, lo, hi) ==
    /\ k \in DOMAIN cursors
    /\ lo \in PageBounds /\ hi \in PageBounds /\ lo < hi
    /\ cursors' = [cursors EXCEPT ![k].flushes = @ \cup {<<lo, hi>>}]
    /\ UNCHANGED <<current, pt, free, tlb, owners, mem_view>>

\* The pages a dispatch of cursor k drops: those of its ops with a frame, and every page of its
\* frameless ops. (Bug "FlushRangeSkipsLast": a frameless op's last page is left out.)
FlushOpPages(r) == RangePages(r[1], IF BUG = "FlushRangeSkipsLast" THEN r[2] - PAGE_SIZE ELSE r[2])
DispatchPages(k) ==
    {e[1] : e \in cursors[k].pending} \cup UNION {FlushOpPages(r) : r \in cursors[k].flushes}

\* TlbFlusher::dispatch_tlb_flush (003, REFERENCE "TLB"): every CPU drops its entries for
\* the pending pages; only then do the pending frames return to the allocator.
DispatchTlbFlush(k) ==
    /\ k \in DOMAIN cursors
    /\ cursors[k].pending # {} \/ cursors[k].flushes # {}
    /\ LET pages == DispatchPages(k) IN
       \* (Bug "NoRemoteShootdown": only one CPU, the issuing one, drops its entries.)
       /\ IF BUG = "NoRemoteShootdown"
            THEN \E c \in CPUs : tlb' = [tlb EXCEPT ![c] = {t \in @ : t[1] \notin pages}]
            ELSE tlb' = [c \in CPUs |-> {t \in tlb[c] : t[1] \notin pages}]
       /\ free' = free \cup {e[2] : e \in cursors[k].pending}
       /\ cursors' = [cursors EXCEPT ![k].pending = {}, ![k].flushes = {}]
    /\ UNCHANGED <<current, pt, owners, mem_view>>

\* Dropping a CursorMut releases its lock; its flusher has dispatched everything first.
\* (Bug "NoDispatchOnDrop": pending frames are dropped with the flusher, never freed.)
DropCursor(k) ==
    /\ k \in DOMAIN cursors
    /\ BUG # "NoDispatchOnDrop" => cursors[k].pending = {} /\ cursors[k].flushes = {}
    /\ cursors' = [j \in DOMAIN cursors \ {k} |-> cursors[j]]
    /\ UNCHANGED <<current, pt, free, tlb, owners, mem_view>>

----------------------------------------------------------------------------
Init ==
    /\ current = [c \in CPUs |-> FALSE]
    /\ pt = [p \in UserPages |-> NoMap]
    /\ free = Frames
    /\ tlb = [c \in CPUs |-> {}]
    /\ cursors = [k \in {} |-> {}]
    /\ owners = [i \in {} |-> {}]
    /\ mem_view = mv_range

\* The byte counts an I/O or skip step explores: up to the longest request.
IOLens == 1 .. Max(ReqLens \cup {0})

\* The frameless flush ops Next explores, as ranges <<lo, hi>> (IssueTlbFlush). None here, so the
\* models that predate them keep their state graphs; MCVmSpaceFlush*.cfg substitute a set
\* (FlushRanges <- MCFlushRanges), TraceVmSpaceProp.cfg the ranges a trace uses.
FlushRanges == {}

\* The max_avail arguments of Limit that Next explores. None here, so the models that predate Limit
\* keep their state graphs (a created owner's end taking every value below it grew the CI model from
\* 36,948 to 251,724 states: DIVERGENCES.md D4); MCVmSpaceLimit*.cfg substitute a set
\* (LimitLens <- MCLimitLens).
LimitLens == {}

\* One disjunct per action, each quantified over constant sets (the guards check that the
\* owner or cursor is live), so that TLC's -coverage reports each action by name., so that TLC's -coverage reports each by name.
Next ==
    \/ \E c \in CPUs : Activate(c)
    \/ \E c \in CPUs : Deactivate(c)
    \/ \E c \in CPUs, i \in Ids, v \in ReqVaddrs, l \in ReqLens : Reader(c, i, v, l)
    \/ \E c \in CPUs, i \in Ids, v \in ReqVaddrs, l \in ReqLens : Writer(c, i, v, l)
    \/ \E i \in Ids : ActivateReader(i)
    \/ \E i \in Ids : ActivateWriter(i)
    \/ \E i \in Ids : DisposeReader(i)
    \/ \E i \in Ids : DisposeWriter(i)
    \/ \E i \in Ids : RemoveReader(i)
    \/ \E i \in Ids : RemoveWriter(i)
    \/ \E i \in Ids : DropOwner(i)
    \/ \E i \in Ids, c \in CPUs, n \in IOLens : Read(c, i, n)
    \/ \E i \in Ids, c \in CPUs, n \in IOLens : Write(c, i, n)
    \/ \E i \in Ids, n \in IOLens : Skip(i, n)
    \/ \E i \in Ids, n \in LimitLens : Limit(i, n)
    \/ \E k \in CursorIds, lo, hi \in PageBounds : CursorMut(k, lo, hi)
    \/ \E k \in CursorIds, f \in Frames, prop \in Props : Map(k, f, prop)
    \/ \E k \in CursorIds, len \in PageBounds \ {0} : Unmap(k, len)
    \/ \E k \in CursorIds, len \in PageBounds \ {0}, prop \in Props : ProtectNext(k, len, prop)
    \/ \E k \in CursorIds, va \in PageBounds : Jump(k, va)
    \/ \E k \in CursorIds, r \in FlushRanges : IssueTlbFlush(k, r[1], r[2])
    \/ \E k \in CursorIds : DispatchTlbFlush(k)
    \/ \E k \in CursorIds : DropCursor(k)

\* Weak fairness: a parked writer is eventually removed, and flushes are eventually dispatched.
Fairness ==
    /\ \A i \in Ids : WF_vars(RemoveWriter(i))
    /\ \A k \in CursorIds : WF_vars(DispatchTlbFlush(k))

Spec == Init /\ [][Next]_vars
FairSpec == Spec /\ Fairness

----------------------------------------------------------------------------
(***************************************************************************)
(* Correctness invariants, part 1: the seed's own clauses, one per          *)
(* conjunct. ViewMappings renders a view as the seed's MemView.mappings.    *)
(***************************************************************************)
ViewMappings(S) == {<<p, pt[p][1]>> : p \in {q \in S : pt[q] # NoMap}}
\* MemView::mappings_are_disjoint (REFERENCE): distinct mappings are VA-disjoint.
MappingsAreDisjoint(M) == \A m1, m2 \in M : m1 # m2 => m1[1] # m2[1]

\* mem_view_wf §1 (002): mem_view is Some <==> mv_range is Some. Both are present from
\* the owner's creation on and no operation takes them: holds by construction.
MemViewWf1_Existence == mem_view \subseteq UserPages /\ mv_range = UserPages

\* mem_view_wf §2 (002): both views' mappings are disjoint and finite.
MemViewWf2_Structural ==
    /\ MappingsAreDisjoint(ViewMappings(mem_view)) /\ IsFiniteSet(mem_view)
    /\ MappingsAreDisjoint(ViewMappings(mv_range)) /\ IsFiniteSet(mv_range)

\* mem_view_wf §3 (002): remaining mappings and memory are subsets of the total view's.
MemViewWf3_Subset == mem_view \subseteq mv_range
\* mem_view_wf §3 translation equality, CORRECTED: the seed says
\*   forall va: remaining.addr_transl(va) == total.addr_transl(va)
\* which contradicts §4 (a writer's VA must not translate in the remaining view) as soon
\* as a writer holds a page (REVIEW.md). Checked here: where remaining translates, it
\* agrees with the total view.
MemViewWf3_TranslEq == LET total == ViewMappings(mv_range) IN
                       \A p \in mem_view : ViewMappings({p}) \subseteq total

\* mem_view_wf §4 (002), for every writer in the list (and, stronger, every active one):
\* it holds a write view, the view's pages are not in the remaining view, and the view is
\* part of the total view. (The seed's "writer_mv.addr_transl(va) == total.addr_transl(va)
\* for ALL va" would force one writer to hold every page; corrected to the writer's pages.)
MemViewWf4_Writers ==
    \A i \in ViewWriters :
        /\ owners[i].view \cap mem_view = {}
        /\ owners[i].view \subseteq mv_range

\* mem_view_wf §5 (002): every reader's view is part of the total view (corrected as §4).
MemViewWf5_Readers == \A i \in ViewReaders : owners[i].view \subseteq mv_range

\* VmIoOwner::inv (000), CORRECTED: start <= end, and a present view covers every VA of
\* the range. The seed asks every VA of the range to *translate*; a user page may be
\* unmapped under an active owner (that is what makes user access fallible), so the
\* clause as written cannot hold of the protocol; coverage by the view is what remains.
VmIoOwnerInv ==
    \A i \in DOMAIN owners :
        /\ owners[i].start <= owners[i].end
        /\ owners[i].state # "created" =>
             RangePages(owners[i].start, owners[i].end) \subseteq owners[i].view

\* VmSpaceOwner::inv (002), memory isolation read-write: no listed reader overlaps a listed
\* writer (VmIoOwner::disjoint: ranges and view mappings).
Disjoint(i, j) == /\ ~Overlaps(owners[i].start, owners[i].end, owners[j].start, owners[j].end)
                  /\ owners[i].view \cap owners[j].view = {}
VmSpaceOwnerInv_ReadWrite == \A i \in readers, j \in writers : Disjoint(i, j)
\* VmSpaceOwner::inv (002), write-write isolation among listed writers.
VmSpaceOwnerInv_WriteWrite == \A i, j \in writers : i # j => Disjoint(i, j)
\* VmSpaceOwner::inv (002), conditional read isolation: without shared_reader, listed readers
\* are disjoint (the code's reading; its doc comment says the opposite: REVIEW.md).
VmSpaceOwnerInv_ReadRead == ~SHARED_READER => \A i, j \in readers : i # j => Disjoint(i, j)
\* VmSpaceOwner::inv (002), element validity: every listed owner satisfies VmIoOwner::inv and
\* holds a view of its kind (ID separation holds since an id has one kind).
VmSpaceOwnerInv_Elements == \A i \in readers \cup writers : owners[i].state = "disposed"

(***************************************************************************)
(* Correctness invariants, part 2: what the protocol exists for.           *)
(***************************************************************************)
\* No aliasing: no page is held by two writers (active or parked).
NoWriterAliasingInv ==
    \A i, j \in ViewWriters : i # j => owners[i].view \cap owners[j].view = {}

\* No aliasing: no reader's view overlaps a writer's view (Rust lifetimes, made explicit).
NoReadWriteAliasingInv ==
    \A i \in ViewReaders, j \in ViewWriters : owners[i].view \cap owners[j].view = {}

\* Without shared_reader, reader views do not overlap either.
NoReadReadAliasingInv ==
    ~SHARED_READER => \A i, j \in ViewReaders : i # j => owners[i].view \cap owners[j].view = {}

\* Permission conservation: the remaining view and the writers' views partition the total
\* view: nothing created out of thin air, nothing lost.
PermissionConservationInv ==
    LET vw == ViewWriters IN
    /\ \A i \in vw : owners[i].view \cap mem_view = {}
    /\ mem_view \cup UNION {owners[i].view : i \in vw} = mv_range

\* Readers borrow only what the remaining view holds.
ReaderBorrowInv == Borrowed \subseteq mem_view

\* No TLB entry points at a released frame (drop after flush, 003 / REFERENCE "TLB").
NoStaleTlbInv == \A c \in CPUs : \A t \in tlb[c] : t[2] \notin free

\* Frames are never lost nor shared: each is exactly one of free, mapped at one page,
\* or pending in one flusher.
FrameAccountingInv ==
    LET mf == MappedFrames
        pf == PendingFrames
    IN
    /\ free \cap mf = {}
    /\ free \cap pf = {}
    /\ mf \cap pf = {}
    /\ free \cup mf \cup pf = Frames
    /\ \A p, q \in UserPages : p # q /\ pt[p] # NoMap /\ pt[q] # NoMap => pt[p][1] # pt[q][1]
    /\ \A k1, k2 \in DOMAIN cursors : k1 # k2 =>
          {e[2] : e \in cursors[k1].pending} \cap {e[2] : e \in cursors[k2].pending} = {}

\* A fallible access never touches a frame it holds no permission for: every frame an
\* active owner could touch now, on any CPU where the space is current, is in a page of its
\* view and is not released.
AccessSafeInv ==
    \A i \in DOMAIN owners, c \in CPUs :
        owners[i].state = "active" /\ current[c] =>
            \A p \in RangePages(owners[i].start, owners[i].end) :
                LET t == Transl(c, p) IN t # <<>> => p \in owners[i].view /\ t[1] \notin free

\* Live cursors lock pairwise disjoint, non-empty, page-aligned ranges (cursor_mut refuses an
\* empty or unaligned range: InvalidArgs), and each cursor stays inside its range.
CursorExclusionInv ==
    /\ \A j, k \in DOMAIN cursors :
         j # k => ~Overlaps(cursors[j].lo, cursors[j].hi, cursors[k].lo, cursors[k].hi)
    /\ \A k \in DOMAIN cursors :
         /\ cursors[k].lo < cursors[k].hi
         /\ cursors[k].lo % PAGE_SIZE = 0 /\ cursors[k].hi % PAGE_SIZE = 0
         /\ cursors[k].lo <= cursors[k].va /\ cursors[k].va <= cursors[k].hi

\* Every owner's range is user space (VmSpace::reader/writer refuse the rest).
UserRangeInv == \A i \in DOMAIN owners : owners[i].end <= MAX_USERSPACE_VADDR

\* One TLB entry per page and CPU.
TlbFunctionalInv == \A c \in CPUs : \A t1, t2 \in tlb[c] : t1[1] = t2[1] => t1 = t2

\* A CPU caches this space's translations only while the space is current on it: switching
\* to another space drops them (no ASIDs), and only an access on a CPU where the space is
\* current fills an entry. (What makes "flush the CPUs the space is current on" enough.)
TlbCurrentInv == \A c \in CPUs : ~current[c] => tlb[c] = {}

\* An owner's view holds no page past its range: each page of the view starts below the
\* range's end (the view is the range's pages at activation; start only grows, end is fixed).
\* A page before the range's start cannot be seen: the original start is not kept.
ViewWithinRangeInv == \A i \in DOMAIN owners : \A p \in owners[i].view : p < owners[i].end

(***************************************************************************)
(* Action properties: what a single step may do, which no state invariant *)
(* can say (a wrong step may reach a state a right one also reaches).      *)
(***************************************************************************)
\* Writes go only through writable translations: every byte a Write step copies lies in a
\* page that, on the CPU it runs on, translates (TLB entry, else page-table walk) writably.
\* (Cost: the step is checked per owner whose start moves, the cheap test first: a Write
\* step keeps the owner and a copy of nothing leaves RangePages(start, start') empty, so for
\* any other owner the implication holds trivially. MCVmSpaceSpeed.tla checks this form
\* against the direct one on every transition: tla/README.md, "TLC speed".)
WriteThroughWritableStep ==
    \A i \in Ids :
        i \in DOMAIN owners /\ i \in DOMAIN owners' /\ owners[i].start < owners'[i].start =>
            \A c \in CPUs, n \in IOLens :
                Write(c, i, n) =>
                    \A p \in RangePages(owners[i].start, owners'[i].start) :
                        Transl(c, p) # <<>> /\ Transl(c, p)[2]
WriteThroughWritableProp == [][WriteThroughWritableStep]_vars

\* A TLB fill is never more permissive than the page table: every new entry is the page
\* table's leaf for its page, and writable only when the leaf is "RW".
\* (Cost: a step that keeps every TLB adds no entry.)
TlbFillStep ==
    \/ tlb' = tlb
    \/ \A c \in CPUs : \A t \in tlb'[c] \ tlb[c] :
          pt[t[1]] # NoMap /\ t[2] = pt[t[1]][1] /\ (t[3] => pt[t[1]][2] = "RW")
TlbFillProp == [][TlbFillStep]_vars

\* An access caches only translations of the pages it touches: every entry a Read or Write
\* step of n bytes adds lies in a page that intersects [start, start + n). Written with page
\* arithmetic, not RangePages/Touched, which it checks: with RangePages' lower bound dropped
\* (mutant M006, tla/MUTATION.md) an access also walks and caches the pages before its start.
\* (Cost: a step that adds no entry to any TLB is not looked at.)
AccessFillScopeStep ==
    \/ \A c \in CPUs : tlb'[c] \subseteq tlb[c]
    \/ \A c \in CPUs, i \in Ids, n \in IOLens :
          i \in DOMAIN owners /\ (Read(c, i, n) \/ Write(c, i, n)) =>
              \A t \in tlb'[c] \ tlb[c] :
                  owners[i].start < t[1] + PAGE_SIZE /\ t[1] < owners[i].start + n
AccessFillScopeProp == [][AccessFillScopeStep]_vars

\* An access faults only where a translation is missing: a Read or Write step of n bytes whose
\* touched pages all translate on its CPU (a cached entry, writable for a write; else a mapped
\* leaf, "RW" for a write) copies all n bytes. Written from tlb and pt directly, not through
\* Transl/FaultPages, which it checks: each mutant that makes a translatable page fault
\* (Transl's NoMap test negated, FaultPages' write test applied to reads or made TRUE:
\* M023, M027, M028 of the run of 2026-12-07 17:07, tla/MUTATION.md) survived every model
\* before it, since a spurious fault only copies less and no invariant sees how much was copied.
\* Its bug model: MCVmSpaceBugReadFaultsOnReadOnly.
\* (Cost: a step that leaves every owner's start and every TLB alone is not looked at; such an
\* access copies nothing and fills nothing, so the first access to an uncached page is seen.)
Translates(c, p, w) ==
    IF \E t \in tlb[c] : t[1] = p
    THEN \A t \in tlb[c] : t[1] = p => (~w \/ t[3])
    ELSE pt[p] # NoMap /\ (~w \/ pt[p][2] = "RW")
NoSpuriousFaultStep ==
    \/ owners' = owners /\ tlb' = tlb
    \/ \A c \in CPUs, i \in Ids, n \in IOLens, w \in BOOLEAN :
          i \in DOMAIN owners /\ (IF w THEN Write(c, i, n) ELSE Read(c, i, n)) /\
          (\A p \in UserPages : owners[i].start < p + PAGE_SIZE /\ p < owners[i].start + n => Translates(c, p, w))
              => owners'[i].start = owners[i].start + n
NoSpuriousFaultProp == [][NoSpuriousFaultStep]_vars

\* An access caches exactly what the walk of the seed's read_fallible/write_fallible reaches:
\* the new TLB entries of a Read or Write step are the touched pages up to and including the
\* one its copy stopped at (start', the faulting page), that are mapped and were not cached.
\* Written with page arithmetic, not Access's `walked`, which it checks: the walk going on past
\* the faulting page (mutant M033, `p <= ff` dropped) or stopping before it (M034, `<=` to `<`)
\* survived every model before it (run of 2026-12-07 17:07, tla/MUTATION.md): every entry
\* either caches is a true translation of a touched page, so TlbFillProp and
\* AccessFillScopeProp hold. (Cost: as AccessFillScopeProp's, a step that adds no entry to any
\* TLB and moves no owner is not looked at.)
AccessFillExactStep ==
    \/ owners' = owners /\ tlb' = tlb
    \/ \A c \in CPUs, i \in Ids, n \in IOLens :
          i \in DOMAIN owners /\ (Read(c, i, n) \/ Write(c, i, n)) =>
              {t[1] : t \in tlb'[c] \ tlb[c]} =
                  {p \in UserPages : /\ owners[i].start < p + PAGE_SIZE /\ p < owners[i].start + n
                                     /\ p <= owners'[i].start
                                     /\ pt[p] # NoMap
                                     /\ \A t \in tlb[c] : t[1] # p}
AccessFillExactProp == [][AccessFillExactStep]_vars

\* Only readers read and only writers write (000: a VmReader's owner is a reader, a VmWriter's
\* a writer). Read and Write differ only in the kind they ask of the owner and in whether a
\* read-only translation faults, so with IsActive's kind test dropped or negated (mutants M180,
\* M181 of the run of 2026-12-07 17:07) a reader's Read step is also a Write step of the same
\* reader (and so on): no state invariant sees who copied. (Cost: a step that moves no owner
\* and fills no TLB is not looked at.)
AccessKindStep ==
    \/ owners' = owners /\ tlb' = tlb
    \/ \A c \in CPUs, i \in Ids, n \in IOLens :
          i \in DOMAIN owners =>
              /\ Write(c, i, n) => owners[i].kind = "writer"
              /\ Read(c, i, n) => owners[i].kind = "reader"
AccessKindProp == [][AccessKindStep]_vars

\* CursorMut::unmap(len) clears exactly [va, va + len) and nothing else (003). Restated with
\* page arithmetic, not Unmap's `gone`, which it checks: its bounds dropped or moved by one
\* (mutants M300-M303 of the run of 2026-12-07 17:07: unmapping a page outside the range, or
\* keeping the page at va) survived every model, since a wrongly unmapped page is queued and
\* flushed like a rightly unmapped one. (Cost: a step that moves no cursor is not looked at.)
UnmapScopeStep ==
    \/ cursors' = cursors
    \/ \A k \in CursorIds, len \in PageBounds \ {0} :
          Unmap(k, len) =>
              \A p \in UserPages :
                  IF cursors[k].va <= p /\ p < cursors[k].va + len THEN pt'[p] = NoMap ELSE pt'[p] = pt[p]
UnmapScopeProp == [][UnmapScopeStep]_vars

\* A cursor moves past what it changes (003: map, unmap and protect_next advance the cursor): in
\* a step that changes the page table, one cursor's va moves forward over every changed page.
\* Map or Unmap leaving the cursor where it was (mutants M284, M312 of the run of 2026-12-07
\* 17:07) survived every model: the next map replaces the same page and queues its frame, and
\* every flush and frame invariant holds. (Cost: a step that keeps the page table is not looked at.)
CursorProgressStep ==
    \/ pt' = pt
    \/ \E k \in DOMAIN cursors \cap DOMAIN cursors' :
          \A p \in UserPages : pt'[p] # pt[p] => cursors[k].va <= p /\ p < cursors'[k].va
CursorProgressProp == [][CursorProgressStep]_vars

\* An owner's cursor moves only while it is active (000/001: read, write, skip and advance need
\* an activated VmReader/VmWriter). Skip without its state test (mutant M239 of the run of
\* 2026-12-07 17:07) moved created and parked owners' starts and survived every model: a range
\* only shrinks, so no isolation invariant sees it.
AdvanceWhenActiveStep ==
    \A i \in Ids :
        i \in DOMAIN owners /\ i \in DOMAIN owners' /\ owners'[i].start # owners[i].start =>
            owners[i].state = "active"
AdvanceWhenActiveProp == [][AdvanceWhenActiveStep]_vars

\* Creation respects the parked owners (002, can_create_reader / can_create_writer): a new
\* reader's range meets no listed (disposed) writer's, a new writer's meets no listed reader's
\* or writer's. Restated with byte arithmetic, not can_create_*/Overlaps, which it checks: the
\* guards negated (mutants M043, M044 of the run of 2026-12-07 17:07) survived every model, since
\* activation's own checks keep views apart whatever creation lets in.
Meets(s1, e1, s2, e2) == s1 < e1 /\ s2 < e2 /\ s1 < e2 /\ s2 < e1
CreateDisjointStep ==
    \A i \in Ids :
        i \notin DOMAIN owners /\ i \in DOMAIN owners' =>
            \A j \in DOMAIN owners :
                /\ owners[j].state = "disposed"
                /\ (owners'[i].kind = "writer" \/ owners[j].kind = "writer")
                => ~Meets(owners[j].start, owners[j].end, owners'[i].start, owners'[i].end)
CreateDisjointProp == [][CreateDisjointStep]_vars

\* Activation only over mapped pages (002, activate_*'s precondition: every VA of the range
\* translates): in the step an owner becomes active, every page of its view is mapped and in
\* the remaining view before the step. Restated without MappedInRemaining, which it checks: its
\* mapped-ness test dropped or negated (mutants M049, M050 of the run of 2026-12-07 17:07)
\* survived every model, since a page may be unmapped under an active owner later anyway.
\* The bug NoWriterOverlapCheck (activate_writer without the remaining-view test) breaks its
\* other half: MCVmSpaceBugNoWriterOverlapCheckActivate.
ActivateMappedStep ==
    \A i \in Ids :
        i \in DOMAIN owners /\ i \in DOMAIN owners' /\ owners[i].state = "created" /\ owners'[i].state = "active" =>
            \A p \in owners'[i].view : pt[p] # NoMap /\ p \in mem_view
ActivateMappedProp == [][ActivateMappedStep]_vars

\* Lifecycle transitions only along the protocol's edges (002, "Lifecycle"):
\* (none) -> created -> active -> disposed -> (none), and created -> (none) (DropOwner);
\* a live owner keeps its kind.
OwnerState(i) == IF i \in DOMAIN owners THEN owners[i].state ELSE "none"
LifecycleEdges == {<<"none", "created">>, <<"created", "active">>, <<"active", "disposed">>,
                   <<"disposed", "none">>, <<"created", "none">>}
\* (Cost: a step that keeps every owner moves none.)
LifecycleStep ==
    \/ owners' = owners
    \/ \A i \in Ids :
          /\ OwnerState(i)' = OwnerState(i) \/ <<OwnerState(i), OwnerState(i)'>> \in LifecycleEdges
          /\ i \in DOMAIN owners /\ i \in DOMAIN owners' => owners'[i].kind = owners[i].kind
LifecycleProp == [][LifecycleStep]_vars

\* A dispatch carries out every op it takes off the flusher, and takes them all: afterwards no CPU caches a page that
\* one of them covers (an op with a frame: its page; a frameless op: every page of its range). The
\* ops are read in the state before, so the check does not trust DispatchPages: it catches a
\* dispatch that skips a page (FlushRangeSkipsLast) or a CPU (NoRemoteShootdown).
CoveredPages(k) ==
    {e[1] : e \in cursors[k].pending} \cup UNION {RangePages(r[1], r[2]) : r \in cursors[k].flushes}
FlushDoneStep ==
    \A k \in DOMAIN cursors :
        /\ (/\ k \in DOMAIN cursors' /\ cursors'[k].pending = {} /\ cursors'[k].flushes = {}
            /\ (cursors[k].pending # {} \/ cursors[k].flushes # {}))
           => \A c \in CPUs : \A t \in tlb'[c] : t[1] \notin CoveredPages(k)
        \* and the ops leave the flusher all together (dispatch_tlb_flush takes the whole queue):
        \* a dispatch that kept the frameless ops queued (mutant M391) never lets the cursor drop.
        /\ (/\ k \in DOMAIN cursors'
            /\ (cursors[k].pending \ cursors'[k].pending # {} \/ cursors[k].flushes \ cursors'[k].flushes # {}))
           => cursors'[k].pending = {} /\ cursors'[k].flushes = {}
        \* and no op is lost: a cursor is dropped only with an empty flusher (mutant M403: a
        \* DropCursor that dropped queued frameless ops, so a stale entry is never flushed).
        /\ k \notin DOMAIN cursors' => cursors[k].pending = {} /\ cursors[k].flushes = {}
FlushDoneProp == [][FlushDoneStep]_vars

\* What limit promises (001, VmWriter::limit): an owner's end moves only in a Limit, and only down:
\* the owner is created before and after (it holds no view), its start (the cursor) is unchanged,
\* and the new end is at least the start and below the old end; and a Limit(i, n) step leaves at
\* most n bytes (r.avail_spec() <= max_avail). Restated with arithmetic, not Limit's Min, which it
\* checks: MCVmSpaceBugLimitGrows (the min forgotten) violates it. On MCVmSpaceLimit*.cfg only (no
\* other model has a step that moves an end).
LimitShrinksStep ==
    /\ \A i \in Ids :
          i \in DOMAIN owners /\ i \in DOMAIN owners' /\ owners'[i].end # owners[i].end =>
              /\ owners[i].state = "created" /\ owners'[i].state = "created"
              /\ owners'[i].start = owners[i].start
              /\ owners'[i].start <= owners'[i].end /\ owners'[i].end < owners[i].end
    /\ \A i \in Ids, n \in LimitLens :
          i \in DOMAIN owners /\ Limit(i, n) => owners'[i].end - owners'[i].start <= n
LimitShrinksProp == [][LimitShrinksStep]_vars

\* Limit is always possible on a created owner and does what it says: for every explored n, the
\* step leaves min(n, avail) bytes from the same start. A Limit made a no-op (a stuttering step,
\* which no action property sees) or refused breaks it (named mutant "Limit keeps end", tla/README.md).
\* ENABLED, so on MCVmSpaceLimit.cfg only, as LeaveEnabledInv on MCVmSpaceOnePage.
LimitEnabledInv ==
    \A i \in DOMAIN owners, n \in LimitLens :
        owners[i].state = "created" =>
            LET s == owners[i].start
                left == owners[i].end - s
            IN ENABLED (Limit(i, n) /\ owners'[i].start = s
                                    /\ owners'[i].end = s + (IF n < left THEN n ELSE left))

\* A VmReader / VmWriter is created only while the space is current (VmSpace::reader/writer,
\* 003: AccessDenied unless the current page table is this VmSpace's on the calling CPU). The
\* state does not record the calling CPU, so a step can only be seen to need *some* CPU where
\* the space is current: exact with one CPU (the CI model), weaker with two. Creation changes
\* neither a TLB nor a view, so no state invariant can see a creation on the wrong CPU (a
\* Reader without its current[c] guard reaches the original's states: tla/MUTATION.md, M076).
NewOwners == {i \in Ids : OwnerState(i) = "none" /\ OwnerState(i)' = "created"}
CreateOnCurrentProp == [][NewOwners # {} => \E c \in CPUs : current[c]]_vars

\* A writer's view rejoins mem_view exactly at its removal: in the step a writer holding a
\* view leaves, its pages are in the remaining view afterwards, and the remaining view gains
\* no page in any other way.
GoneWriters == {i \in ViewWriters : i \notin DOMAIN owners'}
\* (Cost: a step where no owner leaves and mem_view gains nothing has no gone writer and
\* no gained page.)
JoinAtRemovalStep ==
    \/ DOMAIN owners \subseteq DOMAIN owners' /\ mem_view' \subseteq mem_view
    \/ /\ \A i \in GoneWriters : owners[i].view \subseteq mem_view'
       /\ mem_view' \ mem_view \subseteq UNION {owners[i].view : i \in GoneWriters}
JoinAtRemovalProp == [][JoinAtRemovalStep]_vars

(***************************************************************************)
(* Properties                                                              *)
(***************************************************************************)
\* Liveness: the view of every disposed writer returns to the VmSpaceOwner: each of its
\* pages is eventually in mem_view again.
WriterPermissionReturnsProp ==
    \A p \in UserPages : (\E i \in writers : p \in owners[i].view) ~> (p \in mem_view)

\* Liveness: every frame queued for a TLB flush eventually becomes free (drop after flush).
FlushedFramesReturnProp ==
    \A f \in Frames : (f \in PendingFrames) ~> (f \in free)

(***************************************************************************)
(* Debugging invariants (off by default): TLC shows a behaviour reaching   *)
(* the named situation when one is listed in a .cfg.                       *)
(***************************************************************************)
\* Reachability checks (make check runs each in a MCVmSpaceReach*.cfg that EXPECTs it to be
\* violated): they show that the invariants above are not vacuous.
\* A writer gets parked in the list (so the lifecycle invariants see listed writers).
\* Leaving is always possible (002: drop of a created owner, remove_reader / remove_writer of a
\* parked one have no failure path), and it takes the owner away. A state predicate with ENABLED:
\* an action made a no-op (owners' = owners, a stuttering step no action property sees) or
\* refused breaks it. Killed with it: DropOwner / RemoveReader keeping the owner (mutants M191,
\* M201, M202 of the run of 2026-12-07 17:07; each survived every model, since the state after a
\* leave equals one reached before the owner was created). Checked on MCVmSpaceOnePage (ENABLED
\* is costly); Java's side of it is MBT's refusal probes (mbt/: the spec's enabledness against
\* the API), not an entry of Invariants.ALL.
LeaveEnabledInv ==
    /\ \A i \in DOMAIN owners :
        /\ owners[i].state = "created" => ENABLED (DropOwner(i) /\ i \notin DOMAIN owners')
        /\ owners[i].state = "disposed" =>
              ENABLED ((RemoveReader(i) \/ RemoveWriter(i)) /\ i \notin DOMAIN owners')
    \* and a cursor whose flusher is empty can be dropped, which releases its range (mutant M406 of
    \* the 2026-12-07 20:14 run: DropCursor kept the cursor, a stuttering step, and survived).
    /\ \A k \in DOMAIN cursors :
        /\ cursors[k].pending = {} /\ cursors[k].flushes = {} => ENABLED (DropCursor(k) /\ k \notin DOMAIN cursors')
        \* and a queued op can always be dispatched (M382: dispatch enabled only on an empty pending set)
        /\ cursors[k].pending # {} \/ cursors[k].flushes # {} => ENABLED DispatchTlbFlush(k)

\* A live cursor can always protect the mapped page it is at to either property, and that page
\* then has it; it can always jump to any page of its range, and it is then there; it can never
\* jump to the end of its range (Cursor::jump: "va in the locked range", 003). Mutants of the
\* 2026-12-07 20:14 run that survived every model: M338 (ProtectNext changes no leaf), M331
\* (ProtectNext skips the page at va), M354 (Jump leaves the cursor where it was), M351 (Jump to hi
\* accepted). On MCVmSpaceOnePage, as LeaveEnabledInv.
CursorOpsEnabledInv ==
    \A k \in DOMAIN cursors :
        LET va == cursors[k].va IN
        /\ va < cursors[k].hi /\ pt[va] # NoMap =>
              \A prop \in Props : ENABLED (ProtectNext(k, PAGE_SIZE, prop) /\ pt'[va] = <<pt[va][1], prop>>)
        /\ \A p \in PageBounds :
              cursors[k].lo <= p /\ p < cursors[k].hi => ENABLED (Jump(k, p) /\ cursors'[k].va = p)
        /\ ~ENABLED Jump(k, cursors[k].hi)

\* Skip is always possible on an active owner and moves its start (001: skip of at most the
\* remaining bytes has no failure path). Skip made a no-op (mutant M243 of the run of 2026-12-07
\* 17:07: a stuttering step) survived every model. On MCVmSpaceOnePage, as LeaveEnabledInv.
SkipEnabledInv ==
    \A i \in DOMAIN owners :
        owners[i].state = "active" =>
            ENABLED (Skip(i, owners[i].end - owners[i].start) /\ owners'[i].start = owners[i].end)

DebugNoParkedWriter == writers = {}
\* Reachability: a CPU switched away from the space while an owner exists (Deactivate after a
\* creation). Deactivate keeping `current` (mutant M062 of the run of 2026-12-07 17:07: it only
\* drops the TLB) cannot reach it on one CPU: MCVmSpaceReachSwitchedAway.
DebugNoSwitchedAway == DOMAIN owners # {} => \A c \in CPUs : current[c]
\* A TLB entry outlives its mapping (so NoStaleTlbInv constrains something).
DebugNoStaleTlbUse == \A c \in CPUs : \A t \in tlb[c] : pt[t[1]] # NoMap /\ pt[t[1]][1] = t[2]
\* A frameless flush op is pending for a page a CPU caches (so FlushDoneProp has an entry to see
\* dropped, and IssueTlbFlush steps are reachable at all: MCVmSpaceReachFramelessFlush.cfg).
DebugNoFramelessFlushOfCachedPage ==
    ~\E k \in DOMAIN cursors, c \in CPUs :
        \E r \in cursors[k].flushes, t \in tlb[c] : t[1] \in RangePages(r[1], r[2])
\* An active owner could touch a frame through such a stale entry, before the flush lands
\* (so AccessSafeInv and drop-after-flush matter).
DebugNoStaleAccess ==
    ~\E i \in DOMAIN owners, c \in CPUs :
        /\ owners[i].state = "active" /\ current[c]
        /\ \E p \in RangePages(owners[i].start, owners[i].end) :
              TlbHit(c, p) /\ (pt[p] = NoMap \/ pt[p][1] # Transl(c, p)[1])

THEOREM Spec => []TypeOK
THEOREM Spec => [](NoWriterAliasingInv /\ NoReadWriteAliasingInv /\ PermissionConservationInv)
THEOREM Spec => [](NoStaleTlbInv /\ FrameAccountingInv /\ AccessSafeInv /\ TlbCurrentInv)
THEOREM Spec => WriteThroughWritableProp /\ TlbFillProp /\ AccessFillScopeProp /\ LifecycleProp /\ JoinAtRemovalProp
THEOREM Spec => FlushDoneProp
THEOREM Spec => CreateOnCurrentProp
THEOREM FairSpec => WriterPermissionReturnsProp /\ FlushedFramesReturnProp
=============================================================================
