package org.vmspace.spectools;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Spec mutation testing for any TLA+ spec with TLC models.
 *
 * <pre>
 * Mutate --spec DIR/Spec.tla (--config DIR/MC.cfg ... | --group ci) [--next Next] [--jobs 2]
 *        [--timeout 600] [--limit N] [--filter REGEX] [--shuffle SEED] [--budget SECONDS]
 *        [--out MUTATION.md] [--triage FILE]
 *        [--expect FILE] [--list] [--heap 1g] [--tlatools JAR]
 * </pre>
 *
 * Exit codes: 0 done (and, with --expect, every mutant classified as expected); 1 --expect
 * mismatch; 2 bad usage; 3 the spec does not parse or the original fails a model; 4 I/O error.
 */
public final class Mutate {

    public static final int EXIT_MISMATCH = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_SPEC = 3;
    public static final int EXIT_IO = 4;

    private static final String USAGE = "usage: Mutate --spec Spec.tla (--config M.cfg ... | --group NAME) "
            + "[--next Next] [--jobs N] [--timeout SECONDS] [--limit N] [--filter REGEX] [--shuffle SEED] [--budget SECONDS] [--out FILE.md] "
            + "[--triage FILE] [--expect FILE] [--list] [--heap 1g] [--tlatools JAR]";

    private Mutate() { }

