package org.vmspace.mm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import com.google.common.collect.ImmutableSortedMap;
import org.vmspace.mm.pagetable.PageTable;
import org.vmspace.mm.tlb.Tlb;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceOp;

/**
 * User-space I/O of one {@link VmSpace} (upstream OSTD's {@code mm/io.rs} on user memory): the actions
 * {@code Read}, {@code Write} and {@code Skip} of a user {@link VmReader} / {@link VmWriter} (through
 * {@link VmIoHandle}), the user-to-user copy (two steps, {@code Read} then {@code Write}), the consistent
 * reads of an owner's range, and the last access (the TLB entries the last {@code Read}/{@code Write}
 * used and filled) that {@link VmSpace#snapshot()} reports. Every action runs under the space's lock,
 * guard then log then change, like the space's own (see {@link VmSpace}).
 */
final class UserIo {
    private final VmSpace space;
    private Snapshot.LastAccess lastAccess = Snapshot.LastAccess.none();
    /**
     * The last I/O step as {@link #io} left it, turned into {@link #lastAccess} only when a snapshot
     * asks (building a sorted map per copy was a fifth of its cost): the owner, the walk
     * ({@code {page, frame, fill, writable}} per page), its length and flags; null once built.
     */
    private long[] lastWalk;
    private int lastWalkPages;
    private long lastWalkOwner;
    private boolean lastWalkInView;
    private boolean lastWalkLive;

    UserIo(VmSpace space) {
        this.space = space;
    }

