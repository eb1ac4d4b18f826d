package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.PageProperty;
import org.vmspace.model.UFrame;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceOp;

/** Examples: every operation's success and every refusal of docs/PROTOCOL.md. */
class VmSpaceTest {
    private final Fixture fx = new Fixture();
    private final VmSpace space = fx.space;
    private final VmSpaceOwner owner = space.owner();

    @AfterEach
    void invariantsHold() {
        fx.assertInvariants();
    }

    @Test
    void activateAndDeactivateSetCurrentAndDeactivateDropsTheTlb() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = space.reader(0, fx.page(0), 8);
        owner.activateReader(r);
        r.readLong();
        assertEquals(1, space.snapshot().tlb().get(0).size());
        space.deactivate(0);
        assertFalse(space.isCurrent(0));
        assertTrue(space.snapshot().tlb().get(0).isEmpty());
        space.activate(0);
        assertTrue(space.isCurrent(0));
    }

    @Test
    void readerCreationOnACpuWhereTheSpaceIsNotCurrentIsRefused() {
        fx.assertRefused(ErrorKind.AccessDenied, () -> space.reader(1, fx.page(0), 8));
        fx.assertRefused(ErrorKind.AccessDenied, () -> space.writer(1, fx.page(0), 8));
    }

    @Test
    void creationWithAnOverflowingRangeIsRefused() {
        TraceEvent e = fx.assertRefused(ErrorKind.AccessDenied, () -> space.writer(0, fx.page(1), -1L));
        assertEquals("18446744073709551615", e.args().get("len"));
        assertNull(e.args().get("id"));
        fx.assertRefused(ErrorKind.AccessDenied, () -> space.reader(0, -4096L, 8192));
        fx.assertRefused(ErrorKind.AccessDenied, () -> space.reader(0, -1L, 1));
    }

    @Test
    void creationBeyondMaxUserspaceVaddrIsRefused() {
        long max = space.maxUserspaceVaddr();
        assertEquals(Vaddr.MAX_USERSPACE_VADDR, max);
        fx.assertRefused(ErrorKind.AccessDenied, () -> space.reader(0, max - 4, 5));
        fx.assertRefused(ErrorKind.AccessDenied, () -> space.writer(0, Vaddr.KERNEL_BASE_VADDR, 4096));
        space.reader(0, max - 4, 4); // ends exactly at MAX: fine
    }

    @Test
    void creationOverlappingADisposedWriterIsRefusedWithConflict() {
        fx.map(0, 2, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(0), 2L * fx.ps);
        owner.activateWriter(w);
        owner.disposeWriter(w);
        fx.assertRefused(ErrorKind.Conflict, () -> space.reader(0, fx.page(1), 1));
        fx.assertRefused(ErrorKind.Conflict, () -> space.writer(0, fx.page(1) + 5, 1));
        space.reader(0, fx.page(2), 8); // adjacent, half-open: no overlap
    }

    @Test
    void anEmptyRangeStrictlyInsideADisposedWriterOverlapsNothing() {
        // DIVERGENCES.md D5: with s1 < e2 /\ s2 < e1 alone, [page1, page1) "overlapped" [page0, page2)
        fx.map(0, 2, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(0), 2L * fx.ps);
        owner.activateWriter(w);
        owner.disposeWriter(w);
        space.reader(0, fx.page(1), 0);
        space.writer(0, fx.page(1) + 5, 0);
        assertFalse(Vaddr.overlaps(fx.page(1), fx.page(1), fx.page(0), fx.page(2)));
        assertFalse(Vaddr.overlaps(fx.page(0), fx.page(2), fx.page(1), fx.page(1)));
        assertTrue(Vaddr.overlaps(fx.page(0), fx.page(2), fx.page(1), fx.page(1) + 1));
    }

    @Test
    void writerCreationOverlappingADisposedReaderIsRefusedButReaderCreationIsNot() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = space.reader(0, fx.page(0), 100);
        owner.activateReader(r);
        owner.disposeReader(r);
        fx.assertRefused(ErrorKind.Conflict, () -> space.writer(0, fx.page(0) + 50, 10));
        space.reader(0, fx.page(0) + 50, 10);
    }

    @Test
    void readerActivationBorrowsThePagesAndLeavesThemInMemView() {
        fx.map(0, 2, PageProperty.RW);
        VmReader<Fallible> r = space.reader(0, fx.page(0) + 10, fx.ps);
        owner.activateReader(r);
        Snapshot s = space.snapshot();
        assertEquals(List.of(fx.page(0), fx.page(1)), List.copyOf(s.owners().get(r.owner().id()).view()));
        assertTrue(s.memViewTaken().isEmpty());
        TraceEvent e = fx.sink.last();
        assertEquals(TraceOp.ActivateReader, e.op());
        assertEquals(16L, e.postOrNull().get("remainingPages"));
        assertEquals(List.of(Vaddr.hex(fx.page(0)), Vaddr.hex(fx.page(1))), e.postOrNull().get("view"));
    }

    @Test
    void readerActivationOverAnUnmappedPageIsRefused() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = space.reader(0, fx.page(0), 2L * fx.ps);
        fx.assertRefused(ErrorKind.NotMapped, () -> owner.activateReader(r));
    }

    @Test
    void readerActivationOverAPageHeldByAWriterIsRefusedNotMapped() {
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(0), 8);
        owner.activateWriter(w);
        VmReader<Fallible> r = space.reader(0, fx.page(0), 8);
        fx.assertRefused(ErrorKind.NotMapped, () -> owner.activateReader(r));
    }

    @Test
    void overlappingReadersAreRefusedWithoutSharedReader() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> a = space.reader(0, fx.page(0), 64);
        VmReader<Fallible> b = space.reader(0, fx.page(0) + 32, 64);
        owner.activateReader(a);
        fx.assertRefused(ErrorKind.Conflict, () -> owner.activateReader(b));
    }

    @Test
    void readersWithDisjointBytesOnTheSamePageAreRefusedWithoutSharedReader() {
        // trace-validation/DIVERGENCES.md, D2: the spec refuses a page in another reader's view
        fx.map(0, 2, PageProperty.RW);
        VmReader<Fallible> a = space.reader(0, fx.page(0) + 100, 64);
        VmReader<Fallible> b = space.reader(0, fx.page(0), 12);
        owner.activateReader(a);
        fx.assertRefused(ErrorKind.Conflict, () -> owner.activateReader(b));
        owner.activateReader(space.reader(0, fx.page(1), 12)); // the next page is free to borrow
    }

    @Test
    void overlappingReadersAreAllowedWithSharedReader() {
        Fixture shared = new Fixture(true);
        shared.map(0, 1, PageProperty.RW);
        VmReader<Fallible> a = shared.space.reader(0, shared.page(0), 64);
        VmReader<Fallible> b = shared.space.reader(0, shared.page(0) + 32, 64);
        shared.space.owner().activateReader(a);
        shared.space.owner().activateReader(b);
        shared.assertInvariants();
    }

    @Test
    void writerActivationSplitsThePagesOffMemView() {
        fx.map(0, 3, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(1), fx.ps + 1);
        owner.activateWriter(w);
        assertEquals(List.of(fx.page(1), fx.page(2)), List.copyOf(space.snapshot().memViewTaken()));
        assertEquals(14L, fx.sink.last().postOrNull().get("remainingPages"));
    }

    @Test
    void writerActivationOverABorrowedPageIsRefused() {
        fx.map(0, 2, PageProperty.RW);
        VmReader<Fallible> r = space.reader(0, fx.page(1), 8);
        owner.activateReader(r);
        VmWriter<Fallible> w = space.writer(0, fx.page(0), 2L * fx.ps);
        fx.assertRefused(ErrorKind.Borrowed, () -> owner.activateWriter(w));
        owner.disposeReader(r);
        owner.removeReader(r); // the borrow ends
        owner.activateWriter(w);
    }

    @Test
    void writerActivationOverAnotherWritersPageIsRefusedNotMapped() {
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> a = space.writer(0, fx.page(0), 8);
        VmWriter<Fallible> b = space.writer(0, fx.page(0) + 8, 8);
        owner.activateWriter(a);
        fx.assertRefused(ErrorKind.NotMapped, () -> owner.activateWriter(b));
    }

    @Test
    void writerActivationOverAnUnmappedPageIsRefused() {
        VmWriter<Fallible> w = space.writer(0, fx.page(3), 8);
        fx.assertRefused(ErrorKind.NotMapped, () -> owner.activateWriter(w));
    }

    @Test
    void lifecycleOperationsInTheWrongStateAreRefusedInvalidState() {
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(0), 8);
        fx.assertRefused(ErrorKind.InvalidState, () -> owner.disposeWriter(w));
        fx.assertRefused(ErrorKind.InvalidState, () -> owner.removeWriter(w));
        owner.activateWriter(w);
        fx.assertRefused(ErrorKind.InvalidState, () -> owner.activateWriter(w));
        fx.assertRefused(ErrorKind.InvalidState, () -> owner.removeWriter(w));
        owner.disposeWriter(w);
        fx.assertRefused(ErrorKind.InvalidState, () -> w.writeVal(1L));
        fx.assertRefused(ErrorKind.InvalidState, () -> w.skip(1));
        owner.removeWriter(w);
        fx.assertRefused(ErrorKind.InvalidState, () -> owner.removeWriter(w));
    }

    @Test
    void droppingANeverActivatedOwnerRemovesItAndChangesNothingElse() {
        fx.map(0, 2, PageProperty.RW);
        VmReader<Fallible> r = space.reader(0, fx.page(0), 8);
        VmWriter<Fallible> w = space.writer(0, fx.page(1), 2L * fx.ps); // page 2 unmapped: cannot activate
        fx.assertRefused(ErrorKind.NotMapped, () -> owner.activateWriter(w));
        Snapshot before = space.snapshot();
        int events = fx.sink.events().size();
        owner.dropOwner(w);
        Snapshot after = space.snapshot();
        assertFalse(after.owners().containsKey(w.owner().id()));
        assertTrue(after.owners().containsKey(r.owner().id()));
        // only the owner's books change: the same snapshot without owner w
        java.util.SortedMap<Long, Snapshot.OwnerState> rest = new java.util.TreeMap<>(before.owners());
        rest.remove(w.owner().id());
        assertEquals(new Snapshot(before.pageSize(), before.maxUserspaceVaddr(), before.frameCount(),
                before.sharedReader(), before.current(), before.pt(), before.free(), before.tlb(), before.cursors(),
                com.google.common.collect.ImmutableSortedMap.copyOfSorted(rest), before.memViewTaken(),
                before.lastAccess()), after);
        assertEquals(events + 1, fx.sink.events().size());
        TraceEvent e = fx.sink.last();
        assertEquals(TraceOp.DropOwner, e.op());
        assertEquals("ok", e.outcome());
        assertEquals(java.util.Map.of("id", w.owner().id()), e.args());
        assertNull(e.postOrNull());
        owner.dropOwner(r);
        assertTrue(space.snapshot().owners().isEmpty());
        // a dropped owner is gone: it can be neither activated nor used
        fx.assertRefused(ErrorKind.InvalidState, () -> owner.activateReader(r));
        fx.assertRefused(ErrorKind.InvalidState, () -> r.readLong());
    }

    @Test
    void droppingAnOwnerThatIsNotCreatedIsRefusedInvalidState() {
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(0), 8);
        owner.activateWriter(w);
        TraceEvent e = fx.assertRefused(ErrorKind.InvalidState, () -> owner.dropOwner(w)); // active
        assertEquals(TraceOp.DropOwner, e.op());
        assertEquals(w.owner().id(), e.args().get("id"));
        assertNull(e.postOrNull());
        owner.disposeWriter(w);
        fx.assertRefused(ErrorKind.InvalidState, () -> owner.dropOwner(w)); // disposed
        owner.removeWriter(w);
        fx.assertRefused(ErrorKind.InvalidState, () -> owner.dropOwner(w)); // removed
        VmReader<Fallible> r = space.reader(0, fx.page(0), 8);
        owner.activateReader(r);
        fx.assertRefused(ErrorKind.InvalidState, () -> owner.dropOwner(r)); // active reader
        owner.disposeReader(r);
        fx.assertRefused(ErrorKind.InvalidState, () -> owner.dropOwner(r)); // disposed reader
        VmReader<Fallible> d = space.reader(0, fx.page(0), 8);
        owner.dropOwner(d);
        fx.assertRefused(ErrorKind.InvalidState, () -> owner.dropOwner(d)); // dropped twice
    }

    @Test
    void removingAWriterJoinsItsViewBack() {
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(0), 8);
        owner.activateWriter(w);
        owner.disposeWriter(w);
        assertEquals(1, fx.sink.last().postOrNull().get("writers"));
        owner.removeWriter(w);
        assertTrue(space.snapshot().memViewTaken().isEmpty());
        assertEquals(16L, fx.sink.last().postOrNull().get("remainingPages"));
        assertEquals(0, fx.sink.last().postOrNull().get("writers"));
    }

    @Test
    void disposingAnEmptyRangeStillParksTheOwner() {
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(0), 8);
        owner.activateWriter(w);
        w.writeVal(7L);
        assertEquals(0, w.avail());
        owner.disposeWriter(w);
        assertEquals(VmIoOwner.State.disposed, space.snapshot().owners().get(w.owner().id()).state());
    }

    @Test
    void writeAndReadCopyTheBytesAndAdvanceTheCursor() {
        fx.map(0, 2, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(0) + 4090, 12);
        owner.activateWriter(w);
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertEquals(12, w.write(VmReader.fromSlice(data)));
        assertEquals(fx.page(0) + 4102, w.cursor());
        TraceEvent e = fx.sink.last();
        assertEquals("ok", e.outcome());
        assertEquals(12L, e.postOrNull().get("copied"));
        owner.disposeWriter(w);
        owner.removeWriter(w);
        VmReader<Fallible> r = space.reader(0, fx.page(0) + 4090, 12);
        owner.activateReader(r);
        byte[] out = new byte[12];
        assertEquals(12, r.read(VmWriter.fromSlice(out)));
        assertArrayEquals(data, out);
        assertEquals(0, r.remain());
    }

    @Test
    void readOnACpuWhereTheSpaceIsNotCurrentIsRefused() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = space.reader(0, fx.page(0), 8);
        owner.activateReader(r);
        r.onCpu(1);
        fx.assertRefused(ErrorKind.AccessDenied, r::readLong);
    }

    @Test
    void readValBeyondTheRemainingRangeIsRefusedInvalidArgs() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = space.reader(0, fx.page(0), 4);
        owner.activateReader(r);
        fx.assertRefused(ErrorKind.InvalidArgs, r::readLong);
        assertEquals(0, r.readInt());
    }

    @Test
    void writeToAnUnmappedPageFaultsAfterPartialProgress() {
        fx.map(0, 3, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(0) + 4000, 2L * fx.ps);
        owner.activateWriter(w);
        fx.unmap(1, 1);
        PageFaultException e = assertThrows(PageFaultException.class,
                () -> w.write(VmReader.fromSlice(new byte[300])));
        assertEquals(96, e.copied());
        assertEquals(fx.page(1), e.faultVaddr());
        assertEquals(fx.page(1), w.cursor());
        TraceEvent ev = fx.sink.last();
        assertEquals("PageFault", ev.outcome());
        assertEquals(96L, ev.postOrNull().get("copied"));
        assertEquals(Vaddr.hex(fx.page(1)), ev.postOrNull().get("start"));
        assertEquals(0, w.writeFallible(VmReader.fromSlice(new byte[8])));
    }

    @Test
    void writeToAReadOnlyPageFaultsAndCachesTheTranslation() {
        fx.map(0, 1, PageProperty.READ_ONLY);
        VmWriter<Fallible> w = space.writer(0, fx.page(0), 8);
        owner.activateWriter(w);
        // write (not write_val, which rolls back and caches nothing: RollbackTest, D1)
        assertThrows(PageFaultException.class, () -> w.write(VmReader.fromSlice(new byte[8])));
        Snapshot.TlbEntry t = space.snapshot().tlb().get(0).get(fx.page(0));
        assertFalse(t.writable());
    }

    @Test
    void aStaleWritableTlbEntryOutlivesProtectNext() {
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(0), 16);
        owner.activateWriter(w);
        w.writeVal(1L); // caches RW
        try (CursorMut c = space.cursorMut(fx.page(0), fx.page(1))) {
            assertEquals(Optional.of(fx.page(0)), c.protectNext(fx.ps, PageProperty.READ_ONLY));
        }
        w.writeVal(2L); // no flush on protect: the stale entry is used
        w.onCpu(1);
        space.activate(1);
        VmWriter<Fallible> w2 = w;
        assertEquals(0, w2.avail());
    }

    @Test
    void skipAdvancesWithoutTouchingMemoryAndRefusesTooFar() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = space.reader(0, fx.page(0), 100);
        owner.activateReader(r);
        r.skip(40);
        assertEquals(fx.page(0) + 40, r.cursor());
        assertTrue(space.snapshot().tlb().get(0).isEmpty());
        fx.assertRefused(ErrorKind.InvalidArgs, () -> r.skip(61));
    }

    @Test
    void fillAndFillZerosWriteWholeValuesAndZeros() {
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = space.writer(0, fx.page(0), 20);
        owner.activateWriter(w);
        assertEquals(2, w.fill(0x0102030405060708L));
        assertEquals(4, w.fillZeros(100));
        owner.disposeWriter(w);
        owner.removeWriter(w);
        VmReader<Fallible> r = space.reader(0, fx.page(0), 20);
        owner.activateReader(r);
        assertEquals(0x0102030405060708L, r.readLong());
        assertEquals(0x0102030405060708L, r.readOnceLong());
        assertEquals(0, r.readInt());
    }

    @Test
    void kernelReadersAndWritersCopyLimitAndSkip() {
        byte[] src = {1, 2, 3, 4, 5};
        byte[] dst = new byte[3];
        VmReader<Infallible> r = VmReader.fromSlice(src);
        r.skip(1);
        VmWriter<Infallible> w = VmWriter.fromSlice(dst);
        assertEquals(3, r.read(w));
        assertArrayEquals(new byte[] {2, 3, 4}, dst);
        assertEquals(1, r.remain());
        assertFalse(w.hasAvail());
        assertEquals(42L, VmReader.fromPod(42L).readLong());
        VmReader<Infallible> lim = VmReader.fromSlice(src).limit(2);
        assertEquals(2, lim.remain());
        assertEquals(2, lim.toFallible().remain());
        assertThrows(VmException.class, () -> lim.skip(3));
    }

    @Test
    void cursorMutOverABadRangeIsRefused() {
        fx.assertRefused(ErrorKind.AccessDenied, () -> space.cursorMut(fx.page(1), fx.page(1)));
        fx.assertRefused(ErrorKind.AccessDenied, () -> space.cursorMut(fx.page(1), fx.page(1) + 1));
        fx.assertRefused(ErrorKind.AccessDenied, () -> space.cursorMut(fx.page(1), space.maxUserspaceVaddr() + fx.ps));
    }

    @Test
    void theTimedCursorMutOverALockedRangeIsRefusedBusy() {
        try (CursorMut c = space.cursorMut(fx.page(0), fx.page(4))) {
            fx.assertRefused(ErrorKind.Busy, () -> space.cursorMut(fx.page(3), fx.page(5), Duration.ofMillis(5)));
            space.cursorMut(fx.page(4), fx.page(5), Duration.ZERO).close();
        }
        space.cursorMut(fx.page(3), fx.page(5), Duration.ZERO).close();
    }

    @Test
    void cursorMutBlocksUntilTheOverlappingCursorIsDropped() throws Exception {
        CursorMut c = space.cursorMut(fx.page(0), fx.page(4));
        long[] got = new long[1];
        Thread t = new Thread(() -> {
            try (CursorMut d = space.cursorMut(fx.page(2), fx.page(6))) {
                got[0] = d.id();
            }
        });
        t.start();
        Thread.sleep(100);
        assertTrue(t.isAlive(), "the second cursor must wait");
        c.close();
        t.join(5000);
        assertFalse(t.isAlive());
        assertEquals(c.id() + 1, got[0]);
    }

    @Test
    void mapOverAnExistingMappingReplacesAndFlushes() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = space.reader(0, fx.page(0), 8);
        owner.activateReader(r);
        r.readInt(); // caches page 0
        UFrame old = space.snapshot().pt().get(fx.page(0)).frame() == 0 ? space.frame(0) : null;
        try (CursorMut c = space.cursorMut(fx.page(0), fx.page(1))) {
            Optional<UFrame> replaced = c.map(space.frame(5), PageProperty.RW);
            assertEquals(Optional.of(old), replaced);
            assertEquals(TraceOp.DispatchTlbFlush, fx.sink.last().op());
            assertEquals(List.of("0x0"), fx.sink.last().postOrNull().get("freed"));
        }
        assertTrue(space.snapshot().tlb().get(0).isEmpty());
        assertTrue(space.snapshot().free().contains(0L));
    }

    @Test
    void mapOfAFrameInUseIsRefusedAndMapPastTheEndPanics() {
        fx.map(0, 1, PageProperty.RW);
        try (CursorMut c = space.cursorMut(fx.page(1), fx.page(2))) {
            fx.assertRefused(ErrorKind.InvalidArgs, () -> c.map(space.frame(0), PageProperty.RW));
            c.mapAny(PageProperty.RW);
            fx.assertRefused(ErrorKind.Panic, () -> c.mapAny(PageProperty.RW));
        }
    }

    @Test
    void unmapReturnsTheCountFlushesAndFreesTheFrames() {
        fx.map(0, 3, PageProperty.RW);
        try (CursorMut c = space.cursorMut(fx.page(0), fx.page(4))) {
            assertEquals(3, c.unmap(4L * fx.ps));
            assertEquals(fx.page(4), c.virtAddr());
        }
        assertEquals(16, space.snapshot().free().size());
        assertTrue(space.snapshot().pt().isEmpty());
    }

    @Test
    void unmapWithABadLengthPanics() {
        try (CursorMut c = space.cursorMut(fx.page(0), fx.page(2))) {
            fx.assertRefused(ErrorKind.Panic, () -> c.unmap(100));
            fx.assertRefused(ErrorKind.Panic, () -> c.unmap(3L * fx.ps));
            fx.assertRefused(ErrorKind.Panic, () -> c.unmap(-4096L));
            fx.assertRefused(ErrorKind.Panic, () -> c.protectNext(3L * fx.ps, PageProperty.RW));
        }
    }

    @Test
    void deferredUnmapKeepsTheFramePendingUntilDispatch() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = space.reader(0, fx.page(0), 16);
        owner.activateReader(r);
        r.readLong();
        try (CursorMut c = space.cursorMut(fx.page(0), fx.page(1))) {
            assertEquals(1, c.unmapDeferred(fx.ps));
            assertFalse(space.snapshot().free().contains(0L));
            assertEquals(0L, r.readLong()); // the stale TLB entry still works, on a live frame
            fx.assertInvariants();
            assertEquals(1, c.flusher().dispatchTlbFlush());
            assertEquals(0, c.flusher().dispatchTlbFlush());
        }
        assertTrue(space.snapshot().free().contains(0L));
    }

    @Test
    void protectNextChangesTheFirstMappedPageOnly() {
        fx.map(1, 2, PageProperty.RW);
        try (CursorMut c = space.cursorMut(fx.page(0), fx.page(4))) {
            assertEquals(Optional.of(fx.page(1)), c.protectNext(4L * fx.ps, PageProperty.READ_ONLY));
            assertEquals(fx.page(2), c.virtAddr());
            c.jump(fx.page(3));
            assertEquals(Optional.empty(), c.protectNext(fx.ps, PageProperty.READ_ONLY));
            assertEquals(fx.page(4), c.virtAddr());
        }
        assertEquals("R", space.snapshot().pt().get(fx.page(1)).prop());
        assertEquals("RW", space.snapshot().pt().get(fx.page(2)).prop());
    }

    @Test
    void jumpOutsideTheRangeIsRefused() {
        try (CursorMut c = space.cursorMut(fx.page(0), fx.page(2))) {
            fx.assertRefused(ErrorKind.AccessDenied, () -> c.jump(fx.page(2)));
            fx.assertRefused(ErrorKind.AccessDenied, () -> c.jump(fx.page(0) + 1));
            c.jump(fx.page(1));
            assertEquals(fx.page(1), c.virtAddr());
        }
    }

    @Test
    void queryAndFindNextReportMappings() {
        fx.map(2, 1, PageProperty.READ_ONLY);
        try (CursorMut c = space.cursorMut(fx.page(0), fx.page(4))) {
            assertTrue(c.query().item().isEmpty());
            assertEquals(Optional.of(fx.page(2)), c.findNext(4L * fx.ps));
            assertEquals(PageProperty.READ_ONLY, c.query().item().get().prop());
        }
        Cursor ro = space.cursor(fx.page(0), fx.page(4));
        assertEquals(Optional.of(fx.page(2)), ro.findNext(3L * fx.ps));
    }

    @Test
    void operationsOnADroppedCursorAreRefusedInvalidState() {
        CursorMut c = space.cursorMut(fx.page(0), fx.page(2));
        c.close();
        c.close();
        fx.assertRefused(ErrorKind.InvalidState, () -> c.mapAny(PageProperty.RW));
        fx.assertRefused(ErrorKind.InvalidState, () -> c.unmap(fx.ps));
        fx.assertRefused(ErrorKind.InvalidState, () -> c.jump(fx.page(0)));
    }

    @Test
    void theTraceRecordsFramesAsPhysicalAddressesAndLensAsDecimalStrings() {
        try (CursorMut c = space.cursorMut(fx.page(0), fx.page(2))) {
            c.map(space.frame(3), PageProperty.RW);
            TraceEvent m = fx.sink.last();
            assertEquals("0x3000", m.args().get("frame"));
            assertEquals(Vaddr.hex(fx.page(1)), m.postOrNull().get("va"));
            assertNull(m.postOrNull().get("replaced"));
            assertEquals(15, m.postOrNull().get("freeFrames"));
            c.jump(fx.page(0));
            c.unmap(8192);
            TraceEvent u = fx.sink.events().get(fx.sink.events().size() - 2);
            assertEquals("8192", u.args().get("len"));
            assertEquals(1L, u.postOrNull().get("unmapped"));
        }
    }
}
