package org.vmspace.tool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vmspace.cli.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vmspace trace}: the java-impl workload (org.vmspace.cli.Workload), written as an NDJSON trace. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run the Java workload and write its NDJSON trace.",
        description = {"Runs the Java implementation on a seeded random mix of every protocol operation over the "
                + "trace window (the top --window-pages user pages) and writes its NDJSON trace. With --threads 1 "
                + "the trace is a function of the options."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:trace written", "2:bad workload parameters, or the file (or its directory) cannot be created",
                "3:tool failure: writing the trace failed midway (e.g. disk full), the workload failed", "64:usage error"})
public final class TraceCommand implements Subcommand {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The trace file to write.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ops", defaultValue = "10000", description = "Operations (default: ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--threads", defaultValue = "4", description = "Threads, each with its own owners (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--cpus", defaultValue = "2", description = "CPUs (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--frames", defaultValue = "64", description = "Physical frames (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--window-pages", defaultValue = "64", description = "Pages of the trace window (default: ${DEFAULT-VALUE}).")
    int windowPages;

    @Option(names = "--page-size", defaultValue = "4096", description = "Page size, a power of two (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--shared-reader", defaultValue = "false", arity = "1", paramLabel = "true|false",
            description = "Readers may overlap (default: ${DEFAULT-VALUE}).")
    boolean sharedReader;

    @Option(names = "--flush-ops", defaultValue = "false", arity = "1", paramLabel = "true|false",
            description = "Cursors also issue frameless TLB flushes (all, one address, a range) and make the "
                    + "find_next/issue_tlb_flush refusals, and some fresh readers/writers are limited "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean flushOps;

    @Option(names = "--bugs", paramLabel = "NAME[,NAME]", description = "Deliberate bugs to switch on (docs/PROTOCOL.md).")
    String bugs;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--seed", Long.toString(seed), "--ops",
                Integer.toString(ops), "--threads", Integer.toString(threads), "--cpus", Integer.toString(cpus),
                "--frames", Integer.toString(frames), "--window-pages", Integer.toString(windowPages), "--page-size",
                Integer.toString(pageSize), "--shared-reader", Boolean.toString(sharedReader),
                "--flush-ops", Boolean.toString(flushOps)));
        if (bugs != null && !bugs.isEmpty()) {
            args.addAll(List.of("--bugs", bugs));
        }
        if (out.toAbsolutePath().getParent() != null) {
            try {
                Files.createDirectories(out.toAbsolutePath().getParent());
            } catch (IOException x) {
                e.println("trace: cannot create the directory of " + out + ": "
                        + (x instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way: " : "")
                        + x.getMessage());
                e.flush();
                return ExitCodes.MALFORMED;
            }
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            rc = Workload.run(args.toArray(new String[0]), ps);
        } catch (IllegalStateException x) {
            e.println("trace: the workload failed: " + x.getMessage()
                    + (x.getCause() != null ? ": " + x.getCause() : ""));
            return ExitCodes.TOOL_FAILURE;
        }
        String msg = buf.toString(StandardCharsets.UTF_8).replaceFirst("^workload: ", "trace: ");
        if (rc != 0) {
            e.print(msg);
            e.flush();
            return exitCode(rc);
        }
        long events;
        try (Stream<String> lines = Files.lines(out)) {
            events = lines.count() - 1;
        }
        if (json) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("trace", out.toString());
            r.put("events", events);
            o.println(Json.GSON.toJson(r));
        } else {
            o.println("trace: " + out + " (" + events + " events)");
        }
        o.flush();
        return ExitCodes.OK;
    }

    /**
     * The workload's exit code (Workload.USAGE: 0 ok, 1 internal error, 2 bad arguments or the file cannot
     * be opened, 3 the trace could not be written) as vmspace's: an internal error and a failed write are
     * tool failures (3), bad parameters stay 2.
     */
    static int exitCode(int workload) {
        return switch (workload) {
            case 0 -> ExitCodes.OK;
            case 2 -> ExitCodes.MALFORMED;
            default -> ExitCodes.TOOL_FAILURE;
        };
    }
}
