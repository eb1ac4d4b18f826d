package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmspace validate}: the validator's exit codes kept end to end, many traces with the worst
 * code winning, the closing "N of M accepted", and the JSON result. TLC runs on the packaged modules.
 */
class ValidateCommandTest {
    @TempDir
    static Path dir;
    static Path good;
    static Path buggy;
    static Path malformed;

    @BeforeAll
    static void traces() throws Exception {
        good = dir.resolve("good.ndjson");
        buggy = dir.resolve("free-before-flush.ndjson");
        malformed = dir.resolve("malformed.ndjson");
        assertEquals(0, Cli.run("trace", "-o", good.toString(), "--ops", "150", "--threads", "1").exit());
        // the README's example of a rejection: the first unmatched event is #71, an Unmap
        assertEquals(0, Cli.run("trace", "-o", buggy.toString(), "--seed", "4", "--ops", "300", "--threads", "1",
                "--bugs", "FreeBeforeFlush").exit());
        Files.writeString(malformed, Files.readAllLines(good).get(0) + "\n{\"seq\":1,\"thread\":\"w-0\",\"op\":\"Fly\"}\n");
    }

    @Test
    void anAcceptedAndARejectedTraceExit1AndOneOfTwoIsAccepted() {
        Cli r = Cli.run("validate", "--quiet", "-j", "2", good.toString(), buggy.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        assertTrue(r.out().startsWith("validate: ACCEPTED " + good), r.out());
        assertTrue(r.out().contains("validate: REJECTED " + buggy + "\n  first unmatched event: #71 (line 72, seq 71): Unmap ok"),
                r.out());
        assertTrue(r.out().endsWith("validate: 1 of 2 accepted\n"), r.out());
    }

    @Test
    void malformedAndMissingTracesExit2WithTheirMessagesInJson() {
        Path missing = dir.resolve("missing.ndjson");
        Cli r = Cli.run("validate", "--json", malformed.toString(), missing.toString());
        assertEquals(ExitCodes.MALFORMED, r.exit(), r.toString());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(0, j.get("accepted").getAsInt());
        assertEquals(2, j.get("total").getAsInt());
        assertEquals(2, j.get("exitCode").getAsInt());
        JsonArray ts = j.getAsJsonArray("traces");
        assertEquals("malformed", ts.get(0).getAsJsonObject().get("verdict").getAsString());
        assertTrue(ts.get(0).getAsJsonObject().get("message").getAsString().contains("line 2"), r.out());
        assertEquals("validate: missing file: " + missing, ts.get(1).getAsJsonObject().get("message").getAsString());
    }

    @Test
    void aToolFailureOutranksAMalformedTrace() throws Exception {
        // a checkout without the trace-validation modules: the validator cannot run TLC (exit 3)
        Path root = dir.resolve("broken-root");
        Files.createDirectories(root.resolve("tla"));
        Files.writeString(root.resolve("tla/VmSpace.tla"), "---- MODULE VmSpace ----\n====\n");
        Cli r = Cli.run("validate", "--root", root.toString(), malformed.toString(), good.toString());
        assertEquals(ExitCodes.TOOL_FAILURE, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot find"), r.err());
        assertTrue(r.out().endsWith("validate: 0 of 2 accepted\n"), r.out());
    }
}