    /** What the shutdown hook writes when a signal stops a run (null: nothing to write). */
    private static volatile Runnable onSignal;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Usage error with a one-line message. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static final class Options {
        Path spec;
        final List<Path> configs = new ArrayList<>();
        String group;
        String next = "Next";
        int jobs = 2;
        int timeout = 600;
        int limit = Integer.MAX_VALUE;
        Long shuffle;
        int budget = Integer.MAX_VALUE;
        Pattern filter;
        Path out;
        Path triage;
        Path expect;
        boolean list;
        String heap = "1g";
        Path tlatools;
        final List<String> argv = new ArrayList<>();

        static Options parse(String[] args) throws UsageException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                o.argv.add(a);
                if (a.equals("--list")) {
                    o.list = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new UsageException(a.startsWith("--") ? a + " needs a value" : "unknown argument '" + a + "'");
                }
                String v = args[++i];
                o.argv.add(v);
                switch (a) {
                    case "--spec" -> o.spec = Path.of(v);
                    case "--config" -> o.configs.add(Path.of(v));
                    case "--group" -> o.group = v;
                    case "--next" -> o.next = v;
                    case "--jobs" -> o.jobs = positive(a, v);
                    case "--timeout" -> o.timeout = positive(a, v);
                    case "--limit" -> o.limit = positive(a, v);
                    case "--budget" -> o.budget = positive(a, v);
                    case "--shuffle" -> {
                        try {
                            o.shuffle = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            throw new UsageException("--shuffle: an integer seed, got '" + v + "'");
                        }
                    }
                    case "--filter" -> {
                        try {
                            o.filter = Pattern.compile(v);
                        } catch (PatternSyntaxException e) {
                            throw new UsageException("--filter: not a regular expression: " + v);
                        }
                    }
                    case "--out" -> o.out = Path.of(v);
                    case "--triage" -> o.triage = Path.of(v);
                    case "--expect" -> o.expect = Path.of(v);
                    case "--heap" -> {
                        if (!v.matches("[1-9][0-9]*[kmgKMG]?")) {
                            throw new UsageException("--heap: a JVM size like 1g, got '" + v + "'");
                        }
                        o.heap = v;
                    }
                    case "--tlatools" -> o.tlatools = Path.of(v);
                    default -> throw new UsageException("unknown option '" + a + "'");
                }
            }
            if (o.spec == null) {
                throw new UsageException("--spec is required");
            }
            if (!Files.isRegularFile(o.spec) || !o.spec.toString().endsWith(".tla")) {
                throw new UsageException("--spec: no TLA+ module at " + o.spec);
            }
            if (!o.list && o.configs.isEmpty() && o.group == null) {
                throw new UsageException("give the models: --config M.cfg (repeatable) or --group NAME");
            }
            return o;
        }

        private static int positive(String opt, String v) throws UsageException {
            try {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new UsageException(opt + ": a positive integer, got '" + v + "'");
        }
    }

    /** The command line without {@code System.exit}: returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, results -> { });
    }

    private static Path sanyTmp;

    /**
     * One private java.io.tmpdir per JVM for SANY and TLC's standard modules, removed when the JVM
     * exits. SANY remembers where it unpacked them, so a per-run directory deleted at the end of
     * {@link #run} broke the next parse in the same JVM (MutateCliTest ran two in a row).
     */
    private static synchronized void privateSanyTmp() throws IOException {
        if (sanyTmp != null) {
            return;
        }
        Path dir = Files.createTempDirectory("mutate-sany-");
        System.setProperty("java.io.tmpdir", dir.toString());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                TlcRunner.deleteTree(dir);
            } catch (IOException e) {
                // the JVM is exiting: nothing else to do
            }
        }));
        sanyTmp = dir;
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream)}; {@code classified} receives the classified
     * mutants (sorted by id) of a run that got that far (not {@code --list}, not a failed baseline).
     */
    public static int run(String[] args, PrintStream out, PrintStream err,
                          java.util.function.Consumer<List<MutantResult>> classified) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (UsageException e) {
            err.println("mutate: " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        }
        Path work = null;
        try {
            // SANY and TLC unpack their standard modules into java.io.tmpdir: a private one.
            Path tmpRoot = Files.createTempDirectory("mutate-");
            work = tmpRoot;
            privateSanyTmp();
            final Path cleanup = tmpRoot;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                TlcRunner.stopping = true;
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                Runnable partial = onSignal;
                if (partial != null) {
                    partial.run();
                }
                for (int attempt = 0; attempt < 5; attempt++) {
                    try {
                        // Workers may still be writing their last files: retry briefly.
                        TlcRunner.deleteTree(cleanup);
                        break;
                    } catch (IOException e) {
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException ie) {
                            break;
                        }
                    }
                }
            }));

            List<Mutant> all = MutantGenerator.generate(o.spec, o.next);
            List<Mutant> order = new ArrayList<>(all);
            if (o.shuffle != null) {
                java.util.Collections.shuffle(order, new java.util.Random(o.shuffle));
            }
            List<Mutant> selected = new ArrayList<>();
            for (Mutant m : order) {
                if (o.filter == null || o.filter.matcher(m.id() + " " + m.operator().label() + " " + m.describe()).find()) {
                    if (selected.size() < o.limit) {
                        selected.add(m);
                    }
                }
            }
            if (o.list) {
                for (Mutant m : selected) {
                    out.printf("%s %-14s %s%n", m.id(), m.operator().label(), m.describe());
                }
                out.printf("%d mutants (%d generated)%n", selected.size(), all.size());
                return 0;
            }

            List<ModelConfig> models = new ArrayList<>();
            for (Path c : o.configs) {
                models.add(ModelConfig.load(c));
            }
            if (o.group != null) {
                List<ModelConfig> g = ModelConfig.group(o.spec.toAbsolutePath().getParent(), o.group);
                if (g.isEmpty()) {
                    err.println("mutate: no model in " + o.spec.toAbsolutePath().getParent() + " has the header line '\\* GROUP: "
                            + o.group + "'");
                    return EXIT_USAGE;
                }
                models.addAll(g);
            }
            Path jar = o.tlatools != null ? o.tlatools
                    : System.getenv("TLA2TOOLS") != null && !System.getenv("TLA2TOOLS").isEmpty()
                    ? Path.of(System.getenv("TLA2TOOLS")) : ownJar();
            if (!Files.isRegularFile(jar)) {
                err.println("mutate: no TLC jar at " + jar + " (--tlatools or TLA2TOOLS)");
                return EXIT_USAGE;
            }
            String loadStart = loadAverage();
            long t0 = System.nanoTime();
            out.printf("mutate: %s, %d mutants (%d generated), %d model(s), --jobs %d, --timeout %d s%n",
                    o.spec, selected.size(), all.size(), models.size(), o.jobs, o.timeout);
            TlcRunner tlc = new TlcRunner(jar, o.timeout, o.heap,
                    o.spec.getFileName().toString().replaceFirst("\\.tla$", ""));
            MutationRun run = new MutationRun(o.spec, models, tlc, o.jobs, tmpRoot.resolve("work"),
                    line -> {
                        synchronized (out) {
                            out.println(line);
                        }
                    });
            run.baseline();
            if (o.out != null) {
                // Stopped by a signal: the report covers the mutants classified so far.
                final List<Mutant> allMutants = all;
                onSignal = () -> {
                    try {
                        List<MutantResult> sofar = run.finishedSoFar().stream()
                                .sorted(java.util.Comparator.comparing((MutantResult r) -> r.mutant().id())).toList();
                        Report.write(o.out, o.spec.getFileName().toString(), command(o) + "  (stopped by a signal)",
                                run.baselines(), sofar, Report.readTriage(o.triage), (System.nanoTime() - t0) / 1e9,
                                o.jobs, loadStart, loadAverage(), jar.getFileName().toString(), true,
                                allMutants.size());
                        err.println("mutate: stopped; wrote " + o.out + " for " + sofar.size() + " mutants");
                    } catch (IOException | RuntimeException e) {
                        err.println("mutate: stopped; could not write " + o.out);
                    }
                };
            }
            List<MutantResult> ran = run.run(selected, o.budget);
            onSignal = null;
            List<MutantResult> results = ran.stream().filter(r -> r != null)
                    .sorted(java.util.Comparator.comparing((MutantResult r) -> r.mutant().id())).toList();
            int notRun = ran.size() - results.size();
            if (notRun > 0) {
                out.printf("mutate: --budget %d s reached: %d mutants not run%n", o.budget, notRun);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            classified.accept(results);
            Report.Counts c = Report.Counts.of(results);
            out.printf("mutate: %d mutants: %d killed, %d survived, %d undecided, %d equivalent, %d invalid; "
                            + "score %.1f %%; %.0f s%n", c.total(), c.killed(), c.survived(), c.undecided(),
                    c.equivalent(), c.invalid(), c.score(), wall);
            if (o.out != null) {
                Map<String, String> triage = Report.readTriage(o.triage);
                Report.write(o.out, o.spec.getFileName().toString(), command(o), run.baselines(), results, triage,
                        wall, o.jobs, loadStart, loadAverage(), jar.getFileName().toString(),
                        o.filter != null || results.size() < all.size(), all.size());
                out.println("mutate: wrote " + o.out);
            }
            if (o.expect != null) {
                return checkExpected(o.expect, results, out, err);
            }
            return 0;
        } catch (MutantGenerator.SpecException | MutationRun.BaselineException e) {
            err.println("mutate: " + e.getMessage());
            return EXIT_SPEC;
        } catch (IOException e) {
            err.println("mutate: " + e.getMessage());
            return EXIT_IO;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("mutate: interrupted");
            return EXIT_IO;
        } finally {
            if (work != null) {
                try {
                    TlcRunner.deleteTree(work);
                } catch (IOException e) {
                    err.println("mutate: could not remove " + work);
                }
            }
        }
    }

    /**
     * Compares the classification with an expectation file, lines {@code <id> <status> <description>}
     * ({@code #} comments): the same mutants (ids and descriptions) with the same statuses. A status
     * {@code killed(coverage)}, {@code killed(error)} or {@code killed(violation)} also fixes how
     * the mutant was killed.
     */
    static int checkExpected(Path file, List<MutantResult> results, PrintStream out, PrintStream err)
            throws IOException {
        Map<String, String[]> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.strip().split(" ", 3);
            if (f.length < 3) {
                err.println("mutate: bad line in " + file + ": " + line);
                return EXIT_USAGE;
            }
            expected.put(f[0], new String[] {f[1], f[2]});
        }
        int bad = 0;
        for (MutantResult r : results) {
            String[] e = expected.remove(r.mutant().id());
            String got = r.status().label() + " " + r.mutant().describe();
            // "killed(coverage)", "killed(error)", "killed(violation)": also how it was killed.
            if (e != null && e[0].startsWith("killed(") && r.status() == MutantResult.Status.KILLED) {
                got = "killed(" + killKind(r.evidence()) + ") " + r.mutant().describe();
            }
            if (e == null) {
                err.println("unexpected mutant: " + r.mutant().id() + " " + got);
                bad++;
            } else if (!(e[0] + " " + e[1]).equals(got)) {
                err.println("mismatch: " + r.mutant().id() + " expected '" + e[0] + " " + e[1] + "', got '" + got
                        + "' (" + r.model() + ": " + r.evidence() + ")");
                bad++;
            }
        }
        for (Map.Entry<String, String[]> e : expected.entrySet()) {
            err.println("missing mutant: " + e.getKey() + " " + e.getValue()[0] + " " + e.getValue()[1]);
            bad++;
        }
        if (bad > 0) {
            err.println("mutate: " + bad + " difference(s) from " + file);
            return EXIT_MISMATCH;
        }
        out.println("mutate: all " + results.size() + " mutants classified as " + file + " expects");
        return 0;
    }

    /** How a kill happened, from its evidence: coverage, error or violation. */
    static String killKind(String evidence) {
        if (evidence.startsWith("pass; never taken")) {
            return "coverage";
        }
        return evidence.startsWith("error(") ? "error" : "violation";
    }

    private static String command(Options o) {
        StringBuilder b = new StringBuilder("Mutate");
        for (String a : o.argv) {
            b.append(' ').append(a);
        }
        return b.toString();
    }

    private static Path ownJar() {
        try {
            return Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException e) {
            return Path.of("tlatools.jar");
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
