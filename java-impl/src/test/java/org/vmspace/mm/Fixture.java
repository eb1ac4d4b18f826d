package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.function.Executable;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageProperty;
import org.vmspace.model.VmException;
import org.vmspace.trace.MemorySink;
import org.vmspace.trace.TraceEvent;

/** Shared setup: a traced space with 2 CPUs, 16 frames and a 16-page window. */
final class Fixture {
    final MemorySink sink = new MemorySink();
    final VmSpace space;
    final int ps;
    final long base;

    Fixture() {
        this(false);
    }

    Fixture(boolean sharedReader) {
        this(VmSpace.builder().sharedReader(sharedReader));
    }

    /** With these deliberate bugs switched on in this fixture's space only. */
    Fixture(Bug... bugs) {
        this(VmSpace.builder().bugs(bugs.length == 0 ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(Arrays.asList(bugs))));
    }

    private Fixture(VmSpace.Builder b) {
        space = b.cpus(2).frames(16).windowPages(16).sink(sink).build();
        ps = space.pageSize();
        base = space.windowBase();
        space.activate(0);
    }

    /** The address of window page {@code i}. */
    long page(int i) {
        return base + (long) i * ps;
    }

    /** A user reader of {@code [va, va + len)} created on CPU 0 and activated. */
    VmReader<Fallible> activeReader(long va, long len) {
        VmReader<Fallible> r = space.reader(0, va, len);
        space.owner().activateReader(r);
        return r;
    }

    /** A user writer of {@code [va, va + len)} created on CPU 0 and activated. */
    VmWriter<Fallible> activeWriter(long va, long len) {
        VmWriter<Fallible> w = space.writer(0, va, len);
        space.owner().activateWriter(w);
        return w;
    }

    /** Maps window pages {@code [from, from + n)} with fresh frames. */
    void map(int from, int n, PageProperty prop) {
        try (CursorMut c = space.cursorMut(page(from), page(from + n))) {
            for (int i = 0; i < n; i++) {
                c.mapAny(prop);
            }
        }
    }

    /** Unmaps window pages {@code [from, from + n)}. */
    void unmap(int from, int n) {
        try (CursorMut c = space.cursorMut(page(from), page(from + n))) {
            c.unmap((long) n * ps);
        }
    }

    /** Asserts that {@code call} is refused with {@code kind}, changes nothing and logs one refused event. */
    TraceEvent assertRefused(ErrorKind kind, Executable call) {
        Snapshot before = space.snapshot();
        int events = sink.events().size();
        VmException e = assertThrows(VmException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(before, space.snapshot(), "a refusal must change nothing");
        assertEquals(events + 1, sink.events().size(), "a refusal logs exactly one event");
        TraceEvent last = sink.last();
        assertEquals(kind.name(), last.outcome());
        return last;
    }

    /** Asserts every invariant. */
    void assertInvariants() {
        assertEquals(java.util.List.of(), Invariants.violations(space.snapshot()));
    }
}
