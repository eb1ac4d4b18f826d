package org.vmspace.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.vmspace.mm.CursorMut;
import org.vmspace.mm.tlb.TlbFlushOp;
import org.vmspace.mm.Fallible;
import org.vmspace.mm.VmReader;
import org.vmspace.mm.VmSpace;
import org.vmspace.mm.VmWriter;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageProperty;
import org.vmspace.model.UFrame;
import org.vmspace.model.Vaddr;
import org.vmspace.model.VmException;

/** One thread's share of the workload: its own owners and at most one cursor. */
final class Actor implements Runnable {
    private static final long U64_MAX = -1L;
    private final VmSpace space;
    private final int index;
    private final Random rnd;
    private final int ops;
    private final boolean concurrent;
    private final int threads;
    /** --flush-ops: issue frameless flushes before explicit dispatches (draws from rnd only then). */
    private final boolean flushOps;
    private final int ps;
    private final long base;
    private final long top;
    private final int pages;
    /**
     * This actor's owners by local lifecycle state: created, active, disposed, and removed or dropped
     * (the last 4, kept for refusals).
     */
    private final List<List<VmReader<Fallible>>> rs = List.of(new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>(), new ArrayList<>());
    private final List<List<VmWriter<Fallible>>> ws = List.of(new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>(), new ArrayList<>());
    private static final int CREATED = 0;
    private static final int ACTIVE = 1;
    private static final int DISPOSED = 2;
    private static final int REMOVED = 3;
    private CursorMut cursor;
    private int cursorOps;
    /** The last cursor this actor dropped (for requests on a dropped cursor: InvalidState). */
    private CursorMut dropped;
    /** Each owner's requested {@code [vaddr, vaddr + len)} (for creations that conflict with it). */
    private final Map<Object, long[]> ranges = new java.util.IdentityHashMap<>();

    Actor(VmSpace space, int index, Random rnd, int ops, int threads, boolean flushOps) {
        this.flushOps = flushOps;
        this.space = space;
        this.index = index;
        this.threads = threads;
        this.concurrent = threads > 1;
        this.rnd = rnd;
        this.ops = ops;
        this.ps = space.pageSize();
        this.base = space.windowBase();
        this.top = space.maxUserspaceVaddr();
        this.pages = space.windowPages();
    }

    @Override
    public void run() {
        try {
            runOps();
        } finally {
            if (cursor != null) { // on every path: other actors may wait for this range
                CursorMut c = cursor;
                cursor = null;
                try {
                    c.close();
                } catch (RuntimeException e) {
                    // the space failed; the range lock is gone with it (waiters were woken)
                }
            }
        }
    }

    private void runOps() {
        int done = 0;
        space.activate(index % space.cpus());
        done++;
        // Every CPU is activated at the start, at any thread count: actor t also takes the CPUs
        // t + threads, t + 2 * threads, ... (so THREADS=1 uses CPU 1 as much as CPU 0).
        for (int c = index + threads; c < space.cpus() && done < ops; c += threads) {
            space.activate(c);
            done++;
        }
        if (index == 0 && done < ops) { // preamble: map about 3/4 of the window
            try (CursorMut c = space.cursorMut(base, top)) {
                done++;
                for (int p = 0; p < pages && done + 2 < ops; p++) {
                    if (rnd.nextInt(4) != 0 && space.lowestFreeFrame().isPresent()) {
                        c.mapAny(PageProperty.RW);
                        done++;
                    } else {
                        c.jump(Math.min(c.virtAddr() + ps, top - ps));
                        done++;
                    }
                }
            } catch (VmException e) {
                // another thread raced us to a frame: fine
            }
            done++;
        }
        for (; done < ops; done++) {
            try {
                step();
            } catch (VmException e) {
                // A refused request: logged by the implementation, nothing changed.
            }
        }
    }

    /**
     * The CPU of a request: any CPU, uniformly, so the work spreads over every CPU at any thread
     * count (cross-CPU TLB shootdowns happen with one thread too: WorkloadTest).
     */
    private int cpu() {
        return rnd.nextInt(space.cpus());
    }

    private long page() {
        return base + (long) rnd.nextInt(pages) * ps;
    }

    /** A byte range inside the window: up to 3 pages, sometimes unaligned, sometimes empty. */
    private long[] window() {
        long v = page() + (rnd.nextInt(3) == 0 ? rnd.nextInt(ps) : 0);
        long max = top - v;
        long len = switch (rnd.nextInt(8)) {
            case 0 -> 0;
            case 1 -> 1 + rnd.nextInt(16);
            case 2, 3 -> ps;
            default -> 1 + rnd.nextInt(3 * ps);
        };
        return new long[] {v, Math.min(len, max)};
    }

