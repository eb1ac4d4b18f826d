package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.vmspace.model.PageProperty;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;

/** Each deliberate bug really changes behaviour, and the invariant it targets catches it. */
class BugsTest {
    @Test
    void bugNamesParseAndUnknownNamesAreRejected() {
        assertEquals(EnumSet.of(Bug.NoBorrowCheck, Bug.FreeBeforeFlush), Bugs.parse("NoBorrowCheck, FreeBeforeFlush"));
        assertThrows(IllegalArgumentException.class, () -> Bugs.parse("NoSuchBug"));
        assertTrue(VmSpace.builder().build().bugs().isEmpty(), "all bugs are off by default");
    }

    @Test
    void noWriterOverlapCheckLetsTwoWritersHoldAPage() {
        Fixture fx = new Fixture(Bug.NoWriterOverlapCheck);
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> a = fx.space.writer(0, fx.page(0), 8);
        VmWriter<Fallible> b = fx.space.writer(0, fx.page(0) + 8, 8);
        fx.space.owner().activateWriter(a);
        fx.space.owner().activateWriter(b);
        assertTrue(Invariants.noWriterAliasingInv(fx.space.snapshot()).isPresent());
    }

    @Test
    void noBorrowCheckLetsAWriterTakeABorrowedPage() {
        Fixture fx = new Fixture(Bug.NoBorrowCheck);
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(0), 8);
        fx.space.owner().activateReader(r);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 8);
        fx.space.owner().activateWriter(w);
        assertTrue(Invariants.noReadWriteAliasingInv(fx.space.snapshot()).isPresent());
    }

    @Test
    void noJoinOnRemoveLosesThePermission() {
        Fixture fx = new Fixture(Bug.NoJoinOnRemove);
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 8);
        fx.space.owner().activateWriter(w);
        fx.space.owner().disposeWriter(w);
        fx.space.owner().removeWriter(w);
        assertEquals(15L, fx.sink.last().postOrNull().get("remainingPages"));
        assertTrue(Invariants.permissionConservationInv(fx.space.snapshot()).isPresent());
    }

    @Test
    void freeBeforeFlushFreesTheFrameAtUnmap() {
        Fixture fx = new Fixture(Bug.FreeBeforeFlush);
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(0), 16);
        fx.space.owner().activateReader(r);
        r.readLong();
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(1))) {
            c.unmapDeferred(fx.ps);
            assertEquals(16, fx.sink.last().postOrNull().get("freeFrames"));
            assertTrue(Invariants.noStaleTlbInv(fx.space.snapshot()).isPresent());
            assertTrue(Invariants.frameAccountingInv(fx.space.snapshot()).isPresent());
        }
    }

    @Test
    void advanceTooFarMovesTheCursorPastTheCopiedBytes() {
        Fixture fx = new Fixture(Bug.AdvanceTooFar);
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 100);
        fx.space.owner().activateWriter(w);
        w.writeVal(1L);
        assertEquals(fx.page(0) + 9, w.cursor());
        assertEquals(Vaddr.hex(fx.page(0) + 9), fx.sink.last().postOrNull().get("start"));
    }

    @Test
    void overflowAcceptedCreatesAWrappedRange() {
        Fixture correct = new Fixture();
        assertThrows(VmException.class, () -> correct.space.writer(0, correct.page(0), -1L));
        Fixture fx = new Fixture(Bug.OverflowAccepted);
        fx.space.writer(0, fx.page(0), -1L);
        assertEquals("ok", fx.sink.last().outcome());
    }

    @Test
    void noCursorLockLetsOverlappingCursorsLive() {
        Fixture fx = new Fixture(Bug.NoCursorLock);
        try (CursorMut a = fx.space.cursorMut(fx.page(0), fx.page(2));
             CursorMut b = fx.space.cursorMut(fx.page(1), fx.page(3), Duration.ZERO)) {
            assertTrue(Invariants.cursorExclusionInv(fx.space.snapshot()).isPresent());
            assertFalse(a.id() == b.id());
        }
    }

    @Test
    void noReaderDisjointCheckLetsOverlappingReadersActivate() {
        Fixture fx = new Fixture(Bug.NoReaderDisjointCheck);
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> a = fx.space.reader(0, fx.page(0), 64);
        VmReader<Fallible> b = fx.space.reader(0, fx.page(0) + 8, 64);
        fx.space.owner().activateReader(a);
        fx.space.owner().activateReader(b);
        assertEquals("ok", fx.sink.last().outcome());
    }

    @Test
    void disposeEmptyDropsLosesAnExhaustedWriter() {
        Fixture fx = new Fixture(Bug.DisposeEmptyDrops);
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 8);
        fx.space.owner().activateWriter(w);
        w.writeVal(5L);
        fx.space.owner().disposeWriter(w);
        TraceEvent e = fx.sink.last();
        assertEquals(0, e.postOrNull().get("writers"));
        assertTrue(Invariants.permissionConservationInv(fx.space.snapshot()).isPresent());
    }

    /**
     * Bugs are a property of each space, not of the JVM: two spaces live side by side, one built with a
     * planted bug and one without, and the same requests, interleaved, are refused by the correct one and
     * taken by the buggy one. With a global switch (the former static {@code Bugs.enable}) both spaces
     * would behave alike and this test would fail.
     */
    @Test
    void aBugActsInTheSpaceBuiltWithItAndNotInAnotherSpaceOfTheSameJvm() {
        Fixture buggy = new Fixture(Bug.NoCursorLock, Bug.OverflowAccepted, Bug.NoWriterOverlapCheck);
        Fixture correct = new Fixture();
        assertEquals(EnumSet.of(Bug.NoCursorLock, Bug.OverflowAccepted, Bug.NoWriterOverlapCheck), buggy.space.bugs());
        assertEquals(EnumSet.noneOf(Bug.class), correct.space.bugs());
        buggy.map(0, 1, PageProperty.RW);
        correct.map(0, 1, PageProperty.RW);
        for (Fixture fx : java.util.List.of(buggy, correct, buggy)) {
            boolean bug = fx == buggy;
            try (CursorMut a = fx.space.cursorMut(fx.page(2), fx.page(4))) {
                if (bug) {
                    fx.space.cursorMut(fx.page(3), fx.page(5), Duration.ZERO).close();
                } else {
                    fx.assertRefused(org.vmspace.model.ErrorKind.Busy,
                            () -> fx.space.cursorMut(fx.page(3), fx.page(5), Duration.ZERO));
                }
            }
            if (bug) {
                fx.space.writer(0, fx.page(0), -1L);
                assertEquals("ok", fx.sink.last().outcome());
            } else {
                fx.assertRefused(org.vmspace.model.ErrorKind.AccessDenied, () -> fx.space.writer(0, fx.page(0), -1L));
            }
        }
        VmWriter<Fallible> a = buggy.space.writer(0, buggy.page(0), 8);
        VmWriter<Fallible> b = buggy.space.writer(0, buggy.page(0) + 8, 8);
        VmWriter<Fallible> c = correct.space.writer(0, correct.page(0), 8);
        VmWriter<Fallible> d = correct.space.writer(0, correct.page(0) + 8, 8);
        buggy.space.owner().activateWriter(a);
        correct.space.owner().activateWriter(c);
        buggy.space.owner().activateWriter(b);
        correct.assertRefused(org.vmspace.model.ErrorKind.NotMapped, () -> correct.space.owner().activateWriter(d));
        assertTrue(Invariants.noWriterAliasingInv(buggy.space.snapshot()).isPresent());
        correct.assertInvariants();
    }

    /** A space built without {@code bugs(..)} takes those of {@code -Dvmspace.bugs} at build time. */
    @Test
    void theSystemPropertyIsTheDefaultOfASpaceBuiltWithoutBugs() {
        String before = System.getProperty(Bugs.PROPERTY);
        try {
            System.setProperty(Bugs.PROPERTY, "NoBorrowCheck,FreeBeforeFlush");
            VmSpace fromProperty = VmSpace.builder().build();
            VmSpace explicit = VmSpace.builder().bugs(EnumSet.noneOf(Bug.class)).build();
            System.setProperty(Bugs.PROPERTY, "NoSuchBug");
            assertThrows(IllegalArgumentException.class, () -> VmSpace.builder().build());
            System.clearProperty(Bugs.PROPERTY);
            assertEquals(EnumSet.of(Bug.NoBorrowCheck, Bug.FreeBeforeFlush), fromProperty.bugs());
            assertEquals(EnumSet.noneOf(Bug.class), explicit.bugs());
            assertEquals(EnumSet.noneOf(Bug.class), VmSpace.builder().build().bugs());
        } finally {
            if (before == null) {
                System.clearProperty(Bugs.PROPERTY);
            } else {
                System.setProperty(Bugs.PROPERTY, before);
            }
        }
    }

    /*
     * The four tests below kill survivors of PIT's space-io run in UserIo (java-impl/README.md,
     * "Mutation score (PIT)"): mutants that change only what a planted bug does or how it is caught.
     * Lines are UserIo's at fea042a; each mutant was applied by hand and the test failed.
     */

    /**
     * With OverflowAccepted a wrapped reader range gets an empty view, and reading its first page is an
     * access outside the view: AccessSafeInv catches it. Kills UserIo:119 ({@code inView &=} to
     * {@code |=}: the access is recorded in view).
     */
    @Test
    void overflowAcceptedReadsOutsideTheReadersViewAndAccessSafeInvCatchesIt() {
        Fixture fx = new Fixture(Bug.OverflowAccepted);
        fx.map(2, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(2), -(long) fx.ps); // [page 2, page 1): wrapped
        fx.space.owner().activateReader(r);
        assertEquals(8, r.read(VmWriter.fromSlice(new byte[8])));
        assertTrue(Invariants.accessSafeInv(fx.space.snapshot()).orElse("").contains("outside its view"));
    }

    /**
     * With OverflowAccepted, a wrapped reader range {@code [8, 0)} ({@code end - start} unsigned is
     * 2^64 - 8) copies from page 0 into a user writer; the copy's own guard ({@code n <= end - start})
     * holds. Kills UserIo:284 ({@code o.end - o.start} to {@code o.end + o.start} = 8, below n = 16: the
     * copy refused InvalidArgs).
     */
    @Test
    void overflowAcceptedAWrappedReaderCopiesIntoAUserWriter() {
        Fixture fx = new Fixture(Bug.OverflowAccepted);
        try (CursorMut c = fx.space.cursorMut(0, fx.ps)) {
            c.mapAny(PageProperty.RW);
        }
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, 8, -8L); // end = 0: wrapped
        fx.space.owner().activateReader(r);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 16);
        fx.space.owner().activateWriter(w);
        assertEquals(16, r.readFallible(w));
        assertEquals("Write", fx.sink.last().op().name());
        assertEquals("ok", fx.sink.last().outcome());
        assertEquals(0, w.avail());
    }

    /**
     * With FillWritable a read of a read-only page caches a writable TLB entry (the bug), and a write
     * through it succeeds. Kills UserIo:110 (the {@code fill} of {@code fill && bug(FillWritable)}
     * negated: the fill is cached read-only and the bug does nothing).
     */
    @Test
    void fillWritableCachesAReadOnlyPageAsWritable() {
        Fixture fx = new Fixture(Bug.FillWritable);
        fx.map(0, 1, PageProperty.READ_ONLY);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(0), 8);
        fx.space.owner().activateReader(r);
        r.readLong();
        assertTrue(fx.space.snapshot().tlb().get(0).get(fx.page(0)).writable());
        fx.space.owner().disposeReader(r);
        fx.space.owner().removeReader(r);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 8);
        fx.space.owner().activateWriter(w);
        w.writeVal(1L); // through the writable entry: no fault
        assertEquals(0, w.avail());
    }

    /**
     * With NoRemoteShootdown, CPU 1 keeps its entry of an unmapped page whose frame is freed; a read
     * through it touches a free frame: AccessSafeInv catches it. Kills UserIo:120 ({@code live &=} to
     * {@code |=}: the access is recorded on live frames).
     */
    @Test
    void noRemoteShootdownReadsAFreeFrameAndAccessSafeInvCatchesIt() {
        Fixture fx = new Fixture(Bug.NoRemoteShootdown);
        fx.space.activate(1);
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(1, fx.page(0), 16);
        fx.space.owner().activateReader(r);
        r.readLong(); // CPU 1 caches the page
        fx.unmap(0, 1); // the flush drops CPU 0's entry only; the frame is freed
        r.readLong(); // through CPU 1's stale entry
        assertTrue(Invariants.accessSafeInv(fx.space.snapshot()).orElse("").contains("touched a free frame"));
    }
}
