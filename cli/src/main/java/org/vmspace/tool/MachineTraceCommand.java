package org.vmspace.tool;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vmspace.machine.MachineBug;
import org.vmspace.machine.MachineSink;
import org.vmspace.machine.MachineWorkload;
import org.vmspace.trace.TraceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vmspace machine trace}: the machine's seeded multi-space workload (MachineWorkload), written as a machine trace. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run the many-spaces machine's workload and write its machine trace.",
        description = {"Runs org.vmspace.machine.MachineWorkload (seeded actors, one per CPU, over the spaces: map, "
                + "unmap, flush, switch, read, write, fork, copy-on-write share) and writes its NDJSON trace "
                + "(vmspace-machine-trace v1). The trace is a function of the options."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:trace written", "2:bad workload parameters (nothing written), or the file (or its directory) cannot be created",
                "3:tool failure: writing the trace failed midway", "64:usage error"})
public final class MachineTraceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The trace file to write.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ops", defaultValue = "3000", description = "Operations (default: ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--cpus", defaultValue = "3", description = "CPUs, one actor each (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--frames", defaultValue = "16", description = "Physical frames (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--spaces", defaultValue = "6", description = "Address spaces at most (default: ${DEFAULT-VALUE}).")
    int spaces;

    @Option(names = "--pages", defaultValue = "6", description = "Pages each space uses (default: ${DEFAULT-VALUE}).")
    int pages;

    @Option(names = "--bugs", paramLabel = "NAME[,NAME]",
            description = "The machine's deliberate bugs to switch on (org.vmspace.machine.MachineBug; tla/README.md, \"Many address spaces\").")
    String bugs;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        MachineWorkload.Params p;
        try {
            p = new MachineWorkload.Params(seed, ops, cpus, frames, spaces, pages, bugs(bugs));
        } catch (IllegalArgumentException x) {
            e.println("machine trace: " + x.getMessage());
            return ExitCodes.MALFORMED;
        }
        Path dir = out.toAbsolutePath().getParent();
        MachineSink sink;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            sink = MachineSink.ndjson(out);
        } catch (IOException x) {
            e.println("machine trace: cannot create " + out + ": "
                    + (x instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way: " : "") + x.getMessage());
            return ExitCodes.MALFORMED;
        }
        MachineWorkload.Outcome r;
        long events;
        try (sink) {
            r = MachineWorkload.run(p, sink);
            sink.close();
            try (Stream<String> lines = Files.lines(out)) {
                events = lines.count() - 1;
            }
        } catch (IOException | UncheckedIOException | TraceException x) {
            e.println("machine trace: writing " + out + " failed: " + x.getMessage());
            return ExitCodes.TOOL_FAILURE;
        }
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("trace", out.toString());
            j.put("events", events);
            j.put("refusedOperations", r.refused());
            j.put("stoppedBy", r.stoppedBy());
            o.println(Json.GSON.toJson(j));
        } else {
            o.println("machine trace: " + out + " (" + events + " events, " + r.refused() + " operations refused"
                    + (r.stoppedBy() == null ? "" : "; the buggy machine stopped: " + r.stoppedBy()) + ")");
        }
        return ExitCodes.OK;
    }

    /** The bug names, comma-separated; an unknown name is an {@link IllegalArgumentException} naming the known ones. */
    static Set<MachineBug> bugs(String names) {
        Set<MachineBug> out = EnumSet.noneOf(MachineBug.class);
        if (names == null) {
            return out;
        }
        for (String n : names.split(",")) {
            if (n.isBlank()) {
                continue;
            }
            out.add(Arrays.stream(MachineBug.values()).filter(b -> b.name().equals(n.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown bug " + n.trim() + " (known: "
                            + Arrays.toString(MachineBug.values()) + ")")));
        }
        return out;
    }
}
