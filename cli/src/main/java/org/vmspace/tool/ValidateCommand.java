package org.vmspace.tool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vmspace.tool.tla.ModuleTree;
import org.vmspace.tool.tla.Tlc;
import org.vmspace.tool.tla.TraceProgress;
import org.vmspace.tv.Validate;
import org.vmspace.tv.report.ReportOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmspace validate}: traces against the spec (org.vmspace.tv.Validate), many at once. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Validate NDJSON traces against the spec (many at once with -j).",
        description = {"Checks that each NDJSON trace (schema vmspace-trace v2, java-impl/TRACE_SCHEMA.md) is a behaviour "
                + "of the spec. Prints, per trace in the order given, ACCEPTED, or REJECTED with the first unmatched "
                + "event and what the spec allows there, or the malformed line's message; then 'N of M accepted'. "
                + "TLC runs in a child JVM per trace; -j runs several at once."},
        exitCodeListHeading = "%nExit codes (with many traces the worst, i.e. highest, wins):%n",
        exitCodeList = {"0:every trace accepted", "1:a trace is rejected", "2:a trace is malformed or missing, or its --report cannot be written",
                "3:tool failure (TLC failed or is missing)", "4:--timeout elapsed", "64:usage error"})
public final class ValidateCommand implements Subcommand {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "NDJSON trace files.")
    List<Path> traces;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Validate N traces at once (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int jobs;

    @Option(names = "--json", description = "Print the results as JSON on stdout instead of the reports.")
    boolean json;

    @Option(names = "--base-spec", description = "Also check VmSpace's [][Next]_vars as a property (short traces only).")
    boolean baseSpec;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop TLC after SECONDS per trace: exit 4 for that trace.")
    Long timeout;

    @Option(names = "--report", paramLabel = "DIR",
            description = "After a rejection, write a self-contained HTML report DIR/<trace name>.report.html (owner and "
                    + "cursor lanes, page-ownership grid and TLBs over the last events, the divergent event compared with "
                    + "the spec); a report that cannot be written is exit 2.")
    Path report;

    @Option(names = "--root", paramLabel = "DIR", description = "Use the TLA+ files of this checkout instead of the packaged ones.")
    Path root;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (jobs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-j must be at least 1: " + jobs);
        }
        if (timeout != null && timeout < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 second: " + timeout);
        }
        java.time.Duration limit = timeout == null ? null : java.time.Duration.ofSeconds(timeout);
        try (ModuleTree tree = Subcommand.moduleTree(spec, root)) {
            Validate.Config base = Validate.Config.fromEnvironment();
            Validate.Config cfg = new Validate.Config(tree.root(), Tlc.jarFromEnvironment(), base.jvmOptions());
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, traces.size()));
            List<Future<Validate.Result>> futures = new ArrayList<>();
            List<Long> started = new ArrayList<>();
            for (Path t : traces) {
                futures.add(pool.submit(() -> withReport(Validate.run(t, cfg, baseSpec, limit), t)));
                started.add(System.nanoTime());
            }
            pool.shutdown();
            long t0 = System.nanoTime();
            long nextProgress = 5;
            List<Validate.Result> results = new ArrayList<>();
            for (int k = 0; k < futures.size(); k++) {
                Validate.Result r = null;
                while (r == null) {
                    try {
                        r = futures.get(k).get(1, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        long secs = (System.nanoTime() - t0) / 1_000_000_000L;
                        if (!quiet && secs >= nextProgress) {
                            long done = futures.stream().filter(Future::isDone).count();
                            err.println("validate: " + done + " of " + traces.size() + " done after " + secs
                                    + " s; waiting for " + traces.get(k) + TraceProgress.of(traces.get(k)));
                            err.flush();
                            nextProgress = secs + 15;
                        }
                    } catch (ExecutionException e) {
                        r = new Validate.Result(Validate.TLC_FAILED, "", "validate: internal error: " + e.getCause() + "\n",
                                0, null);
                    }
                }
                results.add(r);
                if (!json) {
                    out.print(r.out());
                    out.flush();
                    err.print(r.err());
                    err.flush();
                }
            }
            int worst = results.stream().mapToInt(Validate.Result::exitCode).max().orElse(0);
            long accepted = results.stream().filter(r -> r.exitCode() == Validate.ACCEPTED).count();
            if (json) {
                out.println(Json.GSON.toJson(jsonResult(results, accepted, worst)));
            } else {
                out.println("validate: " + accepted + " of " + results.size() + " accepted");
            }
            out.flush();
            return worst;
        }
    }

    /** With --report, a rejection's HTML page (the driver's own --report code, ReportOption). */
    private Validate.Result withReport(Validate.Result r, Path trace) {
        if (report == null || r.report() == null) {
            return r;
        }
        return new ReportOption(report, new String[0], null).write(r, trace.toString());
    }

    private Map<String, Object> jsonResult(List<Validate.Result> results, long accepted, int worst) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("accepted", accepted);
        r.put("total", results.size());
        r.put("exitCode", worst);
        List<Map<String, Object>> ts = new ArrayList<>();
        for (int k = 0; k < results.size(); k++) {
            Validate.Result v = results.get(k);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trace", traces.get(k).toString());
            m.put("exitCode", v.exitCode());
            m.put("verdict", switch (v.exitCode()) {
                case Validate.ACCEPTED -> "accepted";
                case Validate.REJECTED -> "rejected";
                case Validate.MALFORMED -> "malformed";
                case Validate.TIMED_OUT -> "timed out";
                default -> "tool failure";
            });
            m.put("event", v.event() == null ? null : Map.of("index", v.eventIndex(), "line", v.event().line,
                    "seq", v.event().seq, "op", v.event().op, "outcome", v.event().outcome));
            String text = v.out() + v.err();
            m.put("message", text.isEmpty() ? "" : text.lines().findFirst().orElse(""));
            m.put("report", text);
            m.put("html", report != null && v.report() != null && v.exitCode() == Validate.REJECTED
                    ? new ReportOption(report, new String[0], null).fileFor(traces.get(k).toString()).toString() : null);
            ts.add(m);
        }
        r.put("traces", ts);
        return r;
    }
}
