package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.PageProperty;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;

/**
 * Tests that kill the survivors of PIT's {@code space-io} run in {@code UserIo} (java-impl/README.md,
 * "Mutation score (PIT)"): each names the mutants it kills by class:line at fea042a; each of those was
 * applied by hand and this test failed ({@code java-impl/hand-mutants.tsv}, {@code make hand-mutants}).
 */
class UserIoEdgesTest {
    private final Fixture fx = new Fixture();
    private final VmSpaceOwner owner = fx.space.owner();

    private List<TraceEvent> eventsSince(int n) {
        List<TraceEvent> all = fx.sink.events();
        return List.copyOf(all.subList(n, all.size()));
    }

    private static List<String> opsAndOutcomes(List<TraceEvent> ev) {
        return ev.stream().map(e -> e.op().name() + ":" + e.outcome()).toList();
    }

    /** The frame address page {@code va} is mapped to. */
    private long frameAddr(long va) {
        return fx.space.snapshot().pt().get(va).frame();
    }

    /**
     * A CPU index the space does not have is refused IllegalArgumentException before the lock or a log
     * line, for a user-to-kernel copy and for either side of a user-to-user copy. Kills UserIo:58 (io),
     * 237 and 238 (copyUserToUser), each a removed {@code checkCpu}: the step then indexes
     * {@code current[5]} (ArrayIndexOutOfBounds).
     */
    @Test
    void aCpuTheSpaceDoesNotHaveIsRefusedBeforeAnythingIsLogged() {
        fx.map(0, 4, PageProperty.RW);
        VmReader<Fallible> r = fx.activeReader(fx.page(0), 64);
        VmWriter<Fallible> w = fx.activeWriter(fx.page(2), 64);
        int before = fx.sink.events().size();
        r.onCpu(5);
        assertThrows(IllegalArgumentException.class, () -> r.read(VmWriter.fromSlice(new byte[8])));
        assertThrows(IllegalArgumentException.class, () -> r.readFallible(w));
        r.onCpu(0);
        w.onCpu(5);
        assertThrows(IllegalArgumentException.class, () -> r.readFallible(w));
        assertEquals(before, fx.sink.events().size());
        assertEquals(0, fx.space.lock.getHoldCount());
        assertEquals(64, r.remain());
        assertEquals(64, w.avail());
    }

    /**
     * The space's lock is released after a user-to-user copy and after reading a handle's cursor. Kills
     * UserIo:271 (copyUserToUser) and UserIo:365 (range), each a removed {@code unlock}.
     */
    @Test
    void theLockIsReleasedAfterAUserToUserCopyAndACursorRead() {
        fx.map(0, 4, PageProperty.RW);
        VmReader<Fallible> r = fx.activeReader(fx.page(0), 64);
        VmWriter<Fallible> w = fx.activeWriter(fx.page(2), 64);
        assertEquals(64, r.readFallible(w));
        assertEquals(0, fx.space.lock.getHoldCount(), "after the copy");
        assertEquals(fx.page(0) + 64, r.cursor());
        assertEquals(0, fx.space.lock.getHoldCount(), "after cursor()");
    }

    /**
     * Page 0 is a user page, and a fault on it is a fault: a plain read faulting at 0 throws with 0
     * bytes copied, the reader stays, and the Read is logged PageFault. Kills UserIo:133
     * ({@code faultPage < 0} to {@code <=}: n bytes "copied"), 140 ({@code faultPage >= 0} to {@code > 0}:
     * logged ok) and 185 ({@code faultPage >= 0} to {@code > 0}: returns 0 instead of throwing).
     */
    @Test
    void aReadFaultingOnPageZeroThrowsCopiesNothingAndIsLoggedPageFault() {
        try (CursorMut c = fx.space.cursorMut(0, fx.ps)) {
            c.mapAny(PageProperty.RW);
        }
        VmReader<Fallible> r = fx.activeReader(0, 64);
        try (CursorMut c = fx.space.cursorMut(0, fx.ps)) {
            c.unmap(fx.ps);
        }
        int before = fx.sink.events().size();
        PageFaultException e = assertThrows(PageFaultException.class, () -> r.read(VmWriter.fromSlice(new byte[64])));
        assertEquals(0, e.copied());
        assertEquals(0, e.faultVaddr());
        assertEquals(64, r.remain());
        List<TraceEvent> ev = eventsSince(before);
        assertEquals(List.of("Read:PageFault"), opsAndOutcomes(ev));
        assertEquals(0L, ev.get(0).postOrNull().get("copied"));
    }

