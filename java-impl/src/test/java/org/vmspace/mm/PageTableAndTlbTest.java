package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vmspace.mm.frame.FrameAllocator;
import org.vmspace.mm.pagetable.PageTable;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageProperty;
import org.vmspace.model.UFrame;
import org.vmspace.model.VmException;

/**
 * Tests that kill the survivors of PIT's run (java-impl/README.md, "Mutation score") in the page-table,
 * TLB and cursor code; each names the mutant it kills, shown failing with the mutant applied by hand.
 */
class PageTableAndTlbTest {
    private final Fixture fx = new Fixture();

    /**
     * A scan crosses from one leaf node (512 pages) into the next. Kills PageTable.scan's
     * {@code i < leaves.length} to {@code i <= leaves.length} (reads slot 512 of the first node).
     */
    @Test
    void aScanFindsAPageInTheNextLeafNode() {
        VmSpace space = VmSpace.builder().cpus(1).frames(4).windowPages(1024).build();
        int ps = space.pageSize();
        long span = 512L * ps; // the pages of one leaf node
        long boundary = ((space.windowBase() + 4L * ps) / span + 1) * span; // inside the window
        space.activate(0);
        try (CursorMut c = space.cursorMut(boundary - 2L * ps, boundary + 2L * ps)) {
            c.mapAny(PageProperty.RW); // the last node's page before the scan: that node exists
            c.jump(boundary + ps);
            c.mapAny(PageProperty.RW); // the page the scan finds, in the next node
        }
        Cursor k = space.cursor(boundary - ps, boundary + 2L * ps);
        assertEquals(Optional.of(boundary + ps), k.findNext(3L * ps));
        assertEquals(boundary + ps, k.virtAddr());
    }

