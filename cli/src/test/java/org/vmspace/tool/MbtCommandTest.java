package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmspace mbt} in-process: bad input is exit 2 with one line (no TLC run). The real runs (exit 0,
 * a planted bug's exit 1, TLC missing: exit 3) are in JarIT, from another directory.
 */
class MbtCommandTest {
    @TempDir
    Path dir;

    @Test
    void aModelWithoutTheConstantsMbtNeedsIsBadInputExit2() throws Exception {
        Path cfg = Files.writeString(dir.resolve("MCVmSpaceBroken.cfg"), "SPECIFICATION Spec\nCONSTANTS\n    PAGE_SIZE = 2\n");
        Cli r = Cli.run("mbt", "--model", cfg.toString(), "--out", dir.resolve("build").toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals("mbt: " + cfg.toAbsolutePath() + ": constant MAX_USERSPACE_VADDR not set (NAME = value)\n", r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void anUnknownBugNameIsBadInputExit2() throws Exception {
        Path cfg = Files.writeString(dir.resolve("MCVmSpaceBroken.cfg"), "SPECIFICATION Spec\n");
        Cli r = Cli.run("mbt", "--model", cfg.toString(), "--bugs", "NoSuchBug");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("mbt: ") && r.err().contains("NoSuchBug") && r.err().lines().count() == 1, r.err());
    }
}
