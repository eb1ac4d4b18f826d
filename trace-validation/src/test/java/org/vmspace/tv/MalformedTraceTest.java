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
        assertMalformed(edit("version.ndjson", 1, s -> s.replace("\"version\":4", "\"version\":5")),
                "wrong schema or version at line 1");
        // version 1 (docs/PROTOCOL.md, "Migration from version 1"): refused in one line that says why
        assertMalformed(edit("version1.ndjson", 1, s -> s.replace("\"version\":4", "\"version\":1")),
                "line 1: schema version 1 is no longer read");
        assertMalformed(edit("schema.ndjson", 1, s -> s.replace("vmspace-trace", "other")),
                "wrong schema or version at line 1");
    }

    @Test
    void aVersion3EventAfterAVersion2HeaderIsRejected() throws Exception {
        // docs/PROTOCOL.md, "Migration from version 2": a v2 trace is read as v3, but has no v3 event kind
        Path t = dir.resolve("v2-findnext.ndjson");
        List<String> lines = new ArrayList<>(good.subList(0, 2));
        lines.set(0, lines.get(0).replace("\"version\":4", "\"version\":2"));
        lines.add("{\"seq\":2,\"thread\":\"w-0\",\"op\":\"FindNext\",\"args\":{\"cursor\":1,\"len\":\"4096\"},"
                + "\"outcome\":\"InvalidState\"}");
        Files.write(t, lines, StandardCharsets.UTF_8);
        assertMalformed(t, "op FindNext at line 3 needs schema version 3");
    }

    @Test
    void aVersion4EventAfterAVersion3HeaderIsRejected() throws Exception {
        // docs/PROTOCOL.md, "Migration from version 3": a v3 trace is read as v4, but has no Limit event
        Path t = dir.resolve("v3-limit.ndjson");
        List<String> lines = new ArrayList<>(good.subList(0, 2));
        lines.set(0, lines.get(0).replace("\"version\":4", "\"version\":3"));
        lines.add("{\"seq\":2,\"thread\":\"w-0\",\"op\":\"Limit\",\"args\":{\"id\":1,\"n\":0},"
                + "\"outcome\":\"InvalidState\"}");
        Files.write(t, lines, StandardCharsets.UTF_8);
        assertMalformed(t, "op Limit at line 3 needs schema version 4");
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
        assertMalformed(edit("below.ndjson", 4, s -> s.replace("\"lo\":\"0x7ffffffbf000\"", "\"lo\":\"0x1000\"")),
                "outside the validation window", "line 4");
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
    void jsonErrorsAreInTheProjectsWordsWithLineAndColumnNotLibraryAdvice() throws Exception {
        // before: "bad JSON at line 5: Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON ..."
        Path p = edit("words.ndjson", 5, s -> s.replace("\"thread\":", "thread:"));
        assertMalformed(p, "bad JSON at line 5, column 10: unexpected 't', expected a field name in double quotes");
        Validate.Result r = Traces.validate(p);
        assertFalse(r.err().contains("JsonReader") || r.err().contains("Strictness") || r.err().contains("http"),
                r.err());
        assertMalformed(edit("trailing-comma.ndjson", 5, s -> s.replace("}}", "},}")), "bad JSON at line 5, column");
        assertMalformed(edit("leading-zero.ndjson", 4, s -> s.replace("\"seq\":3", "\"seq\":03")),
                "bad JSON at line 4, column 9: number with a leading zero");
    }

    @Test
    void aDuplicateKeyIsMalformed() throws Exception {
        // before: the second "op" silently won
        assertMalformed(edit("dup.ndjson", 4, s -> s.replace("\"op\":", "\"op\":\"Map\",\"op\":")),
                "bad JSON at line 4", "duplicate key \"op\"");
    }

    @Test
    void aNegativeIdIsMalformed() throws Exception {
        // before: every negative integer became -1, the "absent" value
        int act = lineOf("\"op\":\"ActivateWriter\",\"args\":{\"id\":");
        assertMalformed(edit("negid.ndjson", act, s -> s.replaceFirst("\"id\":[0-9]+", "\"id\":-3")),
                "field args.id at line " + act + " is negative: -3");
        int map = lineOf("\"op\":\"Map\",\"args\":{\"cursor\":1");
        assertMalformed(edit("negcursor.ndjson", map, s -> s.replace("\"cursor\":1", "\"cursor\":-1")),
                "field args.cursor at line " + map + " is negative: -1");
    }

    @Test
    void aHexAddressWithASignIsMalformed() throws Exception {
        // before: Long.parseUnsignedLong accepted "0x+7ffffffbf000"
        assertMalformed(edit("plus.ndjson", 4, s -> s.replace("\"lo\":\"0x7ffffffbf000\"", "\"lo\":\"0x+7ffffffbf000\"")),
                "field args.lo at line 4 is not a hex address: 0x+7ffffffbf000");
    }

    @Test
    void anUnknownApiIsMalformed() throws Exception {
        int read = lineOf("\"api\":\"");
        assertMalformed(edit("api.ndjson", read, s -> s.replaceFirst("\"api\":\"[a-z_]+\"", "\"api\":\"read_all\"")),
                "unknown api at line " + read + ": \"read_all\"");
    }

    @Test
    void headerValuesTlcCannotHandleAreMalformedAtTheHeaderWithTheTrueReason() throws Exception {
        // before: "does not end at maxUserspaceVaddr" for a misaligned base, exit 3 after TLC for the rest
        assertMalformed(edit("pagesize.ndjson", 1, s -> s.replace("\"pageSize\":4096", "\"pageSize\":8192")),
                "header window.base 0x7ffffffbf000 at line 1 is not a multiple of pageSize 8192");
        assertMalformed(edit("frames.ndjson", 1, s -> s.replaceFirst("\"frames\":[0-9]+", "\"frames\":100000")),
                "header frames at line 1 is 100000: must be 0 to 65536");
        assertMalformed(edit("cpus.ndjson", 1, s -> s.replaceFirst("\"cpus\":[0-9]+", "\"cpus\":0")),
                "header cpus at line 1 is 0: must be 1 to 64");
        assertMalformed(edit("pages.ndjson", 1, s -> s.replace("\"window\":{\"base\":\"0x7ffffffbf000\",\"pages\":64}",
                "\"window\":{\"base\":\"0x7fffbffff000\",\"pages\":262144}")), "header window.pages at line 1 is 262144");
        assertMalformed(edit("toolarge.ndjson", 1, s -> s.replace("\"pageSize\":4096", "\"pageSize\":16384")
                .replace("\"window\":{\"base\":\"0x7ffffffbf000\",\"pages\":64}",
                        "\"window\":{\"base\":\"0x7fffdfffc000\",\"pages\":32768}")
                .replace("\"maxUserspaceVaddr\":\"0x7ffffffff000\"", "\"maxUserspaceVaddr\":\"0x7ffffffffc000\"")),
                "window too large at line 1");
    }

    @Test
    void invalidUtf8NamesTheLine() throws Exception {
        Path p = dir.resolve("utf8.ndjson");
        List<byte[]> parts = new ArrayList<>();
        for (int k = 0; k < good.size(); k++) {
            String s = good.get(k);
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (k == 4) { // line 5: a thread name with a lone continuation byte
                b = s.replace("\"w-0\"", "\"w-\u00ff\"").getBytes(StandardCharsets.ISO_8859_1);
            }
            parts.add(b);
        }
        try (var out = Files.newOutputStream(p)) {
            for (byte[] b : parts) {
                out.write(b);
                out.write('\n');
            }
        }
        assertMalformed(p, "invalid UTF-8 at line 5");
    }

    @Test
    void trailingBlankLinesAreAcceptedAndABlankLineInsideIsNamed() throws Exception {
        Path p = Files.writeString(dir.resolve("blank-end.ndjson"), String.join("\n", good) + "\n\n \n");
        assertEquals(good.size() - 1, TraceFile.parse(p).events().size());
        List<String> lines = new ArrayList<>(good);
        lines.add(4, "");
        assertMalformed(Files.write(dir.resolve("blank-inside.ndjson"), lines), "blank line 5");
    }

    @Test
    void threadIsOptional() throws Exception {
        List<String> lines = new ArrayList<>(good);
        for (int k = 1; k < lines.size(); k++) {
            lines.set(k, lines.get(k).replaceFirst(",\"thread\":\"[^\"]*\"", ""));
        }
        TraceFile t = TraceFile.parse(Files.write(dir.resolve("nothread.ndjson"), lines));
        assertEquals(good.size() - 1, t.events().size());
        assertMalformed(edit("badthread.ndjson", 3, s -> s.replaceFirst("\"thread\":\"[^\"]*\"", "\"thread\":7")),
                "field thread at line 3 is not a string");
    }

    @Test
    void anEmptyTraceIsMalformed() throws Exception {
        assertMalformed(Files.write(dir.resolve("header-only.ndjson"), List.of(good.get(0))), "no events after the header");
    }

    @Test
    void everyFormatErrorOfAFileIsReportedUpToTwenty() throws Exception {
        List<String> lines = new ArrayList<>(good);
        for (int k : new int[] {3, 7, 9}) {
            lines.set(k - 1, lines.get(k - 1).replace("\"outcome\":\"", "\"outcome\":\"X"));
        }
        Validate.Result r = Traces.validate(Files.write(dir.resolve("three.ndjson"), lines));
        assertEquals(Validate.MALFORMED, r.exitCode(), r.err());
        List<String> errs = r.err().lines().toList();
        assertEquals(3, errs.size(), r.err());
        assertTrue(errs.get(0).startsWith("validate: unknown outcome at line 3: X"), r.err());
        assertTrue(errs.get(2).startsWith("validate: unknown outcome at line 9: X"), r.err());
        for (int k = 2; k <= 31; k++) {
            lines.set(k - 1, good.get(k - 1).replace("\"outcome\":\"", "\"outcome\":\"X"));
        }
        Validate.Result many = Traces.validate(Files.write(dir.resolve("many.ndjson"), lines));
        List<String> all = many.err().lines().toList();
        assertEquals(21, all.size(), many.err());
        assertEquals("validate: ... and 10 more format errors (only the first 20 are shown)", all.get(20));
    }

    @Test
    void theCommandLineHasHelpAndRefusesBadOptions() {
        Validate.Result help = Validate.runCommand("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().startsWith("usage: Validate [--base-spec] [--timeout SECONDS] [--report DIR] TRACE.ndjson"), help.out());
        for (String[] bad : new String[][] {{"--timeout", "0", "t.ndjson"}, {"--timeout", "x", "t.ndjson"},
                {"--base-spec", "--base-spec", "t.ndjson"}, {"--timeout", "5", "--timeout", "6", "t.ndjson"},
                {"--frobnicate", "t.ndjson"}, {"a.ndjson", "b.ndjson"}, {}}) {
            Validate.Result r = Validate.runCommand(bad);
            assertEquals(Validate.MALFORMED, r.exitCode(), String.join(" ", bad));
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("validate: ") && r.err().contains("usage:"), r.err());
        }
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
