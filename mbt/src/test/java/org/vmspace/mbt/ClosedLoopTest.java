package org.vmspace.mbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmspace.mm.Bug;

/**
 * The two directions check each other: the Java trace of an MBT run (its steps and its refusal
 * probes) is accepted by trace validation; with a planted bug, the trace of the run up to the
 * mismatch is rejected by trace validation too.
 */
class ClosedLoopTest {
    @TempDir
    Path dir;


    @Test
    void theJavaTraceOfAnMbtBehaviourIsAcceptedByTraceValidation() throws Exception {
        StateGraph g = Graphs.graph(Graphs.MODEL);
        Mbt.Result r = Mbt.run(g, Graphs.config(Graphs.MODEL), new Mbt.Options(1, 300, 1, dir, null, 0));
        assertNull(r.mismatch());
        assertEquals(1, r.traces().size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int bad = TraceCheck.validateAll(Graphs.root(), r.traces(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, bad, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withAPlantedBugTheMbtTraceIsRejectedByTraceValidationToo() throws Exception {
        StateGraph g = Graphs.graph(Graphs.MODEL);
        Mbt.Result r = Mbt.run(g, Graphs.config(Graphs.MODEL), new Mbt.Options(Graphs.BUG_BEHAVIOURS, 300, Graphs.BUG_BEHAVIOURS, dir, null, 0).withBugs(EnumSet.of(Bug.NoJoinOnRemove)));
        assertNotNull(r.mismatch());
        List<Path> t = r.traces().subList(r.traces().size() - 1, r.traces().size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int bad = TraceCheck.validateAll(Graphs.root(), t, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(1, bad, out.toString(StandardCharsets.UTF_8));
    }
}
