package org.vmspace.model;

/**
 * A user frame: the {@code index}-th physical frame; its physical address is
 * {@code index * pageSize}, which is how the trace names it.
 */
public record UFrame(int index, long paddr) {
    /** The frame with this index for a page size. */
    public static UFrame of(int index, int pageSize) {
        return new UFrame(index, (long) index * pageSize);
    }
}
