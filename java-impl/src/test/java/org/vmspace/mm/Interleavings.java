package org.vmspace.mm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.PageProperty;
import org.vmspace.model.VmException;
import org.vmspace.trace.TraceEvent;
import org.vmspace.trace.TraceSink;

/**
 * The interleaving scenarios of {@link InterleavingTest}, explored by Lincheck's model checker
 * ({@code org.jetbrains.lincheck:lincheck}, {@link ModelCheckingOptions}): it runs a scenario's two
 * threads under its own scheduler and switches threads at shared-memory accesses, lock operations and
 * parking, one interleaving per invocation (systematically, not by timing luck); a deadlock is a
 * failure too. Each scenario is a class (a fresh instance per invocation) whose one operation
 * {@code step()} runs in both threads: the step that starts first takes part 0, the other part 1 (an
 * atomic counter; the model checker explores both orders). A step returns {@code "ok"}, or the
 * invariant violation it saw; run one after the other (Lincheck's sequential specification) every step
 * returns {@code "ok"}, so a violation seen in some interleaving is a result no sequential order
 * explains, and Lincheck fails, printing that interleaving and the results.
 *
 * <p>Run as a program, in a JVM of its own (InterleavingTest says why):
 * {@code Interleavings INVOCATIONS} prints one line per check:
 * {@code CHECK <scenario> <bug> <invocations> <ms> passed|failed <the violation in Lincheck's report, or ->}.
 */
public final class Interleavings {
    /**
     * Lincheck's defaults (a thread switch every 10 loop iterations, a loop of more than 50 iterations
     * taken for a livelock) flag the page-table walks (512 slots per node) as spin loops. Every such
     * loop runs under the VmSpace lock, where a switch lets no other thread in, so switches inside
     * loops come after 1000 iterations and a loop must run 100,000 before it counts as a livelock; lock
     * operations, shared accesses outside loops and parking stay switch points. The invocation timeout
     * is 10 minutes (the default 10 s reports a hang on a loaded machine).
     */
    static ModelCheckingOptions options(int invocations) {
        ModelCheckingOptions o = new ModelCheckingOptions().iterations(1).invocationsPerIteration(invocations)
                .threads(2).actorsPerThread(1).actorsBefore(0).actorsAfter(0).minimizeFailedScenario(false)
                .loopIterationsBeforeThreadSwitch(1000).loopBound(100_000);
        o.invocationTimeout$lincheck(600_000L);
        // Code that runs only under the VmSpace lock (or on immutable snapshots) gets no switch points:
        // a switch there lets no other thread in. The lock operations, VmSpace's, VmSpaceOwner's and the
        // handles' own accesses stay switch points.
        o.addGuarantee(ManagedStrategyGuaranteeKt.forClasses(
                (kotlin.jvm.functions.Function1<String, Boolean>) n -> IGNORED.stream().anyMatch(n::startsWith))
                .allMethods().ignore());
        return o;
    }

    /** Classes (name prefixes) whose code runs only under the VmSpace lock or on immutable values. */
    static final List<String> IGNORED = List.of("com.google.", "org.vmspace.mm.pagetable.PageTable",
            "org.vmspace.mm.tlb.Tlb", "org.vmspace.mm.TlbFlusher", "org.vmspace.mm.frame.FrameAllocator", "org.vmspace.mm.Snapshot", "org.vmspace.mm.Invariants",
            "org.vmspace.mm.VmIoOwner", "org.vmspace.trace.", "org.vmspace.model.", "org.vmspace.mm.Interleavings$OpsSink");

    /** The invariants a step reports (its result, which Lincheck's failure report prints). */
    static final java.util.regex.Pattern VIOLATION = java.util.regex.Pattern.compile(
            "(AccessSafeInv|NoStaleTlbInv|CursorExclusionInv|NoReadWriteAliasingInv): [^|\\n]*");

    /** A check: a scenario class, the planted bug switched on (or none). */
    record Check(String name, Class<?> scenario, Bug bug) {}

