package org.vmspace.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vmspace.mm.CursorMut;
import org.vmspace.mm.Fallible;
import org.vmspace.mm.Infallible;
import org.vmspace.mm.VmReader;
import org.vmspace.mm.VmSpace;
import org.vmspace.mm.VmWriter;
import org.vmspace.model.PageProperty;

/**
 * User-space copy throughput: one operation copies {@link #TOTAL} bytes (64 mapped 4 KiB pages) in
 * chunks of {@code chunk} bytes. {@code userRead}: a fallible user reader over the pages (created,
 * activated, then disposed and removed: its whole lifecycle) reads into kernel writers over a byte
 * array; {@code userWrite}: the same for a user writer fed by kernel readers; {@code arraycopy}: the
 * same bytes with {@link System#arraycopy}. Tracing off (TraceSink.NONE).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CopyBench {
    static final int PAGE = 4096;
    static final int PAGES = 64;
    static final int TOTAL = PAGE * PAGES;

    @Param({"4096", "65536"})
    int chunk;

    VmSpace space;
    long base;
    byte[] src;
    byte[] kernel;

    @Setup
    public void setup() {
        space = VmSpace.builder().cpus(1).frames(PAGES).windowPages(PAGES).pageSize(PAGE).build();
        space.activate(0);
        base = space.windowBase();
        try (CursorMut c = space.cursorMut(base, base + TOTAL)) {
            for (int p = 0; p < PAGES; p++) {
                c.mapAny(PageProperty.RW);
            }
        }
        src = new byte[TOTAL];
        new Random(1).nextBytes(src);
        kernel = new byte[TOTAL];
        if (userWrite() != TOTAL) { // the pages hold src's bytes from now on
            throw new IllegalStateException("setup: short write");
        }
    }

    @TearDown
    public void tearDown() {
        space.close();
    }

    @Benchmark
    public long userRead() {
        VmReader<Fallible> r = space.reader(0, base, TOTAL);
        space.owner().activateReader(r);
        long n = 0;
        for (int off = 0; off < TOTAL; off += chunk) {
            n += r.readFallible(VmWriter.fromSlice(kernel, off, chunk));
        }
        space.owner().disposeReader(r);
        space.owner().removeReader(r);
        return n;
    }

    @Benchmark
    public long userWrite() {
        VmWriter<Fallible> w = space.writer(0, base, TOTAL);
        space.owner().activateWriter(w);
        long n = 0;
        for (int off = 0; off < TOTAL; off += chunk) {
            VmReader<Infallible> from = VmReader.fromSlice(src, off, chunk);
            n += w.writeFallible(from);
        }
        space.owner().disposeWriter(w);
        space.owner().removeWriter(w);
        return n;
    }

    @Benchmark
    public byte[] arraycopy() {
        for (int off = 0; off < TOTAL; off += chunk) {
            System.arraycopy(src, off, kernel, off, chunk);
        }
        return kernel;
    }
}
