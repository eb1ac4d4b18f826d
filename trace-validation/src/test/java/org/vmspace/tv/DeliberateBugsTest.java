package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmspace.mm.Bug;
import org.vmspace.tv.report.ReportOption;

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
                Arguments.of(Bug.NoWriterOverlapCheck, 4, 600, Set.of("ActivateWriter"), "ok",
                        "outcome: logged ok, the spec allows NotMapped \\(ActivateWriter is not enabled: the guard MappedInRemaining"),
                Arguments.of(Bug.NoBorrowCheck, 6, 600, Set.of("ActivateWriter"), "ok",
                        "outcome: logged ok, the spec allows Borrowed \\(ActivateWriter is not enabled: the guard .*Borrowed"),
                Arguments.of(Bug.NoJoinOnRemove, 8, 300, Set.of("RemoveWriter"), "ok",
                        "remainingPages: logged \\d+, the spec allows \\d+"),
                Arguments.of(Bug.FreeBeforeFlush, 4, 300, Set.of("Unmap"), "ok",
                        "freeFrames: logged \\d+, the spec allows \\d+"),
                Arguments.of(Bug.AdvanceTooFar, 8, 300, Set.of("Read", "Write"), null,
                        "start: logged 0x7f[0-9a-f]+, the spec allows 0x7f[0-9a-f]+"),
                Arguments.of(Bug.OverflowAccepted, 7, 300, Set.of("Reader", "Writer"), "ok",
                        "outcome: logged ok, the spec allows AccessDenied \\((Reader|Writer) is not enabled: the guard RangeOK"),
                Arguments.of(Bug.NoCursorLock, 2, 300, Set.of("CursorMut"), "ok",
                        "outcome: logged ok, the spec allows Busy \\(CursorMut is not enabled"),
                Arguments.of(Bug.NoReaderDisjointCheck, 9, 300, Set.of("ActivateReader"), "ok",
                        "outcome: logged ok, the spec allows Conflict \\(ActivateReader is not enabled"),
                Arguments.of(Bug.DisposeEmptyDrops, 10, 600, Set.of("DisposeWriter"), "ok",
                        "writers: logged \\d+, the spec allows \\d+"),
                // Schema v2 (issue 10, item 6a): each event logs what it changed, so these are rejected at
                // their own event, with the field that names the change.
                Arguments.of(Bug.UnmapSkipsPage, 4, 300, Set.of("Unmap"), "ok",
                        "\\n    pages: logged \\[\\[0x7f[0-9a-f]+, 0x[0-9a-f]+\\]\\], the spec allows \\[\\[0x7f[0-9a-f]+, 0x[0-9a-f]+\\], \\[0x7f"),
                Arguments.of(Bug.ProtectNextWrongPage, 2, 300, Set.of("ProtectNext"), "ok",
                        "\\n    pages: logged \\[\\[0x7f[0-9a-f]+, 0x[0-9a-f]+, R\\]\\], the spec allows \\[\\[0x7f[0-9a-f]+, 0x[0-9a-f]+, R\\]\\]"
                                + "\\n    agreeing: outcome ok, va 0x7f[0-9a-f]+, protected 0x7f"), // only v2's pages sees it
                Arguments.of(Bug.FillWritable, 2, 600, Set.of("Read", "Write"), null,
                        "\\n    tlbFilled: logged \\[\\[0x7f[0-9a-f]+, 0x[0-9a-f]+, true\\]\\], the spec allows \\[\\[0x7f[0-9a-f]+, 0x[0-9a-f]+, false\\]\\]"),
                // A cross-CPU flush bug at THREADS=1 (item 6c): the workload spreads over every CPU.
                Arguments.of(Bug.NoRemoteShootdown, 1, 400, Set.of("DispatchTlbFlush"), "ok",
                        "\\n    tlbDropped: logged \\[\\], the spec allows \\[\\[1, 0x7f[0-9a-f]+\\]\\]"
                                + "\\n    agreeing: outcome ok, freeFrames \\d+, freed"), // the frames are freed all the same
                // A wrong-state call accepted (item 6b): the workload removes owners never disposed.
                Arguments.of(Bug.RemoveUndisposed, 2, 300, Set.of("RemoveReader", "RemoveWriter"), "ok",
                        "outcome: logged ok, the spec allows InvalidState \\((RemoveReader|RemoveWriter) is not enabled: the guard id .{0,3}in (readers|writers)"),
                // Schema v3 (issue 14 item 2): a frameless flush op's last page kept (the workload with
                // --flush-ops true issues All, Address and Range ops before explicit dispatches; seed 7
                // since it also limits owners, which moved seed 5's run off a frameless flush of a cached page).
                Arguments.of(Bug.FlushRangeSkipsLast, 7, 400, Set.of("DispatchTlbFlush"), "ok",
                        "\\n    tlbDropped: logged \\[.*\\], the spec allows \\[.*\\[\\d, 0x7f[0-9a-f]+\\]\\]"));
    }

    @Test
    void everyDeliberateBugHasACase() {
        Set<Bug> covered = EnumSet.noneOf(Bug.class);
        bugs().forEach(a -> covered.add((Bug) a.get()[0]));
        // LateShootdown is a concurrency bug whose trace is that of the correct code (the dispatch is
        // logged before the late shootdown): java-impl's TlbShootdownInterleavingTest catches it.
        assertEquals(EnumSet.complementOf(EnumSet.of(Bug.LateShootdown)), covered);
    }

    @ParameterizedTest(name = "{0} is rejected at the event it produced")
    @MethodSource("bugs")
    void aBuggyTraceIsRejectedAtTheEventTheBugProduced(Bug bug, long seed, int ops, Set<String> ops0, String outcome,
            String diagnosis)
            throws Exception {
        // the frameless flush ops are issued only with --flush-ops (the other cases' traces stay as they were)
        String[] extra = bug == Bug.FlushRangeSkipsLast ? new String[] {"--flush-ops", "true"} : new String[0];
        Path clean = Traces.workload(dir.resolve("clean.ndjson"), seed, ops, 1, "", extra);
        Path buggy = Traces.workload(dir.resolve(bug + ".ndjson"), seed, ops, 1, bug.name(), extra);
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
        // The precise diagnosis: the mismatching field in trace units, or the failing guard.
        assertTrue(Pattern.compile(diagnosis).matcher(r.out()).find(), "no line matching " + diagnosis + " in\n" + r.out());
        // The report page of the rejection (increment "pictures", issue 13).
        Path page = new ReportOption(dir.resolve("reports"), new String[0], null).write(r, buggy.toString()).out()
                .lines().filter(l -> l.startsWith("  report: ")).map(l -> Path.of(l.substring(10))).findFirst().orElseThrow();
        ReportPageChecks.assertReportOfRejection(Files.readString(page), r);
    }
}
