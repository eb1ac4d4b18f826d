package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmspace.mm.Bug;

/**
 * Every deliberate bug of docs/PROTOCOL.md is caught, at the event the bug produced: a single-threaded
 * workload is a function of its seed, so the first line where the buggy trace differs from the
 * bug-free trace of the same seed is the bug's event. Validation must reject exactly that event, and
 * its op (and outcome) must be the one PROTOCOL.md's table names. The seeds were chosen so that each
 * bug shows within a few hundred events.
 */
class DeliberateBugsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> bugs() {
        return Stream.of(
                Arguments.of(Bug.NoWriterOverlapCheck, 4, 600, Set.of("ActivateWriter"), "ok"),
                Arguments.of(Bug.NoBorrowCheck, 6, 600, Set.of("ActivateWriter"), "ok"),
                Arguments.of(Bug.NoJoinOnRemove, 8, 300, Set.of("RemoveWriter"), "ok"),
                Arguments.of(Bug.FreeBeforeFlush, 4, 300, Set.of("Unmap"), "ok"),
                Arguments.of(Bug.AdvanceTooFar, 8, 300, Set.of("Read", "Write"), null),
                Arguments.of(Bug.OverflowAccepted, 7, 300, Set.of("Reader", "Writer"), "ok"),
                Arguments.of(Bug.NoCursorLock, 2, 300, Set.of("CursorMut"), "ok"),
                Arguments.of(Bug.NoReaderDisjointCheck, 4, 600, Set.of("ActivateReader"), "ok"),
                Arguments.of(Bug.DisposeEmptyDrops, 10, 600, Set.of("DisposeWriter"), "ok"));
    }

    @Test
    void everyDeliberateBugHasACase() {
        Set<Bug> covered = EnumSet.noneOf(Bug.class);
        bugs().forEach(a -> covered.add((Bug) a.get()[0]));
        assertEquals(EnumSet.allOf(Bug.class), covered);
    }

    @ParameterizedTest(name = "{0} is rejected at the event it produced")
    @MethodSource("bugs")
    void aBuggyTraceIsRejectedAtTheEventTheBugProduced(Bug bug, long seed, int ops, Set<String> ops0, String outcome)
            throws Exception {
        Path clean = Traces.workload(dir.resolve("clean.ndjson"), seed, ops, 1, "");
        Path buggy = Traces.workload(dir.resolve(bug + ".ndjson"), seed, ops, 1, bug.name());
        int produced = Traces.firstDifference(clean, buggy);
        assertTrue(produced > 0, bug + " did not change the trace of seed " + seed);

        Validate.Result r = Traces.validate(buggy);
        assertEquals(Validate.REJECTED, r.exitCode(), r.out() + r.err());
        assertEquals(produced, r.eventIndex(), r.out());
        assertTrue(ops0.contains(r.op()), "rejected op " + r.op() + ", expected one of " + ops0 + "\n" + r.out());
        if (outcome != null) {
            assertEquals(outcome, r.event().outcome, r.out());
        }
        assertTrue(r.out().startsWith("validate: REJECTED " + buggy), r.out());
        assertTrue(r.out().contains("first unmatched event: #" + produced + " (line " + (produced + 1) + ","), r.out());
        assertTrue(r.out().contains("logged: " + r.event().raw), r.out());
        assertTrue(r.out().contains("enabled: "), r.out());
    }
}
