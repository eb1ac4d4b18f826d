package org.vmspace.mm;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageRange;
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
 * writers ({@code taken}). {@code readers}/{@code writers} (the seed's lists) are the owners in state
 * {@code disposed} of that kind.
 */
public final class VmSpaceOwner {
    private final VmSpace space;
    final boolean sharedReader;
    private final Set<Long> taken = new HashSet<>();
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
        VmIoOwner o = reader.owner();
        transition(TraceOp.ActivateReader, o, VmIoOwner.Kind.reader, VmIoOwner.State.created, true, () -> {
            ImmutableSortedSet<Long> pages = pagesOf(o);
            for (long p : pages) {
                if (taken.contains(p) || !space.isMapped(p)) {
                    throw refuse(TraceOp.ActivateReader, o, ErrorKind.NotMapped,
                            "page " + Vaddr.hex(p) + (taken.contains(p) ? " is held by a writer" : " is not mapped"));
                }
            }
            if (!sharedReader && !Bugs.on(Bug.NoReaderDisjointCheck)) {
                for (VmIoOwner r : owners.values()) {
                    if (r != o && r.kind == VmIoOwner.Kind.reader
                            && (r.state == VmIoOwner.State.active || r.state == VmIoOwner.State.disposed)
                            && (Vaddr.overlaps(r.start, r.end, o.start, o.end)
                                || !java.util.Collections.disjoint(r.view, pages))) {
                        throw refuse(TraceOp.ActivateReader, o, ErrorKind.Conflict, "overlaps " + r);
                    }
                }
            }
            o.view = pages;
            o.state = VmIoOwner.State.active;
        });
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
        VmIoOwner o = writer.owner();
        transition(TraceOp.ActivateWriter, o, VmIoOwner.Kind.writer, VmIoOwner.State.created, true, () -> {
            ImmutableSortedSet<Long> pages = pagesOf(o);
            boolean skipOverlap = Bugs.on(Bug.NoWriterOverlapCheck);
            for (long p : pages) {
                if ((!skipOverlap && taken.contains(p)) || !space.isMapped(p)) {
                    throw refuse(TraceOp.ActivateWriter, o, ErrorKind.NotMapped,
                            "page " + Vaddr.hex(p) + (space.isMapped(p) ? " is held by a writer" : " is not mapped"));
                }
            }
            if (!Bugs.on(Bug.NoBorrowCheck)) {
                for (VmIoOwner r : owners.values()) {
                    if (r.kind == VmIoOwner.Kind.reader
                            && (r.state == VmIoOwner.State.active || r.state == VmIoOwner.State.disposed)) {
                        for (long p : pages) {
                            if (r.view.contains(p)) {
                                throw refuse(TraceOp.ActivateWriter, o, ErrorKind.Borrowed,
                                        "page " + Vaddr.hex(p) + " is borrowed by " + r);
                            }
                        }
                    }
                }
            }
            o.view = pages;
            taken.addAll(pages);
            o.state = VmIoOwner.State.active;
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
        dispose(TraceOp.DisposeReader, reader.owner(), VmIoOwner.Kind.reader);
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
        dispose(TraceOp.DisposeWriter, writer.owner(), VmIoOwner.Kind.writer);
    }

    private void dispose(TraceOp op, VmIoOwner o, VmIoOwner.Kind kind) {
        transition(op, o, kind, VmIoOwner.State.active, false, () -> {
            if (Bugs.on(Bug.DisposeEmptyDrops) && o.start == o.end) {
                o.state = VmIoOwner.State.removed;
                owners.remove(o.id);
            } else {
                o.state = VmIoOwner.State.disposed;
            }
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
        remove(TraceOp.RemoveReader, reader.owner(), VmIoOwner.Kind.reader);
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
        remove(TraceOp.RemoveWriter, writer.owner(), VmIoOwner.Kind.writer);
    }

    private void remove(TraceOp op, VmIoOwner o, VmIoOwner.Kind kind) {
        transition(op, o, kind, VmIoOwner.State.disposed, false, () -> {
            owners.remove(o.id);
            o.state = VmIoOwner.State.removed;
            if (kind == VmIoOwner.Kind.writer && !Bugs.on(Bug.NoJoinOnRemove)) {
                taken.removeAll(o.view);
            }
        });
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
        drop(reader.owner());
    }

    /** Dropping a writer that was never activated; see {@link #dropOwner(VmReader)}. */
    public void dropOwner(VmWriter<Fallible> writer) {
        drop(writer.owner());
    }

    private void drop(VmIoOwner o) {
        space.lock.lock();
        try {
            if (o.state != VmIoOwner.State.created) {
                throw refuse(TraceOp.DropOwner, o, ErrorKind.InvalidState,
                        o + " is " + o.state + ", needs to be created (never activated)");
            }
            owners.remove(o.id);
            o.state = VmIoOwner.State.removed;
            if (space.tracing()) {
                space.emit(TraceEvent.of(TraceOp.DropOwner).arg("id", o.id));
            }
        } finally {
            space.lock.unlock();
        }
    }

    // ------------------------------------------------------------ helpers (under the lock)

    /**
     * One lifecycle action {@code op} on {@code o}, under the lock: refused {@code InvalidState} unless
     * {@code o} is a {@code need} owner of {@code kind}; then {@code effect} (its guards may refuse
     * further, with nothing changed); then {@code op} is logged as taken, with the new view when
     * {@code withView}.
     */
    private void transition(TraceOp op, VmIoOwner o, VmIoOwner.Kind kind, VmIoOwner.State need, boolean withView,
            Runnable effect) {
        space.lock.lock();
        try {
            checkState(op, o, kind, need);
            effect.run();
            emitOk(op, o, withView);
        } finally {
            space.lock.unlock();
        }
    }

    private ImmutableSortedSet<Long> pagesOf(VmIoOwner o) {
        return PageRange.rangePages(o.start, o.end, space.pageSize(), space.maxUserspaceVaddr());
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

    private void emitOk(TraceOp op, VmIoOwner o, boolean withView) {
        if (!space.tracing()) {
            return;
        }
        TraceEvent e = TraceEvent.of(op).arg("id", o.id);
        if (withView) {
            List<String> v = new ArrayList<>(o.view.size());
            for (long p : o.view) {
                v.add(Vaddr.hex(p));
            }
            e.post("view", v);
        }
        int readers = 0;
        int writers = 0;
        for (VmIoOwner x : owners.values()) {
            if (x.state == VmIoOwner.State.disposed) {
                if (x.kind == VmIoOwner.Kind.reader) {
                    readers++;
                } else {
                    writers++;
                }
            }
        }
        space.emit(e.post("remainingPages", remainingPages()).post("readers", readers).post("writers", writers));
    }

    /** {@code |mem_view \cap window|}: the remaining view counted over the trace window. */
    long remainingPages() {
        long base = space.windowBase();
        long top = space.maxUserspaceVaddr();
        long inWindow = 0;
        for (long p : taken) {
            if (p >= base && p < top) {
                inWindow++;
            }
        }
        return space.windowPages() - inWindow;
    }

    ImmutableSortedMap<Long, Snapshot.OwnerState> ownerStates() {
        ImmutableSortedMap.Builder<Long, Snapshot.OwnerState> b = ImmutableSortedMap.naturalOrder();
        for (VmIoOwner o : owners.values()) {
            b.put(o.id, new Snapshot.OwnerState(o.id, o.kind, o.state, o.start, o.end, o.view, o.isFallible));
        }
        return b.build();
    }

    ImmutableSortedSet<Long> takenPages() {
        return ImmutableSortedSet.copyOf(taken);
    }
}
