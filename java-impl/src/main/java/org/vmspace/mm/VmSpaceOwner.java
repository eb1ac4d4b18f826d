package org.vmspace.mm;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceOp;

/**
 * The ghost owner of a {@link VmSpace} ({@code VmSpaceOwner}): the remaining view {@code mem_view},
 * the total view {@code mv_range} (every user page), the live {@link VmIoOwner}s, and the reader/writer
 * lifecycle. What Verus gets from lifetimes (a reader's borrow keeps a writer off its pages) is
 * checked here at run time.
 *
 * <p>{@code mem_view} is stored as its complement in {@code mv_range}: the set of pages split off to
 * writers ({@code taken}), kept as a set of address ranges, so the books cost what the number of
 * owners costs, never what the number of pages in their ranges does. {@code readers}/{@code writers}
 * (the seed's lists) are the owners in state {@code disposed} of that kind.
 *
 * <p>Every method refuses a null handle (NullPointerException), a kernel-space handle and a handle of
 * another {@code VmSpace} (IllegalArgumentException) before anything changes.
 */
public final class VmSpaceOwner {
    private final VmSpace space;
    final boolean sharedReader;
    /** {@code mv_range \ mem_view}: the byte ranges {@code [p, p + pageSize)} of the pages split off. */
    private final RangeSet<Long> taken = TreeRangeSet.create();
    private final TreeMap<Long, VmIoOwner> owners = new TreeMap<>();
    private long nextId = 1;

    VmSpaceOwner(VmSpace space, boolean sharedReader) {
        this.space = space;
        this.sharedReader = sharedReader;
    }

    /** The seed's {@code shared_reader} flag. */
    public boolean sharedReader() {
        return sharedReader;
    }

    // ------------------------------------------------------------ creation (called under the lock)

