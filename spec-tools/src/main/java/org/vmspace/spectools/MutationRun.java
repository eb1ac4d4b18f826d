package org.vmspace.spectools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Model-checks the original spec and each mutant on the models, {@code jobs} mutants at a time,
 * each in its own copy of the spec directory, and classifies the mutants.
 *
 * <p>Killed: some model's outcome is not its EXPECT and is a verdict (a violation, a deadlock, an
 * evaluation error, or an action never taken on a {@code COVERAGE: actions} model; see
 * {@link TlcOutcome}). A mutant no model kills is compared with the original on every model that
 * expects {@code pass}: the whole reachable graph (TLC's {@code -dump dot} in the same run: states
 * by fingerprint and transitions). Equal graphs on every such model make it equivalent; otherwise
 * it survived.
 */
public final class MutationRun {

    /** The original spec fails a model, or cannot be run. */
    public static final class BaselineException extends Exception {
        private static final long serialVersionUID = 1L;

        public BaselineException(String message) {
            super(message);
        }
    }

    /** The original's result on one model. */
    public record Baseline(ModelConfig model, TlcOutcome outcome, StateGraph graph) { }

    /** Seconds of the original's run above which a model's mutant runs use the full JIT. */
    static final double FULL_JIT_ABOVE = 30;

    private final Path spec;
    private final List<ModelConfig> models;
    private final TlcRunner tlc;
    private final int jobs;
    private final Path work;
    private final Consumer<String> log;
    private final Map<String, Baseline> baselines = new LinkedHashMap<>();
    private final Map<String, StateGraph> graphs = new java.util.HashMap<>();
    private Path snapshot;
    private final java.util.concurrent.ConcurrentLinkedQueue<MutantResult> finished =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** The mutants classified so far (for a report when the run is stopped early). */
    public List<MutantResult> finishedSoFar() {
        return new ArrayList<>(finished);
    }

    public MutationRun(Path spec, List<ModelConfig> models, TlcRunner tlc, int jobs, Path work, Consumer<String> log) {
        this.spec = spec;
        this.models = new ArrayList<>(models);
        this.tlc = tlc;
        this.jobs = jobs;
        this.work = work;
        this.log = log;
    }

    /** The original's results; a model's state graph is there once some mutant needed it. */
    public List<Baseline> baselines() {
        List<Baseline> out = new ArrayList<>();
        for (Baseline b : baselines.values()) {
            out.add(new Baseline(b.model(), b.outcome(), graphs.get(b.model().name())));
        }
        return out;
    }

    /** The original's state graph on a model that expects pass (written by its baseline run). */
    private StateGraph originalGraph(ModelConfig m) {
        synchronized (graphs) {
            return graphs.get(m.name());
        }
    }

    /**
     * Snapshots the spec directory (so that edits during a long run change nothing), then runs
     * the original on every model (those that expect pass with -dump dot: the state graph a
     * mutant is compared with); models are then ordered: {@code MUTATE: prescreen} ones first,
     * then fastest first.
     */
    public void baseline() throws IOException, InterruptedException, BaselineException {
        snapshot = null;
        snapshot = copySpecDir("snapshot", null);
        Path dir = copySpecDir("original", null);
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        // The first model (a pre-screen one if any) runs alone and writes the JVM's class archive
        // that every later TLC child maps (TlcRunner.writeClassArchive).
        ModelConfig archiving = models.stream().filter(ModelConfig::prescreen).findFirst().orElse(models.get(0));
        try {
            java.util.function.Function<ModelConfig, java.util.concurrent.Callable<Baseline>> job = m -> () -> {
                Path dot = m.expectsPass() ? dir.resolve(m.name() + ".dot") : null;
                TlcOutcome o = m == archiving ? tlc.writeClassArchive(dir, m, dot, work.resolve("tlc-classes.jsa"))
                        : tlc.run(dir, m, dot);
                if (dot != null && o.kind() == TlcOutcome.Kind.PASS) {
                    StateGraph g = StateGraph.read(dot);
                    Files.deleteIfExists(dot);
                    synchronized (graphs) {
                        graphs.put(m.name(), g);
                    }
                }
                return new Baseline(m, o, null);
            };
            List<Future<Baseline>> fs = new ArrayList<>();
            // The archiving model alone, before the others start.
            fs.add(java.util.concurrent.CompletableFuture.completedFuture(get(pool.submit(job.apply(archiving)))));
            for (ModelConfig m : models) {
                if (m != archiving) {
                    fs.add(pool.submit(job.apply(m)));
                }
            }
            for (Future<Baseline> f : fs) {
                Baseline b = get(f);
                StateGraph g = originalGraph(b.model());
                log.accept(String.format("original  %-34s expected %-22s got %-22s %10d states %8.1f s%s",
                        b.model().name(), b.model().expect(), b.outcome().verdict(), b.outcome().distinct(),
                        b.outcome().seconds(), g == null ? "" : "  (graph: " + g.transitions() + " transitions)"));
                if (!b.outcome().verdict().equals(b.model().expect())) {
                    throw new BaselineException("the original spec does not meet model " + b.model().name()
                            + ": expected " + b.model().expect() + ", got " + b.outcome().verdict()
                            + (b.outcome().detail().isEmpty() ? "" : " (" + b.outcome().detail() + ")")
                            + "; log: " + b.outcome().log());
                }
                baselines.put(b.model().name(), b);
            }
        } finally {
            pool.shutdownNow();
        }
        // A model whose original run took longer than FULL_JIT_ABOVE seconds runs each mutant with
        // the full JIT (TlcRunner.useFullJit).
        for (Baseline b : baselines.values()) {
            if (b.outcome().seconds() > FULL_JIT_ABOVE) {
                tlc.useFullJit(b.model());
                log.accept(String.format("%-34s took %.1f s: its mutant runs use the full (C2) JIT",
                        b.model().name(), b.outcome().seconds()));
            }
        }
        // The pre-screen models first, then fastest first.
        models.sort(Comparator.comparing((ModelConfig m) -> !m.prescreen())
                .thenComparingDouble(m -> baselines.get(m.name()).outcome().seconds()));
    }

