package org.vmspace.tool;

/**
 * Exit codes of {@code vmspace}, the same for every subcommand where they apply (README, "Command
 * line"). {@code validate} keeps the validator's own codes end to end; with many traces the worst
 * (highest) one wins.
 */
public final class ExitCodes {
    /** Success: every model as expected, every trace accepted, the workload written. */
    public static final int OK = 0;
    /** {@code validate}: a trace is rejected. {@code check}/{@code review}: a result is not as expected. */
    public static final int FAILED = 1;
    /**
     * {@code validate}: a trace is malformed (or missing). {@code machine validate}: a trace is missing or outside
     * the machine trace's JSON Schema. {@code trace}, {@code machine trace}: bad workload parameters or an unwritable file.
     */
    public static final int MALFORMED = 2;
    /** A tool failure: TLC failed or could not be started, an I/O error, an internal error. */
    public static final int TOOL_FAILURE = 3;
    /** {@code validate --timeout}: the time ran out (the validator's own code). */
    public static final int TIMED_OUT = 4;
    /** A usage error: unknown option or subcommand, missing or bad argument (BSD sysexits EX_USAGE). */
    public static final int USAGE = 64;

    private ExitCodes() {}
}
