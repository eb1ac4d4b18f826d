package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmspace.mm.CursorMut;
import org.vmspace.mm.Fallible;
import org.vmspace.mm.VmReader;
import org.vmspace.mm.VmSpace;
import org.vmspace.mm.VmSpaceOwner;
import org.vmspace.mm.VmWriter;
import org.vmspace.mm.Pod;
import org.vmspace.model.CachePolicy;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.PageProperty;
import org.vmspace.trace.NdjsonFileSink;

/**
 * Issue 14 item 2: the traces of the API added for OSTD users are behaviours of the spec. Each scenario
 * runs java-impl through its public API into an NDJSON file, and the validator must ACCEPT it.
 *
 * <p>Evidence the check can fail: {@link #aUserToUserTraceWithAWrongCopiedCountIsRejected} validates
 * the same trace with one logged {@code copied} off by one, and the validator REJECTS it at that event.
 */
class ApiTracesTest {
    @TempDir
    Path dir;

    /** A 2-CPU, 16-frame space with a 16-page window, activated on both CPUs, traced to {@code out}. */
    private static Path run(Path out, Consumer<VmSpace> scenario) throws Exception {
        try (VmSpace s = VmSpace.builder().cpus(2).frames(16).windowPages(16).sink(new NdjsonFileSink(out)).build()) {
            s.activate(0);
            s.activate(1);
            scenario.accept(s);
        }
        return out;
    }

    private static long page(VmSpace s, int i) {
        return s.windowBase() + (long) i * s.pageSize();
    }

    private static void mapPages(VmSpace s, int from, int n, PageProperty prop) {
        try (CursorMut c = s.cursorMut(page(s, from), page(s, from + n))) {
            for (int i = 0; i < n; i++) {
                c.mapAny(prop);
            }
        }
    }

    /** User-to-user copies: no fault, the reader faulting first, the writer faulting first. */
    static void userToUser(VmSpace s) {
        VmSpaceOwner o = s.owner();
        int ps = s.pageSize();
        mapPages(s, 0, 7, PageProperty.RW);
        VmWriter<Fallible> w = s.writer(1, page(s, 3) + 20, 4L * ps - 20); // [page 3 + 20, page 7)
        o.activateWriter(w);
        VmReader<Fallible> r1 = s.reader(0, page(s, 0) + 10, ps);
        o.activateReader(r1);
        assertEquals(ps, r1.readFallible(w)); // no fault
        o.disposeReader(r1);
        o.removeReader(r1);
        VmReader<Fallible> r = s.reader(0, page(s, 1) + 10, ps); // pages 1 and 2
        o.activateReader(r);
        try (CursorMut c = s.cursorMut(page(s, 2), page(s, 3))) {
            c.unmap(ps);
        }
        assertEquals(ps - 10, w.writeFallible(r)); // the reader faults first, at page 2
        o.disposeReader(r);
        o.removeReader(r);
        VmReader<Fallible> r2 = s.reader(0, page(s, 0), ps);
        o.activateReader(r2);
        try (CursorMut c = s.cursorMut(page(s, 6), page(s, 7))) {
            c.protectNext(ps, PageProperty.READ_ONLY);
        }
        assertEquals(ps - 10, r2.readFallible(w)); // the writer faults first, at page 6
        assertEquals(10, r2.remain());
        o.disposeReader(r2);
        o.removeReader(r2);
        o.disposeWriter(w);
        o.removeWriter(w);
    }

    /** Cursors up to the end of user space, protect_next with a function, page properties with cache policy. */
    static void cursorsToTheEnd(VmSpace s) {
        long end = s.maxUserspaceVaddr();
        int ps = s.pageSize();
        PageProperty wc = PageProperty.newUser(PageProperty.R | PageProperty.W, CachePolicy.WriteCombining);
        try (CursorMut c = s.cursorMut(end - 3L * ps, end)) {
            c.mapAny(wc);
            c.mapAny(PageProperty.RW);
            c.mapAny(wc);
            assertEquals(end, c.virtAddr());
            c.jump(end - 2L * ps);
            c.protectNext(2L * ps, old -> old.withFlags(PageProperty.R));
            c.protectNext(ps, old -> old.withFlags(PageProperty.R));
            assertEquals(end, c.virtAddr());
            c.jump(end - 3L * ps);
            assertEquals(3, c.unmap(3L * ps));
        }
        try (CursorMut c = s.cursorMut(end - 16L * ps, end)) {
            c.jump(end - ps);
            c.mapAny(PageProperty.RW);
            c.jump(end - 16L * ps);
            assertEquals(1, c.unmap(16L * ps));
        }
    }

