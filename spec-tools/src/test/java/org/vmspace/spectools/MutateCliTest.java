package org.vmspace.spectools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutateCliTest {

    private static final String FIXTURE = "src/test/resources/fixture/Tiny.tla";

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return Mutate.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badUsageIsOneLineAndExitTwo() {
        for (String[] args : List.of(new String[] {}, new String[] {"--spec", "nope.tla", "--group", "ci"},
                new String[] {"--spec", FIXTURE, "--jobs", "0", "--group", "ci"},
                new String[] {"--spec", FIXTURE, "--filter", "(", "--group", "ci"},
                new String[] {"--spec", FIXTURE}, new String[] {"--spec", FIXTURE, "--bogus", "1"})) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, run(out, err, args), String.join(" ", args));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("mutate: "));
            assertTrue(!err.toString(StandardCharsets.UTF_8).contains("Exception"));
        }
    }

    @Test
    void listHonoursFilterAndLimit() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, "--spec", FIXTURE, "--list", "--filter", "Reset", "--limit", "2"));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("M011 guard-drop"), lines.get(0));
        assertEquals("2 mutants (16 generated)", lines.get(2));
    }

    @Test
    void anExpectationThatDiffersFails(@TempDir Path dir) throws Exception {
        Mutant m = MutantGenerator.generate(Path.of(FIXTURE), "Next").get(0);
        List<MutantResult> results = List.of(new MutantResult(m, MutantResult.Status.KILLED, "Tiny", "TypeOK", 1));
        Path good = dir.resolve("good");
        Files.writeString(good, "# comment\nM001 killed " + m.describe() + "\n");
        Path wrongClass = dir.resolve("wrong");
        Files.writeString(wrongClass, "M001 survived " + m.describe() + "\n");
        Path missing = dir.resolve("missing");
        Files.writeString(missing, "M001 killed " + m.describe() + "\nM002 killed Inc L13: \"<\" -> \"<=\"\n");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        assertEquals(0, Mutate.checkExpected(good, results, ps, ps));
        assertEquals(1, Mutate.checkExpected(wrongClass, results, ps, ps));
        assertEquals(1, Mutate.checkExpected(missing, results, ps, ps));
        // killed(kind): how the mutant was killed must match too.
        Path byViolation = dir.resolve("byViolation");
        Files.writeString(byViolation, "M001 killed(violation) " + m.describe() + "\n");
        Path byCoverage = dir.resolve("byCoverage");
        Files.writeString(byCoverage, "M001 killed(coverage) " + m.describe() + "\n");
        assertEquals(0, Mutate.checkExpected(byViolation, results, ps, ps));
        assertEquals(1, Mutate.checkExpected(byCoverage, results, ps, ps));
        List<MutantResult> covered = List.of(new MutantResult(m, MutantResult.Status.KILLED, "Tiny",
                "pass; never taken: Mark", 1));
        assertEquals(0, Mutate.checkExpected(byCoverage, covered, ps, ps));
        assertEquals(1, Mutate.checkExpected(byViolation, covered, ps, ps));
    }

    @Test
    void anUnknownCoverageValueIsRejected(@TempDir Path dir) throws Exception {
        Files.copy(Path.of(FIXTURE), dir.resolve("Tiny.tla"));
        Files.writeString(dir.resolve("Tiny.cfg"), "\\* COVERAGE: states\nINIT Init\nNEXT Next\nCONSTANT N = 2\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(4, run(out, err, "--spec", dir.resolve("Tiny.tla").toString(), "--config",
                dir.resolve("Tiny.cfg").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown '\\* COVERAGE: states'"),
                err.toString(StandardCharsets.UTF_8));
    }
}