    /**
     * write_val onto read-only page 0 rolls back (D1): no byte, no TLB fill, the cursor stays. Kills
     * UserIo:123 ({@code faultPage >= 0} to {@code > 0}: the fault at page 0 skips the rollback and the
     * read-only translation is cached in the TLB).
     */
    @Test
    void writeValFaultingOnReadOnlyPageZeroFillsNoTlbEntry() {
        try (CursorMut c = fx.space.cursorMut(0, fx.ps)) {
            c.mapAny(PageProperty.READ_ONLY);
        }
        VmWriter<Fallible> w = fx.activeWriter(0, 64);
        PageFaultException e = assertThrows(PageFaultException.class, () -> w.writeVal(7L));
        assertEquals(0, e.copied());
        assertEquals(Map.of(), fx.space.snapshot().tlb().get(0), "the rolled-back write_val cached nothing");
        assertEquals(64, w.avail());
        assertEquals(List.of(), fx.sink.last().postOrNull().get("tlbFilled"));
    }

    /**
     * The TLB entries a step used and filled are logged as {@code [page, frame address, writable]}, and
     * the last access records page to frame address. Kills UserIo:103 (the {@code !fill} of
     * {@code t != null && !fill} negated: a read-only TLB hit a Write faults on is not logged as used),
     * 104 and 150 (that entry logged writable), 147 (a filled entry's writable flag negated), 153 (a
     * read-only page a Write faults on logged as filled writable), 291 ({@code frame * pageSize} to
     * {@code /}; the entry returned empty) and 341 (lastAccess: {@code frame * pageSize} to {@code /}).
     */
    @Test
    void theTlbEntriesAStepUsedAndFilledAreLoggedWithFrameAddressAndWritable() {
        fx.map(1, 2, PageProperty.READ_ONLY);
        fx.map(3, 1, PageProperty.RW);
        long p1 = fx.page(1);
        long p2 = fx.page(2);
        long f1 = frameAddr(p1);
        long f2 = frameAddr(p2);
        long p3 = fx.page(3);
        long f3 = frameAddr(p3);
        assertNotEquals(0L, f3, "a frame other than 0, whose address multiplied and divided differ");

        // a read of a read-write page: filled as writable; the last access maps the page to its frame
        VmReader<Fallible> r3 = fx.activeReader(p3, 8);
        r3.readLong();
        assertEquals(List.of(List.of(Vaddr.hex(p3), Vaddr.hex(f3), true)), fx.sink.last().postOrNull().get("tlbFilled"));
        assertEquals(Map.of(p3, f3), fx.space.snapshot().lastAccess().touched());

        // a read of a read-only page: filled as read-only
        VmReader<Fallible> r = fx.activeReader(p1, 8);
        r.readLong();
        TraceEvent read = fx.sink.last();
        assertEquals(List.of(List.of(Vaddr.hex(p1), Vaddr.hex(f1), false)), read.postOrNull().get("tlbFilled"));
        assertEquals(List.of(), read.postOrNull().get("tlbUsed"));
        assertEquals(Map.of(p1, f1), fx.space.snapshot().lastAccess().touched());
        owner.disposeReader(r);
        owner.removeReader(r);

        // a Write hitting that cached read-only entry faults; the entry is logged as used, read-only
        VmWriter<Fallible> w = fx.activeWriter(p1, 8);
        assertEquals(0, w.writeFallible(VmReader.fromSlice(new byte[8])));
        TraceEvent hit = fx.sink.last();
        assertEquals("PageFault", hit.outcome());
        assertEquals(List.of(List.of(Vaddr.hex(p1), Vaddr.hex(f1), false)), hit.postOrNull().get("tlbUsed"));
        assertEquals(List.of(), hit.postOrNull().get("tlbFilled"));

        // a Write walking to a read-only page not in the TLB faults and caches it read-only
        VmWriter<Fallible> w2 = fx.activeWriter(p2, 8);
        assertEquals(0, w2.writeFallible(VmReader.fromSlice(new byte[8])));
        TraceEvent walk = fx.sink.last();
        assertEquals("PageFault", walk.outcome());
        assertEquals(List.of(), walk.postOrNull().get("tlbUsed"));
        assertEquals(List.of(List.of(Vaddr.hex(p2), Vaddr.hex(f2), false)), walk.postOrNull().get("tlbFilled"));
    }

