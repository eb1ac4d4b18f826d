package org.vmspace.mbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * make test's bounded MBT: a prefix of the CI model's path cover (the first
 * {@link Graphs#BOUNDED_BEHAVIOURS} behaviours) replayed against Java with zero mismatches; make mbt
 * replays all of it. That it can fail: PlantedBugsTest (every planted bug makes this replay fail at a
 * named step).
 */
class MbtBoundedTest {

    @Test
    void aPrefixOfTheCiModelsPathCoverReplaysWithoutAMismatch() throws Exception {
        StateGraph g = Graphs.graph(Graphs.MODEL);
        Mbt.Result r = Mbt.run(g, Graphs.config(Graphs.MODEL),
                new Mbt.Options(Graphs.BOUNDED_BEHAVIOURS, 2000, 0, null, null, 0));
        System.out.println(r.summary());
        assertNull(r.mismatch(), () -> r.mismatch().report());
        assertEquals(Graphs.BOUNDED_BEHAVIOURS, r.behaviours());
        assertTrue(r.statesCovered() > 1000 && r.transitionsCovered() > 1000, r.summary());
        assertTrue(r.probes() > 0, "refusal probes were made");
    }

    @Test
    void theGeneratedWrappersReachExactlyTheStatesOfNext() throws Exception {
        // TLC finds 139,512 distinct states in the CI model with Next (tla/README.md, make check);
        // MBTNext, the disjunction of the wrappers, must find the same.
        StateGraph g = Graphs.graph(Graphs.MODEL);
        assertTrue(g.tlcSummary().endsWith(g.states() + " distinct states found"), g.tlcSummary());
        assertEquals(139_512, g.states());
    }
}
