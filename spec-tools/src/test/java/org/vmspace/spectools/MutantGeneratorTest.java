package org.vmspace.spectools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutantGeneratorTest {

    private static Path fixture() {
        return Path.of("src/test/resources/fixture/Tiny.tla");
    }

    @Test
    void fixtureMutantsAreSingleSpanEditsInSourceOrder() throws Exception {
        String original = Files.readString(fixture());
        List<Mutant> ms = MutantGenerator.generate(fixture(), "Next");
        assertEquals(16, ms.size());
        assertEquals("Inc L13: \"x < N\" -> \"TRUE\"", ms.get(0).describe());
        int lastLine = 0;
        for (Mutant m : ms) {
            assertTrue(m.line() >= lastLine, "source order");
            lastLine = m.line();
            // Applying the edit at the recorded place gives the mutant's text.
            int at = original.split("\n", -1).length > 0 ? offset(original, m.line(), m.column()) : -1;
            assertEquals(m.original(), original.substring(at, at + m.original().length()));
            assertEquals(original.substring(0, at) + m.replacement() + original.substring(at + m.original().length()),
                    m.text());
        }
        // Init and TypeOK are not reachable from Next: not mutated.
        assertTrue(ms.stream().noneMatch(m -> m.definition().equals("Init") || m.definition().equals("TypeOK")));
    }

    @Test
    void conjunctionChainsAreFlattenedAndPrimedEquationsAreNotNegated(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("Chain.tla");
        Files.writeString(spec, String.join("\n",
                "---- MODULE Chain ----",
                "EXTENDS Naturals",
                "VARIABLE x",
                "A == x < 3 /\\ x # 1 /\\ x' = x + 1",
                "Next == A",
                "===="));
        List<Mutant> ms = MutantGenerator.generate(spec, "Next");
        List<String> drops = ms.stream().filter(m -> m.operator() == MutationOperator.GUARD_DROP)
                .map(Mutant::original).toList();
        assertEquals(List.of("x < 3", "x # 1"), drops);
        assertTrue(ms.stream().noneMatch(m -> m.operator() == MutationOperator.COMPARISON
                && m.original().equals("=")), "x' = x + 1 is an update, not a comparison");
        assertTrue(ms.stream().anyMatch(m -> m.operator() == MutationOperator.UPDATE_DROP
                && m.text().contains("x' = x\n")));
    }

    @Test
    void aModuleSanyRejectsIsAClearError(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("Bad.tla");
        Files.writeString(spec, "---- MODULE Bad ----\nNext == x' = 1\n====\n");
        MutantGenerator.SpecException e = assertThrows(MutantGenerator.SpecException.class,
                () -> MutantGenerator.generate(spec, "Next"));
        assertTrue(e.getMessage().startsWith("SANY could not parse"), e.getMessage());
    }

    @Test
    void aMissingNextIsAClearError() {
        MutantGenerator.SpecException e = assertThrows(MutantGenerator.SpecException.class,
                () -> MutantGenerator.generate(fixture(), "NoSuchNext"));
        assertTrue(e.getMessage().contains("no definition 'NoSuchNext'"), e.getMessage());
    }

    private static int offset(String text, int line, int col) {
        int at = 0;
        for (int l = 1; l < line; l++) {
            at = text.indexOf('\n', at) + 1;
        }
        return at + col - 1;
    }
}
