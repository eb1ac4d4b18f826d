package org.vmspace.mm;

import java.util.ArrayList;
import java.util.List;
import org.vmspace.mm.tlb.TlbFlushOp;
import org.vmspace.model.UFrame;

/**
 * A cursor's TLB flusher: the spec's {@code cursors[k].pending}, a list of {@code <<p, frame>>}
 * ops whose frames are kept alive until {@link #dispatchTlbFlush()} ("drop after flush"), and
 * {@code cursors[k].flushes}, the frameless ops ({@code All} and ranges) issued by
 * {@link #issueTlbFlush(TlbFlushOp)}: they drop translations and return no frame.
 */
public final class TlbFlusher {
    /** One pending op; {@code holdsRef} is false only under {@link Bug#FreeBeforeFlush}. */
    record Pending(long page, int frame, boolean holdsRef) {}

    /** One frameless op: the pages {@code [lo, hi)} ({@code all}: every page; lo 0, hi MAX_USERSPACE_VADDR). */
    record Flush(long lo, long hi, boolean all) {}

    private final CursorMut cursor;
    final List<Pending> pending = new ArrayList<>();
    final List<Flush> flushes = new ArrayList<>();

    TlbFlusher(CursorMut cursor) {
        this.cursor = cursor;
    }

    /**
     * {@code issue_tlb_flush_with(op, frame)}: queues the flush and keeps {@code frame} alive. Package
     * private: only {@code map} and {@code unmap} issue flushes in the protocol, and they do it inside
     * their own action. Call with the VmSpace lock held.
     */
    void issueTlbFlushWith(TlbFlushOp op, UFrame frame, boolean holdsRef) {
        pending.add(new Pending(op.va(), frame.index(), holdsRef));
    }

    /**
     * {@code issue_tlb_flush(op)}: action {@code IssueTlbFlush(k, lo, hi)}. Queues a frameless flush: the
     * next dispatch drops every CPU's translations of the op's pages ({@code All}: of every page;
     * {@code Address(va)}: of the page {@code [va, va + PAGE_SIZE)}; {@code Range(r)}: of every page of
     * {@code r}). No frame is kept or freed. Refused {@code InvalidArgs} when the address or range is not
     * page-aligned, empty, or beyond user space; {@code InvalidState} on a dropped cursor. Use it after
     * {@code protect_next}, which does not flush.
     */
    public void issueTlbFlush(TlbFlushOp op) {
        cursor.space.cursors.issueTlbFlush(cursor, op);
    }

    /**
     * {@code dispatch_tlb_flush}: every CPU drops its entries for the pending pages (those of the frame
     * ops and those the frameless ops cover) and the frames return to the allocator.
     *
     * # Verified Properties
     * ## Preconditions
     * - {@code DispatchTlbFlush(k)}: {@code pending # {} \/ flushes # {}}; with nothing pending this is a no-op and
     *   logs nothing (the action is not enabled, nothing is refused).
     * ## Postconditions
     * - {@code NoStaleTlbInv}: no CPU keeps a translation of a freed frame.
     *
     * @return the number of ops dispatched
     */
    public int dispatchTlbFlush() {
        return cursor.space.cursors.dispatch(cursor, true);
    }

    /** The number of pending ops (with a frame, and frameless). */
    public int pendingCount() {
        cursor.space.lock.lock();
        try {
            return pending.size() + flushes.size();
        } finally {
            cursor.space.lock.unlock();
        }
    }
}
