package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageProperty;
import org.vmspace.model.UFrame;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.MemorySink;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceOp;

/**
 * The cursor's edges that no workload reaches: the very first page of user space (address 0), a
 * waiting {@code cursorMut} interrupted, an explicit dispatch on a dropped cursor, and the frames a
 * dispatch logs as freed. Each test kills survivors of PIT's pagetable-tlb run (java-impl/README.md,
 * "Mutation score"; line numbers of org/vmspace/mm/Cursors.java at 4d2150e), named in its comment, each
 * shown failing with the mutant applied by hand.
 */
class CursorEdgesTest {
    private final MemorySink sink = new MemorySink();
    private final VmSpace space = VmSpace.builder().cpus(1).frames(4).sink(sink).build();
    private final int ps = space.pageSize();

    CursorEdgesTest() {
        space.activate(0);
    }

    /**
     * Page 0 is a user page like any other: {@code find_next}, {@code protect_next} and {@code unmap}
     * find it. Every "nothing found" test in Cursors is {@code p < 0} (the scans return -1), so a
     * boundary mutant to {@code p <= 0} mistakes page 0 for nothing. Kills Cursors 128 (firstMapped),
     * 277 (unmap's page loop), 344, 345, 347, 355, 358 and 363 (protectNext: the hit, the position after,
     * the new property, the frame, the logged pages, the leaf written).
     */
    @Test
    void pageZeroIsFoundProtectedAndUnmapped() {
        try (CursorMut c = space.cursorMut(0, 2L * ps)) {
            UFrame f = c.mapAny(PageProperty.RW);
            c.jump(0);
            assertEquals(Optional.of(0L), c.findNext(2L * ps), "find_next from 0");
            assertEquals(0, c.virtAddr());

            assertEquals(Optional.of(0L), c.protectNext(2L * ps, PageProperty.READ_ONLY));
            assertEquals(ps, c.virtAddr(), "protect_next stops after the page it protected");
            Map<String, Object> post = sink.last().postOrNull();
            assertEquals(List.of(List.of(Vaddr.hex(0), Vaddr.hex(f.paddr()), "R")), post.get("pages"));
            MappedItem item = space.queryAt(0).item().orElseThrow();
            assertEquals(f, item.frame());
            assertEquals(PageProperty.READ_ONLY, item.prop());

            c.jump(0);
            assertEquals(1, c.unmap(2L * ps), "unmap from 0 finds page 0");
            assertTrue(space.queryAt(0).item().isEmpty());
        }
        assertEquals(Optional.empty(), space.cursor(0, 2L * ps).findNext(2L * ps));
    }

    /**
     * A thread blocked in {@code cursorMut} on a locked range and interrupted is refused {@code Busy}
     * and keeps its interrupt status. Kills Cursors 65 (the {@code Thread.interrupt()} in the catch
     * removed: the status is lost), which no test reached before.
     */
    @Test
    void anInterruptedWaiterIsRefusedBusyAndStaysInterrupted() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        CursorMut holder = space.cursorMut(0, ps); // locks [0, ps)
        try {
            Thread waiter = new Thread(() -> {
                try {
                    space.cursorMut(0, ps).close();
                } catch (Throwable t) {
                    thrown.set(t);
                }
                interrupted.set(Thread.currentThread().isInterrupted());
            });
            waiter.start();
            while (waiter.getState() != Thread.State.WAITING) { // parked in cursorDropped.await()
                assertTrue(waiter.isAlive(), "the waiter did not wait");
                Thread.onSpinWait();
            }
            waiter.interrupt();
            waiter.join(10_000);
            assertFalse(waiter.isAlive());
        } finally {
            holder.close();
        }
        VmException e = assertThrows(VmException.class, () -> {
            throw thrown.get();
        });
        assertEquals(ErrorKind.Busy, e.kind());
        assertEquals(Boolean.TRUE, interrupted.get(), "the interrupt status was swallowed");
    }

    /**
     * An explicit {@code dispatch_tlb_flush} on a dropped cursor is refused {@code InvalidState} (the
     * implicit one of {@code map}/{@code unmap}/{@code close} is not). Kills Cursors 418
     * ({@code if (explicit)} negated: the explicit call returns 0).
     */
    @Test
    void anExplicitDispatchOnADroppedCursorIsRefused() {
        CursorMut c = space.cursorMut(0, ps);
        c.close();
        VmException e = assertThrows(VmException.class, () -> c.flusher().dispatchTlbFlush());
        assertEquals(ErrorKind.InvalidState, e.kind());
        assertEquals("InvalidState", sink.last().outcome());
        assertEquals(TraceOp.DispatchTlbFlush, sink.last().op());
    }

    /**
     * The dispatch logs the physical address of every frame it frees. Kills Cursors 462 (the frame
     * times the page size turned to a division: frames 1 and 2 were logged as 0x0).
     */
    @Test
    void aDispatchLogsTheAddressesOfTheFramesItFrees() {
        try (CursorMut c = space.cursorMut(0, 3L * ps)) {
            UFrame f0 = c.mapAny(PageProperty.RW);
            UFrame f1 = c.mapAny(PageProperty.RW);
            UFrame f2 = c.mapAny(PageProperty.RW);
            c.jump(0);
            c.unmap(3L * ps);
            TraceEvent d = sink.events().stream().filter(ev -> ev.op() == TraceOp.DispatchTlbFlush)
                    .reduce((a, b) -> b).orElseThrow();
            assertEquals(List.of(Vaddr.hex(f0.paddr()), Vaddr.hex(f1.paddr()), Vaddr.hex(f2.paddr())),
                    d.postOrNull().get("freed"));
            assertEquals(List.of(0L, (long) ps, 2L * ps), List.of(f0.paddr(), f1.paddr(), f2.paddr()));
        }
    }
}