    /**
     * The page-table cost counter counts: a lookup costs at least one step, a scan at least one per
     * slot it visits. Kills the {@code steps++} to {@code steps--} mutants of PageTable.leafNode and of
     * the slot loop of PageTable.scan (HardeningTest's upper bounds hold for a counter that counts down).
     */
    @Test
    void lookupsAndScansCountTheirSteps() {
        fx.map(0, 1, PageProperty.RW);
        long s0 = fx.space.pageTableSteps();
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(1))) {
            assertTrue(c.query().item().isPresent());
        }
        assertTrue(fx.space.pageTableSteps() - s0 >= 1, "a lookup: " + (fx.space.pageTableSteps() - s0));
        long s1 = fx.space.pageTableSteps();
        Cursor k = fx.space.cursor(fx.page(1), fx.page(9));
        assertEquals(Optional.empty(), k.findNext(8L * fx.ps)); // 8 empty slots of page 0's leaf node
        assertTrue(fx.space.pageTableSteps() - s1 >= 8, "a scan of 8 slots: " + (fx.space.pageTableSteps() - s1));
    }

    /**
     * The spec's {@code Transl}: a CPU uses its TLB entry while it has one, so a write goes through a
     * cached writable translation after the page was made read-only without a flush (ProtectNext does
     * not flush; tla/MCVmSpaceReachStaleTlbUse). Kills Tlb.get returning null (every access walks the
     * page table and faults on the read-only leaf).
     */
    @Test
    void aCachedWritableTranslationIsUsedUntilItIsFlushed() {
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 16);
        fx.space.owner().activateWriter(w);
        assertEquals(8, w.writeFallible(VmReader.fromSlice(new byte[8])));
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(1))) {
            c.protectNext(fx.ps, PageProperty.READ_ONLY);
        }
        assertEquals("R", fx.space.snapshot().pt().get(fx.page(0)).prop());
        assertEquals(8, w.writeFallible(VmReader.fromSlice(new byte[8])), "the write uses the cached writable entry");
        assertEquals(java.util.List.of(), fx.sink.last().postOrNull().get("tlbFilled"));
        fx.assertInvariants();
    }

    /**
     * {@code pendingCount} counts the pending ops and releases the lock. Kills its three mutants
     * (return 0, removed {@code lock}, removed {@code unlock}).
     */
    @Test
    void pendingCountCountsThePendingOpsUnderTheLock() {
        fx.map(0, 2, PageProperty.RW);
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(2))) {
            c.unmapDeferred(2L * fx.ps);
            assertEquals(2, c.flusher().pendingCount());
            assertEquals(0, fx.space.lock.getHoldCount(), "pendingCount left the lock held");
            c.flusher().dispatchTlbFlush();
            assertEquals(0, c.flusher().pendingCount());
        }
    }

    /** {@code mapDeferred} returns the frame it replaced. Kills its Optional.empty return mutant. */
    @Test
    void mapDeferredReturnsTheReplacedFrame() {
        fx.map(0, 1, PageProperty.RW);
        UFrame old = fx.space.queryAt(fx.page(0)).item().get().frame();
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(1))) {
            Optional<UFrame> replaced = c.mapDeferred(fx.space.lowestFreeFrame().get(), PageProperty.RW);
            assertEquals(Optional.of(old), replaced);
            assertEquals(1, c.flusher().pendingCount());
        }
    }

    /**
     * A read-only cursor's {@code query} shows the slot's mapping and is refused past the range's end.
     * Kills Cursor.query's negated bound and its null return.
     */
    @Test
    void aReadOnlyCursorQueriesItsSlotAndNothingPastTheEnd() {
        fx.map(0, 1, PageProperty.RW);
        Cursor k = fx.space.cursor(fx.page(0), fx.page(1));
        QueryResult q = k.query();
        assertEquals(fx.page(0), q.va());
        assertTrue(q.item().isPresent());
        k.next(); // past the only page: va = hi
        VmException e = assertThrows(VmException.class, k::query);
        assertEquals(ErrorKind.AccessDenied, e.kind());
    }

    /**
     * {@code RangePages} of a range past user space is empty, and an owner's kind and fallibility are
     * those it was created with. Kills VmIoOwner.rangePages's null return on that branch (the API refuses
     * such ranges before, so only a direct call reaches it), kind()'s null and isFallible()'s false.
     */
    @Test
    void rangePagesPastUserSpaceIsEmptyAndAnOwnerKeepsItsKind() {
        long max = fx.space.maxUserspaceVaddr();
        assertArrayEquals(new long[] {0, 0}, VmIoOwner.rangePages(max, max + 8, fx.ps, max));
        assertArrayEquals(new long[] {fx.page(0), fx.page(1)}, VmIoOwner.rangePages(fx.page(0) + 1, fx.page(0) + 9, fx.ps, max));
        VmReader<Fallible> r = fx.space.reader(0, fx.page(0), 8);
        assertEquals(VmIoOwner.Kind.reader, r.owner().kind());
        assertTrue(r.owner().isFallible());
    }

    /**
     * A cursor reports its range and position and {@code mapAny} the frame it mapped; reading the
     * position releases the lock. Kills CursorMut's {@code lo()}/{@code hi()} returning 0,
     * {@code virtAddr} without {@code unlock} and {@code mapAny} returning null.
     */
    @Test
    void aCursorReportsItsRangePositionAndTheFrameItMapped() {
        try (CursorMut c = fx.space.cursorMut(fx.page(2), fx.page(4))) {
            assertEquals(fx.page(2), c.lo());
            assertEquals(fx.page(4), c.hi());
            UFrame f = c.mapAny(PageProperty.RW);
            assertEquals(fx.space.queryAt(fx.page(2)).item().get().frame(), f);
            assertEquals(fx.page(3), c.virtAddr());
            assertEquals(0, fx.space.lock.getHoldCount(), "virtAddr left the lock held");
        }
    }

    /**
     * {@code PageTable.set} returns the leaf it replaced, and {@code firstUnmapped} in a subtree that
     * does not exist is the first page asked about. Kills PageTable 90 ({@code set} returning 0) and 119
     * ({@code scan} returning 0 for a missing subtree: activation would name page 0x0 as not mapped).
     */
    @Test
    void setReturnsTheOldLeafAndAMissingSubtreeIsUnmappedFromItsFirstPage() {
        PageTable pt = new PageTable(4096);
        long va = 0x7f00_0000_0000L;
        long leaf = PageTable.encode(3, PageProperty.RW.bits());
        assertEquals(0, pt.set(va, leaf));
        assertEquals(leaf, pt.set(va, 0), "set returns the leaf it replaced");
        long far = 0x10_0000_0000L; // another root slot: no node below it
        assertEquals(far, pt.firstUnmapped(far, far + 4 * 4096L));
    }

    /**
     * A lookup of an unmapped page allocates no node: a scan of all of user space costs the same
     * before and after it. Kills PageTable 58 ({@code if (!create)} negated: a lookup builds the
     * interior nodes on its path, and the scan then descends into them instead of skipping the subtree).
     */
    @Test
    void aLookupAllocatesNothing() {
        PageTable pt = new PageTable(4096);
        long top = 1L << 47;
        long s0 = pt.steps();
        assertEquals(-1, pt.nextMapped(0, top));
        long scan = pt.steps() - s0;
        assertEquals(0, pt.get(0x7f00_0000_0000L));
        long s1 = pt.steps();
        assertEquals(-1, pt.nextMapped(0, top));
        assertEquals(scan, pt.steps() - s1, "the scan after a lookup of an unmapped page");
    }

    /**
     * {@code freeCountAfterUnref} predicts what one {@code unref} per element does, also for frames
     * that are already free (nothing) and frames listed more often than referenced. Checked against
     * the effect on lists of a free and two taken frames, with repeats. Kills FrameAllocator 75
     * ({@code refs[f] > 0} to {@code >= 0}: a free frame counted as freed again) and covers
     * {@code pageSize()} (FrameAllocator 30, no test reached it).
     */
    @Test
    void freeCountAfterUnrefPredictsTheUnrefs() {
        int[][] lists = {{}, {0}, {1}, {2}, {0, 1}, {1, 1}, {2, 2}, {0, 1, 2}, {2, 2, 1}, {0, 0, 0}};
        for (int[] fs : lists) {
            FrameAllocator a = allocator(); // frame 0 free, frames 1 and 2 taken (one reference each)
            int predicted = a.freeCountAfterUnref(fs, fs.length);
            for (int f : fs) {
                a.unref(f);
            }
            assertEquals(a.freeCount(), predicted, "after unref of " + java.util.Arrays.toString(fs));
        }
        assertEquals(4096, allocator().pageSize());
    }

    private static FrameAllocator allocator() {
        FrameAllocator a = new FrameAllocator(3, 4096);
        a.take(1);
        a.take(2);
        return a;
    }
}