    /** D1: a faulting write_val and read_val roll back; afterwards the same owners go on. */
    static void valRollback(VmSpace s) {
        VmSpaceOwner o = s.owner();
        int ps = s.pageSize();
        mapPages(s, 0, 2, PageProperty.RW);
        VmWriter<Fallible> w = s.writer(0, page(s, 1) - 4, 8);
        o.activateWriter(w);
        try (CursorMut c = s.cursorMut(page(s, 1), page(s, 2))) {
            c.protectNext(ps, PageProperty.READ_ONLY);
        }
        assertThrows(PageFaultException.class, () -> w.writeVal(Pod.U64, 7L));
        w.write(org.vmspace.mm.VmReader.fromSlice(new byte[4])); // the RW part, as a plain write
        o.disposeWriter(w);
        o.removeWriter(w);
        VmReader<Fallible> r = s.reader(1, page(s, 1) - 2, 4);
        o.activateReader(r);
        try (CursorMut c = s.cursorMut(page(s, 1), page(s, 2))) {
            c.unmap(ps);
        }
        assertThrows(PageFaultException.class, () -> r.readVal(Pod.U32));
        assertEquals(4, r.remain());
        o.disposeReader(r);
        o.removeReader(r);
    }

    private static void assertAccepted(Path trace) {
        Validate.Result res = Traces.validate(trace);
        assertEquals(Validate.ACCEPTED, res.exitCode(), res.out() + res.err());
    }

    @Test
    void userToUserCopiesValidate() throws Exception {
        assertAccepted(run(dir.resolve("u2u.ndjson"), ApiTracesTest::userToUser));
    }

    @Test
    void cursorsToTheEndOfUserSpaceValidate() throws Exception {
        assertAccepted(run(dir.resolve("end.ndjson"), ApiTracesTest::cursorsToTheEnd));
    }

    @Test
    void readValAndWriteValRollBackAndValidate() throws Exception {
        assertAccepted(run(dir.resolve("val.ndjson"), ApiTracesTest::valRollback));
    }

    /** {@code CursorMut.findNext}: misses (the cursor moves len bytes on, up to the range's end), hits, a Panic. */
    static void findNext(VmSpace s) {
        int ps = s.pageSize();
        mapPages(s, 4, 1, PageProperty.RW);
        try (CursorMut c = s.cursorMut(page(s, 0), page(s, 8))) {
            assertEquals(java.util.Optional.empty(), c.findNext(2L * ps)); // miss: to page 2
            assertEquals(java.util.Optional.of(page(s, 4)), c.findNext(4L * ps)); // hit: to page 4
            assertEquals(java.util.Optional.of(page(s, 4)), c.findNext(ps)); // hit at va: stays
            c.jump(page(s, 5));
            assertEquals(java.util.Optional.empty(), c.findNext(3L * ps)); // miss: to the range's end
            assertEquals(page(s, 8), c.virtAddr());
            assertThrows(org.vmspace.model.VmException.class, () -> c.findNext(ps)); // Panic
            c.jump(page(s, 0));
            assertEquals(java.util.Optional.empty(), c.findNext(0)); // len 0: a miss that stays
            assertEquals(1, c.unmap(8L * ps));
        }
    }

    @Test
    void findNextValidatesAlsoAgainstTheBaseSpec() throws Exception {
        Path t = run(dir.resolve("find.ndjson"), ApiTracesTest::findNext);
        assertAccepted(t);
        // every FindNext step is a step of Next (a Jump, a ProtectNext over nothing mapped) or a stutter
        Validate.Result res = Validate.run(t, Validate.Config.fromEnvironment(), true);
        assertEquals(Validate.ACCEPTED, res.exitCode(), res.out() + res.err());
    }

