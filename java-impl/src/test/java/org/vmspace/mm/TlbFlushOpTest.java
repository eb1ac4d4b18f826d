package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vmspace.mm.tlb.TlbFlushOp;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.PageProperty;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceOp;

/**
 * Frameless TLB flush ops (issue 14 item 2): {@code TlbFlusher.issueTlbFlush} of {@code All},
 * {@code Address(va)} and {@code Range(r)}, carried out by the next dispatch on every CPU. Their use: after
 * {@code protect_next} (which does not flush) a CPU keeps a stale writable entry; a range flush drops it and
 * the next write faults.
 *
 * <p>Evidence these tests can fail: with {@code -Dvmspace.bugs=FlushRangeSkipsLast} (or
 * a fixture built with {@code Bug.FlushRangeSkipsLast}) the last page of every frameless op keeps
 * its entry, and {@code aRangeFlushAfterProtectNextMakesTheNextWriteFault},
 * {@code allAndAddressFlushesDropTheirPagesOnEveryCpu} fail; {@link #flushRangeSkipsLastLeavesTheLastPage}
 * shows that bug's effect directly.
 */
class TlbFlushOpTest {
    private Fixture fx = new Fixture();

    /** Maps pages 0..3 RW and caches all four on {@code cpu} through a reader (then removed). */
    private void mapAndCache(int cpu) {
        fx.space.activate(cpu);
        fx.map(0, 4, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(cpu, fx.page(0), 4L * fx.ps);
        fx.space.owner().activateReader(r);
        assertEquals(4 * fx.ps, r.collect().length);
        fx.space.owner().disposeReader(r);
        fx.space.owner().removeReader(r);
        assertEquals(Set.of(fx.page(0), fx.page(1), fx.page(2), fx.page(3)), fx.space.snapshot().tlb().get(cpu).keySet());
    }

    private Set<Long> cached(int cpu) {
        return new TreeSet<>(fx.space.snapshot().tlb().get(cpu).keySet());
    }

    @Test
    void aRangeFlushAfterProtectNextMakesTheNextWriteFault() {
        mapAndCache(0);
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(4))) {
            for (int i = 0; i < 4; i++) {
                c.protectNext(fx.ps, PageProperty.READ_ONLY);
            }
            // protect_next does not flush: the entries are still writable
            assertTrue(fx.space.snapshot().tlb().get(0).get(fx.page(3)).writable());
            int before = fx.sink.events().size();
            c.flusher().issueTlbFlush(TlbFlushOp.range(fx.page(0), fx.page(4)));
            assertEquals(1, c.flusher().pendingCount());
            assertEquals(1, c.flusher().dispatchTlbFlush());
            List<TraceEvent> evs = fx.sink.events().subList(before, fx.sink.events().size());
            assertEquals(List.of(TraceOp.IssueTlbFlush, TraceOp.DispatchTlbFlush), evs.stream().map(TraceEvent::op).toList());
            assertEquals(Vaddr.hex(fx.page(0)), evs.get(0).args().get("lo"));
            assertEquals(Vaddr.hex(fx.page(4)), evs.get(0).args().get("hi"));
            assertEquals(List.of(), evs.get(1).postOrNull().get("freed")); // a frameless op frees nothing
            assertEquals(4, ((List<?>) evs.get(1).postOrNull().get("tlbDropped")).size());
        }
        assertEquals(Set.of(), cached(0));
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(3), 8);
        fx.space.owner().activateWriter(w);
        assertThrows(PageFaultException.class, () -> w.writeVal(42L)); // read-only now, on every path
        assertEquals(List.of(), Invariants.violations(fx.space.snapshot()));
    }

    @Test
    void allAndAddressFlushesDropTheirPagesOnEveryCpu() {
        mapAndCache(0);
        fx.space.activate(1);
        VmReader<Fallible> r = fx.space.reader(1, fx.page(2), 2L * fx.ps);
        fx.space.owner().activateReader(r);
        r.collect();
        assertEquals(Set.of(fx.page(2), fx.page(3)), cached(1));
        try (CursorMut c = fx.space.cursorMut(fx.page(8), fx.page(9))) { // flushes are not bound to the lock
            c.flusher().issueTlbFlush(TlbFlushOp.address(fx.page(3)));
            c.flusher().dispatchTlbFlush();
            assertEquals(Set.of(fx.page(0), fx.page(1), fx.page(2)), cached(0));
            assertEquals(Set.of(fx.page(2)), cached(1));
            c.flusher().issueTlbFlush(TlbFlushOp.all());
        } // close dispatches
        assertEquals(Set.of(), cached(0));
        assertEquals(Set.of(), cached(1));
        assertEquals(4, fx.space.snapshot().pt().size(), "a flush changes no mapping");
    }

    @Test
    void aBadRangeIsRefusedAndLoggedAndChangesNothing() {
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(2))) {
            Snapshot before = fx.space.snapshot();
            for (TlbFlushOp op : List.of(TlbFlushOp.range(fx.page(2), fx.page(2)), TlbFlushOp.range(fx.page(2), fx.page(1)),
                    TlbFlushOp.range(fx.page(0) + 1, fx.page(2)), TlbFlushOp.address(fx.page(1) + 8),
                    TlbFlushOp.range(fx.page(0), fx.space.maxUserspaceVaddr() + fx.ps), TlbFlushOp.address(-fx.ps))) {
                VmException e = assertThrows(VmException.class, () -> c.flusher().issueTlbFlush(op), op.toString());
                assertEquals(ErrorKind.InvalidArgs, e.kind());
                TraceEvent last = fx.sink.events().get(fx.sink.events().size() - 1);
                assertEquals(TraceOp.IssueTlbFlush, last.op());
                assertEquals("InvalidArgs", last.outcome());
            }
            assertEquals(before, fx.space.snapshot());
            assertEquals(0, c.flusher().pendingCount());
        }
        CursorMut dead = fx.space.cursorMut(fx.page(0), fx.page(1));
        dead.close();
        assertEquals(ErrorKind.InvalidState,
                assertThrows(VmException.class, () -> dead.flusher().issueTlbFlush(TlbFlushOp.all())).kind());
    }

    /** The planted bug: the last page of a frameless op keeps its entry (trace validation rejects it: DeliberateBugsTest). */
    @Test
    void flushRangeSkipsLastLeavesTheLastPage() {
        fx = new Fixture(Bug.FlushRangeSkipsLast);
        mapAndCache(0);
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(4))) {
            c.flusher().issueTlbFlush(TlbFlushOp.range(fx.page(0), fx.page(4)));
        }
        assertEquals(Set.of(fx.page(3)), cached(0));
    }
}
