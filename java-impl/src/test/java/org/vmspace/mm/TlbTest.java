package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmspace.mm.tlb.Tlb;
import org.vmspace.mm.tlb.TlbFlushOp;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.PageProperty;

/**
 * {@link Tlb}'s open-addressing table (the per-page translation lookup of every user-space copy) against
 * a {@code HashMap}, and a space whose TLB holds many entries: a flushed translation is never used
 * again. Hand-applied mutants of {@code Tlb} (each run against this class, 2026-12-07): {@code flush}
 * emptying the slot without the backward shift (entries after the hole are lost), the shift's
 * {@code stays} condition negated, {@code flushAll} a no-op: each killed by the first test (in a space
 * the first is invisible in the bytes: a lost entry is walked again from the page table); {@code flush}
 * a no-op (a stale translation): killed by both, the second test's write after unmap/protect and the
 * flush succeeding instead of faulting.
 */
class TlbTest {
    @Test
    void theTableIsTheMapOverRandomFillsAndFlushes() {
        Random rnd = new Random(14);
        for (int round = 0; round < 20; round++) {
            Tlb tlb = new Tlb();
            Map<Long, Tlb.Entry> ref = new HashMap<>();
            // page addresses with few distinct low bits, and some far apart: long probe runs that wrap
            long[] keys = new long[300];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = i < 200 ? 0x1000_0000L + (long) i * 4096 : ((long) rnd.nextInt(1 << 20) << 12);
            }
            for (int step = 0; step < 3000; step++) {
                long k = keys[rnd.nextInt(keys.length)];
                int what = rnd.nextInt(100);
                if (what < 55) {
                    Tlb.Entry e = new Tlb.Entry(rnd.nextInt(64), rnd.nextBoolean());
                    tlb.fill(k, e);
                    ref.put(k, e);
                } else if (what < 99) {
                    tlb.flush(k);
                    ref.remove(k);
                } else {
                    tlb.flushAll();
                    ref.clear();
                }
                if (step % 50 == 0 || what >= 55) {
                    for (long q : keys) {
                        assertEquals(ref.get(q), tlb.get(q), "page " + Long.toHexString(q) + " at step " + step);
                    }
                    assertEquals(ref, tlb.entries());
                    assertEquals(ref.size(), tlb.size());
                }
            }
        }
    }

    @Test
    void aFlushedTranslationIsNeverUsedAgain() {
        int n = 96;
        VmSpace space = VmSpace.builder().cpus(1).frames(n).windowPages(n).build();
        space.activate(0);
        int ps = space.pageSize();
        long base = space.windowBase();
        try (CursorMut c = space.cursorMut(base, base + (long) n * ps)) {
            for (int i = 0; i < n; i++) {
                c.mapAny(PageProperty.RW);
            }
        }
        List<VmWriter<Fallible>> ws = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            VmWriter<Fallible> w = space.writer(0, base + (long) i * ps, ps);
            space.owner().activateWriter(w);
            assertEquals(8, w.writeFallible(VmReader.fromSlice(new byte[8]))); // caches the writable entry
            ws.add(w);
        }
        assertEquals(n, space.snapshot().tlb().get(0).size());
        for (int i = 0; i < n; i++) {
            long p = base + (long) i * ps;
            try (CursorMut c = space.cursorMut(p, p + ps)) {
                if (i % 3 == 0) {
                    c.unmap(ps); // dispatches the flush
                } else if (i % 3 == 1) {
                    c.protectNext(ps, PageProperty.READ_ONLY);
                    c.flusher().issueTlbFlush(TlbFlushOp.address(p));
                    c.flusher().dispatchTlbFlush();
                }
            }
        }
        for (int i = 0; i < n; i++) {
            VmWriter<Fallible> w = ws.get(i);
            if (i % 3 == 2) {
                assertEquals(8, w.writeFallible(VmReader.fromSlice(new byte[8])), "page " + i + " is still mapped RW");
            } else {
                int page = i;
                PageFaultException e = assertThrows(PageFaultException.class,
                        () -> w.write(VmReader.fromSlice(new byte[8])), "page " + page + " was flushed");
                assertEquals(0, e.copied());
            }
        }
        assertEquals(List.of(), Invariants.violations(space.snapshot()));
    }
}
