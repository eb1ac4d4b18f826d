package org.vmspace.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.vmspace.mm.Bug;
import org.vmspace.mm.Bugs;
import org.vmspace.mm.CursorMut;
import org.vmspace.mm.TlbFlushOp;
import org.vmspace.mm.Fallible;
import org.vmspace.mm.VmReader;
import org.vmspace.mm.VmSpace;
import org.vmspace.mm.VmWriter;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageProperty;
import org.vmspace.model.UFrame;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.NdjsonFileSink;
import org.vmspace.trace.TraceException;
import org.vmspace.trace.TraceSink;

/**
 * The workload driver: a seeded random mix of every protocol operation over the trace window (the
 * top {@code --window-pages} user pages), written as an NDJSON trace.
 *
 * <pre>
 * java -cp ... org.vmspace.cli.Workload --out FILE --seed N --ops N --threads N [--cpus 2]
 *     [--frames 64] [--window-pages 64] [--page-size 4096] [--shared-reader true|false] [--bugs NAME,..]
 * </pre>
 *
 * Exit codes: 0 ok; 1 internal error (an actor failed unexpectedly); 2 bad arguments; 3 the trace could
 * not be written (the sink failed, e.g. disk full: the run stops at that event). Every failure is one line
 * on stderr. With {@code --threads 1} the trace is a function of the arguments (byte-identical across
 * runs).
 */
public final class Workload {
    /** Parsed command line; {@code out} is null when no trace is written. */
    public record Options(Path out, long seed, int ops, int threads, int cpus, int frames, int windowPages,
                          int pageSize, boolean sharedReader, String bugs, boolean flushOps) {}

    private Workload() {}

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /** The text of {@code --help}. */
    public static final String USAGE = String.join("\n",
            "Usage: java -cp ... org.vmspace.cli.Workload [--out FILE] --seed N --ops N [options]",
            "A seeded random workload of every VmSpace protocol operation, written as an NDJSON trace",
            "(java-impl/TRACE_SCHEMA.md). With --threads 1 a seed always gives the byte-identical trace.",
            "",
            "Required:",
            "  --seed N                the random seed (a long)",
            "  --ops N                 operations in all, shared among the threads (0 .. 100000000)",
            "Options:",
            "  --out FILE              the trace file (its directory is created); without it nothing is traced",
            "  --threads N             actor threads w-0, w-1, ... (1 .. 256; default 1)",
            "  --cpus N                CPUs (1 .. 64; default 2)",
            "  --frames N              physical frames (1 .. 2^20; default 64)",
            "  --window-pages N        the top N user pages the workload uses (default 64)",
            "  --page-size N           a power of two in 16 .. 4096 (default 4096)",
            "  --shared-reader BOOL    true or false (default false)",
            "  --bugs NAME,..          switch on deliberate bugs (java-impl/README.md, \"Deliberate bugs\")",
            "  --flush-ops BOOL        true: cursors also issue frameless TLB flushes (All, Address, Range)",
            "                          before an explicit dispatch, and call find_next / issue_tlb_flush",
            "                          wrongly too, for their refusals (default false: traces as before)",
            "  -h, --help              this text",
            "Each option may be given once. Exit codes: 0 ok; 1 internal error; 2 bad arguments;",
            "3 the trace could not be written (e.g. disk full). Every failure is one line on stderr.",
            "");

    /** Runs the workload; returns the exit code. */
    public static int run(String[] args, PrintStream err) {
        return run(args, System.out, err);
    }