    /*
     * Read(c, i, n) / Write(c, i, n) ==
     *   /\ owners[i].state = "active" /\ current[c] /\ 0 < n <= end - start
     *   /\ walk the pages of [start, start + n): tlb[c] entry if present, else pt[p] (cached in tlb[c]);
     *      no translation (Write: not writable) -> page fault at that page's first byte
     *   /\ start' = start + copied
     */
    /**
     * One user-space I/O step: action {@code Read} (write = false) or {@code Write}. Copies between the
     * owner's pages and {@code kbuf[koff ..]}.
     *
     * @return the bytes copied ({@code n})
     * @throws PageFaultException after partial progress
     */
    long io(VmIoOwner o, int cpu, long n, boolean write, byte[] kbuf, int koff, String api) {
        space.checkCpu(cpu);
        Objects.requireNonNull(kbuf, "kernel buffer");
        TraceOp op = write ? TraceOp.Write : TraceOp.Read;
        VmIoOwner.Kind kind = write ? VmIoOwner.Kind.writer : VmIoOwner.Kind.reader;
        space.enter();
        try {
            if (o.kind != kind || o.state != VmIoOwner.State.active) {
                throw refuseIo(op, o, cpu, n, api, ErrorKind.InvalidState, o + " is " + o.state + ", not active");
            }
            if (!space.current[cpu]) {
                throw refuseIo(op, o, cpu, n, api, ErrorKind.AccessDenied, "not current on CPU " + cpu);
            }
            long remain = o.end - o.start;
            if (n <= 0 || Vaddr.lt(remain, n)) {
                throw refuseIo(op, o, cpu, n, api, ErrorKind.InvalidArgs,
                        "n = " + n + " not in (0, " + Long.toUnsignedString(remain) + "]");
            }
            Tlb tlb = space.tlbs[cpu];
            long[] tlbFillOnFault = null; // a read-only page the Write faults on is cached (Decision 2)
            long[] usedOnFault = null; // a read-only TLB entry the Write faults on
            long start = o.start;
            long stop = start + n;
            long faultPage = -1;
            boolean inView = true;
            boolean live = true;
            // Guard: walk the pages without changing anything; each page's translation, and whether
            // it comes from the page table (then the TLB caches it when the step is applied).
            // touched: {page, frame, fill (0/1), writable (0/1)} per page, `pages` of them
            long[] touched = new long[4 * (int) Math.min(16, (n + space.pageSize - 1) / space.pageSize + 1)];
            int pages = 0;
            for (long pos = start; Vaddr.lt(pos, stop); ) {
                long p = Vaddr.alignDown(pos, space.pageSize);
                Tlb.Entry t = tlb.get(p);
                boolean fill = false;
                if (t == null && Vaddr.lt(p, space.maxUser)) {
                    long leaf = space.pt.get(p);
                    if (leaf != 0) {
                        t = new Tlb.Entry(PageTable.frameOf(leaf), PageTable.propOf(leaf).writable());
                        fill = true;
                    }
                }
                if (t != null && fill && write && !t.writable()) {
                    tlbFillOnFault = new long[] {p, t.frame(), space.bug(Bug.FillWritable) ? 1 : 0};
                }
                if (t == null || (write && !t.writable())) {
                    if (t != null && !fill) {
                        usedOnFault = new long[] {p, t.frame(), t.writable() ? 1 : 0};
                    }
                    faultPage = p;
                    break;
                }
                // the entry the TLB caches (FillWritable: every fill cached as writable)
                boolean cachedW = t.writable() || (fill && space.bug(Bug.FillWritable));
                if (4 * pages == touched.length) {
                    touched = Arrays.copyOf(touched, 2 * touched.length);
                }
                touched[4 * pages] = p;
                touched[4 * pages + 1] = t.frame();
                touched[4 * pages + 2] = fill ? 1 : 0;
                touched[4 * pages + 3] = cachedW ? 1 : 0;
                pages++;
                inView &= o.viewContains(p);
                live &= !space.frames.isFree(t.frame());
                pos = Vaddr.min(p + space.pageSize, stop);
            }
            if (faultPage >= 0 && ("read_val".equals(api) || "write_val".equals(api))) {
                // D1: read_val / write_val roll back on a fault (the seed: "the cursor is rolled back to
                // its starting position before returning Err"). The walk above changed nothing, so no
                // byte is copied, no TLB entry filled, the cursor stays: a stuttering step.
                if (space.tracing()) {
                    space.emit(ioEvent(op, o, cpu, n, api).refused(ErrorKind.PageFault).post("copied", 0L)
                            .post("start", Vaddr.hex(start)).post("tlbUsed", List.of()).post("tlbFilled", List.of()));
                }
                throw new PageFaultException(0, faultPage);
            }
            long copied = faultPage < 0 ? n : Math.max(0, faultPage - start);
            long newStart = start + copied;
            if (space.bug(Bug.AdvanceTooFar) && Vaddr.lt(newStart, o.end)) {
                newStart++;
            }
            if (space.tracing()) {
                TraceEvent e = ioEvent(op, o, cpu, n, api);
                if (faultPage >= 0) {
                    e.refused(ErrorKind.PageFault);
                }
                // The TLB entries this access used (hits) and filled (walks), as <<page, frame, writable>>.
                List<Object> used = new ArrayList<>();
                List<Object> filled = new ArrayList<>();
                for (int k = 0; k < 4 * pages; k += 4) {
                    (touched[k + 2] == 1 ? filled : used).add(tlbEntry(touched[k], touched[k + 1], touched[k + 3] == 1));
                }
                if (usedOnFault != null) {
                    used.add(tlbEntry(usedOnFault[0], usedOnFault[1], usedOnFault[2] == 1));
                }
                if (tlbFillOnFault != null) {
                    filled.add(tlbEntry(tlbFillOnFault[0], tlbFillOnFault[1], tlbFillOnFault[2] == 1));
                }
                space.emit(e.post("copied", copied).post("start", Vaddr.hex(newStart)).post("tlbUsed", used)
                        .post("tlbFilled", filled));
            }
            // Apply: TLB fills, the byte copy, the owner's new start.
            for (int k = 0; k < 4 * pages; k += 4) {
                if (touched[k + 2] == 1) {
                    tlb.fill(touched[k], new Tlb.Entry((int) touched[k + 1], touched[k + 3] == 1));
                }
                long p = touched[k];
                long from = Vaddr.lt(p, start) ? start : p;
                long to = Vaddr.min(p + space.pageSize, stop);
                int len = (int) (to - from);
                int inPage = (int) (from - p);
                int inBuf = koff + (int) (from - start);
                byte[] frame = space.frames.bytes((int) touched[k + 1]);
                if (write) {
                    System.arraycopy(kbuf, inBuf, frame, inPage, len);
                } else {
                    System.arraycopy(frame, inPage, kbuf, inBuf, len);
                }
            }
            if (tlbFillOnFault != null) {
                tlb.fill(tlbFillOnFault[0], new Tlb.Entry((int) tlbFillOnFault[1], tlbFillOnFault[2] == 1));
            }
            o.start = newStart;
            lastWalk = touched;
            lastWalkPages = pages;
            lastWalkOwner = o.id;
            lastWalkInView = inView;
            lastWalkLive = live;
            if (faultPage >= 0) {
                throw new PageFaultException(copied, faultPage);
            }
            return copied;
        } finally {
            space.lock.unlock();
        }
    }

