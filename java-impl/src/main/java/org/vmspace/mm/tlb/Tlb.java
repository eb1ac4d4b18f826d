package org.vmspace.mm.tlb;

import java.util.HashMap;
import java.util.Map;

/**
 * One CPU's software TLB: {@code tlb[c]}, translations {@code <<p, frame, writable>>} cached on
 * access. Guarded by the VmSpace lock.
 *
 * <p>The entries are kept in an open-addressing table keyed by the page's {@code long} (linear
 * probing, Fibonacci hashing, deletion by backward shift), not in a {@code HashMap<Long, Entry>}: a
 * lookup is on every page of every user-space copy, and page addresses (multiples of the page size)
 * hash badly in a {@code HashMap} (its bins degenerated into trees) and box a {@code Long} per lookup.
 * {@code TlbTest} holds the table to a {@code HashMap} over random fills and flushes.
 */
public final class Tlb {
    /** A cached translation. */
    public record Entry(int frame, boolean writable) {}

    private static final int MIN_BITS = 4;
    /** The keys; a slot is in use when its {@link #vals} entry is not null. */
    private long[] keys = new long[1 << MIN_BITS];
    private Entry[] vals = new Entry[1 << MIN_BITS];
    private int bits = MIN_BITS;
    private int size;

    private int slot(long page) {
        return (int) ((page * 0x9E3779B97F4A7C15L) >>> (64 - bits));
    }

    public Entry get(long page) {
        int mask = keys.length - 1;
        for (int i = slot(page); ; i = (i + 1) & mask) {
            Entry e = vals[i];
            if (e == null || keys[i] == page) {
                return e;
            }
        }
    }

    public void fill(long page, Entry e) {
        java.util.Objects.requireNonNull(e, "entry");
        int mask = keys.length - 1;
        int i = slot(page);
        while (vals[i] != null) {
            if (keys[i] == page) {
                vals[i] = e;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = page;
        vals[i] = e;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        Entry[] oldVals = vals;
        bits++;
        keys = new long[1 << bits];
        vals = new Entry[1 << bits];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldVals[i] != null) {
                fill(oldKeys[i], oldVals[i]);
            }
        }
    }

    /** Drops the entry for {@code page} (the TLB model's {@code flush(va)}). */
    public void flush(long page) {
        int mask = keys.length - 1;
        int i = slot(page);
        while (vals[i] != null && keys[i] != page) {
            i = (i + 1) & mask;
        }
        if (vals[i] == null) {
            return;
        }
        // Backward shift: move later entries of the probe run into the hole, so that a lookup, which
        // stops at the first empty slot, still finds every entry that remains.
        int hole = i;
        for (int j = (hole + 1) & mask; vals[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            // the entry at j may move to the hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                keys[hole] = keys[j];
                vals[hole] = vals[j];
                hole = j;
            }
        }
        vals[hole] = null;
        size--;
    }

    public void flushAll() {
        if (size == 0) {
            return;
        }
        keys = new long[1 << MIN_BITS];
        vals = new Entry[1 << MIN_BITS];
        bits = MIN_BITS;
        size = 0;
    }

    /** The number of cached translations. */
    public int size() {
        return size;
    }

    /** A copy of the entries, keyed by page (unordered). */
    public Map<Long, Entry> entries() {
        Map<Long, Entry> m = new HashMap<>(size * 2);
        for (int i = 0; i < keys.length; i++) {
            if (vals[i] != null) {
                m.put(keys[i], vals[i]);
            }
        }
        return m;
    }
}
