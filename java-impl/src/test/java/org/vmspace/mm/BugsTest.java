package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmspace.model.PageProperty;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;

/** Each deliberate bug really changes behaviour, and the invariant it targets catches it. */
class BugsTest {
    @AfterEach
    void reset() {
        Bugs.reset();
    }

    @Test
    void bugNamesParseAndUnknownNamesAreRejected() {
        assertEquals(EnumSet.of(Bug.NoBorrowCheck, Bug.FreeBeforeFlush), Bugs.parse("NoBorrowCheck, FreeBeforeFlush"));
        assertThrows(IllegalArgumentException.class, () -> Bugs.parse("NoSuchBug"));
        assertTrue(Bugs.enabled().isEmpty(), "all bugs are off by default");
    }

    @Test
    void noWriterOverlapCheckLetsTwoWritersHoldAPage() {
        Fixture fx = new Fixture();
        fx.map(0, 1, PageProperty.RW);
        Bugs.enable(Bug.NoWriterOverlapCheck);
        VmWriter<Fallible> a = fx.space.writer(0, fx.page(0), 8);
        VmWriter<Fallible> b = fx.space.writer(0, fx.page(0) + 8, 8);
        fx.space.owner().activateWriter(a);
        fx.space.owner().activateWriter(b);
        assertTrue(Invariants.noWriterAliasingInv(fx.space.snapshot()).isPresent());
    }

    @Test
    void noBorrowCheckLetsAWriterTakeABorrowedPage() {
        Fixture fx = new Fixture();
        fx.map(0, 1, PageProperty.RW);
        Bugs.enable(Bug.NoBorrowCheck);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(0), 8);
        fx.space.owner().activateReader(r);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 8);
        fx.space.owner().activateWriter(w);
        assertTrue(Invariants.noReadWriteAliasingInv(fx.space.snapshot()).isPresent());
    }

    @Test
    void noJoinOnRemoveLosesThePermission() {
        Fixture fx = new Fixture();
        fx.map(0, 1, PageProperty.RW);
        Bugs.enable(Bug.NoJoinOnRemove);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 8);
        fx.space.owner().activateWriter(w);
        fx.space.owner().disposeWriter(w);
        fx.space.owner().removeWriter(w);
        assertEquals(15L, fx.sink.last().postOrNull().get("remainingPages"));
        assertTrue(Invariants.permissionConservationInv(fx.space.snapshot()).isPresent());
    }

    @Test
    void freeBeforeFlushFreesTheFrameAtUnmap() {
        Fixture fx = new Fixture();
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(0), 16);
        fx.space.owner().activateReader(r);
        r.readLong();
        Bugs.enable(Bug.FreeBeforeFlush);
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(1))) {
            c.unmapDeferred(fx.ps);
            assertEquals(16, fx.sink.last().postOrNull().get("freeFrames"));
            assertTrue(Invariants.noStaleTlbInv(fx.space.snapshot()).isPresent());
            assertTrue(Invariants.frameAccountingInv(fx.space.snapshot()).isPresent());
        }
    }

    @Test
    void advanceTooFarMovesTheCursorPastTheCopiedBytes() {
        Fixture fx = new Fixture();
        fx.map(0, 1, PageProperty.RW);
        Bugs.enable(Bug.AdvanceTooFar);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 100);
        fx.space.owner().activateWriter(w);
        w.writeVal(1L);
        assertEquals(fx.page(0) + 9, w.cursor());
        assertEquals(Vaddr.hex(fx.page(0) + 9), fx.sink.last().postOrNull().get("start"));
    }

    @Test
    void overflowAcceptedCreatesAWrappedRange() {
        Fixture fx = new Fixture();
        assertThrows(VmException.class, () -> fx.space.writer(0, fx.page(0), -1L));
        Bugs.enable(Bug.OverflowAccepted);
        fx.space.writer(0, fx.page(0), -1L);
        assertEquals("ok", fx.sink.last().outcome());
    }

    @Test
    void noCursorLockLetsOverlappingCursorsLive() {
        Fixture fx = new Fixture();
        Bugs.enable(Bug.NoCursorLock);
        try (CursorMut a = fx.space.cursorMut(fx.page(0), fx.page(2));
             CursorMut b = fx.space.cursorMut(fx.page(1), fx.page(3), Duration.ZERO)) {
            assertTrue(Invariants.cursorExclusionInv(fx.space.snapshot()).isPresent());
            assertFalse(a.id() == b.id());
        }
    }

    @Test
    void noReaderDisjointCheckLetsOverlappingReadersActivate() {
        Fixture fx = new Fixture();
        fx.map(0, 1, PageProperty.RW);
        Bugs.enable(Bug.NoReaderDisjointCheck);
        VmReader<Fallible> a = fx.space.reader(0, fx.page(0), 64);
        VmReader<Fallible> b = fx.space.reader(0, fx.page(0) + 8, 64);
        fx.space.owner().activateReader(a);
        fx.space.owner().activateReader(b);
        assertEquals("ok", fx.sink.last().outcome());
    }

    @Test
    void disposeEmptyDropsLosesAnExhaustedWriter() {
        Fixture fx = new Fixture();
        fx.map(0, 1, PageProperty.RW);
        Bugs.enable(Bug.DisposeEmptyDrops);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 8);
        fx.space.owner().activateWriter(w);
        w.writeVal(5L);
        fx.space.owner().disposeWriter(w);
        TraceEvent e = fx.sink.last();
        assertEquals(0, e.postOrNull().get("writers"));
        assertTrue(Invariants.permissionConservationInv(fx.space.snapshot()).isPresent());
    }
}
