package org.vmspace.tv;

import java.util.List;

/**
 * A trace file that is not a well-formed {@code vmspace-trace} version 2 NDJSON file. Each message is
 * one line and names the offending line of the file; the driver prints them and exits with code 2.
 * {@link #getMessage()} is the first; {@link #messages()} all of them (at most
 * {@link TraceFile#MAX_ERRORS}, and a count of the rest).
 */
public final class TraceFormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> messages;

    public TraceFormatException(String message) {
        this(List.of(message));
    }

    public TraceFormatException(List<String> messages) {
        super(messages.get(0));
        this.messages = List.copyOf(messages);
    }

    /** Every error found, one line each, in file order. */
    public List<String> messages() {
        return messages;
    }
}
