package org.vmspace.model;

import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Range;

/** {@code RangePages(s, e)} and Guava range helpers for user addresses (all below 2^63). */
public final class PageRange {
    private PageRange() {}

    /**
     * {@code RangePages(s, e)}: the user pages intersecting {@code [s, e)}; empty when {@code e <= s}
     * (unsigned) or when the range lies beyond {@code maxUser}.
     */
    public static ImmutableSortedSet<Long> rangePages(long s, long e, int pageSize, long maxUser) {
        if (!Vaddr.lt(s, e)) {
            return ImmutableSortedSet.of();
        }
        ImmutableSortedSet.Builder<Long> b = ImmutableSortedSet.naturalOrder();
        long end = Vaddr.min(e, maxUser);
        for (long p = Vaddr.alignDown(s, pageSize); Vaddr.lt(p, end); p += pageSize) {
            b.add(p);
        }
        return b.build();
    }

    /** {@code [lo, hi)} as a Guava range (addresses below 2^63 only). */
    public static Range<Long> closedOpen(long lo, long hi) {
        return Range.closedOpen(lo, hi);
    }
}
