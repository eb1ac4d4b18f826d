package org.vmspace.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The many-spaces machine (tla/VmSpaceMachine.tla): cross-space activation, the flush rule, shared
 * frames and a copy-on-write fork, with the spec's invariants checked after every step. Evidence
 * the checks can fail: each {@link MachineBug} run through the same scenario makes the invariant the
 * spec's bug model names fail ({@link #eachBugBreaksTheInvariantItsSpecBugModelNames}).
 */
class MachineTest {
    private static void ok(Machine m) {
        assertEquals(List.of(), m.violatedInvariants());
    }

    @Test
    void activatingASpaceReplacesTheOneThereAndDropsTheTlb() {
        Machine m = new Machine(2, 4);
        Space a = m.newSpace();
        Space b = m.newSpace();
        a.map(0, Prop.RW);
        m.activate(0, a);
        m.write(0, 0, 7);
        assertEquals(1, m.tlb(0).size());
        m.activate(1, a); // one space may be current on several CPUs
        m.activate(0, b);
        assertSame(b, m.current(0));
        assertSame(a, m.current(1));
        assertTrue(m.tlb(0).isEmpty(), "no ASIDs: the switch drops the TLB");
        assertThrows(MachineFault.class, () -> m.read(0, 0), "b maps nothing");
        assertEquals(7, m.read(1, 0));
        ok(m);
    }

    @Test
    void aFlushReachesEveryCpuWhereTheSpaceIsCurrentAndThenFreesTheFrame() {
        Machine m = new Machine(3, 2);
        Space a = m.newSpace();
        Space b = m.newSpace();
        int f = a.map(0, Prop.RW);
        m.activate(0, a);
        m.activate(1, a);
        m.activate(2, b);
        m.read(0, 0);
        m.read(1, 0);
        a.unmap(0);
        assertFalse(m.isFree(f), "held by the flusher");
        assertEquals(1, m.refcount(f));
        ok(m); // stale entries, but their frame is held
        a.dispatchTlbFlush(0);
        assertNull(m.tlb(0).get(0L));
        assertNull(m.tlb(1).get(0L), "the remote CPU where a is current");
        assertTrue(m.isFree(f));
        ok(m);
    }

    @Test
    void copyOnWriteForkSharesReadOnlyCopiesOnWriteAndFreesTheOldFrameAfterTheFlush() {
        Machine m = new Machine(2, 3);
        Space parent = m.newSpace();
        int f = parent.map(0, Prop.RW);
        m.activate(0, parent);
        m.write(0, 0, 42);
        Space child = parent.fork();
        assertEquals(2, m.refcount(f));
        assertEquals(Prop.COW, parent.leaf(0).prop());
        assertEquals(Prop.COW, child.leaf(0).prop());
        assertTrue(m.tlb(0).isEmpty(), "fork flushed the parent's writable entry");
        ok(m);
        m.activate(1, child);
        assertEquals(42, m.read(1, 0));
        m.write(0, 0, 43); // fault: copy
        int g = parent.leaf(0).frame();
        assertNotEquals(f, g);
        assertEquals(Prop.RW, parent.leaf(0).prop());
        assertEquals(43, m.read(0, 0));
        assertEquals(42, m.read(1, 0), "the child still sees the value at fork time");
        assertEquals(2, m.refcount(f), "the child's mapping and the parent's pending flush");
        assertEquals(Set.of(new Space.Op(0, f)), parent.pending());
        ok(m);
        parent.dispatchTlbFlush(0);
        assertEquals(1, m.refcount(f));
        assertFalse(m.isFree(f));
        m.write(1, 0, 44); // fault: the child holds the only reference: reuse, no copy
        assertEquals(new Space.Leaf(f, Prop.RW), child.leaf(0));
        assertEquals(44, m.read(1, 0));
        assertEquals(43, m.read(0, 0));
        ok(m);
        child.unmap(0);
        assertFalse(m.isFree(f));
        child.dispatchTlbFlush(1);
        assertTrue(m.isFree(f));
        ok(m);
    }

