package org.vmspace.tool;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vmspace.tool.check.Checker;
import org.vmspace.tool.check.JunitReport;
import org.vmspace.tool.check.Manifest;
import org.vmspace.tool.check.Model;
import org.vmspace.tool.check.Outcome;
import org.vmspace.tool.tla.ModuleTree;
import org.vmspace.tool.tla.Tlc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmspace check}: the models, by the config header contract of scripts/check.sh (described in
 * that script's header comment; {@link Model}), with the same output lines and results file, plus
 * JUnit XML and a manifest. TLC runs with {@code $TLC_JAVA_OPTS}, default {@code -XX:TieredStopAtLevel=1 -Xmx1g} for group ci, none (C2, default heap) otherwise.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Model-check the spec: every model against its EXPECT line; JUnit XML + manifest.",
        description = {"Model-checks the spec: SANY parses every module, TLC runs every model of the group and "
                + "compares its result with the model's '\\* EXPECT:' line (a bug model must fail with the "
                + "invariant it names; the CI model MCVmSpace runs with coverage and fails on an action never "
                + "taken). One line per model: verdict, model, expected, got, distinct states, seconds.",
                "Writes DIR/junit.xml (one test case per model), DIR/manifest.json (TLA+ Examples form), the TLC "
                + "logs, and DIR/results-GROUP.txt."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every module parses, every model as expected", "1:a module does not parse or a model is not as expected",
                "3:tool failure (no TLC jar, I/O error)", "64:usage error (also: no such model)"})
