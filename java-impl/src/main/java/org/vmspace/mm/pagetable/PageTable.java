package org.vmspace.mm.pagetable;

import java.util.function.BiConsumer;

/**
 * A 4-level radix page table in the x86-64 layout: 512 entries per node; for 4 KiB pages the level
 * 4..1 indices are VA bits 39-47, 30-38, 21-29, 12-20. For a smaller page size the shift is
 * {@code log2(pageSize)}, levels 1-3 keep 9 bits each, and the root takes the remaining bits up to
 * bit 47 so every user address has its own leaf. User frames map at level 1.
 *
 * <p>A leaf is a {@code long}: 0 is {@code NoMap}, else {@code ((frame + 1) << 16) | prop.bits()}.
 * Guarded by the VmSpace lock.
 */
public final class PageTable {
    private static final int BITS = 9;
    private final int shift;
    private final int rootBits;
    private final Object[] root;
    /** Nodes and slots visited so far: the cost model that tests check (no timing involved). */
    private long steps;

    /** The page-table steps taken so far: nodes visited by walks and scans (cost-model tests). */
    public long steps() {
        return steps;
    }

    public PageTable(int pageSize) {
        this.shift = Integer.numberOfTrailingZeros(pageSize);
        this.rootBits = Math.max(BITS, 48 - shift - 3 * BITS);
        this.root = new Object[1 << rootBits];
    }

    /** A leaf: the frame, and the page property's {@link org.vmspace.model.PageProperty#bits()}. */
    public static long encode(int frame, int propBits) {
        return ((long) (frame + 1) << 16) | propBits;
    }

    public static int frameOf(long leaf) {
        return (int) (leaf >>> 16) - 1;
    }

    public static org.vmspace.model.PageProperty propOf(long leaf) {
        return org.vmspace.model.PageProperty.fromBits((int) (leaf & 0xffff));
    }

    private int index(long va, int level) {
        long i = va >>> (shift + BITS * (level - 1));
        return (int) (level == 4 ? i & ((1L << rootBits) - 1) : i & ((1 << BITS) - 1));
    }

    private long[] leafNode(long va, boolean create) {
        steps++;
        Object[] node = root;
        for (int level = 4; level > 2; level--) {
            int i = index(va, level);
            Object child = node[i];
            if (child == null) {
                if (!create) {
                    return null;
                }
                child = new Object[1 << BITS];
                node[i] = child;
            }
            node = (Object[]) child;
        }
        int i = index(va, 2);
        long[] leaves = (long[]) node[i];
        if (leaves == null && create) {
            leaves = new long[1 << BITS];
            node[i] = leaves;
        }
        return leaves;
    }

    /** The leaf at page {@code va} (0 = NoMap). */
    public long get(long va) {
        long[] leaves = leafNode(va, false);
        return leaves == null ? 0 : leaves[index(va, 1)];
    }

    /** Sets the leaf at page {@code va}; returns the old leaf. */
    public long set(long va, long leaf) {
        long[] leaves = leafNode(va, leaf != 0);
        if (leaves == null) {
            return 0;
        }
        int i = index(va, 1);
        long old = leaves[i];
        leaves[i] = leaf;
        return old;
    }

    /**
     * The first mapped page in {@code [from, to)} (page-aligned user addresses), or -1. Empty subtrees
     * are skipped whole, so the cost follows the nodes present, not the length of the range.
     */
    public long nextMapped(long from, long to) {
        return scan(from, to, true);
    }

    /**
     * The first unmapped page in {@code [from, to)} (page-aligned user addresses), or -1. A missing
     * subtree is unmapped at once, so the cost follows the nodes present, not the length of the range.
     */
    public long firstUnmapped(long from, long to) {
        return scan(from, to, false);
    }

    private long scan(long from, long to, boolean wantMapped) {
        long va = from;
        outer:
        while (va < to) {
            Object node = root;
            for (int level = 4; level >= 2; level--) {
                steps++;
                Object child = ((Object[]) node)[index(va, level)];
                if (child == null) {
                    if (!wantMapped) {
                        return va;
                    }
                    long span = 1L << (shift + BITS * (level - 1));
                    va = (va & -span) + span;
                    continue outer;
                }
                node = child;
            }
            long[] leaves = (long[]) node;
            for (int i = index(va, 1); i < leaves.length && va < to; i++, va += 1L << shift) {
                steps++;
                if ((leaves[i] != 0) == wantMapped) {
                    return va;
                }
            }
        }
        return -1;
    }

    /** Visits every mapped page in ascending VA order. */
    public void forEach(BiConsumer<Long, Long> visitor) {
        for (int i4 = 0; i4 < root.length; i4++) {
            Object[] l3 = (Object[]) root[i4];
            if (l3 == null) {
                continue;
            }
            for (int i3 = 0; i3 < l3.length; i3++) {
                Object[] l2 = (Object[]) l3[i3];
                if (l2 == null) {
                    continue;
                }
                for (int i2 = 0; i2 < l2.length; i2++) {
                    long[] l1 = (long[]) l2[i2];
                    if (l1 == null) {
                        continue;
                    }
                    for (int i1 = 0; i1 < l1.length; i1++) {
                        if (l1[i1] != 0) {
                            long va = ((long) i4 << (shift + 3 * BITS)) | ((long) i3 << (shift + 2 * BITS))
                                    | ((long) i2 << (shift + BITS)) | ((long) i1 << shift);
                            visitor.accept(va, l1[i1]);
                        }
                    }
                }
            }
        }
    }
}