    /** Runs the workload, {@code --help} to {@code out}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            out.print(USAGE);
            out.flush();
            return 0;
        }
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("workload: " + e.getMessage());
            return 2;
        }
        VmSpace space;
        TraceSink sink;
        try {
            sink = o.out() == null ? TraceSink.NONE : new NdjsonFileSink(o.out());
        } catch (IOException e) {
            err.println("workload: cannot write " + o.out() + ": " + e.getMessage());
            return 2;
        }
        try {
            space = VmSpace.builder().pageSize(o.pageSize()).cpus(o.cpus()).frames(o.frames())
                    .windowPages(o.windowPages()).sharedReader(o.sharedReader()).seed(o.seed()).threads(o.threads())
                    .bugs(bugs(o)).sink(sink).build(); // writes the header
        } catch (IllegalArgumentException e) {
            closeQuietly(sink);
            err.println("workload: " + e.getMessage());
            return 2;
        } catch (TraceException e) {
            closeQuietly(sink);
            err.println("workload: " + e.getMessage());
            return 3;
        }
        try (space) {
            runActors(space, o);
            return 0;
        } catch (TraceException e) {
            closeQuietly(sink);
            err.println("workload: " + e.getMessage());
            return 3;
        } catch (RuntimeException e) {
            closeQuietly(sink);
            Throwable c = e.getCause() != null ? e.getCause() : e;
            err.println("workload: internal error: " + c.getClass().getSimpleName() + ": " + c.getMessage());
            return 1;
        }
    }

    private static void closeQuietly(TraceSink sink) {
        try {
            sink.close();
        } catch (RuntimeException e) {
            // already reported: the run failed
        }
    }

    /** Parses {@code --key value} pairs; throws {@link IllegalArgumentException} with a one-line message. */
    public static Options parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        java.util.Set<String> given = new java.util.HashSet<>();
        m.put("cpus", "2");
        m.put("frames", "64");
        m.put("window-pages", "64");
        m.put("page-size", "4096");
        m.put("shared-reader", "false");
        m.put("bugs", "");
        m.put("threads", "1");
        m.put("flush-ops", "false");
        List<String> known = List.of("out", "seed", "ops", "threads", "cpus", "frames", "window-pages", "page-size",
                "shared-reader", "bugs", "flush-ops");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !known.contains(a.substring(2))) {
                throw new IllegalArgumentException("unknown argument '" + a + "'; expected --" + String.join(" --", known)
                        + " (--help for usage)");
            }
            if (!given.add(a)) {
                throw new IllegalArgumentException(a + " given twice (each option may be given once)");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            m.put(a.substring(2), args[++i]);
        }
        for (String req : List.of("seed", "ops")) {
            if (!m.containsKey(req)) {
                throw new IllegalArgumentException("missing --" + req);
            }
        }
        String sr = m.get("shared-reader");
        if (!sr.equals("true") && !sr.equals("false")) {
            throw new IllegalArgumentException("--shared-reader must be true or false: " + sr);
        }
        String fo = m.get("flush-ops");
        if (!fo.equals("true") && !fo.equals("false")) {
            throw new IllegalArgumentException("--flush-ops must be true or false: " + fo);
        }
        Options o = new Options(m.containsKey("out") ? Path.of(m.get("out")) : null, number(m, "seed"), (int) range(m, "ops", 0, 100_000_000),
                (int) range(m, "threads", 1, 256), (int) range(m, "cpus", 1, 64), (int) range(m, "frames", 1, 1 << 20),
                (int) range(m, "window-pages", 1, 1 << 20), (int) range(m, "page-size", 16, 4096),
                Boolean.parseBoolean(sr), m.get("bugs"), Boolean.parseBoolean(fo));
        if (Integer.bitCount(o.pageSize()) != 1) {
            throw new IllegalArgumentException("--page-size must be a power of two: " + o.pageSize());
        }
        if ((long) o.windowPages() * o.pageSize() >= Vaddr.maxUserspaceVaddr(o.pageSize())) {
            throw new IllegalArgumentException("--window-pages too large: " + o.windowPages());
        }
        Bugs.parse(o.bugs());
        return o;
    }

    /** The bugs of the run's space: those of {@code -Dvmspace.bugs} and those of {@code --bugs}. */
    public static Set<Bug> bugs(Options o) {
        Set<Bug> s = EnumSet.noneOf(Bug.class);
        s.addAll(Bugs.fromProperty());
        s.addAll(Bugs.parse(o.bugs()));
        return s;
    }

    private static long number(Map<String, String> m, String k) {
        try {
            return Long.parseLong(m.get(k));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + k + " must be an integer: " + m.get(k));
        }
    }

    private static long range(Map<String, String> m, String k, long lo, long hi) {
        long v = number(m, k);
        if (v < lo || v > hi) {
            throw new IllegalArgumentException("--" + k + " must be in [" + lo + ", " + hi + "]: " + v);
        }
        return v;
    }

    /** Runs {@code o.threads()} actors named {@code w-0..}, each with its share of the ops. */
    public static void runActors(VmSpace space, Options o) {
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < o.threads(); t++) {
            int share = o.ops() / o.threads() + (t < o.ops() % o.threads() ? 1 : 0);
            Actor a = new Actor(space, t, new Random(o.seed() * 1_000_003L + t), share, o.threads(), o.flushOps());
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

    /** One thread's share of the workload: its own owners and at most one cursor. */
    static final class Actor implements Runnable {
        private static final long U64_MAX = -1L;
        private final VmSpace space;
        private final int index;
        private final Random rnd;
        private final int ops;
        private final boolean concurrent;
        private final int threads;
        /** --flush-ops: issue frameless flushes before explicit dispatches (draws from rnd only then). */
        private final boolean flushOps;
        private final int ps;
        private final long base;
        private final long top;
        private final int pages;
        /**
         * This actor's owners by local lifecycle state: created, active, disposed, and removed or dropped
         * (the last 4, kept for refusals).
         */
        private final List<List<VmReader<Fallible>>> rs = List.of(new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
        private final List<List<VmWriter<Fallible>>> ws = List.of(new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
        private static final int CREATED = 0;
        private static final int ACTIVE = 1;
        private static final int DISPOSED = 2;
        private static final int REMOVED = 3;
        private CursorMut cursor;
        private int cursorOps;
        /** The last cursor this actor dropped (for requests on a dropped cursor: InvalidState). */
        private CursorMut dropped;
        /** Each owner's requested {@code [vaddr, vaddr + len)} (for creations that conflict with it). */
        private final Map<Object, long[]> ranges = new java.util.IdentityHashMap<>();

        Actor(VmSpace space, int index, Random rnd, int ops, int threads, boolean flushOps) {
            this.flushOps = flushOps;
            this.space = space;
            this.index = index;
            this.threads = threads;
            this.concurrent = threads > 1;
            this.rnd = rnd;
            this.ops = ops;
            this.ps = space.pageSize();
            this.base = space.windowBase();
            this.top = space.maxUserspaceVaddr();
            this.pages = space.windowPages();
        }

        @Override
        public void run() {
            try {
                runOps();
            } finally {
                if (cursor != null) { // on every path: other actors may wait for this range
                    CursorMut c = cursor;
                    cursor = null;
                    try {
                        c.close();
                    } catch (RuntimeException e) {
                        // the space failed; the range lock is gone with it (waiters were woken)
                    }
                }
            }
        }

        private void runOps() {
            int done = 0;
            space.activate(index % space.cpus());
            done++;
            // Every CPU is activated at the start, at any thread count: actor t also takes the CPUs
            // t + threads, t + 2 * threads, ... (so THREADS=1 uses CPU 1 as much as CPU 0).
            for (int c = index + threads; c < space.cpus() && done < ops; c += threads) {
                space.activate(c);
                done++;
            }
            if (index == 0 && done < ops) { // preamble: map about 3/4 of the window
                try (CursorMut c = space.cursorMut(base, top)) {
                    done++;
                    for (int p = 0; p < pages && done + 2 < ops; p++) {
                        if (rnd.nextInt(4) != 0 && space.lowestFreeFrame().isPresent()) {
                            c.mapAny(PageProperty.RW);
                            done++;
                        } else {
                            c.jump(Math.min(c.virtAddr() + ps, top - ps));
                            done++;
                        }
                    }
                } catch (VmException e) {
                    // another thread raced us to a frame: fine
                }
                done++;
            }
            for (; done < ops; done++) {
                try {
                    step();
                } catch (VmException e) {
                    // A refused request: logged by the implementation, nothing changed.
                }
            }
        }

        /**
         * The CPU of a request: any CPU, uniformly, so the work spreads over every CPU at any thread
         * count (cross-CPU TLB shootdowns happen with one thread too: WorkloadTest).
         */
        private int cpu() {
            return rnd.nextInt(space.cpus());
        }

        private long page() {
            return base + (long) rnd.nextInt(pages) * ps;
        }

        /** A byte range inside the window: up to 3 pages, sometimes unaligned, sometimes empty. */
        private long[] window() {
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

        private void step() {
            int r = rnd.nextInt(100);
            if (r < 3) {
                space.activate(rnd.nextInt(space.cpus()));
            } else if (r < 4) {
                space.deactivate(rnd.nextInt(space.cpus()));
            } else if (r < 10) {
                create(true);
            } else if (r < 16) {
                create(false);
            } else if (r < 18) {
                badCreate();
            } else if (r < 22) {
                activate(rnd.nextBoolean());
            } else if (r < 40) {
                io();
            } else if (r < 43) {
                skip();
            } else if (r < 48) {
                dispose();
            } else if (r < 53) {
                remove();
            } else if (r < 57) {
                wrongState();
            } else if (r < 58) {
                badCursor();
            } else {
                cursorStep();
            }
        }

        private <T> T pick(List<T> l) {
            return l.isEmpty() ? null : l.get(rnd.nextInt(l.size()));
        }

        private <T> void move(List<List<T>> lists, T x, int from, int to) {
            lists.get(from).remove(x);
            List<T> dst = lists.get(to);
            dst.add(x);
            if (to == REMOVED && dst.size() > 4) {
                ranges.remove(dst.remove(0));
            }
        }

        private void create(boolean reader) {
            long[] w = window();
            if (reader) {
                if (rs.get(CREATED).size() + rs.get(ACTIVE).size() + rs.get(DISPOSED).size() > 6) {
                    return;
                }
                VmReader<Fallible> x = space.reader(cpu(), w[0], w[1]);
                ranges.put(x, w);
                rs.get(CREATED).add(x);
            } else {
                if (ws.get(CREATED).size() + ws.get(ACTIVE).size() + ws.get(DISPOSED).size() > 6) {
                    return;
                }
                VmWriter<Fallible> x = space.writer(cpu(), w[0], w[1]);
                ranges.put(x, w);
                ws.get(CREATED).add(x);
            }
            int r = rnd.nextInt(16);
            if (r < 12) {
                activate(reader);
            } else if (r == 12) { // the fresh owner is dropped without ever being activated
                if (reader) {
                    drop(rs, rs.get(CREATED).get(rs.get(CREATED).size() - 1));
                } else {
                    drop(ws, ws.get(CREATED).get(ws.get(CREATED).size() - 1));
                }
            }
        }

        /** DropOwner of a created owner (Rust: dropping a never-activated VmReader/VmWriter); it is gone. */
        private <T> void drop(List<List<T>> lists, T x) {
            if (x instanceof VmReader<?>) {
                @SuppressWarnings("unchecked") VmReader<Fallible> r = (VmReader<Fallible>) x;
                space.owner().dropOwner(r);
            } else {
                @SuppressWarnings("unchecked") VmWriter<Fallible> w = (VmWriter<Fallible>) x;
                space.owner().dropOwner(w);
            }
            move(lists, x, CREATED, REMOVED);
        }

        /**
         * After a refused activation (NotMapped, Conflict, Borrowed) the owner is usually dropped
         * (DropOwner); otherwise it stays created for a later attempt. No owner is ever forgotten while
         * live, so the spec's {@code owners} does not grow with the trace.
         */
        private <T> void dropAfterRefusal(List<List<T>> lists, T x, VmException e) {
            if (e.kind() != ErrorKind.InvalidState && rnd.nextInt(10) != 0) {
                drop(lists, x);
            }
        }

        private void badCreate() {
            long v;
            long len;
            switch (rnd.nextInt(5)) {
                case 0 -> { // vaddr + len overflows u64
                    v = page();
                    len = U64_MAX - rnd.nextInt(ps);
                }
                case 1 -> { // near 2^64
                    v = U64_MAX - rnd.nextInt(ps);
                    len = 1 + rnd.nextInt(ps);
                }
                case 2 -> { // kernel space
                    v = Vaddr.KERNEL_BASE_VADDR + (long) rnd.nextInt(pages) * ps;
                    len = ps;
                }
                case 3 -> { // crosses MAX_USERSPACE_VADDR
                    v = top - 1 - rnd.nextInt(ps);
                    len = ps + rnd.nextInt(ps);
                }
                default -> { // at MAX_USERSPACE_VADDR
                    v = top;
                    len = rnd.nextInt(2);
                }
            }
            // Ending exactly at MAX_USERSPACE_VADDR is allowed (e.g. an empty range at the top): such an
            // owner is created and then dropped at once, so it does not stay in the books forever.
            if (rnd.nextBoolean()) {
                space.owner().dropOwner(space.reader(cpu(), v, len));
            } else {
                space.owner().dropOwner(space.writer(cpu(), v, len));
            }
        }

        /** Activates a created owner; a refused one is usually dropped (DropOwner), else retried later. */
        private void activate(boolean reader) {
            if (reader) {
                VmReader<Fallible> x = pick(rs.get(CREATED));
                if (x != null) {
                    try {
                        space.owner().activateReader(x);
                        move(rs, x, CREATED, ACTIVE);
                    } catch (VmException e) {
                        dropAfterRefusal(rs, x, e);
                        throw e;
                    }
                }
            } else {
                VmWriter<Fallible> x = pick(ws.get(CREATED));
                if (x != null) {
                    try {
                        space.owner().activateWriter(x);
                        move(ws, x, CREATED, ACTIVE);
                    } catch (VmException e) {
                        dropAfterRefusal(ws, x, e);
                        throw e;
                    }
                }
            }
        }

        private void io() {
            if (rnd.nextBoolean()) {
                VmReader<Fallible> x = pick(rs.get(ACTIVE));
                if (x == null) {
                    return;
                }
                x.onCpu(cpu());
                switch (rnd.nextInt(5)) {
                    case 0 -> x.readLong();
                    case 1 -> x.readOnceLong();
                    case 2 -> x.readFallible(VmWriter.fromSlice(new byte[1 + rnd.nextInt(ps)]));
                    default -> x.read(VmWriter.fromSlice(new byte[1 + rnd.nextInt(ps)]));
                }
            } else {
                VmWriter<Fallible> x = pick(ws.get(ACTIVE));
                if (x == null) {
                    return;
                }
                x.onCpu(cpu());
                switch (rnd.nextInt(7)) {
                    case 0 -> x.writeVal(rnd.nextLong());
                    case 1 -> x.writeOnce(rnd.nextLong());
                    case 2 -> x.fill(rnd.nextLong());
                    case 3 -> x.fillZeros(1 + rnd.nextInt(ps));
                    case 4 -> x.writeFallible(VmReader.fromSlice(bytes(1 + rnd.nextInt(ps))));
                    default -> x.write(VmReader.fromSlice(bytes(1 + rnd.nextInt(ps))));
                }
            }
        }

        private byte[] bytes(int n) {
            byte[] b = new byte[n];
            rnd.nextBytes(b);
            return b;
        }

        private void skip() {
            long n = rnd.nextInt(4) == 0 ? ps * 4L : rnd.nextInt(64);
            if (rnd.nextBoolean()) {
                VmReader<Fallible> x = pick(rs.get(ACTIVE));
                if (x != null) {
                    x.skip(n);
                }
            } else {
                VmWriter<Fallible> x = pick(ws.get(ACTIVE));
                if (x != null) {
                    x.skip(n);
                }
            }
        }

        private void dispose() {
            if (rnd.nextBoolean()) {
                VmReader<Fallible> x = pick(rs.get(ACTIVE));
                if (x != null) {
                    space.owner().disposeReader(x);
                    move(rs, x, ACTIVE, DISPOSED);
                }
            } else {
                VmWriter<Fallible> x = pick(ws.get(ACTIVE));
                if (x != null) {
                    space.owner().disposeWriter(x);
                    move(ws, x, ACTIVE, DISPOSED);
                }
            }
        }

        private void remove() {
            if (rnd.nextBoolean()) {
                VmReader<Fallible> x = pick(rs.get(DISPOSED));
                if (x != null) {
                    space.owner().removeReader(x);
                    move(rs, x, DISPOSED, REMOVED);
                }
            } else {
                VmWriter<Fallible> x = pick(ws.get(DISPOSED));
                if (x != null) {
                    try {
                        space.owner().removeWriter(x);
                    } finally {
                        // Under DisposeEmptyDrops the owner may already be gone: refused, and forgotten.
                        move(ws, x, DISPOSED, REMOVED);
                    }
                }
            }
        }

        /**
         * Requests the spec refuses in the state they are made in, of every kind (TraceVmSpace.tla's
         * RefusalAgrees; WorkloadRefusalsTest checks the workload makes each): lifecycle calls on owners
         * in the wrong state, creations that conflict with a parked owner, I/O on a CPU where the space is
         * not current or longer than the range, skips past the end, requests on a dropped cursor.
         */
        private void wrongState() {
            switch (rnd.nextInt(20)) {
                case 8 -> { // ActivateReader twice
                    VmReader<Fallible> x = pick(rs.get(ACTIVE));
                    if (x != null) {
                        space.owner().activateReader(x);
                    }
                }
                case 9 -> { // DisposeWriter of a writer that is not active: created or disposed
                    VmWriter<Fallible> x = pick(ws.get(rnd.nextBoolean() ? CREATED : DISPOSED));
                    if (x != null) {
                        space.owner().disposeWriter(x);
                    }
                }
                case 10 -> { // RemoveReader / RemoveWriter of an owner never disposed (created or active)
                    int from = rnd.nextBoolean() ? CREATED : ACTIVE;
                    if (rnd.nextBoolean()) {
                        VmReader<Fallible> x = pick(rs.get(from));
                        if (x != null) {
                            space.owner().removeReader(x);
                        }
                    } else {
                        VmWriter<Fallible> x = pick(ws.get(from));
                        if (x != null) {
                            space.owner().removeWriter(x);
                        }
                    }
                }
                case 11 -> conflictingCreate(); // can_create_reader / can_create_writer says no: Conflict
                case 12 -> offCpuIo(); // I/O on a CPU where this space is not current: AccessDenied
                case 13 -> { // I/O longer than the range left: InvalidArgs
                    if (rnd.nextBoolean()) {
                        VmReader<Fallible> x = pick(rs.get(ACTIVE));
                        if (x != null) {
                            x.onCpu(cpu()).readOnceLong();
                        }
                    } else {
                        VmWriter<Fallible> x = pick(ws.get(ACTIVE));
                        if (x != null) {
                            x.onCpu(cpu()).writeOnce(rnd.nextLong());
                        }
                    }
                }
                case 14 -> { // Skip on an owner that is not active, or past the end of its range
                    VmReader<Fallible> x = pick(rs.get(rnd.nextBoolean() ? DISPOSED : REMOVED));
                    if (x != null) {
                        x.skip(1);
                    } else {
                        VmWriter<Fallible> w = pick(ws.get(ACTIVE));
                        if (w != null) {
                            w.skip(ps * 4L + rnd.nextInt(ps)); // ranges are at most 3 pages: InvalidArgs
                        }
                    }
                }
                case 15 -> deadCursor(); // a request on a dropped cursor: InvalidState
                case 16 -> { // I/O through a created (never activated) writer: InvalidState
                    VmWriter<Fallible> x = pick(ws.get(CREATED));
                    if (x != null) {
                        x.onCpu(cpu()).writeVal(1L);
                    }
                }
                case 17 -> { // ActivateWriter / ActivateReader of an owner that is gone
                    if (rnd.nextBoolean()) {
                        VmWriter<Fallible> x = pick(ws.get(REMOVED));
                        if (x != null) {
                            space.owner().activateWriter(x);
                        }
                    } else {
                        VmReader<Fallible> x = pick(rs.get(REMOVED));
                        if (x != null) {
                            space.owner().activateReader(x);
                        }
                    }
                }
                case 18 -> { // DisposeReader of a reader that is gone or disposed
                    VmReader<Fallible> x = pick(rs.get(rnd.nextBoolean() ? DISPOSED : REMOVED));
                    if (x != null) {
                        space.owner().disposeReader(x);
                    }
                }
                case 19 -> { // RemoveWriter of a writer that is gone
                    VmWriter<Fallible> x = pick(ws.get(REMOVED));
                    if (x != null) {
                        space.owner().removeWriter(x);
                    }
                }
                case 0 -> {
                    VmReader<Fallible> x = pick(rs.get(REMOVED));
                    if (x != null) {
                        x.read(VmWriter.fromSlice(new byte[8]));
                    }
                }
                case 1 -> {
                    VmWriter<Fallible> x = pick(ws.get(DISPOSED));
                    if (x != null) {
                        x.writeVal(1L);
                    }
                }
                case 2 -> {
                    VmWriter<Fallible> x = pick(ws.get(ACTIVE));
                    if (x != null) {
                        space.owner().removeWriter(x);
                    }
                }
                case 3 -> {
                    VmReader<Fallible> x = pick(rs.get(CREATED));
                    if (x != null) {
                        space.owner().disposeReader(x);
                    }
                }
                case 4 -> {
                    VmWriter<Fallible> x = pick(ws.get(ACTIVE));
                    if (x != null) {
                        space.owner().activateWriter(x);
                    }
                }
                case 5 -> { // DropOwner of an owner that is not created: active or disposed
                    VmReader<Fallible> x = pick(rs.get(rnd.nextBoolean() ? ACTIVE : DISPOSED));
                    if (x != null) {
                        space.owner().dropOwner(x);
                    }
                }
                case 6 -> { // DropOwner of an active writer, or of one that is gone
                    VmWriter<Fallible> x = pick(ws.get(rnd.nextBoolean() ? ACTIVE : REMOVED));
                    if (x != null) {
                        space.owner().dropOwner(x);
                    }
                }
                default -> {
                    VmReader<Fallible> x = pick(rs.get(REMOVED));
                    if (x != null) {
                        space.owner().removeReader(x);
                    }
                }
            }
        }

        /**
         * A creation over a parked owner's range: a reader over a disposed writer's, a writer over a
         * disposed reader's or writer's (refused Conflict when the ranges overlap; an owner that is
         * created after all, e.g. an empty range, is dropped at once).
         */
        private void conflictingCreate() {
            boolean reader = rnd.nextBoolean();
            Object parked = reader || rnd.nextBoolean() ? pick(ws.get(DISPOSED)) : pick(rs.get(DISPOSED));
            long[] w = parked == null ? null : ranges.get(parked);
            if (w == null) {
                return;
            }
            if (reader) {
                space.owner().dropOwner(space.reader(cpu(), w[0], w[1]));
            } else {
                space.owner().dropOwner(space.writer(cpu(), w[0], w[1]));
            }
        }

        /**
         * I/O on a CPU where this space is not current: the CPU is switched to another space
         * (Deactivate), the request is refused AccessDenied, and the CPU is switched back (Activate).
         */
        private void offCpuIo() {
            int c = rnd.nextInt(space.cpus());
            VmReader<Fallible> r = rnd.nextBoolean() ? pick(rs.get(ACTIVE)) : null;
            VmWriter<Fallible> w = r == null ? pick(ws.get(ACTIVE)) : null;
            if (r == null && w == null) {
                return;
            }
            space.deactivate(c);
            try {
                if (r != null) {
                    r.onCpu(c).readByte();
                } else {
                    w.onCpu(c).writeVal(rnd.nextLong());
                }
            } catch (VmException e) {
                // AccessDenied (another thread may have activated c again: then the I/O ran)
            } finally {
                space.activate(c);
            }
        }

        /** Requests of every kind on this actor's last dropped cursor: each refused InvalidState. */
        private void deadCursor() {
            CursorMut c = dropped;
            if (c == null) {
                return;
            }
            List<Runnable> requests = List.of(
                    () -> c.mapDeferred(space.frame(rnd.nextInt(space.frameCount())), prop()),
                    () -> c.unmap(ps),
                    () -> c.protectNext(ps, prop()),
                    () -> c.jump(c.lo()),
                    () -> c.flusher().dispatchTlbFlush());
            if (flushOps) { // with --flush-ops, the newer cursor calls on a dropped cursor too (no draw
                // from rnd, so the default traces, whose seeds tests pin, stay as they were)
                requests = new ArrayList<>(requests);
                requests.add(() -> c.findNext(ps));
                requests.add(() -> c.flusher().issueTlbFlush(TlbFlushOp.address(c.lo())));
            }
            for (Runnable q : requests) {
                try {
                    q.run();
                } catch (VmException e) {
                    // InvalidState: logged, nothing changed
                }
            }
        }

        /** Cursor requests with a bad range (AccessDenied); never below the window base. */
        private void badCursor() {
            long lo = page();
            long hi = switch (rnd.nextInt(3)) {
                case 0 -> lo + ps / 2;
                case 1 -> lo;
                default -> top + ps;
            };
            space.cursorMut(lo, hi, Duration.ZERO).close();
        }

        /** One to three frameless flush ops: All, Address or Range, inside the window; now and then a refused one. */
        private void issueFlushes(CursorMut c) {
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                long lo = page();
                long hi = lo + (1 + rnd.nextInt((int) Math.min((top - lo) / ps, 8))) * (long) ps;
                int w = rnd.nextInt(20);
                try {
                    c.flusher().issueTlbFlush(w < 2 ? TlbFlushOp.all() : w < 8 ? TlbFlushOp.address(lo)
                            : w < 19 ? TlbFlushOp.range(lo, hi) : TlbFlushOp.range(hi, lo)); // the last: InvalidArgs
                } catch (VmException e) {
                    // a refused range: logged, nothing changed
                }
            }
        }

        private void openCursor() {
            long lo = page();
            long maxPages = (top - lo) / ps;
            long hi = lo + (1 + rnd.nextInt((int) Math.min(maxPages, 16))) * (long) ps;
            cursor = concurrent && rnd.nextBoolean()
                    ? space.cursorMut(lo, hi, Duration.ofMillis(1 + rnd.nextInt(5)))
                    : space.cursorMut(lo, hi);
            cursorOps = 2 + rnd.nextInt(12);
        }

        private void cursorStep() {
            if (cursor == null) {
                openCursor();
                return;
            }
            if (--cursorOps <= 0) {
                CursorMut c = cursor;
                cursor = null;
                dropped = c;
                c.close();
                return;
            }
            CursorMut c = cursor;
            long va = c.virtAddr();
            long left = c.hi() - va;
            int r = rnd.nextInt(100);
            if (r < 40) {
                if (!Vaddr.lt(va, c.hi()) && rnd.nextInt(4) != 0) { // else: Map past the end panics
                    c.jump(c.lo() + (long) rnd.nextInt((int) ((c.hi() - c.lo()) / ps)) * ps);
                }
                List<UFrame> free = space.freeFrames();
                if (rnd.nextInt(30) == 0) { // a frame that is probably in use: InvalidArgs
                    c.map(space.frame(rnd.nextInt(space.frameCount())), prop());
                } else if (rnd.nextInt(20) == 0 || free.isEmpty()) {
                    c.mapAny(prop());
                } else {
                    c.map(free.get(rnd.nextInt(free.size())), prop());
                }
            } else if (r < 50) {
                c.unmap(Math.min(left, (long) (rnd.nextInt(3) == 0 ? 2 : 1) * ps));
            } else if (r < 54) {
                c.unmapDeferred(Math.min(left, ps));
            } else if (r < 62) {
                c.protectNext(lenUpTo(left), prop());
            } else if (r < 74) {
                c.jump(c.lo() + (long) rnd.nextInt((int) ((c.hi() - c.lo()) / ps)) * ps);
            } else if (r < 78) {
                c.findNext(lenUpTo(left));
            } else if (r < 80) {
                if (Vaddr.lt(va, c.hi())) {
                    c.query();
                }
            } else if (r < 86) {
                if (flushOps) {
                    issueFlushes(c);
                }
                c.flusher().dispatchTlbFlush();
            } else if (r < 90) { // Busy: the timed variant over the own locked range
                space.cursorMut(c.lo(), c.lo() + ps, Duration.ZERO).close();
            } else if (r < 94) { // panics: unaligned or too long
                if (flushOps) { // the newer cursor calls' refusals too (no draw from rnd: see deadCursor)
                    try {
                        c.findNext(left + ps);
                    } catch (VmException e) {
                        // Panic: past the cursor's range; logged, nothing changed
                    }
                }
                c.unmap(rnd.nextBoolean() ? ps / 2 : left + ps);
            } else if (r < 97) {
                c.jump(rnd.nextBoolean() ? c.hi() : c.lo() + 1);
            } else {
                c.protectNext(left + ps, prop());
            }
        }

        private PageProperty prop() {
            return rnd.nextInt(4) == 0 ? PageProperty.READ_ONLY : PageProperty.RW;
        }

        private long lenUpTo(long left) {
            long p = left / ps;
            return p <= 0 ? 0 : (long) rnd.nextInt((int) Math.min(p, 8) + 1) * ps;
        }
    }

}
