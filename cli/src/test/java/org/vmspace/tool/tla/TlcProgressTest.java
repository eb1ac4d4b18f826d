package org.vmspace.tool.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make check-large relays TLC's own progress lines: the latest one in the log is the one shown. */
class TlcProgressTest {
    @TempDir
    Path dir;

    @Test
    void theLatestProgressLineOfTheLogIsRelayed() throws Exception {
        Path log = dir.resolve("tlc.out");
        Files.writeString(log, String.join("\n",
                "Computing initial states...",
                "Progress(8) at 2026-12-07 11:13:26: 15,725 states generated (15,725 s/min), 2,577 distinct states found (2,577 ds/min), 1,517 states left on queue.",
                "Checkpointing of run states/26-12-07-11-13-20",
                "Progress(12) at 2026-12-07 11:14:26: 428,876 states generated (413,151 s/min), 63,781 distinct states found (61,204 ds/min), 34,511 states left on queue.",
                "some other line", ""));
        assertEquals("Progress(12) at 2026-12-07 11:14:26: 428,876 states generated (413,151 s/min), 63,781 distinct"
                + " states found (61,204 ds/min), 34,511 states left on queue.", Tlc.lastProgressLine(log));
    }

    @Test
    void aLogWithoutProgressLinesOrNoLogAtAllRelaysNothing() throws Exception {
        Path log = dir.resolve("tlc.out");
        Files.writeString(log, "Computing initial states...\nFinished computing initial states: 1 distinct state generated\n");
        assertNull(Tlc.lastProgressLine(log));
        assertNull(Tlc.lastProgressLine(dir.resolve("missing.out")));
    }
}
