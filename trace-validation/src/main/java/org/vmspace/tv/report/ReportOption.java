package org.vmspace.tv.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmspace.tv.Validate;

/**
 * The driver's {@code --report DIR} option: after a rejection, one self-contained HTML page
 * {@code DIR/<trace name>.report.html} (the trace's name without {@code .ndjson}).
 */
public record ReportOption(Path dir, String[] rest, String error) {
    /** Takes {@code --report DIR} out of the arguments (anywhere before the trace). */
    public static ReportOption extract(String[] args) {
        List<String> rest = new ArrayList<>();
        Path dir = null;
        for (int k = 0; k < args.length; k++) {
            if (args[k].equals("--report")) {
                if (k + 1 >= args.length - 1 || args[k + 1].startsWith("--")) {
                    return new ReportOption(null, args, "validate: usage: --report DIR needs a directory before the trace\n");
                }
                dir = Path.of(args[++k]);
            } else {
                rest.add(args[k]);
            }
        }
        return new ReportOption(dir, rest.toArray(new String[0]), null);
    }

    /** The page's path for a trace. */
    public Path fileFor(String trace) {
        String name = Path.of(trace).getFileName().toString().replaceFirst("\\.ndjson$", "");
        return dir.resolve(name + ".report.html");
    }

    /** Writes the page of a rejection and names it in the output; a write failure is one line, exit 2. */
    public Validate.Result write(Validate.Result r, String trace) {
        Path file = fileFor(trace);
        try {
            TraceReport.write(r.report().timeline(), file);
            return new Validate.Result(r.exitCode(), r.out() + "  report: " + file + "\n", r.err(), r.eventIndex(),
                    r.event(), r.report());
        } catch (IOException | RuntimeException e) {
            return new Validate.Result(Validate.MALFORMED, r.out(), r.err() + "validate: cannot write the report "
                    + file + ": " + e.getMessage() + "\n", r.eventIndex(), r.event(), r.report());
        }
    }
}
