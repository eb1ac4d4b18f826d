package org.vmspace.model;

/**
 * Unsigned 64-bit address arithmetic and the seed's address-space constants.
 *
 * <p>Java's {@code long} is signed; every comparison here is {@link Long#compareUnsigned}. The
 * protocol's addresses are mathematical integers (no wrap-around), so every sum that would wrap is
 * reported as an overflow rather than computed.
 */
public final class Vaddr {
    /** The default base page size ({@code PAGE_SIZE}). */
    public static final int PAGE_SIZE = 4096;
    /** End of the lower canonical half: {@code 0x8000_0000_0000}. */
    public static final long USER_TOP = 0x8000_0000_0000L;
    /** {@code MAX_USERSPACE_VADDR = 0x8000_0000_0000 - PAGE_SIZE} (exclusive) for 4 KiB pages. */
    public static final long MAX_USERSPACE_VADDR = USER_TOP - PAGE_SIZE;
    /** {@code KERNEL_BASE_VADDR}. */
    public static final long KERNEL_BASE_VADDR = 0xffff_8000_0000_0000L;
    /** {@code KERNEL_END_VADDR} (exclusive). */
    public static final long KERNEL_END_VADDR = 0xffff_ffff_ffff_0000L;

    private Vaddr() {}

    /** {@code MAX_USERSPACE_VADDR} for a page size: {@code 0x8000_0000_0000 - pageSize}. */
    public static long maxUserspaceVaddr(int pageSize) {
        return USER_TOP - pageSize;
    }

    /** True when {@code a + b} does not fit in an unsigned 64-bit value. */
    public static boolean addOverflows(long a, long b) {
        return Long.compareUnsigned(a + b, a) < 0;
    }

    /** {@code a + b}, unsigned; throws {@link ArithmeticException} on wrap-around. */
    public static long addExact(long a, long b) {
        if (addOverflows(a, b)) {
            throw new ArithmeticException("unsigned overflow: " + hex(a) + " + " + Long.toUnsignedString(b));
        }
        return a + b;
    }

    /** Unsigned {@code a < b}. */
    public static boolean lt(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    /** Unsigned {@code a <= b}. */
    public static boolean le(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    /** Unsigned minimum. */
    public static long min(long a, long b) {
        return lt(a, b) ? a : b;
    }

    /** True when {@code a} is a multiple of {@code pageSize} (a power of two). */
    public static boolean isAligned(long a, int pageSize) {
        return (a & (pageSize - 1)) == 0;
    }

    /** The page containing {@code a}. */
    public static long alignDown(long a, int pageSize) {
        return a & ~((long) pageSize - 1);
    }

    /**
     * The half-open overlap test of the protocol (unsigned): both ranges are non-empty and share a byte,
     * {@code s1 < e1 /\ s2 < e2 /\ s1 < e2 /\ s2 < e1}. An empty range overlaps nothing
     * (trace-validation/DIVERGENCES.md D5).
     */
    public static boolean overlaps(long s1, long e1, long s2, long e2) {
        return lt(s1, e1) && lt(s2, e2) && lt(s1, e2) && lt(s2, e1);
    }

    /** The trace spelling of an address: {@code "0x"} and lowercase hex of the unsigned value. */
    public static String hex(long a) {
        int i = (int) ((a * 0x9E3779B97F4A7C15L) >>> (64 - HEX_CACHE_BITS));
        Hex h = HEX_CACHE[i];
        if (h != null && h.a == a) {
            return h.s;
        }
        String s = spellHex(a);
        HEX_CACHE[i] = new Hex(a, s);
        return s;
    }

    /**
     * The spellings of recently spelled addresses, one per slot (a trace spells the same pages and
     * frames over and over). Threads may race on a slot: each holds an immutable {@link Hex} whose
     * fields are final, so a reader sees a whole pair or an older one, and {@link #hex} checks the
     * address before using it. {@code VaddrTest} compares it with {@code "0x" + Long.toHexString}.
     */
    private static final int HEX_CACHE_BITS = 12;
    private static final Hex[] HEX_CACHE = new Hex[1 << HEX_CACHE_BITS];

    private static final class Hex {
        final long a;
        final String s;

        Hex(long a, String s) {
            this.a = a;
            this.s = s;
        }
    }

    /** {@code "0x" + Long.toHexString(a)} in one array. */
    static String spellHex(long a) {
        int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(a) + 3) / 4);
        byte[] b = new byte[digits + 2];
        b[0] = '0';
        b[1] = 'x';
        for (int k = digits + 1; k >= 2; k--, a >>>= 4) {
            b[k] = HEX_DIGITS[(int) (a & 0xf)];
        }
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    /** Parses a decimal or {@code 0x} hex unsigned 64-bit value. */
    public static long parseUnsigned(String s) {
        String t = s.trim().replace("_", "");
        if (t.startsWith("0x") || t.startsWith("0X")) {
            return Long.parseUnsignedLong(t.substring(2), 16);
        }
        return Long.parseUnsignedLong(t);
    }
}
