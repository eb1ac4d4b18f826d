---------------------------- MODULE TraceVmSpace ----------------------------
(***************************************************************************)
(* Trace validation: a Java execution trace (java-impl, NDJSON, schema v4) *)
(* is accepted exactly when it is a behaviour of VmSpace. The pattern of   *)
(* etcd raft's and CCF's tla/ folders and of EWD998's trace validation,    *)
(* adapted to TLC2 2.18 (no ALIAS, no POSTCONDITION, no Json module):      *)
(*  - a position variable l walks TraceLog (read by the TraceIO override); *)
(*  - one IsXxx predicate per event kind calls the spec's action Xxx with  *)
(*    the logged arguments and then checks the logged post-state;          *)
(*  - a refused request is a stuttering step, accepted only when the spec  *)
(*    refuses it for the logged reason (IsRefused);                        *)
(*  - the driver runs TLC with deadlock checking off and reads the depth   *)
(*    of the search: the trace is accepted iff some behaviour reaches      *)
(*    l = Len(TraceLog) + 1. A rejection's first unmatched event is the    *)
(*    depth; a second run with DiagAt = that index prints, for every       *)
(*    candidate state, what the spec allowed there (Diagnose).             *)
(* Addresses are rebased to the trace's window (trace-validation/README):  *)
(* page p of the window is the spec's user page p * PAGE_SIZE.             *)
(***************************************************************************)
EXTENDS VmSpace, TraceIO, Integers, Sequences, TLC

\* VmSpace's constants, from the trace header (TraceVmSpace.cfg substitutes them).
TPageSize == TraceHeader.pageSize
TMaxVaddr == TraceHeader.maxVaddr
TCPUs == 0 .. TraceHeader.cpus - 1
TFrames == 0 .. TraceHeader.frames - 1
\* One id more than the trace uses: a fresh id exists in every state (EnabledHere).
TIds == 1 .. TraceHeader.maxId + 1
TCursorIds == 1 .. TraceHeader.maxCursor + 1
TSharedReader == TraceHeader.sharedReader
\* Next's request domains are not used by TraceNext: every step below names its arguments.
TNoRequests == {}
\* ... but BaseSpecProp (TraceVmSpaceProp.cfg) quantifies over them: the values the trace uses.
TraceEvents == {TraceLog[j] : j \in DOMAIN TraceLog}
TReqVaddrs == {e.vaddr : e \in {x \in TraceEvents : x.op \in {"Reader", "Writer"} /\ x.outcome = "ok"}}
TReqLens == {e.len : e \in {x \in TraceEvents : x.op \in {"Reader", "Writer"} /\ x.outcome = "ok"}}
TIOLens == {e.n : e \in {x \in TraceEvents : x.op \in {"Read", "Write", "Skip"} /\ x.outcome # "InvalidArgs"}} \ {-1, 0}
TBug == "None"
\* The limits the trace applies (IsLimit's n): Next's LimitLens for BaseSpecProp (TraceVmSpaceProp.cfg).
TLimitLens == {e.n : e \in {x \in TraceEvents : x.op = "Limit" /\ x.outcome = "ok"}}
\* The frameless flush ops the trace issues (IsIssueTlbFlush's ranges): Next's FlushRanges for
\* BaseSpecProp (TraceVmSpaceProp.cfg).
FlushLoOf(x) == IF x.lo = -1 THEN 0 ELSE x.lo
FlushHiOf(x) == IF x.hi = -1 THEN MAX_USERSPACE_VADDR ELSE x.hi
TFlushRanges == {<<FlushLoOf(x), FlushHiOf(x)>> : x \in {y \in TraceEvents : y.op = "IssueTlbFlush" /\ y.outcome = "ok"}}

\* Run by plain TLC (an IDE, tlc2.TLC without the driver), TraceIO's TLA+ definitions apply: no trace
\* is loaded, and an empty behaviour must not pass for a validated trace. The driver refuses a trace
\* without events before TLC starts (exit 2), so this holds whenever the driver runs TLC.
ASSUME Assert(Len(TraceLog) > 0 /\ TraceHeader.events = Len(TraceLog),
              "TraceVmSpace: no trace loaded (TraceLog is empty). Validate a trace with scripts/validate.sh TRACE or org.vmspace.tv.Validate, which load it through the TraceIO override.")

VARIABLE l   \* index in TraceLog of the next event to match
TraceVars == <<vars, l>>

E == TraceLog[l]
Step == l' = l + 1
Ok == E.outcome = "ok"

TraceInit == Init /\ l = 1

----------------------------------------------------------------------------
(***************************************************************************)
(* Cost. VmSpace's operators that enumerate every page of user space (the  *)
(* whole window here) on every step or in every state, and cheaper        *)
(* equivalents that TraceVmSpace.cfg substitutes for them (Op <- TOp), so *)
(* that a step costs what it touches, not the window (README, "Validation *)
(* time and the window"). MappedPagesOf is also computed in Java          *)
(* (TraceIO.mappedPagesOf, a TLCOverride): the pages a page table maps.   *)
(* TraceVmSpaceCost.cfg checks every substitute against the original in   *)
(* every state and step of a trace (CostEquivalenceInv, CostActionsProp), *)
(* and TraceVmSpaceCostPlanted.cfg shows that check failing on an         *)
(* off-by-one (CostEquivalenceTest).                                      *)
(***************************************************************************)
\* The mapped pages of page table f: {p \in DOMAIN f : f[p] # NoMap} (overridden in Java).
MappedPagesOf(f) == {p \in DOMAIN f : f[p] # NoMap}
TMappedPages == MappedPagesOf(pt)

\* RangePages: the user pages meeting [s, e), by arithmetic instead of a filter over UserPages.
TRangePages(s, e) ==
    IF s >= e \/ s >= MAX_USERSPACE_VADDR THEN {}
    ELSE {q * PAGE_SIZE : q \in ((IF s < 0 THEN 0 ELSE s) \div PAGE_SIZE) ..
                                 (IF e - 1 < MAX_USERSPACE_VADDR THEN e - 1 ELSE MAX_USERSPACE_VADDR - 1) \div PAGE_SIZE}

\* The mapped pages of [lo, hi) (Unmap's gone, ProtectNext's m).
TMappedIn(lo, hi) == {p \in TMappedPages : lo <= p /\ p < hi}

TMappedFrames == {pt[p][1] : p \in TMappedPages}
TViewMappings(S) == {<<p, pt[p][1]>> : p \in {q \in TMappedPages : q \in S}}
\* Distinct pairs with distinct first components: the first components are as many as the pairs.
TMappingsAreDisjoint(M) == Cardinality({m[1] : m \in M}) = Cardinality(M)
\* ViewMappings distributes over union, so "each page's mappings are in X" is "all of them are".
TMemViewWf3_TranslEq == TViewMappings(mem_view) \subseteq TViewMappings(mv_range)
\* No frame mapped at two pages: the mapped pages are as many as their frames.
TFrameAccountingInv ==
    /\ free \cap TMappedFrames = {}
    /\ free \cap PendingFrames = {}
    /\ TMappedFrames \cap PendingFrames = {}
    /\ free \cup TMappedFrames \cup PendingFrames = Frames
    /\ Cardinality(TMappedFrames) = Cardinality(TMappedPages)
    /\ \A k1, k2 \in DOMAIN cursors : k1 # k2 =>
          {e[2] : e \in cursors[k1].pending} \cap {e[2] : e \in cursors[k2].pending} = {}

\* Unmap and ProtectNext with their page sets from TMappedIn, and Unmap's new page table built
\* with @@ (in Java) instead of a function over every page.
TUnmap(k, len) ==
    /\ k \in DOMAIN cursors
    /\ len \in Nat /\ len % PAGE_SIZE = 0
    /\ cursors[k].va + len <= cursors[k].hi
    /\ LET va == cursors[k].va
           gone == TMappedIn(va, va + len)
           ops == {<<p, pt[p][1]>> : p \in gone}
       IN /\ pt' = [p \in gone |-> NoMap] @@ pt
          /\ IF BUG = "FreeBeforeFlush"
               THEN /\ free' = free \cup {e[2] : e \in ops}
                    /\ cursors' = [cursors EXCEPT ![k].va = va + len]
               ELSE /\ free' = free
                    /\ cursors' = [cursors EXCEPT ![k].va = va + len, ![k].pending = @ \cup ops]
    /\ UNCHANGED <<current, tlb, owners, mem_view>>

TProtectNext(k, len, prop) ==
    /\ k \in DOMAIN cursors
    /\ prop \in Props
    /\ len \in Nat /\ len % PAGE_SIZE = 0
    /\ cursors[k].va + len <= cursors[k].hi
    /\ LET va == cursors[k].va
           m == TMappedIn(va, va + len)
       IN IF m = {}
            THEN /\ cursors' = [cursors EXCEPT ![k].va = va + len]
                 /\ pt' = pt
            ELSE LET p == Min(m) IN
                 /\ pt' = [pt EXCEPT ![p] = <<@[1], prop>>]
                 /\ cursors' = [cursors EXCEPT ![k].va = p + PAGE_SIZE]
    /\ UNCHANGED <<current, free, tlb, owners, mem_view>>

\* The equivalence check (TraceVmSpaceCost.cfg, without the substitutions): every substitute
\* agrees with VmSpace's operator on the values of this state and of the next event.
CostEquivalenceInv ==
    /\ \A st \in {0, 1, PAGE_SIZE - 1, PAGE_SIZE, MAX_USERSPACE_VADDR - PAGE_SIZE, MAX_USERSPACE_VADDR - 1},
          n \in {0, 1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 2 * PAGE_SIZE} :
          TRangePages(st, st + n) = RangePages(st, st + n)
    /\ TMappedPages = {q \in UserPages : pt[q] # NoMap}
    /\ \A k \in DOMAIN cursors : TMappedIn(cursors[k].va, cursors[k].hi) = MappedIn(cursors[k].va, cursors[k].hi)
    /\ TMappedFrames = MappedFrames
    /\ TFrameAccountingInv = FrameAccountingInv
    /\ TMemViewWf3_TranslEq = MemViewWf3_TranslEq
    /\ TViewMappings(mem_view) = ViewMappings(mem_view)
    /\ TViewMappings(mv_range) = ViewMappings(mv_range)
    /\ TMappingsAreDisjoint(ViewMappings(mem_view)) = MappingsAreDisjoint(ViewMappings(mem_view))
    /\ \A i \in DOMAIN owners :
          /\ TRangePages(owners[i].start, owners[i].end) = RangePages(owners[i].start, owners[i].end)
          /\ \A n \in {0, 1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1} :
                TRangePages(owners[i].start, owners[i].start + n) = RangePages(owners[i].start, owners[i].start + n)
    /\ \A k \in DOMAIN cursors :
          TMappedIn(cursors[k].va, cursors[k].hi) = {p \in UserPages : cursors[k].va <= p /\ p < cursors[k].hi /\ pt[p] # NoMap}
    /\ l <= Len(TraceLog) /\ E.op \in {"Reader", "Writer"} /\ E.vaddr >= 0 =>
          TRangePages(E.vaddr, E.vaddr + E.len) = RangePages(E.vaddr, E.vaddr + E.len)
\* ... and the substituted actions take exactly the step VmSpace's take (both are deterministic).
CostActionsProp ==
    [][/\ l <= Len(TraceLog) /\ E.op = "Unmap" => (Unmap(E.cursor, E.len) <=> TUnmap(E.cursor, E.len))
       /\ l <= Len(TraceLog) /\ E.op = "ProtectNext" =>
            (ProtectNext(E.cursor, E.len, E.prop) <=> TProtectNext(E.cursor, E.len, E.prop))]_TraceVars

\* The planted off-by-one of TraceVmSpaceCostPlanted.cfg: a range's last page is left out when
\* the range ends exactly on a page boundary + 1 byte.
TRangePagesOffByOne(s, e) ==
    IF s >= e \/ s >= MAX_USERSPACE_VADDR THEN {}
    ELSE {q * PAGE_SIZE : q \in ((IF s < 0 THEN 0 ELSE s) \div PAGE_SIZE) ..
                                 (IF e - 2 < MAX_USERSPACE_VADDR THEN e - 2 ELSE MAX_USERSPACE_VADDR - 1) \div PAGE_SIZE}

----------------------------------------------------------------------------
(* Post-state shared by the lifecycle events.
   | spec variable        | trace field          | Java source                         |
   | Cardinality(mem_view)| post.remainingPages  | VmSpaceOwner.remainingPages()       |
   | readers / writers    | post.readers/writers | VmSpaceOwner list lengths            | *)
PostLists ==
    /\ Cardinality(mem_view') = E.remainingPages
    /\ Cardinality(readers') = E.readers
    /\ Cardinality(writers') = E.writers

(* | current[c] | args.cpu | VmSpace.activate(cpu) / deactivate(cpu) | *)
IsActivate == E.op = "Activate" /\ Ok /\ Activate(E.cpu) /\ Step
IsDeactivate == E.op = "Deactivate" /\ Ok /\ Deactivate(E.cpu) /\ Step

(* | owners[id] (new, created) | args.cpu, id, vaddr, len | VmSpace.reader / writer | *)
IsReader == E.op = "Reader" /\ Ok /\ Reader(E.cpu, E.id, E.vaddr, E.len) /\ Step
IsWriter == E.op = "Writer" /\ Ok /\ Writer(E.cpu, E.id, E.vaddr, E.len) /\ Step

(* | owners[id].view, mem_view | args.id; post.view, remainingPages | VmSpaceOwner.activateReader / activateWriter | *)
IsActivateReader ==
    /\ E.op = "ActivateReader" /\ Ok /\ ActivateReader(E.id)
    /\ owners'[E.id].view = E.view /\ PostLists /\ Step
IsActivateWriter ==
    /\ E.op = "ActivateWriter" /\ Ok /\ ActivateWriter(E.id)
    /\ owners'[E.id].view = E.view /\ PostLists /\ Step

(* | owners[id].state, readers, writers, mem_view | args.id; post lists | VmSpaceOwner.dispose* / remove* | *)
IsDisposeReader == E.op = "DisposeReader" /\ Ok /\ DisposeReader(E.id) /\ PostLists /\ Step
IsDisposeWriter == E.op = "DisposeWriter" /\ Ok /\ DisposeWriter(E.id) /\ PostLists /\ Step
IsRemoveReader == E.op = "RemoveReader" /\ Ok /\ RemoveReader(E.id) /\ PostLists /\ Step
IsRemoveWriter == E.op = "RemoveWriter" /\ Ok /\ RemoveWriter(E.id) /\ PostLists /\ Step

(* | owners (id gone) | args.id | VmSpaceOwner.dropOwner (a never-activated reader/writer dropped) | *)
IsDropOwner == E.op = "DropOwner" /\ Ok /\ DropOwner(E.id) /\ Step

(* | owners[id].start, tlb[cpu] | args.cpu, id, n; post.copied, start, tlbUsed, tlbFilled | VmReader.read* / VmWriter.write*, fill* | *)
\* The pages an access touched up to and including the faulting one (the spec's Access walks them).
AccessedPages(s, copied, fault) ==
    TRangePages(s, s + copied) \cup (IF fault THEN {PageOf(s + copied)} ELSE {})
\* The TLB entries <<page, frame, writable>> of CPU c that the access used (hits), in the pre-state.
TlbUsed(c, s, copied, fault) == {t \in tlb[c] : t[1] \in AccessedPages(s, copied, fault)}
PostIO ==
    /\ owners'[E.id].start = E.start
    /\ E.start - owners[E.id].start = E.copied
    /\ (E.outcome = "PageFault") = (E.copied < E.n)
    \* v2: the TLB entries the access filled (the walk's fills: new entries only) and used.
    /\ E.tlbFilled = tlb'[E.cpu] \ tlb[E.cpu]
    /\ E.tlbUsed = TlbUsed(E.cpu, owners[E.id].start, E.copied, E.outcome = "PageFault")
(* D1: a faulting read_val / write_val rolls back: the spec's ValFaults holds, nothing changes
   (a stuttering step), and Java logs copied 0 with the old start. Without a fault they are Read /
   Write like every other api. *)
ValApis == {"read_val", "write_val"}
IsValRollback(kind, needW) ==
    /\ E.api \in ValApis /\ E.outcome = "PageFault"
    /\ ValFaults(E.cpu, E.id, E.n, kind, needW)
    /\ E.copied = 0 /\ E.start = owners[E.id].start
    /\ E.tlbUsed = {} /\ E.tlbFilled = {}   \* v2: the rolled-back access used and filled nothing
    /\ UNCHANGED vars
    /\ Step
IsRead ==
    /\ E.op = "Read" /\ E.outcome \in {"ok", "PageFault"}
    /\ IF E.api \in ValApis /\ E.outcome = "PageFault" THEN IsValRollback("reader", FALSE)
       ELSE Read(E.cpu, E.id, E.n) /\ PostIO /\ Step
IsWrite ==
    /\ E.op = "Write" /\ E.outcome \in {"ok", "PageFault"}
    /\ IF E.api \in ValApis /\ E.outcome = "PageFault" THEN IsValRollback("writer", TRUE)
       ELSE Write(E.cpu, E.id, E.n) /\ PostIO /\ Step

(* | owners[id].start | args.id, n; post.start | VmReader.skip / VmWriter.skip | *)
IsSkip == E.op = "Skip" /\ Ok /\ Skip(E.id, E.n) /\ owners'[E.id].start = E.start /\ Step

(* | owners[id].end | args.id, n; post.end | VmReader.limit / VmWriter.limit on a user handle (v4) | *)
IsLimit == E.op = "Limit" /\ Ok /\ Limit(E.id, E.n) /\ owners'[E.id].end = E.end /\ Step

(* | cursors[k] | args.cursor, lo, hi | VmSpace.cursorMut | *)
IsCursorMut == E.op = "CursorMut" /\ Ok /\ CursorMut(E.cursor, E.lo, E.hi) /\ Step

(* | pt[va], free, cursors[k].va/pending | args.cursor, frame, prop; post.va, replaced, freeFrames | CursorMut.map | *)
CurVa == cursors[E.cursor].va
IsMap ==
    /\ E.op = "Map" /\ Ok /\ Map(E.cursor, E.frame, E.prop)
    /\ cursors'[E.cursor].va = E.va
    /\ E.replaced = IF pt[CurVa] = NoMap THEN -1 ELSE pt[CurVa][1]
    /\ Cardinality(free') = E.freeFrames
    /\ Step

(* | pt, free, cursors[k] | args.cursor, len; post.va, unmapped, freeFrames, pages | CursorMut.unmap | *)
\* v2: the pages Unmap clears, each with the frame it mapped (now pending): <<page, frame>>.
UnmapPages == {<<p, pt[p][1]>> : p \in TMappedIn(CurVa, CurVa + E.len)}
IsUnmap ==
    /\ E.op = "Unmap" /\ Ok /\ Unmap(E.cursor, E.len)
    /\ E.pages = UnmapPages
    /\ cursors'[E.cursor].va = E.va
    /\ E.unmapped = Cardinality({p \in TMappedPages : pt'[p] = NoMap})
    /\ Cardinality(free') = E.freeFrames
    /\ Step

(* | pt[p], cursors[k].va | args.cursor, len, prop; post.va, protected, pages | CursorMut.protectNext | *)
ProtectedPage ==
    LET m == TMappedIn(CurVa, CurVa + E.len)
    IN IF m = {} THEN -1 ELSE Min(m)
\* v2: the leaf ProtectNext changes, as <<page, frame, new prop>> (none when nothing is mapped).
ProtectPages == IF ProtectedPage = -1 THEN {} ELSE {<<ProtectedPage, pt[ProtectedPage][1], E.prop>>}
IsProtectNext ==
    /\ E.op = "ProtectNext" /\ Ok
    /\ E.cursor \in DOMAIN cursors /\ E.protected = ProtectedPage
    /\ ProtectNext(E.cursor, E.len, E.prop)
    /\ E.pages = ProtectPages
    /\ cursors'[E.cursor].va = E.va
    /\ Step

(* | cursors[k].va | args.cursor, va | CursorMut.jump | *)
IsJump == E.op = "Jump" /\ Ok /\ Jump(E.cursor, E.va) /\ Step

(* | cursors[k].va | args.cursor, len; post.va, found | CursorMut.findNext (v3) | *)
\* The page find_next stops at: the first mapped page of [va, va + len), or -1 (null) for none.
FoundPage ==
    LET m == TMappedIn(CurVa, CurVa + E.len)
    IN IF m = {} THEN -1 ELSE Min(m)
IsFindNext ==
    /\ E.op = "FindNext" /\ Ok
    /\ E.cursor \in DOMAIN cursors /\ E.found = FoundPage
    /\ FindNext(E.cursor, E.len)
    /\ cursors'[E.cursor].va = E.va
    /\ Step

(* | cursors[k].flushes | args.cursor, lo, hi (null, null: All) | TlbFlusher.issueTlbFlush (v3) | *)
\* All is logged with lo and hi null: the whole window, the spec's [0, MAX_USERSPACE_VADDR).
IsIssueTlbFlush ==
    /\ E.op = "IssueTlbFlush" /\ Ok
    /\ IssueTlbFlush(E.cursor, FlushLoOf(E), FlushHiOf(E))
    /\ Step

(* | tlb, free, cursors[k].pending, flushes | args.cursor; post.freed, freeFrames, tlbDropped | TlbFlusher.dispatchTlbFlush | *)
\* v2: the TLB entries the shootdown drops, as <<cpu, page>>: every CPU's entries for a page of
\* an op with a frame or (v3) of a frameless op's range.
TlbDropped(k) ==
    LET pages == DispatchPages(k)
    IN UNION {{<<c, t[1]>> : t \in {x \in tlb[c] : x[1] \in pages}} : c \in CPUs}
IsDispatchTlbFlush ==
    /\ E.op = "DispatchTlbFlush" /\ Ok
    /\ E.cursor \in DOMAIN cursors /\ E.freed = {e[2] : e \in cursors[E.cursor].pending}
    /\ E.tlbDropped = TlbDropped(E.cursor)
    /\ DispatchTlbFlush(E.cursor)
    /\ Cardinality(free') = E.freeFrames
    /\ Step

(* | cursors | args.cursor | CursorMut.close | *)
IsDropCursor == E.op = "DropCursor" /\ Ok /\ DropCursor(E.cursor) /\ Step

----------------------------------------------------------------------------
(* Refused requests: stuttering steps, accepted only when the spec refuses the request *)
(* for the logged reason.                                                             *)
Live(i) == i \in DOMAIN owners
Created(i, kind) == Live(i) /\ owners[i].kind = kind /\ owners[i].state = "created"
OwnerPages(i) == RangePages(owners[i].start, owners[i].end)
LiveCursor(k) == k \in DOMAIN cursors
ValidCursorRange(lo, hi) ==
    lo < hi /\ lo % PAGE_SIZE = 0 /\ hi % PAGE_SIZE = 0 /\ hi <= MAX_USERSPACE_VADDR
CPUOk == E.cpu \in CPUs

RefusalAgrees ==
    LET i == E.id
        k == E.cursor
        o == E.outcome
    IN CASE E.op \in {"Reader", "Writer"} /\ o = "AccessDenied" ->
              CPUOk /\ (~current[E.cpu] \/ ~RangeOK(E.vaddr, E.len))
         [] E.op = "Reader" /\ o = "Conflict" ->
              CPUOk /\ current[E.cpu] /\ RangeOK(E.vaddr, E.len) /\ ~can_create_reader(E.vaddr, E.len)
         [] E.op = "Writer" /\ o = "Conflict" ->
              CPUOk /\ current[E.cpu] /\ RangeOK(E.vaddr, E.len) /\ ~can_create_writer(E.vaddr, E.len)
         [] E.op = "ActivateReader" /\ o = "InvalidState" -> ~Created(i, "reader")
         [] E.op = "ActivateReader" /\ o = "NotMapped" ->
              Created(i, "reader") /\ ~MappedInRemaining(OwnerPages(i))
         [] E.op = "ActivateReader" /\ o = "Conflict" ->
              Created(i, "reader") /\ MappedInRemaining(OwnerPages(i)) /\ ~ENABLED ActivateReader(i)
         [] E.op = "ActivateWriter" /\ o = "InvalidState" -> ~Created(i, "writer")
         [] E.op = "ActivateWriter" /\ o = "NotMapped" ->
              Created(i, "writer") /\ ~MappedInRemaining(OwnerPages(i))
         [] E.op = "ActivateWriter" /\ o = "Borrowed" ->
              Created(i, "writer") /\ MappedInRemaining(OwnerPages(i)) /\ OwnerPages(i) \cap Borrowed # {}
         [] E.op = "DisposeReader" /\ o = "InvalidState" -> ~IsActive(i, "reader")
         [] E.op = "DisposeWriter" /\ o = "InvalidState" -> ~IsActive(i, "writer")
         [] E.op = "RemoveReader" /\ o = "InvalidState" -> i \notin readers
         [] E.op = "RemoveWriter" /\ o = "InvalidState" -> i \notin writers
         [] E.op = "DropOwner" /\ o = "InvalidState" -> ~(Live(i) /\ owners[i].state = "created")
         [] E.op = "Read" /\ o = "InvalidState" -> ~IsActive(i, "reader")
         [] E.op = "Write" /\ o = "InvalidState" -> ~IsActive(i, "writer")
         [] E.op \in {"Read", "Write"} /\ o = "AccessDenied" ->
              IsActive(i, IF E.op = "Read" THEN "reader" ELSE "writer") /\ CPUOk /\ ~current[E.cpu]
         [] E.op \in {"Read", "Write"} /\ o = "InvalidArgs" ->
              /\ IsActive(i, IF E.op = "Read" THEN "reader" ELSE "writer") /\ CPUOk /\ current[E.cpu]
              /\ E.n \notin 1 .. (owners[i].end - owners[i].start)
         [] E.op = "Limit" /\ o = "InvalidState" -> ~(Live(i) /\ owners[i].state = "created")
         [] E.op = "Skip" /\ o = "InvalidState" -> ~(Live(i) /\ owners[i].state = "active")
         [] E.op = "Skip" /\ o = "InvalidArgs" ->
              Live(i) /\ owners[i].state = "active" /\ E.n \notin 0 .. (owners[i].end - owners[i].start)
         [] E.op = "CursorMut" /\ o = "AccessDenied" -> ~ValidCursorRange(E.lo, E.hi)
         [] E.op = "CursorMut" /\ o = "Busy" ->
              /\ ValidCursorRange(E.lo, E.hi)
              /\ \E j \in DOMAIN cursors : Overlaps(cursors[j].lo, cursors[j].hi, E.lo, E.hi)
         [] E.op \in {"Map", "Unmap", "ProtectNext", "Jump", "FindNext", "IssueTlbFlush", "DispatchTlbFlush",
                     "DropCursor"}
              /\ o = "InvalidState" -> ~LiveCursor(k)
         [] E.op = "IssueTlbFlush" /\ o = "InvalidArgs" ->
              LiveCursor(k) /\ ~ValidCursorRange(FlushLoOf(E), FlushHiOf(E))
         [] E.op = "Map" /\ o = "Panic" -> LiveCursor(k) /\ cursors[k].va >= cursors[k].hi
         [] E.op = "Map" /\ o = "InvalidArgs" ->
              LiveCursor(k) /\ cursors[k].va < cursors[k].hi /\ E.frame \notin free
         [] E.op \in {"Unmap", "ProtectNext", "FindNext"} /\ o = "Panic" ->
              LiveCursor(k) /\ (E.len % PAGE_SIZE # 0 \/ cursors[k].va + E.len > cursors[k].hi)
         [] E.op = "Jump" /\ o \in {"AccessDenied", "Panic"} ->
              LiveCursor(k) /\ ~(cursors[k].lo <= E.va /\ E.va < cursors[k].hi /\ E.va % PAGE_SIZE = 0)
         [] OTHER -> FALSE

IsRefused ==
    /\ E.outcome \notin {"ok", "PageFault"}
    /\ ~E.outside
    /\ RefusalAgrees
    /\ UNCHANGED vars
    /\ Step

\* Quirky lines, kept apart: a refused request naming an address below the trace's window
\* cannot be rebased into the spec's address space. It changed nothing in Java and is
\* accepted as a stuttering step; the driver counts such lines in its report.
IsRefusedOutsideWindow ==
    /\ E.outcome \notin {"ok", "PageFault"}
    /\ E.outside
    /\ UNCHANGED vars
    /\ Step

----------------------------------------------------------------------------
(* Diagnosis of a rejection (second run, DiagAt = index of the first unmatched event):   *)
(* for each candidate state, the spec actions enabled with the event's arguments, the    *)
(* post-state the spec computes for them, and the variables the event is about.          *)
RelevantPages ==
    CASE E.op \in {"Reader", "Writer"} -> TRangePages(E.vaddr, E.vaddr + E.len)
      [] E.id \in DOMAIN owners -> OwnerPages(E.id) \cup owners[E.id].view
      [] E.cursor \in DOMAIN cursors -> TRangePages(cursors[E.cursor].lo, cursors[E.cursor].hi)
      [] OTHER -> {}

\* The logged id of a creation, or (a refused creation logs none) any fresh one.
FreshId == IF E.id \in Ids \ DOMAIN owners THEN E.id ELSE CHOOSE x \in Ids : x \notin DOMAIN owners

\* The logged cursor of a CursorMut, or (a refused one logs none) any handle not in use.
FreshCursor == IF E.cursor \in CursorIds \ DOMAIN cursors THEN E.cursor
               ELSE CHOOSE x \in CursorIds : x \notin DOMAIN cursors

EnabledHere ==
    LET cands == <<
          <<"Activate", CPUOk /\ ENABLED Activate(E.cpu)>>,
          <<"Deactivate", CPUOk /\ ENABLED Deactivate(E.cpu)>>,
          <<"Reader", CPUOk /\ ENABLED Reader(E.cpu, FreshId, E.vaddr, E.len)>>,
          <<"Writer", CPUOk /\ ENABLED Writer(E.cpu, FreshId, E.vaddr, E.len)>>,
          <<"ActivateReader", ENABLED ActivateReader(E.id)>>,
          <<"ActivateWriter", ENABLED ActivateWriter(E.id)>>,
          <<"DisposeReader", ENABLED DisposeReader(E.id)>>,
          <<"DisposeWriter", ENABLED DisposeWriter(E.id)>>,
          <<"RemoveReader", ENABLED RemoveReader(E.id)>>,
          <<"RemoveWriter", ENABLED RemoveWriter(E.id)>>,
          <<"DropOwner", ENABLED DropOwner(E.id)>>,
          <<"Read", CPUOk /\ ENABLED Read(E.cpu, E.id, E.n)>>,
          <<"Write", CPUOk /\ ENABLED Write(E.cpu, E.id, E.n)>>,
          <<"Skip", ENABLED Skip(E.id, E.n)>>,
          <<"Limit", ENABLED Limit(E.id, E.n)>>,
          <<"CursorMut", ENABLED CursorMut(FreshCursor, E.lo, E.hi)>>,
          <<"Map", E.frame \in Frames /\ E.prop \in Props /\ ENABLED Map(E.cursor, E.frame, E.prop)>>,
          <<"Unmap", ENABLED Unmap(E.cursor, E.len)>>,
          <<"ProtectNext", E.prop \in Props /\ ENABLED ProtectNext(E.cursor, E.len, E.prop)>>,
          <<"Jump", ENABLED Jump(E.cursor, E.va)>>,
          <<"FindNext", ENABLED FindNext(E.cursor, E.len)>>,
          <<"IssueTlbFlush", ENABLED IssueTlbFlush(E.cursor, FlushLoOf(E), FlushHiOf(E))>>,
          <<"DispatchTlbFlush", ENABLED DispatchTlbFlush(E.cursor)>>,
          <<"DropCursor", ENABLED DropCursor(E.cursor)>> >>
    IN {cands[j][1] : j \in {x \in DOMAIN cands : cands[x][2]}}

\* What the spec computes for the event's action in this state (compare with the log).
SpecSays ==
    CASE E.op \in {"Read", "Write"} /\ IsActive(E.id, IF E.op = "Read" THEN "reader" ELSE "writer")
              /\ CPUOk ->
           LET r == Access(E.cpu, owners[E.id].start, E.n, E.op = "Write")
           IN [copied |-> r.copied, start |-> owners[E.id].start + r.copied, tlbFills |-> r.fills]
      [] E.op \in {"ActivateReader", "ActivateWriter"} /\ Live(E.id) ->
           [view |-> OwnerPages(E.id), inRemaining |-> OwnerPages(E.id) \subseteq mem_view,
            mapped |-> \A p \in OwnerPages(E.id) : pt[p] # NoMap,
            borrowed |-> OwnerPages(E.id) \cap Borrowed,
            remainingPagesAfter |-> Cardinality(mem_view \ (IF E.op = "ActivateWriter" THEN OwnerPages(E.id) ELSE {}))]
      [] E.op \in {"Map", "Unmap", "ProtectNext", "Jump", "FindNext", "IssueTlbFlush", "DispatchTlbFlush",
                    "DropCursor"} /\ LiveCursor(E.cursor) ->
           [cursor |-> cursors[E.cursor], freeFrames |-> Cardinality(free),
            frameFree |-> E.frame \in free]
      [] E.op = "Limit" /\ Live(E.id) ->
           [state |-> owners[E.id].state, start |-> owners[E.id].start,
            end |-> owners[E.id].start + Min({E.n, owners[E.id].end - owners[E.id].start})]
      [] E.op \in {"Reader", "Writer"} /\ CPUOk ->
           [current |-> current[E.cpu], rangeOK |-> RangeOK(E.vaddr, E.len),
            can_create_reader |-> can_create_reader(E.vaddr, E.len),
            can_create_writer |-> can_create_writer(E.vaddr, E.len)]
      [] OTHER -> [remainingPages |-> Cardinality(mem_view), readers |-> Cardinality(readers),
                   writers |-> Cardinality(writers)]

Diagnose ==
    /\ DiagAt > 0 /\ l = DiagAt
    /\ PrintT(<<"VMSPACE-DIAG",
               [enabled |-> EnabledHere,
                specSays |-> SpecSays,
                owner |-> IF E.id \in DOMAIN owners THEN owners[E.id] ELSE "none",
                current |-> current,
                remainingPages |-> Cardinality(mem_view),
                readers |-> readers, writers |-> writers,
                freeFrames |-> Cardinality(free),
                pt |-> [p \in RelevantPages |-> pt[p]],
                tlb |-> [c \in CPUs |-> {t \in tlb[c] : t[1] \in RelevantPages}],
                cursors |-> cursors]>>)
    /\ FALSE

----------------------------------------------------------------------------
TraceNext ==
    /\ l <= Len(TraceLog)
    /\ \/ IsActivate \/ IsDeactivate
       \/ IsReader \/ IsWriter
       \/ IsActivateReader \/ IsActivateWriter
       \/ IsDisposeReader \/ IsDisposeWriter
       \/ IsRemoveReader \/ IsRemoveWriter \/ IsDropOwner
       \/ IsRead \/ IsWrite \/ IsSkip \/ IsLimit
       \/ IsCursorMut \/ IsMap \/ IsUnmap \/ IsProtectNext \/ IsJump \/ IsFindNext
       \/ IsIssueTlbFlush \/ IsDispatchTlbFlush \/ IsDropCursor
       \/ IsRefused \/ IsRefusedOutsideWindow
       \/ Diagnose

TraceSpec == TraceInit /\ [][TraceNext]_TraceVars

\* The base spec, checked as a property (TraceVmSpaceProp.cfg, Validate --base-spec): every
\* step the trace spec takes is a step of VmSpace's Next or a stuttering step. Next quantifies
\* over its constant domains, so this is for short traces (the test suite runs it).
BaseSpecProp == [][Next]_vars
=============================================================================