    private void step() {
        int r = rnd.nextInt(100);
        if (r < 3) {
            space.activate(rnd.nextInt(space.cpus()));
        } else if (r < 4) {
            space.deactivate(rnd.nextInt(space.cpus()));
        } else if (r < 10) {
            create(true);
        } else if (r < 16) {
            create(false);
        } else if (r < 18) {
            badCreate();
        } else if (r < 22) {
            activate(rnd.nextBoolean());
        } else if (r < 40) {
            io();
        } else if (r < 43) {
            skip();
        } else if (r < 48) {
            dispose();
        } else if (r < 53) {
            remove();
        } else if (r < 57) {
            wrongState();
        } else if (r < 58) {
            badCursor();
        } else {
            cursorStep();
        }
    }

    private <T> T pick(List<T> l) {
        return l.isEmpty() ? null : l.get(rnd.nextInt(l.size()));
    }

    private <T> void move(List<List<T>> lists, T x, int from, int to) {
        lists.get(from).remove(x);
        List<T> dst = lists.get(to);
        dst.add(x);
        if (to == REMOVED && dst.size() > 4) {
            ranges.remove(dst.remove(0));
        }
    }

    private void create(boolean reader) {
        long[] w = window();
        if (reader) {
            if (rs.get(CREATED).size() + rs.get(ACTIVE).size() + rs.get(DISPOSED).size() > 6) {
                return;
            }
            VmReader<Fallible> x = space.reader(cpu(), w[0], w[1]);
            ranges.put(x, w);
            rs.get(CREATED).add(x);
        } else {
            if (ws.get(CREATED).size() + ws.get(ACTIVE).size() + ws.get(DISPOSED).size() > 6) {
                return;
            }
            VmWriter<Fallible> x = space.writer(cpu(), w[0], w[1]);
            ranges.put(x, w);
            ws.get(CREATED).add(x);
        }
        int r = rnd.nextInt(16);
        if (r < 12) {
            activate(reader);
        } else if (r == 12) { // the fresh owner is dropped without ever being activated
            if (reader) {
                drop(rs, rs.get(CREATED).get(rs.get(CREATED).size() - 1));
            } else {
                drop(ws, ws.get(CREATED).get(ws.get(CREATED).size() - 1));
            }
        }
    }

    /** DropOwner of a created owner (Rust: dropping a never-activated VmReader/VmWriter); it is gone. */
    private <T> void drop(List<List<T>> lists, T x) {
        if (x instanceof VmReader<?>) {
            @SuppressWarnings("unchecked") VmReader<Fallible> r = (VmReader<Fallible>) x;
            space.owner().dropOwner(r);
        } else {
            @SuppressWarnings("unchecked") VmWriter<Fallible> w = (VmWriter<Fallible>) x;
            space.owner().dropOwner(w);
        }
        move(lists, x, CREATED, REMOVED);
    }

    /**
     * After a refused activation (NotMapped, Conflict, Borrowed) the owner is usually dropped
     * (DropOwner); otherwise it stays created for a later attempt. No owner is ever forgotten while
     * live, so the spec's {@code owners} does not grow with the trace.
     */
    private <T> void dropAfterRefusal(List<List<T>> lists, T x, VmException e) {
        if (e.kind() != ErrorKind.InvalidState && rnd.nextInt(10) != 0) {
            drop(lists, x);
        }
    }

