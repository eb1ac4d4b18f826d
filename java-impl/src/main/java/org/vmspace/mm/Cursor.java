package org.vmspace.mm;

import java.util.Optional;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.VmException;
import org.vmspace.model.Vaddr;

/**
 * A read-only cursor ({@code VmSpace::cursor}). Not part of the protocol: it takes no range lock
 * (the protocol's {@code CursorExclusionInv} concerns {@code CursorMut}s), changes nothing that is
 * traced, and logs nothing. Its position is local.
 */
public final class Cursor {
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
        return space.queryAt(va);
    }

    /** {@code find_next(len)}: moves to the first mapped page in {@code [va, va + len)}. */
    public Optional<Long> findNext(long len) {
        if (!Vaddr.isAligned(len, space.pageSize()) || Vaddr.addOverflows(va, len) || Vaddr.lt(hi, va + len)) {
            throw new VmException(ErrorKind.Panic, "find_next length " + Long.toUnsignedString(len) + " out of range");
        }
        Optional<Long> p = space.firstMapped(va, va + len);
        p.ifPresent(x -> va = x);
        return p;
    }

    /** {@code jump(va)}. */
    public void jump(long v) {
        if (!Vaddr.isAligned(v, space.pageSize()) || Vaddr.lt(v, lo) || !Vaddr.lt(v, hi)) {
            throw new VmException(ErrorKind.AccessDenied, "jump target " + Vaddr.hex(v) + " outside the range");
        }
        va = v;
    }
}
