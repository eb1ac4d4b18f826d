package org.vmspace.model;

/**
 * A user-space copy stopped at a page without a (writable) translation: the seed's
 * {@code Err((Error::PageFault, copied))}. The reader/writer cursor has advanced by {@link #copied()}.
 */
public final class PageFaultException extends VmException {
    private static final long serialVersionUID = 1L;
    private final long copied;
    private final long faultVaddr;

    public PageFaultException(long copied, long faultVaddr) {
        super(ErrorKind.PageFault, "page fault at " + Vaddr.hex(faultVaddr) + " after " + copied + " bytes");
        this.copied = copied;
        this.faultVaddr = faultVaddr;
    }

    /** Bytes copied before the faulting page. */
    public long copied() {
        return copied;
    }

    /** The faulting page. */
    public long faultVaddr() {
        return faultVaddr;
    }
}
