--------------------------- MODULE MachineTraceIO ---------------------------
(***************************************************************************)
(* The machine trace (java-impl/MACHINE_TRACE_SCHEMA.md), as TLC sees it.  *)
(* TLC2 2.18 from Maven Central has no Json or IOUtils module: these       *)
(* operators are overridden in Java by org.vmspace.tv.machine.             *)
(* MachineTraceIO (registered by tlc2.overrides.TLCOverrides), which reads *)
(* the NDJSON file named by -Dvmspace.machineTrace with MachineTraceFile:  *)
(* pages (64-bit hex) become their index among the trace's sorted pages.   *)
(* The definitions below are what SANY parses and what TLC would use       *)
(* without the override: an empty trace.                                   *)
(***************************************************************************)
EXTENDS Naturals, Sequences

\* cpus, frames (the header's), spaces (the highest space id + 1), pages (distinct pages), events.
MachineTraceHeader == [cpus |-> 1, frames |-> 1, spaces |-> 1, pages |-> 1, events |-> 0]

\* One record per event: op, outcome, line, seq; cpu, space, child, to, page, toPage, frame,
\* replaced, from, refcount (-1 when absent or null); switched, tlbHit (FALSE when absent); prop
\* ("" when absent); dropped, freed, protected, pages, shared (sets; {} when absent).
MachineTraceLog == << >>

\* The event to explain (0: none): set by the driver's second run after a rejection.
MachineDiagAt == 0
=============================================================================
