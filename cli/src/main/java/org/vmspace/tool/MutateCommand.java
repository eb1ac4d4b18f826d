package org.vmspace.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.vmspace.spectools.Mutate;
import org.vmspace.spectools.MutantResult;
import org.vmspace.spectools.Report;
import org.vmspace.tool.tla.ModuleTree;
import org.vmspace.tool.tla.Tlc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmspace mutate}: spec mutation testing (org.vmspace.spectools.Mutate, tla/MUTATION.md). {@code make
 * mutate} and {@code make mutate-selftest} are this command on the checkout.
 */
@Command(name = "mutate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Spec mutation testing: does some model kill each mutant of the spec?",
        description = {"Generates mutants of a TLA+ spec (one small change to a definition of its Next each), runs "
                + "every model on the original and on each mutant with TLC, and classifies each mutant: killed (some "
                + "model's result differs from its '\\* EXPECT:' line), survived (every model as expected, but some "
                + "model's reachable state graph differs), equivalent (same states and transitions), undecided "
                + "(timeout or tool error), invalid (does not parse). One line per mutant, then the counts and "
                + "the score; --out writes the Markdown report (tla/MUTATION.md's form).",
                "Without --spec: the packaged (or --root) tla/VmSpace.tla. Without --config/--group: the CI models "
                + "that check the spec as written (tla/MCVmSpace*.cfg with '\\* EXPECT: pass' or a reachability "
                + "model's '\\* EXPECT: Debug...', GROUP ci or none, whose MC module is MC<spec> (not the models "
                + "of another spec module such as VmSpaceMachine), not the design review's MCVmSpaceSeed* nor the "
                + "large model). A model's '\\* COVERAGE: actions' header applies (an action never taken kills); "
                + "models with '\\* MUTATE: prescreen' run first. A full run takes about an hour: --filter, --limit, "
                + "--budget narrow it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (with --expect: every mutant classified as expected)",
                "1:--expect: a mutant not classified as expected",
                "2:bad input: the spec does not parse, or the original spec fails a model",
                "3:tool failure (no TLC jar, I/O error)", "64:usage error"})
public final class MutateCommand implements Subcommand {
    /** EXPECT: pass, or a reachability model's EXPECT: Debug... (the spec as written, BUG = "None"). */
    private static final Pattern EXPECT_PASS = Pattern.compile("^\\\\\\* EXPECT: *(pass|Debug)", Pattern.MULTILINE);
    private static final Pattern GROUP_LINE = Pattern.compile("^\\\\\\* GROUP:", Pattern.MULTILINE);
    private static final Pattern GROUP_CI = Pattern.compile("^\\\\\\* GROUP: *ci", Pattern.MULTILINE);

    @Spec
    CommandSpec spec;

    @Option(names = "--spec", paramLabel = "FILE.tla", description = "The spec to mutate (default: tla/VmSpace.tla).")
    Path specFile;

    @Option(names = "--config", paramLabel = "MC.cfg", description = "A model (repeatable).")
    List<Path> configs = new ArrayList<>();

    @Option(names = "--group", paramLabel = "NAME", description = "The models of the spec's directory whose header says '\\* GROUP: NAME'.")
    String group;

