package org.vmspace.machine;

import java.util.BitSet;

/**
 * The machine's frames: the allocator (free frames), each frame's reference count (its mappings in
 * every space plus the flushers' holds: the spec's {@code RefcountInv}) and its contents (one value
 * per frame: enough to see a copy-on-write copy). Not thread-safe: {@link Machine} holds the lock.
 */
final class Frames {
    private final int[] refcount;
    private final long[] contents;
    private final BitSet free;

    Frames(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("frames must be at least 1, got " + n);
        }
        refcount = new int[n];
        contents = new long[n];
        free = new BitSet(n);
        free.set(0, n);
    }

    int count() {
        return refcount.length;
    }

    /** A free frame with count 1, or -1 when the allocator has none. */
    int alloc() {
        int f = free.nextSetBit(0);
        if (f < 0) {
            return -1;
        }
        free.clear(f);
        refcount[f] = 1;
        contents[f] = 0;
        return f;
    }

    void get(int f) {
        refcount[f]++;
    }

    /** Drops one reference; returns the count left. */
    int put(int f) {
        if (refcount[f] <= 0) {
            throw new IllegalStateException("frame " + f + " has no reference to drop");
        }
        return --refcount[f];
    }

    void release(int f) {
        free.set(f);
    }

    boolean isFree(int f) {
        return free.get(f);
    }

    int refcount(int f) {
        return refcount[f];
    }

    long read(int f) {
        return contents[f];
    }

    void write(int f, long v) {
        contents[f] = v;
    }
}