    @Test
    void aSharedFrameIsFreeOnlyOnceNoSpaceMapsItAndNoFlushHoldsIt() {
        Machine m = new Machine(1, 2);
        Space a = m.newSpace();
        int f = a.map(0, Prop.R);
        Space b = a.fork();
        Space c = b.fork();
        assertEquals(3, m.refcount(f));
        assertEquals(Prop.R, c.leaf(0).prop());
        a.unmap(0);
        a.dispatchTlbFlush(0);
        b.unmap(0);
        assertEquals(2, m.refcount(f));
        b.dispatchTlbFlush(0);
        c.unmap(0);
        assertFalse(m.isFree(f));
        ok(m);
        c.dispatchTlbFlush(0);
        assertTrue(m.isFree(f));
        ok(m);
        m.activate(0, a);
        assertThrows(MachineFault.class, () -> m.write(0, 0, 1));
    }

    @Test
    void aFrameAtTwoPagesOfOneSpaceIsCopiedOnTheFirstWriteAndSharedUntilThen() {
        Machine m = new Machine(2, 2);
        Space a = m.newSpace();
        int f = a.map(0, Prop.RW);
        m.activate(0, a);
        m.activate(1, a);
        m.write(0, 0, 5);
        a.shareCow(0, a, 1);
        assertEquals(2, m.refcount(f));
        assertTrue(m.tlb(0).isEmpty(), "the writable entry of page 0 was flushed");
        assertEquals(5, m.read(1, 1));
        ok(m);
        m.write(1, 1, 6); // page 1 copies; page 0 keeps f
        assertEquals(5, m.read(0, 0));
        assertEquals(6, m.read(1, 1));
        assertEquals(f, a.leaf(0).frame());
        assertEquals(Set.of(new Space.Op(1, f)), a.pending());
        ok(m);
        a.dispatchTlbFlush(1);
        m.write(0, 0, 7); // page 0 now holds the only reference: reuse
        assertEquals(new Space.Leaf(f, Prop.RW), a.leaf(0));
        assertEquals(6, m.read(1, 1));
        ok(m);
        assertThrows(IllegalArgumentException.class, () -> a.shareCow(0, a, 0));
        assertThrows(IllegalArgumentException.class, () -> a.shareCow(0, a, 1), "target mapped");
    }

    @Test
    void sharingAPageWithTheForkBugsBreaksTheSameInvariants() {
        for (var k : List.of(List.of(MachineBug.ForkParentWritable, "CowReadOnlyInv"),
                List.of(MachineBug.ForkNoRefcount, "RefcountInv"), List.of(MachineBug.ForkNoFlush, "CowReadOnlyInv"))) {
            Machine m = new Machine(1, 2, Set.of((MachineBug) k.get(0)));
            Space a = m.newSpace();
            a.map(0, Prop.RW);
            m.activate(0, a);
            m.write(0, 0, 1);
            a.shareCow(0, a, 1);
            assertTrue(m.violatedInvariants().contains((String) k.get(1)), k + ": " + m.violatedInvariants());
        }
    }

