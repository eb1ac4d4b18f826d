package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmspace.cli.Workload;

/** Test helpers: traces from java-impl's workload driver, and the driver's validation in-process. */
final class Traces {
    private Traces() {}

    /** Runs the workload (in this JVM) into {@code out}; {@code bugs} are switched on in its space only. */
    static Path workload(Path out, long seed, int ops, int threads, String bugs, String... extra) {
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--seed", Long.toString(seed), "--ops",
                Integer.toString(ops), "--threads", Integer.toString(threads)));
        if (!bugs.isEmpty()) {
            args.add("--bugs");
            args.add(bugs);
        }
        args.addAll(List.of(extra));
        assertEquals(0, Workload.run(args.toArray(new String[0]), System.err), "workload " + args);
        return out;
    }

    /** Validates with the configuration the Makefile uses (vmspace.root, TLA2TOOLS). */
    static Validate.Result validate(Path trace) {
        return Validate.run(trace, Validate.Config.fromEnvironment());
    }

    /** The 1-based index of the first event where two traces differ (0 if none). */
    static int firstDifference(Path a, Path b) throws IOException {
        List<String> x = Files.readAllLines(a);
        List<String> y = Files.readAllLines(b);
        for (int k = 1; k < Math.min(x.size(), y.size()); k++) {
            if (!x.get(k).equals(y.get(k))) {
                return k;
            }
        }
        return x.size() == y.size() ? 0 : Math.min(x.size(), y.size());
    }
}
