package org.vmspace.spectools;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one TLC run ended with, read from its exit code and output (TLC2 2.18's codes:
 * tlc2.output.EC.ExitStatus).
 *
 * <ul>
 * <li>{@code PASS}: exit 0.</li>
 * <li>{@code VIOLATION}: an invariant, action property, temporal property, deadlock, assumption
 *     or Assert failed (exit 10-14); {@code detail} names it as scripts/check.sh does
 *     (the invariant's name, TemporalProperty, Deadlock).</li>
 * <li>{@code EVAL_ERROR}: TLC could not evaluate the spec on a reachable state (exit 75-77, or
 *     255 with a semantic message: a successor left undetermined, a function applied outside
 *     its domain, a CHOOSE with no witness...). The spec is ill-defined on a behaviour the model
 *     reaches; make check fails on it like on a violation.</li>
 * <li>{@code PARSE_ERROR}: SANY rejected the module (exit 150): the mutant is not a spec.</li>
 * <li>{@code TOOL_ERROR}: config error, state space too large, out of memory, system error.</li>
 * <li>{@code TIMEOUT}: the run was stopped at the timeout.</li>
 * </ul>
 */
public record TlcOutcome(Kind kind, String detail, int exit, long distinct, long generated, double seconds,
                         Path log) {

    public enum Kind { PASS, VIOLATION, EVAL_ERROR, PARSE_ERROR, TOOL_ERROR, TIMEOUT }

    private static final Pattern INVARIANT = Pattern.compile("Error: Invariant ([A-Za-z0-9_]+) is violated");
    private static final Pattern ACTION_PROP = Pattern.compile("Error: Action property ([A-Za-z0-9_]+) is violated");
    private static final Pattern ERROR_LINE = Pattern.compile("(?m)^Error: (.*)$");

    /** The outcome as scripts/check.sh names it: pass, an invariant's name, TemporalProperty, Deadlock... */
    public String verdict() {
        return switch (kind) {
            case PASS -> "pass";
            case VIOLATION -> detail;
            case EVAL_ERROR -> "error(exit " + exit + ")";
            case PARSE_ERROR -> "parse-error";
            case TOOL_ERROR -> "tool-error(exit " + exit + ")";
            case TIMEOUT -> "timeout";
        };
    }

    static TlcOutcome classify(int exit, String out, double secs, Path log) {
        long distinct = TlcRunner.distinct(out);
        long generated = TlcRunner.generated(out);
        Kind kind;
        String detail;
        if (out.contains("java.lang.OutOfMemoryError")) {
            kind = Kind.TOOL_ERROR;
            detail = "out of memory";
        } else if (exit == 0) {
            kind = Kind.PASS;
            detail = "";
        } else if (exit == 12) {
            Matcher m = INVARIANT.matcher(out);
            Matcher a = ACTION_PROP.matcher(out);
            kind = Kind.VIOLATION;
            detail = m.find() ? m.group(1) : a.find() ? a.group(1) : "SafetyViolation";
        } else if (exit == 13) {
            Matcher a = ACTION_PROP.matcher(out);
            kind = Kind.VIOLATION;
            detail = a.find() ? a.group(1) : "TemporalProperty";
        } else if (exit == 11) {
            kind = Kind.VIOLATION;
            detail = "Deadlock";
        } else if (exit == 10) {
            kind = Kind.VIOLATION;
            detail = "Assumption";
        } else if (exit == 14) {
            kind = Kind.VIOLATION;
            detail = "Assert";
        } else if (exit == 150) {
            kind = Kind.PARSE_ERROR;
            detail = firstError(out);
        } else if (exit >= 75 && exit <= 77 || exit == 255 && semantic(out)) {
            kind = Kind.EVAL_ERROR;
            detail = firstError(out);
        } else {
            kind = Kind.TOOL_ERROR;
            detail = firstError(out);
        }
        return new TlcOutcome(kind, detail, exit, distinct, generated, secs, log);
    }

    private static boolean semantic(String out) {
        return out.contains("not completely specified") || out.contains("Attempted to")
                || out.contains("CHOOSE") || out.contains("not in the domain") || out.contains("not enumerable")
                || out.contains("In evaluation, the identifier") || out.contains("was not defined");
    }

    private static String firstError(String out) {
        Matcher m = ERROR_LINE.matcher(out);
        String s = m.find() ? m.group(1) : out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
        s = s.strip();
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }
}