    @Option(names = "--next", paramLabel = "NAME", description = "The next-state relation whose definitions are mutated (default: Next).")
    String next;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "2", description = "TLC processes at a time (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600", description = "Per TLC run (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--limit", paramLabel = "N", description = "At most N mutants (after --filter).")
    Integer limit;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Only mutants whose 'id operator description' matches.")
    String filter;

    @Option(names = "--shuffle", paramLabel = "SEED", description = "Shuffle the mutants first (a sample with --limit).")
    Long shuffle;

    @Option(names = "--budget", paramLabel = "SECONDS", description = "Stop starting mutants after SECONDS.")
    Integer budget;

    @Option(names = "--out", paramLabel = "FILE.md", description = "Write the Markdown report.")
    Path out;

    @Option(names = "--triage", paramLabel = "FILE", description = "Survivors' triage notes for the report.")
    Path triage;

    @Option(names = "--expect", paramLabel = "FILE", description = "Lines '<id> <status> <description>': exit 1 on any difference.")
    Path expect;

    @Option(names = "--list", description = "List the selected mutants and exit (no TLC run).")
    boolean list;

    @Option(names = "--heap", paramLabel = "SIZE", description = "TLC's heap (default: 1g).")
    String heap;

    @Option(names = "--root", paramLabel = "DIR", description = "Use the TLA+ files of this checkout instead of the packaged ones.")
    Path root;

    @Option(names = "--json", description = "Print the result as JSON on stdout (the per-mutant lines go to stderr).")
    boolean json;

    @Option(names = "--quiet", description = "No progress lines on stderr (with --json: no per-mutant lines either).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        for (Map.Entry<String, Integer> n : positives().entrySet()) {
            if (n.getValue() != null && n.getValue() < 1) {
                throw usage(n.getKey() + " must be at least 1: " + n.getValue());
            }
        }
        if (filter != null) {
            try {
                Pattern.compile(filter);
            } catch (PatternSyntaxException x) {
                throw usage("--filter: not a regular expression: " + filter);
            }
        }
        if (heap != null && !heap.matches("[1-9][0-9]*[kmgKMG]?")) {
            throw usage("--heap: a JVM size like 1g, got '" + heap + "'");
        }
        if (group != null && !configs.isEmpty()) {
            throw usage("--config and --group exclude each other");
        }
        for (Path p : configs) {
            if (!Files.isRegularFile(p)) {
                throw usage("--config: no such file: " + p);
            }
        }
        for (Path p : new Path[] {expect, triage}) {
            if (p != null && !Files.isRegularFile(p)) {
                throw usage("no such file: " + p);
            }
        }
        if (specFile != null && (!Files.isRegularFile(specFile) || !specFile.toString().endsWith(".tla"))) {
            throw usage("--spec: no TLA+ module at " + specFile);
        }
        ModuleTree tree = null;
        try {
            if (specFile == null) {
                try {
                    tree = ModuleTree.of(root);
                } catch (IllegalArgumentException x) {
                    throw usage("--root: " + x.getMessage());
                }
                specFile = tree.tla().resolve("VmSpace.tla");
            } else if (root != null) {
                throw usage("--spec and --root exclude each other");
            }
            List<Path> models = new ArrayList<>(configs);
            if (models.isEmpty() && group == null && !list) {
                models = ciModels(specFile);
                if (models.isEmpty()) {
                    throw usage("no model that must pass next to " + specFile + ": give --config or --group");
                }
            }
            Path jar = Tlc.jarFromEnvironment();
            if (!list && !Files.exists(jar)) {
                e.println("mutate: no TLC jar at " + jar + " (set TLA2TOOLS=/path/to/tla2tools.jar)");
                e.flush();
                return ExitCodes.TOOL_FAILURE;
            }
            return run(o, e, models);
        } finally {
            if (tree != null) {
                tree.close();
            }
        }
    }

    private int run(PrintWriter o, PrintWriter e, List<Path> models) {
        List<String> args = new ArrayList<>(List.of("--spec", specFile.toString()));
        for (Path m : models) {
            args.addAll(List.of("--config", m.toString()));
        }
        add(args, "--group", group);
        add(args, "--next", next);
        add(args, "--jobs", jobs);
        add(args, "--timeout", timeout);
        add(args, "--limit", limit);
        add(args, "--filter", filter);
        add(args, "--shuffle", shuffle);
        add(args, "--budget", budget);
        add(args, "--out", out);
        add(args, "--triage", triage);
        add(args, "--expect", expect);
        add(args, "--heap", heap);
        if (list) {
            args.add("--list");
        }
        AtomicReference<List<MutantResult>> results = new AtomicReference<>();
        int rc;
        String firstError;
        try (Progress p = new Progress("mutate", e, quiet || list, null)) {
            PrintStream lines = p.lines(json ? (quiet ? null : e) : o);
            java.io.ByteArrayOutputStream errBuf = new java.io.ByteArrayOutputStream();
            PrintStream errs = new PrintStream(errBuf, true, java.nio.charset.StandardCharsets.UTF_8);
            rc = Mutate.run(args.toArray(new String[0]), lines, errs, results::set);
            lines.flush();
            String errText = errBuf.toString(java.nio.charset.StandardCharsets.UTF_8);
            firstError = errText.lines().findFirst().orElse("");
            if (rc == Mutate.EXIT_USAGE) {
                // the tool's own usage check (after ours): one line and the hint, exit 64
                e.println(firstError);
                e.println("Try 'vmspace mutate --help' for more information.");
                e.flush();
                return ExitCodes.USAGE;
            }
            e.print(errText);
            e.flush();
        }
        int code = switch (rc) {
            case 0 -> ExitCodes.OK;
            case Mutate.EXIT_MISMATCH -> ExitCodes.FAILED;
            case Mutate.EXIT_SPEC -> ExitCodes.MALFORMED;
            default -> ExitCodes.TOOL_FAILURE;
        };
        if (json) {
            o.println(Json.GSON.toJson(jsonResult(code, results.get(), firstError)));
            o.flush();
        }
        return code;
    }

    private Map<String, Object> jsonResult(int code, List<MutantResult> rs, String error) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("exitCode", code);
        r.put("spec", specFile.toString());
        if (code != ExitCodes.OK && code != ExitCodes.FAILED) {
            r.put("error", error);
        }
        if (rs == null) {
            r.put("mutants", null);
            return r;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (MutantResult.Status s : MutantResult.Status.values()) {
            counts.put(s.label(), rs.stream().filter(x -> x.status() == s).count());
        }
        r.put("counts", counts);
        // killed / (mutants - equivalent - invalid), as the report computes it
        r.put("score", Math.round(10.0 * Report.Counts.of(rs).score()) / 10.0);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (MutantResult x : rs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", x.mutant().id());
            m.put("operator", x.mutant().operator().label());
            m.put("description", x.mutant().describe());
            m.put("status", x.status().label());
            m.put("model", x.model());
            m.put("evidence", x.evidence());
            m.put("seconds", Math.round(x.seconds() * 10) / 10.0);
            ms.add(m);
        }
        r.put("mutants", ms);
        return r;
    }

    /**
     * The CI models that check the spec as written, next to the spec: EXPECT pass, or a reachability
     * model's EXPECT Debug... (not the bug models, not the no-fairness liveness models), and bound to
     * this spec: the config's module (the longest {@code MC*.tla} whose name prefixes the config's, the
     * check contract) is {@code MC<spec>}. So the models of another spec module next to it (e.g.
     * MCVmSpaceMachine*.cfg, module MCVmSpaceMachine, spec VmSpaceMachine) are not VmSpace.tla's.
     */
    static List<Path> ciModels(Path specFile) throws IOException {
        Path dir = specFile.toAbsolutePath().getParent();
        Path shown = specFile.getParent() == null ? Path.of("") : specFile.getParent();
        String mc = "MC" + specFile.getFileName().toString().replaceFirst("\\.tla$", "");
        List<Path> r = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        List<String> modules = files.stream().map(f -> f.getFileName().toString())
                .filter(n -> n.matches("MC.*\\.tla")).map(n -> n.replaceFirst("\\.tla$", "")).toList();
        for (Path c : files) {
            String n = c.getFileName().toString();
            if (!n.startsWith("MCVmSpace") || !n.endsWith(".cfg") || n.startsWith("MCVmSpaceSeed")
                    || n.startsWith("MCVmSpaceLarge") || !moduleOf(n, modules, mc).equals(mc)) {
                continue;
            }
            String text = Files.readString(c);
            if (EXPECT_PASS.matcher(text).find()
                    && (!GROUP_LINE.matcher(text).find() || GROUP_CI.matcher(text).find())) {
                r.add(shown.resolve(n));
            }
        }
        return r;
    }

    /**
     * A config's module by the check contract: the longest of {@code modules} prefixing its name; when
     * no MC module is next to it (a spec checked on its own), {@code fallback}.
     */
    static String moduleOf(String cfgFile, List<String> modules, String fallback) {
        String name = cfgFile.replaceFirst("\\.cfg$", "");
        String best = "";
        for (String m : modules) {
            if (name.startsWith(m) && m.length() > best.length()) {
                best = m;
            }
        }
        return best.isEmpty() ? fallback : best;
    }

    private Map<String, Integer> positives() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("--jobs", jobs);
        m.put("--timeout", timeout);
        m.put("--limit", limit);
        m.put("--budget", budget);
        return m;
    }

    private CommandLine.ParameterException usage(String msg) {
        return new CommandLine.ParameterException(spec.commandLine(), msg);
    }

    private static void add(List<String> args, String opt, Object v) {
        if (v != null) {
            args.addAll(List.of(opt, v.toString()));
        }
    }
}
