package org.vmspace.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@link CopyBench}'s operations timed in the thread's CPU time (steadier than JMH's wall-clock
 * throughput on a loaded machine): for each chunk size, {@code userRead}, {@code userWrite} and
 * {@code arraycopy} run {@code OPS} times each, in rounds after a warm-up round, and the user-space
 * copies are printed as a fraction of {@code arraycopy}'s throughput.
 * {@code java -cp bench/target/benchmarks.jar org.vmspace.bench.CopyCostProbe [OPS] [ROUNDS]}
 * (java-impl/BENCHMARKS.md).
 */
public final class CopyCostProbe {
    private CopyCostProbe() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU nanoseconds per operation of {@code kind} over {@code ops} operations. */
    static double nsPerOp(CopyBench b, String kind, int ops) {
        long sink = 0;
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
            sink += switch (kind) {
                case "userRead" -> b.userRead();
                case "userWrite" -> b.userWrite();
                default -> b.arraycopy()[i & (CopyBench.TOTAL - 1)];
            };
        }
        long t1 = THREADS.getCurrentThreadCpuTime();
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        return (double) (t1 - t0) / ops;
    }

    public static void main(String[] args) {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] kinds = {"arraycopy", "userRead", "userWrite"};
        for (int chunk : new int[] {4096, 65536}) {
            CopyBench b = new CopyBench();
            b.chunk = chunk;
            b.setup();
            try {
                for (String k : kinds) {
                    nsPerOp(b, k, ops / 2); // warm-up
                }
                for (int r = 1; r <= rounds; r++) {
                    double[] ns = new double[kinds.length];
                    for (int k = 0; k < kinds.length; k++) {
                        ns[k] = nsPerOp(b, kinds[k], ops);
                    }
                    System.out.printf(Locale.ROOT,
                            "chunk %d round %d: arraycopy %.0f ns, userRead %.0f ns (%.3f of arraycopy),"
                                    + " userWrite %.0f ns (%.3f of arraycopy) per 256 KiB%n",
                            chunk, r, ns[0], ns[1], ns[0] / ns[1], ns[2], ns[0] / ns[2]);
                }
            } finally {
                b.tearDown();
            }
        }
    }
}