    /**
     * A user-to-user copy whose reader faults on its first page copies nothing: one Read logged
     * PageFault, no Write. Kills UserIo:258 ({@code got > 0} to {@code >=}: a Write of 0 bytes, refused
     * InvalidArgs, thrown).
     */
    @Test
    void aReaderFaultingOnItsFirstPageCopiesNothingAndLogsOnlyTheRead() {
        fx.map(0, 4, PageProperty.RW);
        VmReader<Fallible> r = fx.activeReader(fx.page(0), 64);
        VmWriter<Fallible> w = fx.activeWriter(fx.page(2), 64);
        fx.unmap(0, 1);
        int before = fx.sink.events().size();
        assertEquals(0, r.readFallible(w));
        assertEquals(List.of("Read:PageFault"), opsAndOutcomes(eventsSince(before)));
        assertEquals(64, r.remain());
        assertEquals(64, w.avail());
    }

    /**
     * A user-to-user copy whose writer faults on its first page (and the reader would not) copies
     * nothing: one Write logged PageFault, no Read. Kills UserIo:266 ({@code writable > 0} to
     * {@code >=}: a Read of 0 bytes, refused InvalidArgs, thrown).
     */
    @Test
    void aWriterFaultingOnItsFirstPageCopiesNothingAndLogsOnlyTheWrite() {
        fx.map(0, 4, PageProperty.RW);
        VmReader<Fallible> r = fx.activeReader(fx.page(0), 64);
        VmWriter<Fallible> w = fx.activeWriter(fx.page(2), 64);
        try (CursorMut c = fx.space.cursorMut(fx.page(2), fx.page(3))) {
            c.protectNext(fx.ps, PageProperty.READ_ONLY);
        }
        int before = fx.sink.events().size();
        assertEquals(0, w.writeFallible(r));
        assertEquals(List.of("Write:PageFault"), opsAndOutcomes(eventsSince(before)));
        assertEquals(64, r.remain());
        assertEquals(64, w.avail());
    }

    /**
     * When reader and writer would fault at the same byte, the reader's fault is the one taken (Read
     * PageFault, then the Write of the bytes read). Kills UserIo:249 ({@code readable <= writable} to
     * {@code <}: Read ok, then Write PageFault).
     */
    @Test
    void whenBothSidesFaultAtTheSameByteTheReadersFaultIsLogged() {
        fx.map(0, 4, PageProperty.RW);
        VmReader<Fallible> r = fx.activeReader(fx.page(1) - 100, 300);
        VmWriter<Fallible> w = fx.activeWriter(fx.page(3) - 100, 300);
        fx.unmap(1, 1);
        try (CursorMut c = fx.space.cursorMut(fx.page(3), fx.page(4))) {
            c.protectNext(fx.ps, PageProperty.READ_ONLY);
        }
        int before = fx.sink.events().size();
        assertEquals(100, r.readFallible(w));
        assertEquals(List.of("Read:PageFault", "Write:ok"), opsAndOutcomes(eventsSince(before)));
        assertEquals(200, r.remain());
        assertEquals(200, w.avail());
    }

