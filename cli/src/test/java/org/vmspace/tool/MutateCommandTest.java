package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmspace mutate}'s default models (the rule the Makefile's MUTATE_MODELS had). Real runs
 * (exit 0, 1, 2, 3) are in JarIT: Mutate sets java.io.tmpdir for its process, so it runs in a JVM of its own.
 */
class MutateCommandTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultModelsAreTheCiModelsThatMustPass() throws Exception {
        Path spec = TraceSchema.REPO.resolve("tla/VmSpace.tla");
        List<Path> models = MutateCommand.ciModels(spec);
        assertTrue(models.contains(spec.getParent().resolve("MCVmSpace.cfg")), models.toString());
        for (Path m : models) {
            String n = m.getFileName().toString();
            String text = Files.readString(m);
            assertTrue(text.contains("\\* EXPECT: pass") || text.contains("\\* EXPECT: Debug"), n);
            assertFalse(n.startsWith("MCVmSpaceSeed") || n.startsWith("MCVmSpaceLarge"), n);
            assertFalse(text.contains("\\* GROUP: large"), n);
        }
        // every other model of tla/ is left out for a reason the rule names
        try (Stream<Path> s = Files.list(spec.getParent())) {
            for (Path c : s.filter(p -> p.getFileName().toString().matches("MCVmSpace.*\\.cfg")).toList()) {
                String text = Files.readString(c);
                boolean eligible = (text.contains("\\* EXPECT: pass") || text.contains("\\* EXPECT: Debug"))
                        && !c.getFileName().toString().startsWith("MCVmSpaceSeed")
                        && !c.getFileName().toString().startsWith("MCVmSpaceLarge")
                        && !c.getFileName().toString().startsWith("MCVmSpaceMachine")
                        && (!text.contains("\\* GROUP:") || text.contains("\\* GROUP: ci"));
                assertEquals(eligible, models.contains(c), c.toString());
            }
        }
    }

    @Test
    void theModelsAreLookedUpNextToTheSpec() throws Exception {
        Path tla = Files.createDirectories(dir.resolve("tla"));
        Files.writeString(tla.resolve("VmSpace.tla"), "---- MODULE VmSpace ----\n====\n");
        Files.writeString(tla.resolve("MCVmSpace.cfg"), "\\* EXPECT: pass\n");
        Files.writeString(tla.resolve("MCVmSpaceBugX.cfg"), "\\* EXPECT: SomeInv\n");
        Files.writeString(tla.resolve("MCVmSpaceOther.cfg"), "\\* EXPECT: pass\n\\* GROUP: large\n");
        Files.writeString(tla.resolve("MCVmSpaceReachX.cfg"), "\\* EXPECT: DebugNoX\n");
        assertEquals(List.of(tla.resolve("MCVmSpace.cfg"), tla.resolve("MCVmSpaceReachX.cfg")),
                MutateCommand.ciModels(tla.resolve("VmSpace.tla")));
    }

    /**
     * Models of another spec module next to VmSpace.tla (VmSpaceMachine.tla, checked by
     * MCVmSpaceMachine*.cfg) are not VmSpace.tla's: a mutant of VmSpace cannot change them, they would
     * only cost time. Before the module binding, MCVmSpaceMachine.cfg was in VmSpace.tla's list.
     */
    @Test
    void theModelsAreThoseOfTheSpecsOwnMcModule() throws Exception {
        Path tla = Files.createDirectories(dir.resolve("tla"));
        Files.writeString(tla.resolve("VmSpace.tla"), "---- MODULE VmSpace ----\n====\n");
        Files.writeString(tla.resolve("MCVmSpace.tla"), "---- MODULE MCVmSpace ----\n====\n");
        Files.writeString(tla.resolve("VmSpaceMachine.tla"), "---- MODULE VmSpaceMachine ----\n====\n");
        Files.writeString(tla.resolve("MCVmSpaceMachine.tla"), "---- MODULE MCVmSpaceMachine ----\n====\n");
        Files.writeString(tla.resolve("MCVmSpace.cfg"), "\\* EXPECT: pass\n");
        Files.writeString(tla.resolve("MCVmSpaceSMP.cfg"), "\\* EXPECT: pass\n");
        Files.writeString(tla.resolve("MCVmSpaceMachine.cfg"), "\\* EXPECT: pass\n");
        Files.writeString(tla.resolve("MCVmSpaceMachineReachX.cfg"), "\\* EXPECT: DebugNoX\n");
        assertEquals(List.of(tla.resolve("MCVmSpace.cfg"), tla.resolve("MCVmSpaceSMP.cfg")),
                MutateCommand.ciModels(tla.resolve("VmSpace.tla")));
        assertEquals(List.of(tla.resolve("MCVmSpaceMachine.cfg"), tla.resolve("MCVmSpaceMachineReachX.cfg")),
                MutateCommand.ciModels(tla.resolve("VmSpaceMachine.tla")));
    }
}
