package org.vmspace.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vmspace.model.Vaddr;
import org.vmspace.trace.NdjsonFileSink;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceOp;

/**
 * The tracing path alone, as VmSpace uses it for a Map event: build the event (args and post, addresses
 * spelled in hex) and emit it to the NDJSON file sink writing to /dev/null. The per-event cost behind
 * OpsBench's {@code sink=ndjson} figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EmitBench {
    NdjsonFileSink sink;
    long seq;

    @Setup
    public void setup() throws IOException {
        sink = new NdjsonFileSink(Path.of("/dev/null"));
    }

    @TearDown
    public void tearDown() {
        sink.close();
    }

    @Benchmark
    public long mapEvent() {
        long va = 0x7fffffc0000L + (seq & 63) * 4096;
        TraceEvent e = TraceEvent.of(TraceOp.Map).arg("cursor", 3L).arg("frame", Vaddr.hex(0x10000L + (seq & 63) * 4096))
                .arg("prop", "RW").arg("va", Vaddr.hex(va));
        e.post("va", Vaddr.hex(va + 4096)).post("replaced", null).post("freeFrames", 17);
        sink.emit(++seq, "w-0", e);
        return seq;
    }
}
