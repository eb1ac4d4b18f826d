package org.vmspace.tool;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.vmspace.mbt.Mbt;
import org.vmspace.tool.tla.ModuleTree;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmspace mbt}: model-based testing (org.vmspace.mbt.Mbt): TLC's state graph of a model drives
 * the Java implementation. {@code make mbt} is this command on the checkout.
 */
@Command(name = "mbt", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Model-based testing: the spec's state graph drives the Java implementation.",
        description = {"TLC explores a model's whole state graph; a path cover of it (every state, every transition "
                + "with its arguments) is replayed against the Java implementation through its public API. After "
                + "every step Java's abstracted state must equal the spec's, variable by variable; at the first visit "
                + "of a state every action the spec refuses there is tried and Java must refuse it for the spec's "
                + "reason. The Java traces of the first --traces behaviours are validated against the spec (the "
                + "closed loop); behaviours are written as ITF JSON.",
                "The full cover of the CI model takes minutes and several GB of heap (java -Xmx8g -jar ...); "
                + "--max-behaviours N replays a prefix. mbt/README.md has the figures."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no mismatch, every MBT trace accepted",
                "1:a mismatch between Java and the spec (reported), or an MBT trace rejected",
                "2:bad input: the model cannot be read or used, an unknown bug name",
                "3:tool failure (TLC failed, I/O error)", "64:usage error (also: no such model)"})
public final class MbtCommand implements Subcommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "MCVmSpace",
            description = "A model: a name in tla/ (MCVmSpace, tla/MCVmSpace.cfg) or a .cfg file of its own whose "
                    + "name starts with its MC module's name, e.g. MCVmSpaceTiny.cfg (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--max-behaviours", paramLabel = "N", defaultValue = "0",
            description = "Replay at most N behaviours of the cover (0: all; default: ${DEFAULT-VALUE}).")
    int maxBehaviours;

    @Option(names = "--traces", paramLabel = "N", defaultValue = "3",
            description = "Write and validate the Java traces of the first N behaviours (default: ${DEFAULT-VALUE}).")
    int traces;

    @Option(names = "--itf-limit", paramLabel = "N", defaultValue = "20",
            description = "Write at most N behaviours as ITF JSON (default: ${DEFAULT-VALUE}).")
    int itfLimit;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "build",
            description = "Traces go to DIR/mbt-traces, ITF to DIR/itf (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1", description = "TLC workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--bugs", paramLabel = "NAME[,NAME]", description = "Deliberate Java bugs to switch on (docs/PROTOCOL.md): MBT must find them.")
    String bugs;

    @Option(names = "--root", paramLabel = "DIR", description = "Use the TLA+ files of this checkout instead of the packaged ones.")
    Path root;

    @Option(names = "--json", description = "Print the result as JSON on stdout (the report lines go to stderr).")
    boolean json;

    @Option(names = "--quiet", description = "No progress lines on stderr (with --json: no report lines either).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        for (Map.Entry<String, Integer> n : Map.of("--max-behaviours", maxBehaviours, "--traces", traces,
                "--itf-limit", itfLimit).entrySet()) {
            if (n.getValue() < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), n.getKey() + " must not be negative: " + n.getValue());
            }
        }
        if (workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1: " + workers);
        }
        try (ModuleTree tree = Subcommand.moduleTree(spec, root)) {
            Path cfg = resolveModel(tree);
            AtomicReference<String> phase = new AtomicReference<>("starting");
            AtomicReference<Mbt.Outcome> outcome = new AtomicReference<>();
            int rc;
            try (Progress p = new Progress("mbt", e, quiet, phase::get)) {
                PrintStream report = p.lines(json ? (quiet ? null : e) : o);
                PrintStream errors = p.lines(e);
                Mbt.Run run = new Mbt.Run(tree.root(), cfg, maxBehaviours, traces, out.resolve("mbt-traces"),
                        out.resolve("itf"), itfLimit, workers, null, bugs);
                rc = Mbt.execute(run, report, errors, (what, done) -> phase.set(what + (done > 0 ? ": " + done
                        + " behaviours" : "")), outcome::set);
                report.flush();
                errors.flush();
            }
            if (json) {
                o.println(Json.GSON.toJson(jsonResult(rc, outcome.get())));
                o.flush();
            }
            return rc;
        }
    }

    /** The model's cfg: a file given by path, else a name of the tree's tla/; a usage error if neither. */
    private Path resolveModel(ModuleTree tree) {
        Path given = Path.of(model);
        if (model.endsWith(".cfg") && Files.isRegularFile(given) && !model.startsWith("tla/")) {
            return given.toAbsolutePath();
        }
        String name = given.getFileName().toString().replaceFirst("\\.cfg$", "");
        Path cfg = tree.tla().resolve(name + ".cfg");
        if (!Files.isRegularFile(cfg)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model: no such model: " + model);
        }
        return cfg;
    }

    private Map<String, Object> jsonResult(int rc, Mbt.Outcome oc) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("exitCode", rc);
        r.put("verdict", switch (rc) {
            case Mbt.OK -> "no mismatch";
            case Mbt.MISMATCH -> "mismatch";
            case Mbt.BAD_INPUT -> "bad input";
            default -> "tool failure";
        });
        if (oc == null) {
            return r;
        }
        Mbt.Result res = oc.result();
        r.put("model", res.model());
        r.put("states", oc.states());
        r.put("transitions", oc.transitions());
        r.put("tlc", oc.tlcSummary());
        r.put("behaviours", res.behaviours());
        r.put("steps", res.steps());
        r.put("refusalProbes", res.probes());
        r.put("statesCovered", res.statesCovered());
        r.put("transitionsCovered", res.transitionsCovered());
        if (res.mismatch() != null) {
            Mbt.Mismatch m = res.mismatch();
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("behaviour", m.behaviour());
            mm.put("step", m.step());
            mm.put("call", m.call());
            mm.put("probe", m.probe());
            mm.put("expected", m.expected());
            mm.put("actual", m.actual());
            Map<String, Object> vars = new LinkedHashMap<>();
            m.variables().forEach((k, v) -> {
                Map<String, Object> sj = new LinkedHashMap<>();
                sj.put("spec", v[0]);
                sj.put("java", v[1]);
                vars.put(k, sj);
            });
            mm.put("variables", vars);
            r.put("mismatch", mm);
        } else {
            r.put("mismatch", null);
        }
        r.put("traces", res.traces().stream().map(Path::toString).toList());
        r.put("tracesRejected", oc.tracesRejected());
        r.put("itf", res.itf().stream().map(Path::toString).toList());
        r.put("tlcSeconds", Math.round(oc.tlcSeconds() * 10) / 10.0);
        r.put("replaySeconds", Math.round(res.seconds() * 10) / 10.0);
        r.put("totalSeconds", Math.round(oc.totalSeconds() * 10) / 10.0);
        return r;
    }

}
