package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageProperty;
import org.vmspace.trace.TraceEvent;

/**
 * Fallible-to-fallible copies ({@code impl_read_fallible!(Fallible, Fallible)}): a user reader into a
 * user writer, logged as {@code Read} then {@code Write}, both cursors advancing by the bytes copied.
 *
 * <p>Evidence these tests can fail (each planted by hand in {@code UserIo.copyUserToUser}, the tests
 * run, then reverted): reading {@code n} instead of {@code writable} bytes when the writer faults first
 * fails {@code theWriterFaultingFirst...} (the reader advances past the writer); dropping the writer's
 * guard check before the {@code Read} fails {@code aRefusedWriterChangesNothing...} (the reader
 * advances and two events are logged); writing {@code n} instead of {@code got} bytes after a reader
 * fault fails {@code theReaderFaultingFirst...} (the writer copies bytes that were never read).
 */
class UserToUserCopyTest {
    private final Fixture fx = new Fixture();
    private final VmSpaceOwner owner = fx.space.owner();

    private void put(long va, byte[] data) {
        VmWriter<Fallible> w = fx.activeWriter(va, data.length);
        w.write(VmReader.fromSlice(data));
        owner.disposeWriter(w);
        owner.removeWriter(w);
    }

    private byte[] get(long va, int len) {
        VmReader<Fallible> r = fx.activeReader(va, len);
        byte[] b = r.collect();
        owner.disposeReader(r);
        owner.removeReader(r);
        return b;
    }

    private List<TraceEvent> eventsSince(int n) {
        List<TraceEvent> all = fx.sink.events();
        return all.subList(n, all.size());
    }

    private static long num(TraceEvent e, String field, boolean post) {
        return ((Number) (post ? e.postOrNull() : e.args()).get(field)).longValue();
    }

    @Test
    void aUserReaderCopiesIntoAUserWriterAsAReadThenAWrite() {
        fx.map(0, 6, PageProperty.RW);
        byte[] data = new byte[2 * fx.ps + 300];
        new Random(4).nextBytes(data);
        put(fx.page(0) + 7, data);

        VmReader<Fallible> r = fx.activeReader(fx.page(0) + 7, data.length);
        VmWriter<Fallible> w = fx.activeWriter(fx.page(3) + 1, data.length + 10);
        w.onCpu(1);
        fx.space.activate(1);
        int before = fx.sink.events().size();
        assertEquals(data.length, r.readFallible(w));
        List<TraceEvent> ev = eventsSince(before);
        assertEquals(List.of("Read", "Write"), ev.stream().map(e -> e.op().name()).toList());
        assertEquals(0L, num(ev.get(0), "cpu", false));
        assertEquals(1L, num(ev.get(1), "cpu", false));
        assertEquals(data.length, num(ev.get(0), "n", false));
        assertEquals(data.length, num(ev.get(1), "n", false));
        assertEquals(0, r.remain());
        assertEquals(10, w.avail());
        fx.assertInvariants();
        owner.disposeReader(r);
        owner.removeReader(r);
        owner.disposeWriter(w);
        owner.removeWriter(w);
        assertArrayEquals(data, get(fx.page(3) + 1, data.length));
    }

    @Test
    void theReaderFaultingFirstLogsReadPageFaultThenWriteOfTheCopiedBytes() {
        fx.map(0, 2, PageProperty.RW);
        fx.map(4, 2, PageProperty.RW);
        byte[] data = new byte[2 * fx.ps];
        new Random(5).nextBytes(data);
        put(fx.page(0), data);
        put(fx.page(4), new byte[2 * fx.ps]); // zeros

        VmReader<Fallible> r = fx.activeReader(fx.page(1) - 100, 300);
        VmWriter<Fallible> w = fx.activeWriter(fx.page(4), 300);
        fx.unmap(1, 1); // the reader faults after 100 bytes
        int before = fx.sink.events().size();
        assertEquals(100, w.writeFallible(r));
        List<TraceEvent> ev = eventsSince(before);
        assertEquals(List.of("Read", "Write"), ev.stream().map(e -> e.op().name()).toList());
        assertEquals("PageFault", ev.get(0).outcome());
        assertEquals(300, num(ev.get(0), "n", false));
        assertEquals(100, num(ev.get(0), "copied", true));
        assertEquals("ok", ev.get(1).outcome());
        assertEquals(100, num(ev.get(1), "n", false));
        assertEquals(200, r.remain());
        assertEquals(200, w.avail());
        owner.disposeWriter(w);
        owner.removeWriter(w);
        byte[] got = get(fx.page(4), 300);
        assertArrayEquals(Arrays.copyOfRange(data, fx.ps - 100, fx.ps), Arrays.copyOfRange(got, 0, 100));
        assertArrayEquals(new byte[200], Arrays.copyOfRange(got, 100, 300));
    }

    @Test
    void theWriterFaultingFirstLogsReadOfTheCopiedBytesThenWritePageFault() {
        fx.map(0, 2, PageProperty.RW);
        fx.map(4, 2, PageProperty.RW);
        VmReader<Fallible> r = fx.activeReader(fx.page(0), 500);
        VmWriter<Fallible> w = fx.activeWriter(fx.page(5) - 200, 500);
        try (CursorMut c = fx.space.cursorMut(fx.page(5), fx.page(6))) {
            c.protectNext(fx.ps, PageProperty.READ_ONLY); // the writer faults after 200 bytes
        }
        int before = fx.sink.events().size();
        assertEquals(200, r.readFallible(w));
        List<TraceEvent> ev = eventsSince(before);
        assertEquals(List.of("Read", "Write"), ev.stream().map(e -> e.op().name()).toList());
        assertEquals("ok", ev.get(0).outcome());
        assertEquals(200, num(ev.get(0), "n", false));
        assertEquals("PageFault", ev.get(1).outcome());
        assertEquals(500, num(ev.get(1), "n", false));
        assertEquals(200, num(ev.get(1), "copied", true));
        assertEquals(300, r.remain());
        assertEquals(300, w.avail());
        fx.assertInvariants();
    }

    @Test
    void aRefusedWriterChangesNothingAndLogsOnlyItsRefusal() {
        fx.map(0, 4, PageProperty.RW);
        VmReader<Fallible> r = fx.activeReader(fx.page(0), 100);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(2), 100); // created, not active
        TraceEvent e = fx.assertRefused(ErrorKind.InvalidState, () -> r.readFallible(w));
        assertEquals("Write", e.op().name());
        assertEquals(100, r.remain());
        VmWriter<Fallible> w2 = fx.activeWriter(fx.page(2), 100);
        fx.space.deactivate(0);
        TraceEvent e2 = fx.assertRefused(ErrorKind.AccessDenied, () -> w2.writeFallible(r));
        assertEquals("Read", e2.op().name()); // the reader's guard is checked first
    }

    @Test
    void nothingHappensWhenEitherSideIsEmptyAndHandlesOfAnotherSpaceAreRefused() {
        fx.map(0, 4, PageProperty.RW);
        VmReader<Fallible> r = fx.activeReader(fx.page(0), 100);
        VmWriter<Fallible> w = fx.activeWriter(fx.page(2), 0);
        int before = fx.sink.events().size();
        assertEquals(0, r.readFallible(w));
        assertEquals(before, fx.sink.events().size());

        Fixture other = new Fixture();
        other.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> foreign = other.space.writer(0, other.page(0), 10);
        other.space.owner().activateWriter(foreign);
        assertThrows(IllegalArgumentException.class, () -> r.readFallible(foreign));
        assertEquals(100, r.remain());
    }
}
