package org.vmspace.model;

import static java.util.Objects.requireNonNull;

/**
 * A refused request: carries the protocol's {@link ErrorKind}. A request that throws this left every
 * piece of protocol state unchanged, except a {@link PageFaultException}, which reports partial
 * progress.
 */
public class VmException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorKind kind;

    public VmException(ErrorKind kind, String message) {
        super(requireNonNull(kind) + ": " + message);
        this.kind = kind;
    }

    /** The error kind, equal to the trace event's {@code outcome}. */
    public ErrorKind kind() {
        return kind;
    }
}