    /** Frameless TLB flushes: Range after protect_next, Address, All, on two CPUs; a refused range. */
    static void tlbFlushes(VmSpace s) {
        int ps = s.pageSize();
        VmSpaceOwner o = s.owner();
        mapPages(s, 0, 4, PageProperty.RW);
        VmReader<Fallible> r0 = s.reader(0, page(s, 0), 4L * ps);
        o.activateReader(r0);
        r0.collect(); // CPU 0 caches pages 0..3
        o.disposeReader(r0);
        o.removeReader(r0);
        VmReader<Fallible> r1 = s.reader(1, page(s, 2), 2L * ps);
        o.activateReader(r1);
        r1.collect(); // CPU 1 caches pages 2, 3
        o.disposeReader(r1);
        o.removeReader(r1);
        try (CursorMut c = s.cursorMut(page(s, 0), page(s, 4))) {
            for (int i = 0; i < 4; i++) {
                c.protectNext(ps, PageProperty.READ_ONLY);
            }
            c.flusher().issueTlbFlush(org.vmspace.mm.tlb.TlbFlushOp.range(page(s, 2), page(s, 4)));
            c.flusher().dispatchTlbFlush();
            c.flusher().issueTlbFlush(org.vmspace.mm.tlb.TlbFlushOp.address(page(s, 1)));
            assertThrows(org.vmspace.model.VmException.class,
                    () -> c.flusher().issueTlbFlush(org.vmspace.mm.tlb.TlbFlushOp.range(page(s, 3), page(s, 3))));
            c.flusher().issueTlbFlush(org.vmspace.mm.tlb.TlbFlushOp.all());
        } // DropCursor dispatches both
    }

    @Test
    void tlbFlushOpsValidateAlsoAgainstTheBaseSpec() throws Exception {
        Path t = run(dir.resolve("flush.ndjson"), ApiTracesTest::tlbFlushes);
        assertAccepted(t);
        Validate.Result res = Validate.run(t, Validate.Config.fromEnvironment(), true);
        assertEquals(Validate.ACCEPTED, res.exitCode(), res.out() + res.err());
    }

    /**
     * The workload with frameless flush ops and limits (--flush-ops true) validates: seed 7 is
     * DeliberateBugsTest's (it was 5 until the workload limited owners too: seed 5's run then no longer
     * reached a frameless flush of a cached page).
     */
    @Test
    void aWorkloadWithFlushOpsValidates() throws Exception {
        Path t = Traces.workload(dir.resolve("wf.ndjson"), 7, 400, 1, "", "--flush-ops", "true");
        assertTrue(Files.readString(t).contains("\"op\":\"IssueTlbFlush\""), "the workload issued frameless flushes");
        assertTrue(Files.readString(t).contains("\"op\":\"Limit\""), "the workload limited owners");
        assertAccepted(t);
    }

    /** The same trace with a range flush's dispatch missing its last page's entry is REJECTED at that dispatch. */
    @Test
    void aRangeFlushThatSkipsItsLastPageIsRejected() throws Exception {
        Path t = run(dir.resolve("flush.ndjson"), ApiTracesTest::tlbFlushes);
        List<String> lines = new ArrayList<>(Files.readAllLines(t));
        int k = -1;
        for (int i = 1; i < lines.size() && k < 0; i++) {
            if (lines.get(i).contains("\"op\":\"DispatchTlbFlush\"") && lines.get(i - 1).contains("\"op\":\"IssueTlbFlush\"")) {
                k = i;
            }
        }
        assertTrue(k > 0, "the scenario dispatches a range flush");
        String bad = lines.get(k).replaceFirst(",\\[1,\"0x[0-9a-f]+\"\\]\\]", "]"); // CPU 1's entry for page 3 kept
        assertTrue(!bad.equals(lines.get(k)), lines.get(k));
        lines.set(k, bad);
        Validate.Result res = Traces.validate(Files.write(dir.resolve("bad.ndjson"), lines));
        assertEquals(Validate.REJECTED, res.exitCode(), res.out() + res.err());
        assertEquals(k, res.eventIndex(), res.out());
    }

