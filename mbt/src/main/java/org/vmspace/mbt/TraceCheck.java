package org.vmspace.mbt;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.vmspace.tv.Validate;

/**
 * Closes the loop: the Java trace an MBT behaviour produced (steps and refusal probes) is validated
 * by trace validation, so the direction spec-to-Java and the direction Java-to-spec check each other.
 */
public final class TraceCheck {
    private TraceCheck() {}

    /** Validates each trace; prints one line per trace; returns how many were not accepted. */
    public static int validateAll(Path root, List<Path> traces, PrintStream out) {
        Validate.Config base = Validate.Config.fromEnvironment();
        Validate.Config cfg = new Validate.Config(root, base.tlcJar(), base.jvmOptions());
        int bad = 0;
        for (Path t : traces) {
            Validate.Result r = Validate.run(t, cfg);
            if (r.exitCode() != Validate.ACCEPTED) {
                bad++;
                out.print(r.out());
                out.print(r.err());
            } else {
                out.print("MBT trace " + r.out().replaceFirst("^validate: ", ""));
            }
        }
        return bad;
    }
}