    /**
     * The bytes of {@code [o.start, o.start + n)} before the first page without a translation (for
     * {@code write}, without a writable one) on {@code cpu}: the guard walk of {@link #io}, changing
     * nothing. Call with the lock held.
     */
    private long accessiblePrefix(VmIoOwner o, int cpu, long n, boolean write) {
        Tlb tlb = space.tlbs[cpu];
        long start = o.start;
        long stop = start + n;
        for (long pos = start; Vaddr.lt(pos, stop); ) {
            long p = Vaddr.alignDown(pos, space.pageSize);
            Tlb.Entry t = tlb.get(p);
            if (t == null && Vaddr.lt(p, space.maxUser)) {
                long leaf = space.pt.get(p);
                if (leaf != 0) {
                    t = new Tlb.Entry(PageTable.frameOf(leaf), PageTable.propOf(leaf).writable());
                }
            }
            if (t == null || (write && !t.writable())) {
                return Math.max(0, p - start);
            }
            pos = Vaddr.min(p + space.pageSize, stop);
        }
        return n;
    }

    /*
     * A user-to-user copy of n bytes is two protocol steps, logged back to back under the lock:
     *   reader faults first (or neither): Read(rc, r, n) [PageFault at k], then Write(wc, w, k)
     *   writer faults first at k:          Read(rc, r, k) (k > 0),       then Write(wc, w, n) PageFault
     * so both cursors advance by the same k, as memcpy_fallible between two user ranges.
     */
    /**
     * {@code read_fallible} / {@code write_fallible} between a user reader and a user writer of this
     * space (the seed's {@code impl_read_fallible!(Fallible, Fallible)}): copies {@code n} bytes
     * ({@code 0 < n <= min(remain, avail)}) from {@code r}'s range to {@code w}'s, each side on its own
     * CPU. Both guards are checked before either step: a refusal of either side (logged as that side's
     * refused {@code Read} / {@code Write}) changes nothing.
     *
     * @return the bytes copied ({@code n})
     * @throws PageFaultException after partial progress; both cursors advanced by {@code copied}
     */
    long copyUserToUser(VmIoOwner r, int rcpu, VmIoOwner w, int wcpu, long n) {
        space.checkCpu(rcpu);
        space.checkCpu(wcpu);
        space.enter();
        try {
            checkCopyGuards(TraceOp.Read, VmIoOwner.Kind.reader, r, rcpu, n);
            checkCopyGuards(TraceOp.Write, VmIoOwner.Kind.writer, w, wcpu, n);
            if (n > Integer.MAX_VALUE - 8) {
                throw refuseIo(TraceOp.Read, r, rcpu, n, "read", ErrorKind.InvalidArgs, "a copy of " + n + " bytes is too large");
            }
            long readable = accessiblePrefix(r, rcpu, n, false);
            long writable = accessiblePrefix(w, wcpu, n, true);
            byte[] tmp = new byte[(int) n];
            if (readable <= writable) {
                PageFaultException fault = null;
                long got;
                try {
                    got = io(r, rcpu, n, false, tmp, 0, "read");
                } catch (PageFaultException e) {
                    fault = e;
                    got = e.copied();
                }
                if (got > 0) {
                    io(w, wcpu, got, true, tmp, 0, "write"); // got <= writable: no fault
                }
                if (fault != null) {
                    throw fault;
                }
                return got;
            }
            if (writable > 0) {
                io(r, rcpu, writable, false, tmp, 0, "read"); // writable < readable: no fault
            }
            return io(w, wcpu, n, true, tmp, 0, "write"); // faults after `writable` bytes
        } finally {
            space.lock.unlock();
        }
    }

    /** The guards of {@code Read}/{@code Write} that do not depend on memory, refused as {@link #io} does. */
    private void checkCopyGuards(TraceOp op, VmIoOwner.Kind kind, VmIoOwner o, int cpu, long n) {
        String api = op == TraceOp.Read ? "read" : "write";
        if (o.kind != kind || o.state != VmIoOwner.State.active) {
            throw refuseIo(op, o, cpu, n, api, ErrorKind.InvalidState, o + " is " + o.state + ", not active");
        }
        if (!space.current[cpu]) {
            throw refuseIo(op, o, cpu, n, api, ErrorKind.AccessDenied, "not current on CPU " + cpu);
        }
        if (n <= 0 || Vaddr.lt(o.end - o.start, n)) {
            throw refuseIo(op, o, cpu, n, api, ErrorKind.InvalidArgs,
                    "n = " + n + " not in (0, " + Long.toUnsignedString(o.end - o.start) + "]");
        }
    }

