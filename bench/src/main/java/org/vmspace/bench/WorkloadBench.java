package org.vmspace.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.vmspace.cli.Workload;
import org.vmspace.mm.VmSpace;
import org.vmspace.trace.NdjsonFileSink;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceSink;

/**
 * The cost of tracing on the default workload (org.vmspace.cli.Workload, one thread, seed 1, 20,000
 * operations per invocation: a fresh space each time), split in two: {@code sink=none} builds no event;
 * {@code build} builds every event (VmSpace's side: arguments, post values, hex spellings) and drops
 * it; {@code ndjson} also serialises and writes it (the NDJSON file sink writing to /dev/null). So
 * build - none is the cost of making events, ndjson - build the cost of writing them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WorkloadBench {
    static final int OPS = 20_000;

    @Param({"none", "build", "ndjson"})
    String sink;

    @Benchmark
    public long workload() throws IOException {
        Workload.Options o = Workload.parse(new String[] {"--seed", "1", "--ops", Integer.toString(OPS)});
        TraceSink s = switch (sink) {
            case "none" -> TraceSink.NONE;
            case "build" -> new TraceSink() {
                @Override
                public void emit(long seq, String thread, TraceEvent event) {}
            };
            default -> new NdjsonFileSink(Path.of("/dev/null"));
        };
        try (VmSpace space = VmSpace.builder().pageSize(o.pageSize()).cpus(o.cpus()).frames(o.frames())
                .windowPages(o.windowPages()).sharedReader(o.sharedReader()).seed(o.seed()).threads(o.threads())
                .sink(s).build()) {
            Workload.runActors(space, o);
            return o.ops();
        }
    }
}
