package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code vmspace review}: delegated to scripts/review.sh in the packaged tree, its exit code kept. */
class ReviewCommandTest {
    @Test
    void anUnknownRowIsExit2FromTheReviewMachinery() {
        Cli r = Cli.run("review", "R99");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("review.sh: no row R99"), r.toString());
    }
}
