package org.vmspace.model;

import com.google.common.base.Preconditions;

/**
 * A page property: the seed's {@code PageFlags} bits ({@code R = 0x01, W = 0x02, X = 0x04,
 * ACCESSED = 0x08, DIRTY = 0x10}). The protocol distinguishes only {@code "RW"} (writable) and
 * {@code "R"}; {@link #protocolName()} gives that spelling.
 */
public record PageProperty(int flags) {
    public static final int R = 0x01;
    public static final int W = 0x02;
    public static final int X = 0x04;
    public static final int ACCESSED = 0x08;
    public static final int DIRTY = 0x10;

    /** Read-write: the protocol's {@code "RW"}. */
    public static final PageProperty RW = new PageProperty(R | W);
    /** Read-only: the protocol's {@code "R"}. */
    public static final PageProperty READ_ONLY = new PageProperty(R);

    public PageProperty {
        Preconditions.checkArgument((flags & ~0xff) == 0, "flags out of range: %s", flags);
    }

    /** True when the W bit is set. */
    public boolean writable() {
        return (flags & W) != 0;
    }

    /** {@code "RW"} when writable, else {@code "R"}: the trace's {@code prop}. */
    public String protocolName() {
        return writable() ? "RW" : "R";
    }

    /** Parses the protocol spelling {@code "RW"} / {@code "R"}. */
    public static PageProperty ofProtocolName(String name) {
        return switch (name) {
            case "RW" -> RW;
            case "R" -> READ_ONLY;
            default -> throw new IllegalArgumentException("prop must be RW or R: " + name);
        };
    }
}