    /** A FindNext miss logged with the cursor left where it was (Java before issue 14 item 2) is REJECTED there. */
    @Test
    void aFindNextMissThatLeavesTheCursorIsRejected() throws Exception {
        Path t = run(dir.resolve("find.ndjson"), ApiTracesTest::findNext);
        List<String> lines = new ArrayList<>(Files.readAllLines(t));
        int k = -1;
        for (int i = 1; i < lines.size() && k < 0; i++) {
            if (lines.get(i).contains("\"op\":\"FindNext\"") && lines.get(i).contains("\"found\":null")) {
                k = i;
            }
        }
        assertTrue(k > 0, "the scenario has a FindNext miss");
        long base = Long.parseUnsignedLong(lines.get(0).replaceFirst(".*\"base\":\"0x([0-9a-f]+)\".*", "$1"), 16);
        String p0 = "0x" + Long.toHexString(base);
        String p2 = "0x" + Long.toHexString(base + 2L * 4096);
        String bad = lines.get(k).replace("\"va\":\"" + p2 + "\"", "\"va\":\"" + p0 + "\"");
        assertTrue(!bad.equals(lines.get(k)), bad);
        lines.set(k, bad);
        Validate.Result res = Traces.validate(Files.write(dir.resolve("bad.ndjson"), lines));
        assertEquals(Validate.REJECTED, res.exitCode(), res.out() + res.err());
        assertEquals(k, res.eventIndex(), res.out());
    }

    /** The same trace as before D1 was closed: the write_val fault with its partial progress. */
    @Test
    void aWriteValFaultWithPartialProgressIsRejected() throws Exception {
        Path t = run(dir.resolve("val.ndjson"), ApiTracesTest::valRollback);
        List<String> lines = new ArrayList<>(Files.readAllLines(t));
        int k = -1;
        for (int i = 1; i < lines.size() && k < 0; i++) {
            if (lines.get(i).contains("\"write_val\"") && lines.get(i).contains("\"PageFault\"")) {
                k = i;
            }
        }
        assertTrue(k > 0, "the scenario has a faulting write_val");
        String start = lines.get(k).replaceFirst(".*\"start\":\"0x([0-9a-f]+)\".*", "$1");
        String bad = lines.get(k).replace("\"copied\":0", "\"copied\":4")
                .replace("\"start\":\"0x" + start + "\"", "\"start\":\"0x" + Long.toHexString(Long.parseLong(start, 16) + 4) + "\"");
        assertTrue(!bad.equals(lines.get(k)) && bad.contains("\"copied\":4"), bad);
        lines.set(k, bad);
        Validate.Result res = Traces.validate(Files.write(dir.resolve("bad.ndjson"), lines));
        assertEquals(Validate.REJECTED, res.exitCode(), res.out() + res.err());
        assertEquals(k, res.eventIndex(), res.out());
    }

    @Test
    void aUserToUserTraceWithAWrongCopiedCountIsRejected() throws Exception {
        Path t = run(dir.resolve("u2u.ndjson"), ApiTracesTest::userToUser);
        List<String> lines = new ArrayList<>(Files.readAllLines(t));
        int k = -1;
        for (int i = 1; i < lines.size() && k < 0; i++) {
            if (lines.get(i).contains("\"op\":\"Read\"") && lines.get(i).contains("\"PageFault\"")) {
                k = i;
            }
        }
        assertTrue(k > 0, "the scenario has a faulting Read");
        String bad = lines.get(k).replaceFirst("\"copied\":(\\d+)", "\"copied\":" + 1 + "$1");
        assertTrue(!bad.equals(lines.get(k)));
        lines.set(k, bad);
        Path b = Files.write(dir.resolve("bad.ndjson"), lines);
        Validate.Result res = Traces.validate(b);
        assertEquals(Validate.REJECTED, res.exitCode(), res.out() + res.err());
        assertEquals(k, res.eventIndex(), res.out()); // event k is line k + 1 (the header is line 1)
    }
}
