package org.vmspace.spectools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class TlcOutcomeTest {

    private static TlcOutcome of(int exit, String out) {
        return TlcOutcome.classify(exit, out, 1.0, Path.of("x.out"));
    }

    @Test
    void exitCodesAndMessagesMapToVerdicts() {
        assertEquals("pass", of(0, "Model checking completed. No error has been found.\n"
                + "10 states generated, 5 distinct states found, 0 states left on queue.").verdict());
        assertEquals(5, of(0, "10 states generated, 5 distinct states found").distinct());
        assertEquals("NoStaleTlbInv", of(12, "Error: Invariant NoStaleTlbInv is violated.").verdict());
        assertEquals("WritesOnlyWritable", of(13, "Error: Action property WritesOnlyWritable is violated.").verdict());
        assertEquals("TemporalProperty", of(13, "Error: Temporal properties were violated.").verdict());
        assertEquals("Deadlock", of(11, "Error: Deadlock reached.").verdict());
        assertEquals(TlcOutcome.Kind.EVAL_ERROR, of(75, "Error: Successor state is not completely specified").kind());
        assertEquals(TlcOutcome.Kind.EVAL_ERROR,
                of(255, "Error: Attempted to apply function to an argument not in its domain").kind());
        assertEquals(TlcOutcome.Kind.PARSE_ERROR, of(150, "*** Errors: 1\nError: parse").kind());
        assertEquals(TlcOutcome.Kind.TOOL_ERROR, of(151, "Error: config").kind());
        assertEquals(TlcOutcome.Kind.TOOL_ERROR, of(153, "java.lang.OutOfMemoryError: Java heap space").kind());
        assertEquals(TlcOutcome.Kind.TOOL_ERROR, of(255, "Error: something unrelated").kind());
    }

    private static final String COVERAGE = String.join("\n",
            "The coverage statistics at 2026-12-07 11:11:59",
            "<Init line 427, col 1 to line 427, col 4 of module VmSpace>: 1:1",
            "<Activate line 194, col 1 to line 194, col 11 of module VmSpace>: 1:1050",
            "  line 195, col 8 to line 195, col 17 of module VmSpace: 1050",
            "<DropOwner line 283, col 1 to line 283, col 12 of module VmSpace>: 0:140",
            "<CursorMut line 334, col 1 to line 334, col 20 of module VmSpace>: 0:0",
            "<Other line 1, col 1 to line 1, col 4 of module MCVmSpace>: 0:0",
            "Model checking completed. No error has been found.",
            "10 states generated, 5 distinct states found, 0 states left on queue.");

    @Test
    void aCoverageModelFailsWhenAnActionOfTheSpecIsNeverTaken() {
        // DropOwner generated 140 states (none new): taken. CursorMut generated none: never taken.
        // MCVmSpace's own actions are not the spec's: not checked (scripts/check.sh: module VmSpace).
        TlcOutcome o = TlcOutcome.classify(0, COVERAGE, 1.0, Path.of("x.out"), "VmSpace");
        assertEquals(TlcOutcome.Kind.UNCOVERED, o.kind());
        assertEquals("pass; never taken: CursorMut", o.verdict());
        String all = COVERAGE.replace("CursorMut line 334, col 1 to line 334, col 20 of module VmSpace>: 0:0",
                "CursorMut line 334, col 1 to line 334, col 20 of module VmSpace>: 0:3");
        assertEquals("pass", TlcOutcome.classify(0, all, 1.0, Path.of("x.out"), "VmSpace").verdict());
        // No coverage report at all: the check fails (as scripts/check.sh does).
        assertEquals("pass; never taken: (no coverage output)",
                TlcOutcome.classify(0, "10 states generated, 5 distinct states found", 1.0, Path.of("x.out"),
                        "VmSpace").verdict());
        // Without the header (module null) the report is not read; a violation stays a violation.
        assertEquals("pass", TlcOutcome.classify(0, COVERAGE, 1.0, Path.of("x.out"), null).verdict());
        assertEquals("TypeOK", TlcOutcome.classify(12, "Error: Invariant TypeOK is violated.\n" + COVERAGE, 1.0,
                Path.of("x.out"), "VmSpace").verdict());
    }
}
