------------------------------ MODULE TraceIO ------------------------------
(***************************************************************************)
(* The trace, as TLC sees it. TLC2 2.18 from Maven Central has no Json or  *)
(* IOUtils module, so these operators are overridden in Java by            *)
(* org.vmspace.tv.TraceIO (registered through tlc2.overrides.TLCOverrides, *)
(* on TLC's classpath when the driver runs it): they read the NDJSON trace *)
(* named by the system property vmspace.trace with the driver's own parser *)
(* (the same checks, the same rebasing of addresses to the window; see     *)
(* trace-validation/README.md). The definitions below are what SANY parses *)
(* and what TLC would use without the override: an empty trace.            *)
(***************************************************************************)
EXTENDS Naturals, Sequences

\* The header: pageSize, cpus, frames, sharedReader, maxVaddr (window pages * pageSize),
\* maxId, maxCursor, events.
TraceHeader == [pageSize |-> 1, cpus |-> 1, frames |-> 0, sharedReader |-> FALSE,
                maxVaddr |-> 0, maxId |-> 1, maxCursor |-> 1, events |-> 0]

\* The events, in seq order: one record per NDJSON line after the header, every field
\* present (-1, "" or {} where the line has none; v2 tuple lists pages, tlbUsed,
\* tlbFilled, tlbDropped are sets of tuples).
TraceLog == << >>

\* The event index to explain (0: none): set by the driver's second run after a rejection.
DiagAt == 0
=============================================================================
