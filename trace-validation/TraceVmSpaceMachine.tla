------------------------- MODULE TraceVmSpaceMachine -------------------------
(***************************************************************************)
(* Trace validation of the many-spaces machine: a Java machine trace       *)
(* (org.vmspace.machine, java-impl/MACHINE_TRACE_SCHEMA.md) is accepted    *)
(* exactly when it is a behaviour of VmSpaceMachine with every logged      *)
(* effect the one the spec computes. The pattern of TraceVmSpace.tla:      *)
(*  - a position variable l walks MachineTraceLog (the Java override);     *)
(*  - an "ok" event is the spec action of the same name with the logged    *)
(*    arguments (SpecStep), and its post fields must equal what the spec   *)
(*    computes for that step (Expected);                                   *)
(*  - a refused event is a stuttering step, accepted only when the spec    *)
(*    refuses it for the logged reason (RefusalAgrees);                    *)
(*  - the driver runs TLC with -deadlock and reads the depth of the search *)
(*    (accepted iff l reaches Len(MachineTraceLog) + 1); after a rejection *)
(*    a second run with MachineDiagAt = the first unmatched event prints   *)
(*    one line: why (Reason).                                              *)
(***************************************************************************)
EXTENDS VmSpaceMachine, MachineTraceIO, Integers, Sequences, TLC

TCPUs == 0 .. MachineTraceHeader.cpus - 1
TSpaces == 0 .. MachineTraceHeader.spaces - 1
TPages == 0 .. MachineTraceHeader.pages - 1
TFrames == 0 .. MachineTraceHeader.frames - 1
TNoSpace == -1
TBug == "None"

\* Plain TLC without the driver sees MachineTraceIO's empty trace: it must not pass for a validation.
ASSUME Assert(Len(MachineTraceLog) > 0 /\ MachineTraceHeader.events = Len(MachineTraceLog),
              "TraceVmSpaceMachine: no trace loaded (MachineTraceLog is empty). Validate a machine trace with make validate-machine TRACE=... (org.vmspace.tv.machine.ValidateMachine).")

VARIABLE l   \* index in MachineTraceLog of the next event to match
TraceVars == <<vars, l>>

E == MachineTraceLog[l]
Step == l' = l + 1
Ok == E.outcome = "ok"
TraceInit == Init /\ l = 1