    /**
     * The first owner that {@code can_create_reader}/{@code can_create_writer} finds in the way of
     * {@code [v, e)}: a disposed writer (and, for a writer, a disposed reader) overlapping it.
     */
    Optional<VmIoOwner> creationConflict(VmIoOwner.Kind kind, long v, long e) {
        for (VmIoOwner o : owners.values()) {
            if (o.state == VmIoOwner.State.disposed
                    && (o.kind == VmIoOwner.Kind.writer || kind == VmIoOwner.Kind.writer)
                    && Vaddr.overlaps(o.start, o.end, v, e)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** The id the next {@link #newOwner} will get. */
    long nextId() {
        return nextId;
    }

    VmIoOwner newOwner(VmIoOwner.Kind kind, long start, long end) {
        VmIoOwner o = new VmIoOwner(nextId++, kind, start, end);
        owners.put(o.id, o);
        return o;
    }

    // ------------------------------------------------------------ activation

    /*
     * ActivateReader(i) ==
     *   /\ owners[i].kind = "reader" /\ owners[i].state = "created"
     *   /\ \A p \in RangePages(range) : p \in mem_view /\ pt[p] # NoMap           \* else NotMapped
     *   /\ ~SHARED_READER => \A j \in ViewReaders \ {i} :                          \* else Conflict
     *          ~Overlaps(range_j, range_i) /\ view_j \cap RangePages(range_i) = {}
     *   /\ view' = RangePages(range) (borrowed: stays in mem_view), state' = "active"
     */
    /**
     * {@code activate_reader}: the reader borrows the pages of its range.
     *
     * # Verified Properties
     * ## Preconditions
     * - The owner is a created reader, else {@code InvalidState}.
     * - Every page of the range is in {@code mem_view} and mapped, else {@code NotMapped}.
     * - Without {@code shared_reader}, no other active or disposed reader overlaps the byte range or holds
     *   one of its pages in its view (the seed's {@code VmIoOwner::disjoint}: ranges and view mappings),
     *   else {@code Conflict} (trace-validation/DIVERGENCES.md, D2).
     * ## Postconditions
     * - {@code ActivateReader(i)}: {@code view = RangePages(range)}; {@code NoReadWriteAliasingInv}.
     */
    public void activateReader(VmReader<Fallible> reader) {
        VmIoOwner o = ownerOf(reader);
        transition(TraceOp.ActivateReader, o, VmIoOwner.Kind.reader, VmIoOwner.State.created, true, () -> {
            long[] pages = pagesOf(o);
            checkAvailable(TraceOp.ActivateReader, o, pages, true);
            if (!sharedReader && !space.bug(Bug.NoReaderDisjointCheck)) {
                for (VmIoOwner r : owners.values()) {
                    if (r != o && r.kind == VmIoOwner.Kind.reader
                            && (r.state == VmIoOwner.State.active || r.state == VmIoOwner.State.disposed)
                            && (Vaddr.overlaps(r.start, r.end, o.start, o.end) || r.viewOverlaps(pages[0], pages[1]))) {
                        throw refuse(TraceOp.ActivateReader, o, ErrorKind.Conflict, "overlaps " + r);
                    }
                }
            }
            return new Change(pages, () -> {
                o.viewLo = pages[0];
                o.viewHi = pages[1];
                o.state = VmIoOwner.State.active;
            });
        });
    }

    /**
     * The guard shared by both activations: every page of {@code [pages[0], pages[1])} is mapped and in
     * {@code mem_view} (not split off to a writer, unless {@code checkTaken} is false), else
     * {@code NotMapped} naming the first page that is not. Costs what is mapped and taken, not the
     * length of the range.
     */
    private void checkAvailable(TraceOp op, VmIoOwner o, long[] pages, boolean checkTaken) {
        if (pages[0] == pages[1]) {
            return;
        }
        long firstTaken = -1;
        if (checkTaken) {
            RangeSet<Long> hit = taken.subRangeSet(Range.closedOpen(pages[0], pages[1]));
            if (!hit.isEmpty()) {
                firstTaken = hit.span().lowerEndpoint();
            }
        }
        long firstUnmapped = space.firstUnmapped(pages[0], pages[1]);
        if (firstTaken >= 0 && (firstUnmapped < 0 || firstTaken <= firstUnmapped)) {
            throw refuse(op, o, ErrorKind.NotMapped, "page " + Vaddr.hex(firstTaken) + " is held by a writer");
        }
        if (firstUnmapped >= 0) {
            throw refuse(op, o, ErrorKind.NotMapped, "page " + Vaddr.hex(firstUnmapped) + " is not mapped");
        }
    }

    /*
     * ActivateWriter(i) ==
     *   /\ owners[i].kind = "writer" /\ owners[i].state = "created"
     *   /\ \A p \in RangePages(range) : p \in mem_view /\ pt[p] # NoMap           \* else NotMapped
     *   /\ no reader (active or disposed) has p in its view                       \* else Borrowed
     *   /\ view' = RangePages(range), mem_view' = mem_view \ view', state' = "active"
     */
    /**
     * {@code activate_writer}: the writer splits the pages of its range off {@code mem_view}.
     *
     * # Verified Properties
     * ## Preconditions
     * - The owner is a created writer, else {@code InvalidState}.
     * - Every page of the range is in {@code mem_view} and mapped, else {@code NotMapped}.
     * - No reader (active or disposed) borrows one of the pages, else {@code Borrowed}.
     * ## Postconditions
     * - {@code ActivateWriter(i)}: {@code NoWriterAliasingInv}, {@code PermissionConservationInv}.
     */
    public void activateWriter(VmWriter<Fallible> writer) {
        VmIoOwner o = ownerOf(writer);
        transition(TraceOp.ActivateWriter, o, VmIoOwner.Kind.writer, VmIoOwner.State.created, true, () -> {
            long[] pages = pagesOf(o);
            checkAvailable(TraceOp.ActivateWriter, o, pages, !space.bug(Bug.NoWriterOverlapCheck));
            if (!space.bug(Bug.NoBorrowCheck)) {
                for (VmIoOwner r : owners.values()) {
                    if (r.kind == VmIoOwner.Kind.reader
                            && (r.state == VmIoOwner.State.active || r.state == VmIoOwner.State.disposed)
                            && r.viewOverlaps(pages[0], pages[1])) {
                        throw refuse(TraceOp.ActivateWriter, o, ErrorKind.Borrowed,
                                "page " + Vaddr.hex(Math.max(r.viewLo, pages[0])) + " is borrowed by " + r);
                    }
                }
            }
            return new Change(pages, () -> {
                o.viewLo = pages[0];
                o.viewHi = pages[1];
                if (pages[0] < pages[1]) {
                    taken.add(Range.closedOpen(pages[0], pages[1]));
                }
                o.state = VmIoOwner.State.active;
            });
        });
    }

    // ------------------------------------------------------------ disposal and removal

    /*
     * DisposeReader(i) == owners[i] an active reader /\ state' = "disposed"   (parked, keeps its view)
     */
    /**
     * {@code dispose_reader}: parks an active reader in {@code readers}, keeping its borrow.
     *
     * # Verified Properties
     * ## Preconditions
     * - The owner is an active reader, else {@code InvalidState}.
     * ## Postconditions
     * - {@code DisposeReader(i)}: state {@code disposed}, also for an empty range.
     */
    public void disposeReader(VmReader<Fallible> reader) {
        dispose(TraceOp.DisposeReader, ownerOf(reader), VmIoOwner.Kind.reader);
    }

    /**
     * {@code dispose_writer}: parks an active writer in {@code writers}, keeping its view.
     *
     * # Verified Properties
     * ## Preconditions
     * - The owner is an active writer, else {@code InvalidState}.
     * ## Postconditions
     * - {@code DisposeWriter(i)}: state {@code disposed}, also for an empty range.
     */
    public void disposeWriter(VmWriter<Fallible> writer) {
        dispose(TraceOp.DisposeWriter, ownerOf(writer), VmIoOwner.Kind.writer);
    }

    private void dispose(TraceOp op, VmIoOwner o, VmIoOwner.Kind kind) {
        transition(op, o, kind, VmIoOwner.State.active, false, () -> {
            if (space.bug(Bug.DisposeEmptyDrops) && o.start == o.end) {
                return new Change(null, () -> {
                    o.state = VmIoOwner.State.removed;
                    owners.remove(o.id);
                });
            }
            return new Change(null, () -> o.state = VmIoOwner.State.disposed);
        });
    }

    /*
     * RemoveReader(i) == owners[i] a disposed reader /\ owners' = owners without i
     */
    /**
     * {@code remove_reader}: the disposed reader is gone and its borrow ends.
     *
     * # Verified Properties
     * ## Preconditions
     * - The owner is a disposed reader, else {@code InvalidState}.
     * ## Postconditions
     * - {@code RemoveReader(i)}.
     */
    public void removeReader(VmReader<Fallible> reader) {
        remove(TraceOp.RemoveReader, ownerOf(reader), VmIoOwner.Kind.reader);
    }

    /*
     * RemoveWriter(i) == owners[i] a disposed writer /\ owners' = owners without i
     *                    /\ mem_view' = mem_view \cup owners[i].view                     (join)
     */
    /**
     * {@code remove_writer}: the disposed writer is gone and its view joins {@code mem_view} again.
     *
     * # Verified Properties
     * ## Preconditions
     * - The owner is a disposed writer, else {@code InvalidState}.
     * ## Postconditions
     * - {@code RemoveWriter(i)}: {@code PermissionConservationInv}.
     */
    public void removeWriter(VmWriter<Fallible> writer) {
        remove(TraceOp.RemoveWriter, ownerOf(writer), VmIoOwner.Kind.writer);
    }

    private void remove(TraceOp op, VmIoOwner o, VmIoOwner.Kind kind) {
        VmIoOwner.State need = space.bug(Bug.RemoveUndisposed) && o.state == VmIoOwner.State.active
                ? VmIoOwner.State.active : VmIoOwner.State.disposed;
        transition(op, o, kind, need, false, () -> new Change(null, () -> {
            owners.remove(o.id);
            o.state = VmIoOwner.State.removed;
            if (kind == VmIoOwner.Kind.writer && !space.bug(Bug.NoJoinOnRemove) && o.viewLo < o.viewHi) {
                taken.remove(Range.closedOpen(o.viewLo, o.viewHi));
            }
        }));
    }

    // ------------------------------------------------------------ dropping a never-activated owner

    /*
     * DropOwner(i) == i \in DOMAIN owners /\ owners[i].state = "created"
     *                 /\ owners' = owners without i                   (no view: nothing else changes)
     */
    /**
     * Dropping a reader that was never activated (Rust: the {@code VmReader} goes out of scope): its
     * owner leaves the books. It holds no view, so {@code mem_view} and every other owner are unchanged.
     *
     * # Verified Properties
     * ## Preconditions
     * - The owner is live and in state created, else {@code InvalidState} (active, disposed or already
     *   gone).
     * ## Postconditions
     * - {@code DropOwner(i)}: the owner is gone (state {@code removed}); nothing else changes.
     */
    public void dropOwner(VmReader<Fallible> reader) {
        drop(ownerOf(reader));
    }

    /** Dropping a writer that was never activated; see {@link #dropOwner(VmReader)}. */
    public void dropOwner(VmWriter<Fallible> writer) {
        drop(ownerOf(writer));
    }

    private void drop(VmIoOwner o) {
        space.enter();
        try {
            if (o.state != VmIoOwner.State.created) {
                throw refuse(TraceOp.DropOwner, o, ErrorKind.InvalidState,
                        o + " is " + o.state + ", needs to be created (never activated)");
            }
            if (space.tracing()) {
                space.emit(TraceEvent.of(TraceOp.DropOwner).arg("id", o.id));
            }
            owners.remove(o.id);
            o.state = VmIoOwner.State.removed;
        } finally {
            space.lock.unlock();
        }
    }

    // ------------------------------------------------------------ helpers (under the lock)

    /** What a lifecycle action will do once logged: the new view (activations) and the change itself. */
    private record Change(long[] view, Runnable apply) {}

    /** The guards of a lifecycle action: refuse (throw), or return the change they allow. */
    private interface Guard {
        Change check();
    }

    /**
     * One lifecycle action {@code op} on {@code o}, under the lock: refused {@code InvalidState} unless
     * {@code o} is a {@code need} owner of {@code kind}; then the action's own guards (they may refuse
     * further, with nothing changed); then {@code op} is logged as taken (with the new view when
     * {@code withView}, and the counts the change will produce); then the change is applied. When the
     * sink fails nothing changes.
     */
    private void transition(TraceOp op, VmIoOwner o, VmIoOwner.Kind kind, VmIoOwner.State need, boolean withView,
            Guard guard) {
        space.enter();
        try {
            checkState(op, o, kind, need);
            Change change = guard.check();
            if (space.tracing()) {
                emitOk(op, o, kind, need, withView ? change.view() : null);
            }
            change.apply().run();
        } finally {
            space.lock.unlock();
        }
    }

    /** The owner behind a user-space handle of this space; refuses null, kernel and foreign handles. */
    private VmIoOwner ownerOf(VmIoHandle<?, ?> h) {
        Objects.requireNonNull(h, "reader/writer is null");
        if (h.owner == null) {
            throw new IllegalArgumentException(h + " is a kernel-space handle: it has no owner");
        }
        space.checkOwn(h.space, h);
        return h.owner;
    }

    private long[] pagesOf(VmIoOwner o) {
        return VmIoOwner.rangePages(o.start, o.end, space.pageSize(), space.maxUserspaceVaddr());
    }

    private void checkState(TraceOp op, VmIoOwner o, VmIoOwner.Kind kind, VmIoOwner.State need) {
        if (o.kind != kind || o.state != need) {
            throw refuse(op, o, ErrorKind.InvalidState, o + " is " + o.state + ", needs to be a " + need + " " + kind);
        }
    }

    private VmException refuse(TraceOp op, VmIoOwner o, ErrorKind kind, String msg) {
        if (space.tracing()) {
            space.emit(TraceEvent.of(op).arg("id", o.id).refused(kind));
        }
        return new VmException(kind, op + "(" + o.id + "): " + msg);
    }

    /**
     * Logs {@code op} on {@code o} as taken, with the values the change will produce: the new view
     * ({@code view}, activations), {@code remainingPages} and the disposed counts.
     */
    private void emitOk(TraceOp op, VmIoOwner o, VmIoOwner.Kind kind, VmIoOwner.State from, long[] view) {
        TraceEvent e = TraceEvent.of(op).arg("id", o.id);
        long remaining = remainingPages();
        if (view != null) {
            List<String> v = new ArrayList<>();
            for (long p = view[0]; p < view[1]; p += space.pageSize()) {
                v.add(Vaddr.hex(p));
            }
            e.post("view", v);
            if (kind == VmIoOwner.Kind.writer && view[0] < view[1]) { // taken' = taken \cup view
                // |taken' in window| = |taken| + |view| - |taken \cap view| (all counted in the window)
                remaining += space.windowPages() - remainingPages(taken.subRangeSet(Range.closedOpen(view[0], view[1])))
                        - windowPagesOf(view[0], view[1]);
            }
        }
        int readers = 0;
        int writers = 0;
        for (VmIoOwner x : owners.values()) {
            if (x.state == VmIoOwner.State.disposed && x != o) {
                if (x.kind == VmIoOwner.Kind.reader) {
                    readers++;
                } else {
                    writers++;
                }
            }
        }
        boolean disposing = op == TraceOp.DisposeReader || op == TraceOp.DisposeWriter;
        boolean removing = op == TraceOp.RemoveReader || op == TraceOp.RemoveWriter;
        boolean disposedAfter = disposing && !(space.bug(Bug.DisposeEmptyDrops) && o.start == o.end);
        if (disposedAfter) {
            if (kind == VmIoOwner.Kind.reader) {
                readers++;
            } else {
                writers++;
            }
        }
        if (removing && kind == VmIoOwner.Kind.writer && !space.bug(Bug.NoJoinOnRemove)
                && o.viewLo < o.viewHi) {
            // taken' = taken \ view: the view's pages that were taken come back
            remaining += space.windowPages() - remainingPages(taken.subRangeSet(Range.closedOpen(o.viewLo, o.viewHi)));
        }
        space.emit(e.post("remainingPages", remaining).post("readers", readers).post("writers", writers));
    }

    /** {@code |mem_view \cap window|}: the remaining view counted over the trace window. */
    long remainingPages() {
        return remainingPages(taken);
    }

    /** The pages of {@code [lo, hi)} in the trace window. */
    private long windowPagesOf(long lo, long hi) {
        long from = Math.max(lo, space.windowBase());
        long to = Math.min(hi, space.maxUserspaceVaddr());
        return from < to ? (to - from) / space.pageSize() : 0;
    }

    /** {@code windowPages} minus the pages of {@code takenSet} in the trace window. */
    private long remainingPages(RangeSet<Long> takenSet) {
        long base = space.windowBase();
        long top = space.maxUserspaceVaddr();
        long inWindow = 0;
        for (Range<Long> r : takenSet.subRangeSet(Range.closedOpen(base, top)).asRanges()) {
            inWindow += (r.upperEndpoint() - r.lowerEndpoint()) / space.pageSize();
        }
        return space.windowPages() - inWindow;
    }

    ImmutableSortedMap<Long, Snapshot.OwnerState> ownerStates() {
        ImmutableSortedMap.Builder<Long, Snapshot.OwnerState> b = ImmutableSortedMap.naturalOrder();
        for (VmIoOwner o : owners.values()) {
            b.put(o.id, new Snapshot.OwnerState(o.id, o.kind, o.state, o.start, o.end, o.viewPages(space.pageSize()),
                    o.isFallible));
        }
        return b.build();
    }

    ImmutableSortedSet<Long> takenPages() {
        ImmutableSortedSet.Builder<Long> b = ImmutableSortedSet.naturalOrder();
        for (Range<Long> r : taken.asRanges()) {
            for (long p = r.lowerEndpoint(); p < r.upperEndpoint(); p += space.pageSize()) {
                b.add(p);
            }
        }
        return b.build();
    }
}
