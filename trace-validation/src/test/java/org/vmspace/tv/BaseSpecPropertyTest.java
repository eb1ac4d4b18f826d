package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The base spec checked as a property of trace behaviours: with {@code TraceVmSpaceProp.cfg} TLC
 * checks {@code [][Next]_vars} of VmSpace on every step the trace spec takes, so a trace predicate
 * that admitted a step the spec does not have would fail here (exit 3, "Action property
 * BaseSpecProp is violated"). Short traces: Next is quantified over the trace's own values.
 */
class BaseSpecPropertyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {5, 6, 7})
    void shortWorkloadTracesSatisfyTheBaseSpecAsAProperty(long seed) {
        Path trace = Traces.workload(dir.resolve("t" + seed + ".ndjson"), seed, 150, 1, "",
                "--window-pages", "4", "--frames", "8");
        Validate.Result r = Validate.run(trace, Validate.Config.fromEnvironment(), true);
        assertEquals(Validate.ACCEPTED, r.exitCode(), r.out() + r.err());
    }
}
