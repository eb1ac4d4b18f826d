package org.vmspace.workload;

import static org.vmspace.workload.OwnerBooks.ACTIVE;
import static org.vmspace.workload.OwnerBooks.CREATED;
import static org.vmspace.workload.OwnerBooks.DISPOSED;
import static org.vmspace.workload.OwnerBooks.REMOVED;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vmspace.mm.CursorMut;
import org.vmspace.mm.Fallible;
import org.vmspace.mm.VmReader;
import org.vmspace.mm.VmSpace;
import org.vmspace.mm.VmWriter;
import org.vmspace.mm.tlb.TlbFlushOp;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;

/**
 * An actor's requests that the spec refuses in the state they are made in (TraceVmSpace.tla's
 * RefusalAgrees): creations past the user space or over a parked owner's range, lifecycle calls and I/O on
 * owners in the wrong state, I/O off the CPU or past the range, cursors with a bad range, requests on a
 * dropped cursor.
 */
final class Refusals {
    private static final long U64_MAX = -1L;
    private final VmSpace space;
    private final Draws d;
    private final Random rnd;
    private final int ps;
    private final OwnerBooks b;
    private final List<List<VmReader<Fallible>>> rs;
    private final List<List<VmWriter<Fallible>>> ws;
    private final long top;
    private final int pages;
    private final CursorOps cursors;
    /** --flush-ops: the newer cursor calls on a dropped cursor too. */
    private final boolean flushOps;

    Refusals(VmSpace space, Draws d, OwnerBooks b, CursorOps cursors, boolean flushOps) {
        this.space = space;
        this.d = d;
        this.rnd = d.rnd;
        this.ps = d.ps;
        this.b = b;
        this.rs = b.rs;
        this.ws = b.ws;
        this.top = d.top;
        this.pages = d.pages;
        this.cursors = cursors;
        this.flushOps = flushOps;
    }

    void badCreate() {
        long v;
        long len;
        switch (rnd.nextInt(5)) {
            case 0 -> { // vaddr + len overflows u64
                v = d.page();
                len = U64_MAX - rnd.nextInt(ps);
            }
            case 1 -> { // near 2^64
                v = U64_MAX - rnd.nextInt(ps);
                len = 1 + rnd.nextInt(ps);
            }
            case 2 -> { // kernel space
                v = Vaddr.KERNEL_BASE_VADDR + (long) rnd.nextInt(pages) * ps;
                len = ps;
            }
            case 3 -> { // crosses MAX_USERSPACE_VADDR
                v = top - 1 - rnd.nextInt(ps);
                len = ps + rnd.nextInt(ps);
            }
            default -> { // at MAX_USERSPACE_VADDR
                v = top;
                len = rnd.nextInt(2);
            }
        }
        // Ending exactly at MAX_USERSPACE_VADDR is allowed (e.g. an empty range at the top): such an
        // owner is created and then dropped at once, so it does not stay in the books forever.
        if (rnd.nextBoolean()) {
            space.owner().dropOwner(space.reader(d.cpu(), v, len));
        } else {
            space.owner().dropOwner(space.writer(d.cpu(), v, len));
        }
    }