    /**
     * Classifies the mutants; results in the mutants' order. A mutant not started within
     * {@code budgetSeconds} of the call is not run: its entry is null.
     */
    public List<MutantResult> run(List<Mutant> mutants, int budgetSeconds) throws InterruptedException, IOException {
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        AtomicInteger done = new AtomicInteger();
        long deadline = System.nanoTime() + budgetSeconds * 1_000_000_000L;
        // Phase 1: every mutant on the pre-screen models (all of them queued first); phase 2: a
        // mutant they did not kill on the other models, queued behind every phase-1 task. Without
        // a pre-screen model, phase 1 runs all the models.
        List<ModelConfig> first = models.stream().filter(ModelConfig::prescreen).toList();
        List<ModelConfig> rest = models.stream().filter(m -> !m.prescreen()).toList();
        if (first.isEmpty()) {
            first = models;
            rest = List.of();
        }
        final List<ModelConfig> phase1 = first;
        final List<ModelConfig> phase2 = rest;
        try {
            List<java.util.concurrent.CompletableFuture<MutantResult>> fs = new ArrayList<>();
            java.util.function.BiConsumer<Mutant, MutantResult> finish = (m, r) -> {
                if (r != null) {
                    finished.add(r);
                    log.accept(String.format("[%d/%d] %s %-10s %-22s %6.1f s  %s", done.incrementAndGet(),
                            mutants.size(), m.id(), r.status().label(), r.model(), r.seconds(), m.describe()));
                }
            };
            for (Mutant m : mutants) {
                java.util.concurrent.CompletableFuture<MutantResult> result = new java.util.concurrent.CompletableFuture<>();
                fs.add(result);
                pool.submit(() -> {
                    try {
                        if (System.nanoTime() > deadline) {
                            result.complete(null);
                            return;
                        }
                        Attempt at = new Attempt(m);
                        MutantResult r = at.runModels(phase1, phase2.isEmpty());
                        if (r != null) {
                            finish.accept(m, r);
                            result.complete(r);
                            return;
                        }
                        pool.submit(() -> {
                            try {
                                if (System.nanoTime() > deadline) {
                                    log.accept(String.format("%s not run past the pre-screen (--budget)", m.id()));
                                    at.discard();
                                    result.complete(null);
                                    return;
                                }
                                MutantResult r2 = at.runModels(phase2, true);
                                finish.accept(m, r2);
                                result.complete(r2);
                            } catch (Throwable t) {
                                result.completeExceptionally(t);
                            }
                        });
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                });
            }
            List<MutantResult> out = new ArrayList<>();
            for (java.util.concurrent.CompletableFuture<MutantResult> f : fs) {
                out.add(get(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One mutant's runs, model after model (pre-screen first, then fastest first), stopping at the
     * first kill. While every model that expects pass has shown the original's state graph so far,
     * the next such model also dumps its graph (-dump dot) in the same run: an equivalent mutant
     * costs one run per model, and a mutant whose graph differed once is not dumped again.
     */
    private final class Attempt {
        private final Mutant m;
        private Path dir;
        private double secs;
        private String undecided;
        private String undecidedModel = "";
        private String differs;
        private String differsModel = "";
        private boolean sameGraphSoFar = true;
        private int passModels;
        private ModelConfig firstPass;

        Attempt(Mutant m) {
            this.m = m;
        }

        void discard() throws IOException {
            if (dir != null) {
                TlcRunner.deleteTree(dir);
                dir = null;
            }
        }

        /**
         * Runs {@code ms}; the verdict when one kills the mutant (or it is invalid), or, with
         * {@code last}, the final class; null when the next phase must run.
         */
        MutantResult runModels(List<ModelConfig> ms, boolean last) throws IOException, InterruptedException {
            if (dir == null) {
                dir = copySpecDir(m.id(), m.text());
            }
            boolean keep = false;
            try {
                MutantResult r = runModels0(ms, last);
                keep = r == null;
                return r;
            } finally {
                if (!keep) {
                    discard();
                }
            }
        }

        private MutantResult runModels0(List<ModelConfig> ms, boolean last) throws IOException, InterruptedException {
            for (ModelConfig model : ms) {
                Path dot = model.expectsPass() && sameGraphSoFar ? dir.resolve(model.name() + ".dot") : null;
                TlcOutcome o = tlc.run(dir, model, dot);
                secs += o.seconds();
                if (o.kind() == TlcOutcome.Kind.PARSE_ERROR) {
                    return new MutantResult(m, MutantResult.Status.INVALID, model.name(), o.detail(), secs);
                }
                if (o.kind() == TlcOutcome.Kind.TIMEOUT || o.kind() == TlcOutcome.Kind.TOOL_ERROR) {
                    if (undecided == null) {
                        undecided = o.verdict() + (o.detail().isEmpty() ? "" : ": " + o.detail());
                        undecidedModel = model.name();
                    }
                    sameGraphSoFar = false;
                    continue;
                }
                if (!o.verdict().equals(model.expect())) {
                    String ev = o.verdict() + (o.kind() == TlcOutcome.Kind.EVAL_ERROR ? ": " + o.detail() : "");
                    return new MutantResult(m, MutantResult.Status.KILLED, model.name(), ev, secs);
                }
                if (!model.expectsPass()) {
                    continue;
                }
                passModels++;
                if (firstPass == null) {
                    firstPass = model;
                }
                StateGraph b = originalGraph(model);
                if (dot != null) {
                    StateGraph g = StateGraph.read(dot);
                    Files.deleteIfExists(dot);
                    if (!g.equals(b)) {
                        sameGraphSoFar = false;
                        if (differs == null) {
                            differs = String.format("%d states, %d transitions (original %d, %d)", g.states(),
                                    g.transitions(), b.states(), b.transitions());
                            differsModel = model.name();
                        }
                    }
                }
            }
            if (!last) {
                return null;
            }
            if (undecided != null) {
                return new MutantResult(m, MutantResult.Status.UNDECIDED, undecidedModel, undecided, secs);
            }
            if (passModels == 0) {
                return new MutantResult(m, MutantResult.Status.SURVIVED, "",
                        "no model expects pass: no state graph to compare", secs);
            }
            if (differs != null) {
                return new MutantResult(m, MutantResult.Status.SURVIVED, differsModel, differs, secs);
            }
            StateGraph fg = originalGraph(firstPass);
            return new MutantResult(m, MutantResult.Status.EQUIVALENT, "",
                    String.format("same state graph on %d model(s) (%s: %d states, %d transitions)",
                            passModels, firstPass.name(), fg.states(), fg.transitions()), secs);
        }
    }

    /**
     * A copy of the spec's directory (modules and the models' cfgs), taken from the snapshot once
     * there is one; {@code text} replaces the spec.
     */
    private Path copySpecDir(String name, String text) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Path src = snapshot != null ? snapshot : spec.toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(src)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".tla") && Files.isRegularFile(p)) {
                    Files.copy(p, dir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        for (ModelConfig m : models) {
            Path cfg = snapshot != null ? snapshot.resolve(m.cfg().getFileName()) : m.cfg();
            Files.copy(cfg, dir.resolve(m.cfg().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        if (text != null) {
            Files.writeString(dir.resolve(spec.getFileName()), text, StandardCharsets.UTF_8);
        }
        return dir;
    }

    private static <T> T get(Future<T> f) throws InterruptedException, IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof InterruptedException ie) {
                throw ie;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }
}
