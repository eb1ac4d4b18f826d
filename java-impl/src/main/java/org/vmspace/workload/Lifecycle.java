package org.vmspace.workload;

import static org.vmspace.workload.OwnerBooks.ACTIVE;
import static org.vmspace.workload.OwnerBooks.CREATED;
import static org.vmspace.workload.OwnerBooks.DISPOSED;
import static org.vmspace.workload.OwnerBooks.REMOVED;

import java.util.List;
import java.util.Random;
import org.vmspace.mm.Fallible;
import org.vmspace.mm.VmReader;
import org.vmspace.mm.VmSpace;
import org.vmspace.mm.VmWriter;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.VmException;

/**
 * An actor's lifecycle calls on its owners (each in the state it can be made in): {@code Reader} /
 * {@code Writer}, {@code ActivateReader} / {@code ActivateWriter}, {@code DisposeReader} /
 * {@code DisposeWriter}, {@code RemoveReader} / {@code RemoveWriter} and {@code DropOwner}, kept in the
 * actor's {@link OwnerBooks}.
 */
final class Lifecycle {
    private final VmSpace space;
    private final Draws d;
    private final Random rnd;
    private final OwnerBooks b;
    private final List<List<VmReader<Fallible>>> rs;
    private final List<List<VmWriter<Fallible>>> ws;
    /** --flush-ops (the calls added since trace v2): a fresh owner is sometimes limited (draws from rnd only then). */
    private final boolean newerCalls;

    Lifecycle(VmSpace space, Draws d, OwnerBooks b, boolean newerCalls) {
        this.newerCalls = newerCalls;
        this.space = space;
        this.d = d;
        this.rnd = d.rnd;
        this.b = b;
        this.rs = b.rs;
        this.ws = b.ws;
    }

    void create(boolean reader) {
        long[] w = d.window();
        if (reader) {
            if (rs.get(CREATED).size() + rs.get(ACTIVE).size() + rs.get(DISPOSED).size() > 6) {
                return;
            }
            VmReader<Fallible> x = space.reader(d.cpu(), w[0], w[1]);
            b.ranges.put(x, limited(x, w));
            rs.get(CREATED).add(x);
        } else {
            if (ws.get(CREATED).size() + ws.get(ACTIVE).size() + ws.get(DISPOSED).size() > 6) {
                return;
            }
            VmWriter<Fallible> x = space.writer(d.cpu(), w[0], w[1]);
            b.ranges.put(x, limited(x, w));
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

    /**
     * With --flush-ops, one fresh owner in four is limited ({@code Limit(i, n)}, trace v4) to a draw in
     * {@code 0 .. len + 1} (so also to more than it has: nothing changes); returns its range as the books keep it.
     */
    private long[] limited(Object x, long[] w) {
        if (!newerCalls || rnd.nextInt(4) != 0) {
            return w;
        }
        long n = rnd.nextInt((int) Math.min(w[1], 1 << 20) + 2);
        if (x instanceof VmReader<?> r) {
            r.limit(n);
        } else {
            ((VmWriter<?>) x).limit(n);
        }
        return new long[] {w[0], Math.min(w[1], n)};
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
        b.move(lists, x, CREATED, REMOVED);
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

    /** Activates a created owner; a refused one is usually dropped (DropOwner), else retried later. */
    void activate(boolean reader) {
        if (reader) {
            VmReader<Fallible> x = d.pick(rs.get(CREATED));
            if (x != null) {
                try {
                    space.owner().activateReader(x);
                    b.move(rs, x, CREATED, ACTIVE);
                } catch (VmException e) {
                    dropAfterRefusal(rs, x, e);
                    throw e;
                }
            }
        } else {
            VmWriter<Fallible> x = d.pick(ws.get(CREATED));
            if (x != null) {
                try {
                    space.owner().activateWriter(x);
                    b.move(ws, x, CREATED, ACTIVE);
                } catch (VmException e) {
                    dropAfterRefusal(ws, x, e);
                    throw e;
                }
            }
        }
    }

    void dispose() {
        if (rnd.nextBoolean()) {
            VmReader<Fallible> x = d.pick(rs.get(ACTIVE));
            if (x != null) {
                space.owner().disposeReader(x);
                b.move(rs, x, ACTIVE, DISPOSED);
            }
        } else {
            VmWriter<Fallible> x = d.pick(ws.get(ACTIVE));
            if (x != null) {
                space.owner().disposeWriter(x);
                b.move(ws, x, ACTIVE, DISPOSED);
            }
        }
    }

    void remove() {
        if (rnd.nextBoolean()) {
            VmReader<Fallible> x = d.pick(rs.get(DISPOSED));
            if (x != null) {
                space.owner().removeReader(x);
                b.move(rs, x, DISPOSED, REMOVED);
            }
        } else {
            VmWriter<Fallible> x = d.pick(ws.get(DISPOSED));
            if (x != null) {
                try {
                    space.owner().removeWriter(x);
                } finally {
                    // Under DisposeEmptyDrops the owner may already be gone: refused, and forgotten.
                    b.move(ws, x, DISPOSED, REMOVED);
                }
            }
        }
    }
}
