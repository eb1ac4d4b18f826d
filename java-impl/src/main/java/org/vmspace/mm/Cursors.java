package org.vmspace.mm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Objects;
import org.vmspace.mm.pagetable.PageTable;
import org.vmspace.mm.tlb.TlbFlushOp;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageProperty;
import org.vmspace.model.UFrame;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceException;
import org.vmspace.trace.TraceOp;

/**
 * The live {@link CursorMut}s of one {@link VmSpace} (their range locks) and the page-table actions taken
 * through them: {@code CursorMut}, {@code FindNext}, {@code Jump}, {@code Map}, {@code Unmap},
 * {@code ProtectNext}, {@code IssueTlbFlush}, {@code DispatchTlbFlush} (the TLB shootdown) and
 * {@code DropCursor} (upstream OSTD's {@code page_table::cursor} with {@code tlb::TlbFlusher}). Every action
 * runs under the space's lock, guard then log then change, like the space's own (see {@link VmSpace}).
 */
final class Cursors {
    private final VmSpace space;
    /** The live cursors by id. Guarded by the space's lock. */
    private final TreeMap<Long, CursorMut> cursors = new TreeMap<>();
    private long nextCursorId = 1;
    /** {@link Bug#LateShootdown}: TLB drops {@code <<cpu, page>>} logged but not landed yet. Guarded by the space's lock. */
    private final List<long[]> lateShootdown = new ArrayList<>();

    Cursors(VmSpace space) {
        this.space = space;
    }

    /** The live cursors in id order; call with the space's lock held. */
    Iterable<CursorMut> live() {
        return cursors.values();
    }

