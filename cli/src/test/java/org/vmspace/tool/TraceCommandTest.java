package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
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
    void flushOpsAddsTheFramelessFlushesToTheTrace() throws Exception {
        // Fails if --flush-ops is not passed on to the workload: without it no IssueTlbFlush is made.
        Path plain = dir.resolve("plain.ndjson");
        Path flush = dir.resolve("flush.ndjson");
        Cli rp = Cli.run("trace", "-o", plain.toString(), "--ops", "400", "--threads", "1", "--seed", "3");
        Cli rf = Cli.run("trace", "-o", flush.toString(), "--ops", "400", "--threads", "1", "--seed", "3",
                "--flush-ops", "true");
        assertEquals(0, rp.exit(), rp.toString());
        assertEquals(0, rf.exit(), rf.toString());
        assertFalse(Files.readString(plain).contains("\"IssueTlbFlush\""));
        assertTrue(Files.readString(flush).contains("\"IssueTlbFlush\""));
        Cli bad = Cli.run("trace", "-o", dir.resolve("x.ndjson").toString(), "--flush-ops", "maybe");
        assertEquals(ExitCodes.USAGE, bad.exit(), bad.toString());
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

    @Test
    void aDirectoryThatCannotBeCreatedIsExit2WithOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Cli r = Cli.run("trace", "-o", file.resolve("t.ndjson").toString(), "--ops", "10");
        assertEquals(ExitCodes.MALFORMED, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("trace: cannot create the directory of "), r.err());
    }

    @Test
    void aTraceThatFailsWhileBeingWrittenIsAToolFailureExit3() {
        // /dev/full accepts the open and fails every write with ENOSPC: the workload's own exit 3
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full (Linux)");
        Cli r = Cli.run("trace", "-o", "/dev/full", "--ops", "100", "--threads", "1");
        assertEquals(ExitCodes.TOOL_FAILURE, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("trace: cannot write /dev/full"), r.err());
    }

    @Test
    void everyExitCodeOfTheWorkloadMapsToTheDocumentedOne() {
        // Workload.USAGE: 0 ok, 1 internal error, 2 bad arguments, 3 the trace could not be written
        assertEquals(ExitCodes.OK, TraceCommand.exitCode(0));
        assertEquals(ExitCodes.TOOL_FAILURE, TraceCommand.exitCode(1));
        assertEquals(ExitCodes.MALFORMED, TraceCommand.exitCode(2));
        assertEquals(ExitCodes.TOOL_FAILURE, TraceCommand.exitCode(3));
        assertTrue(org.vmspace.cli.Workload.USAGE.contains("Exit codes: 0 ok; 1 internal error; 2 bad arguments;"),
                "the workload's documented codes changed: update TraceCommand.exitCode");
    }
}
