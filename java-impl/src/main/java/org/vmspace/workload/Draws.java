package org.vmspace.workload;

import java.util.List;
import java.util.Random;
import org.vmspace.mm.VmSpace;
import org.vmspace.model.PageProperty;

/**
 * An actor's random draws over the trace window: its seeded {@link Random} (one per actor, shared by all its
 * parts in the order they draw, so a seed gives one trace), the window's geometry, and the values drawn from
 * it (a CPU, a page, a byte range, a page property, a length, an element of a list).
 */
final class Draws {
    final Random rnd;
    final int ps;
    final long base;
    final long top;
    final int pages;
    private final VmSpace space;

    Draws(VmSpace space, Random rnd) {
        this.space = space;
        this.rnd = rnd;
        this.ps = space.pageSize();
        this.base = space.windowBase();
        this.top = space.maxUserspaceVaddr();
        this.pages = space.windowPages();
    }

    /**
     * The CPU of a request: any CPU, uniformly, so the work spreads over every CPU at any thread
     * count (cross-CPU TLB shootdowns happen with one thread too: WorkloadTest).
     */
    int cpu() {
        return rnd.nextInt(space.cpus());
    }

    long page() {
        return base + (long) rnd.nextInt(pages) * ps;
    }

    /** A byte range inside the window: up to 3 pages, sometimes unaligned, sometimes empty. */
    long[] window() {
        long v = page() + (rnd.nextInt(3) == 0 ? rnd.nextInt(ps) : 0);
        long max = top - v;
        long len = switch (rnd.nextInt(8)) {
            case 0 -> 0;
            case 1 -> 1 + rnd.nextInt(16);
            case 2, 3 -> ps;
            default -> 1 + rnd.nextInt(3 * ps);
        };
        return new long[] {v, Math.min(len, max)};
    }

    <T> T pick(List<T> l) {
        return l.isEmpty() ? null : l.get(rnd.nextInt(l.size()));
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    PageProperty prop() {
        return rnd.nextInt(4) == 0 ? PageProperty.READ_ONLY : PageProperty.RW;
    }

    long lenUpTo(long left) {
        long p = left / ps;
        return p <= 0 ? 0 : (long) rnd.nextInt((int) Math.min(p, 8) + 1) * ps;
    }
}
