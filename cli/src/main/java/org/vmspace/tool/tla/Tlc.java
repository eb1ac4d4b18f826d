package org.vmspace.tool.tla;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a TLA+ tool (TLC, SANY) in a child JVM: the TLC jar is {@code $TLA2TOOLS} if set, else the jar
 * (or directory) this program loaded {@code tlc2.TLC} from. Every run gets its own
 * {@code java.io.tmpdir} (TLC unpacks its standard modules there and deletes them on exit, so two
 * processes sharing one break each other) and, for TLC, its own {@code -metadir}; both are removed
 * after the run. {@code $TLC_JAVA_OPTS} adds JVM options. A run that lasts more than a few seconds
 * reports progress (elapsed time and TLC's latest state count) on the given writer; a JVM shutdown
 * (Ctrl-C) ends every child still running.
 */
public final class Tlc {
    private static final Pattern DISTINCT = Pattern.compile("([0-9][0-9,]*) distinct states");
    private static final Pattern DEPTH = Pattern.compile("Progress\\((\\d+)\\)");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroy), "vmspace-tlc-reaper"));
    }

    private final Path jar;
    private final List<String> jvmOptions;

    public Tlc(Path jar, List<String> jvmOptions) {
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** From the environment: {@code TLA2TOOLS}, {@code TLC_JAVA_OPTS}. */
    public static Tlc fromEnvironment() {
        return fromEnvironment("");
    }

    /** From the environment, with {@code defaultOpts} when {@code TLC_JAVA_OPTS} is not set. */
    public static Tlc fromEnvironment(String defaultOpts) {
        List<String> opts = new ArrayList<>(List.of("-XX:+UseParallelGC", "-Xss8m"));
        String extra = System.getenv("TLC_JAVA_OPTS") != null ? System.getenv("TLC_JAVA_OPTS") : defaultOpts;
        if (extra != null && !extra.isBlank()) {
            opts.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        return new Tlc(jarFromEnvironment(), opts);
    }

    /** {@code $TLA2TOOLS}, else where {@code tlc2.TLC} was loaded from. */
    public static Path jarFromEnvironment() {
        String env = System.getenv("TLA2TOOLS");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        try {
            return Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path jar() {
        return jar;
    }

    /** An {@link IOException} with a one-line message when the TLC jar is missing. */
    public void requireJar() throws IOException {
        if (!Files.exists(jar)) {
            throw new IOException("no TLC jar at " + jar + " (set TLA2TOOLS=/path/to/tla2tools.jar)");
        }
    }

    /** The outcome of one run: exit code, the log, the run time. */
    public record Run(int exit, Path log, double seconds) {
        public List<String> lines() throws IOException {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs {@code mainClass args} in {@code workDir}, output (stdout and stderr) to {@code log}. For
     * {@code tlc2.TLC} a private {@code -metadir} is added. {@code progress} (may be null) gets a line now
     * and then while the run lasts, prefixed with {@code label}.
     */
    public Run run(String mainClass, List<String> args, List<String> sysProps, Path workDir, Path log,
                   PrintWriter progress, String label) throws IOException, InterruptedException {
        requireJar();
        Path tmp = Files.createTempDirectory("vmspace-tlc-");
        long t0 = System.nanoTime();
        Process p = null;
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmOptions);
            cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("tmp")));
            cmd.addAll(sysProps);
            cmd.addAll(List.of("-cp", jar.toString(), mainClass));
            if (mainClass.equals("tlc2.TLC")) {
                cmd.addAll(List.of("-metadir", tmp.resolve("meta").toString()));
            }
            cmd.addAll(args);
            Files.createDirectories(log.toAbsolutePath().getParent());
            p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            LIVE.add(p);
            long next = 5;
            String relayed = null;
            while (!p.waitFor(1, TimeUnit.SECONDS)) {
                long secs = (System.nanoTime() - t0) / 1_000_000_000L;
                if (progress == null) {
                    continue;
                }
                // TLC's own progress line (about once a minute: states generated, distinct states
                // and their rates per minute, queue) is relayed as soon as it appears; between two,
                // an elapsed-time line every 15 s (every 60 s once TLC reports by itself).
                String tlcLine = lastProgressLine(log);
                if (tlcLine != null && !tlcLine.equals(relayed)) {
                    relayed = tlcLine;
                    progress.println(label + ": running " + secs + " s: " + tlcLine);
                    progress.flush();
                    next = secs + 60;
                } else if (secs >= next) {
                    progress.println(label + ": running " + secs + " s" + latest(log));
                    progress.flush();
                    next = secs + (relayed == null ? 15 : 60);
                }
            }
            return new Run(p.exitValue(), log, (System.nanoTime() - t0) / 1e9);
        } finally {
            if (p != null) {
                if (p.isAlive()) {
                    p.destroy();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
                LIVE.remove(p);
            }
            ModuleTree.delete(tmp);
        }
    }

    /** TLC's latest "Progress(...) at ...: ..." line in the log so far, or null. */
    static String lastProgressLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            for (int k = lines.size() - 1; k >= 0; k--) {
                if (lines.get(k).startsWith("Progress(")) {
                    return lines.get(k);
                }
            }
        } catch (IOException e) {
            // no line yet
        }
        return null;
    }

    /** TLC's latest progress figures in the log so far, e.g. ", depth 12, 3400 distinct states". */
    private static String latest(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            for (int k = lines.size() - 1; k >= 0; k--) {
                Matcher m = DISTINCT.matcher(lines.get(k));
                if (m.find()) {
                    Matcher d = DEPTH.matcher(lines.get(k));
                    return (d.find() ? ", depth " + d.group(1) : "") + ", " + m.group(1).replace(",", "")
                            + " distinct states";
                }
            }
        } catch (IOException e) {
            // no figures yet
        }
        return "";
    }
}
