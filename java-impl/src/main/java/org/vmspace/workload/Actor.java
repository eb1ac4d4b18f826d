package org.vmspace.workload;

import java.util.Random;
import org.vmspace.mm.CursorMut;
import org.vmspace.mm.VmSpace;
import org.vmspace.model.PageProperty;
import org.vmspace.model.VmException;

/**
 * One thread's share of the workload: its own owners and at most one cursor. It activates its CPUs, maps
 * the preamble, then runs its random steps, each one of its parts' requests: {@link Lifecycle} (owner
 * lifecycle calls), {@link IoOps} (user-space I/O), {@link CursorOps} (the cursor and its page-table
 * requests), {@link Refusals} (requests the spec refuses); all draw from one {@link Draws}.
 */
final class Actor implements Runnable {
    private final VmSpace space;
    private final int index;
    private final Random rnd;
    private final int ops;
    private final int threads;
    private final int ps;
    private final long base;
    private final long top;
    private final int pages;
    private final Lifecycle lifecycle;
    private final IoOps io;
    private final CursorOps cursors;
    private final Refusals refusals;

    Actor(VmSpace space, int index, Random rnd, int ops, int threads, boolean flushOps) {
        this.space = space;
        this.index = index;
        this.threads = threads;
        this.rnd = rnd;
        this.ops = ops;
        Draws d = new Draws(space, rnd);
        this.ps = d.ps;
        this.base = d.base;
        this.top = d.top;
        this.pages = d.pages;
        OwnerBooks b = new OwnerBooks();
        this.lifecycle = new Lifecycle(space, d, b, flushOps);
        this.io = new IoOps(d, b);
        this.cursors = new CursorOps(space, d, threads > 1, flushOps);
        this.refusals = new Refusals(space, d, b, cursors, flushOps);
    }

    @Override
    public void run() {
        try {
            runOps();
        } finally {
            cursors.closeOnExit();
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

    private void step() {
        int r = rnd.nextInt(100);
        if (r < 3) {
            space.activate(rnd.nextInt(space.cpus()));
        } else if (r < 4) {
            space.deactivate(rnd.nextInt(space.cpus()));
        } else if (r < 10) {
            lifecycle.create(true);
        } else if (r < 16) {
            lifecycle.create(false);
        } else if (r < 18) {
            refusals.badCreate();
        } else if (r < 22) {
            lifecycle.activate(rnd.nextBoolean());
        } else if (r < 40) {
            io.io();
        } else if (r < 43) {
            io.skip();
        } else if (r < 48) {
            lifecycle.dispose();
        } else if (r < 53) {
            lifecycle.remove();
        } else if (r < 57) {
            refusals.wrongState();
        } else if (r < 58) {
            refusals.badCursor();
        } else {
            cursors.cursorStep();
        }
    }
}
