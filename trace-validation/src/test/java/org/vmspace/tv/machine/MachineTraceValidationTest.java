package org.vmspace.tv.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmspace.machine.MachineBug;
import org.vmspace.machine.MachineSink;
import org.vmspace.machine.MachineWorkload;

/**
 * Machine traces validate against tla/VmSpaceMachine.tla (TraceVmSpaceMachine.tla): a multi-space
 * workload's trace of a few hundred events is ACCEPTED, and the check can fail: each planted
 * {@link MachineBug} below (the flush reaching only the issuing CPU, a flush freeing a frame another
 * space still maps, a copy-on-write share leaving the source writable) is REJECTED at the first event
 * where its trace differs from the bug-free trace of the same seed, with a one-line reason naming the
 * field. The spec's invariants, checked in every state, can fail too: with the spec's own
 * {@code FreeIgnoresRefcount} bug the same trace matches every step and is rejected by
 * {@code FreeFramesUnmappedInv}.
 */
class MachineTraceValidationTest {
    private static final Path ROOT = Path.of(System.getProperty("vmspace.root", "..")).toAbsolutePath().normalize();
    /** The bug traces: 120 operations of seed 1 (each bug shows within the first 60 events). */
    private static final int BUG_OPS = 120;

    private static List<String> trace(int ops, Set<MachineBug> bugs) {
        MachineSink.Memory sink = new MachineSink.Memory();
        MachineWorkload.run(MachineWorkload.Params.defaults(1, ops).withBugs(bugs), sink);
        return sink.lines();
    }

    private static Path write(Path dir, String name, List<String> lines) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    private static ValidateMachine.Result validate(Path trace, Path root) {
        return ValidateMachine.run(trace, root, ValidateMachine.tlcJar());
    }

    @Test
    void aMultiSpaceWorkloadTraceIsAccepted(@TempDir Path dir) throws Exception {
        List<String> t = trace(300, Set.of());
        assertTrue(t.size() > 300, "a few hundred events: " + t.size());
        for (String op : List.of("Fork", "CowShare", "CowCopy", "DispatchTlbFlush", "Activate")) {
            assertTrue(t.stream().anyMatch(s -> s.contains("\"op\":\"" + op + "\",") && s.contains("\"outcome\":\"ok\"")), op);
        }
        ValidateMachine.Result r = validate(write(dir, "clean.ndjson", t), ROOT);
        assertEquals(ValidateMachine.ACCEPTED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().startsWith("validate-machine: ACCEPTED"), r.out());
    }

    /** The 1-based index of the first event where the two traces differ (line 1 is the header). */
    private static int firstDifference(List<String> a, List<String> b) {
        for (int k = 1; k < Math.min(a.size(), b.size()); k++) {
            if (!a.get(k).equals(b.get(k))) {
                return k;
            }
        }
        throw new AssertionError("the traces do not differ");
    }

    @ParameterizedTest(name = "{0} is rejected at its {1} event: {2}")
    @CsvSource({
        "FlushLocalOnly, DispatchTlbFlush, post.dropped",
        "FreeIgnoresRefcount, DispatchTlbFlush, post.freed",
        "ForkParentWritable, CowShare, post.protected"})
    void aPlantedBugIsRejectedAtTheFirstEventItChangesWithOneLineWhy(String bug, String op, String field,
                                                                     @TempDir Path dir) throws Exception {
        List<String> clean = trace(BUG_OPS, Set.of());
        List<String> buggy = trace(BUG_OPS, Set.of(MachineBug.valueOf(bug)));
        int k = firstDifference(clean, buggy);
        ValidateMachine.Result r = validate(write(dir, bug + ".ndjson", buggy), ROOT);
        assertEquals(ValidateMachine.REJECTED, r.exitCode(), r.out() + r.err());
        assertEquals(k, r.eventIndex(), r.out());
        assertEquals(op, r.op(), r.out());
        assertTrue(r.reason().startsWith(field + " logged "), r.reason());
        assertFalse(r.reason().contains("\n"), "one line: " + r.reason());
        assertTrue(r.out().startsWith("validate-machine: REJECTED " + dir.resolve(bug + ".ndjson") + " at event #" + k
                + " (line " + (k + 1) + ", seq " + k + "): " + op + " ok: " + field), r.out());
    }

    @Test
    void theInvariantsCheckedInEveryStateCanRejectATraceWhoseStepsAllMatch(@TempDir Path dir) throws Exception {
        // The trace spec with the spec's own FreeIgnoresRefcount: the buggy Java's freed frames match the
        // buggy spec's step, so only the invariant sees the frame another space still maps.
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("tla"));
        Files.createDirectories(root.resolve("trace-validation"));
        Files.copy(ROOT.resolve("tla/VmSpaceMachine.tla"), root.resolve("tla/VmSpaceMachine.tla"));
        for (String f : List.of("MachineTraceIO.tla", "TraceVmSpaceMachine.cfg")) {
            Files.copy(ROOT.resolve("trace-validation/" + f), root.resolve("trace-validation/" + f));
        }
        String spec = Files.readString(ROOT.resolve("trace-validation/TraceVmSpaceMachine.tla"));
        assertTrue(spec.contains("TBug == \"None\""));
        Files.writeString(root.resolve("trace-validation/TraceVmSpaceMachine.tla"),
                spec.replace("TBug == \"None\"", "TBug == \"FreeIgnoresRefcount\""));
        List<String> buggy = trace(BUG_OPS, Set.of(MachineBug.FreeIgnoresRefcount));
        int k = firstDifference(trace(BUG_OPS, Set.of()), buggy);
        ValidateMachine.Result r = validate(write(dir, "free.ndjson", buggy), root);
        assertEquals(ValidateMachine.REJECTED, r.exitCode(), r.out() + r.err());
        assertEquals(k, r.eventIndex(), r.out());
        assertEquals("matches its step but reaches a state that violates FreeFramesUnmappedInv (tla/VmSpaceMachine.tla)",
                r.reason());
    }

    @Test
    void theTraceCfgChecksEveryInvariantOfTheMachineModel() throws Exception {
        assertEquals(invariants(ROOT.resolve("tla/MCVmSpaceMachine.cfg")),
                invariants(ROOT.resolve("trace-validation/TraceVmSpaceMachine.cfg")));
    }

    private static List<String> invariants(Path cfg) throws Exception {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^INVARIANT (\\w+)$").matcher(Files.readString(cfg));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void aMalformedTraceIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        List<String> t = trace(20, Set.of());
        List<List<String>> bad = List.of(
                List.of(),
                t.subList(0, 1),
                List.of(t.get(0).replace("vmspace-machine-trace", "vmspace-trace"), t.get(1)),
                List.of(t.get(0), t.get(2)),
                List.of(t.get(0), "{\"seq\":1,\"op\":\"Read\",\"args\":{\"cpu\":0,\"page\":\"0xZZ\"},\"outcome\":\"ok\"}"),
                List.of(t.get(0), "{\"seq\":1,\"op\":\"Jump\",\"args\":{},\"outcome\":\"ok\"}"),
                List.of(t.get(0), "{\"seq\":1,"));
        for (List<String> b : bad) {
            ValidateMachine.Result r = validate(write(dir, "bad.ndjson", b), ROOT);
            assertEquals(ValidateMachine.MALFORMED, r.exitCode(), b + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("validate-machine: ") && r.err().indexOf('\n') == r.err().length() - 1,
                    b + ": " + r.err());
        }
    }
}
