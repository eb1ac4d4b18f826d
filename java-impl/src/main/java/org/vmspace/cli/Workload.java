package org.vmspace.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vmspace.mm.Bug;
import org.vmspace.mm.Bugs;
import org.vmspace.mm.VmSpace;
import org.vmspace.workload.Actors;
import org.vmspace.model.Vaddr;
import org.vmspace.trace.NdjsonFileSink;
import org.vmspace.trace.TraceException;
import org.vmspace.trace.TraceSink;

/**
 * The workload's command line: parses the options, builds the {@link VmSpace} and its trace sink, runs the
 * actors ({@link Actors}: a seeded random mix of every protocol operation over the trace window, the top
 * {@code --window-pages} user pages) and maps failures to exit codes.
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
            "                          wrongly too, for their refusals, and limit some fresh readers and",
            "                          writers (trace v4 Limit) (default false: traces as before)",
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

    /** Runs {@code o.threads()} actors named {@code w-0..}, each with its share of the ops ({@link Actors#run}). */
    public static void runActors(VmSpace space, Options o) {
        Actors.run(space, o.seed(), o.ops(), o.threads(), o.flushOps());
    }
}