    private List<Object> tlbEntry(long page, long frame, boolean writable) {
        return List.of(Vaddr.hex(page), Vaddr.hex(frame * space.pageSize), writable);
    }

    private static TraceEvent ioEvent(TraceOp op, VmIoOwner o, int cpu, long n, String api) {
        return TraceEvent.of(op).arg("cpu", cpu).arg("id", o.id).arg("n", n).arg("api", api);
    }

    private VmException refuseIo(TraceOp op, VmIoOwner o, int cpu, long n, String api, ErrorKind kind, String msg) {
        if (space.tracing()) {
            space.emit(ioEvent(op, o, cpu, n, api).refused(kind));
        }
        return new VmException(kind, op + " (" + api + "): " + msg);
    }

    /*
     * Skip(i, n) == owners[i].state = "active" /\ 0 <= n <= end - start /\ start' = start + n
     */
    /** Action {@code Skip(i, n)}: advances the owner's cursor without touching memory. */
    void skip(VmIoOwner o, long n) {
        space.enter();
        try {
            ErrorKind refusal = null;
            String msg = null;
            if (o.state != VmIoOwner.State.active) {
                refusal = ErrorKind.InvalidState;
                msg = o + " is " + o.state + ", not active";
            } else if (n < 0 || Vaddr.lt(o.end - o.start, n)) {
                refusal = ErrorKind.InvalidArgs;
                msg = "n = " + n + " exceeds the remaining " + Long.toUnsignedString(o.end - o.start);
            }
            if (refusal != null) {
                if (space.tracing()) {
                    space.emit(TraceEvent.of(TraceOp.Skip).arg("id", o.id).arg("n", n).refused(refusal));
                }
                throw new VmException(refusal, "Skip: " + msg);
            }
            if (space.tracing()) {
                space.emit(TraceEvent.of(TraceOp.Skip).arg("id", o.id).arg("n", n).post("start", Vaddr.hex(o.start + n)));
            }
            o.start += n;
        } finally {
            space.lock.unlock();
        }
    }

    /*
     * Limit(i, n) == owners[i].state = "created" /\ n \in Nat
     *                /\ end' = start + min(n, end - start)          \* start (the cursor) unchanged
     */
    /**
     * Action {@code Limit(i, n)}: a created owner keeps at most {@code n} bytes of its range, from the same
     * start; activation then takes the view from the limited range. Refused {@code InvalidState} (logged)
     * for an owner that is active, disposed or gone: an active owner's view would keep the pages past the
     * new end (trace-validation/DIVERGENCES.md D4). A limit at or above the bytes left changes nothing
     * (logged, with the same end).
     */
    void limit(VmIoOwner o, long n) {
        space.enter();
        try {
            if (o.state != VmIoOwner.State.created) {
                if (space.tracing()) {
                    space.emit(TraceEvent.of(TraceOp.Limit).arg("id", o.id).arg("n", n).refused(ErrorKind.InvalidState));
                }
                throw new VmException(ErrorKind.InvalidState, "Limit: " + o + " is " + o.state
                        + ", needs to be created (limit before activation)");
            }
            long end = Vaddr.lt(n, o.end - o.start) ? o.start + n : o.end;
            if (space.tracing()) {
                space.emit(TraceEvent.of(TraceOp.Limit).arg("id", o.id).arg("n", n).post("end", Vaddr.hex(end)));
            }
            o.end = end;
        } finally {
            space.lock.unlock();
        }
    }

    /** The last I/O step's {@link Snapshot.LastAccess}, built from {@link #lastWalk}; call with the lock held. */
    Snapshot.LastAccess lastAccess() {
        if (lastWalk != null) {
            ImmutableSortedMap.Builder<Long, Long> tb = ImmutableSortedMap.naturalOrder();
            for (int k = 0; k < 4 * lastWalkPages; k += 4) {
                tb.put(lastWalk[k], lastWalk[k + 1] * space.pageSize);
            }
            lastAccess = new Snapshot.LastAccess(lastWalkOwner, tb.build(), lastWalkInView, lastWalkLive);
            lastWalk = null;
        }
        return lastAccess;
    }

    /** The bytes left in the owner's range, {@code end - start} read consistently (unsigned). */
    long remaining(VmIoOwner o) {
        space.enter();
        try {
            return o.end - o.start;
        } finally {
            space.lock.unlock();
        }
    }

    /** The owner's {@code [start, end)} read consistently. */
    long[] range(VmIoOwner o) {
        space.enter();
        try {
            return new long[] {o.start, o.end};
        } finally {
            space.lock.unlock();
        }
    }
}
