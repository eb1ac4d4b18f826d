package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Bug-free java-impl executions are behaviours of the spec: random seeded workloads, single- and
 * multi-threaded, produce traces that TLC accepts. Each try runs TLC once (about 2 s), hence the
 * small number of tries; `make validate` on long traces complements it.
 */
class TraceValidationProperties {
    @Property(tries = 16, shrinking = ShrinkingMode.OFF)
    void everyBugFreeWorkloadTraceIsAccepted(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                             @ForAll @IntRange(min = 200, max = 1500) int ops,
                                             @ForAll boolean concurrent) throws IOException {
        int threads = concurrent ? 4 : 1;
        Path dir = Files.createTempDirectory("tv-prop-");
        Path trace = Traces.workload(dir.resolve("t.ndjson"), seed, ops, threads, "");
        Validate.Result r = Traces.validate(trace);
        assertEquals(Validate.ACCEPTED, r.exitCode(),
                "seed " + seed + ", ops " + ops + ", threads " + threads + ":\n" + r.out() + r.err());
        Files.delete(trace);
        Files.delete(dir);
    }
}
