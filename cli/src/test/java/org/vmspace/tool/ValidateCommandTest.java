package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmspace validate}: the validator's exit codes kept end to end, many traces with the worst
 * code winning, the closing "N of M accepted", the JSON result. (Accepted and rejected traces, which
 * run TLC: ExamplesTest and JarIT.)
 */
class ValidateCommandTest {
    static final Path GOOD = TraceSchema.REPO.resolve("examples/accepted/lifecycle.ndjson");
    static final Path MALFORMED = TraceSchema.REPO.resolve("examples/malformed/post-missing-fields.ndjson");

    @TempDir
    Path dir;

    @Test
    void malformedAndMissingTracesExit2EachWithItsLineAndNoneIsAccepted() {
        Path missing = dir.resolve("missing.ndjson");
        Cli r = Cli.run("validate", MALFORMED.toString(), missing.toString());
        assertEquals(ExitCodes.MALFORMED, r.exit(), r.toString());
        assertEquals("validate: missing field post.readers at line 8\nvalidate: missing file: " + missing + "\n", r.err());
        assertEquals("validate: 0 of 2 accepted\n", r.out());
    }

    @Test
    void theJsonResultHasEveryTraceWithItsVerdictAndMessage() {
        Path missing = dir.resolve("missing.ndjson");
        Cli r = Cli.run("validate", "--json", MALFORMED.toString(), missing.toString());
        assertEquals(ExitCodes.MALFORMED, r.exit(), r.toString());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(0, j.get("accepted").getAsInt());
        assertEquals(2, j.get("total").getAsInt());
        assertEquals(2, j.get("exitCode").getAsInt());
        JsonArray ts = j.getAsJsonArray("traces");
        assertEquals(MALFORMED.toString(), ts.get(0).getAsJsonObject().get("trace").getAsString());
        assertEquals("malformed", ts.get(0).getAsJsonObject().get("verdict").getAsString());
        assertEquals("validate: missing field post.readers at line 8", ts.get(0).getAsJsonObject().get("message").getAsString());
        assertEquals("validate: missing file: " + missing, ts.get(1).getAsJsonObject().get("message").getAsString());
    }

    @Test
    void aToolFailureOutranksAMalformedTrace() throws Exception {
        // a checkout without the trace-validation modules: the validator cannot run TLC (exit 3)
        Path root = dir.resolve("broken-root");
        Files.createDirectories(root.resolve("tla"));
        Files.writeString(root.resolve("tla/VmSpace.tla"), "---- MODULE VmSpace ----\n====\n");
        Cli r = Cli.run("validate", "--root", root.toString(), MALFORMED.toString(), GOOD.toString());
        assertEquals(ExitCodes.TOOL_FAILURE, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot find"), r.err());
        assertTrue(r.out().endsWith("validate: 0 of 2 accepted\n"), r.out());
    }
}
