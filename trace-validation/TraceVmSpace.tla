---------------------------- MODULE TraceVmSpace ----------------------------
(***************************************************************************)
(* Trace validation: a Java execution trace (java-impl, NDJSON, schema v1) *)
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

VARIABLE l   \* index in TraceLog of the next event to match
TraceVars == <<vars, l>>

E == TraceLog[l]
Step == l' = l + 1
Ok == E.outcome = "ok"

TraceInit == Init /\ l = 1

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

(* | owners[id].start, tlb[cpu] | args.cpu, id, n; post.copied, start | VmReader.read* / VmWriter.write*, fill* | *)
PostIO ==
    /\ owners'[E.id].start = E.start
    /\ E.start - owners[E.id].start = E.copied
    /\ (E.outcome = "PageFault") = (E.copied < E.n)
IsRead == E.op = "Read" /\ E.outcome \in {"ok", "PageFault"} /\ Read(E.cpu, E.id, E.n) /\ PostIO /\ Step
IsWrite == E.op = "Write" /\ E.outcome \in {"ok", "PageFault"} /\ Write(E.cpu, E.id, E.n) /\ PostIO /\ Step

(* | owners[id].start | args.id, n; post.start | VmReader.skip / VmWriter.skip | *)
IsSkip == E.op = "Skip" /\ Ok /\ Skip(E.id, E.n) /\ owners'[E.id].start = E.start /\ Step

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

(* | pt, free, cursors[k] | args.cursor, len; post.va, unmapped, freeFrames | CursorMut.unmap | *)
IsUnmap ==
    /\ E.op = "Unmap" /\ Ok /\ Unmap(E.cursor, E.len)
    /\ cursors'[E.cursor].va = E.va
    /\ E.unmapped = Cardinality({p \in UserPages : pt[p] # NoMap /\ pt'[p] = NoMap})
    /\ Cardinality(free') = E.freeFrames
    /\ Step

(* | pt[p], cursors[k].va | args.cursor, len, prop; post.va, protected | CursorMut.protectNext | *)
ProtectedPage ==
    LET m == {p \in UserPages : CurVa <= p /\ p < CurVa + E.len /\ pt[p] # NoMap}
    IN IF m = {} THEN -1 ELSE Min(m)
IsProtectNext ==
    /\ E.op = "ProtectNext" /\ Ok
    /\ E.cursor \in DOMAIN cursors /\ E.protected = ProtectedPage
    /\ ProtectNext(E.cursor, E.len, E.prop)
    /\ cursors'[E.cursor].va = E.va
    /\ Step

(* | cursors[k].va | args.cursor, va | CursorMut.jump (and findNext that moves) | *)
IsJump == E.op = "Jump" /\ Ok /\ Jump(E.cursor, E.va) /\ Step

(* | tlb, free, cursors[k].pending | args.cursor; post.freed, freeFrames | TlbFlusher.dispatchTlbFlush | *)
IsDispatchTlbFlush ==
    /\ E.op = "DispatchTlbFlush" /\ Ok
    /\ E.cursor \in DOMAIN cursors /\ E.freed = {e[2] : e \in cursors[E.cursor].pending}
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
         [] E.op = "Skip" /\ o = "InvalidState" -> ~(Live(i) /\ owners[i].state = "active")
         [] E.op = "Skip" /\ o = "InvalidArgs" ->
              Live(i) /\ owners[i].state = "active" /\ E.n \notin 0 .. (owners[i].end - owners[i].start)
         [] E.op = "CursorMut" /\ o = "AccessDenied" -> ~ValidCursorRange(E.lo, E.hi)
         [] E.op = "CursorMut" /\ o = "Busy" ->
              /\ ValidCursorRange(E.lo, E.hi)
              /\ \E j \in DOMAIN cursors : Overlaps(cursors[j].lo, cursors[j].hi, E.lo, E.hi)
         [] E.op \in {"Map", "Unmap", "ProtectNext", "Jump", "DispatchTlbFlush", "DropCursor"}
              /\ o = "InvalidState" -> ~LiveCursor(k)
         [] E.op = "Map" /\ o = "Panic" -> LiveCursor(k) /\ cursors[k].va >= cursors[k].hi
         [] E.op = "Map" /\ o = "InvalidArgs" ->
              LiveCursor(k) /\ cursors[k].va < cursors[k].hi /\ E.frame \notin free
         [] E.op \in {"Unmap", "ProtectNext"} /\ o = "Panic" ->
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
    CASE E.op \in {"Reader", "Writer"} -> RangePages(E.vaddr, E.vaddr + E.len) \cap UserPages
      [] E.id \in DOMAIN owners -> OwnerPages(E.id) \cup owners[E.id].view
      [] E.cursor \in DOMAIN cursors -> {p \in UserPages : cursors[E.cursor].lo <= p /\ p < cursors[E.cursor].hi}
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
          <<"CursorMut", ENABLED CursorMut(FreshCursor, E.lo, E.hi)>>,
          <<"Map", E.frame \in Frames /\ E.prop \in Props /\ ENABLED Map(E.cursor, E.frame, E.prop)>>,
          <<"Unmap", ENABLED Unmap(E.cursor, E.len)>>,
          <<"ProtectNext", E.prop \in Props /\ ENABLED ProtectNext(E.cursor, E.len, E.prop)>>,
          <<"Jump", ENABLED Jump(E.cursor, E.va)>>,
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
      [] E.op \in {"Map", "Unmap", "ProtectNext", "Jump", "DispatchTlbFlush", "DropCursor"}
              /\ LiveCursor(E.cursor) ->
           [cursor |-> cursors[E.cursor], freeFrames |-> Cardinality(free),
            frameFree |-> E.frame \in free]
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
       \/ IsRead \/ IsWrite \/ IsSkip
       \/ IsCursorMut \/ IsMap \/ IsUnmap \/ IsProtectNext \/ IsJump
       \/ IsDispatchTlbFlush \/ IsDropCursor
       \/ IsRefused \/ IsRefusedOutsideWindow
       \/ Diagnose

TraceSpec == TraceInit /\ [][TraceNext]_TraceVars

\* The base spec, checked as a property (TraceVmSpaceProp.cfg, Validate --base-spec): every
\* step the trace spec takes is a step of VmSpace's Next or a stuttering step. Next quantifies
\* over its constant domains, so this is for short traces (the test suite runs it).
BaseSpecProp == [][Next]_vars
=============================================================================