    /**
     * Requests the spec refuses in the state they are made in, of every kind (TraceVmSpace.tla's
     * RefusalAgrees; WorkloadRefusalsTest checks the workload makes each): lifecycle calls on owners
     * in the wrong state, creations that conflict with a parked owner, I/O on a CPU where the space is
     * not current or longer than the range, skips past the end, requests on a dropped cursor.
     */
    void wrongState() {
        switch (rnd.nextInt(20)) {
            case 8 -> { // ActivateReader twice
                VmReader<Fallible> x = d.pick(rs.get(ACTIVE));
                if (x != null) {
                    space.owner().activateReader(x);
                }
            }
            case 9 -> { // DisposeWriter of a writer that is not active: created or disposed
                VmWriter<Fallible> x = d.pick(ws.get(rnd.nextBoolean() ? CREATED : DISPOSED));
                if (x != null) {
                    space.owner().disposeWriter(x);
                }
            }
            case 10 -> { // RemoveReader / RemoveWriter of an owner never disposed (created or active)
                int from = rnd.nextBoolean() ? CREATED : ACTIVE;
                if (rnd.nextBoolean()) {
                    VmReader<Fallible> x = d.pick(rs.get(from));
                    if (x != null) {
                        space.owner().removeReader(x);
                    }
                } else {
                    VmWriter<Fallible> x = d.pick(ws.get(from));
                    if (x != null) {
                        space.owner().removeWriter(x);
                    }
                }
            }
            case 11 -> conflictingCreate(); // can_create_reader / can_create_writer says no: Conflict
            case 12 -> offCpuIo(); // I/O on a CPU where this space is not current: AccessDenied
            case 13 -> { // I/O longer than the range left: InvalidArgs
                if (rnd.nextBoolean()) {
                    VmReader<Fallible> x = d.pick(rs.get(ACTIVE));
                    if (x != null) {
                        x.onCpu(d.cpu()).readOnceLong();
                    }
                } else {
                    VmWriter<Fallible> x = d.pick(ws.get(ACTIVE));
                    if (x != null) {
                        x.onCpu(d.cpu()).writeOnce(rnd.nextLong());
                    }
                }
            }
            case 14 -> { // Skip on an owner that is not active, or past the end of its range
                VmReader<Fallible> x = d.pick(rs.get(rnd.nextBoolean() ? DISPOSED : REMOVED));
                if (x != null) {
                    if (flushOps) { // and limit on it (the newer calls; no draw): InvalidState, not created
                        try {
                            x.limit(0);
                        } catch (VmException e) {
                            // InvalidState: logged, nothing changed
                        }
                    }
                    x.skip(1);
                } else {
                    VmWriter<Fallible> w = d.pick(ws.get(ACTIVE));
                    if (w != null) {
                        w.skip(ps * 4L + rnd.nextInt(ps)); // ranges are at most 3 pages: InvalidArgs
                    }
                }
            }
            case 15 -> deadCursor(); // a request on a dropped cursor: InvalidState
            case 16 -> { // I/O through a created (never activated) writer: InvalidState
                VmWriter<Fallible> x = d.pick(ws.get(CREATED));
                if (x != null) {
                    x.onCpu(d.cpu()).writeVal(1L);
                }
            }
            case 17 -> { // ActivateWriter / ActivateReader of an owner that is gone
                if (rnd.nextBoolean()) {
                    VmWriter<Fallible> x = d.pick(ws.get(REMOVED));
                    if (x != null) {
                        space.owner().activateWriter(x);
                    }
                } else {
                    VmReader<Fallible> x = d.pick(rs.get(REMOVED));
                    if (x != null) {
                        space.owner().activateReader(x);
                    }
                }
            }
            case 18 -> { // DisposeReader of a reader that is gone or disposed
                VmReader<Fallible> x = d.pick(rs.get(rnd.nextBoolean() ? DISPOSED : REMOVED));
                if (x != null) {
                    space.owner().disposeReader(x);
                }
            }
            case 19 -> { // RemoveWriter of a writer that is gone
                VmWriter<Fallible> x = d.pick(ws.get(REMOVED));
                if (x != null) {
                    space.owner().removeWriter(x);
                }
            }
            case 0 -> {
                VmReader<Fallible> x = d.pick(rs.get(REMOVED));
                if (x != null) {
                    x.read(VmWriter.fromSlice(new byte[8]));
                }
            }
            case 1 -> {
                VmWriter<Fallible> x = d.pick(ws.get(DISPOSED));
                if (x != null) {
                    x.writeVal(1L);
                }
            }
            case 2 -> {
                VmWriter<Fallible> x = d.pick(ws.get(ACTIVE));
                if (x != null) {
                    space.owner().removeWriter(x);
                }
            }
            case 3 -> {
                VmReader<Fallible> x = d.pick(rs.get(CREATED));
                if (x != null) {
                    space.owner().disposeReader(x);
                }
            }
            case 4 -> {
                VmWriter<Fallible> x = d.pick(ws.get(ACTIVE));
                if (x != null) {
                    space.owner().activateWriter(x);
                }
            }
            case 5 -> { // DropOwner of an owner that is not created: active or disposed
                VmReader<Fallible> x = d.pick(rs.get(rnd.nextBoolean() ? ACTIVE : DISPOSED));
                if (x != null) {
                    space.owner().dropOwner(x);
                }
            }
            case 6 -> { // DropOwner of an active writer, or of one that is gone
                VmWriter<Fallible> x = d.pick(ws.get(rnd.nextBoolean() ? ACTIVE : REMOVED));
                if (x != null) {
                    space.owner().dropOwner(x);
                }
            }
            default -> {
                VmReader<Fallible> x = d.pick(rs.get(REMOVED));
                if (x != null) {
                    space.owner().removeReader(x);
                }
            }
        }
    }

