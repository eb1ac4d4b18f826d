package org.vmspace.workload;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.vmspace.mm.CursorMut;
import org.vmspace.mm.VmSpace;
import org.vmspace.mm.tlb.TlbFlushOp;
import org.vmspace.model.UFrame;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;

/**
 * An actor's cursor (at most one at a time) and the page-table requests through it: {@code CursorMut},
 * {@code Map}, {@code Unmap}, {@code ProtectNext}, {@code Jump}, {@code FindNext}, {@code Query}, TLB
 * flushes (frameless ones with {@code --flush-ops}), {@code DropCursor}, and the refusals a live cursor
 * draws (Busy, panics).
 */
final class CursorOps {
    private final VmSpace space;
    private final Draws d;
    private final Random rnd;
    private final int ps;
    private final long top;
    private final boolean concurrent;
    /** --flush-ops: issue frameless flushes before explicit dispatches (draws from rnd only then). */
    private final boolean flushOps;
    private CursorMut cursor;
    private int cursorOps;
    /** The last cursor this actor dropped (for requests on a dropped cursor: InvalidState). */
    private CursorMut dropped;

    CursorOps(VmSpace space, Draws d, boolean concurrent, boolean flushOps) {
        this.space = space;
        this.d = d;
        this.rnd = d.rnd;
        this.ps = d.ps;
        this.top = d.top;
        this.concurrent = concurrent;
        this.flushOps = flushOps;
    }

    /** The last cursor this actor dropped, or null. */
    CursorMut dropped() {
        return dropped;
    }

    /** Drops the live cursor, if any, on every exit path: other actors may wait for its range. */
    void closeOnExit() {
        if (cursor != null) { // on every path: other actors may wait for this range
            CursorMut c = cursor;
            cursor = null;
            try {
                c.close();
            } catch (RuntimeException e) {
                // the space failed; the range lock is gone with it (waiters were woken)
            }
        }
    }

    /** One to three frameless flush ops: All, Address or Range, inside the window; now and then a refused one. */
    private void issueFlushes(CursorMut c) {
        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
            long lo = d.page();
            long hi = lo + (1 + rnd.nextInt((int) Math.min((top - lo) / ps, 8))) * (long) ps;
            int w = rnd.nextInt(20);
            try {
                c.flusher().issueTlbFlush(w < 2 ? TlbFlushOp.all() : w < 8 ? TlbFlushOp.address(lo)
                        : w < 19 ? TlbFlushOp.range(lo, hi) : TlbFlushOp.range(hi, lo)); // the last: InvalidArgs
            } catch (VmException e) {
                // a refused range: logged, nothing changed
            }
        }
    }

    private void openCursor() {
        long lo = d.page();
        long maxPages = (top - lo) / ps;
        long hi = lo + (1 + rnd.nextInt((int) Math.min(maxPages, 16))) * (long) ps;
        cursor = concurrent && rnd.nextBoolean()
                ? space.cursorMut(lo, hi, Duration.ofMillis(1 + rnd.nextInt(5)))
                : space.cursorMut(lo, hi);
        cursorOps = 2 + rnd.nextInt(12);
    }

    void cursorStep() {
        if (cursor == null) {
            openCursor();
            return;
        }
        if (--cursorOps <= 0) {
            CursorMut c = cursor;
            cursor = null;
            dropped = c;
            c.close();
            return;
        }
        CursorMut c = cursor;
        long va = c.virtAddr();
        long left = c.hi() - va;
        int r = rnd.nextInt(100);
        if (r < 40) {
            if (!Vaddr.lt(va, c.hi()) && rnd.nextInt(4) != 0) { // else: Map past the end panics
                c.jump(c.lo() + (long) rnd.nextInt((int) ((c.hi() - c.lo()) / ps)) * ps);
            }
            List<UFrame> free = space.freeFrames();
            if (rnd.nextInt(30) == 0) { // a frame that is probably in use: InvalidArgs
                c.map(space.frame(rnd.nextInt(space.frameCount())), d.prop());
            } else if (rnd.nextInt(20) == 0 || free.isEmpty()) {
                c.mapAny(d.prop());
            } else {
                c.map(free.get(rnd.nextInt(free.size())), d.prop());
            }
        } else if (r < 50) {
            c.unmap(Math.min(left, (long) (rnd.nextInt(3) == 0 ? 2 : 1) * ps));
        } else if (r < 54) {
            c.unmapDeferred(Math.min(left, ps));
        } else if (r < 62) {
            c.protectNext(d.lenUpTo(left), d.prop());
        } else if (r < 74) {
            c.jump(c.lo() + (long) rnd.nextInt((int) ((c.hi() - c.lo()) / ps)) * ps);
        } else if (r < 78) {
            c.findNext(d.lenUpTo(left));
        } else if (r < 80) {
            if (Vaddr.lt(va, c.hi())) {
                c.query();
            }
        } else if (r < 86) {
            if (flushOps) {
                issueFlushes(c);
            }
            c.flusher().dispatchTlbFlush();
        } else if (r < 90) { // Busy: the timed variant over the own locked range
            space.cursorMut(c.lo(), c.lo() + ps, Duration.ZERO).close();
        } else if (r < 94) { // panics: unaligned or too long
            if (flushOps) { // the newer cursor calls' refusals too (no draw from rnd: see deadCursor)
                try {
                    c.findNext(left + ps);
                } catch (VmException e) {
                    // Panic: past the cursor's range; logged, nothing changed
                }
            }
            c.unmap(rnd.nextBoolean() ? ps / 2 : left + ps);
        } else if (r < 97) {
            c.jump(rnd.nextBoolean() ? c.hi() : c.lo() + 1);
        } else {
            c.protectNext(left + ps, d.prop());
        }
    }
}
