package org.vmspace.mbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.vmspace.mm.Bug;

/**
 * MBT on the flush model (tla/MCVmSpaceFlush.cfg: FlushRanges <- MCFlushRanges, so Next has
 * IssueTlbFlush instances): a prefix of its path cover replays against Java's frameless flush ops with
 * zero mismatches, and with the planted bug FlushRangeSkipsLast the replay fails at a DispatchTlbFlush,
 * on the TLBs (the evidence that the replay of frameless flushes can fail).
 */
class FlushMbtTest {
    static final String MODEL = "tla/MCVmSpaceFlush.cfg";


    @Test
    void thePathCoverOfTheFlushModelReplaysAndIssuesFramelessFlushes() throws Exception {
        StateGraph g = Graphs.graph(MODEL);
        ModelConfig m = Graphs.config(MODEL);
        assertEquals(1, m.flushRanges().size(), "FlushRanges <- MCFlushRanges read from MCVmSpace.tla");
        Mbt.Result r = Mbt.run(g, m, new Mbt.Options(Graphs.BOUNDED_BEHAVIOURS, 2000, 0, null, null, 0));
        System.out.println(r.summary());
        assertNull(r.mismatch(), () -> r.mismatch().report());
        assertEquals(Graphs.BOUNDED_BEHAVIOURS, r.behaviours());
    }

    @Test
    void flushRangeSkipsLastFailsTheReplayAtADispatch() throws Exception {
        StateGraph g = Graphs.graph(MODEL);
        // the first mismatch is at behaviour 40 of the cover (2 * BUG_BEHAVIOURS leaves room)
        Mbt.Result r = Mbt.run(g, Graphs.config(MODEL), new Mbt.Options(2 * Graphs.BUG_BEHAVIOURS, 2000, 0, null, null, 0).withBugs(EnumSet.of(Bug.FlushRangeSkipsLast)));
        assertNotNull(r.mismatch(), "FlushRangeSkipsLast was not caught in " + r.summary());
        Mbt.Mismatch mm = r.mismatch();
        System.out.print("FlushRangeSkipsLast: " + mm.report());
        assertTrue(mm.call().matches("(DispatchTlbFlush|DropCursor)\\(.*"), mm.report());
        assertEquals(Set.of("tlb"), mm.variables().keySet(), mm.report());
    }
}
