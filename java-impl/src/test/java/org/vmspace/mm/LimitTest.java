package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageProperty;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceOp;

/**
 * {@code limit} on user-space readers and writers (trace-validation/DIVERGENCES.md D4): the spec's
 * {@code Limit(i, n)} on a created owner, {@code end := start + min(n, end - start)}, the cursor unchanged
 * (001, {@code VmWriter::limit}: {@code avail <= max_avail}, {@code avail <= old avail}); refused
 * {@code InvalidState} on an active, disposed or dropped owner. Evidence each test can fail: with
 * {@code Math.min} dropped from {@link UserIo#limit} ({@code end = start + n}, the spec's bug LimitGrows)
 * {@link #limitNeverGrows} fails; with the state test dropped (limit on an active owner, LimitOnActive)
 * {@link #limitOfAnActiveOrParkedOwnerIsRefused} fails, and so does VmSpaceProperties ("LimitShrinksProp:
 * reader 1 end moved while active"); both applied by hand, 2026-12-08.
 */
class LimitTest {
    private static TraceEvent lastLimit(Fixture f) {
        TraceEvent e = f.sink.last();
        assertEquals(TraceOp.Limit, e.op());
        return e;
    }

    @Test
    void limitShrinksAndKeepsTheCursor() {
        Fixture f = new Fixture();
        VmWriter<Fallible> w = f.space.writer(0, f.page(0) + 100, 3L * f.ps);
        long cursor = w.cursor();
        assertTrue(w.limit(f.ps + 10) == w, "limit returns the handle");
        assertEquals(f.ps + 10, w.avail());
        assertEquals(cursor, w.cursor());
        TraceEvent e = lastLimit(f);
        assertEquals("ok", e.outcome());
        assertEquals(f.ps + 10L, ((Number) e.args().get("n")).longValue());
        assertEquals(Vaddr.hex(cursor + f.ps + 10), e.postOrNull().get("end"));
        VmReader<Fallible> r = f.space.reader(0, f.page(5), 2L * f.ps);
        r.limit(0);
        assertEquals(0, r.remain());
        assertEquals(f.page(5), r.cursor());
        f.assertInvariants();
    }

    @Test
    void limitNeverGrows() {
        Fixture f = new Fixture();
        VmWriter<Fallible> w = f.space.writer(0, f.page(0), 2L * f.ps);
        w.limit(8);
        Snapshot before = f.space.snapshot();
        w.limit(f.ps); // above avail: nothing changes
        assertEquals(8, w.avail());
        assertEquals(before, f.space.snapshot());
        assertEquals(Vaddr.hex(f.page(0) + 8), lastLimit(f).postOrNull().get("end"));
        w.limit(Long.MAX_VALUE);
        assertEquals(8, w.avail());
        assertThrows(IllegalArgumentException.class, () -> w.limit(-1));
        assertEquals(8, w.avail());
    }

    @Test
    void activationTakesTheViewOfTheLimitedRange() {
        Fixture f = new Fixture();
        f.map(0, 3, PageProperty.RW);
        VmWriter<Fallible> w = f.space.writer(0, f.page(0) + 100, 2L * f.ps); // pages 0, 1, 2
        w.limit(10); // page 0 only
        f.space.owner().activateWriter(w);
        assertEquals(List.of(f.page(0)), f.space.snapshot().owners().get(w.owner().id()).view().asList());
        // page 1 stayed in mem_view: another writer activates over it
        VmWriter<Fallible> w2 = f.space.writer(0, f.page(1), f.ps);
        f.space.owner().activateWriter(w2);
        f.assertInvariants();
    }

    @Test
    void readingOrWritingPastTheNewEndIsShortOrRefused() {
        Fixture f = new Fixture();
        f.map(0, 2, PageProperty.RW);
        VmReader<Fallible> r = f.space.reader(0, f.page(0), 2L * f.ps);
        r.limit(8);
        f.space.owner().activateReader(r);
        VmWriter<Infallible> dst = VmWriter.fromSlice(new byte[64]);
        assertEquals(8, r.readFallible(dst)); // short: 8 of the 64 the kernel writer has room for
        assertEquals(0, r.remain());
        assertEquals(f.page(0) + 8, r.cursor());
        assertEquals(0, r.readFallible(VmWriter.fromSlice(new byte[64]))); // nothing left
        VmWriter<Fallible> w = f.space.writer(0, f.page(1), f.ps);
        w.limit(4);
        f.space.owner().activateWriter(w);
        VmException e = assertThrows(VmException.class, () -> w.writeVal(0L)); // 8 bytes, 4 available
        assertEquals(ErrorKind.InvalidArgs, e.kind());
        assertEquals(4, w.avail());
        f.assertInvariants();
    }

    @Test
    void limitOfAnActiveOrParkedOwnerIsRefused() {
        Fixture f = new Fixture();
        f.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = f.space.reader(0, f.page(0), f.ps);
        f.space.owner().activateReader(r);
        f.assertRefused(ErrorKind.InvalidState, () -> r.limit(1));
        assertEquals(f.ps, r.remain());
        f.space.owner().disposeReader(r);
        f.assertRefused(ErrorKind.InvalidState, () -> r.limit(1));
        f.space.owner().removeReader(r);
        f.assertRefused(ErrorKind.InvalidState, () -> r.limit(1));
        VmWriter<Fallible> d = f.space.writer(0, f.page(0), f.ps);
        f.space.owner().dropOwner(d);
        f.assertRefused(ErrorKind.InvalidState, () -> d.limit(1));
        f.assertInvariants();
    }

    @Test
    void kernelHandlesLimitAsBefore() {
        VmReader<Infallible> k = VmReader.fromSlice(new byte[16]);
        k.limit(4);
        assertEquals(4, k.remain());
        k.limit(100);
        assertEquals(4, k.remain());
    }
}
