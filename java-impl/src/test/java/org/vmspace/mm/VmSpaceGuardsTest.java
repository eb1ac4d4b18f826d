package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.Range;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.vmspace.model.PageProperty;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceException;
import org.vmspace.trace.TraceHeader;
import org.vmspace.trace.TraceSink;

/**
 * VmSpace's own guards: the builder's settings and the CPU and frame arguments are refused with an
 * {@link IllegalArgumentException} naming them, every operation releases the space lock (its hold count
 * is 0 after it returns or throws), and {@code close} and a sink failure wake a thread waiting for a
 * range lock. Each test names the PIT survivors of the space-io run at fea042a it kills (VmSpace:line).
 */
class VmSpaceGuardsTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private static void refused(String what, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e, what);
        assertTrue(x.getMessage().contains(what), x.getMessage());
    }

    /**
     * Each setting just outside its range is refused naming it; the bounds themselves build. Kills
     * VmSpace:88, 90, 91, 94 (each checkArgument removed), 90 ({@code cpus <= 64} to {@code <}), 91 x2
     * ({@code frames >= 1}, {@code frames <= 2^20} to strict), 94 ({@code windowPages >= 1} to
     * {@code >}), 170 (Builder.threads' check removed).
     */
    @Test
    void builderSettingsOutsideTheirRangesAreRefusedAndTheBoundsBuild() {
        refused("page size", () -> VmSpace.builder().pageSize(8).build());
        refused("page size", () -> VmSpace.builder().pageSize(8192).build());
        refused("page size", () -> VmSpace.builder().pageSize(48).build());
        refused("cpus", () -> VmSpace.builder().cpus(0).build());
        refused("cpus", () -> VmSpace.builder().cpus(65).build());
        refused("frames", () -> VmSpace.builder().frames(0).build());
        refused("frames", () -> VmSpace.builder().pageSize(16).frames((1 << 20) + 1).build());
        refused("window pages", () -> VmSpace.builder().windowPages(0).build());
        refused("threads", () -> VmSpace.builder().threads(0));
        assertEquals(16, VmSpace.builder().pageSize(16).build().pageSize());
        assertEquals(64, VmSpace.builder().cpus(64).build().cpus());
        assertEquals(1, VmSpace.builder().frames(1).build().frameCount());
        assertEquals(1 << 20, VmSpace.builder().pageSize(16).frames(1 << 20).build().frameCount());
        VmSpace one = VmSpace.builder().windowPages(1).build();
        assertEquals(one.maxUserspaceVaddr() - one.pageSize(), one.windowBase());
    }

    /**
     * A CPU or frame index out of range is refused with an IllegalArgumentException (not an array
     * index error after the event was logged), logs nothing and leaves the lock free. Kills VmSpace:369
     * (checkArgument removed; {@code cpu < cpus} to {@code <=}), 408, 431, 446 (activate, deactivate,
     * isCurrent without checkCpu), 257 x2 (frame: check removed, {@code index < frames} to {@code <=}),
     * and VmSpace:492 at 268f92f (reader/writer creation without checkCpu: an array index error).
     */
    @Test
    void aCpuOrFrameOutOfRangeIsRefusedAndLogsNothing() {
        org.vmspace.trace.MemorySink sink = new org.vmspace.trace.MemorySink();
        VmSpace space = VmSpace.builder().cpus(2).frames(4).sink(sink).build();
        for (int cpu : new int[] {2, -1}) {
            refused("no CPU " + cpu, () -> space.activate(cpu));
            refused("no CPU " + cpu, () -> space.deactivate(cpu));
            refused("no CPU " + cpu, () -> space.isCurrent(cpu));
            refused("no CPU " + cpu, () -> space.reader(cpu, space.windowBase(), 8));
            refused("no CPU " + cpu, () -> space.writer(cpu, space.windowBase(), 8));
        }
        refused("no frame 4", () -> space.frame(4));
        refused("no frame -1", () -> space.frame(-1));
        assertEquals(List.of(), sink.events());
        assertEquals(0, space.lock.getHoldCount());
        assertEquals(3, space.frame(3).index());
        space.activate(1);
        assertTrue(space.isCurrent(1));
    }

    /**
     * Queries answer and release the lock; a closed space refuses work with the lock released.
     * Kills VmSpace:357 (failed() returns true), 359, 451 (unlock removed in failed, isCurrent), 320
     * (enter's unlock removed on a closed space), 278 (freeFrames' {@code f >= 0} to {@code > 0}: frame 0
     * left out), 572 (cursorMut(Range, Duration) returns null).
     */
    @Test
    void queriesAnswerAndReleaseTheLock() {
        VmSpace space = VmSpace.builder().cpus(2).frames(4).build();
        assertFalse(space.failed());
        assertEquals(0, space.lock.getHoldCount());
        assertFalse(space.isCurrent(0));
        assertEquals(0, space.lock.getHoldCount());
        assertEquals(List.of(space.frame(0), space.frame(1), space.frame(2), space.frame(3)), space.freeFrames());
        space.activate(0);
        long b = space.windowBase();
        try (CursorMut c = space.cursorMut(Range.closedOpen(b, b + 2L * space.pageSize()), Duration.ZERO)) {
            assertEquals(b, c.lo());
            assertEquals(b + 2L * space.pageSize(), c.hi());
            c.map(space.frame(1), PageProperty.RW);
        }
        assertEquals(List.of(space.frame(0), space.frame(2), space.frame(3)), space.freeFrames());
        space.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> space.activate(0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(0, space.lock.getHoldCount());
    }

    /** A sink that records its calls; {@code enabled} as given. */
    static final class RecordingSink implements TraceSink {
        final boolean on;
        final List<String> calls = new ArrayList<>();

        RecordingSink(boolean on) {
            this.on = on;
        }

        @Override
        public boolean enabled() {
            return on;
        }

        @Override
        public void header(TraceHeader header) {
            calls.add("header");
        }

        @Override
        public void emit(long seq, String thread, TraceEvent event) {
            calls.add(event.op().name());
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    /**
     * close closes the sink once (idempotent) and the space then refuses work; a disabled sink is given
     * no header and no event (callers build events only when tracing). Kills VmSpace:336 (negated
     * {@code if (closed)}: the first close did nothing), 345 (sink.close() removed), 289 (tracing()
     * returns true: events built and sent to a disabled sink).
     */
    @Test
    void closeClosesTheSinkOnceAndADisabledSinkGetsNoEvents() {
        RecordingSink off = new RecordingSink(false);
        VmSpace space = VmSpace.builder().cpus(1).frames(2).sink(off).build();
        space.activate(0);
        try (CursorMut c = space.cursorMut(space.windowBase(), space.windowBase() + space.pageSize())) {
            c.mapAny(PageProperty.RW);
        }
        space.close();
        space.close();
        assertEquals(List.of("close"), off.calls);
        assertThrows(IllegalStateException.class, () -> space.activate(0));
        RecordingSink on = new RecordingSink(true);
        VmSpace traced = VmSpace.builder().cpus(1).frames(2).sink(on).build();
        traced.activate(0);
        traced.close();
        traced.close();
        assertEquals(List.of("header", "Activate", "close"), on.calls);
    }

    /** Whether a thread waits on the space's range-lock condition now. */
    private static boolean hasWaiter(VmSpace space) {
        space.lock.lock();
        try {
            return space.lock.hasWaiters(space.cursorDropped);
        } finally {
            space.lock.unlock();
        }
    }

    /**
     * Runs {@code wake} while a second thread waits (untimed) for a range a live cursor holds, and
     * checks that {@code wake} alone woke it (no thread waits on the condition right after it) and
     * that the waiter was refused with {@code refusal}.
     */
    private static void wokenAndRefused(VmSpace space, CursorMut held, Runnable wake, Class<? extends Throwable> refusal)
            throws Exception {
        AtomicReference<Throwable> got = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                space.cursorMut(held.lo(), held.hi()).close();
            } catch (Throwable t) {
                got.set(t);
            }
        });
        waiter.start();
        try {
            while (!hasWaiter(space)) {
                assertTrue(waiter.isAlive(), "the second cursor did not wait: " + got.get());
                Thread.onSpinWait();
            }
            wake.run();
            assertFalse(hasWaiter(space), "the waiter was not woken");
            waiter.join(HANG_GUARD.toMillis());
            assertFalse(waiter.isAlive(), "the waiter hangs");
            assertTrue(refusal.isInstance(got.get()), String.valueOf(got.get()));
        } finally {
            waiter.interrupt(); // a waiter left waiting (the wake-up broken) is refused Busy and ends
            waiter.join(HANG_GUARD.toMillis());
        }
    }

    /** close wakes a range waiter, which is refused. Kills VmSpace:340 (close's signalAll removed). */
    @Test
    void closeWakesAThreadWaitingForARange() throws Exception {
        VmSpace space = VmSpace.builder().cpus(1).frames(4).build();
        CursorMut held = space.cursorMut(space.windowBase(), space.windowBase() + 2L * space.pageSize());
        wokenAndRefused(space, held, space::close, IllegalStateException.class);
    }

    /**
     * A sink failure in an action that drops no cursor (a map) wakes a range waiter, which is refused
     * with the TraceException; the message numbers the failed event. Kills VmSpace:303 (emit's signalAll
     * removed: the drop path signals on its own, HardeningTest's waiter test passes without it) and 301
     * ({@code seq + 1} to {@code seq - 1} in the message).
     */
    @Test
    void aSinkFailureWakesAThreadWaitingForARange() throws Exception {
        HardeningTest.FailingSink sink = new HardeningTest.FailingSink();
        VmSpace space = VmSpace.builder().cpus(1).frames(4).sink(sink).build();
        space.activate(0);
        CursorMut held = space.cursorMut(space.windowBase(), space.windowBase() + 2L * space.pageSize());
        int logged = sink.mem.events().size();
        AtomicReference<TraceException> failure = new AtomicReference<>();
        Runnable mapFails = () -> {
            sink.armed = true;
            failure.set(assertThrows(TraceException.class, () -> held.mapAny(PageProperty.RW)));
        };
        wokenAndRefused(space, held, mapFails, TraceException.class);
        assertTrue(failure.get().getMessage().contains("failed at event " + (logged + 1) + " (Map)"),
                failure.get().getMessage());
        assertEquals(0, space.lock.getHoldCount());
    }
}