    /**
     * A refused side of a user-to-user copy is logged with its own api name. Kills UserIo:277 (the
     * api's {@code op == Read} negated: a refused Read logged {@code api = "write"}).
     */
    @Test
    void aRefusedSideOfACopyIsLoggedWithItsApi() {
        fx.map(0, 4, PageProperty.RW);
        VmReader<Fallible> r = fx.activeReader(fx.page(0), 64);
        VmWriter<Fallible> idle = fx.space.writer(0, fx.page(2), 64); // not active
        TraceEvent wr = fx.assertRefused(ErrorKind.InvalidState, () -> r.readFallible(idle));
        assertEquals("Write", wr.op().name());
        assertEquals("write", wr.args().get("api"));
        VmWriter<Fallible> w = fx.activeWriter(fx.page(2), 64);
        fx.space.deactivate(0);
        TraceEvent rd = fx.assertRefused(ErrorKind.AccessDenied, () -> r.readFallible(w));
        assertEquals("Read", rd.op().name());
        assertEquals("read", rd.args().get("api"));
    }

    /**
     * Skip takes 0 (the spec's {@code 0 <= n}), logs the new start, and a refusal names what remains.
     * Kills UserIo:317 ({@code n < 0} to {@code <=}: Skip 0 refused), 328 (the logged start
     * {@code start + n} to {@code -}) and 319 (the message's remaining {@code end - start} to {@code +}).
     */
    @Test
    void skipTakesZeroLogsTheNewStartAndARefusalNamesWhatRemains() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.activeReader(fx.page(0), 100);
        r.skip(0);
        assertEquals("ok", fx.sink.last().outcome());
        assertEquals(100, r.remain());
        r.skip(30);
        assertEquals(Vaddr.hex(fx.page(0) + 30), fx.sink.last().postOrNull().get("start"));
        fx.assertRefused(ErrorKind.InvalidArgs, () -> r.skip(71));
        VmException e = assertThrows(VmException.class, () -> r.skip(71));
        assertTrue(e.getMessage().endsWith("exceeds the remaining 70"), e.getMessage());
    }

    /**
     * A Read of 0 bytes is refused InvalidArgs (the action's {@code 0 < n}); a Pod of size 0 (the
     * interface does not stop one) is the only way to ask for one. Kills UserIo:71 ({@code n <= 0} to
     * {@code < 0}: the empty Read is done, logged ok).
     */
    @Test
    void aReadOfZeroBytesIsRefusedInvalidArgs() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.activeReader(fx.page(0), 100);
        Pod<Integer> empty = new Pod<>() {
            @Override
            public int size() {
                return 0;
            }

            @Override
            public void toBytes(Integer value, byte[] dst, int off) {
            }

            @Override
            public Integer fromBytes(byte[] src, int off) {
                return 0;
            }
        };
        TraceEvent e = fx.assertRefused(ErrorKind.InvalidArgs, () -> r.readVal(empty));
        assertEquals("Read", e.op().name());
    }

    /**
     * A copy of more than 16 pages in one step (the walk's buffer grows past its first 16 pages). Kills
     * UserIo:112 ({@code 2 * touched.length} to {@code /}: ArrayIndexOutOfBounds at page 17) and 111
     * ({@code 4 * pages == touched.length} negated: the buffer doubles at every page, and a 40-page walk
     * runs out of memory or overflows the array size).
     */
    @Test
    void aCopyOfFortyPagesInOneStepIsReadBack() {
        VmSpace space = VmSpace.builder().cpus(1).frames(48).windowPages(48).build();
        space.activate(0);
        int ps = space.pageSize();
        long base = space.windowBase();
        try (CursorMut c = space.cursorMut(base, base + 40L * ps)) {
            for (int i = 0; i < 40; i++) {
                c.mapAny(PageProperty.RW);
            }
        }
        byte[] data = new byte[40 * ps];
        new Random(7).nextBytes(data);
        VmWriter<Fallible> w = space.writer(0, base, data.length);
        space.owner().activateWriter(w);
        assertEquals(data.length, w.write(VmReader.fromSlice(data)));
        space.owner().disposeWriter(w);
        space.owner().removeWriter(w);
        VmReader<Fallible> r = space.reader(0, base, data.length);
        space.owner().activateReader(r);
        byte[] back = new byte[data.length];
        assertEquals(data.length, r.read(VmWriter.fromSlice(back)));
        assertArrayEquals(data, back);
        assertFalse(r.hasRemain());
    }
}
