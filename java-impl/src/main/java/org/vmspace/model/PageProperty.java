package org.vmspace.model;

import com.google.common.base.Preconditions;
import java.util.Objects;

/**
 * A page property ({@code PageProperty { flags, cache, priv_flags }}): the seed's {@code PageFlags} bits
 * ({@code R = 0x01, W = 0x02, X = 0x04, ACCESSED = 0x08, DIRTY = 0x10, AVAIL1 = 0x40, AVAIL2 = 0x80}),
 * a {@link CachePolicy}, and the {@code PrivilegedPageFlags} bits ({@code USER = 0x01, GLOBAL = 0x02}).
 * The protocol distinguishes only {@code "RW"} (writable) and {@code "R"}; {@link #protocolName()}
 * gives that spelling, and the cache policy and privileged flags are stored and returned, nothing
 * more (the spec's {@code Deactivate} drops every TLB entry, {@code GLOBAL} ones included).
 */
public record PageProperty(int flags, CachePolicy cache, int privFlags) {
    public static final int R = 0x01;
    public static final int W = 0x02;
    public static final int X = 0x04;
    public static final int ACCESSED = 0x08;
    public static final int DIRTY = 0x10;
    public static final int AVAIL1 = 0x40;
    public static final int AVAIL2 = 0x80;

    /** {@code PrivilegedPageFlags::USER}: accessible from user mode. */
    public static final int USER = 0x01;
    /** {@code PrivilegedPageFlags::GLOBAL}: kept across address-space switches by the hardware. */
    public static final int GLOBAL = 0x02;

    /** Read-write: the protocol's {@code "RW"}. */
    public static final PageProperty RW = new PageProperty(R | W);
    /** Read-only: the protocol's {@code "R"}. */
    public static final PageProperty READ_ONLY = new PageProperty(R);

    public PageProperty {
        Preconditions.checkArgument((flags & ~0xff) == 0, "flags out of range: %s", flags);
        Objects.requireNonNull(cache, "cache");
        Preconditions.checkArgument((privFlags & ~(USER | GLOBAL)) == 0, "privileged flags out of range: %s", privFlags);
    }

    /** {@code PageProperty::new_user(flags, CachePolicy::Writeback)}. */
    public PageProperty(int flags) {
        this(flags, CachePolicy.Writeback, USER);
    }

    /** {@code PageProperty::new_user(flags, cache)}: privileged flags {@code USER}. */
    public static PageProperty newUser(int flags, CachePolicy cache) {
        return new PageProperty(flags, cache, USER);
    }

    /** This property with other {@code PageFlags}. */
    public PageProperty withFlags(int f) {
        return new PageProperty(f, cache, privFlags);
    }

    /** This property with another cache policy. */
    public PageProperty withCache(CachePolicy c) {
        return new PageProperty(flags, c, privFlags);
    }

    /** This property with other privileged flags. */
    public PageProperty withPrivFlags(int p) {
        return new PageProperty(flags, cache, p);
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

    /** The 13 bits a page-table leaf stores: flags (0-7), cache policy (8-10), privileged flags (11-12). */
    public int bits() {
        return flags | (cache.ordinal() << 8) | (privFlags << 11);
    }

    /** The property of {@link #bits()}. */
    public static PageProperty fromBits(int bits) {
        Preconditions.checkArgument((bits & ~0x1fff) == 0 && ((bits >>> 8) & 7) < CachePolicy.values().length,
                "not a page property: %s", bits);
        return new PageProperty(bits & 0xff, CachePolicy.values()[(bits >>> 8) & 7], (bits >>> 11) & 3);
    }
}
