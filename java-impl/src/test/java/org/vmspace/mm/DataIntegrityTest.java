package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmspace.model.PageProperty;

/** Bytes a writer wrote are the bytes later read, through remaps and page faults. */
class DataIntegrityTest {
    private final Fixture fx = new Fixture();
    private final VmSpaceOwner owner = fx.space.owner();

    private byte[] readBack(long vaddr, int len) {
        VmReader<Fallible> r = fx.space.reader(0, vaddr, len);
        owner.activateReader(r);
        byte[] out = new byte[len];
        assertEquals(len, r.read(VmWriter.fromSlice(out)));
        owner.disposeReader(r);
        owner.removeReader(r);
        return out;
    }

    private void write(long vaddr, byte[] data) {
        VmWriter<Fallible> w = fx.space.writer(0, vaddr, data.length);
        owner.activateWriter(w);
        assertEquals(data.length, w.write(VmReader.fromSlice(data)));
        owner.disposeWriter(w);
        owner.removeWriter(w);
    }

    @Test
    void bytesWrittenAcrossPagesAreReadBack() {
        fx.map(0, 4, PageProperty.RW);
        byte[] data = new byte[3 * fx.ps + 17];
        new Random(1).nextBytes(data);
        write(fx.page(0) + 11, data);
        assertArrayEquals(data, readBack(fx.page(0) + 11, data.length));
    }

    @Test
    void bytesSurviveProtectAndUnmapRemapOfTheSameFrame() {
        fx.map(0, 1, PageProperty.RW);
        byte[] data = new byte[fx.ps];
        new Random(2).nextBytes(data);
        write(fx.page(0), data);
        long frame = fx.space.snapshot().pt().get(fx.page(0)).frame();
        try (CursorMut c = fx.space.cursorMut(fx.page(0), fx.page(2))) {
            c.protectNext(fx.ps, PageProperty.READ_ONLY);
            c.jump(fx.page(0));
            c.unmap(fx.ps);
            c.jump(fx.page(1));
            c.map(fx.space.frame((int) (frame / fx.ps)), PageProperty.RW); // the same frame, one page up
        }
        assertArrayEquals(data, readBack(fx.page(1), fx.ps));
    }

    @Test
    void thePrefixWrittenBeforeAPageFaultIsKept() {
        fx.map(0, 2, PageProperty.RW);
        write(fx.page(0), new byte[2 * fx.ps]); // zeros
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0) + fx.ps - 100, 200);
        owner.activateWriter(w);
        fx.unmap(1, 1);
        byte[] data = new byte[200];
        Arrays.fill(data, (byte) 0x5a);
        assertEquals(100, w.writeFallible(VmReader.fromSlice(data)));
        owner.disposeWriter(w);
        owner.removeWriter(w);
        byte[] expected = new byte[100];
        Arrays.fill(expected, (byte) 0x5a);
        assertArrayEquals(expected, readBack(fx.page(0) + fx.ps - 100, 100));
    }

    @Test
    void valuesAreLittleEndian() {
        fx.map(0, 1, PageProperty.RW);
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 12);
        owner.activateWriter(w);
        w.writeVal(0x1122334455667788L);
        w.writeVal(0xaabbccdd);
        owner.disposeWriter(w);
        owner.removeWriter(w);
        byte[] b = readBack(fx.page(0), 12);
        assertEquals((byte) 0x88, b[0]);
        assertEquals((byte) 0x11, b[7]);
        assertEquals((byte) 0xdd, b[8]);
    }
}
