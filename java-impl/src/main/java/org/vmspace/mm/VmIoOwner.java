package org.vmspace.mm;

import com.google.common.collect.ImmutableSortedSet;
import org.vmspace.model.Vaddr;

/**
 * The owner of one user-space reader or writer: the spec's {@code owners[i]}. Its byte range is
 * {@code [start, end)} where {@code start} is the reader/writer cursor; {@code view} is the set of
 * user pages whose permission it holds (borrowed for a reader, split off for a writer): always
 * {@code RangePages} of the range at activation, so it is kept as the page interval
 * {@code [viewLo, viewHi)} (empty when equal), never as a set of pages.
 * Mutable fields are guarded by the VmSpace lock; read them through {@link VmSpace#snapshot()}.
 */
public final class VmIoOwner {
    /** {@code owners[i].kind}. */
    public enum Kind { reader, writer }

    /** {@code owners[i].state}; {@code removed} means the owner is gone from {@code owners}. */
    public enum State { created, active, disposed, removed }

    final long id;
    final Kind kind;
    final boolean isFallible = true;
    State state = State.created;
    long start;
    /** The range's end; moves only down, in a {@code Limit} of a created owner ({@link UserIo#limit}). */
    long end;
    /** The view: pages {@code [viewLo, viewHi)} (page addresses; empty when equal). */
    long viewLo;
    long viewHi;

    VmIoOwner(long id, Kind kind, long start, long end) {
        this.id = id;
        this.kind = kind;
        this.start = start;
        this.end = end;
    }

    /** The fresh id ({@code new_vm_io_id}). */
    public long id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** Always true for user-space owners ({@code from_user_space}). */
    public boolean isFallible() {
        return isFallible;
    }

    boolean viewContains(long page) {
        return viewLo <= page && page < viewHi;
    }

    boolean viewOverlaps(long lo, long hi) {
        return viewLo < hi && lo < viewHi && viewLo < viewHi && lo < hi;
    }

    /** The view as a set of pages (snapshots; its size is the number of pages). */
    ImmutableSortedSet<Long> viewPages(int pageSize) {
        ImmutableSortedSet.Builder<Long> b = ImmutableSortedSet.naturalOrder();
        for (long p = viewLo; p < viewHi; p += pageSize) {
            b.add(p);
        }
        return b.build();
    }

    /**
     * {@code RangePages(s, e)} as a page interval {@code [lo, hi)}: the user pages intersecting
     * {@code [s, e)}, empty when {@code e <= s} (unsigned) or beyond {@code maxUser}.
     */
    static long[] rangePages(long s, long e, int pageSize, long maxUser) {
        if (!Vaddr.lt(s, e)) {
            return new long[] {0, 0};
        }
        long end = Vaddr.min(e, maxUser);
        long lo = Vaddr.alignDown(s, pageSize);
        if (!Vaddr.lt(lo, end)) {
            return new long[] {0, 0};
        }
        return new long[] {lo, Vaddr.alignDown(end + pageSize - 1, pageSize)};
    }

    @Override
    public String toString() {
        return kind + "#" + id;
    }
}
