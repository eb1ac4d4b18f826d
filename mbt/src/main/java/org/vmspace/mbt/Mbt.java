package org.vmspace.mbt;

import java.io.IOException;
import java.nio.file.Files;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vmspace.mm.Bug;
import org.vmspace.mm.Bugs;
import org.vmspace.mm.VmSpace;
import org.vmspace.model.ErrorKind;

/**
 * Model-based testing: TLC's state graph of a model drives the Java implementation. A {@link PathCover}
 * of the graph is replayed against Java ({@link JavaDriver}, one thread, public API, constants mapped
 * by {@link SpecMapping}); after every step the outcome must be "performed" and the abstracted Java
 * state must equal the spec state, variable by variable. At the first visit of every state, every
 * action instance the spec does not take there is tried too (a refusal probe): Java must refuse it with
 * a kind the spec's {@code RefusalAgrees} allows, and change nothing.
 *
 * <p>{@code java org.vmspace.mbt.Mbt [--model tla/MCVmSpace.cfg] [--max-behaviours N] [--traces N]
 * [--itf DIR] [--itf-limit N] [--bugs NAME,..]}: exit 0 no mismatch, 1 a mismatch (reported), 2 bad
 * arguments, 3 TLC failed.
 */
public final class Mbt {
    /** The first divergence: where, what, and per variable what the spec and Java say. */
    public record Mismatch(int behaviour, int step, String call, boolean probe, String expected, String actual,
                           Map<String, String[]> variables) {
        public String report() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "MBT MISMATCH: behaviour %d, step %d, %s%s%n", behaviour, step,
                    probe ? "refusal probe " : "action ", call));
            b.append("  outcome: expected ").append(expected).append(", actual ").append(actual).append('\n');
            for (Map.Entry<String, String[]> e : variables.entrySet()) {
                b.append("  ").append(e.getKey()).append(":\n    spec: ").append(e.getValue()[0])
                        .append("\n    java: ").append(e.getValue()[1]).append('\n');
            }
            return b.toString();
        }
    }

    /** A run's figures and its first mismatch, if any. */
    public record Result(String model, int behaviours, long steps, long probes, int statesCovered, int states,
                         int transitionsCovered, int transitions, Mismatch mismatch, double seconds,
                         List<Path> traces, List<Path> itf) {
        public String summary() {
            return String.format(Locale.ROOT,
                    "MBT %s: %d behaviours, %,d steps, %,d refusal probes; coverage: states %,d/%,d, "
                            + "transitions %,d/%,d; %s; %.1f s",
                    model, behaviours, steps, probes, statesCovered, states, transitionsCovered, transitions,
                    mismatch == null ? "0 mismatches" : "MISMATCH", seconds);
        }
    }

    /**
     * What to run; {@code bugs}: the deliberate bugs switched on in every Java space of the run, or null for
     * the default of {@link VmSpace.Builder} (those of {@code -Dvmspace.bugs}, none when it is not set).
     */
    public record Options(int maxBehaviours, int maxLength, int traces, Path traceDir, Path itfDir, int itfLimit,
                          Set<Bug> bugs) {
        /** With the default bugs (null). */
        public Options(int maxBehaviours, int maxLength, int traces, Path traceDir, Path itfDir, int itfLimit) {
            this(maxBehaviours, maxLength, traces, traceDir, itfDir, itfLimit, null);
        }

        public static Options full() {
            return new Options(0, 2000, 0, null, null, 0);
        }

        /** These options with {@code bugs} switched on in the run's Java spaces. */
        public Options withBugs(Set<Bug> bugs) {
            return new Options(maxBehaviours, maxLength, traces, traceDir, itfDir, itfLimit, bugs);
        }
    }

    private Mbt() {}

    /** Replays the cover of {@code g} against Java spaces with the bugs of {@code o} switched on. */
    public static Result run(StateGraph g, ModelConfig m, Options o) throws IOException {
        return run(g, m, o, done -> { });
    }

    /** As {@link #run(StateGraph, ModelConfig, Options)}, telling {@code done} after every behaviour. */
    public static Result run(StateGraph g, ModelConfig m, Options o, java.util.function.IntConsumer progress)
            throws IOException {
        long t0 = System.nanoTime();
        SpecMapping map = new SpecMapping(m, o.bugs());
        List<PathCover.Behaviour> cover = PathCover.build(g, o.maxLength(), 8, o.maxBehaviours());
        BitSet states = new BitSet(g.states());
        BitSet edges = new BitSet(g.transitions());
        BitSet probed = new BitSet(g.states());
        List<Path> traces = new ArrayList<>();
        List<Path> itf = new ArrayList<>();
        long steps = 0;
        long probes = 0;
        int done = 0;
        Mismatch mm = null;
        List<Actions.Call> calls = g.actions().calls();
        for (PathCover.Behaviour b : cover) {
            boolean trace = done < o.traces();
            JavaDriver d = new JavaDriver(map, trace);
            int s = g.init();
            states.set(s);
            Map<String, Value> spec = Value.parseState(g.stateText(s));
            mm = compare(b.index(), 0, "Init", false, "", "", spec, d.abstractState());
            int step = 0;
            while (mm == null) {
                if (!probed.get(s)) {
                    probed.set(s);
                    long[] n = {0};
                    mm = probe(g, s, spec, d, b.index(), step, n, calls);
                    probes += n[0];
                    if (mm != null) {
                        break;
                    }
                }
                if (step == b.edges().length) {
                    break;
                }
                int e = b.edges()[step++];
                Actions.Call c = g.callOf(e);
                JavaDriver.Outcome out = d.perform(c);
                steps++;
                s = g.target(e);
                spec = Value.parseState(g.stateText(s));
                mm = compare(b.index(), step, c.tla(), false, "performed", out.toString(), spec, d.abstractState());
                if (mm == null && out.kind() != JavaDriver.Kind.PERFORMED) {
                    mm = new Mismatch(b.index(), step, c.tla(), false, "performed", out.toString(), Map.of());
                }
                if (mm == null) {
                    states.set(s);
                    edges.set(e);
                }
            }
            done++;
            progress.accept(done);
            if (trace && o.traceDir() != null) {
                Files.createDirectories(o.traceDir());
                Path t = o.traceDir().resolve(String.format(Locale.ROOT, "mbt-%s-%05d.ndjson", model(m), b.index()));
                Files.write(t, d.sink.lines());
                traces.add(t);
            }
            if (o.itfDir() != null && itf.size() < o.itfLimit()) {
                itf.add(Itf.writeBehaviour(o.itfDir(), g, m, b));
            }
            if (mm != null) {
                break;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Result(model(m), done, steps, probes, states.cardinality(), g.states(), edges.cardinality(),
                g.transitions(), mm, secs, traces, itf);
    }

    static String model(ModelConfig m) {
        return m.cfg().getFileName().toString().replace(".cfg", "");
    }

    /** Tries every action instance the spec does not take in state {@code s}. */
    private static Mismatch probe(StateGraph g, int s, Map<String, Value> spec, JavaDriver d, int beh, int step,
                                  long[] count, List<Actions.Call> calls) {
        BitSet enabled = new BitSet(calls.size());
        for (int k = g.outStart[s]; k < g.outStart[s + 1]; k++) {
            enabled.set(g.call[g.outEdge[k]]);
        }
        Refusals refusals = new Refusals(d == null ? null : mapModel(d), spec);
        List<String> tried = new ArrayList<>();
        for (int ci = 0; ci < calls.size(); ci++) {
            if (enabled.get(ci)) {
                continue;
            }
            Actions.Call c = calls.get(ci);
            if (!d.expressibleProbe(c, spec)) {
                continue;
            }
            Set<ErrorKind> allowed = refusals.allowed(c);
            JavaDriver.Outcome out = d.perform(c);
            count[0]++;
            tried.add(c.tla());
            boolean noopOk = out.kind() == JavaDriver.Kind.NOOP
                    && (c.action().equals("DispatchTlbFlush") || c.action().equals("DropCursor"));
            boolean refusedOk = out.kind() == JavaDriver.Kind.REFUSED
                    && allowed.contains(ErrorKind.valueOf(out.detail()));
            if (!noopOk && !refusedOk) {
                String exp = allowed.isEmpty() ? "not enabled (no refusal kind agrees)" : "refused " + allowed;
                if (c.action().equals("DispatchTlbFlush") || c.action().equals("DropCursor")) {
                    exp = exp + " or a no-op";
                }
                Mismatch m = compare(beh, step, c.tla(), true, exp, out.toString(), spec, d.abstractState());
                return m != null ? m : new Mismatch(beh, step, c.tla(), true, exp, out.toString(), Map.of());
            }
        }
        return compare(beh, step, "(every refusal probe here: " + String.join(", ", tried) + ")", true,
                "nothing changed", "refused", spec, d.abstractState());
    }

    private static ModelConfig mapModel(JavaDriver d) {
        return d.mapping().model();
    }

    /** Null when Java's abstracted state equals the spec state; else the mismatch, per variable. */
    private static Mismatch compare(int beh, int step, String call, boolean probe, String exp, String act,
                                    Map<String, Value> spec, Map<String, Value> java) {
        Map<String, String[]> diff = new LinkedHashMap<>();
        for (String v : List.of("current", "pt", "free", "tlb", "cursors", "owners", "mem_view")) {
            Value a = spec.get(v);
            Value b = java.get(v);
            if (a == null || !a.equals(b)) {
                diff.put(v, new String[] {String.valueOf(a), String.valueOf(b)});
            }
        }
        return diff.isEmpty() ? null : new Mismatch(beh, step, call, probe, exp, act, diff);
    }

    // ------------------------------------------------------------------ command line

    /** Exit codes of a run ({@code make mbt}, {@code vmspace mbt}). */
    public static final int OK = 0;
    /** A mismatch between Java and the spec, or an MBT trace not accepted by trace validation. */
    public static final int MISMATCH = 1;
    /** Bad input: an unreadable or unusable model, unknown bug names, bad arguments ({@code main}). */
    public static final int BAD_INPUT = 2;
    /** Tool failure: TLC failed, an I/O error. */
    public static final int TOOL_FAILURE = 3;

    /**
     * One command-line run: the model's state graph by TLC (or read from {@code dot}), its path cover
     * replayed (at most {@code maxBehaviours}, 0: all), the Java traces of the first {@code traces}
     * behaviours written to {@code traceDir} and validated, at most {@code itfLimit} behaviours as ITF in
     * {@code itfDir}; {@code bugs} (null or empty: none) switched on for the run.
     */
    public record Run(Path root, Path model, int maxBehaviours, int traces, Path traceDir, Path itfDir, int itfLimit,
                      int workers, Path dot, String bugs) {}

    /** What a run reports while it runs: the phase, and behaviours replayed so far. */
    public interface Progress {
        Progress NONE = (phase, done) -> { };

        void update(String phase, int behavioursDone);
    }

    /** The figures of a finished command-line run (for machine-readable results); null before. */
    public record Outcome(int exitCode, Result result, int states, int transitions, String tlcSummary,
                          double tlcSeconds, double totalSeconds, int tracesRejected) {}

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("vmspace.root", ".")).toAbsolutePath().normalize();
        Path model = root.resolve("tla/MCVmSpace.cfg");
        int maxBeh = 0;
        int traces = 0;
        int itfLimit = 20;
        int workers = 1;
        Path dot = null;
        String bugs = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--model" -> model = root.resolve(args[++i]);
                    case "--max-behaviours" -> maxBeh = Integer.parseInt(args[++i]);
                    case "--traces" -> traces = Integer.parseInt(args[++i]);
                    case "--itf-limit" -> itfLimit = Integer.parseInt(args[++i]);
                    case "--workers" -> workers = Integer.parseInt(args[++i]);
                    case "--dot" -> dot = Path.of(args[++i]);
                    case "--bugs" -> bugs = args[++i];
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("mbt: " + e.getMessage()
                    + " (usage: Mbt [--model CFG] [--max-behaviours N] [--traces N] [--itf-limit N] [--workers N] [--bugs B,..])");
            System.exit(BAD_INPUT);
            return;
        }
        Run run = new Run(root, model, maxBeh, traces, root.resolve("build/mbt-traces"), root.resolve("build/itf"),
                itfLimit, workers, dot, bugs);
        System.exit(execute(run, System.out, System.err, Progress.NONE, o -> { }));
    }

    /**
     * Runs MBT as the command line does: its report lines on {@code out}, a one-line error on {@code err};
     * returns the exit code ({@link #OK}, {@link #MISMATCH}, {@link #BAD_INPUT}, {@link #TOOL_FAILURE}).
     * The bugs of {@code run} are switched on in the run's Java spaces only.
     */
    public static int execute(Run run, PrintStream out, PrintStream err, Progress progress,
                              java.util.function.Consumer<Outcome> outcome) {
        try {
            Set<Bug> bugs = run.bugs() != null && !run.bugs().isEmpty() ? Bugs.parse(run.bugs()) : null;
            long t0 = System.nanoTime();
            ModelConfig m = ModelConfig.read(run.model());
            progress.update("TLC explores the state graph of " + model(m), 0);
            StateGraph g = run.dot() != null ? StateGraph.fromDot(run.model(), run.dot())
                    : StateGraph.explore(run.root(), run.model(), run.workers(), null);
            double tlc = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "MBT %s: TLC state graph: %,d states, %,d transitions (%s) in %.1f s%n",
                    model(m), g.states(), g.transitions(), g.tlcSummary(), tlc);
            out.flush();
            progress.update("replaying the path cover", 0);
            Result r = run(g, m, new Options(run.maxBehaviours(), 2000, run.traces(), run.traceDir(), run.itfDir(),
                    run.itfLimit(), bugs), done -> progress.update("replaying the path cover", done));
            if (r.mismatch() != null) {
                out.print(r.mismatch().report());
            }
            out.println(r.summary());
            int rc = r.mismatch() == null ? OK : MISMATCH;
            int bad = 0;
            if (!r.traces().isEmpty()) {
                progress.update("validating " + r.traces().size() + " MBT traces", r.behaviours());
                bad = TraceCheck.validateAll(run.root(), r.traces(), out);
                if (bad > 0) {
                    rc = MISMATCH;
                }
            }
            double total = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "MBT %s: total %.1f s (TLC %.1f s, replay %.1f s); ITF: %d files in %s%n",
                    model(m), total, tlc, r.seconds(), r.itf().size(), run.itfDir());
            out.flush();
            outcome.accept(new Outcome(rc, r, g.states(), g.transitions(), g.tlcSummary(), tlc, total, bad));
            return rc;
        } catch (IllegalArgumentException e) {
            err.println("mbt: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("mbt: " + e.getMessage());
            return TOOL_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("mbt: interrupted");
            return TOOL_FAILURE;
        }
    }
}