    private void badCreate() {
        long v;
        long len;
        switch (rnd.nextInt(5)) {
            case 0 -> { // vaddr + len overflows u64
                v = page();
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
            space.owner().dropOwner(space.reader(cpu(), v, len));
        } else {
            space.owner().dropOwner(space.writer(cpu(), v, len));
        }
    }

    /** Activates a created owner; a refused one is usually dropped (DropOwner), else retried later. */
    private void activate(boolean reader) {
        if (reader) {
            VmReader<Fallible> x = pick(rs.get(CREATED));
            if (x != null) {
                try {
                    space.owner().activateReader(x);
                    move(rs, x, CREATED, ACTIVE);
                } catch (VmException e) {
                    dropAfterRefusal(rs, x, e);
                    throw e;
                }
            }
        } else {
            VmWriter<Fallible> x = pick(ws.get(CREATED));
            if (x != null) {
                try {
                    space.owner().activateWriter(x);
                    move(ws, x, CREATED, ACTIVE);
                } catch (VmException e) {
                    dropAfterRefusal(ws, x, e);
                    throw e;
                }
            }
        }
    }

    private void io() {
        if (rnd.nextBoolean()) {
            VmReader<Fallible> x = pick(rs.get(ACTIVE));
            if (x == null) {
                return;
            }
            x.onCpu(cpu());
            switch (rnd.nextInt(5)) {
                case 0 -> x.readLong();
                case 1 -> x.readOnceLong();
                case 2 -> x.readFallible(VmWriter.fromSlice(new byte[1 + rnd.nextInt(ps)]));
                default -> x.read(VmWriter.fromSlice(new byte[1 + rnd.nextInt(ps)]));
            }
        } else {
            VmWriter<Fallible> x = pick(ws.get(ACTIVE));
            if (x == null) {
                return;
            }
            x.onCpu(cpu());
            switch (rnd.nextInt(7)) {
                case 0 -> x.writeVal(rnd.nextLong());
                case 1 -> x.writeOnce(rnd.nextLong());
                case 2 -> x.fill(rnd.nextLong());
                case 3 -> x.fillZeros(1 + rnd.nextInt(ps));
                case 4 -> x.writeFallible(VmReader.fromSlice(bytes(1 + rnd.nextInt(ps))));
                default -> x.write(VmReader.fromSlice(bytes(1 + rnd.nextInt(ps))));
            }
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private void skip() {
        long n = rnd.nextInt(4) == 0 ? ps * 4L : rnd.nextInt(64);
        if (rnd.nextBoolean()) {
            VmReader<Fallible> x = pick(rs.get(ACTIVE));
            if (x != null) {
                x.skip(n);
            }
        } else {
            VmWriter<Fallible> x = pick(ws.get(ACTIVE));
            if (x != null) {
                x.skip(n);
            }
        }
    }

    private void dispose() {
        if (rnd.nextBoolean()) {
            VmReader<Fallible> x = pick(rs.get(ACTIVE));
            if (x != null) {
                space.owner().disposeReader(x);
                move(rs, x, ACTIVE, DISPOSED);
            }
        } else {
            VmWriter<Fallible> x = pick(ws.get(ACTIVE));
            if (x != null) {
                space.owner().disposeWriter(x);
                move(ws, x, ACTIVE, DISPOSED);
            }
        }
    }

    private void remove() {
        if (rnd.nextBoolean()) {
            VmReader<Fallible> x = pick(rs.get(DISPOSED));
            if (x != null) {
                space.owner().removeReader(x);
                move(rs, x, DISPOSED, REMOVED);
            }
        } else {
            VmWriter<Fallible> x = pick(ws.get(DISPOSED));
            if (x != null) {
                try {
                    space.owner().removeWriter(x);
                } finally {
                    // Under DisposeEmptyDrops the owner may already be gone: refused, and forgotten.
                    move(ws, x, DISPOSED, REMOVED);
                }
            }
        }
    }

    /**
     * Requests the spec refuses in the state they are made in, of every kind (TraceVmSpace.tla's
     * RefusalAgrees; WorkloadRefusalsTest checks the workload makes each): lifecycle calls on owners
     * in the wrong state, creations that conflict with a parked owner, I/O on a CPU where the space is
     * not current or longer than the range, skips past the end, requests on a dropped cursor.
     */
    private void wrongState() {
        switch (rnd.nextInt(20)) {
            case 8 -> { // ActivateReader twice
                VmReader<Fallible> x = pick(rs.get(ACTIVE));
                if (x != null) {
                    space.owner().activateReader(x);
                }
            }
            case 9 -> { // DisposeWriter of a writer that is not active: created or disposed
                VmWriter<Fallible> x = pick(ws.get(rnd.nextBoolean() ? CREATED : DISPOSED));
                if (x != null) {
                    space.owner().disposeWriter(x);
                }
            }
            case 10 -> { // RemoveReader / RemoveWriter of an owner never disposed (created or active)
                int from = rnd.nextBoolean() ? CREATED : ACTIVE;
                if (rnd.nextBoolean()) {
                    VmReader<Fallible> x = pick(rs.get(from));
                    if (x != null) {
                        space.owner().removeReader(x);
                    }
                } else {
                    VmWriter<Fallible> x = pick(ws.get(from));
                    if (x != null) {
                        space.owner().removeWriter(x);
                    }
                }
            }
            case 11 -> conflictingCreate(); // can_create_reader / can_create_writer says no: Conflict
            case 12 -> offCpuIo(); // I/O on a CPU where this space is not current: AccessDenied
            case 13 -> { // I/O longer than the range left: InvalidArgs
                if (rnd.nextBoolean()) {
                    VmReader<Fallible> x = pick(rs.get(ACTIVE));
                    if (x != null) {
                        x.onCpu(cpu()).readOnceLong();
                    }
                } else {
                    VmWriter<Fallible> x = pick(ws.get(ACTIVE));
                    if (x != null) {
                        x.onCpu(cpu()).writeOnce(rnd.nextLong());
                    }
                }
            }
            case 14 -> { // Skip on an owner that is not active, or past the end of its range
                VmReader<Fallible> x = pick(rs.get(rnd.nextBoolean() ? DISPOSED : REMOVED));
                if (x != null) {
                    x.skip(1);
                } else {
                    VmWriter<Fallible> w = pick(ws.get(ACTIVE));
                    if (w != null) {
                        w.skip(ps * 4L + rnd.nextInt(ps)); // ranges are at most 3 pages: InvalidArgs
                    }
                }
            }
            case 15 -> deadCursor(); // a request on a dropped cursor: InvalidState
            case 16 -> { // I/O through a created (never activated) writer: InvalidState
                VmWriter<Fallible> x = pick(ws.get(CREATED));
                if (x != null) {
                    x.onCpu(cpu()).writeVal(1L);
                }
            }
            case 17 -> { // ActivateWriter / ActivateReader of an owner that is gone
                if (rnd.nextBoolean()) {
                    VmWriter<Fallible> x = pick(ws.get(REMOVED));
                    if (x != null) {
                        space.owner().activateWriter(x);
                    }
                } else {
                    VmReader<Fallible> x = pick(rs.get(REMOVED));
                    if (x != null) {
                        space.owner().activateReader(x);
                    }
                }
            }
            case 18 -> { // DisposeReader of a reader that is gone or disposed
                VmReader<Fallible> x = pick(rs.get(rnd.nextBoolean() ? DISPOSED : REMOVED));
                if (x != null) {
                    space.owner().disposeReader(x);
                }
            }
            case 19 -> { // RemoveWriter of a writer that is gone
                VmWriter<Fallible> x = pick(ws.get(REMOVED));
                if (x != null) {
                    space.owner().removeWriter(x);
                }
            }
            case 0 -> {
                VmReader<Fallible> x = pick(rs.get(REMOVED));
                if (x != null) {
                    x.read(VmWriter.fromSlice(new byte[8]));
                }
            }
            case 1 -> {
                VmWriter<Fallible> x = pick(ws.get(DISPOSED));
                if (x != null) {
                    x.writeVal(1L);
                }
            }
            case 2 -> {
                VmWriter<Fallible> x = pick(ws.get(ACTIVE));
                if (x != null) {
                    space.owner().removeWriter(x);
                }
            }
            case 3 -> {
                VmReader<Fallible> x = pick(rs.get(CREATED));
                if (x != null) {
                    space.owner().disposeReader(x);
                }
            }
            case 4 -> {
                VmWriter<Fallible> x = pick(ws.get(ACTIVE));
                if (x != null) {
                    space.owner().activateWriter(x);
                }
            }
            case 5 -> { // DropOwner of an owner that is not created: active or disposed
                VmReader<Fallible> x = pick(rs.get(rnd.nextBoolean() ? ACTIVE : DISPOSED));
                if (x != null) {
                    space.owner().dropOwner(x);
                }
            }
            case 6 -> { // DropOwner of an active writer, or of one that is gone
                VmWriter<Fallible> x = pick(ws.get(rnd.nextBoolean() ? ACTIVE : REMOVED));
                if (x != null) {
                    space.owner().dropOwner(x);
                }
            }
            default -> {
                VmReader<Fallible> x = pick(rs.get(REMOVED));
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
        Object parked = reader || rnd.nextBoolean() ? pick(ws.get(DISPOSED)) : pick(rs.get(DISPOSED));
        long[] w = parked == null ? null : ranges.get(parked);
        if (w == null) {
            return;
        }
        if (reader) {
            space.owner().dropOwner(space.reader(cpu(), w[0], w[1]));
        } else {
            space.owner().dropOwner(space.writer(cpu(), w[0], w[1]));
        }
    }

    /**
     * I/O on a CPU where this space is not current: the CPU is switched to another space
     * (Deactivate), the request is refused AccessDenied, and the CPU is switched back (Activate).
     */
    private void offCpuIo() {
        int c = rnd.nextInt(space.cpus());
        VmReader<Fallible> r = rnd.nextBoolean() ? pick(rs.get(ACTIVE)) : null;
        VmWriter<Fallible> w = r == null ? pick(ws.get(ACTIVE)) : null;
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
        CursorMut c = dropped;
        if (c == null) {
            return;
        }
        List<Runnable> requests = List.of(
                () -> c.mapDeferred(space.frame(rnd.nextInt(space.frameCount())), prop()),
                () -> c.unmap(ps),
                () -> c.protectNext(ps, prop()),
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
    private void badCursor() {
        long lo = page();
        long hi = switch (rnd.nextInt(3)) {
            case 0 -> lo + ps / 2;
            case 1 -> lo;
            default -> top + ps;
        };
        space.cursorMut(lo, hi, Duration.ZERO).close();
    }

    /** One to three frameless flush ops: All, Address or Range, inside the window; now and then a refused one. */
    private void issueFlushes(CursorMut c) {
        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
            long lo = page();
            long hi = lo + (1 + rnd.nextInt((int) Math.min((top - lo) / ps, 8))) * (long) ps;
            int w = rnd.nextInt(20);
            try {
                c.flusher().issueTlbFlush(w < 2 ? TlbFlushOp.all() : w < 8 ? TlbFlushOp.address(lo)
                        : w < 19 ? TlbFlushOp.range(lo, hi) : TlbFlushOp.range(hi, lo)); // the last: InvalidArgs
            } catch (VmException e) {
                // a refused range: logged, nothing changed
            }
        }
    }

    private void openCursor() {
        long lo = page();
        long maxPages = (top - lo) / ps;
        long hi = lo + (1 + rnd.nextInt((int) Math.min(maxPages, 16))) * (long) ps;
        cursor = concurrent && rnd.nextBoolean()
                ? space.cursorMut(lo, hi, Duration.ofMillis(1 + rnd.nextInt(5)))
                : space.cursorMut(lo, hi);
        cursorOps = 2 + rnd.nextInt(12);
    }

    private void cursorStep() {
        if (cursor == null) {
            openCursor();
            return;
        }
        if (--cursorOps <= 0) {
            CursorMut c = cursor;
            cursor = null;
            dropped = c;
            c.close();
            return;
        }
        CursorMut c = cursor;
        long va = c.virtAddr();
        long left = c.hi() - va;
        int r = rnd.nextInt(100);
        if (r < 40) {
            if (!Vaddr.lt(va, c.hi()) && rnd.nextInt(4) != 0) { // else: Map past the end panics
                c.jump(c.lo() + (long) rnd.nextInt((int) ((c.hi() - c.lo()) / ps)) * ps);
            }
            List<UFrame> free = space.freeFrames();
            if (rnd.nextInt(30) == 0) { // a frame that is probably in use: InvalidArgs
                c.map(space.frame(rnd.nextInt(space.frameCount())), prop());
            } else if (rnd.nextInt(20) == 0 || free.isEmpty()) {
                c.mapAny(prop());
            } else {
                c.map(free.get(rnd.nextInt(free.size())), prop());
            }
        } else if (r < 50) {
            c.unmap(Math.min(left, (long) (rnd.nextInt(3) == 0 ? 2 : 1) * ps));
        } else if (r < 54) {
            c.unmapDeferred(Math.min(left, ps));
        } else if (r < 62) {
            c.protectNext(lenUpTo(left), prop());
        } else if (r < 74) {
            c.jump(c.lo() + (long) rnd.nextInt((int) ((c.hi() - c.lo()) / ps)) * ps);
        } else if (r < 78) {
            c.findNext(lenUpTo(left));
        } else if (r < 80) {
            if (Vaddr.lt(va, c.hi())) {
                c.query();
            }
        } else if (r < 86) {
            if (flushOps) {
                issueFlushes(c);
            }
            c.flusher().dispatchTlbFlush();
        } else if (r < 90) { // Busy: the timed variant over the own locked range
            space.cursorMut(c.lo(), c.lo() + ps, Duration.ZERO).close();
        } else if (r < 94) { // panics: unaligned or too long
            if (flushOps) { // the newer cursor calls' refusals too (no draw from rnd: see deadCursor)
                try {
                    c.findNext(left + ps);
                } catch (VmException e) {
                    // Panic: past the cursor's range; logged, nothing changed
                }
            }
            c.unmap(rnd.nextBoolean() ? ps / 2 : left + ps);
        } else if (r < 97) {
            c.jump(rnd.nextBoolean() ? c.hi() : c.lo() + 1);
        } else {
            c.protectNext(left + ps, prop());
        }
    }

    private PageProperty prop() {
        return rnd.nextInt(4) == 0 ? PageProperty.READ_ONLY : PageProperty.RW;
    }

    private long lenUpTo(long left) {
        long p = left / ps;
        return p <= 0 ? 0 : (long) rnd.nextInt((int) Math.min(p, 8) + 1) * ps;
    }
}
