package org.vmspace.mm;

import java.util.Optional;
import org.vmspace.model.PageProperty;
import org.vmspace.model.UFrame;

/**
 * A mutable page-table cursor over the locked range {@code [lo, hi)}: the spec's {@code cursors[k]}.
 * While it lives, no other {@code CursorMut} over an overlapping range exists
 * ({@code CursorExclusionInv}). Use it from one thread; {@link #close()} dispatches pending flushes
 * and releases the range lock.
 */
public final class CursorMut implements AutoCloseable {
    final VmSpace space;
    final long id;
    final long lo;
    final long hi;
    long va;
    boolean live = true;
    final TlbFlusher flusher;

    CursorMut(VmSpace space, long id, long lo, long hi) {
        this.space = space;
        this.id = id;
        this.lo = lo;
        this.hi = hi;
        this.va = lo;
        this.flusher = new TlbFlusher(this);
    }

    /** The trace's {@code cursor} id. */
    public long id() {
        return id;
    }

    /** The locked range's start. */
    public long lo() {
        return lo;
    }

    /** The locked range's end (exclusive). */
    public long hi() {
        return hi;
    }

    /** {@code virt_addr}: the current slot. */
    public long virtAddr() {
        space.lock.lock();
        try {
            return va;
        } finally {
            space.lock.unlock();
        }
    }

    /** {@code flusher}: the dedicated TLB flusher. */
    public TlbFlusher flusher() {
        return flusher;
    }

    /** {@code query}: the current slot and its mapping; not a protocol action (logs nothing). */
    public QueryResult query() {
        return space.cursors.query(this);
    }

    /**
     * {@code find_next(len)}: action {@code FindNext(k, len)}. If a page in {@code [va, va + len)} is
     * mapped, moves to the first one and returns it; otherwise returns empty and moves to
     * {@code va + len} (the seed: "the cursor may stop at any address after {@code len} bytes"; the first
     * such address, as the read-only {@link Cursor}). Refused {@code Panic} when {@code len} is not
     * page-aligned or {@code va + len} is past the range. Logged as one {@code FindNext} event.
     */
    public Optional<Long> findNext(long len) {
        return space.cursors.findNext(this, len);
    }

    /** {@code jump(va)}: action {@code Jump(k, v)}. */
    public void jump(long v) {
        space.cursors.jump(this, v);
    }

    /**
     * {@code map(frame, prop)}: action {@code Map(k, f, prop)}, followed by {@code DispatchTlbFlush}
     * when a mapping was replaced (as the seed does).
     *
     * @return the replaced frame, if any
     */
    public Optional<UFrame> map(UFrame frame, PageProperty prop) {
        Optional<UFrame> replaced = space.cursors.map(this, frame, prop);
        if (replaced.isPresent()) {
            space.cursors.dispatch(this, false);
        }
        return replaced;
    }

    /**
     * {@code map(frame, prop)} without the trailing dispatch: a replaced frame stays pending until
     * {@code flusher().dispatchTlbFlush()} or {@link #close()} (the spec's {@code Map} step alone, as
     * {@link #unmapDeferred} is its {@code Unmap}; model-based testing drives the steps one by one).
     *
     * @return the replaced frame, if any
     */
    public Optional<UFrame> mapDeferred(UFrame frame, PageProperty prop) {
        return space.cursors.map(this, frame, prop);
    }

    /** Maps the lowest free frame (see {@link #map}); refused {@code InvalidArgs} when none is free. */
    public UFrame mapAny(PageProperty prop) {
        UFrame f = space.lowestFreeFrame().orElse(null);
        map(f, prop);
        return f;
    }

    /**
     * {@code unmap(len)}: action {@code Unmap(k, len)}, followed by {@code DispatchTlbFlush} when a
     * flush is pending (as the seed does).
     *
     * @return the number of pages unmapped
     */
    public long unmap(long len) {
        long n = space.cursors.unmap(this, len);
        space.cursors.dispatch(this, false);
        return n;
    }

    /**
     * {@code unmap(len)} without the trailing dispatch: the pending flushes stay until
     * {@code flusher().dispatchTlbFlush()} or {@link #close()}, so other CPUs may keep using stale
     * entries in between (a Java extension that exercises that window of the protocol).
     */
    public long unmapDeferred(long len) {
        return space.cursors.unmap(this, len);
    }

    /**
     * {@code protect_next(len, op)}: the first mapped page in {@code [va, va + len)} gets the property
     * {@code op(old)}, {@code old} being its current property ({@code op} runs once, and not at all when
     * nothing is mapped); the cursor moves past it, or to {@code va + len} when none. Action
     * {@code ProtectNext(k, len, prop)} with {@code prop = op(old)}'s protocol name. No TLB flush: use
     * {@link #flusher()} (the seed: "it will NOT flush the TLB").
     *
     * @return the protected page, if any (the seed returns its range {@code [p, p + PAGE_SIZE)})
     */
    public Optional<Long> protectNext(long len, java.util.function.UnaryOperator<PageProperty> op) {
        return space.cursors.protectNext(this, len, op, null);
    }

    /** {@code protect_next(len, |_| prop)}: {@link #protectNext(long, java.util.function.UnaryOperator)} with a constant. */
    public Optional<Long> protectNext(long len, PageProperty prop) {
        java.util.Objects.requireNonNull(prop, "prop");
        return space.cursors.protectNext(this, len, old -> prop, prop);
    }

    /** {@code DropCursor(k)}, after dispatching pending flushes. Idempotent. */
    @Override
    public void close() {
        space.cursors.dropCursor(this);
    }

    @Override
    public String toString() {
        return "CursorMut#" + id;
    }
}
