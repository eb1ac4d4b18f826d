package org.vmspace.mm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.time.Duration;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.Objects;
import org.vmspace.mm.frame.FrameAllocator;
import org.vmspace.mm.pagetable.PageTable;
import org.vmspace.mm.tlb.Tlb;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.UFrame;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceException;
import org.vmspace.trace.TraceHeader;
import org.vmspace.trace.TraceOp;
import org.vmspace.trace.TraceSink;

/**
 * A user address space ({@code ostd::mm::VmSpace}) together with the machine it runs on: the page
 * table, physical frames and their allocator, per-CPU TLBs, live cursors and the ghost
 * {@link VmSpaceOwner}. This class holds the machine's state, the lock, trace emission, activation,
 * reader/writer creation and the snapshot; the cursors' page-table actions are in {@link Cursors}, the
 * user-space {@code Read}/{@code Write}/{@code Skip} and copies in {@link UserIo}.
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
 *
 * <h2>Trace</h2>
 * {@link Builder#build()} writes the trace header (with the builder's {@code seed} and {@code threads})
 * to the sink; {@link #close()} closes the sink, so a file trace is complete once the space is closed
 * (use try-with-resources).
 *
 * <h2>Atomicity</h2>
 * Every action runs guard, then log, then change: the event (with its {@code post} values, computed
 * from the state the change will produce) is written before anything changes. When the sink fails,
 * the action changes nothing, waiters for a range lock are woken, and this space refuses every later
 * operation with a {@link TraceException}. Null arguments and handles of another space are refused
 * ({@link NullPointerException}, {@link IllegalArgumentException}) before anything changes. No request
 * does work proportional to the length of its address range under the lock: the page table is walked
 * skipping empty subtrees, and views are page intervals.
 */
public final class VmSpace implements AutoCloseable {
    final ReentrantLock lock = new ReentrantLock();
    final Condition cursorDropped = lock.newCondition();

    final int pageSize;
    final long maxUser;
    final boolean[] current;
    final Tlb[] tlbs;
    final PageTable pt;
    final FrameAllocator frames;
    /** The live cursors and the page-table actions through them. */
    final Cursors cursors;
    /** User-space I/O: Read, Write, Skip, the user-to-user copy and the last access. */
    final UserIo userIo;
    final VmSpaceOwner owner;
    private final TraceSink sink;
    private final long windowBase;
    private final int windowPages;
    /** The deliberate bugs switched on in this space (immutable; {@link Builder#bugs}). */
    private final Set<Bug> bugs;
    private long seq;
    /** Set when the sink failed; every later operation is refused with it. Guarded by {@link #lock}. */
    TraceException failure;
    /** Set by {@link #close()}; every later operation is refused. Guarded by {@link #lock}. */
    boolean closed;

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
        this.bugs = Collections.unmodifiableSet(b.bugs != null ? EnumSet.copyOf(b.bugs) : Bugs.fromProperty());
        this.owner = new VmSpaceOwner(this, b.sharedReader);
        this.cursors = new Cursors(this);
        this.userIo = new UserIo(this);
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
        private long seed;
        private int threads = 1;
        private Set<Bug> bugs;

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

        /** Where trace events go; refused (NullPointerException) when null: use {@link TraceSink#NONE}. */
        public Builder sink(TraceSink v) {
            sink = Objects.requireNonNull(v, "sink is null: use TraceSink.NONE for no trace");
            return this;
        }

        /** The header's {@code seed}: the seed of the run that drives this space (default 0). */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** The header's {@code threads}: how many threads drive this space (default 1). */
        public Builder threads(int v) {
            checkArgument(v >= 1, "threads must be at least 1: %s", v);
            threads = v;
            return this;
        }

        /**
         * The deliberate bugs switched on in this space only (docs/PROTOCOL.md, "Deliberate bugs"); refused
         * (NullPointerException) when null. Without this call the space takes those named by the system
         * property {@code vmspace.bugs} ({@link Bugs#fromProperty()}) when it is built: none by default.
         */
        public Builder bugs(Set<Bug> v) {
            Objects.requireNonNull(v, "bugs is null: use an empty set for none");
            bugs = v.isEmpty() ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(v);
            return this;
        }

