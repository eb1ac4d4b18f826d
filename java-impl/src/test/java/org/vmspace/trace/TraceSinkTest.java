package org.vmspace.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link TraceSink}'s default sink. */
class TraceSinkTest {
    /** NONE is disabled (callers then build no event). Kills (PIT, fea042a) its {@code enabled()} returning true. */
    @Test
    void theNoneSinkIsDisabled() {
        assertFalse(TraceSink.NONE.enabled());
        assertTrue(new MemorySink().enabled());
    }
}
