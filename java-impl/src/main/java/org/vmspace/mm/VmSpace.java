package org.vmspace.mm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.PageProperty;
import org.vmspace.model.UFrame;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceHeader;
import org.vmspace.trace.TraceOp;
import org.vmspace.trace.TraceSink;

/**
 * A user address space ({@code ostd::mm::VmSpace}) together with the machine it runs on: the page
 * table, physical frames and their allocator, per-CPU TLBs, live cursors and the ghost
 * {@link VmSpaceOwner}.
 *
 * <h2>Threading</h2>
 * All trace-visible state is changed under one short-held {@link ReentrantLock}; each protocol action
 * (including the byte copy of one Read/Write) runs entirely inside it, and its trace event is emitted
 * there with the next sequence number: that is the action's linearization point. Cursor range locks
 * are held across calls: {@link #cursorMut(long, long)} waits on a condition of the same lock until
 * no live cursor overlaps the requested range.
 *
 * <p>Every refused request throws a {@link VmException} whose kind is the event's {@code outcome},
 * logs one refused event, and changes nothing.
 */
public final class VmSpace {
    final ReentrantLock lock = new ReentrantLock();
    private final Condition cursorDropped = lock.newCondition();

    private final int pageSize;
    private final long maxUser;
    private final boolean[] current;
    private final Tlb[] tlbs;
    private final PageTable pt;
    private final FrameAllocator frames;
    private final TreeMap<Long, CursorMut> cursors = new TreeMap<>();
    private final VmSpaceOwner owner;
    private final TraceSink sink;
    private final long windowBase;
    private final int windowPages;
    private long nextCursorId = 1;
    private long seq;
    private Snapshot.LastAccess lastAccess = Snapshot.LastAccess.NONE;

    private VmSpace(Builder b) {
        checkArgument(Integer.bitCount(b.pageSize) == 1 && b.pageSize >= 16 && b.pageSize <= 4096,
                "page size must be a power of two in [16, 4096]: %s", b.pageSize);
        checkArgument(b.cpus >= 1 && b.cpus <= 64, "cpus must be in [1, 64]: %s", b.cpus);
        checkArgument(b.frames >= 1 && b.frames <= (1 << 20), "frames must be in [1, 2^20]: %s", b.frames);
        this.pageSize = b.pageSize;
        this.maxUser = Vaddr.maxUserspaceVaddr(pageSize);
        checkArgument(b.windowPages >= 1 && (long) b.windowPages * pageSize <= maxUser,
                "window pages out of range: %s", b.windowPages);
        this.current = new boolean[b.cpus];
        this.tlbs = new Tlb[b.cpus];
        for (int i = 0; i < b.cpus; i++) {
            tlbs[i] = new Tlb();
        }
        this.pt = new PageTable(pageSize);
        this.frames = new FrameAllocator(b.frames, pageSize);
        this.sink = b.sink;
        this.windowPages = b.windowPages;
        this.windowBase = maxUser - (long) b.windowPages * pageSize;
        this.owner = new VmSpaceOwner(this, b.sharedReader);
    }

    /** A builder with the defaults of the workload: 4096-byte pages, 2 CPUs, 64 frames, 64 window pages. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configuration of a {@link VmSpace}. */
    public static final class Builder {
        private int pageSize = Vaddr.PAGE_SIZE;
        private int cpus = 2;
        private int frames = 64;
        private boolean sharedReader = false;
        private int windowPages = 64;
        private TraceSink sink = TraceSink.NONE;

        public Builder pageSize(int v) {
            pageSize = v;
            return this;
        }

        public Builder cpus(int v) {
            cpus = v;
            return this;
        }

        public Builder frames(int v) {
            frames = v;
            return this;
        }

        /** The seed's {@code shared_reader}: when false, active/disposed readers must be disjoint. */
        public Builder sharedReader(boolean v) {
            sharedReader = v;
            return this;
        }

        /** The trace window: the top {@code v} user pages (header and {@code remainingPages}). */
        public Builder windowPages(int v) {
            windowPages = v;
            return this;
        }

        public Builder sink(TraceSink v) {
            sink = v;
            return this;
        }

        public VmSpace build() {
            return new VmSpace(this);
        }
    }

    // ---------------------------------------------------------------- accessors

    public int pageSize() {
        return pageSize;
    }

    /** {@code MAX_USERSPACE_VADDR} for this page size (exclusive). */
    public long maxUserspaceVaddr() {
        return maxUser;
    }

