package org.vmspace.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.vmspace.mm.VmSpace;
import org.vmspace.model.PageProperty;
import org.vmspace.model.UFrame;
import org.vmspace.trace.NdjsonFileSink;
import org.vmspace.trace.TraceSink;

/**
 * Page-table operations per second: one operation is a cursor over one page of the thread's own
 * range, {@code map} of the thread's own frame, {@code jump} back, {@code unmap}, {@code dispatchTlbFlush} and the
 * cursor's drop (6 trace events). Each benchmark thread (JMH {@code -t N}: make bench runs 1, 2, 4 and
 * 8) has a disjoint range of {@link #PAGES_PER_THREAD} pages. {@code sink}: {@code none} (no trace) or
 * {@code ndjson} (the NDJSON file sink writing to /dev/null: serialisation and write calls, no disk).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OpsBench {
    static final int PAGE = 4096;
    static final int MAX_THREADS = 8;
    static final int PAGES_PER_THREAD = 8;

    @State(Scope.Benchmark)
    public static class Space {
        @Param({"none", "ndjson"})
        String sink;

        VmSpace space;
        final AtomicInteger next = new AtomicInteger();

        @Setup
        public void setup() throws IOException {
            TraceSink s = sink.equals("none") ? TraceSink.NONE : new NdjsonFileSink(Path.of("/dev/null"));
            space = VmSpace.builder().cpus(2).frames(MAX_THREADS * PAGES_PER_THREAD)
                    .windowPages(MAX_THREADS * PAGES_PER_THREAD).pageSize(PAGE).sink(s).threads(MAX_THREADS).build();
            space.activate(0);
            space.activate(1);
        }

        @TearDown
        public void tearDown() {
            space.close();
        }
    }

    @State(Scope.Thread)
    public static class Range {
        long lo;
        UFrame frame;

        @Setup
        public void setup(Space s) {
            int i = s.next.getAndIncrement() % MAX_THREADS;
            lo = s.space.windowBase() + (long) i * PAGES_PER_THREAD * PAGE;
            frame = s.space.frame(i); // its own frame: mapAny's "lowest free frame" would race between threads
        }
    }

    @Benchmark
    public long mapUnmapFlush(Space s, Range r) {
        try (CursorMut c = s.space.cursorMut(r.lo, r.lo + PAGE)) {
            c.map(r.frame, PageProperty.RW);
            c.jump(r.lo);
            long n = c.unmap(PAGE);
            return n + c.flusher().dispatchTlbFlush();
        }
    }
}
