package org.vmspace.machine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.vmspace.trace.TraceException;

/**
 * {@code make trace-machine}: runs {@link MachineWorkload} and writes its machine trace.
 * Exit codes: 0 written, 2 bad arguments (one line on stderr), 3 the trace could not be written.
 */
public final class MachineWorkloadMain {
    static final String USAGE = "usage: MachineWorkloadMain --out PATH [--seed N] [--ops N] [--cpus N] [--frames N]"
            + " [--spaces N] [--pages N] [--bugs NAME,..]";

    private MachineWorkloadMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static MachineBug bug(String name) {
        for (MachineBug b : MachineBug.values()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown bug " + name + " (known: " + java.util.Arrays.toString(MachineBug.values()) + ")");
    }

    static int run(String... args) {
        Path out = null;
        long seed = 1;
        int ops = 2000;
        MachineWorkload.Params d = MachineWorkload.Params.defaults(1, 0);
        int cpus = d.cpus();
        int frames = d.frames();
        int spaces = d.spaces();
        int pages = d.pages();
        Set<MachineBug> bugs = EnumSet.noneOf(MachineBug.class);
        MachineWorkload.Params p;
        try {
            for (int k = 0; k < args.length; k++) {
                String a = args[k];
                if (k + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++k];
                switch (a) {
                    case "--out" -> out = Path.of(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--ops" -> ops = Integer.parseInt(v);
                    case "--cpus" -> cpus = Integer.parseInt(v);
                    case "--frames" -> frames = Integer.parseInt(v);
                    case "--spaces" -> spaces = Integer.parseInt(v);
                    case "--pages" -> pages = Integer.parseInt(v);
                    case "--bugs" -> {
                        for (String b : v.split(",")) {
                            if (!b.isBlank()) {
                                bugs.add(bug(b.trim()));
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (out == null) {
                throw new IllegalArgumentException("--out is required");
            }
            p = new MachineWorkload.Params(seed, ops, cpus, frames, spaces, pages, bugs);
        } catch (IllegalArgumentException e) { // NumberFormatException and unknown bug names too
            System.err.println("trace-machine: " + e.getMessage() + " (" + USAGE + ")");
            return 2;
        }
        try (MachineSink sink = MachineSink.ndjson(out)) {
            MachineWorkload.Outcome o = MachineWorkload.run(p, sink);
            sink.close();
            long events;
            try (var lines = Files.lines(out)) {
                events = lines.count() - 1;
            }
            System.out.println("trace-machine: " + out + " (" + events + " events, " + o.refused() + " operations refused"
                    + (o.stoppedBy() == null ? "" : "; the buggy machine stopped: " + o.stoppedBy()) + ")");
            return 0;
        } catch (IOException | UncheckedIOException | TraceException e) {
            System.err.println("trace-machine: cannot write " + out + ": " + e.getMessage());
            return 3;
        }
    }
}
