package org.vmspace.machine;

/** An access the machine cannot complete: no space active, no translation, a write to a read-only page, out of frames. */
public final class MachineFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MachineFault(String message) {
        super(message);
    }
}