public final class CheckCommand implements Subcommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--group", paramLabel = "ci|large|all", description = "Models of this group ('\\* GROUP:' line; default: ${DEFAULT-VALUE}).",
            defaultValue = "ci")
    String group;

    @Option(names = "--model", paramLabel = "NAME", description = "Only this model (cfg name without .cfg; repeatable); skips SANY.")
    List<String> models = new ArrayList<>();

    @Option(names = "--list", description = "List the selected models (name, group, expected) and exit.")
    boolean list;

    @Option(names = "--json", description = "Print the results as JSON on stdout (the table is not printed).")
    boolean json;

    @Option(names = "--root", paramLabel = "DIR", description = "Use the TLA+ files of this checkout instead of the packaged ones.")
    Path root;

    @Option(names = "--out", paramLabel = "DIR", description = "Where logs and reports go (default: ${DEFAULT-VALUE}).",
            defaultValue = "build/check")
    Path out;

    @Option(names = "--workers", paramLabel = "N", description = "TLC workers per model (default: $TLC_WORKERS, else 1; large: 2).")
    Integer workers;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "TLC processes at a time (default: $JOBS, else 2; large: 1).")
    Integer jobs;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!List.of("ci", "large", "all").contains(group)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--group must be ci, large or all: " + group);
        }
        int w = workers != null ? workers : envInt("TLC_WORKERS", group.equals("ci") ? 1 : 2);
        int j = jobs != null ? jobs : group.equals("ci") ? envInt("JOBS", 2) : 1;
        if (w < 1 || j < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers and --jobs must be at least 1");
        }
        try (ModuleTree tree = Subcommand.moduleTree(spec, root)) {
            List<Model> all = Model.all(tree.tla());
            List<Model> selected = new ArrayList<>();
            List<String> badGroups = new ArrayList<>();
            if (models.isEmpty()) {
                for (Model m : all) {
                    if (!m.group().equals("ci") && !m.group().equals("large")) {
                        badGroups.add(m.name() + ": unknown GROUP: " + m.group());
                    } else if (group.equals("all") || m.group().equals(group)) {
                        selected.add(m);
                    }
                }
            } else {
                for (String name : models) {
                    selected.add(all.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() ->
                            new CommandLine.ParameterException(spec.commandLine(), "no model " + name
                                    + " (a tla/" + name + ".cfg; not a design-review MCVmSpaceSeed* config)")));
                }
            }
            if (list) {
                for (Model m : selected) {
                    out.printf("%-40s %-6s %s%s%n", m.name(), m.group(), m.expect(),
                            m.problem() == null ? "" : "  (" + m.problem() + ")");
                }
                return ExitCodes.OK;
            }
            Tlc tlc = Tlc.fromEnvironment(group.equals("ci") ? DEFAULT_TLC_JAVA_OPTS : LARGE_TLC_JAVA_OPTS);
            try {
                tlc.requireJar();
            } catch (IOException e) {
                err.println("check: " + e.getMessage());
                return ExitCodes.TOOL_FAILURE;
            }
            Path dir = this.out.toAbsolutePath();
            Files.createDirectories(dir);
            Checker checker = new Checker(tree, tlc, dir, w, quiet ? null : err);
            boolean fail = false;
            ExecutorService pool = Executors.newFixedThreadPool(j);
            try {
                List<Checker.Parse> parses = new ArrayList<>();
                if (models.isEmpty()) {
                    text(out, "== SANY: parsing every module");
                    List<Future<Checker.Parse>> fs = new ArrayList<>();
                    for (Path m : checker.modules()) {
                        fs.add(pool.submit(() -> {
                            Checker.Parse p = checker.parse(m);
                            text(out, p.ok() ? "   ok    " + p.module() : "   FAIL  " + p.module() + " (see " + p.log() + ")");
                            return p;
                        }));
                    }
                    for (Future<Checker.Parse> f : fs) {
                        parses.add(get(f));
                    }
                    fail = parses.stream().anyMatch(p -> !p.ok());
                }
                String label = models.isEmpty() ? "group " + group : "models " + String.join(" ", models);
                text(out, "== TLC: " + label + ", " + j + " at a time (verdict, model, expected, got, distinct states, seconds)");
                for (String b : badGroups) {
                    text(out, "   FAIL  " + b);
                    fail = true;
                }
                List<Future<Outcome>> fs = new ArrayList<>();
                for (Model m : selected) {
                    fs.add(pool.submit(() -> {
                        Outcome o = m.problem() != null ? Outcome.problem(m) : checker.run(m);
                        text(out, o.line());
                        return o;
                    }));
                }
                List<Outcome> results = new ArrayList<>();
                for (Future<Outcome> f : fs) {
                    results.add(get(f));
                }
                fail |= results.stream().anyMatch(o -> !o.ok());
                if (selected.isEmpty()) {
                    text(out, "   FAIL  no model in group " + group);
                    fail = true;
                }
                if (models.isEmpty() && !group.equals("all")) {
                    StringBuilder b = new StringBuilder();
                    results.forEach(o -> b.append(o.resultsLine()).append('\n'));
                    Files.writeString(dir.resolve("results-" + group + ".txt"), b);
                }
                JunitReport.write(dir.resolve("junit.xml"), parses, results);
                Manifest.write(dir.resolve("manifest.json"), results);
                text(out, fail ? "== check: FAILED" : "== check: all " + results.size() + " models as expected");
                if (json) {
                    out.println(Json.GSON.toJson(jsonResult(parses, results, fail, dir)));
                }
                out.flush();
                return fail ? ExitCodes.FAILED : ExitCodes.OK;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * scripts/check.sh's default for short runs (group ci): the C1 JIT starts faster, and a 1 GB heap
     * spares the system time of zeroing TLC's heap-sized fingerprint set (tla/README.md, "TLC speed").
     */
    static final String DEFAULT_TLC_JAVA_OPTS = "-XX:TieredStopAtLevel=1 -Xmx1g";
    /**
     * The default for group large (and all): the C2 JIT (on a quiet machine it finds the large model's
     * distinct states 1.3x faster than C1 from the first minute on; tla/README.md, "TLC speed") and
     * TLC's default heap.
     */
    static final String LARGE_TLC_JAVA_OPTS = "";

    private static <T> T get(Future<T> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    private void text(PrintWriter out, String line) {
        if (!json) {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }

    private Map<String, Object> jsonResult(List<Checker.Parse> parses, List<Outcome> results, boolean fail, Path dir) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ok", !fail);
        r.put("group", models.isEmpty() ? group : null);
        r.put("junit", dir.resolve("junit.xml").toString());
        r.put("manifest", dir.resolve("manifest.json").toString());
        List<Map<String, Object>> ps = new ArrayList<>();
        for (Checker.Parse p : parses) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("module", p.module());
            m.put("ok", p.ok());
            m.put("log", p.log());
            ps.add(m);
        }
        r.put("sany", ps);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Outcome o : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", o.model().name());
            m.put("group", o.model().group());
            m.put("expected", o.model().expect());
            m.put("actual", o.got() + o.detail());
            m.put("verdict", o.verdict());
            m.put("distinctStates", o.distinct());
            m.put("seconds", Math.round(o.seconds() * 10) / 10.0);
            m.put("tlcExitCode", o.tlcExit());
            m.put("log", o.log());
            ms.add(m);
        }
        r.put("models", ms);
        return r;
    }

    static int envInt(String name, int dflt) {
        String v = System.getenv(name);
        try {
            return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