    static final List<Check> CHECKS = List.of(
            new Check("shootdown", Shootdown.class, null),
            new Check("shootdown", Shootdown.class, Bug.LateShootdown),
            new Check("rangeLock", RangeLock.class, null),
            new Check("rangeLock", RangeLock.class, Bug.NoCursorLock),
            new Check("activation", Activation.class, null),
            new Check("activation", Activation.class, Bug.NoBorrowCheck));

    /**
     * The bugs of the spaces the scenarios build (Lincheck makes a fresh scenario instance per invocation
     * through its no-argument constructor); set by {@link #main} before each check, in this program's own JVM.
     */
    static volatile Set<Bug> planted = EnumSet.noneOf(Bug.class);

    private Interleavings() {}

    public static void main(String[] args) {
        int invocations = Integer.parseInt(args[0]);
        for (Check c : CHECKS) {
            if (args.length > 1 && !List.of(args).subList(1, args.length).contains(c.name() + ":" + c.bug())) {
                continue; // Interleavings N name:bug .. runs those checks only
            }
            planted = c.bug() == null ? EnumSet.noneOf(Bug.class) : EnumSet.of(c.bug());
            long t0 = System.nanoTime();
            String outcome;
            String seen = "-";
            try {
                options(invocations).check(c.scenario());
                outcome = "passed";
            } catch (Throwable e) { // Lincheck's failure report (or its own error while writing one)
                outcome = "failed";
                String m = String.valueOf(e);
                java.util.regex.Matcher vm = VIOLATION.matcher(m);
                if (vm.find()) {
                    seen = vm.group().strip();
                }
                System.err.println("== " + c.name() + " " + c.bug() + ": " + m.substring(0, Math.min(m.length(), 20_000)));
            }
            System.out.println("CHECK " + c.name() + " " + c.bug() + " " + invocations + " "
                    + (System.nanoTime() - t0) / 1_000_000 + " " + outcome + " " + seen);
        }
        System.out.flush();
        System.exit(0); // Lincheck's threads must not keep the JVM alive
    }

    /** A violation a step saw, as the step's result. */
    private static String seen(String violation) {
        return violation;
    }

    /** A trace sink that keeps only the operations and outcomes (cheap under the model checker). */
    static final class OpsSink implements TraceSink {
        final List<String> ops = new ArrayList<>();

        @Override
        public synchronized void emit(long seq, String thread, TraceEvent event) {
            ops.add(event.op() + (event.outcome().equals("ok") ? "" : "(" + event.outcome() + ")"));
        }

        synchronized List<String> ops() {
            return List.copyOf(ops);
        }
    }

    /**
     * Cursor close with its flush dispatch and TLB shootdown, against I/O on another CPU. CPU 1 holds a
     * writer over page 0 whose translation is cached in its TLB, and a cursor has unmapped page 0 (its
     * frame pending in the cursor's flusher). Part 0 closes the cursor ({@code DispatchTlbFlush}: the
     * shootdown and the frame's release, then {@code DropCursor}); part 1 writes
     * through the writer, then checks the last access and the TLBs. The write either lands in the
     * still-referenced frame (before the dispatch) or faults (after it): never in a free frame.
     */
    public static final class Shootdown {
        final AtomicInteger roles = new AtomicInteger();
        final OpsSink log = new OpsSink();
        final VmSpace space = VmSpace.builder().cpus(2).frames(2).windowPages(2).bugs(planted).sink(log).build();
        final long va = space.windowBase();
        final int ps = space.pageSize();
        final VmWriter<Fallible> w;
        final CursorMut c;

        public Shootdown() {
            space.activate(0);
            space.activate(1);
            try (CursorMut m = space.cursorMut(va, va + ps)) {
                m.mapAny(PageProperty.RW);
            }
            w = space.writer(1, va, 16);
            space.owner().activateWriter(w);
            w.writeVal(1L); // CPU 1 caches <<va, f, TRUE>>
            c = space.cursorMut(va, va + ps);
            c.unmapDeferred(ps); // Unmap: the frame is pending in c's flusher, CPU 1's entry still there
        }

