package org.vmspace.mm;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.VmException;
import org.vmspace.model.Vaddr;

/**
 * A read-only cursor ({@code VmSpace::cursor}). Not part of the protocol: it takes no range lock
 * (the protocol's {@code CursorExclusionInv} concerns {@code CursorMut}s), changes nothing that is
 * traced, and logs nothing. Its position is local.
 *
 * <p>It is an {@link Iterator} over the mapped items from its position to the end of its range
 * (upstream's {@code impl Iterator for Cursor}, skipping the unmapped slots): {@link #next()} returns
 * the next mapped page's {@link QueryResult} (its item present) and moves past that page. It reads the
 * page table at each call, so under concurrent cursors it sees each page as it is then.
 */
public final class Cursor implements Iterator<QueryResult> {
    private final VmSpace space;
    private final long lo;
    private final long hi;
    private long va;

    Cursor(VmSpace space, long lo, long hi) {
        this.space = space;
        this.lo = lo;
        this.hi = hi;
        this.va = lo;
    }

    /** {@code virt_addr}. */
    public long virtAddr() {
        return va;
    }

    /** {@code query}: the current slot and its mapping. */
    public QueryResult query() {
        if (!Vaddr.lt(va, hi)) {
            throw new VmException(ErrorKind.AccessDenied, "query past the end of the range");
        }
        return space.cursors.queryAt(va);
    }

    /**
     * {@code find_next(len)}: if a page in {@code [va, va + len)} is mapped, moves to the first one and
     * returns it; otherwise returns empty and moves to {@code va + len} (the seed: "the cursor may stop at
     * any address after {@code len} bytes"; Java stops at the first one). Refused {@code Panic} when
     * {@code len} is not page-aligned or {@code va + len} is past the range.
     */
    public Optional<Long> findNext(long len) {
        if (!Vaddr.isAligned(len, space.pageSize()) || Vaddr.addOverflows(va, len) || Vaddr.lt(hi, va + len)) {
            throw new VmException(ErrorKind.Panic, "find_next length " + Long.toUnsignedString(len) + " out of range");
        }
        Optional<Long> p = space.cursors.firstMapped(va, va + len);
        va = p.orElse(va + len);
        return p;
    }

    /** Whether a mapped page lies in {@code [va, hi)}. */
    @Override
    public boolean hasNext() {
        return space.cursors.firstMapped(va, hi).isPresent();
    }

    /**
     * The next mapped item: the first mapped page {@code p} in {@code [va, hi)} with its frame and
     * property; the cursor moves to {@code p + PAGE_SIZE}.
     *
     * @throws NoSuchElementException when no page of {@code [va, hi)} is mapped
     */
    @Override
    public QueryResult next() {
        while (true) {
            Optional<Long> p = space.cursors.firstMapped(va, hi);
            if (p.isEmpty()) {
                throw new NoSuchElementException("no mapped page in [" + Vaddr.hex(va) + ", " + Vaddr.hex(hi) + ")");
            }
            QueryResult q = space.cursors.queryAt(p.get());
            va = p.get() + space.pageSize();
            if (q.item().isPresent()) { // else unmapped in between: look further
                return q;
            }
        }
    }

    /** {@code jump(va)}. */
    public void jump(long v) {
        if (!Vaddr.isAligned(v, space.pageSize()) || Vaddr.lt(v, lo) || !Vaddr.lt(v, hi)) {
            throw new VmException(ErrorKind.AccessDenied, "jump target " + Vaddr.hex(v) + " outside the range");
        }
        va = v;
    }
}