        /**
         * The space, after writing the trace header (schema version 2) to the sink. Bad settings throw
         * {@link IllegalArgumentException} before the header is written; a sink that cannot write the
         * header throws a {@link TraceException}.
         */
        public VmSpace build() {
            VmSpace space = new VmSpace(this);
            if (sink.enabled()) {
                try {
                    sink.header(space.traceHeader(seed, threads));
                } catch (TraceException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new TraceException("the trace sink cannot write the header: " + e.getMessage(), e);
                }
            }
            return space;
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

    /** The deliberate bugs switched on in this space (immutable; none unless built with some). */
    public Set<Bug> bugs() {
        return bugs;
    }

    /** Whether the deliberate bug {@code b} is switched on in this space. */
    boolean bug(Bug b) {
        return bugs.contains(b);
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
        enter();
        try {
            int f = frames.lowestFree();
            return f < 0 ? Optional.empty() : Optional.of(frames.frame(f));
        } finally {
            lock.unlock();
        }
    }

    /** The free frames now (a hint under concurrency). */
    public ImmutableList<UFrame> freeFrames() {
        enter();
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

    /**
     * Emits {@code e} with the next sequence number; call with the lock held, after the guards and
     * before any change. When the sink fails, nothing has changed: the space is marked failed, waiters
     * are woken, and a {@link TraceException} is thrown.
     */
    void emit(TraceEvent e) {
        try {
            sink.emit(seq + 1, Thread.currentThread().getName(), e);
        } catch (RuntimeException x) {
            failure = new TraceException("the trace sink failed at event " + (seq + 1) + " (" + e.op() + "): "
                    + x.getMessage() + "; this VmSpace refuses further work", x);
            cursorDropped.signalAll();
            throw failure;
        }
        seq++;
    }

    /**
     * Takes the lock for one operation; refused with the {@link TraceException} of an earlier sink
     * failure. Every operation that reads or changes protocol state starts here.
     */
    void enter() {
        lock.lock();
        if (failure != null) {
            lock.unlock();
            throw new TraceException(failure.getMessage(), failure);
        }
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("this VmSpace is closed");
        }
    }

    /**
     * Closes the trace sink (a file sink writes out its buffer and closes the file); later operations
     * are refused ({@link IllegalStateException}). Live cursors and owners are left as they are (the
     * trace ends here). Idempotent.
     *
     * @throws TraceException when the sink cannot finish the trace (e.g. disk full)
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            cursorDropped.signalAll(); // a waiter re-checks and is refused
        } finally {
            lock.unlock();
        }
        try {
            sink.close();
        } catch (TraceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TraceException("the trace sink cannot be closed: " + e.getMessage(), e);
        }
    }

    /** Whether the trace sink has failed (the space then refuses every operation). */
    public boolean failed() {
        lock.lock();
        try {
            return failure != null;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses a handle of another space (IllegalArgumentException) before anything changes. */
    void checkOwn(VmSpace other, Object handle) {
        checkArgument(other == this, "%s belongs to another VmSpace", handle);
    }

    void checkCpu(int cpu) {
        checkArgument(cpu >= 0 && cpu < current.length, "no CPU %s (cpus = %s)", cpu, current.length);
    }

    /** The first unmapped page of {@code [lo, hi)} (user pages), or -1; call with the lock held. */
    long firstUnmapped(long lo, long hi) {
        return pt.firstUnmapped(lo, hi);
    }

    /** The page-table steps taken so far (cost-model tests). */
    long pageTableSteps() {
        lock.lock();
        try {
            return pt.steps();
        } finally {
            lock.unlock();
        }
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
        enter();
        try {
            if (tracing()) {
                emit(TraceEvent.of(TraceOp.Activate).arg("cpu", cpu));
            }
            current[cpu] = true;
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
        enter();
        try {
            if (tracing()) {
                emit(TraceEvent.of(TraceOp.Deactivate).arg("cpu", cpu));
            }
            current[cpu] = false;
            tlbs[cpu].flushAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether this space is current on {@code cpu}. */
    public boolean isCurrent(int cpu) {
        checkCpu(cpu);
        enter();
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
        enter();
        try {
            long end = vaddr + len;
            if (!current[cpu]) {
                throw refuseCreate(op, cpu, vaddr, len, ErrorKind.AccessDenied,
                        "this VmSpace is not current on CPU " + cpu);
            }
            boolean tooFar = bug(Bug.OverflowAccepted)
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
            if (tracing()) {
                emit(createEvent(op, cpu, owner.nextId(), vaddr, len));
            }
            return owner.newOwner(kind, vaddr, end);
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
        return cursors.open(lo, hi, -1);
    }

    /** The timed variant: refused {@code Busy} when the range is still locked after {@code timeout}. */
    public CursorMut cursorMut(long lo, long hi, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return cursors.open(lo, hi, Math.max(0, timeout.toNanos()));
    }

    /** {@link #cursorMut(long, long, Duration)} over a Guava {@code [lo, hi)} range. */
    public CursorMut cursorMut(com.google.common.collect.Range<Long> range, Duration timeout) {
        Objects.requireNonNull(range, "range");
        return cursorMut(range.lowerEndpoint(), range.upperEndpoint(), timeout);
    }

    /** {@code VmSpace::cursor(va)}: a read-only cursor (no lock, no trace; see {@link Cursor}). */
    public Cursor cursor(long lo, long hi) {
        if (!Vaddr.lt(lo, hi) || !Vaddr.isAligned(lo, pageSize) || !Vaddr.isAligned(hi, pageSize)
                || Vaddr.lt(maxUser, hi)) {
            throw new VmException(ErrorKind.AccessDenied, "bad range [" + Vaddr.hex(lo) + ", " + Vaddr.hex(hi) + ")");
        }
        return new Cursor(this, lo, hi);
    }

    /** The mapping at page {@code va} now (the read-only cursor's and tests' query). */
    QueryResult queryAt(long va) {
        return cursors.queryAt(va);
    }

    // ---------------------------------------------------------------- snapshot

    /** A consistent, immutable copy of every piece of protocol state (for invariant checks). */
    public Snapshot snapshot() {
        lock.lock(); // also after a sink failure: it shows that the failed action changed nothing
        try {
            ImmutableSortedSet.Builder<Integer> cur = ImmutableSortedSet.naturalOrder();
            for (int i = 0; i < current.length; i++) {
                if (current[i]) {
                    cur.add(i);
                }
            }
            ImmutableSortedMap.Builder<Long, Snapshot.Leaf> ptb = ImmutableSortedMap.naturalOrder();
            pt.forEach((va, leaf) -> ptb.put(va, new Snapshot.Leaf((long) PageTable.frameOf(leaf) * pageSize,
                    PageTable.propOf(leaf).protocolName())));
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
            for (CursorMut c : cursors.live()) {
                ImmutableList.Builder<Snapshot.PendingOp> pb = ImmutableList.builder();
                for (TlbFlusher.Pending p : c.flusher.pending) {
                    pb.add(new Snapshot.PendingOp(p.page(), (long) p.frame() * pageSize));
                }
                ImmutableList.Builder<Snapshot.FlushRange> fb = ImmutableList.builder();
                for (TlbFlusher.Flush f : c.flusher.flushes) {
                    fb.add(new Snapshot.FlushRange(f.lo(), f.hi(), f.all()));
                }
                cb.put(c.id, new Snapshot.CursorState(c.id, c.lo, c.hi, c.va, pb.build(), fb.build()));
            }
            return new Snapshot(pageSize, maxUser, frames.frames(), owner.sharedReader, cur.build(), ptb.build(),
                    free.build(), tlb.build(), cb.build(), owner.ownerStates(), owner.takenPages(), userIo.lastAccess());
        } finally {
            lock.unlock();
        }
    }
}