        @Operation
        public String step() {
            int t = roles.getAndIncrement(); // the first step to start is part 0, the other part 1
            if (t == 0) {
                c.close(); // DispatchTlbFlush (the shootdown), DropCursor
                return "ok";
            }
            try {
                w.writeVal(2L);
            } catch (PageFaultException e) {
                // the shootdown landed first: the page is gone
            } catch (VmException e) {
                return "ok"; // a second write past the writer's range (both threads writing)
            }
            Snapshot s = space.snapshot();
            List<String> logged = log.ops(); // the stale write is logged after DispatchTlbFlush
            Optional<String> v = Invariants.accessSafeInv(s).map(x -> "AccessSafeInv: " + x)
                    .or(() -> Invariants.noStaleTlbInv(s).map(x -> "NoStaleTlbInv: " + x));
            return v.map(x -> seen(x + "; log " + logged)).orElse("ok");
        }
    }

    /**
     * Range locks: part 0 locks pages [0, 2), part 1 pages [1, 3); each maps a page and checks,
     * while it holds its cursor, that no live cursor overlaps another. The second waits for the first.
     */
    public static final class RangeLock {
        final AtomicInteger roles = new AtomicInteger();
        final VmSpace space = VmSpace.builder().cpus(2).frames(4).windowPages(4).bugs(planted).sink(new OpsSink()).build();
        final long base = space.windowBase();
        final int ps = space.pageSize();

        @Operation
        public String step() {
            int t = roles.getAndIncrement(); // the first step to start is part 0, the other part 1
            long lo = base + (long) t * ps;
            try (CursorMut c = space.cursorMut(lo, lo + 2L * ps)) {
                c.mapAny(PageProperty.RW);
                return Invariants.cursorExclusionInv(space.snapshot()).map(x -> seen("CursorExclusionInv: " + x))
                        .orElse("ok");
            }
        }
    }

    /**
     * Owner activation against I/O: part 0 activates a reader over page 0 on CPU 0, reads, disposes
     * and removes it; part 1 tries to activate a writer over the same page on CPU 1 and writes when it
     * may. Whatever the order, no page is in a reader's and a writer's view at once, and every access
     * stays in its view on live frames. A refused activation changes nothing and ends the step.
     */
    public static final class Activation {
        final AtomicInteger roles = new AtomicInteger();
        final VmSpace space = VmSpace.builder().cpus(2).frames(2).windowPages(2).bugs(planted).sink(new OpsSink()).build();
        final VmReader<Fallible> r;
        final VmWriter<Fallible> w;

        public Activation() {
            long va = space.windowBase();
            space.activate(0);
            space.activate(1);
            try (CursorMut c = space.cursorMut(va, va + space.pageSize())) {
                c.mapAny(PageProperty.RW);
            }
            r = space.reader(0, va, 8);
            w = space.writer(1, va, 8);
        }

        @Operation
        public String step() {
            int t = roles.getAndIncrement(); // the first step to start is part 0, the other part 1
            try {
                if (t == 0) {
                    space.owner().activateReader(r);
                    r.readLong();
                    String v = check();
                    space.owner().disposeReader(r);
                    space.owner().removeReader(r);
                    return v;
                }
                space.owner().activateWriter(w);
                String v = check();
                w.writeVal(7L);
                return v.equals("ok") ? check() : v;
            } catch (VmException refused) {
                return "ok"; // Borrowed / NotMapped (the other holds the page): nothing changed
            }
        }

        private String check() {
            Snapshot s = space.snapshot();
            return Invariants.noReadWriteAliasingInv(s).map(x -> seen("NoReadWriteAliasingInv: " + x))
                    .or(() -> Invariants.accessSafeInv(s).map(x -> seen("AccessSafeInv: " + x)))
                    .orElse("ok");
        }
    }
}
