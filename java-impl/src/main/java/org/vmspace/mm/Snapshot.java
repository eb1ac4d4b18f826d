package org.vmspace.mm;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;

/**
 * A consistent immutable copy of the protocol state, in the spec's terms (frames as physical
 * addresses). {@code memViewTaken} is {@code mv_range \ mem_view}: the pages split off to writers.
 */
public record Snapshot(
        int pageSize,
        long maxUserspaceVaddr,
        int frameCount,
        boolean sharedReader,
        ImmutableSortedSet<Integer> current,
        ImmutableSortedMap<Long, Leaf> pt,
        ImmutableSortedSet<Long> free,
        ImmutableList<ImmutableSortedMap<Long, TlbEntry>> tlb,
        ImmutableSortedMap<Long, CursorState> cursors,
        ImmutableSortedMap<Long, OwnerState> owners,
        ImmutableSortedSet<Long> memViewTaken,
        LastAccess lastAccess) {

    /** {@code pt[p] = [frame, prop]}. */
    public record Leaf(long frame, String prop) {}

    /** {@code <<p, frame, writable>>} in {@code tlb[c]} (keyed by {@code p}). */
    public record TlbEntry(long frame, boolean writable) {}

    /** {@code <<p, frame>>} in a cursor's {@code pending}. */
    public record PendingOp(long page, long frame) {}

    /** {@code <<lo, hi>>} in a cursor's {@code flushes}: a frameless flush op ({@code all}: every page). */
    public record FlushRange(long lo, long hi, boolean all) {}

    /** {@code cursors[k]}. */
    public record CursorState(long id, long lo, long hi, long va, ImmutableList<PendingOp> pending,
                              ImmutableList<FlushRange> flushes) {
        /** A cursor with no frameless flush op pending. */
        public CursorState(long id, long lo, long hi, long va, ImmutableList<PendingOp> pending) {
            this(id, lo, hi, va, pending, ImmutableList.of());
        }
    }

    /** {@code owners[i]}. */
    public record OwnerState(long id, VmIoOwner.Kind kind, VmIoOwner.State state, long start, long end,
                             ImmutableSortedSet<Long> view, boolean isFallible) {}

    /**
     * The last I/O step: the pages it touched with their frames, whether every page was in the owner's
     * view and whether every frame was not free at the time ({@code AccessSafeInv}).
     */
    public record LastAccess(long ownerId, ImmutableSortedMap<Long, Long> touched, boolean pagesInView,
                             boolean framesLive) {
        /**
         * No I/O yet. A factory, not a static field: a static field of a record class has no
         * {@code Unsafe} offset, which Lincheck's model checker needs for every static field it tracks
         * (InterleavingTest).
         */
        public static LastAccess none() {
            return new LastAccess(0, ImmutableSortedMap.of(), true, true);
        }
    }

    /** Whether page {@code p} is in {@code mem_view}. */
    public boolean inMemView(long p) {
        return p >= 0 && p < maxUserspaceVaddr && p % pageSize == 0 && !memViewTaken.contains(p);
    }
}
