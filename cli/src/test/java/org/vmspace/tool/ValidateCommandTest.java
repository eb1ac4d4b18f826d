package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    static final Path REJECTED = TraceSchema.REPO.resolve("examples/rejected/free-before-flush-by-hand.ndjson");
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

    @Test
    void reportWritesTheHtmlPageOfARejectionAndNoneForAnAcceptedTrace() throws Exception {
        // the driver's --report code (ReportOption, TraceReport), as scripts/validate.sh --report writes it
        Path html = dir.resolve("html");
        Cli r = Cli.run("validate", "--quiet", "--report", html.toString(), "-j", "2", REJECTED.toString(), GOOD.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        Path page = html.resolve("free-before-flush-by-hand.report.html");
        assertTrue(r.out().contains("  report: " + page + "\n"), r.out());
        String text = Files.readString(page);
        assertTrue(text.startsWith("<!DOCTYPE html>") || text.startsWith("<!doctype html>"), text.substring(0, 80));
        assertTrue(text.contains("Unmap"), "the divergent event is on the page");
        assertFalse(text.contains("<script src=") || text.contains("<link rel=\"stylesheet\" href="), "self-contained");
        try (var files = Files.list(html)) {
            assertEquals(1, files.count(), "no page for the accepted trace");
        }
    }

    @Test
    void aReportThatCannotBeWrittenIsExit2() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        Cli r = Cli.run("validate", "--quiet", "--report", blocker.resolve("sub").toString(), REJECTED.toString());
        assertEquals(ExitCodes.MALFORMED, r.exit(), r.toString());
        assertTrue(r.err().contains("validate: cannot write the report"), r.err());
    }

    @Test
    void aTimeoutIsExit4EndToEnd() throws Exception {
        // TLC's JVM alone takes longer than one second to start, parse the spec and read 2,000 events
        Path t = dir.resolve("long.ndjson");
        Cli w = Cli.run("trace", "-o", t.toString(), "--ops", "2000", "--threads", "1");
        assertEquals(0, w.exit(), w.toString());
        Cli r = Cli.run("validate", "--quiet", "--timeout", "1", t.toString());
        assertEquals(ExitCodes.TIMED_OUT, r.exit(), r.toString());
        assertTrue(r.out().endsWith("validate: 0 of 1 accepted\n"), r.out());
    }
}
