package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.PageProperty;
import org.vmspace.trace.TraceEvent;

/**
 * Typed I/O of any plain-old-data type ({@link Pod}): {@code read_val::<T>}, {@code write_val(&T)},
 * {@code fill(T)}, {@code collect}.
 *
 * <p>Evidence these tests can fail (each planted by hand in main code, the tests run, then reverted):
 * {@code Pod.of} with {@code ByteOrder.BIG_ENDIAN} fails {@code primitivesAreLittleEndian},
 * {@code aRecordIsAPodOfItsFieldsInOrder}, {@code aRecordCrossesAPageBoundary...} and
 * {@code fillWritesWholeValues...} (4 of 8); {@code fill} computing {@code n = avail} instead of whole
 * values fails {@code fillWritesWholeValues...}; {@code collect} sizing its array {@code remain - 1}
 * fails {@code collectReadsEverythingThatRemainsInOneRead}.
 */
class PodTest {
    /** The record example: {@code struct timespec { i64 sec; i32 nsec; u16 flags; }} packed, 14 bytes. */
    record Timespec(long sec, int nsec, short flags) {
        static final Pod<Timespec> POD = Pod.of(14,
                (b, t) -> b.putLong(t.sec).putInt(t.nsec).putShort(t.flags),
                b -> new Timespec(b.getLong(), b.getInt(), b.getShort()));
    }

    private final Fixture fx = new Fixture();
    private final VmSpaceOwner owner = fx.space.owner();

    @Test
    void primitivesAreLittleEndian() {
        assertArrayEquals(new byte[] {0x7f}, Pod.U8.toBytes((byte) 0x7f));
        assertArrayEquals(new byte[] {0x34, 0x12}, Pod.U16.toBytes((short) 0x1234));
        assertArrayEquals(new byte[] {0x44, 0x33, 0x22, 0x11}, Pod.U32.toBytes(0x11223344));
        assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, Pod.U64.toBytes(0x0102030405060708L));
        assertEquals((short) 0xbeef, Pod.U16.fromBytes(new byte[] {(byte) 0xef, (byte) 0xbe}));
        assertEquals(-2L, Pod.U64.fromBytes(Pod.U64.toBytes(-2L)));
        assertEquals(2, Pod.U16.size());
    }

    @Test
    void aRecordIsAPodOfItsFieldsInOrder() {
        Timespec t = new Timespec(0x0102030405060708L, 0x0a0b0c0d, (short) 0x0e0f);
        byte[] b = Timespec.POD.toBytes(t);
        assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1, 0x0d, 0x0c, 0x0b, 0x0a, 0x0f, 0x0e}, b);
        assertEquals(t, Timespec.POD.fromBytes(b));
        assertThrows(IllegalArgumentException.class, () -> Timespec.POD.fromBytes(new byte[13]));
    }

    @Test
    void aPodWhoseFieldsDoNotFillItsSizeIsRefused() {
        Pod<Integer> wrong = Pod.of(8, ByteBuffer::putInt, ByteBuffer::getInt); // 4 bytes of 8
        assertThrows(IllegalArgumentException.class, () -> wrong.toBytes(1));
        assertThrows(IllegalArgumentException.class, () -> wrong.fromBytes(new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> Pod.of(0, ByteBuffer::putInt, ByteBuffer::getInt));
    }

    @Test
    void aRecordCrossesAPageBoundaryInUserSpaceAndIsReadBack() {
        fx.map(0, 2, PageProperty.RW);
        long va = fx.page(1) - 5; // 5 bytes on page 0, 9 on page 1
        Timespec t = new Timespec(-7L, 999_999_999, (short) -1);
        VmWriter<Fallible> w = fx.space.writer(0, va, 14);
        owner.activateWriter(w);
        w.writeVal(Timespec.POD, t);
        TraceEvent e = fx.sink.last();
        assertEquals("Write", e.op().name());
        assertEquals(14L, ((Number) e.args().get("n")).longValue());
        assertEquals("write_val", e.args().get("api"));
        owner.disposeWriter(w);
        owner.removeWriter(w);

        VmReader<Fallible> r = fx.space.reader(0, va, 14);
        owner.activateReader(r);
        assertEquals(t, r.readVal(Timespec.POD));
        assertEquals("read_val", fx.sink.last().args().get("api"));
        assertEquals(0, r.remain());
        fx.assertInvariants();
    }

    @Test
    void readValWithFewerBytesLeftThanTheSizeIsRefusedInvalidArgs() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(0), 13);
        owner.activateReader(r);
        fx.assertRefused(ErrorKind.InvalidArgs, () -> r.readVal(Timespec.POD));
        VmReader<Infallible> k = VmReader.fromSlice(new byte[13]);
        assertThrows(org.vmspace.model.VmException.class, () -> k.readVal(Timespec.POD));
        assertEquals(13, k.remain());
    }

    @Test
    void fillWritesWholeValuesOfAnyPodAndLeavesTheRest() {
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 7);
        owner.activateWriter(w);
        assertEquals(3, w.fill(Pod.U16, (short) 0xabcd));
        assertEquals(6L, ((Number) fx.sink.last().args().get("n")).longValue());
        assertEquals("fill", fx.sink.last().args().get("api"));
        assertEquals(1, w.avail());
        assertEquals(0, w.fill(Pod.U16, (short) 1)); // not one value fits: nothing happens

        byte[] kernel = new byte[30];
        VmWriter<Infallible> kw = VmWriter.fromSlice(kernel);
        assertEquals(2, kw.fill(Timespec.POD, new Timespec(1, 2, (short) 3)));
        assertEquals(new Timespec(1, 2, (short) 3), Timespec.POD.fromBytes(Arrays.copyOfRange(kernel, 14, 28)));
        assertArrayEquals(new byte[2], Arrays.copyOfRange(kernel, 28, 30));
        assertEquals(2, kw.avail());
    }

    @Test
    void collectReadsEverythingThatRemainsInOneRead() {
        fx.map(0, 2, PageProperty.RW);
        byte[] data = new byte[fx.ps + 100];
        new java.util.Random(3).nextBytes(data);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0) + 50, data.length);
        owner.activateWriter(w);
        w.write(VmReader.fromSlice(data));
        owner.disposeWriter(w);
        owner.removeWriter(w);

        VmReader<Fallible> r = fx.space.reader(0, fx.page(0) + 50, data.length);
        owner.activateReader(r);
        r.skip(10);
        assertArrayEquals(Arrays.copyOfRange(data, 10, data.length), r.collect());
        assertEquals("read", fx.sink.last().args().get("api"));
        assertEquals(0, r.remain());
        assertArrayEquals(new byte[0], r.collect());

        VmReader<Infallible> k = VmReader.fromSlice(data, 3, 5);
        assertArrayEquals(Arrays.copyOfRange(data, 3, 8), k.collect());
    }

    @Test
    void collectFaultsAfterThePrefixAndTheReaderKeepsItsProgress() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(1) - 20, 40); // page 1 unmapped
        fx.map(1, 1, PageProperty.RW);
        owner.activateReader(r);
        fx.unmap(1, 1);
        PageFaultException e = assertThrows(PageFaultException.class, r::collect);
        assertEquals(20, e.copied());
        assertEquals(20, r.remain());
    }
}
