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
 * <p>Killed: some model's outcome is not its EXPECT and is a verdict (a violation, a deadlock or
 * an evaluation error; see {@link TlcOutcome}). A mutant no model kills is compared with the
 * original on every model that expects {@code pass}: first the distinct-state counts (a difference
 * makes it a survivor), then, when all agree, the whole reachable graph (a second TLC run with
 * {@code -dump dot}: states by fingerprint and transitions). Equal graphs on every such model make
 * it equivalent; otherwise it survived.
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

    /** The original's state graph on a model (TLC -dump dot), computed on first use. */
    private StateGraph originalGraph(ModelConfig m) throws IOException, InterruptedException {
        synchronized (graphs) {
            StateGraph g = graphs.get(m.name());
            if (g != null) {
                return g;
            }
        }
        synchronized (m) {
            StateGraph g = graphs.get(m.name());
            if (g == null) {
                Path dir = copySpecDir("original-graph-" + m.name(), null);
                try {
                    TlcOutcome o = tlc.run(dir, m, dir.resolve(m.name() + ".dot"));
                    if (o.kind() != TlcOutcome.Kind.PASS) {
                        throw new IOException("the original's graph run on " + m.name() + " ended " + o.verdict());
                    }
                    g = StateGraph.read(dir.resolve(m.name() + ".dot"));
                } finally {
                    TlcRunner.deleteTree(dir);
                }
                synchronized (graphs) {
                    graphs.put(m.name(), g);
                }
                log.accept(String.format("original  %-34s state graph: %d states, %d transitions", m.name(),
                        g.states(), g.transitions()));
            }
            return g;
        }
    }

    /**
     * Snapshots the spec directory (so that edits during a long run change nothing), then runs
     * the original on every model; models are then ordered fastest first.
     */
    public void baseline() throws IOException, InterruptedException, BaselineException {
        snapshot = null;
        snapshot = copySpecDir("snapshot", null);
        Path dir = copySpecDir("original", null);
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<Baseline>> fs = new ArrayList<>();
            for (ModelConfig m : models) {
                fs.add(pool.submit(() -> new Baseline(m, tlc.run(dir, m, null), null)));
            }
            for (Future<Baseline> f : fs) {
                Baseline b = get(f);
                log.accept(String.format("original  %-34s expected %-22s got %-22s %10d states %8.1f s",
                        b.model().name(), b.model().expect(), b.outcome().verdict(), b.outcome().distinct(),
                        b.outcome().seconds()));
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
        models.sort(Comparator.comparingDouble(m -> baselines.get(m.name()).outcome().seconds()));
    }

    /**
     * Classifies the mutants; results in the mutants' order. A mutant not started within
     * {@code budgetSeconds} of the call is not run: its entry is null.
     */
    public List<MutantResult> run(List<Mutant> mutants, int budgetSeconds) throws InterruptedException, IOException {
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        AtomicInteger done = new AtomicInteger();
        long deadline = System.nanoTime() + budgetSeconds * 1_000_000_000L;
        try {
            List<Future<MutantResult>> fs = new ArrayList<>();
            for (Mutant m : mutants) {
                fs.add(pool.submit(() -> {
                    if (System.nanoTime() > deadline) {
                        return null;
                    }
                    MutantResult r = classify(m);
                    finished.add(r);
                    log.accept(String.format("[%d/%d] %s %-10s %-22s %6.1f s  %s", done.incrementAndGet(),
                            mutants.size(), m.id(), r.status().label(), r.model(), r.seconds(), m.describe()));
                    return r;
                }));
            }
            List<MutantResult> out = new ArrayList<>();
            for (Future<MutantResult> f : fs) {
                out.add(get(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private MutantResult classify(Mutant m) throws IOException, InterruptedException {
        Path dir = copySpecDir(m.id(), m.text());
        try {
            double secs = 0;
            String undecided = null;
            String undecidedModel = "";
            String differs = null;
            String differsModel = "";
            for (ModelConfig model : models) {
                TlcOutcome o = tlc.run(dir, model, null);
                secs += o.seconds();
                if (o.kind() == TlcOutcome.Kind.PARSE_ERROR) {
                    return new MutantResult(m, MutantResult.Status.INVALID, model.name(), o.detail(), secs);
                }
                if (o.kind() == TlcOutcome.Kind.TIMEOUT || o.kind() == TlcOutcome.Kind.TOOL_ERROR) {
                    if (undecided == null) {
                        undecided = o.verdict() + (o.detail().isEmpty() ? "" : ": " + o.detail());
                        undecidedModel = model.name();
                    }
                    continue;
                }
                if (!o.verdict().equals(model.expect())) {
                    String ev = o.verdict() + (o.kind() == TlcOutcome.Kind.EVAL_ERROR ? ": " + o.detail() : "");
                    return new MutantResult(m, MutantResult.Status.KILLED, model.name(), ev, secs);
                }
                long orig = baselines.get(model.name()).outcome().distinct();
                if (model.expectsPass() && o.distinct() != orig && differs == null) {
                    differs = String.format("%d distinct states (original %d)", o.distinct(), orig);
                    differsModel = model.name();
                }
            }
            if (undecided != null) {
                return new MutantResult(m, MutantResult.Status.UNDECIDED, undecidedModel, undecided, secs);
            }
            List<ModelConfig> passModels = models.stream().filter(ModelConfig::expectsPass).toList();
            if (passModels.isEmpty()) {
                return new MutantResult(m, MutantResult.Status.SURVIVED, "",
                        "no model expects pass: no state graph to compare", secs);
            }
            if (differs != null) {
                return new MutantResult(m, MutantResult.Status.SURVIVED, differsModel, differs, secs);
            }
            // The same number of states everywhere: compare the reachable graphs (states and transitions).
            for (ModelConfig model : passModels) {
                StateGraph b = originalGraph(model);
                Path dot = dir.resolve(model.name() + ".dot");
                TlcOutcome o = tlc.run(dir, model, dot);
                secs += o.seconds();
                if (o.kind() != TlcOutcome.Kind.PASS) {
                    return new MutantResult(m, MutantResult.Status.UNDECIDED, model.name(),
                            "state-graph run: " + o.verdict(), secs);
                }
                StateGraph g = StateGraph.read(dot);
                Files.deleteIfExists(dot);
                if (!g.equals(b)) {
                    return new MutantResult(m, MutantResult.Status.SURVIVED, model.name(),
                            String.format("%d states, %d transitions (original %d, %d)", g.states(),
                                    g.transitions(), b.states(), b.transitions()), secs);
                }
            }
            StateGraph first = originalGraph(passModels.get(0));
            return new MutantResult(m, MutantResult.Status.EQUIVALENT, "",
                    String.format("same state graph on %d model(s) (%s: %d states, %d transitions)",
                            passModels.size(), passModels.get(0).name(), first.states(), first.transitions()), secs);
        } finally {
            TlcRunner.deleteTree(dir);
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