    /**
     * A creation over a parked owner's range: a reader over a disposed writer's, a writer over a
     * disposed reader's or writer's (refused Conflict when the ranges overlap; an owner that is
     * created after all, e.g. an empty range, is dropped at once).
     */
    private void conflictingCreate() {
        boolean reader = rnd.nextBoolean();
        Object parked = reader || rnd.nextBoolean() ? d.pick(ws.get(DISPOSED)) : d.pick(rs.get(DISPOSED));
        long[] w = parked == null ? null : b.ranges.get(parked);
        if (w == null) {
            return;
        }
        if (reader) {
            space.owner().dropOwner(space.reader(d.cpu(), w[0], w[1]));
        } else {
            space.owner().dropOwner(space.writer(d.cpu(), w[0], w[1]));
        }
    }

    /**
     * I/O on a CPU where this space is not current: the CPU is switched to another space
     * (Deactivate), the request is refused AccessDenied, and the CPU is switched back (Activate).
     */
    private void offCpuIo() {
        int c = rnd.nextInt(space.cpus());
        VmReader<Fallible> r = rnd.nextBoolean() ? d.pick(rs.get(ACTIVE)) : null;
        VmWriter<Fallible> w = r == null ? d.pick(ws.get(ACTIVE)) : null;
        if (r == null && w == null) {
            return;
        }
        space.deactivate(c);
        try {
            if (r != null) {
                r.onCpu(c).readByte();
            } else {
                w.onCpu(c).writeVal(rnd.nextLong());
            }
        } catch (VmException e) {
            // AccessDenied (another thread may have activated c again: then the I/O ran)
        } finally {
            space.activate(c);
        }
    }

    /** Requests of every kind on this actor's last dropped cursor: each refused InvalidState. */
    private void deadCursor() {
        CursorMut c = cursors.dropped();
        if (c == null) {
            return;
        }
        List<Runnable> requests = List.of(
                () -> c.mapDeferred(space.frame(rnd.nextInt(space.frameCount())), d.prop()),
                () -> c.unmap(ps),
                () -> c.protectNext(ps, d.prop()),
                () -> c.jump(c.lo()),
                () -> c.flusher().dispatchTlbFlush());
        if (flushOps) { // with --flush-ops, the newer cursor calls on a dropped cursor too (no draw
            // from rnd, so the default traces, whose seeds tests pin, stay as they were)
            requests = new ArrayList<>(requests);
            requests.add(() -> c.findNext(ps));
            requests.add(() -> c.flusher().issueTlbFlush(TlbFlushOp.address(c.lo())));
        }
        for (Runnable q : requests) {
            try {
                q.run();
            } catch (VmException e) {
                // InvalidState: logged, nothing changed
            }
        }
    }

    /** Cursor requests with a bad range (AccessDenied); never below the window base. */
    void badCursor() {
        long lo = d.page();
        long hi = switch (rnd.nextInt(3)) {
            case 0 -> lo + ps / 2;
            case 1 -> lo;
            default -> top + ps;
        };
        space.cursorMut(lo, hi, Duration.ZERO).close();
    }
}