    public int cpus() {
        return current.length;
    }

    public int frameCount() {
        return frames.frames();
    }

    /** The first page of the trace window. */
    public long windowBase() {
        return windowBase;
    }

    public int windowPages() {
        return windowPages;
    }

    /** The ghost owner of this space: the reader/writer lifecycle. */
    public VmSpaceOwner owner() {
        return owner;
    }

    /** The trace header for this configuration. */
    public TraceHeader traceHeader(long seed, int threads) {
        return new TraceHeader(pageSize, current.length, frames.frames(), owner.sharedReader, maxUser, windowBase,
                windowPages, seed, threads);
    }

    /** The frame with this index. */
    public UFrame frame(int index) {
        checkArgument(index >= 0 && index < frames.frames(), "no frame %s", index);
        return frames.frame(index);
    }

    /** The lowest free frame, if any (a hint: another thread may take it first). */
    public Optional<UFrame> lowestFreeFrame() {
        lock.lock();
        try {
            int f = frames.lowestFree();
            return f < 0 ? Optional.empty() : Optional.of(frames.frame(f));
        } finally {
            lock.unlock();
        }
    }

    /** The free frames now (a hint under concurrency). */
    public ImmutableList<UFrame> freeFrames() {
        lock.lock();
        try {
            ImmutableList.Builder<UFrame> b = ImmutableList.builder();
            BitSet fs = frames.freeSet();
            for (int f = fs.nextSetBit(0); f >= 0; f = fs.nextSetBit(f + 1)) {
                b.add(frames.frame(f));
            }
            return b.build();
        } finally {
            lock.unlock();
        }
    }

    /** Whether tracing is on: callers build events only then. */
    boolean tracing() {
        return sink.enabled();
    }

    /** Emits {@code e} with the next sequence number; call with the lock held. */
    void emit(TraceEvent e) {
        sink.emit(++seq, Thread.currentThread().getName(), e);
    }

    private void checkCpu(int cpu) {
        checkArgument(cpu >= 0 && cpu < current.length, "no CPU %s (cpus = %s)", cpu, current.length);
    }

    int freeCount() {
        return frames.freeCount();
    }

    boolean isMapped(long page) {
        return pt.get(page) != 0;
    }

    // ---------------------------------------------------------------- Activate / Deactivate

    /*
     * Activate(c) == current' = [current EXCEPT ![c] = TRUE]
     */
    /**
     * {@code VmSpace::activate} on CPU {@code cpu}: this space's page table becomes current there.
     *
     * # Verified Properties
     * ## Postconditions
     * - {@code Activate(c)}: {@code current[c] = TRUE}; the TLB is kept.
     */
    public void activate(int cpu) {
        checkCpu(cpu);
        lock.lock();
        try {
            current[cpu] = true;
            if (tracing()) {
                emit(TraceEvent.of(TraceOp.Activate).arg("cpu", cpu));
            }
        } finally {
            lock.unlock();
        }
    }