    CursorMut open(long lo, long hi, long timeoutNanos) {
        space.enter();
        try {
            if (!Vaddr.lt(lo, hi) || !Vaddr.isAligned(lo, space.pageSize) || !Vaddr.isAligned(hi, space.pageSize)
                    || Vaddr.lt(space.maxUser, hi)) {
                throw refuseCursor(lo, hi, ErrorKind.AccessDenied,
                        "bad range [" + Vaddr.hex(lo) + ", " + Vaddr.hex(hi) + ")");
            }
            long nanos = timeoutNanos;
            while (space.failure == null && !space.closed && !space.bug(Bug.NoCursorLock) && overlapsLiveCursor(lo, hi)) {
                try {
                    if (timeoutNanos < 0) {
                        space.cursorDropped.await();
                    } else {
                        if (nanos <= 0) {
                            throw refuseCursor(lo, hi, ErrorKind.Busy, "range [" + Vaddr.hex(lo) + ", "
                                    + Vaddr.hex(hi) + ") is locked by a live cursor");
                        }
                        nanos = space.cursorDropped.awaitNanos(nanos);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw refuseCursor(lo, hi, ErrorKind.Busy, "interrupted while waiting for the range space.lock");
                }
            }
            if (space.failure != null) { // the sink failed while this thread waited
                throw new TraceException(space.failure.getMessage(), space.failure);
            }
            if (space.closed) {
                throw new IllegalStateException("this VmSpace is space.closed");
            }
            if (space.tracing()) {
                space.emit(TraceEvent.of(TraceOp.CursorMut).arg("cursor", nextCursorId).arg("lo", Vaddr.hex(lo))
                        .arg("hi", Vaddr.hex(hi)));
            }
            CursorMut c = new CursorMut(space, nextCursorId++, lo, hi);
            cursors.put(c.id, c);
            return c;
        } finally {
            space.lock.unlock();
        }
    }

    private boolean overlapsLiveCursor(long lo, long hi) {
        for (CursorMut c : cursors.values()) {
            if (Vaddr.overlaps(c.lo, c.hi, lo, hi)) {
                return true;
            }
        }
        return false;
    }

    private VmException refuseCursor(long lo, long hi, ErrorKind kind, String msg) {
        if (space.tracing()) {
            space.emit(TraceEvent.of(TraceOp.CursorMut).arg("cursor", null).arg("lo", Vaddr.hex(lo))
                    .arg("hi", Vaddr.hex(hi)).refused(kind));
        }
        return new VmException(kind, "CursorMut: " + msg);
    }

    private VmException refuseDead(TraceEvent e, CursorMut c) {
        if (space.tracing()) {
            space.emit(e.refused(ErrorKind.InvalidState));
        }
        return new VmException(ErrorKind.InvalidState, c + " was dropped");
    }

    QueryResult queryAt(long va) {
        space.enter();
        try {
            long leaf = space.pt.get(va);
            Optional<MappedItem> item = leaf == 0 ? Optional.empty()
                    : Optional.of(new MappedItem(space.frames.frame(PageTable.frameOf(leaf)),
                            PageTable.propOf(leaf)));
            return new QueryResult(va, va + space.pageSize, item);
        } finally {
            space.lock.unlock();
        }
    }

    Optional<Long> firstMapped(long from, long to) {
        space.enter();
        try {
            long p = Vaddr.lt(from, to) && Vaddr.lt(from, space.maxUser) ? space.pt.nextMapped(from, Vaddr.min(to, space.maxUser)) : -1;
            return p < 0 ? Optional.empty() : Optional.of(p);
        } finally {
            space.lock.unlock();
        }
    }

    QueryResult query(CursorMut c) {
        space.enter();
        try {
            if (!c.live) {
                throw new VmException(ErrorKind.InvalidState, c + " was dropped");
            }
            if (!Vaddr.lt(c.va, c.hi)) {
                throw new VmException(ErrorKind.AccessDenied, "query at " + Vaddr.hex(c.va) + ", past the range");
            }
            return queryAt(c.va);
        } finally {
            space.lock.unlock();
        }
    }

    /*
     * FindNext(k, len) == len % PAGE_SIZE = 0 /\ va + len <= hi          \* else Panic
     *   /\ va' = IF some page of [va, va + len) is mapped THEN the first ELSE va + len
     */
    Optional<Long> findNext(CursorMut c, long len) {
        space.enter();
        try {
            TraceEvent e = space.tracing() ? TraceEvent.of(TraceOp.FindNext).arg("cursor", c.id)
                    .arg("len", Long.toUnsignedString(len)) : null;
            if (!c.live) {
                throw refuseDead(e, c);
            }
            if (!Vaddr.isAligned(len, space.pageSize) || Vaddr.addOverflows(c.va, len) || Vaddr.lt(c.hi, c.va + len)) {
                if (e != null) {
                    space.emit(e.refused(ErrorKind.Panic));
                }
                throw new VmException(ErrorKind.Panic, "find_next length " + Long.toUnsignedString(len) + " out of range");
            }
            Optional<Long> p = firstMapped(c.va, c.va + len);
            // a miss leaves the cursor len bytes on (the seed: "may stop at any address after len bytes")
            long after = p.orElse(c.va + len);
            if (e != null) {
                space.emit(e.post("va", Vaddr.hex(after)).post("found", p.map(Vaddr::hex).orElse(null)));
            }
            c.va = after;
            return p;
        } finally {
            space.lock.unlock();
        }
    }

    /*
     * Jump(k, v) == v page-aligned /\ lo <= v < hi /\ cursors' = [cursors EXCEPT ![k].va = v]
     */
    void jump(CursorMut c, long v) {
        space.enter();
        try {
            TraceEvent e = space.tracing() ? TraceEvent.of(TraceOp.Jump).arg("cursor", c.id).arg("va", Vaddr.hex(v)) : null;
            if (!c.live) {
                throw refuseDead(e, c);
            }
            if (!Vaddr.isAligned(v, space.pageSize) || Vaddr.lt(v, c.lo) || !Vaddr.lt(v, c.hi)) {
                if (e != null) {
                    space.emit(e.refused(ErrorKind.AccessDenied));
                }
                throw new VmException(ErrorKind.AccessDenied, "Jump: " + Vaddr.hex(v) + " outside ["
                        + Vaddr.hex(c.lo) + ", " + Vaddr.hex(c.hi) + ") or unaligned");
            }
            if (e != null) {
                space.emit(e);
            }
            c.va = v;
        } finally {
            space.lock.unlock();
        }
    }

    /*
     * Map(k, f, prop) ==
     *   /\ va < hi /\ f \in free
     *   /\ space.pt' = [space.pt EXCEPT ![va] = <<f, prop>>] /\ free' = free \ {f}
     *   /\ pending' = pending \cup (IF space.pt[va] = <<g, _>> THEN {<<va, g>>} ELSE {})
     *   /\ va' = va + PAGE_SIZE
     */
    Optional<UFrame> map(CursorMut c, UFrame f, PageProperty prop) {
        Objects.requireNonNull(prop, "prop");
        space.enter();
        try {
            TraceEvent e = space.tracing() ? TraceEvent.of(TraceOp.Map).arg("cursor", c.id)
                    .arg("frame", f == null ? null : Vaddr.hex(f.paddr())).arg("prop", prop.protocolName()) : null;
            if (!c.live) {
                throw refuseDead(e, c);
            }
            if (!Vaddr.lt(c.va, c.hi)) {
                if (e != null) {
                    space.emit(e.refused(ErrorKind.Panic));
                }
                throw new VmException(ErrorKind.Panic, "Map: the cursor is at the end of its range " + Vaddr.hex(c.hi));
            }
            if (f == null || f.index() < 0 || f.index() >= space.frames.frames() || !space.frames.isFree(f.index())
                    || f.paddr() != (long) f.index() * space.pageSize) {
                if (e != null) {
                    space.emit(e.refused(ErrorKind.InvalidArgs));
                }
                throw new VmException(ErrorKind.InvalidArgs, "Map: frame " + f + " is not free");
            }
            long old = space.pt.get(c.va);
            Optional<UFrame> replaced = old == 0 ? Optional.empty() : Optional.of(space.frames.frame(PageTable.frameOf(old)));
            if (e != null) {
                space.emit(e.post("va", Vaddr.hex(c.va + space.pageSize))
                        .post("replaced", replaced.map(g -> Vaddr.hex(g.paddr())).orElse(null))
                        .post("freeFrames", space.frames.freeCount() - 1));
            }
            space.frames.take(f.index());
            space.pt.set(c.va, PageTable.encode(f.index(), prop.bits()));
            replaced.ifPresent(g -> c.flusher.issueTlbFlushWith(TlbFlushOp.address(c.va), g, true));
            c.va += space.pageSize;
            return replaced;
        } finally {
            space.lock.unlock();
        }
    }

    /*
     * Unmap(k, len) ==
     *   /\ len % PAGE_SIZE = 0 /\ va + len <= hi                       \* else Panic
     *   /\ \A mapped p \in [va, va + len): space.pt'[p] = NoMap, <<p, space.pt[p].frame>> joins pending
     *   /\ va' = va + len
     */
    long unmap(CursorMut c, long len) {
        space.enter();
        try {
            TraceEvent e = space.tracing() ? TraceEvent.of(TraceOp.Unmap).arg("cursor", c.id)
                    .arg("len", Long.toUnsignedString(len)) : null;
            if (!c.live) {
                throw refuseDead(e, c);
            }
            if (!Vaddr.isAligned(len, space.pageSize) || Vaddr.addOverflows(c.va, len) || Vaddr.lt(c.hi, c.va + len)) {
                if (e != null) {
                    space.emit(e.refused(ErrorKind.Panic));
                }
                throw new VmException(ErrorKind.Panic, "Unmap: len " + Long.toUnsignedString(len)
                        + " unaligned or past the end " + Vaddr.hex(c.hi));
            }
            long end = c.va + len;
            boolean early = space.bug(Bug.FreeBeforeFlush);
            // The mapped pages of [va, end): empty subtrees are skipped, so this follows what is mapped.
            List<Long> pages = new ArrayList<>();
            for (long p = space.pt.nextMapped(c.va, end); p >= 0; p = space.pt.nextMapped(p + space.pageSize, end)) {
                pages.add(p);
            }
            if (space.bug(Bug.UnmapSkipsPage) && pages.size() > 1) {
                pages.remove(pages.size() - 1); // the last mapped page stays mapped
            }
            // The plan: exactly these pages are cleared, and these space.frames queued (the event logs it).
            int[] fs = new int[pages.size()];
            for (int i = 0; i < fs.length; i++) {
                fs[i] = PageTable.frameOf(space.pt.get(pages.get(i)));
            }
            long n = fs.length;
            if (e != null) {
                int freeAfter = early ? space.frames.freeCountAfterUnref(fs, fs.length) : space.frames.freeCount();
                List<Object> changed = new ArrayList<>(fs.length);
                for (int i = 0; i < fs.length; i++) {
                    changed.add(List.of(Vaddr.hex(pages.get(i)), Vaddr.hex((long) fs[i] * space.pageSize)));
                }
                space.emit(e.post("va", Vaddr.hex(end)).post("unmapped", n).post("freeFrames", freeAfter)
                        .post("pages", changed));
            }
            for (int i = 0; i < fs.length; i++) {
                long p = pages.get(i);
                space.pt.set(p, 0);
                c.flusher.issueTlbFlushWith(TlbFlushOp.address(p), space.frames.frame(fs[i]), !early);
                if (early) {
                    space.frames.unref(fs[i]);
                }
            }
            c.va = end;
            return n;
        } finally {
            space.lock.unlock();
        }
    }

    /*
     * ProtectNext(k, len, prop) ==
     *   /\ len % PAGE_SIZE = 0 /\ va + len <= hi                       \* else Panic
     *   /\ IF \E mapped p in [va, va + len) THEN the first gets prop, va' = p + PAGE_SIZE
     *      ELSE va' = va + len                                         \* no TLB flush
     */
    /**
     * {@code constant}: the property of the constant form ({@code protect_next(len, |_| prop)}), logged
     * as {@code prop} also when nothing is protected or the request is refused (traces of the constant
     * form are as before); null for the function form, which then logs {@code "R"} there.
     */
    Optional<Long> protectNext(CursorMut c, long len, java.util.function.UnaryOperator<PageProperty> op,
            PageProperty constant) {
        Objects.requireNonNull(op, "op");
        String noProp = constant == null ? "R" : constant.protocolName();
        space.enter();
        try {
            TraceEvent e = space.tracing() ? TraceEvent.of(TraceOp.ProtectNext).arg("cursor", c.id)
                    .arg("len", Long.toUnsignedString(len)) : null;
            if (!c.live) {
                throw refuseDead(e == null ? null : e.arg("prop", noProp), c);
            }
            if (!Vaddr.isAligned(len, space.pageSize) || Vaddr.addOverflows(c.va, len) || Vaddr.lt(c.hi, c.va + len)) {
                if (e != null) {
                    space.emit(e.arg("prop", noProp).refused(ErrorKind.Panic));
                }
                throw new VmException(ErrorKind.Panic, "ProtectNext: len " + Long.toUnsignedString(len)
                        + " unaligned or past the end " + Vaddr.hex(c.hi));
            }
            long end = c.va + len;
            long p = space.pt.nextMapped(c.va, end);
            Optional<Long> hit = p < 0 ? Optional.empty() : Optional.of(p);
            long after = p < 0 ? end : p + space.pageSize;
            // op runs once, on the old property of the page it protects (never when none is mapped)
            PageProperty prop = p < 0 ? null
                    : Objects.requireNonNull(op.apply(PageTable.propOf(space.pt.get(p))), "protect_next op returned null");
            // The plan: the page whose leaf changes (the event logs it, with its frame and new property).
            long target = p;
            if (p >= 0 && space.bug(Bug.ProtectNextWrongPage)) {
                long next = space.pt.nextMapped(p + space.pageSize, c.hi);
                target = next >= 0 ? next : p;
            }
            int frame = target < 0 ? -1 : PageTable.frameOf(space.pt.get(target));
            if (e != null) {
                // nothing protected: every prop is the same step; "R" is logged (TRACE_SCHEMA.md)
                List<Object> changed = target < 0 ? List.of()
                        : List.of(List.of(Vaddr.hex(target), Vaddr.hex((long) frame * space.pageSize), prop.protocolName()));
                space.emit(e.arg("prop", prop == null ? noProp : prop.protocolName()).post("va", Vaddr.hex(after))
                        .post("protected", hit.map(Vaddr::hex).orElse(null)).post("pages", changed));
            }
            if (target >= 0) {
                space.pt.set(target, PageTable.encode(frame, prop.bits()));
            }
            c.va = after;
            return hit;
        } finally {
            space.lock.unlock();
        }
    }

    /*
     * IssueTlbFlush(k, lo, hi) == lo, hi page-aligned /\ lo < hi <= MAX_USERSPACE_VADDR      \* else InvalidArgs
     *   /\ cursors' = [cursors EXCEPT ![k].flushes = @ \cup {<<lo, hi>>}]
     * All is <<0, MAX_USERSPACE_VADDR>> (logged with lo and hi null), Address(va) is <<va, va + PAGE_SIZE>>.
     */
    void issueTlbFlush(CursorMut c, TlbFlushOp op) {
        Objects.requireNonNull(op, "op");
        space.enter();
        try {
            boolean all = op.kind() == TlbFlushOp.Kind.ALL;
            long lo = all ? 0 : op.start();
            long hi = all ? space.maxUser : op.kind() == TlbFlushOp.Kind.ADDRESS ? op.start() + space.pageSize : op.end();
            TraceEvent e = space.tracing() ? TraceEvent.of(TraceOp.IssueTlbFlush).arg("cursor", c.id)
                    .arg("lo", all ? null : Vaddr.hex(lo)).arg("hi", all ? null : Vaddr.hex(hi)) : null;
            if (!c.live) {
                throw refuseDead(e, c);
            }
            boolean wraps = op.kind() == TlbFlushOp.Kind.ADDRESS && Vaddr.addOverflows(op.start(), space.pageSize);
            if (!all && (wraps || !Vaddr.isAligned(lo, space.pageSize) || !Vaddr.isAligned(hi, space.pageSize) || !Vaddr.lt(lo, hi)
                    || Vaddr.lt(space.maxUser, hi))) {
                if (e != null) {
                    space.emit(e.refused(ErrorKind.InvalidArgs));
                }
                throw new VmException(ErrorKind.InvalidArgs, "IssueTlbFlush: [" + Vaddr.hex(lo) + ", " + Vaddr.hex(hi)
                        + ") is not a non-empty page-aligned range of user space");
            }
            if (e != null) {
                space.emit(e);
            }
            c.flusher.flushes.add(new TlbFlusher.Flush(lo, hi, all));
        } finally {
            space.lock.unlock();
        }
    }

    /*
     * DispatchTlbFlush(k) == pending # {} \/ flushes # {}
     *   /\ \A <<p, f>> \in pending : every CPU drops its entries for p, f returns to free
     *   /\ \A <<lo, hi>> \in flushes : every CPU drops its entries for the pages of [lo, hi)
     *   /\ pending' = {} /\ flushes' = {}
     */
    int dispatch(CursorMut c, boolean explicit) {
        space.enter();
        try {
            if (!c.live) {
                if (explicit) {
                    throw refuseDead(space.tracing() ? TraceEvent.of(TraceOp.DispatchTlbFlush).arg("cursor", c.id) : null, c);
                }
                return 0;
            }
            List<TlbFlusher.Pending> pending = c.flusher.pending;
            List<TlbFlusher.Flush> flushes = c.flusher.flushes;
            if (pending.isEmpty() && flushes.isEmpty()) {
                return 0;
            }
            // The plan: the TLB entries the shootdown drops, as <<cpu, page>> (logged, then dropped).
            TreeSet<Long> flushPages = new TreeSet<>();
            for (TlbFlusher.Pending op : pending) {
                flushPages.add(op.page());
            }
            int shot = space.bug(Bug.NoRemoteShootdown) ? 1 : space.tlbs.length;
            List<long[]> drops = new ArrayList<>();
            // Bug FlushRangeSkipsLast: a frameless op's range loop stops one page short.
            long skip = space.bug(Bug.FlushRangeSkipsLast) ? space.pageSize : 0;
            for (int cpu = 0; cpu < shot; cpu++) {
                if (flushes.isEmpty()) {
                    for (long p : flushPages) {
                        if (space.tlbs[cpu].get(p) != null) {
                            drops.add(new long[] {cpu, p});
                        }
                    }
                    continue;
                }
                for (long p : new TreeSet<>(space.tlbs[cpu].entries().keySet())) {
                    boolean covered = flushPages.contains(p);
                    for (int i = 0; i < flushes.size() && !covered; i++) {
                        TlbFlusher.Flush f = flushes.get(i);
                        covered = !Vaddr.lt(p, f.lo()) && Vaddr.lt(p, f.hi() - skip);
                    }
                    if (covered) {
                        drops.add(new long[] {cpu, p});
                    }
                }
            }
            if (space.tracing()) {
                TreeSet<Long> freed = new TreeSet<>();
                int[] unrefs = new int[pending.size()];
                int k = 0;
                for (TlbFlusher.Pending op : pending) {
                    freed.add((long) op.frame() * space.pageSize);
                    if (op.holdsRef()) {
                        unrefs[k++] = op.frame();
                    }
                }
                List<String> fs = new ArrayList<>(freed.size());
                for (long f : freed) {
                    fs.add(Vaddr.hex(f));
                }
                List<Object> dropped = new ArrayList<>(drops.size());
                for (long[] d : drops) {
                    dropped.add(List.of(d[0], Vaddr.hex(d[1])));
                }
                space.emit(TraceEvent.of(TraceOp.DispatchTlbFlush).arg("cursor", c.id).post("freed", fs)
                        .post("freeFrames", space.frames.freeCountAfterUnref(unrefs, k)).post("tlbDropped", dropped));
            }
            boolean late = space.bug(Bug.LateShootdown);
            for (long[] d : drops) {
                if (late) {
                    lateShootdown.add(d);
                } else {
                    space.tlbs[(int) d[0]].flush(d[1]);
                }
            }
            for (TlbFlusher.Pending op : pending) {
                if (op.holdsRef()) {
                    space.frames.unref(op.frame());
                }
            }
            int n = pending.size() + flushes.size();
            pending.clear();
            flushes.clear();
            return n;
        } finally {
            space.lock.unlock();
            landLateShootdown();
        }
    }

    /**
     * {@link Bug#LateShootdown}: the TLB shootdown of the dispatches so far lands now, in its own
     * critical section, once the thread no longer holds the lock (after the dispatch's, or after the
     * {@code DropCursor} that dispatched).
     */
    private void landLateShootdown() {
        if (!space.bug(Bug.LateShootdown) || space.lock.isHeldByCurrentThread()) {
            return;
        }
        space.lock.lock();
        try {
            for (long[] d : lateShootdown) {
                space.tlbs[(int) d[0]].flush(d[1]);
            }
            lateShootdown.clear();
        } finally {
            space.lock.unlock();
        }
    }

    /*
     * DropCursor(k) == cursors[k].pending = {} /\ cursors' = [j \in DOMAIN cursors \ {k} |-> cursors[j]]
     */
    void dropCursor(CursorMut c) {
        space.enter();
        try {
            if (!c.live) {
                return;
            }
            dispatch(c, false);
            if (space.tracing()) {
                space.emit(TraceEvent.of(TraceOp.DropCursor).arg("cursor", c.id));
            }
            c.live = false;
            cursors.remove(c.id);
        } finally {
            space.cursorDropped.signalAll(); // on every path: a waiter re-checks its range (or the space.failure)
            space.lock.unlock();
            landLateShootdown();
        }
    }
}
