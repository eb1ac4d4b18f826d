package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.PageProperty;
import org.vmspace.model.Vaddr;
import org.vmspace.trace.TraceEvent;

/**
 * Divergence D1 closed toward the seed: a user-space {@code read_val} / {@code write_val} that faults
 * rolls back ("the cursor is rolled back to its starting position before returning Err"): nothing
 * changes, and the event says {@code PageFault}, {@code copied 0}, the old {@code start}.
 *
 * <p>Evidence these tests can fail: with the rollback branch of {@code UserIo.io} removed (the
 * behaviour before D1 was closed: partial progress), the two val tests fail (the cursor advances by the
 * bytes before the faulting page, the prefix is written, the TLB caches the walked page); the third
 * is the control: a plain read keeps its progress with and without the rollback.
 */
class RollbackTest {
    private final Fixture fx = new Fixture();
    private final VmSpaceOwner owner = fx.space.owner();

    @Test
    void aFaultingWriteValChangesNothingAndLogsCopiedZero() {
        fx.map(0, 2, PageProperty.RW);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(1) - 4, 8);
        owner.activateWriter(w);
        try (CursorMut c = fx.space.cursorMut(fx.page(1), fx.page(2))) {
            c.protectNext(fx.ps, PageProperty.READ_ONLY); // the value's last 4 bytes are read-only
        }
        Snapshot before = fx.space.snapshot();
        PageFaultException e = assertThrows(PageFaultException.class, () -> w.writeVal(-1L));
        assertEquals(0, e.copied());
        assertEquals(fx.page(1), e.faultVaddr());
        assertEquals(before, fx.space.snapshot(), "a rolled-back write_val changes nothing");
        assertEquals(8, w.avail());
        TraceEvent ev = fx.sink.last();
        assertEquals("PageFault", ev.outcome());
        assertEquals("write_val", ev.args().get("api"));
        assertEquals(0L, ((Number) ev.postOrNull().get("copied")).longValue());
        assertEquals(Vaddr.hex(fx.page(1) - 4), ev.postOrNull().get("start"));
        owner.disposeWriter(w);
        owner.removeWriter(w);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(1) - 4, 4);
        owner.activateReader(r);
        assertArrayEquals(new byte[4], r.collect(), "no byte of the value was written");
    }

    @Test
    void aFaultingReadValChangesNothingAndTheReaderCanReadOnAfterTheFix() {
        fx.map(0, 2, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(1) - 2, 4);
        owner.activateReader(r);
        fx.unmap(1, 1);
        Snapshot before = fx.space.snapshot();
        assertThrows(PageFaultException.class, () -> r.readVal(Pod.U32));
        assertEquals(before, fx.space.snapshot());
        assertEquals(4, r.remain());
        assertEquals("read_val", fx.sink.last().args().get("api"));
        fx.map(1, 1, PageProperty.RW);
        assertEquals(0, r.readVal(Pod.U32)); // the whole value, from where it started
    }

    @Test
    void aPlainReadStillKeepsItsPartialProgress() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(1) - 2, 4);
        fx.map(1, 1, PageProperty.RW);
        owner.activateReader(r);
        fx.unmap(1, 1);
        byte[] out = new byte[4];
        PageFaultException e = assertThrows(PageFaultException.class, () -> r.read(VmWriter.fromSlice(out)));
        assertEquals(2, e.copied());
        assertEquals(2, r.remain());
        assertArrayEquals(new byte[4], Arrays.copyOf(out, 4));
    }
}
