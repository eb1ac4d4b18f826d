package org.vmspace.tool;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vmspace.tool.tla.ModuleTree;
import org.vmspace.tool.tla.Tlc;
import org.vmspace.tv.machine.ValidateMachine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vmspace machine validate}: machine traces against tla/VmSpaceMachine.tla. Each trace is first
 * checked against the JSON Schema ({@link MachineTraceSchema}); only a trace that conforms goes to TLC,
 * through org.vmspace.tv.machine.ValidateMachine (its TLC child gets its own java.io.tmpdir and
 * metadir, as {@code validate}'s does).
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Validate machine traces against tla/VmSpaceMachine.tla.",
        description = {"Checks each machine trace (vmspace-machine-trace v1) first against the JSON Schema "
                + MachineTraceSchema.FILE + " (a line outside it: one line naming it, exit 2, TLC not run), then with "
                + "TLC that it is a behaviour of tla/VmSpaceMachine.tla (trace-validation/TraceVmSpaceMachine.tla). "
                + "Prints, per trace in the order given, ACCEPTED, or REJECTED with the first event no behaviour "
                + "matches and why; then 'N of M accepted'."},
        exitCodeListHeading = "%nExit codes (with many traces the worst, i.e. highest, wins):%n",
        exitCodeList = {"0:every trace accepted", "1:a trace is rejected",
                "2:a trace is missing, or malformed: outside the JSON Schema or unreadable by the parser",
                "3:tool failure (TLC failed or is missing, the schema cannot be read)", "64:usage error"})
public final class MachineValidateCommand implements Callable<Integer> {
    private static final String PREFIX = "machine validate: ";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "Machine trace files (NDJSON).")
    List<Path> traces;

    @Option(names = "--root", paramLabel = "DIR", description = "Use the TLA+ files and the schema of this checkout instead of the packaged ones.")
    Path root;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--json", description = "Print the results as JSON on stdout instead of the reports.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ModuleTree tree = Subcommand.moduleTree(spec, root)) {
            MachineTraceSchema schema;
            try {
                schema = MachineTraceSchema.load(tree.root());
            } catch (IOException e) {
                err.println(PREFIX + e.getMessage());
                return ExitCodes.TOOL_FAILURE;
            }
            int worst = ExitCodes.OK;
            int accepted = 0;
            List<Map<String, Object>> results = new ArrayList<>();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                for (Path t : traces) {
                    ValidateMachine.Result r = validate(t, schema, tree.root(), pool, err);
                    if (!json) {
                        out.print(r.out());
                        out.flush();
                        err.print(r.err());
                        err.flush();
                    }
                    results.add(jsonResult(t, r));
                    worst = Math.max(worst, r.exitCode());
                    accepted += r.exitCode() == ExitCodes.OK ? 1 : 0;
                }
            } finally {
                pool.shutdownNow();
            }
            if (json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("accepted", accepted);
                j.put("total", traces.size());
                j.put("exitCode", worst);
                j.put("traces", results);
                out.println(Json.GSON.toJson(j));
            } else {
                out.println(PREFIX + accepted + " of " + traces.size() + " accepted");
            }
            out.flush();
            return worst;
        }
    }

    /** A one-line error of this command, before TLC: exit 2. */
    private static ValidateMachine.Result malformed(String line) {
        return new ValidateMachine.Result(ExitCodes.MALFORMED, "", PREFIX + line + "\n", 0, null, null);
    }

    /** One trace: the schema, then (if it conforms) the driver; the texts carry this command's prefix. */
    private ValidateMachine.Result validate(Path trace, MachineTraceSchema schema, Path modules, ExecutorService pool,
                                            PrintWriter err) throws InterruptedException {
        if (!Files.isRegularFile(trace)) {
            return malformed((Files.exists(trace) ? "not a file: " : "missing file: ") + trace);
        }
        try {
            String bad = schema.check(trace);
            if (bad != null) {
                return malformed(trace + ": " + bad + " (" + MachineTraceSchema.FILE + ")");
            }
        } catch (IOException e) {
            return malformed("cannot read " + trace + ": " + e.getMessage());
        }
        Future<ValidateMachine.Result> f = pool.submit(() -> ValidateMachine.run(trace, modules, Tlc.jarFromEnvironment()));
        long t0 = System.nanoTime();
        long next = 5;
        ValidateMachine.Result r = null;
        while (r == null) {
            try {
                r = f.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                long secs = (System.nanoTime() - t0) / 1_000_000_000L;
                if (!quiet && secs >= next) {
                    err.println(PREFIX + "running " + secs + " s: " + trace);
                    err.flush();
                    next = secs + 15;
                }
            } catch (ExecutionException e) {
                return new ValidateMachine.Result(ExitCodes.TOOL_FAILURE, "", PREFIX + "internal error: " + e.getCause() + "\n",
                        0, null, null);
            }
        }
        return new ValidateMachine.Result(r.exitCode(), r.out().replaceFirst("^validate-machine: ", PREFIX),
                r.err().replaceFirst("^validate-machine: ", PREFIX), r.eventIndex(), r.op(), r.reason());
    }

    /** A trace's entry in the --json result: verdict, the rejected event (index, op) and why, the first line. */
    private static Map<String, Object> jsonResult(Path trace, ValidateMachine.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trace", trace.toString());
        m.put("exitCode", r.exitCode());
        m.put("verdict", switch (r.exitCode()) {
            case ExitCodes.OK -> "accepted";
            case ExitCodes.FAILED -> "rejected";
            case ExitCodes.MALFORMED -> "malformed";
            default -> "tool failure";
        });
        m.put("event", r.eventIndex() == 0 ? null : Map.of("index", r.eventIndex(), "op", r.op()));
        m.put("reason", r.reason());
        String text = r.out() + r.err();
        m.put("message", text.lines().findFirst().orElse(""));
        return m;
    }
}
