package org.vmspace.mm;

import java.util.ArrayList;
import java.util.List;
import org.vmspace.model.UFrame;

/**
 * A cursor's TLB flusher: the spec's {@code cursors[k].pending}, a list of {@code <<p, frame>>}
 * ops whose frames are kept alive until {@link #dispatchTlbFlush()} ("drop after flush").
 */
public final class TlbFlusher {
    /** One pending op; {@code holdsRef} is false only under {@link Bug#FreeBeforeFlush}. */
    record Pending(long page, int frame, boolean holdsRef) {}

    private final CursorMut cursor;
    final List<Pending> pending = new ArrayList<>();

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
     * {@code dispatch_tlb_flush}: every CPU drops its entries for the pending pages and the frames
     * return to the allocator.
     *
     * # Verified Properties
     * ## Preconditions
     * - {@code DispatchTlbFlush(k)}: {@code pending # {}}; with nothing pending this is a no-op and
     *   logs nothing (the action is not enabled, nothing is refused).
     * ## Postconditions
     * - {@code NoStaleTlbInv}: no CPU keeps a translation of a freed frame.
     *
     * @return the number of ops dispatched
     */
    public int dispatchTlbFlush() {
        return cursor.space.dispatch(cursor, true);
    }

    /** The number of pending ops. */
    public int pendingCount() {
        cursor.space.lock.lock();
        try {
            return pending.size();
        } finally {
            cursor.space.lock.unlock();
        }
    }
}
