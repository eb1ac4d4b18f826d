package org.vmspace.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The machine's frame books ({@link Frames}): reference counts. */
class FramesTest {
    /**
     * {@code put} returns the count left and refuses to drop a reference that is not there. Kills
     * (PIT, fea042a) {@code put} returning 0 (Frames:51) and {@code refcount[f] <= 0} to {@code < 0}
     * (Frames:48: the count went to -1).
     */
    @Test
    void putReturnsTheCountLeftAndRefusesToDropBelowZero() {
        Frames frames = new Frames(2);
        int f = frames.alloc();
        frames.get(f);
        assertEquals(2, frames.refcount(f));
        assertEquals(1, frames.put(f));
        assertEquals(0, frames.put(f));
        assertThrows(IllegalStateException.class, () -> frames.put(f));
        assertEquals(0, frames.refcount(f));
    }
}
