package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.vmspace.model.PageProperty;
import org.vmspace.model.VmException;

/** Several threads on one VmSpace: no deadlock, invariants intact, no lost writes. */
class ConcurrencyTest {
    private static final int THREADS = 4;

    @Test
    void disjointWritersOnSeveralThreadsLoseNoWrite() {
        VmSpace space = VmSpace.builder().cpus(THREADS).frames(32).windowPages(32).build();
        int ps = space.pageSize();
        long base = space.windowBase();
        try (CursorMut c = space.cursorMut(base, base + 32L * ps)) {
            for (int i = 0; i < 32; i++) {
                c.mapAny(PageProperty.RW);
            }
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            ExecutorService ex = Executors.newFixedThreadPool(THREADS);
            List<Future<byte[]>> fs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                fs.add(ex.submit(() -> {
                    space.activate(id);
                    long start = base + (long) id * 8 * ps; // 8 pages per thread
                    byte[] last = new byte[8 * ps];
                    Random rnd = new Random(id);
                    for (int round = 0; round < 50; round++) {
                        rnd.nextBytes(last);
                        VmWriter<Fallible> w = space.writer(id, start, last.length);
                        space.owner().activateWriter(w);
                        assertEquals(last.length, w.write(VmReader.fromSlice(last)));
                        space.owner().disposeWriter(w);
                        space.owner().removeWriter(w);
                    }
                    return last;
                }));
            }
            for (int t = 0; t < THREADS; t++) {
                byte[] expected = fs.get(t).get();
                VmReader<Fallible> r = space.reader(t, base + (long) t * 8 * ps, expected.length);
                space.owner().activateReader(r);
                byte[] got = new byte[expected.length];
                r.read(VmWriter.fromSlice(got));
                assertArrayEquals(expected, got, "thread " + t + " lost writes");
            }
            ex.shutdown();
        });
        assertEquals(List.of(), Invariants.violations(space.snapshot()));
    }

    @Test
    void contendingCursorsAndOwnersDoNotDeadlockAndKeepInvariants() {
        VmSpace space = VmSpace.builder().cpus(2).frames(16).windowPages(16).build();
        int ps = space.pageSize();
        long base = space.windowBase();
        List<String> violations = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    Random rnd = new Random(100 + id);
                    space.activate(id % 2);
                    for (int i = 0; i < 1500; i++) {
                        try {
                            long lo = base + (long) rnd.nextInt(16) * ps;
                            int n = 1 + rnd.nextInt((int) ((base + 16L * ps - lo) / ps));
                            if (rnd.nextBoolean()) {
                                try (CursorMut c = rnd.nextBoolean() ? space.cursorMut(lo, lo + (long) n * ps)
                                        : space.cursorMut(lo, lo + (long) n * ps, Duration.ofMillis(1))) {
                                    if (rnd.nextBoolean()) {
                                        c.mapAny(rnd.nextBoolean() ? PageProperty.RW : PageProperty.READ_ONLY);
                                    } else {
                                        c.unmap(ps);
                                    }
                                }
                            } else if (rnd.nextBoolean()) {
                                VmWriter<Fallible> w = space.writer(id % 2, lo, 1 + rnd.nextInt(2 * ps));
                                space.owner().activateWriter(w);
                                try {
                                    w.writeFallible(VmReader.fromSlice(new byte[ps]));
                                } finally {
                                    space.owner().disposeWriter(w);
                                    space.owner().removeWriter(w);
                                }
                            } else {
                                VmReader<Fallible> r = space.reader(id % 2, lo, 1 + rnd.nextInt(2 * ps));
                                space.owner().activateReader(r);
                                try {
                                    r.readFallible(VmWriter.fromSlice(new byte[ps]));
                                } finally {
                                    space.owner().disposeReader(r);
                                    space.owner().removeReader(r);
                                }
                            }
                        } catch (VmException e) {
                            // refusals are expected under contention
                        }
                        if (i % 100 == 0) {
                            List<String> v = Invariants.violations(space.snapshot());
                            synchronized (violations) {
                                violations.addAll(v);
                            }
                        }
                    }
                }, "w-" + t);
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
        });
        assertEquals(List.of(), violations);
        assertEquals(List.of(), Invariants.violations(space.snapshot()));
        assertEquals(0, space.snapshot().cursors().size());
    }
}
