package org.vmspace.mbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MBT on the limit model (tla/MCVmSpaceLimit.cfg: LimitLens <- MCLimitLens, so Next has Limit instances;
 * every other model has none): its state graph has Limit transitions, and a prefix of its path cover,
 * which takes them, replays against Java's {@code limit} on user handles (refusal probes included: a
 * limit of an active, parked or gone owner must be refused InvalidState) with zero mismatches.
 * Evidence the replay can fail: with {@code Math.min} dropped from {@code UserIo.limit} (the spec's bug
 * LimitGrows, applied by hand on 2026-12-08) the replay fails: "MBT MISMATCH: behaviour 4, step 1982, action
 * Limit(i2, 1)", variable {@code owners}.
 */
class LimitMbtTest {
    static final String MODEL = "tla/MCVmSpaceLimit.cfg";

    @Test
    void thePathCoverOfTheLimitModelReplaysItsLimits() throws Exception {
        ModelConfig m = Graphs.config(MODEL);
        assertEquals(List.of(0L, 1L), m.limitLens(), "LimitLens <- MCLimitLens read from MCVmSpace.tla");
        StateGraph g = Graphs.graph(MODEL);
        int limits = 0;
        for (int e = 0; e < g.transitions(); e++) {
            if (g.callOf(e).action().equals("Limit") && g.source(e) != g.target(e)) {
                limits++;
            }
        }
        assertTrue(limits > 0, "no Limit transition that changes the state in " + g.tlcSummary());
        Mbt.Result r = Mbt.run(g, m, new Mbt.Options(Graphs.BOUNDED_BEHAVIOURS, 2000, 0, null, null, 0));
        System.out.println(r.summary());
        assertNull(r.mismatch(), () -> r.mismatch().report());
        assertEquals(Graphs.BOUNDED_BEHAVIOURS, r.behaviours());
    }

    @Test
    void theOtherModelsHaveNoLimit() throws Exception {
        assertEquals(List.of(), Graphs.config(Graphs.MODEL).limitLens());
        assertTrue(new Actions(Graphs.config(Graphs.MODEL)).calls().stream().noneMatch(c -> c.action().equals("Limit")));
    }
}
