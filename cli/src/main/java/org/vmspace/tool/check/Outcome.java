package org.vmspace.tool.check;

import java.util.List;
import java.util.Locale;

/**
 * The result of running one model: what TLC said ({@code got}: {@code pass}, the violated invariant or
 * action property, {@code TemporalProperty}, {@code Deadlock}, or {@code error(exit N)}), the distinct
 * states (null if TLC printed none), the run time, and the verdict: {@code ok} iff {@code got} is the
 * model's EXPECT value (and, for the coverage model, every action was taken).
 */
public record Outcome(Model model, String got, Long distinct, double seconds, int tlcExit, boolean ok, String detail,
                      String log, List<String> tail) {
    public String verdict() {
        return ok ? "ok" : "FAIL";
    }

    /** A config that breaks the header contract: it fails without running TLC. */
    public static Outcome problem(Model m) {
        return new Outcome(m, m.problem(), null, 0, -1, false, "", "", List.of());
    }

    /** TLC did not produce a model-checking result (a parse error, a crash, a missing jar). */
    public boolean error() {
        return got.startsWith("error");
    }

    /** The line scripts/check.sh prints for the model. */
    public String line() {
        if (model.problem() != null) {
            return String.format(Locale.ROOT, "   %-5s %-40s %-28s %s", verdict(), model.name(), model.expect(), got);
        }
        return String.format(Locale.ROOT, "   %-5s %-40s %-28s %-28s %10s %7.1f", verdict(), model.name(),
                model.expect(), got + detail, distinct == null ? "?" : distinct.toString(), seconds);
    }

    /** The line scripts/check.sh appends to build/check/results-GROUP.txt. */
    public String resultsLine() {
        if (model.problem() != null) {
            return String.format(Locale.ROOT, "%s|%s|%s|%s|?|0", verdict(), model.name(), model.expect(), got);
        }
        return String.format(Locale.ROOT, "%s|%s|%s|%s|%s|%.1f", verdict(), model.name(), model.expect(),
                got + detail, distinct == null ? "?" : distinct.toString(), seconds);
    }
}