    /** A scenario touching every guard: fork, remote caching, copy, unmaps and flushes, a switch. */
    private static List<String> scenario(Set<MachineBug> bugs) {
        Machine m = new Machine(3, 3, bugs);
        Space a = m.newSpace();
        a.map(0, Prop.RW);
        m.activate(0, a);
        m.activate(1, a);
        m.write(0, 0, 1); // cpu 0 caches a writable entry
        m.read(1, 0);
        Space b = a.fork();
        if (!m.violatedInvariants().isEmpty()) {
            return m.violatedInvariants();
        }
        m.activate(2, b);
        m.read(2, 0);
        m.read(1, 0); // after the fork's flush, cpu 1 caches the shared frame read-only
        m.write(0, 0, 2); // a copies; cpu 1 still caches the old, shared frame
        m.write(2, 0, 3); // b: the old frame is still held by a's flusher: copy (reuse is the bug)
        if (!m.violatedInvariants().isEmpty()) {
            return m.violatedInvariants();
        }
        a.dispatchTlbFlush(0);
        if (!m.violatedInvariants().isEmpty()) {
            return m.violatedInvariants();
        }
        a.unmap(0);
        a.dispatchTlbFlush(0);
        b.unmap(0);
        if (!m.violatedInvariants().isEmpty()) {
            return m.violatedInvariants();
        }
        b.dispatchTlbFlush(2);
        if (!m.violatedInvariants().isEmpty()) {
            return m.violatedInvariants();
        }
        Space c = m.newSpace();
        c.map(0, Prop.RW);
        m.activate(1, c);
        m.read(1, 0);
        m.activate(1, a);
        return m.violatedInvariants();
    }

    @Test
    void theScenarioKeepsEveryInvariantWithoutBugs() {
        assertEquals(List.of(), scenario(Set.of()));
    }

    @Test
    void eachBugBreaksTheInvariantItsSpecBugModelNames() {
        record Case(MachineBug bug, String invariant) {}
        List<Case> cases = List.of(
                new Case(MachineBug.NoTlbDropOnSwitch, "TlbCurrentInv"),
                new Case(MachineBug.ForkParentWritable, "CowReadOnlyInv"),
                new Case(MachineBug.ForkNoFlush, "CowReadOnlyInv"),
                new Case(MachineBug.ForkNoRefcount, "RefcountInv"),
                new Case(MachineBug.CowReuseIgnoresHolds, "WriteExclusiveInv"));
        for (Case k : cases) {
            assertTrue(scenario(Set.of(k.bug())).contains(k.invariant()), k + ": " + scenario(Set.of(k.bug())));
        }
    }

    @Test
    void theFlushAndFreeBugsBreakTheirInvariants() {
        // FlushLocalOnly: issued on CPU 0, CPU 1 (a is current there) keeps an entry to the freed frame
        Machine m = new Machine(2, 2, Set.of(MachineBug.FlushLocalOnly));
        Space a = m.newSpace();
        a.map(0, Prop.RW);
        m.activate(0, a);
        m.activate(1, a);
        m.read(1, 0);
        a.unmap(0);
        a.dispatchTlbFlush(0);
        assertEquals(List.of("NoStaleTlbInv"), m.violatedInvariants());
        // FreeBeforeFlush: the unmap frees the frame the CPU still caches
        Machine m2 = new Machine(1, 2, Set.of(MachineBug.FreeBeforeFlush));
        Space a2 = m2.newSpace();
        a2.map(0, Prop.RW);
        m2.activate(0, a2);
        m2.read(0, 0);
        a2.unmap(0);
        assertEquals(List.of("NoStaleTlbInv"), m2.violatedInvariants());
        // FreeIgnoresRefcount: free on the first unmap's flush while the child maps the frame
        Machine m3 = new Machine(1, 2, Set.of(MachineBug.FreeIgnoresRefcount));
        Space a3 = m3.newSpace();
        a3.map(0, Prop.R);
        a3.fork();
        a3.unmap(0);
        a3.dispatchTlbFlush(0);
        assertEquals(List.of("FreeFramesUnmappedInv"), m3.violatedInvariants());
        // LeakOnDispatch: the last reference dropped, the frame never returns
        Machine m4 = new Machine(1, 2, Set.of(MachineBug.LeakOnDispatch));
        Space a4 = m4.newSpace();
        a4.map(0, Prop.R);
        a4.unmap(0);
        a4.dispatchTlbFlush(0);
        assertEquals(List.of("UnreferencedFreeInv"), m4.violatedInvariants());
    }

