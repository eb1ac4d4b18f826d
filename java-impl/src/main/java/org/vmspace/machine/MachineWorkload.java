package org.vmspace.machine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A multi-space workload for the {@link Machine}: seeded random actors, one per CPU, take turns (one
 * thread, so a seed gives one trace) over several spaces and a few pages: activate, read, write (with
 * its copy-on-write faults), map, unmap, flush, fork (a new space: the spaces are the two created
 * first and their forks), share a page copy-on-write.
 * Refused operations are part of the workload (they are logged). The command line is
 * {@link MachineWorkloadMain} ({@code make trace-machine}).
 */
public final class MachineWorkload {
    /** The pages the actors use: {@code pages} consecutive 4 KiB pages from here (64-bit user addresses). */
    public static final long PAGE_BASE = 0x7fff_fff0_0000L;
    public static final long PAGE_SIZE = 0x1000;

    /** The workload's parameters: {@code ops} operations over at most {@code spaces} spaces. */
    public record Params(long seed, int ops, int cpus, int frames, int spaces, int pages, Set<MachineBug> bugs) {
        public Params {
            check(ops >= 0, "ops must be >= 0, got " + ops);
            check(cpus >= 1 && cpus <= 64, "cpus must be 1..64, got " + cpus);
            check(frames >= 1 && frames <= 4096, "frames must be 1..4096, got " + frames);
            check(spaces >= 1 && spaces <= 64, "spaces must be 1..64, got " + spaces);
            check(pages >= 1 && pages <= 4096, "pages must be 1..4096, got " + pages);
            bugs = Set.copyOf(bugs);
        }

        public static Params defaults(long seed, int ops) {
            return new Params(seed, ops, 3, 16, 6, 6, Set.of());
        }

        public Params withBugs(Set<MachineBug> b) {
            return new Params(seed, ops, cpus, frames, spaces, pages, b);
        }

        /** The header's informational fields. */
        public Map<String, Object> info() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seed", seed);
            m.put("ops", ops);
            m.put("spaces", spaces);
            m.put("pages", pages);
            m.put("bugs", bugs.stream().map(Enum::name).sorted().toList());
            return m;
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private final Machine m;
    private final Params p;
    private final Random rnd;
    private int refused;

    private MachineWorkload(Machine m, Params p) {
        this.m = m;
        this.p = p;
        this.rnd = new Random(p.seed());
    }

    /**
     * What a run did: the operations refused, and (only with a deliberate bug) the internal error that
     * stopped the machine early, e.g. a reference count dropping below 0, or null.
     */
    public record Outcome(int refused, String stoppedBy) {}

    /** Runs the workload on a new machine writing to {@code sink}. */
    public static Outcome run(Params p, MachineSink sink) {
        Machine m = new Machine(p.cpus(), p.frames(), p.bugs(), sink, p.info());
        MachineWorkload w = new MachineWorkload(m, p);
        try {
            w.run();
        } catch (IllegalStateException e) { // a buggy machine broke its own books: the trace so far stays
            if (p.bugs().isEmpty()) {
                throw e;
            }
            return new Outcome(w.refused, e.getMessage());
        }
        return new Outcome(w.refused, null);
    }

    private long page() {
        return PAGE_BASE + rnd.nextInt(p.pages()) * PAGE_SIZE;
    }

    private Space anySpace() {
        List<Space> ss = m.spaces();
        return ss.get(rnd.nextInt(ss.size()));
    }

    /** Mostly (7 in 10) a page {@code s} maps, if any; else any page. */
    private long mappedPage(Space s) {
        List<Long> mapped = mapped(s);
        return mapped.isEmpty() || rnd.nextInt(10) >= 7 ? page() : mapped.get(rnd.nextInt(mapped.size()));
    }

    private List<Long> mapped(Space s) {
        List<Long> out = new ArrayList<>();
        for (int k = 0; s != null && k < p.pages(); k++) {
            long pg = PAGE_BASE + k * PAGE_SIZE;
            if (s.leaf(pg) != null) {
                out.add(pg);
            }
        }
        return out;
    }

    /** Mostly the space current on {@code cpu} (what a process does to its own address space). */
    private Space ownSpace(int cpu) {
        Space s = m.current(cpu);
        return s != null && rnd.nextInt(10) < 7 ? s : anySpace();
    }

    private void run() {
        m.newSpace();
        m.newSpace();
        for (int k = 0; k < p.ops(); k++) {
            int cpu = rnd.nextInt(p.cpus());
            try {
                step(cpu, rnd.nextInt(100));
            } catch (MachineFault | IllegalArgumentException e) {
                refused++;
            }
        }
    }

    private void step(int cpu, int dice) {
        if (dice < 8) {
            m.activate(cpu, anySpace());
        } else if (dice < 24) {
            m.read(cpu, mappedPage(m.current(cpu)));
        } else if (dice < 42) {
            m.write(cpu, mappedPage(m.current(cpu)), rnd.nextLong());
        } else if (dice < 54) {
            ownSpace(cpu).map(page(), rnd.nextInt(4) == 0 ? Prop.R : Prop.RW);
        } else if (dice < 68) {
            Space s = ownSpace(cpu);
            s.unmap(mappedPage(s));
        } else if (dice < 81) {
            flusher(cpu).dispatchTlbFlush(cpu);
        } else if (dice < 83 && m.spaces().size() < p.spaces()) {
            ownSpace(cpu).fork();
        } else if (dice < 90) {
            share(cpu);
        } else {
            m.read(cpu, page());
        }
    }

    /** A space with pending flush ops, preferring the one current on {@code cpu}; else any. */
    private Space flusher(int cpu) {
        Space own = m.current(cpu);
        if (own != null && !own.pending().isEmpty()) {
            return own;
        }
        List<Space> withPending = new ArrayList<>();
        for (Space s : m.spaces()) {
            if (!s.pending().isEmpty()) {
                withPending.add(s);
            }
        }
        return withPending.isEmpty() || rnd.nextInt(10) == 0 ? anySpace() : withPending.get(rnd.nextInt(withPending.size()));
    }

    /** Shares a mapped page of the CPU's space copy-on-write at a random place (refused if it is mapped). */
    private void share(int cpu) {
        Space s = ownSpace(cpu);
        List<Long> mapped = mapped(s);
        long from = mapped.isEmpty() ? page() : mapped.get(rnd.nextInt(mapped.size()));
        s.shareCow(from, anySpace(), page());
    }
}
