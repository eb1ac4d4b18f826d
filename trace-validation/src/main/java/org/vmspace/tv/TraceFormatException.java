package org.vmspace.tv;

/**
 * A trace file that is not a well-formed {@code vmspace-trace} version 1 NDJSON file. The message is
 * one line and names the offending line of the file; the driver prints it and exits with code 2.
 */
public final class TraceFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public TraceFormatException(String message) {
        super(message);
    }
}
