package org.vmspace.spectools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs TLC ({@code tlc2.TLC -workers 1 -fp 0}, with {@code -coverage 60} for a model whose header
 * says {@code \* COVERAGE: actions}) as a child process on one model in a spec directory,
 * with its own java.io.tmpdir and -metadir (TLC unpacks its standard modules into the temp dir
 * and deletes them on exit: two TLCs must never share one), and a timeout.
 */
public final class TlcRunner {

    /** Set on the way out (a signal): no TLC process is started any more. */
    static volatile boolean stopping;

    private final Path jar;
    private final int timeoutSeconds;
    private final String heap;
    /** The spec's module: a COVERAGE model's coverage check is about its actions. */
    private final String specModule;
    /**
     * A JVM class-data-sharing archive of TLC's classes (written by {@link #writeClassArchive}):
     * every later TLC child maps it instead of loading and verifying the classes again, a third
     * of a short run's CPU time. Null: none.
     */
    private volatile Path classArchive;
    /**
     * Models that run with the full (C2) JIT even when {@code TLC_JAVA_OPTS} stops at C1: C1 starts a
     * short run faster, C2 runs a long one about a third faster (tla/README.md, "The large model").
     */
    private final java.util.Set<String> fullJit = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public TlcRunner(Path jar, int timeoutSeconds, String heap, String specModule) {
        this.jar = jar;
        this.timeoutSeconds = timeoutSeconds;
        this.heap = heap;
        this.specModule = specModule;
    }

    /**
     * Runs {@code model} in {@code dir} (which holds the modules and the cfg); with
     * {@code dot} non-null TLC also writes the state graph there.
     */
    public TlcOutcome run(Path dir, ModelConfig model, Path dot) throws IOException, InterruptedException {
        return run(dir, model, dot, null);
    }

    /** From now on {@code model} runs with the full JIT: {@code -XX:TieredStopAtLevel} is dropped. */
    public void useFullJit(ModelConfig model) {
        fullJit.add(model.name());
    }

    /**
     * The JVM options of {@code extra} ({@code TLC_JAVA_OPTS}; null or blank: none) that a run of
     * {@code model} gets: all of them, but {@code -XX:TieredStopAtLevel} for a full-JIT model.
     */
    List<String> extraJvmOptions(ModelConfig model, String extra) {
        List<String> out = new ArrayList<>();
        if (extra == null || extra.isBlank()) {
            return out;
        }
        for (String opt : extra.strip().split("\\s+")) {
            if (!(fullJit.contains(model.name()) && opt.startsWith("-XX:TieredStopAtLevel"))) {
                out.add(opt);
            }
        }
        return out;
    }

    /**
     * Runs {@code model} once with {@code -XX:ArchiveClassesAtExit} (JDK 13+) writing {@code archive},
     * and uses that archive for every later run if the JVM wrote it; the outcome is the run's.
     */
    public TlcOutcome writeClassArchive(Path dir, ModelConfig model, Path dot, Path archive)
            throws IOException, InterruptedException {
        TlcOutcome o = run(dir, model, dot, archive);
        if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
            classArchive = archive;
        }
        return o;
    }

    private TlcOutcome run(Path dir, ModelConfig model, Path dot, Path writeArchive)
            throws IOException, InterruptedException {
        if (stopping) {
            throw new InterruptedException("stopping");
        }
        Path scratch = Files.createTempDirectory(dir, "tlc-");
        Path tmp = Files.createDirectories(scratch.resolve("tmp"));
        Path log = dir.resolve(model.name() + (dot != null ? ".dump" : "") + ".out");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Xss8m", "-Xmx" + heap));
        // Extra JVM options, as scripts/tlc.sh takes them (e.g. -XX:TieredStopAtLevel=1).
        cmd.addAll(extraJvmOptions(model, System.getenv("TLC_JAVA_OPTS")));
        Path cds = classArchive;
        if (writeArchive != null) {
            cmd.add("-XX:ArchiveClassesAtExit=" + writeArchive);
        } else if (cds != null) {
            cmd.add("-XX:SharedArchiveFile=" + cds);
        }
        cmd.addAll(List.of("-Djava.io.tmpdir=" + tmp,
                "-cp", jar.toString(), "tlc2.TLC", "-workers", "1",
                // A fixed fingerprint polynomial: state ids in -dump dot are then comparable across runs.
                "-fp", "0",
                "-metadir", scratch.resolve("meta").toString(),
                "-config", model.cfg().getFileName().toString()));
        if (dot != null) {
            cmd.addAll(List.of("-dump", "dot", dot.toString()));
        }
        if (model.coverage()) {
            // As scripts/check.sh: the report comes at the end of the run (the interval is in minutes).
            cmd.addAll(List.of("-coverage", "60"));
        }
        cmd.add(model.module() + ".tla");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (stopping) {
            kill(p);
            throw new InterruptedException("stopping");
        }
        boolean done;
        try {
            done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!done) {
            kill(p);
        }
        deleteTree(scratch);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (!done) {
            return new TlcOutcome(TlcOutcome.Kind.TIMEOUT, "timeout after " + timeoutSeconds + " s", -1,
                    distinct(out), generated(out), secs, log);
        }
        return TlcOutcome.classify(p.exitValue(), out, secs, log, model.coverage() ? specModule : null);
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static final Pattern DISTINCT = Pattern.compile("([0-9,]+) distinct states found");
    private static final Pattern GENERATED = Pattern.compile("([0-9,]+) states generated");

    static long distinct(String out) {
        return lastNumber(DISTINCT, out);
    }

    static long generated(String out) {
        return lastNumber(GENERATED, out);
    }

    private static long lastNumber(Pattern p, String out) {
        Matcher m = p.matcher(out);
        long v = -1;
        while (m.find()) {
            v = Long.parseLong(m.group(1).replace(",", ""));
        }
        return v;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