    /*
     * Deactivate(c) == current' = [current EXCEPT ![c] = FALSE] /\ tlb' = [tlb EXCEPT ![c] = {}]
     */
    /**
     * Another address space is activated on {@code cpu}.
     *
     * # Verified Properties
     * ## Postconditions
     * - {@code Deactivate(c)}: {@code current[c] = FALSE} and {@code tlb[c] = {}} (no ASID).
     */
    public void deactivate(int cpu) {
        checkCpu(cpu);
        lock.lock();
        try {
            current[cpu] = false;
            tlbs[cpu].flushAll();
            if (tracing()) {
                emit(TraceEvent.of(TraceOp.Deactivate).arg("cpu", cpu));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether this space is current on {@code cpu}. */
    public boolean isCurrent(int cpu) {
        checkCpu(cpu);
        lock.lock();
        try {
            return current[cpu];
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- Reader / Writer

    /*
     * Reader(c, i, vaddr, len) ==
     *   /\ current[c] /\ vaddr + len <= MAX_USERSPACE_VADDR /\ CanCreateReader(vaddr, len)
     *   /\ owners' = owners @@ (i :> [kind |-> "reader", state |-> "created",
     *                                 range |-> <<vaddr, vaddr + len>>, view |-> {}, is_fallible |-> TRUE])
     */
    /**
     * {@code VmSpace::reader(vaddr, len)} on CPU {@code cpu}, then the creation check of the owner.
     *
     * # Verified Properties
     * ## Preconditions
     * - {@code current[c]}, else {@code AccessDenied}.
     * - {@code vaddr + len <= MAX_USERSPACE_VADDR} without u64 overflow, else {@code AccessDenied}.
     * - {@code can_create_reader(vaddr, len)}: no disposed writer overlaps, else {@code Conflict}.
     * ## Postconditions
     * - {@code Reader(c, i, vaddr, len)}: a fresh owner {@code i} in state {@code created}, empty view.
     */
    public VmReader<Fallible> reader(int cpu, long vaddr, long len) {
        VmIoOwner o = create(TraceOp.Reader, VmIoOwner.Kind.reader, cpu, vaddr, len);
        return VmReader.user(this, o, cpu);
    }

    /*
     * Writer(c, i, vaddr, len): as Reader, with CanCreateWriter (no disposed reader or writer overlaps).
     */
    /**
     * {@code VmSpace::writer(vaddr, len)} on CPU {@code cpu}, then the creation check of the owner.
     *
     * # Verified Properties
     * ## Preconditions
     * - {@code current[c]}, else {@code AccessDenied}.
     * - {@code vaddr + len <= MAX_USERSPACE_VADDR} without u64 overflow, else {@code AccessDenied}.
     * - {@code can_create_writer(vaddr, len)}: no disposed reader or writer overlaps, else
     *   {@code Conflict}.
     * ## Postconditions
     * - {@code Writer(c, i, vaddr, len)}: a fresh owner {@code i} in state {@code created}, empty view.
     */
    public VmWriter<Fallible> writer(int cpu, long vaddr, long len) {
        VmIoOwner o = create(TraceOp.Writer, VmIoOwner.Kind.writer, cpu, vaddr, len);
        return VmWriter.user(this, o, cpu);
    }

    private VmIoOwner create(TraceOp op, VmIoOwner.Kind kind, int cpu, long vaddr, long len) {
        checkCpu(cpu);
        lock.lock();
        try {
            long end = vaddr + len;
            if (!current[cpu]) {
                throw refuseCreate(op, cpu, vaddr, len, ErrorKind.AccessDenied,
                        "this VmSpace is not current on CPU " + cpu);
            }
            boolean tooFar = Bugs.on(Bug.OverflowAccepted)
                    ? Vaddr.lt(maxUser, end)
                    : Vaddr.addOverflows(vaddr, len) || Vaddr.lt(maxUser, end);
            if (tooFar) {
                throw refuseCreate(op, cpu, vaddr, len, ErrorKind.AccessDenied,
                        "vaddr + len exceeds MAX_USERSPACE_VADDR: " + Vaddr.hex(vaddr) + " + "
                                + Long.toUnsignedString(len));
            }
            Optional<VmIoOwner> conflict = owner.creationConflict(kind, vaddr, end);
            if (conflict.isPresent()) {
                throw refuseCreate(op, cpu, vaddr, len, ErrorKind.Conflict,
                        "[" + Vaddr.hex(vaddr) + ", " + Vaddr.hex(end) + ") overlaps disposed " + conflict.get());
            }
            VmIoOwner o = owner.newOwner(kind, vaddr, end);
            if (tracing()) {
                emit(createEvent(op, cpu, o.id, vaddr, len));
            }
            return o;
        } finally {
            lock.unlock();
        }
    }

    private static TraceEvent createEvent(TraceOp op, int cpu, Long id, long vaddr, long len) {
        return TraceEvent.of(op).arg("cpu", cpu).arg("id", id).arg("vaddr", Vaddr.hex(vaddr))
                .arg("len", Long.toUnsignedString(len));
    }

    private VmException refuseCreate(TraceOp op, int cpu, long vaddr, long len, ErrorKind kind, String msg) {
        if (tracing()) {
            emit(createEvent(op, cpu, null, vaddr, len).refused(kind));
        }
        return new VmException(kind, op + ": " + msg);
    }

    // ---------------------------------------------------------------- Read / Write / Skip

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
        checkCpu(cpu);
        TraceOp op = write ? TraceOp.Write : TraceOp.Read;
        VmIoOwner.Kind kind = write ? VmIoOwner.Kind.writer : VmIoOwner.Kind.reader;
        lock.lock();
        try {
            if (o.kind != kind || o.state != VmIoOwner.State.active) {
                throw refuseIo(op, o, cpu, n, api, ErrorKind.InvalidState, o + " is " + o.state + ", not active");
            }
            if (!current[cpu]) {
                throw refuseIo(op, o, cpu, n, api, ErrorKind.AccessDenied, "not current on CPU " + cpu);
            }
            long remain = o.end - o.start;
            if (n <= 0 || Vaddr.lt(remain, n)) {
                throw refuseIo(op, o, cpu, n, api, ErrorKind.InvalidArgs,
                        "n = " + n + " not in (0, " + Long.toUnsignedString(remain) + "]");
            }
            Tlb tlb = tlbs[cpu];
            long start = o.start;
            long stop = start + n;
            long pos = start;
            long faultPage = -1;
            boolean inView = true;
            boolean live = true;
            List<long[]> touched = new ArrayList<>(4);
            while (Vaddr.lt(pos, stop)) {
                long p = Vaddr.alignDown(pos, pageSize);
                Tlb.Entry t = tlb.get(p);
                if (t == null && Vaddr.lt(p, maxUser)) {
                    long leaf = pt.get(p);
                    if (leaf != 0) {
                        t = new Tlb.Entry(PageTable.frameOf(leaf), new PageProperty(PageTable.flagsOf(leaf)).writable());
                        tlb.fill(p, t);
                    }
                }
                if (t == null || (write && !t.writable())) {
                    faultPage = p;
                    break;
                }
                long chunkEnd = Vaddr.min(p + pageSize, stop);
                int len = (int) (chunkEnd - pos);
                int inPage = (int) (pos - p);
                int inBuf = koff + (int) (pos - start);
                byte[] frame = frames.bytes(t.frame());
                if (write) {
                    System.arraycopy(kbuf, inBuf, frame, inPage, len);
                } else {
                    System.arraycopy(frame, inPage, kbuf, inBuf, len);
                }
                touched.add(new long[] {p, t.frame()});
                inView &= o.view.contains(p);
                live &= !frames.isFree(t.frame());
                pos = chunkEnd;
            }
            long copied = faultPage < 0 ? n : Math.max(0, faultPage - start);
            long newStart = start + copied;
            if (Bugs.on(Bug.AdvanceTooFar) && Vaddr.lt(newStart, o.end)) {
                newStart++;
            }
            o.start = newStart;
            ImmutableSortedMap.Builder<Long, Long> tb = ImmutableSortedMap.naturalOrder();
            for (long[] pf : touched) {
                tb.put(pf[0], pf[1] * pageSize);
            }
            lastAccess = new Snapshot.LastAccess(o.id, tb.build(), inView, live);
            if (tracing()) {
                TraceEvent e = ioEvent(op, o, cpu, n, api);
                if (faultPage >= 0) {
                    e.refused(ErrorKind.PageFault);
                }
                emit(e.post("copied", copied).post("start", Vaddr.hex(o.start)));
            }
            if (faultPage >= 0) {
                throw new PageFaultException(copied, faultPage);
            }
            return copied;
        } finally {
            lock.unlock();
        }
    }

    private static TraceEvent ioEvent(TraceOp op, VmIoOwner o, int cpu, long n, String api) {
        return TraceEvent.of(op).arg("cpu", cpu).arg("id", o.id).arg("n", n).arg("api", api);
    }

    private VmException refuseIo(TraceOp op, VmIoOwner o, int cpu, long n, String api, ErrorKind kind, String msg) {
        if (tracing()) {
            emit(ioEvent(op, o, cpu, n, api).refused(kind));
        }
        return new VmException(kind, op + " (" + api + "): " + msg);
    }

    /*
     * Skip(i, n) == owners[i].state = "active" /\ 0 <= n <= end - start /\ start' = start + n
     */
    /** Action {@code Skip(i, n)}: advances the owner's cursor without touching memory. */
    void skip(VmIoOwner o, long n) {
        lock.lock();
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
                if (tracing()) {
                    emit(TraceEvent.of(TraceOp.Skip).arg("id", o.id).arg("n", n).refused(refusal));
                }
                throw new VmException(refusal, "Skip: " + msg);
            }
            o.start += n;
            if (tracing()) {
                emit(TraceEvent.of(TraceOp.Skip).arg("id", o.id).arg("n", n).post("start", Vaddr.hex(o.start)));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The owner's {@code [start, end)} read consistently. */
    long[] range(VmIoOwner o) {
        lock.lock();
        try {
            return new long[] {o.start, o.end};
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- cursors

    /*
     * CursorMut(k, lo, hi) ==
     *   /\ lo < hi /\ lo, hi page-aligned /\ hi <= MAX_USERSPACE_VADDR
     *   /\ \A j \in DOMAIN cursors : ~Overlap(cursors[j], lo, hi)     \* else: wait
     *   /\ cursors' = cursors @@ (k :> [lo |-> lo, hi |-> hi, va |-> lo, pending |-> {}])
     */
    /**
     * {@code VmSpace::cursor_mut(va)}: locks {@code [lo, hi)}, blocking while a live cursor overlaps it.
     *
     * # Verified Properties
     * ## Preconditions
     * - {@code lo < hi}, both page-aligned, {@code hi <= MAX_USERSPACE_VADDR}, else {@code AccessDenied}.
     * ## Postconditions
     * - {@code CursorMut(k, lo, hi)}; {@code CursorExclusionInv} holds.
     */
    public CursorMut cursorMut(long lo, long hi) {
        return openCursor(lo, hi, -1);
    }

    /** The timed variant: refused {@code Busy} when the range is still locked after {@code timeout}. */
    public CursorMut cursorMut(long lo, long hi, Duration timeout) {
        return openCursor(lo, hi, Math.max(0, timeout.toNanos()));
    }

    /** {@link #cursorMut(long, long, Duration)} over a Guava {@code [lo, hi)} range. */
    public CursorMut cursorMut(com.google.common.collect.Range<Long> range, Duration timeout) {
        return cursorMut(range.lowerEndpoint(), range.upperEndpoint(), timeout);
    }

    private CursorMut openCursor(long lo, long hi, long timeoutNanos) {
        lock.lock();
        try {
            if (!Vaddr.lt(lo, hi) || !Vaddr.isAligned(lo, pageSize) || !Vaddr.isAligned(hi, pageSize)
                    || Vaddr.lt(maxUser, hi)) {
                throw refuseCursor(lo, hi, ErrorKind.AccessDenied,
                        "bad range [" + Vaddr.hex(lo) + ", " + Vaddr.hex(hi) + ")");
            }
            long nanos = timeoutNanos;
            while (!Bugs.on(Bug.NoCursorLock) && overlapsLiveCursor(lo, hi)) {
                try {
                    if (timeoutNanos < 0) {
                        cursorDropped.await();
                    } else {
                        if (nanos <= 0) {
                            throw refuseCursor(lo, hi, ErrorKind.Busy, "range [" + Vaddr.hex(lo) + ", "
                                    + Vaddr.hex(hi) + ") is locked by a live cursor");
                        }
                        nanos = cursorDropped.awaitNanos(nanos);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw refuseCursor(lo, hi, ErrorKind.Busy, "interrupted while waiting for the range lock");
                }
            }
            CursorMut c = new CursorMut(this, nextCursorId++, lo, hi);
            cursors.put(c.id, c);
            if (tracing()) {
                emit(TraceEvent.of(TraceOp.CursorMut).arg("cursor", c.id).arg("lo", Vaddr.hex(lo))
                        .arg("hi", Vaddr.hex(hi)));
            }
            return c;
        } finally {
            lock.unlock();
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
        if (tracing()) {
            emit(TraceEvent.of(TraceOp.CursorMut).arg("cursor", null).arg("lo", Vaddr.hex(lo))
                    .arg("hi", Vaddr.hex(hi)).refused(kind));
        }
        return new VmException(kind, "CursorMut: " + msg);
    }

    /** {@code VmSpace::cursor(va)}: a read-only cursor (no lock, no trace; see {@link Cursor}). */
    public Cursor cursor(long lo, long hi) {
        if (!Vaddr.lt(lo, hi) || !Vaddr.isAligned(lo, pageSize) || !Vaddr.isAligned(hi, pageSize)
                || Vaddr.lt(maxUser, hi)) {
            throw new VmException(ErrorKind.AccessDenied, "bad range [" + Vaddr.hex(lo) + ", " + Vaddr.hex(hi) + ")");
        }
        return new Cursor(this, lo, hi);
    }

    private VmException refuseDead(TraceEvent e, CursorMut c) {
        if (tracing()) {
            emit(e.refused(ErrorKind.InvalidState));
        }
        return new VmException(ErrorKind.InvalidState, c + " was dropped");
    }

    QueryResult queryAt(long va) {
        lock.lock();
        try {
            long leaf = pt.get(va);
            Optional<MappedItem> item = leaf == 0 ? Optional.empty()
                    : Optional.of(new MappedItem(frames.frame(PageTable.frameOf(leaf)),
                            new PageProperty(PageTable.flagsOf(leaf))));
            return new QueryResult(va, va + pageSize, item);
        } finally {
            lock.unlock();
        }
    }

    Optional<Long> firstMapped(long from, long to) {
        lock.lock();
        try {
            for (long p = from; Vaddr.lt(p, to); p += pageSize) {
                if (pt.get(p) != 0) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    QueryResult query(CursorMut c) {
        lock.lock();
        try {
            if (!c.live) {
                throw new VmException(ErrorKind.InvalidState, c + " was dropped");
            }
            if (!Vaddr.lt(c.va, c.hi)) {
                throw new VmException(ErrorKind.AccessDenied, "query at " + Vaddr.hex(c.va) + ", past the range");
            }
            return queryAt(c.va);
        } finally {
            lock.unlock();
        }
    }

    Optional<Long> findNext(CursorMut c, long len) {
        lock.lock();
        try {
            if (!c.live) {
                throw new VmException(ErrorKind.InvalidState, c + " was dropped");
            }
            if (!Vaddr.isAligned(len, pageSize) || Vaddr.addOverflows(c.va, len) || Vaddr.lt(c.hi, c.va + len)) {
                throw new VmException(ErrorKind.Panic, "find_next length " + Long.toUnsignedString(len) + " out of range");
            }
            Optional<Long> p = firstMapped(c.va, c.va + len);
            if (p.isPresent() && p.get() != c.va) {
                c.va = p.get();
                if (tracing()) {
                    emit(TraceEvent.of(TraceOp.Jump).arg("cursor", c.id).arg("va", Vaddr.hex(c.va)));
                }
            }
            return p;
        } finally {
            lock.unlock();
        }
    }

    /*
     * Jump(k, v) == v page-aligned /\ lo <= v < hi /\ cursors' = [cursors EXCEPT ![k].va = v]
     */
    void jump(CursorMut c, long v) {
        lock.lock();
        try {
            TraceEvent e = tracing() ? TraceEvent.of(TraceOp.Jump).arg("cursor", c.id).arg("va", Vaddr.hex(v)) : null;
            if (!c.live) {
                throw refuseDead(e, c);
            }
            if (!Vaddr.isAligned(v, pageSize) || Vaddr.lt(v, c.lo) || !Vaddr.lt(v, c.hi)) {
                if (e != null) {
                    emit(e.refused(ErrorKind.AccessDenied));
                }
                throw new VmException(ErrorKind.AccessDenied, "Jump: " + Vaddr.hex(v) + " outside ["
                        + Vaddr.hex(c.lo) + ", " + Vaddr.hex(c.hi) + ") or unaligned");
            }
            c.va = v;
            if (e != null) {
                emit(e);
            }
        } finally {
            lock.unlock();
        }
    }

    /*
     * Map(k, f, prop) ==
     *   /\ va < hi /\ f \in free
     *   /\ pt' = [pt EXCEPT ![va] = <<f, prop>>] /\ free' = free \ {f}
     *   /\ pending' = pending \cup (IF pt[va] = <<g, _>> THEN {<<va, g>>} ELSE {})
     *   /\ va' = va + PAGE_SIZE
     */
    Optional<UFrame> map(CursorMut c, UFrame f, PageProperty prop) {
        lock.lock();
        try {
            TraceEvent e = tracing() ? TraceEvent.of(TraceOp.Map).arg("cursor", c.id)
                    .arg("frame", f == null ? null : Vaddr.hex(f.paddr())).arg("prop", prop.protocolName()) : null;
            if (!c.live) {
                throw refuseDead(e, c);
            }
            if (!Vaddr.lt(c.va, c.hi)) {
                if (e != null) {
                    emit(e.refused(ErrorKind.Panic));
                }
                throw new VmException(ErrorKind.Panic, "Map: the cursor is at the end of its range " + Vaddr.hex(c.hi));
            }
            if (f == null || f.index() < 0 || f.index() >= frames.frames() || !frames.isFree(f.index())
                    || f.paddr() != (long) f.index() * pageSize) {
                if (e != null) {
                    emit(e.refused(ErrorKind.InvalidArgs));
                }
                throw new VmException(ErrorKind.InvalidArgs, "Map: frame " + f + " is not free");
            }
            frames.take(f.index());
            long old = pt.set(c.va, PageTable.encode(f.index(), prop.flags()));
            Optional<UFrame> replaced = Optional.empty();
            if (old != 0) {
                UFrame g = frames.frame(PageTable.frameOf(old));
                c.flusher.issueTlbFlushWith(TlbFlushOp.address(c.va), g, true);
                replaced = Optional.of(g);
            }
            c.va += pageSize;
            if (e != null) {
                emit(e.post("va", Vaddr.hex(c.va)).post("replaced", replaced.map(g -> Vaddr.hex(g.paddr())).orElse(null))
                        .post("freeFrames", frames.freeCount()));
            }
            return replaced;
        } finally {
            lock.unlock();
        }
    }

    /*
     * Unmap(k, len) ==
     *   /\ len % PAGE_SIZE = 0 /\ va + len <= hi                       \* else Panic
     *   /\ \A mapped p \in [va, va + len): pt'[p] = NoMap, <<p, pt[p].frame>> joins pending
     *   /\ va' = va + len
     */
    long unmap(CursorMut c, long len) {
        lock.lock();
        try {
            TraceEvent e = tracing() ? TraceEvent.of(TraceOp.Unmap).arg("cursor", c.id)
                    .arg("len", Long.toUnsignedString(len)) : null;
            if (!c.live) {
                throw refuseDead(e, c);
            }
            if (!Vaddr.isAligned(len, pageSize) || Vaddr.addOverflows(c.va, len) || Vaddr.lt(c.hi, c.va + len)) {
                if (e != null) {
                    emit(e.refused(ErrorKind.Panic));
                }
                throw new VmException(ErrorKind.Panic, "Unmap: len " + Long.toUnsignedString(len)
                        + " unaligned or past the end " + Vaddr.hex(c.hi));
            }
            long end = c.va + len;
            long n = 0;
            boolean early = Bugs.on(Bug.FreeBeforeFlush);
            for (long p = c.va; Vaddr.lt(p, end); p += pageSize) {
                long old = pt.set(p, 0);
                if (old != 0) {
                    int f = PageTable.frameOf(old);
                    c.flusher.issueTlbFlushWith(TlbFlushOp.address(p), frames.frame(f), !early);
                    if (early) {
                        frames.unref(f);
                    }
                    n++;
                }
            }
            c.va = end;
            if (e != null) {
                emit(e.post("va", Vaddr.hex(c.va)).post("unmapped", n).post("freeFrames", frames.freeCount()));
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /*
     * ProtectNext(k, len, prop) ==
     *   /\ len % PAGE_SIZE = 0 /\ va + len <= hi                       \* else Panic
     *   /\ IF \E mapped p in [va, va + len) THEN the first gets prop, va' = p + PAGE_SIZE
     *      ELSE va' = va + len                                         \* no TLB flush
     */
    Optional<Long> protectNext(CursorMut c, long len, PageProperty prop) {
        lock.lock();
        try {
            TraceEvent e = tracing() ? TraceEvent.of(TraceOp.ProtectNext).arg("cursor", c.id)
                    .arg("len", Long.toUnsignedString(len)).arg("prop", prop.protocolName()) : null;
            if (!c.live) {
                throw refuseDead(e, c);
            }
            if (!Vaddr.isAligned(len, pageSize) || Vaddr.addOverflows(c.va, len) || Vaddr.lt(c.hi, c.va + len)) {
                if (e != null) {
                    emit(e.refused(ErrorKind.Panic));
                }
                throw new VmException(ErrorKind.Panic, "ProtectNext: len " + Long.toUnsignedString(len)
                        + " unaligned or past the end " + Vaddr.hex(c.hi));
            }
            long end = c.va + len;
            Optional<Long> hit = Optional.empty();
            for (long p = c.va; Vaddr.lt(p, end); p += pageSize) {
                long leaf = pt.get(p);
                if (leaf != 0) {
                    pt.set(p, PageTable.encode(PageTable.frameOf(leaf), prop.flags()));
                    hit = Optional.of(p);
                    break;
                }
            }
            c.va = hit.map(p -> p + pageSize).orElse(end);
            if (e != null) {
                emit(e.post("va", Vaddr.hex(c.va)).post("protected", hit.map(Vaddr::hex).orElse(null)));
            }
            return hit;
        } finally {
            lock.unlock();
        }
    }

    /*
     * DispatchTlbFlush(k) == pending # {}
     *   /\ \A <<p, f>> \in pending : every CPU drops its entries for p, f returns to free
     *   /\ pending' = {}
     */
    int dispatch(CursorMut c, boolean explicit) {
        lock.lock();
        try {
            if (!c.live) {
                if (explicit) {
                    throw refuseDead(tracing() ? TraceEvent.of(TraceOp.DispatchTlbFlush).arg("cursor", c.id) : null, c);
                }
                return 0;
            }
            List<TlbFlusher.Pending> pending = c.flusher.pending;
            if (pending.isEmpty()) {
                return 0;
            }
            TreeSet<Long> freed = new TreeSet<>();
            for (TlbFlusher.Pending op : pending) {
                for (Tlb t : tlbs) {
                    t.flush(op.page());
                }
                if (op.holdsRef()) {
                    frames.unref(op.frame());
                }
                freed.add((long) op.frame() * pageSize);
            }
            int n = pending.size();
            pending.clear();
            if (tracing()) {
                List<String> fs = new ArrayList<>(freed.size());
                for (long f : freed) {
                    fs.add(Vaddr.hex(f));
                }
                emit(TraceEvent.of(TraceOp.DispatchTlbFlush).arg("cursor", c.id).post("freed", fs)
                        .post("freeFrames", frames.freeCount()));
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /*
     * DropCursor(k) == cursors[k].pending = {} /\ cursors' = [j \in DOMAIN cursors \ {k} |-> cursors[j]]
     */
    void dropCursor(CursorMut c) {
        lock.lock();
        try {
            if (!c.live) {
                return;
            }
            dispatch(c, false);
            c.live = false;
            cursors.remove(c.id);
            if (tracing()) {
                emit(TraceEvent.of(TraceOp.DropCursor).arg("cursor", c.id));
            }
            cursorDropped.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- snapshot

    /** A consistent, immutable copy of every piece of protocol state (for invariant checks). */
    public Snapshot snapshot() {
        lock.lock();
        try {
            ImmutableSortedSet.Builder<Integer> cur = ImmutableSortedSet.naturalOrder();
            for (int i = 0; i < current.length; i++) {
                if (current[i]) {
                    cur.add(i);
                }
            }
            ImmutableSortedMap.Builder<Long, Snapshot.Leaf> ptb = ImmutableSortedMap.naturalOrder();
            pt.forEach((va, leaf) -> ptb.put(va, new Snapshot.Leaf((long) PageTable.frameOf(leaf) * pageSize,
                    new PageProperty(PageTable.flagsOf(leaf)).protocolName())));
            ImmutableSortedSet.Builder<Long> free = ImmutableSortedSet.naturalOrder();
            BitSet fs = frames.freeSet();
            for (int f = fs.nextSetBit(0); f >= 0; f = fs.nextSetBit(f + 1)) {
                free.add((long) f * pageSize);
            }
            ImmutableList.Builder<ImmutableSortedMap<Long, Snapshot.TlbEntry>> tlb = ImmutableList.builder();
            for (Tlb t : tlbs) {
                ImmutableSortedMap.Builder<Long, Snapshot.TlbEntry> tb = ImmutableSortedMap.naturalOrder();
                t.entries().forEach((p, en) -> tb.put(p, new Snapshot.TlbEntry((long) en.frame() * pageSize, en.writable())));
                tlb.add(tb.build());
            }
            ImmutableSortedMap.Builder<Long, Snapshot.CursorState> cb = ImmutableSortedMap.naturalOrder();
            for (CursorMut c : cursors.values()) {
                ImmutableList.Builder<Snapshot.PendingOp> pb = ImmutableList.builder();
                for (TlbFlusher.Pending p : c.flusher.pending) {
                    pb.add(new Snapshot.PendingOp(p.page(), (long) p.frame() * pageSize));
                }
                cb.put(c.id, new Snapshot.CursorState(c.id, c.lo, c.hi, c.va, pb.build()));
            }
            return new Snapshot(pageSize, maxUser, frames.frames(), owner.sharedReader, cur.build(), ptb.build(),
                    free.build(), tlb.build(), cb.build(), owner.ownerStates(), owner.takenPages(), lastAccess);
        } finally {
            lock.unlock();
        }
    }
}
