package org.vmspace.mm.frame;

import java.util.BitSet;
import org.vmspace.model.UFrame;

/**
 * Physical memory and its allocator: {@code frames} frames of {@code pageSize} real bytes, each
 * with a reference count. A frame is in the spec's {@code free} exactly when nothing reaches it: no
 * page-table entry and no pending TLB flush ("drop after flush"). Guarded by the VmSpace lock.
 */
public final class FrameAllocator {
    private final int pageSize;
    private final byte[][] memory;
    private final int[] refs;
    private final BitSet free;

    public FrameAllocator(int frames, int pageSize) {
        this.pageSize = pageSize;
        this.memory = new byte[frames][pageSize];
        this.refs = new int[frames];
        this.free = new BitSet(frames);
        free.set(0, frames);
    }

    public int frames() {
        return memory.length;
    }

    public int pageSize() {
        return pageSize;
    }

    public boolean isFree(int f) {
        return free.get(f);
    }

    public int freeCount() {
        return free.cardinality();
    }

    public BitSet freeSet() {
        return (BitSet) free.clone();
    }

    /** The lowest free frame, or -1. */
    public int lowestFree() {
        return free.nextSetBit(0);
    }

    /** {@code free := free \ {f}} with one reference (the mapping). Requires {@code f} free. */
    public void take(int f) {
        free.clear(f);
        refs[f] = 1;
    }

    /** Drops one reference; the frame returns to {@code free} when none is left. */
    public void unref(int f) {
        if (refs[f] > 0 && --refs[f] == 0) {
            free.set(f);
        }
    }

    /**
     * The number of free frames after one {@link #unref} per element of {@code fs} (a frame may occur
     * several times), without changing anything: what a step will report before it is applied.
     */
    public int freeCountAfterUnref(int[] fs, int n) {
        java.util.HashMap<Integer, Integer> drops = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            drops.merge(fs[i], 1, Integer::sum);
        }
        int free = freeCount();
        for (java.util.Map.Entry<Integer, Integer> e : drops.entrySet()) {
            int f = e.getKey();
            if (refs[f] > 0 && refs[f] <= e.getValue()) {
                free++;
            }
        }
        return free;
    }

    public byte[] bytes(int f) {
        return memory[f];
    }

    public UFrame frame(int f) {
        return UFrame.of(f, pageSize);
    }
}
