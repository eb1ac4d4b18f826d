package org.vmspace.trace;

/**
 * The trace sink failed (for example the disk is full). The operation during which it failed changed
 * nothing (its event was not written, so its effect was not applied), and the {@code VmSpace} refuses
 * every later operation with this exception: a trace with a missing event is worth nothing, and a state
 * that ran ahead of its trace could not be validated.
 */
public final class TraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceException(String message, Throwable cause) {
        super(message, cause);
    }

    public TraceException(String message) {
        super(message);
    }
}
