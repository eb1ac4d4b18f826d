package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed input is exit code 2 with one line on stderr naming the problem (and the line), never a
 * stack trace, and TLC is not started.
 */
class MalformedTraceTest {
    @TempDir
    static Path dir;
    static List<String> good;

    @BeforeAll
    static void generate() throws Exception {
        good = Files.readAllLines(Traces.workload(dir.resolve("good.ndjson"), 1, 120, 1, ""));
    }

    /** The good trace with line {@code k} (1-based, header = 1) rewritten. */
    private static Path edit(String name, int k, UnaryOperator<String> f) throws Exception {
        List<String> lines = new ArrayList<>(good);
        lines.set(k - 1, f.apply(lines.get(k - 1)));
        return Files.write(dir.resolve(name), lines);
    }

    private static int lineOf(String fragment) {
        for (int k = 1; k < good.size(); k++) {
            if (good.get(k).contains(fragment)) {
                return k + 1;
            }
        }
        throw new AssertionError("no line with " + fragment);
    }

    private static void assertMalformed(Path trace, String... expected) {
        Validate.Result r = Traces.validate(trace);
        assertEquals(Validate.MALFORMED, r.exitCode(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("validate: "), r.err());
        assertTrue(r.err().endsWith("\n") && r.err().indexOf('\n') == r.err().length() - 1,
                "not a single line: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        for (String e : expected) {
            assertTrue(r.err().contains(e), "'" + e + "' not in: " + r.err());
        }
    }

    @Test
    void badJsonInTheMiddleIsRejectedWithItsLineNumber() throws Exception {
        assertMalformed(edit("bad.ndjson", 5, s -> s.replace("\"op\":", "\"op\"")), "bad JSON at line 5");
        // lenient JSON (an unquoted name, a second value on the line) is not accepted either
        assertMalformed(edit("lenient.ndjson", 4, s -> s.replace("\"thread\":", "thread:")), "bad JSON at line 4");
        assertMalformed(edit("two.ndjson", 6, s -> s + " {}"), "bad JSON at line 6");
    }

    @Test
    void aMissingFieldIsNamed() throws Exception {
        assertMalformed(edit("missing.ndjson", 3, s -> s.replace(",\"outcome\":\"ok\"", "")),
                "missing field outcome at line 3");
        int map = lineOf("\"op\":\"Map\",\"args\":{\"cursor\":1");
        assertMalformed(edit("missing-post.ndjson", map, s -> s.replace("\"freeFrames\":", "\"free\":")),
                "missing field post.freeFrames at line " + map);
    }

    @Test
    void anUnknownOperationIsRejected() throws Exception {
        int map = lineOf("\"op\":\"Map\"");
        assertMalformed(edit("op.ndjson", map, s -> s.replace("\"op\":\"Map\"", "\"op\":\"MapAll\"")),
                "unknown op at line " + map + ": MapAll");
    }

    @Test
    void anUnknownOutcomeIsRejected() throws Exception {
        assertMalformed(edit("outcome.ndjson", 2, s -> s.replace("\"outcome\":\"ok\"", "\"outcome\":\"Fine\"")),
                "unknown outcome at line 2: Fine");
    }

    @Test
    void aWrongSchemaVersionIsRejected() throws Exception {
        assertMalformed(edit("version.ndjson", 1, s -> s.replace("\"version\":1", "\"version\":2")),
                "wrong schema or version at line 1");
        assertMalformed(edit("schema.ndjson", 1, s -> s.replace("vmspace-trace", "other")),
                "wrong schema or version at line 1");
    }

    @Test
    void aTruncatedFileIsRejected() throws Exception {
        Path t = dir.resolve("truncated.ndjson");
        String all = String.join("\n", good);
        Files.writeString(t, all.substring(0, all.length() - 10), StandardCharsets.UTF_8);
        assertMalformed(t, "truncated file", "line " + good.size());
    }

    @Test
    void anEmptyFileIsRejected() throws Exception {
        Path t = Files.writeString(dir.resolve("empty.ndjson"), "");
        assertMalformed(t, "empty file");
    }

    @Test
    void aMissingFileIsRejected() {
        assertMalformed(dir.resolve("no-such.ndjson"), "missing file");
    }

    @Test
    void anAddressBelowTheWindowInASuccessfulEventIsRejected() throws Exception {
        // line 3 is the preamble's CursorMut over the whole window
        assertMalformed(edit("below.ndjson", 3, s -> s.replace("\"lo\":\"0x7ffffffbf000\"", "\"lo\":\"0x1000\"")),
                "outside the validation window", "line 3");
    }

    @Test
    void seqOutOfOrderIsRejected() throws Exception {
        assertMalformed(edit("seq.ndjson", 4, s -> s.replace("\"seq\":3,", "\"seq\":5,")),
                "seq out of order at line 4");
    }

    @Test
    void aFrameThatIsNotPageAlignedIsRejected() throws Exception {
        int map = lineOf("\"frame\":\"0x1000\"");
        assertMalformed(edit("frame.ndjson", map, s -> s.replace("\"frame\":\"0x1000\"", "\"frame\":\"0x1001\"")),
                "not a multiple of pageSize");
    }

    @Test
    void aWindowThatDoesNotEndAtMaxUserspaceVaddrIsRejected() throws Exception {
        assertMalformed(edit("window.ndjson", 1, s -> s.replace("\"pages\":64", "\"pages\":63")),
                "does not end at maxUserspaceVaddr");
    }

    @Test
    void theCommandLinePrintsOneLineAndExitsWithCode2() throws Exception {
        Path bad = edit("cli.ndjson", 7, s -> s + "}");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.vmspace.tv.Validate", bad.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        assertEquals("", out);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("validate: bad JSON at line 7"), err);
    }
}