    /**
     * The names are the spec's: every MachineBug is a BUG value of tla/VmSpaceMachine.tla, and the
     * invariants Java checks are those the pass model MCVmSpaceMachine.cfg lists (but TypeOK, the
     * history flag WriteThroughWritableInv, which Java has no step for, and the by-construction
     * NoTlbToFreeInv / TlbFunctionalInv). Fails when either side renames or adds one.
     */
    @Test
    void theBugAndInvariantNamesAreTheSpecs() throws Exception {
        Path root = Path.of(System.getProperty("vmspace.root", ".."));
        String spec = Files.readString(root.resolve("tla/VmSpaceMachine.tla"));
        String bugs = spec.substring(spec.indexOf("Bugs == {"), spec.indexOf("}", spec.indexOf("Bugs == {")));
        for (MachineBug b : MachineBug.values()) {
            assertTrue(bugs.contains("\"" + b.name() + "\""), b + " is not a BUG of VmSpaceMachine.tla");
        }
        List<String> listed = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^INVARIANT (\\w+)$").matcher(Files.readString(root.resolve("tla/MCVmSpaceMachine.cfg")));
        while (m.find()) {
            listed.add(m.group(1));
        }
        listed.removeAll(List.of("TypeOK", "WriteThroughWritableInv", "NoTlbToFreeInv", "TlbFunctionalInv"));
        assertEquals(listed, Machine.INVARIANTS, "the invariants Machine checks, in the cfg's order");
    }

