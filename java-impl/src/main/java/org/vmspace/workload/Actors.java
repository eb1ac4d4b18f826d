package org.vmspace.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vmspace.mm.VmSpace;
import org.vmspace.trace.TraceException;

/**
 * The workload's actors: a seeded random mix of every protocol operation over the trace window, one thread
 * per actor ({@link Actor}). The command line that drives it is {@code org.vmspace.cli.Workload}.
 */
public final class Actors {
    private Actors() {}

    /**
     * Runs {@code threads} actors named {@code w-0..} against {@code space}, each with its share of {@code ops}
     * and its own {@link Random} from {@code seed}; {@code flushOps}: cursors also issue frameless TLB flushes
     * and call find_next / issue_tlb_flush wrongly (the workload's {@code --flush-ops}). A failed sink's
     * {@link TraceException} is rethrown; another actor failure is an {@link IllegalStateException}.
     */
    public static void run(VmSpace space, long seed, int ops, int threads, boolean flushOps) {
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = ops / threads + (t < ops % threads ? 1 : 0);
            Actor a = new Actor(space, t, new Random(seed * 1_000_003L + t), share, threads, flushOps);
            Thread th = new Thread(a, "w-" + t);
            th.setUncaughtExceptionHandler((x, e) -> {
                synchronized (failures) {
                    failures.add(e);
                }
            });
            ts.add(th);
        }
        ts.forEach(Thread::start);
        for (Thread th : ts) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (!failures.isEmpty()) {
            for (Throwable f : failures) {
                if (f instanceof TraceException te) {
                    throw te; // the sink failed: every actor stops with it
                }
            }
            throw new IllegalStateException("actor failed", failures.get(0));
        }
    }
}
