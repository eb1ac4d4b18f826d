------------------------- MODULE TraceVmSpaceReport -------------------------
(***************************************************************************)
(* What a rejection report needs, on top of TraceVmSpace (used by the      *)
(* driver's diagnosis run, DiagAt = the first unmatched event; the cfg is  *)
(* TraceVmSpace.cfg with NEXT ReportNext, INVARIANT ReportSnapshotInv and  *)
(* the two constants below, written by org.vmspace.tv.report.ReportRun):   *)
(*  - ReportSnapshotInv prints the spec state (restricted to ReportPages)  *)
(*    for every event index from ReportFrom on: the pictures' time axis;   *)
(*  - at DiagAt, ReportNext prints the spec's values AFTER the logged      *)
(*    event's action taken with the logged arguments (VMSPACE-POST, one    *)
(*    field per logged post field), and, when that action is not enabled,  *)
(*    the first guard that fails and the refusal the spec would log        *)
(*    (VMSPACE-REFUSAL).                                                   *)
(* Every print is a side effect of a TRUE invariant or of a FALSE          *)
(* disjunct: the behaviours TLC explores are exactly TraceVmSpace's.       *)
(***************************************************************************)
EXTENDS TraceVmSpace

CONSTANTS
    ReportFrom,    \* first event index whose pre-state is printed
    ReportPages    \* the user pages the pictures show

\* The event's spec action with the logged arguments (a creation: the logged id).
EventAction ==
    CASE E.op = "Activate" -> CPUOk /\ Activate(E.cpu)
      [] E.op = "Deactivate" -> CPUOk /\ Deactivate(E.cpu)
      [] E.op = "Reader" -> CPUOk /\ Reader(E.cpu, FreshId, E.vaddr, E.len)
      [] E.op = "Writer" -> CPUOk /\ Writer(E.cpu, FreshId, E.vaddr, E.len)
      [] E.op = "ActivateReader" -> ActivateReader(E.id)
      [] E.op = "ActivateWriter" -> ActivateWriter(E.id)
      [] E.op = "DisposeReader" -> DisposeReader(E.id)
      [] E.op = "DisposeWriter" -> DisposeWriter(E.id)
      [] E.op = "RemoveReader" -> RemoveReader(E.id)
      [] E.op = "RemoveWriter" -> RemoveWriter(E.id)
      [] E.op = "DropOwner" -> DropOwner(E.id)
      [] E.op = "Read" -> CPUOk /\ Read(E.cpu, E.id, E.n)
      [] E.op = "Write" -> CPUOk /\ Write(E.cpu, E.id, E.n)
      [] E.op = "Skip" -> Skip(E.id, E.n)
      [] E.op = "Limit" -> Limit(E.id, E.n)
      [] E.op = "CursorMut" -> CursorMut(FreshCursor, E.lo, E.hi)
      [] E.op = "Map" -> E.frame \in Frames /\ E.prop \in Props /\ Map(E.cursor, E.frame, E.prop)
      [] E.op = "Unmap" -> Unmap(E.cursor, E.len)
      [] E.op = "ProtectNext" -> E.prop \in Props /\ ProtectNext(E.cursor, E.len, E.prop)
      [] E.op = "Jump" -> Jump(E.cursor, E.va)
      [] E.op = "DispatchTlbFlush" -> DispatchTlbFlush(E.cursor)
      [] E.op = "DropCursor" -> DropCursor(E.cursor)
      [] OTHER -> FALSE

\* The logged post fields as the spec computes them after EventAction (trace units rebased:
\* addresses are window offsets, frames are frame numbers, -1 is null), plus the outcome.
SpecPost ==
    LET k == E.cursor
        i == E.id
    IN CASE E.op \in {"ActivateReader", "ActivateWriter"} ->
              [outcome |-> "ok", view |-> owners'[i].view, remainingPages |-> Cardinality(mem_view'),
               readers |-> Cardinality(readers'), writers |-> Cardinality(writers')]
         [] E.op \in {"DisposeReader", "DisposeWriter", "RemoveReader", "RemoveWriter"} ->
              [outcome |-> "ok", remainingPages |-> Cardinality(mem_view'),
               readers |-> Cardinality(readers'), writers |-> Cardinality(writers')]
         [] E.op \in {"Read", "Write"} ->
              LET copied == owners'[i].start - owners[i].start
                  fault == copied < E.n
              IN [outcome |-> IF fault THEN "PageFault" ELSE "ok",
                  copied |-> copied, start |-> owners'[i].start,
                  tlbUsed |-> TlbUsed(E.cpu, owners[i].start, copied, fault),
                  tlbFilled |-> tlb'[E.cpu] \ tlb[E.cpu]]
         [] E.op = "Skip" -> [outcome |-> "ok", start |-> owners'[i].start]
         [] E.op = "Limit" -> [outcome |-> "ok", end |-> owners'[i].end]
         [] E.op = "Map" ->
              [outcome |-> "ok", va |-> cursors'[k].va,
               replaced |-> IF pt[CurVa] = NoMap THEN -1 ELSE pt[CurVa][1],
               freeFrames |-> Cardinality(free')]
         [] E.op = "Unmap" ->
              [outcome |-> "ok", va |-> cursors'[k].va,
               unmapped |-> Cardinality({p \in UserPages : pt[p] # NoMap /\ pt'[p] = NoMap}),
               freeFrames |-> Cardinality(free'), pages |-> UnmapPages]
         [] E.op = "ProtectNext" -> [outcome |-> "ok", va |-> cursors'[k].va, protected |-> ProtectedPage,
                                     pages |-> ProtectPages]
         [] E.op = "DispatchTlbFlush" ->
              [outcome |-> "ok", freed |-> {e[2] : e \in cursors[k].pending},
               freeFrames |-> Cardinality(free'), tlbDropped |-> TlbDropped(k)]
         [] E.op \in {"Reader", "Writer"} -> [outcome |-> "ok", id |-> FreshId]
         [] E.op = "CursorMut" -> [outcome |-> "ok", cursor |-> FreshCursor]
         [] OTHER -> [outcome |-> "ok"]

\* When EventAction is not enabled: the first guard (in the spec's order) that fails, as
\* <<refusal the spec logs, guard>>; "-" where the spec has no refusal for it (the request
\* cannot be made in that state). Mirrors IsRefused's RefusalAgrees.
SpecRefusal ==
    LET i == E.id
        k == E.cursor
        kind == IF E.op \in {"ActivateReader", "DisposeReader", "RemoveReader", "Read"}
                THEN "reader" ELSE "writer"
    IN CASE E.op \in {"Activate", "Deactivate"} -> <<"-", "cpu \\in CPUs">>
         [] E.op \in {"Reader", "Writer"} /\ ~CPUOk -> <<"-", "cpu \\in CPUs">>
         [] E.op \in {"Reader", "Writer"} /\ ~current[E.cpu] -> <<"AccessDenied", "current[cpu]">>
         [] E.op \in {"Reader", "Writer"} /\ ~RangeOK(E.vaddr, E.len) ->
              <<"AccessDenied", "RangeOK(vaddr, len) (vaddr + len <= MAX_USERSPACE_VADDR)">>
         [] E.op = "Reader" /\ ~can_create_reader(E.vaddr, E.len) ->
              <<"Conflict", "can_create_reader(vaddr, len) (no parked writer overlaps the range)">>
         [] E.op = "Writer" /\ ~can_create_writer(E.vaddr, E.len) ->
              <<"Conflict", "can_create_writer(vaddr, len) (no parked reader or writer overlaps the range)">>
         [] E.op \in {"Reader", "Writer"} -> <<"-", "id \\notin DOMAIN owners (a fresh id)">>
         [] E.op \in {"ActivateReader", "ActivateWriter"} /\ ~Created(i, kind) ->
              <<"InvalidState", "owner id is a created " \o kind>>
         [] E.op \in {"ActivateReader", "ActivateWriter"} /\ ~MappedInRemaining(OwnerPages(i)) ->
              <<"NotMapped", "MappedInRemaining(RangePages(range)) (every page in mem_view and mapped)">>
         [] E.op = "ActivateReader" ->
              <<"Conflict", "~SHARED_READER => no other reader's range or view overlaps">>
         [] E.op = "ActivateWriter" ->
              <<"Borrowed", "RangePages(range) \\cap Borrowed = {} (no reader borrows a page)">>
         [] E.op \in {"DisposeReader", "DisposeWriter"} -> <<"InvalidState", "IsActive(id, " \o kind \o ")">>
         [] E.op = "RemoveReader" -> <<"InvalidState", "id \\in readers (a disposed reader)">>
         [] E.op = "RemoveWriter" -> <<"InvalidState", "id \\in writers (a disposed writer)">>
         [] E.op = "DropOwner" -> <<"InvalidState", "owner id is live and created">>
         [] E.op \in {"Read", "Write"} /\ ~IsActive(i, kind) -> <<"InvalidState", "IsActive(id, " \o kind \o ")">>
         [] E.op \in {"Read", "Write"} /\ ~(CPUOk /\ current[E.cpu]) -> <<"AccessDenied", "current[cpu]">>
         [] E.op \in {"Read", "Write"} -> <<"InvalidArgs", "0 < n <= end - start">>
         [] E.op = "Skip" /\ ~(Live(i) /\ owners[i].state = "active") -> <<"InvalidState", "owner id is active">>
         [] E.op = "Skip" -> <<"InvalidArgs", "0 <= n <= end - start">>
         [] E.op = "Limit" -> <<"InvalidState", "owner id is live and created (limit before activation)">>
         [] E.op = "CursorMut" /\ ~ValidCursorRange(E.lo, E.hi) ->
              <<"AccessDenied", "lo < hi, both page-aligned, hi <= MAX_USERSPACE_VADDR">>
         [] E.op = "CursorMut" /\ \E j \in DOMAIN cursors : Overlaps(cursors[j].lo, cursors[j].hi, E.lo, E.hi) ->
              <<"Busy", "no live cursor's range overlaps [lo, hi)">>
         [] E.op = "CursorMut" -> <<"-", "cursor \\notin DOMAIN cursors (a fresh handle)">>
         [] ~LiveCursor(k) -> <<"InvalidState", "cursor is live">>
         [] E.op = "Map" /\ cursors[k].va >= cursors[k].hi -> <<"Panic", "va < hi">>
         [] E.op = "Map" -> <<"InvalidArgs", "frame \\in free">>
         [] E.op \in {"Unmap", "ProtectNext"} -> <<"Panic", "len % PAGE_SIZE = 0 /\\ va + len <= hi">>
         [] E.op = "Jump" -> <<"AccessDenied", "lo <= va < hi, va page-aligned">>
         [] E.op = "DispatchTlbFlush" -> <<"-", "pending # {}">>
         [] E.op = "DropCursor" -> <<"-", "pending = {} (flushes dispatched before the drop)">>
         [] OTHER -> <<"-", "?">>

\* Diagnosis run only (DiagAt > 0): two disjuncts that print and take no step.
ReportPost == DiagAt > 0 /\ l = DiagAt /\ EventAction /\ PrintT(<<"VMSPACE-POST", SpecPost>>) /\ FALSE
ReportRefusal ==
    /\ DiagAt > 0 /\ l = DiagAt
    /\ PrintT(<<"VMSPACE-REFUSAL",
                IF ENABLED EventAction
                THEN [enabled |-> TRUE, refusal |-> "none", guard |-> "none"]
                ELSE [enabled |-> FALSE, refusal |-> SpecRefusal[1], guard |-> SpecRefusal[2]]>>)
    /\ FALSE

ReportNext == TraceNext \/ ReportRefusal \/ ReportPost

\* The state before event l, restricted to what the pictures show.
Snapshot ==
    [l |-> l, current |-> current, free |-> free, owners |-> owners, cursors |-> cursors,
     mem_view |-> mem_view \cap ReportPages,
     pt |-> [p \in ReportPages \cap UserPages |-> pt[p]],
     tlb |-> [c \in CPUs |-> {t \in tlb[c] : t[1] \in ReportPages}]]

ReportSnapshotInv == l >= ReportFrom => PrintT(<<"VMSPACE-STATE", Snapshot>>)
=============================================================================
