package org.vmspace.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vmspace.cli.Workload;
import org.vmspace.mm.VmSpace;
import org.vmspace.trace.NdjsonFileSink;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceSink;

/**
 * Where the tracing cost of the default workload goes, in process CPU time (steadier than wall time on
 * a loaded machine): the same workload (one thread, seed 1) with no trace ({@code none}), every event
 * built and dropped ({@code build}), and built and written to a file ({@code file}), in rounds after a
 * warm-up round. {@code java -cp bench/target/benchmarks.jar org.vmspace.bench.TraceCostProbe [OPS]
 * [ROUNDS]} (java-impl/BENCHMARKS.md).
 */
public final class TraceCostProbe {
    private TraceCostProbe() {}

    static long cpuMs(String kind, int ops, Path file) throws Exception {
        Workload.Options o = Workload.parse(new String[] {"--seed", "1", "--ops", Integer.toString(ops)});
        TraceSink s = switch (kind) {
            case "none" -> TraceSink.NONE;
            case "build" -> new TraceSink() {
                @Override
                public void emit(long seq, String thread, TraceEvent event) {}
            };
            default -> new NdjsonFileSink(file);
        };
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = os.getProcessCpuTime();
        try (VmSpace space = VmSpace.builder().pageSize(o.pageSize()).cpus(o.cpus()).frames(o.frames())
                .windowPages(o.windowPages()).sharedReader(o.sharedReader()).seed(o.seed()).threads(o.threads())
                .sink(s).build()) {
            Workload.runActors(space, o);
        }
        return (os.getProcessCpuTime() - t0) / 1_000_000;
    }

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path file = Files.createTempFile("trace-cost", ".ndjson");
        try {
            String[] kinds = {"none", "build", "file"};
            for (String k : kinds) {
                cpuMs(k, ops / 3, file); // warm-up
            }
            for (int r = 1; r <= rounds; r++) {
                long[] ms = new long[kinds.length];
                StringBuilder b = new StringBuilder("round " + r + ":");
                for (int k = 0; k < kinds.length; k++) {
                    ms[k] = cpuMs(kinds[k], ops, file);
                    b.append(' ').append(kinds[k]).append(' ').append(ms[k]).append(" ms");
                }
                b.append(String.format(java.util.Locale.ROOT, "; build %.2fx, file %.2fx of none",
                        (double) ms[1] / ms[0], (double) ms[2] / ms[0]));
                System.out.println(b);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
