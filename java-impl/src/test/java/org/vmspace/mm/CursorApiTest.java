package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vmspace.model.CachePolicy;
import org.vmspace.model.PageProperty;
import org.vmspace.trace.MemorySink;
import org.vmspace.trace.TraceEvent;

/**
 * The cursor API of issue 14: {@code protect_next} with a function of the old property, page properties
 * with cache policy and privileged flags, the read-only {@link Cursor} as an {@link java.util.Iterator}
 * over mapped items, its {@code find_next} leaving the cursor after {@code len} bytes on a miss, and
 * cursors up to the very end of user space.
 *
 * <p>Evidence these tests can fail (each planted by hand in main code, the tests run, then reverted):
 * {@code protectNext} applying {@code op} to {@code RW} instead of the page's old property fails
 * {@code protectNextAppliesTheFunctionToTheOldProperty...}; {@code PageProperty.bits()} dropping the
 * cache policy ({@code flags | privFlags << 11}) fails {@code aPagePropertyKeepsItsCachePolicy...} and
 * {@code protectNextAppliesTheFunction...}; {@code Cursor.next()} not moving past the returned page
 * fails {@code theReadOnlyCursorIteratesOverTheMappedItemsOnly}; {@code Cursor.findNext} staying put
 * on a miss fails {@code findNextOnAMissMovesTheReadOnlyCursorLenBytesOn}.
 */
class CursorApiTest {
    private final Fixture fx = new Fixture();

