package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmspace trace}: the workload through the command line. */
class TraceCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSingleThreadedTraceIsAFunctionOfTheOptionsAndItsEventsAreCounted() throws Exception {
        Path a = dir.resolve("a.ndjson");
        Path b = dir.resolve("sub/b.ndjson");
        Cli ra = Cli.run("trace", "-o", a.toString(), "--ops", "200", "--threads", "1", "--seed", "7");
        Cli rb = Cli.run("trace", "-o", b.toString(), "--ops", "200", "--threads", "1", "--seed", "7", "--json");
        assertEquals(0, ra.exit(), ra.toString());
        assertEquals(0, rb.exit(), rb.toString());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        long events = Files.readAllLines(a).size() - 1;
        assertTrue(events > 100, "events: " + events);
        assertEquals("trace: " + a + " (" + events + " events)\n", ra.out());
        JsonObject j = JsonParser.parseString(rb.out()).getAsJsonObject();
        assertEquals(events, j.get("events").getAsLong());
    }

    @Test
    void badWorkloadParametersExit2WithOneLineAndNoFile() {
        Path a = dir.resolve("bad.ndjson");
        Cli r = Cli.run("trace", "-o", a.toString(), "--bugs", "NoSuchBug");
        assertEquals(ExitCodes.MALFORMED, r.exit(), r.toString());
        assertTrue(r.err().startsWith("trace: ") && r.err().lines().count() == 1, r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(a));
    }
}
