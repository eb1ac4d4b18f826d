package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.PageProperty;
import org.vmspace.model.VmException;

/**
 * Tests that kill the survivors of PIT's {@code space-io} run in {@code VmIoHandle}, {@code VmReader},
 * {@code VmWriter} and {@code Pod} (java-impl/README.md, "Mutation score (PIT)"): each names the mutants
 * it kills by class:line at fea042a; each of those was applied by hand and this test failed
 * ({@code java-impl/hand-mutants.tsv}, {@code make hand-mutants}).
 */
class IoHandleEdgesTest {
    private final Fixture fx = new Fixture();
    private final VmSpaceOwner owner = fx.space.owner();

    private static byte[] seq(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i + 1);
        }
        return b;
    }

    /**
     * A user handle reports the CPU it moved to; a kernel handle has none. Kills VmIoHandle:58
     * ({@code cpu()} returns 0) and 63 (the {@code checkArgument} of {@code onCpu} removed).
     */
    @Test
    void aUserHandleMovesToACpuAndAKernelHandleHasNone() {
        VmReader<Fallible> r = fx.space.reader(0, fx.page(0), 8);
        assertEquals(1, r.onCpu(1).cpu());
        assertThrows(IllegalArgumentException.class, () -> VmReader.fromSlice(new byte[4]).onCpu(1));
        assertThrows(IllegalArgumentException.class, () -> VmWriter.fromSlice(new byte[4]).onCpu(1));
    }

    /**
     * A kernel handle's skip takes 0 up to what is left, returns the handle, and refuses more, naming
     * what is left. Kills VmIoHandle:101 ({@code n < 0} to {@code <=}; {@code n > end - cursor} to
     * {@code >=}; {@code end - cursor} to {@code end + cursor}), 102 (the message's {@code end - cursor}
     * to {@code +}) and 106 ({@code skip} returns null).
     */
    @Test
    void aKernelSkipTakesZeroToWhatIsLeftAndRefusesMore() {
        VmReader<Infallible> r = VmReader.fromSlice(seq(8));
        assertSame(r, r.skip(0));
        assertEquals(8, r.remain());
        assertSame(r, r.skip(2));
        VmException e = assertThrows(VmException.class, () -> r.skip(7));
        assertEquals(ErrorKind.InvalidArgs, e.kind());
        assertEquals("InvalidArgs: skip 7 beyond the remaining 6", e.getMessage());
        r.skip(6);
        assertEquals(0, r.remain());
        VmWriter<Infallible> w = VmWriter.fromSlice(new byte[4]);
        assertSame(w, w.skip(4));
        assertFalse(w.hasAvail());
    }

    /**
     * Handles print their owner or their kernel span. Kills VmIoHandle:146 ({@code owner != null}
     * negated; {@code toString} returns "").
     */
    @Test
    void handlesPrintTheirOwnerOrTheirKernelSpan() {
        VmReader<Infallible> k = VmReader.fromSlice(new byte[8]);
        k.skip(3);
        assertEquals("VmReader(kernel 3..8)", k.toString());
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 8);
        assertEquals("VmWriter(" + w.owner() + ")", w.toString());
        assertTrue(w.owner().toString().startsWith("writer#"), w.owner().toString());
    }

    /**
     * The kernel side of a user copy advances by the bytes copied, also before a page fault. Kills
     * VmIoHandle:135 and 138 ({@code kernel.cursor += copied} to {@code -=}).
     */
    @Test
    void theKernelSideOfAUserCopyAdvancesByTheBytesCopied() {
        fx.map(0, 3, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(0), 100);
        owner.activateReader(r);
        VmWriter<Infallible> k = VmWriter.fromSlice(new byte[300]);
        assertEquals(100, r.read(k));
        assertEquals(200, k.avail());

        VmWriter<Fallible> w = fx.space.writer(0, fx.page(2) - 40, 100);
        owner.activateWriter(w);
        fx.unmap(2, 1);
        VmReader<Infallible> src = VmReader.fromSlice(new byte[100]);
        assertThrows(PageFaultException.class, () -> w.write(src));
        assertEquals(60, src.remain(), "40 bytes copied before the fault");
    }

    /**
     * Kernel slices at the array's end and of length 0 are fine; one past the end is refused. Kills
     * VmReader:41 ({@code len >= 0} to {@code > 0}; {@code off <= bytes.length} to {@code <};
     * {@code bytes.length - off} to {@code +}) and VmWriter:42 ({@code bytes.length - off} to {@code +}).
     */
    @Test
    void emptySlicesAtTheEndAreFineAndOnePastTheEndIsRefused() {
        byte[] b = new byte[4];
        assertEquals(0, VmReader.fromSlice(b, 4, 0).remain());
        assertEquals(0, VmReader.fromSlice(b, 1, 0).remain());
        assertEquals(0, VmWriter.fromSlice(b, 4, 0).avail());
        assertThrows(IllegalArgumentException.class, () -> VmReader.fromSlice(b, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> VmWriter.fromSlice(b, 2, 3));
    }

    /**
     * Kernel values: {@code fromPod(int)}, {@code readInt}, {@code readByte}, two values in a row, and
     * {@code hasRemain}. Kills VmReader:59 ({@code fromPod(int)} returns null), 160 ({@code readInt}
     * returns 0), 165 ({@code readByte} returns 0), 130 ({@code cursor += size} to {@code -=}) and the
     * three mutants of 69 ({@code hasRemain}: boundary, negated, returns true).
     */
    @Test
    void kernelReadersReadValuesInOrderAndKnowWhenTheyAreEmpty() {
        VmReader<Infallible> one = VmReader.fromPod(0x11223344);
        assertTrue(one.hasRemain());
        assertEquals(0x11223344, one.readInt());
        assertFalse(one.hasRemain());
        VmReader<Infallible> r = VmReader.fromSlice(seq(6));
        assertEquals(0x04030201, r.readInt());
        assertEquals((byte) 5, r.readByte());
        assertEquals((byte) 6, r.readByte());
        assertFalse(r.hasRemain());
    }

    /**
     * A kernel writer writes a kernel reader, and a value that exactly fills it. Kills VmWriter:76
     * ({@code owner == null} negated), 77 ({@code write} returns 0), 94 ({@code asInfallible} returns
     * null) and 104 ({@code avail() < length} to {@code <=}: a value filling the writer refused).
     */
    @Test
    void aKernelWriterWritesAKernelReaderAndAValueThatFillsIt() {
        byte[] out = new byte[12];
        VmWriter<Infallible> w = VmWriter.fromSlice(out);
        assertEquals(4, w.write(VmReader.fromSlice(seq(4))));
        w.writeVal(-1L); // exactly the 8 bytes left
        assertEquals(0, w.avail());
        assertArrayEquals(new byte[] {1, 2, 3, 4, -1, -1, -1, -1, -1, -1, -1, -1}, out);
    }

    /**
     * A kernel writer's fill_zeros zeroes exactly {@code min(len, avail)} bytes from its cursor. Kills
     * VmWriter:190 (the {@code Arrays.fill} removed; its {@code cursor + n} to {@code -}), 191
     * ({@code cursor += n} to {@code -=}) and 192 (returns 0).
     */
    @Test
    void aKernelFillZerosZeroesFromTheCursor() {
        byte[] out = seq(8);
        VmWriter<Infallible> w = VmWriter.fromSlice(out);
        w.skip(2);
        assertEquals(3, w.fillZeros(3));
        assertEquals(3, w.avail());
        assertArrayEquals(new byte[] {1, 2, 0, 0, 0, 6, 7, 8}, out);
        assertEquals(3, w.fillZeros(10));
        assertArrayEquals(new byte[] {1, 2, 0, 0, 0, 0, 0, 0}, out);
    }

    /**
     * fill_zeros(0) on a user writer does nothing and logs nothing; fill and fill_zeros of more than
     * {@code Integer.MAX_VALUE - 8} bytes are refused IllegalArgumentException before any step. Kills
     * VmWriter:184 ({@code n <= 0} to {@code < 0}: a Write of 0 bytes, refused), 187 and 162 (their
     * {@code checkArgument} removed: an array of {@code (int) 2^32 = 0} bytes, then a refused Write or
     * ArrayIndexOutOfBounds).
     */
    @Test
    void userFillsOfNothingOrOfMoreThanAnArrayHoldsDoNothing() {
        VmWriter<Fallible> w = fx.space.writer(0, 0, 1L << 32); // created (not active); avail 2^32
        int before = fx.sink.events().size();
        assertEquals(0, w.fillZeros(0));
        assertThrows(IllegalArgumentException.class, () -> w.fillZeros(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> w.fill(Pod.U8, (byte) 1));
        assertEquals(before, fx.sink.events().size());
    }

    /**
     * A one-byte Pod is a Pod, and a Pod prints its size. Kills Pod:61 ({@code size >= 1} to
     * {@code > 1}) and Pod$1:88 ({@code toString} returns "").
     */
    @Test
    void aOneBytePodIsAPodAndPrintsItsSize() {
        Pod<Byte> b = Pod.of(1, ByteBuffer::put, ByteBuffer::get);
        assertEquals((byte) 7, b.fromBytes(b.toBytes((byte) 7)));
        assertEquals("Pod(1 bytes)", b.toString());
        assertEquals("Pod(4 bytes)", Pod.U32.toString());
    }
}