----------------------------------------------------------------------------
(* What the spec computes for an event. *)
CpuOps == {"Activate", "Read", "Write", "FaultRefill", "CowReuse", "CowCopy", "DispatchTlbFlush"}
CpuOk == E.op \in CpuOps => E.cpu \in CPUs
Cur == IF E.cpu \in CPUs THEN current[E.cpu] ELSE NoSpace
LeafFrame(s, p) == IF s \in Spaces /\ p \in Pages /\ Mapped(s, p) THEN pt[s][p][1] ELSE -1
LeafProp(s, p) == IF s \in Spaces /\ p \in Pages /\ Mapped(s, p) THEN pt[s][p][2] ELSE ""
Tr == IF E.cpu \in CPUs /\ E.page \in Pages THEN Transl(E.cpu, E.page) ELSE <<>>
Hit == E.cpu \in CPUs /\ TlbAt(E.cpu, E.page) # {}
ForkPages(s) == {p \in Pages : Mapped(s, p)}
\* What the spec's step changed (used after SpecStep, primed variables bound): the TLB entries it
\* dropped, as <<cpu, page>>; the frames it returned to the allocator; the leaves it write-protected.
Gone == UNION {{<<c, e[2]>> : e \in tlb[c] \ tlb'[c]} : c \in CPUs}
Freed == free' \ free
Protected(s, P) == {p \in P : LeafProp(s, p) = "RW" /\ pt'[s][p] # pt[s][p]}

\* The post fields of an "ok" event as the spec computes them (the domain: the fields checked): from the
\* state before the step (frame, replaced, from, tlbHit, switched, pages) or from the step itself
\* (dropped, freed, protected, refcounts), so that a spec with a BUG gives that bug's values.
(* | op               | post fields checked                          | Java source (Machine)           | *)
(* | Activate         | switched, dropped (<<page, frame, writable>>)| activate                        | *)
(* | Read, Write      | frame, tlbHit                                | read, write                     | *)
(* | CowReuse, CowCopy| frame; from, frame (an argument), freed      | writeFault                      | *)
(* | Map, Unmap       | frame (an argument), replaced; frame, freed  | map, unmap                      | *)
(* | DispatchTlbFlush | pages, dropped (<<cpu, page>>), freed        | dispatchTlbFlush                | *)
(* | Fork, CowShare   | protected, shared / refcount, dropped        | fork, shareCow                  | *)
Expected ==
    CASE E.op = "Activate" -> [switched |-> Cur # E.space,
                               dropped |-> {<<e[2], e[3], e[4]>> : e \in tlb[E.cpu] \ tlb'[E.cpu]}]
      [] E.op \in {"Read", "Write"} -> [frame |-> IF Tr = <<>> THEN -1 ELSE Tr[1], tlbHit |-> Hit]
      [] E.op = "CowReuse" -> [frame |-> LeafFrame(Cur, E.page)]
      [] E.op = "CowCopy" -> [from |-> LeafFrame(Cur, E.page), freed |-> Freed]
      [] E.op = "Map" -> [replaced |-> LeafFrame(E.space, E.page), freed |-> Freed]
      [] E.op = "Unmap" -> [frame |-> LeafFrame(E.space, E.page), freed |-> Freed]
      [] E.op = "DispatchTlbFlush" -> [pages |-> pending[E.space], dropped |-> Gone, freed |-> Freed]
      [] E.op = "Fork" -> [protected |-> Protected(E.space, Pages),
                           shared |-> {<<p, pt[E.space][p][1], refcount'[pt[E.space][p][1]]>> : p \in ForkPages(E.space)},
                           dropped |-> Gone]
      [] E.op = "CowShare" -> [frame |-> LeafFrame(E.space, E.page),
                               protected |-> Protected(E.space, {E.page}),
                               refcount |-> refcount'[LeafFrame(E.space, E.page)],
                               dropped |-> Gone]
      [] OTHER -> <<>>   \* NewSpace, FaultRefill: nothing is logged after the step
Matches == \A f \in DOMAIN Expected : E[f] = Expected[f]

\* The spec's step for an "ok" event, with the logged arguments.
SpecStep ==
    CASE E.op = "NewSpace" -> (\A p \in Pages : ~Mapped(E.space, p)) /\ pending[E.space] = {} /\ UNCHANGED vars
      [] E.op = "Activate" -> IF Cur = E.space THEN UNCHANGED vars ELSE Activate(E.cpu, E.space)
      [] E.op = "Read" -> IF Hit THEN Cur # NoSpace /\ UNCHANGED vars ELSE Read(E.cpu, E.page)
      [] E.op = "Write" -> Write(E.cpu, E.page)
      [] E.op = "FaultRefill" -> FaultRefill(E.cpu, E.page)
      [] E.op = "CowReuse" -> CowReuse(E.cpu, E.page)
      [] E.op = "CowCopy" -> E.frame \in Frames /\ CowCopy(E.cpu, E.page, E.frame)
      [] E.op = "Map" -> E.frame \in Frames /\ E.prop \in {"RW", "R"} /\ Map(E.space, E.page, E.frame, E.prop)
      [] E.op = "Unmap" -> Unmap(E.space, E.page)
      [] E.op = "DispatchTlbFlush" -> DispatchTlbFlush(E.space)
      \* Forking a space that maps nothing changes nothing (the child is a new, empty space).
      [] E.op = "Fork" -> IF ForkPages(E.space) = {}
                          THEN E.child # E.space /\ (\A p \in Pages : ~Mapped(E.child, p)) /\ UNCHANGED vars
                          ELSE Fork(E.space, E.child)
      [] E.op = "CowShare" -> CowShare(E.space, E.page, E.to, E.toPage)
      [] OTHER -> FALSE

IsStep == Ok /\ CpuOk /\ SpecStep /\ Matches /\ Step

\* A refusal: nothing changes, and the spec has no step for the request, for the logged reason.
RefusalAgrees ==
    CASE E.op \in {"Read", "Write"} /\ E.outcome = "NoSpace" -> Cur = NoSpace
      [] E.op \in {"Read", "Write"} /\ E.outcome = "NotMapped" -> Cur # NoSpace /\ Tr = <<>>
      [] E.op = "Write" /\ E.outcome = "ReadOnly" ->
            Cur # NoSpace /\ Tr # <<>> /\ ~Tr[2] /\ LeafProp(Cur, E.page) \notin {"RW", "COW"}
      [] E.op = "Write" /\ E.outcome = "OutOfFrames" ->
            Cur # NoSpace /\ CowFaults(E.cpu, E.page) /\ refcount[pt[Cur][E.page][1]] # 1 /\ free = {}
      [] E.op = "Map" /\ E.outcome = "OutOfFrames" -> free = {}
      [] E.op = "Unmap" /\ E.outcome = "NotMapped" -> ~Mapped(E.space, E.page)
      [] E.op = "DispatchTlbFlush" /\ E.outcome = "NothingPending" -> pending[E.space] = {}
      [] E.op = "CowShare" /\ E.outcome = "InvalidArgs" ->
            ~(Mapped(E.space, E.page) /\ ~Mapped(E.to, E.toPage) /\ <<E.space, E.page>> # <<E.to, E.toPage>>)
      [] OTHER -> FALSE

IsRefused == ~Ok /\ CpuOk /\ RefusalAgrees /\ UNCHANGED vars /\ Step

----------------------------------------------------------------------------
(* The diagnosis run (MachineDiagAt = the first unmatched event): one line, why; a field's *)
(* value is the spec's after its step with the logged arguments. Pages are indices among   *)
(* the trace's sorted pages (the driver prints them as logged).                            *)
Fmt(v) == ToString(v)
FieldOrder == <<"switched", "dropped", "frame", "tlbHit", "from", "replaced", "freed", "pages", "protected",
                "shared", "refcount">>
RECURSIVE MismatchText(_)
MismatchText(i) ==
    IF i > Len(FieldOrder) THEN ""
    ELSE LET f == FieldOrder[i]
         IN (IF f \in DOMAIN Expected /\ E[f] # Expected[f]
             THEN "post." \o f \o " logged " \o Fmt(E[f]) \o ", the spec computes " \o Fmt(Expected[f]) \o "; "
             ELSE "") \o MismatchText(i + 1)
\* The space and page the event is about, and what the spec's state says of them.
Place == IF E.op \in CpuOps \ {"DispatchTlbFlush"} THEN Cur ELSE E.space
Context ==
    "space " \o Fmt(Place)
    \o (IF Place \in Spaces /\ E.page \in Pages
        THEN ", leaf " \o Fmt(pt[Place][E.page])
             \o (IF Mapped(Place, E.page)
                 THEN ", frame refcount " \o Fmt(refcount[pt[Place][E.page][1]]) \o " ("
                      \o Fmt(Cardinality(MapsOf(pt[Place][E.page][1]))) \o " mappings, "
                      \o Fmt(Cardinality(HoldsOf(pt[Place][E.page][1]))) \o " flusher holds)"
                 ELSE "")
        ELSE "")
    \o (IF E.cpu \in CPUs /\ E.page \in Pages THEN ", cpu " \o Fmt(E.cpu) \o " translates it to " \o Fmt(Tr) ELSE "")
    \o (IF Place \in Spaces THEN ", pending " \o Fmt(pending[Place]) ELSE "")
    \o ", free " \o Fmt(free)
Say(text) == PrintT("MACHINE-DIAG " \o text)
Diagnose ==
    /\ MachineDiagAt > 0 /\ l = MachineDiagAt
    /\ \/ ~CpuOk /\ Say("cpu " \o Fmt(E.cpu) \o " is not one of the machine's CPUs")
       \/ CpuOk /\ ~Ok /\ Say("the spec does not refuse " \o E.op \o " for " \o E.outcome \o " here (" \o Context \o ")")
       \/ CpuOk /\ Ok /\ ~ENABLED SpecStep
          /\ Say("the spec's " \o E.op \o " is not enabled here (" \o Context \o ")")
       \/ CpuOk /\ Ok /\ SpecStep /\ Say(IF Matches THEN "no step of the spec matches" ELSE MismatchText(1))
    /\ FALSE

TraceNext ==
    /\ l <= Len(MachineTraceLog)
    /\ \/ IsStep
       \/ IsRefused
       \/ Diagnose

TraceSpec == TraceInit /\ [][TraceNext]_TraceVars
=============================================================================
