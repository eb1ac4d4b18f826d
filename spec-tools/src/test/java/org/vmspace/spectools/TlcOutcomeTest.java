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
}
