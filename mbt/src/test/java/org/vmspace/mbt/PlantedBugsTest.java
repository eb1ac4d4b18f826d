package org.vmspace.mbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Stream;
import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmspace.mm.Bug;

/**
 * Every planted bug of java-impl ({@link Bug}, {@code -Dvmspace.bugs}) makes MBT fail on the CI
 * model, at the step that first diverges: the action (or refusal probe) named here, with the
 * variables it is about.
 */
class PlantedBugsTest {

    static Stream<Arguments> bugs() {
        return Stream.of(
                // bug, probe?, action the first divergence is at, variables that differ (none: outcome only)
                Arguments.of(Bug.NoWriterOverlapCheck, true, "ActivateWriter", Set.of()),
                Arguments.of(Bug.NoBorrowCheck, true, "ActivateWriter", Set.of()),
                Arguments.of(Bug.NoJoinOnRemove, false, "RemoveWriter", Set.of("mem_view")),
                Arguments.of(Bug.FreeBeforeFlush, false, "Unmap", Set.of("free")),
                Arguments.of(Bug.AdvanceTooFar, false, "Read|Write", Set.of("owners")),
                Arguments.of(Bug.OverflowAccepted, true, "Reader|Writer", Set.of()),
                Arguments.of(Bug.NoCursorLock, true, "CursorMut", Set.of()),
                Arguments.of(Bug.NoReaderDisjointCheck, true, "ActivateReader", Set.of()),
                Arguments.of(Bug.DisposeEmptyDrops, false, "DisposeReader|DisposeWriter", Set.of("owners")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugs")
    void mbtFailsAtTheFirstDivergingStep(Bug bug, boolean probe, String action, Set<String> vars) throws Exception {
        StateGraph g = Graphs.graph(Graphs.MODEL);
        Mbt.Result r = Mbt.run(g, Graphs.config(Graphs.MODEL), new Mbt.Options(Graphs.BUG_BEHAVIOURS, 2000, 0, null, null, 0).withBugs(EnumSet.of(bug)));
        assertNotNull(r.mismatch(), bug + " was not caught in " + r.summary());
        Mbt.Mismatch m = r.mismatch();
        System.out.print(bug + ": " + m.report());
        assertEquals(probe, m.probe(), m.report());
        assertTrue(m.call().matches("(" + action + ")\\(.*"), m.report());
        assertTrue(m.step() >= 1, m.report());
        if (probe) {
            assertEquals("performed", m.actual(), m.report());
        } else {
            assertEquals(vars, m.variables().keySet(), m.report());
        }
    }
}