    @Test
    void aPagePropertyKeepsItsCachePolicyAndPrivilegedFlagsThroughThePageTable() {
        for (CachePolicy cp : CachePolicy.values()) {
            for (int priv = 0; priv < 4; priv++) {
                PageProperty p = new PageProperty(PageProperty.R | PageProperty.X | PageProperty.DIRTY, cp, priv);
                assertEquals(p, PageProperty.fromBits(p.bits()));
            }
        }
        assertEquals(new PageProperty(PageProperty.R, CachePolicy.Writeback, PageProperty.USER), PageProperty.READ_ONLY);
        assertThrows(IllegalArgumentException.class, () -> new PageProperty(1, CachePolicy.Writeback, 4));

        PageProperty wc = PageProperty.newUser(PageProperty.R | PageProperty.W, CachePolicy.WriteCombining)
                .withPrivFlags(PageProperty.USER | PageProperty.GLOBAL);
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(2))) {
            c.mapAny(wc);
            c.jump(fx.page(0));
            MappedItem m = c.query().item().orElseThrow();
            assertEquals(wc, m.prop());
        }
        assertEquals("RW", fx.space.snapshot().pt().get(fx.page(0)).prop());
    }

    @Test
    void protectNextAppliesTheFunctionToTheOldPropertyOfTheFirstMappedPageOnce() {
        PageProperty wt = PageProperty.newUser(PageProperty.R | PageProperty.W | PageProperty.X, CachePolicy.Writethrough);
        AtomicInteger calls = new AtomicInteger();
        List<PageProperty> seen = new ArrayList<>();
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(4))) {
            c.jump(fx.page(1));
            c.mapAny(wt);
            c.jump(fx.page(0));
            Optional<Long> p = c.protectNext(3L * fx.ps, old -> {
                calls.incrementAndGet();
                seen.add(old);
                return old.withFlags(old.flags() & ~PageProperty.W);
            });
            assertEquals(Optional.of(fx.page(1)), p);
            assertEquals(fx.page(2), c.virtAddr());
            TraceEvent e = fx.sink.last();
            assertEquals("ProtectNext", e.op().name());
            assertEquals("R", e.args().get("prop"));
            c.jump(fx.page(1));
            assertEquals(wt.withFlags(PageProperty.R | PageProperty.X), c.query().item().orElseThrow().prop());
            // nothing mapped in [page 2, page 4): op is not called, the cursor moves len on
            c.jump(fx.page(2));
            assertEquals(Optional.empty(), c.protectNext(2L * fx.ps, old -> {
                calls.incrementAndGet();
                return old;
            }));
            assertEquals(fx.page(4), c.virtAddr());
        }
        assertEquals(1, calls.get());
        assertEquals(List.of(wt), seen);
        fx.assertInvariants();
    }

    @Test
    void theReadOnlyCursorIteratesOverTheMappedItemsOnly() {
        fx.map(1, 1, PageProperty.RW);
        fx.map(3, 2, PageProperty.READ_ONLY);
        Cursor c = fx.space.cursor(fx.page(0), fx.page(6));
        List<Long> pages = new ArrayList<>();
        List<String> props = new ArrayList<>();
        for (int k = 0; k < 10 && c.hasNext(); k++) { // bounded: a cursor that does not move fails, not hangs
            QueryResult q = c.next();
            pages.add(q.va());
            props.add(q.item().orElseThrow().prop().protocolName());
        }
        assertEquals(List.of(fx.page(1), fx.page(3), fx.page(4)), pages);
        assertEquals(List.of("RW", "R", "R"), props);
        assertEquals(fx.page(5), c.virtAddr());
        assertThrows(NoSuchElementException.class, c::next);
        int events = fx.sink.events().size();
        fx.space.cursor(fx.page(0), fx.page(6)).forEachRemaining(q -> { });
        assertEquals(events, fx.sink.events().size(), "the read-only cursor logs nothing");
    }

    @Test
    void findNextOnAMissMovesTheReadOnlyCursorLenBytesOn() {
        fx.map(4, 1, PageProperty.RW);
        Cursor c = fx.space.cursor(fx.page(0), fx.page(6));
        assertEquals(Optional.empty(), c.findNext(2L * fx.ps));
        assertEquals(fx.page(2), c.virtAddr());
        assertEquals(Optional.of(fx.page(4)), c.findNext(4L * fx.ps));
        assertEquals(fx.page(4), c.virtAddr());
        c.jump(fx.page(5));
        assertEquals(Optional.empty(), c.findNext(fx.ps)); // reaches the end of the range
        assertEquals(fx.page(6), c.virtAddr());
        assertFalse(c.hasNext());
    }

    /**
     * {@code CursorMut.findNext} on a miss moves the cursor to {@code va + len}, the first address the seed
     * allows ("the cursor may stop at any address after {@code len} bytes"), as the read-only cursor does;
     * every call is one {@code FindNext} event (trace v3) with the cursor's new {@code va} and the page
     * found. (Evidence: with the miss branch leaving the cursor where it was, as before issue 14 item 2, the
     * first {@code virtAddr} assertion fails.)
     */
    @Test
    void findNextOnAMissMovesTheMutableCursorLenBytesOnAndLogsFindNext() {
        fx.map(4, 1, PageProperty.RW);
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(6))) {
            int before = fx.sink.events().size();
            assertEquals(Optional.empty(), c.findNext(2L * fx.ps));
            assertEquals(fx.page(2), c.virtAddr());
            assertEquals(Optional.of(fx.page(4)), c.findNext(4L * fx.ps));
            assertEquals(fx.page(4), c.virtAddr());
            assertEquals(Optional.of(fx.page(4)), c.findNext(fx.ps)); // a hit at va: stays
            assertEquals(fx.page(4), c.virtAddr());
            c.jump(fx.page(5));
            assertEquals(Optional.empty(), c.findNext(fx.ps)); // reaches the end of the range
            assertEquals(fx.page(6), c.virtAddr());
            assertThrows(org.vmspace.model.VmException.class, () -> c.findNext(fx.ps)); // past the range: Panic
            assertEquals(fx.page(6), c.virtAddr());
            List<TraceEvent> evs = fx.sink.events().subList(before, fx.sink.events().size());
            List<String> got = new ArrayList<>();
            for (TraceEvent e : evs) {
                got.add(e.op() + " " + e.outcome() + " " + (e.postOrNull() == null ? "-" : e.postOrNull().get("va") + " "
                        + e.postOrNull().get("found")));
            }
            String p2 = org.vmspace.model.Vaddr.hex(fx.page(2));
            String p4 = org.vmspace.model.Vaddr.hex(fx.page(4));
            String p6 = org.vmspace.model.Vaddr.hex(fx.page(6));
            assertEquals(List.of("FindNext ok " + p2 + " null", "FindNext ok " + p4 + " " + p4,
                    "FindNext ok " + p4 + " " + p4, "Jump ok -", "FindNext ok " + p6 + " null", "FindNext Panic -"), got);
        }
    }

    @Test
    void cursorsReachTheVeryEndOfUserSpace() {
        long end = fx.space.maxUserspaceVaddr();
        int ps = fx.ps;
        try (CursorMut c = fx.space.cursorMut(end - 2L * ps, end)) {
            c.mapAny(PageProperty.RW);
            c.mapAny(PageProperty.RW);
            assertEquals(end, c.virtAddr());
            c.jump(end - ps);
            assertTrue(c.query().item().isPresent());
            assertEquals(end, c.query().end());
            assertEquals(Optional.of(end - ps), c.protectNext(ps, PageProperty.READ_ONLY));
            assertEquals(end, c.virtAddr());
            c.jump(end - 2L * ps);
            assertEquals(2, c.unmapDeferred(2L * ps));
            assertEquals(end, c.virtAddr());
            assertEquals(Optional.empty(), c.protectNext(0, PageProperty.RW));
        }
        // a cursor over all of user space, [0, MAX_USERSPACE_VADDR)
        try (CursorMut c = fx.space.cursorMut(0, end)) {
            c.jump(end - ps);
            c.mapAny(PageProperty.RW);
            c.jump(0);
            assertEquals(Optional.of(end - ps), c.findNext(end));
            c.jump(0);
            assertEquals(1, c.unmap(end));
            assertEquals(end, c.virtAddr());
        }
        Cursor all = fx.space.cursor(0, end);
        assertFalse(all.hasNext());
        assertEquals(Optional.empty(), all.findNext(end));
        assertEquals(end, all.virtAddr());
        fx.map(15, 1, PageProperty.RW); // the window's last page is the last user page
        Cursor r = fx.space.cursor(end - ps, end);
        assertEquals(end - ps, r.next().va());
        assertFalse(r.hasNext());
        VmWriter<Fallible> w = fx.space.writer(0, end - 8, 8);
        fx.space.owner().activateWriter(w);
        w.writeVal(-1L);
        assertEquals(0, w.avail());
        fx.assertInvariants();
        assertThrows(org.vmspace.model.VmException.class, () -> fx.space.cursorMut(end - ps, end + ps));
    }

    @Test
    void theConstantFormLogsItsPropertyAsBefore() {
        MemorySink sink = fx.sink;
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(2))) {
            c.protectNext(fx.ps, PageProperty.RW); // nothing mapped
            assertEquals("RW", sink.last().args().get("prop"));
        }
    }
}
