package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageProperty;
import org.vmspace.model.VmException;

/**
 * Tests that kill the two real survivors of PIT's run on VmSpaceOwner (java-impl/README.md, "Mutation
 * score"): the removed {@code unlock} in {@code drop} (a leaked hold of the reentrant lock is invisible
 * to one thread's later calls, so the hold count is checked), and the negated reader-kind test of
 * {@code activateWriter}'s borrow check (a disposed reader still borrows its view).
 */
class OwnerLockAndBorrowTest {
    private final Fixture fx = new Fixture();

    @Test
    void droppingAnOwnerReleasesTheLockOnSuccessAndOnRefusal() {
        fx.map(0, 1, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(0), 8);
        fx.space.owner().dropOwner(r);
        assertEquals(0, fx.space.lock.getHoldCount(), "DropOwner left the lock held");
        fx.assertRefused(ErrorKind.InvalidState, () -> fx.space.owner().dropOwner(r));
        assertEquals(0, fx.space.lock.getHoldCount(), "a refused DropOwner left the lock held");
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(0), 8);
        fx.space.owner().dropOwner(w);
        assertEquals(0, fx.space.lock.getHoldCount(), "DropOwner of a writer left the lock held");
    }

    @Test
    void aWriterIsRefusedOverPagesADisposedReaderStillBorrows() {
        fx.map(0, 2, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(0), 2L * fx.ps);
        fx.space.owner().activateReader(r);
        r.skip(2L * fx.ps); // its range is now empty (a writer may be created over it), its view is not
        fx.space.owner().disposeReader(r); // parked: keeps its view, still borrows both pages
        VmWriter<Fallible> w = fx.space.writer(0, fx.page(1), 8);
        fx.assertRefused(ErrorKind.Borrowed, () -> fx.space.owner().activateWriter(w));
        fx.space.owner().removeReader(r);
        fx.space.owner().activateWriter(w); // the borrow is gone with the reader
        fx.assertInvariants();
    }

    /**
     * A reader's view borrows its own pages only: writers on the pages just below and just above it, and
     * another reader next to it, are activated. Kills the {@code <} to {@code <=} boundary mutants of
     * VmIoOwner.viewOverlaps's {@code viewLo < hi} and {@code lo < viewHi} (adjacent views taken for
     * overlapping: {@code Borrowed}, {@code Conflict}).
     */
    @Test
    void writersAndReadersNextToAReadersViewAreNotRefused() {
        fx.map(0, 4, PageProperty.RW);
        VmReader<Fallible> r = fx.space.reader(0, fx.page(1), fx.ps);
        fx.space.owner().activateReader(r);
        VmWriter<Fallible> below = fx.space.writer(0, fx.page(0), fx.ps);
        fx.space.owner().activateWriter(below);
        VmWriter<Fallible> above = fx.space.writer(0, fx.page(2), fx.ps);
        fx.space.owner().activateWriter(above);
        VmReader<Fallible> next = fx.space.reader(0, fx.page(3), fx.ps);
        fx.space.owner().activateReader(next);
        fx.assertInvariants();
    }

    /**
     * Page 0 is a user page like any other: a writer over page 0 held by another writer, and a reader
     * over page 0 unmapped, are refused {@code NotMapped}. Kills checkAvailable's boundary mutants
     * {@code firstTaken >= 0} to {@code > 0} (the taken page 0 let through: two writers hold it) and
     * {@code firstUnmapped >= 0} to {@code > 0} (the unmapped page 0 let through).
     */
    @Test
    void ownersOverPageZeroAreRefusedWhenItIsTakenOrUnmapped() {
        VmSpace space = VmSpace.builder().cpus(1).frames(4).sink(fx.sink).build();
        int ps = space.pageSize();
        space.activate(0);
        VmReader<Fallible> unmapped = space.reader(0, 0, ps);
        VmException e = org.junit.jupiter.api.Assertions.assertThrows(VmException.class, () -> space.owner().activateReader(unmapped));
        assertEquals(ErrorKind.NotMapped, e.kind(), e.getMessage());
        try (CursorMut c = space.cursorMut(0, ps)) {
            c.mapAny(PageProperty.RW);
        }
        VmWriter<Fallible> w1 = space.writer(0, 0, ps);
        space.owner().activateWriter(w1);
        VmWriter<Fallible> w2 = space.writer(0, 0, ps);
        e = org.junit.jupiter.api.Assertions.assertThrows(VmException.class, () -> space.owner().activateWriter(w2));
        assertEquals(ErrorKind.NotMapped, e.kind(), e.getMessage());
        assertEquals(java.util.List.of(), Invariants.violations(space.snapshot()));
    }

    /** The {@code shared_reader} flag reads back as built. Kills sharedReader()'s constant returns. */
    @Test
    void theSharedReaderFlagReadsBackAsBuilt() {
        assertEquals(false, VmSpace.builder().build().owner().sharedReader());
        assertEquals(true, VmSpace.builder().sharedReader(true).build().owner().sharedReader());
    }
}