    /**
     * A space of another machine is refused by every operation, with a message naming it. Kills (PIT,
     * fea042a) the removed {@code own} guard of {@code activate} (171), {@code shareCow}'s target (436),
     * and, through the package-private entries (a {@link Space} always passes itself to its own machine),
     * {@code shareCow}'s source (435) and {@code dispatchTlbFlush} (355); and {@code Space.toString}
     * returning "" (the message).
     */
    @Test
    void aSpaceOfAnotherMachineIsRefusedByEveryOperation() {
        Machine m = new Machine(1, 2);
        Machine other = new Machine(1, 2);
        Space a = m.newSpace();
        Space b = other.newSpace();
        int f = a.map(0, Prop.RW);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.activate(0, a));
        assertEquals("space0 belongs to another machine", e.getMessage());
        assertNull(other.current(0));
        assertThrows(IllegalArgumentException.class, () -> a.shareCow(0, b, 0));
        assertNull(b.leaf(0), "nothing shared into the other machine's space");
        assertEquals(1, m.refcount(f));
        assertThrows(IllegalArgumentException.class, () -> other.shareCow(a, 0, b, 1));
        assertNull(b.leaf(1));
        assertThrows(IllegalArgumentException.class, () -> other.dispatchTlbFlush(a, 0));
        assertThrows(IllegalArgumentException.class, () -> other.map(a, 1, Prop.R));
        assertThrows(IllegalArgumentException.class, () -> other.unmap(a, 0));
        assertThrows(IllegalArgumentException.class, () -> other.fork(a));
        assertEquals(List.of(a), m.spaces());
        assertEquals(new Space.Leaf(f, Prop.RW), a.leaf(0));
        ok(m);
        ok(other);
    }

    /**
     * A CPU number outside the machine is refused ({@code IllegalArgumentException}, not an index error).
     * Kills the removed {@code cpu} guard of {@code current} (190), {@code tlb} (196), {@code read} (220),
     * {@code write} (247) and {@code dispatchTlbFlush} (354), and {@code cpus()} returning 0 (210).
     */
    @Test
    void aCpuOutsideTheMachineIsRefused() {
        Machine m = new Machine(2, 2);
        Space a = m.newSpace();
        a.map(0, Prop.RW);
        a.unmap(0);
        assertEquals(2, m.cpus());
        for (int c : new int[] {2, -1}) {
            assertThrows(IllegalArgumentException.class, () -> m.current(c));
            assertThrows(IllegalArgumentException.class, () -> m.tlb(c));
            assertThrows(IllegalArgumentException.class, () -> m.read(c, 0));
            assertThrows(IllegalArgumentException.class, () -> m.write(c, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> m.activate(c, a));
            assertThrows(IllegalArgumentException.class, () -> a.dispatchTlbFlush(c));
        }
        assertEquals(1, a.pending().size(), "the refused flush dispatched nothing");
    }

    /** {@code map} returns the frame it took. Kills {@code Machine.map} (338) and {@code Space.map} (33) returning 0. */
    @Test
    void mapReturnsTheFrameItTook() {
        Machine m = new Machine(1, 3);
        Space a = m.newSpace();
        assertEquals(0, a.map(0, Prop.RW));
        assertEquals(1, a.map(1, Prop.R));
        assertEquals(new Space.Leaf(1, Prop.R), a.leaf(1));
    }

    /**
     * Sharing a page into another space at the same address is allowed (only the very same place is
     * refused). Kills the negated {@code s == t} of {@code shareCow}'s argument check (440).
     */
    @Test
    void aPageIsSharedIntoAnotherSpaceAtTheSameAddress() {
        Machine m = new Machine(1, 2);
        Space a = m.newSpace();
        Space b = m.newSpace();
        int f = a.map(0, Prop.RW);
        a.shareCow(0, b, 0);
        assertEquals(new Space.Leaf(f, Prop.COW), b.leaf(0));
        assertEquals(new Space.Leaf(f, Prop.COW), a.leaf(0));
        assertEquals(2, m.refcount(f));
        ok(m);
    }

    /**
     * A copy-on-write copy may take frame 0 (the allocator's "none" is -1). Kills {@code g < 0} to
     * {@code g <= 0} in {@code writeFault} (295): the copy refused {@code OutOfFrames}.
     */
    @Test
    void aCopyOnWriteCopyMayTakeFrameZero() {
        Machine m = new Machine(1, 2);
        Space a = m.newSpace();
        assertEquals(0, a.map(0, Prop.RW));
        int f = a.map(0x1000, Prop.RW);
        a.unmap(0);
        a.dispatchTlbFlush(0);
        assertTrue(m.isFree(0));
        Space b = a.fork();
        m.activate(0, a);
        m.write(0, 0x1000, 9);
        assertEquals(new Space.Leaf(0, Prop.RW), a.leaf(0x1000));
        assertEquals(new Space.Leaf(f, Prop.COW), b.leaf(0x1000));
        assertEquals(9, m.read(0, 0x1000));
        ok(m);
    }

    /**
     * {@link MachineBug#CowReuseIgnoresHolds} ignores the flusher's holds only: a frame two pages map is
     * still copied. Kills the negated {@code mapsOf(f).size() == 1} of {@code writeFault} (287), which
     * reused it (the bug scenario breaks WriteExclusiveInv either way, so only this tells them apart).
     */
    @Test
    void theCowReuseBugStillCopiesAFrameTwoPagesMap() {
        Machine m = new Machine(1, 2, Set.of(MachineBug.CowReuseIgnoresHolds));
        Space a = m.newSpace();
        int f = a.map(0, Prop.RW);
        Space b = a.fork();
        m.activate(0, a);
        m.write(0, 0, 1);
        assertNotEquals(f, a.leaf(0).frame());
        assertEquals(new Space.Leaf(f, Prop.COW), b.leaf(0));
        ok(m);
    }

    @Test
    void badInputIsRefused() {
        Machine m = new Machine(1, 1);
        Space a = m.newSpace();
        assertThrows(IllegalArgumentException.class, () -> m.activate(1, a));
        assertThrows(IllegalArgumentException.class, () -> a.map(0, Prop.COW));
        assertThrows(MachineFault.class, () -> m.read(0, 0), "no space active");
        a.map(0, Prop.RW);
        assertThrows(MachineFault.class, () -> a.map(1, Prop.RW), "out of frames");
        assertThrows(IllegalArgumentException.class, () -> new Machine(0, 1));
    }
}
