package org.vmspace.mm;

import java.util.HashMap;
import java.util.Map;

/**
 * One CPU's software TLB: {@code tlb[c]}, translations {@code <<p, frame, writable>>} cached on
 * access. Guarded by the VmSpace lock.
 */
final class Tlb {
    /** A cached translation. */
    record Entry(int frame, boolean writable) {}

    private final Map<Long, Entry> entries = new HashMap<>();

    Entry get(long page) {
        return entries.get(page);
    }

    void fill(long page, Entry e) {
        entries.put(page, e);
    }

    /** Drops the entry for {@code page} (the TLB model's {@code flush(va)}). */
    void flush(long page) {
        entries.remove(page);
    }

    void flushAll() {
        entries.clear();
    }

    Map<Long, Entry> entries() {
        return entries;
    }
}
