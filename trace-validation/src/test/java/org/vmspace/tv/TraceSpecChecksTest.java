package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What TraceVmSpace checks besides matching each step: the base spec's invariants in every state, no
 * success without a loaded trace, and the "Cost" substitutes agreeing with the spec's own operators.
 */
class TraceSpecChecksTest {
    @TempDir
    Path dir;

    static final Path ROOT = Validate.Config.fromEnvironment().root();

    /** A copy of the repository's TLA+ files under {@code dir/name}, with some of them edited. */
    private Validate.Config copy(String name, Map<String, UnaryOperator<String>> edits) throws Exception {
        Path root = dir.resolve(name);
        for (String f : List.of("trace-validation/TraceVmSpace.tla", "trace-validation/TraceIO.tla",
                "tla/VmSpace.tla", "trace-validation/TraceVmSpace.cfg", "trace-validation/TraceVmSpaceProp.cfg",
                "trace-validation/TraceVmSpaceCost.cfg", "trace-validation/TraceVmSpaceCostPlanted.cfg",
                "trace-validation/TraceVmSpaceReport.tla")) {
            Files.createDirectories(root.resolve(f).getParent());
            String text = Files.readString(ROOT.resolve(f));
            Files.writeString(root.resolve(f), edits.getOrDefault(f, x -> x).apply(text));
        }
        Validate.Config env = Validate.Config.fromEnvironment();
        return new Validate.Config(root, env.tlcJar(), env.jvmOptions());
    }

    @Test
    void theTraceConfigChecksEveryInvariantOfTheCiModel() throws Exception {
        Pattern inv = Pattern.compile("(?m)^INVARIANT (\\S+)");
        Set<String> ci = new TreeSet<>();
        for (Matcher m = inv.matcher(Files.readString(ROOT.resolve("tla/MCVmSpace.cfg"))); m.find(); ) {
            ci.add(m.group(1));
        }
        Set<String> trace = new TreeSet<>();
        for (Matcher m = inv.matcher(Files.readString(ROOT.resolve("trace-validation/TraceVmSpace.cfg"))); m.find(); ) {
            trace.add(m.group(1));
        }
        assertTrue(ci.size() >= 20, ci.toString());
        assertEquals(ci, trace);
    }

    /** Activate, one mapped page, a writer over it activated, disposed and removed (remainingPages after). */
    private Path writerLifecycle(int remainingAfterRemove) throws Exception {
        List<String> l = new ArrayList<>(List.of(TraceFileTest.HEADER,
                TraceFileTest.ev(1, "Activate", "\"cpu\":0", "ok", null),
                TraceFileTest.ev(2, "CursorMut", "\"cursor\":1,\"lo\":\"0x7ffffffbf000\",\"hi\":\"0x7ffffffc0000\"", "ok", null),
                TraceFileTest.ev(3, "Map", "\"cursor\":1,\"frame\":\"0x0\",\"prop\":\"RW\"", "ok",
                        "\"va\":\"0x7ffffffc0000\",\"replaced\":null,\"freeFrames\":3"),
                TraceFileTest.ev(4, "DropCursor", "\"cursor\":1", "ok", null),
                TraceFileTest.ev(5, "Writer", "\"cpu\":0,\"id\":1,\"vaddr\":\"0x7ffffffbf000\",\"len\":\"4096\"", "ok", null),
                TraceFileTest.ev(6, "ActivateWriter", "\"id\":1", "ok",
                        "\"view\":[\"0x7ffffffbf000\"],\"remainingPages\":63,\"readers\":0,\"writers\":0"),
                TraceFileTest.ev(7, "DisposeWriter", "\"id\":1", "ok", "\"remainingPages\":63,\"readers\":0,\"writers\":1"),
                TraceFileTest.ev(8, "RemoveWriter", "\"id\":1", "ok",
                        "\"remainingPages\":" + remainingAfterRemove + ",\"readers\":0,\"writers\":0")));
        return Files.write(dir.resolve("lifecycle-" + remainingAfterRemove + ".ndjson"), l);
    }

    @Test
    void aTraceWhoseStepsAllMatchButReachABadStateIsRejectedAtThatEvent() throws Exception {
        Path good = writerLifecycle(64);
        Validate.Result ok = Traces.validate(good);
        assertEquals(Validate.ACCEPTED, ok.exitCode(), ok.out() + ok.err());
        // The spec with its NoJoinOnRemove guard off (the bug model's): RemoveWriter keeps the view out of
        // mem_view, so the logged remainingPages 63 matches every step, and the state after it breaks
        // PermissionConservationInv. Without the invariants in the cfg this trace was ACCEPTED.
        Path lost = writerLifecycle(63);
        UnaryOperator<String> bug = x -> x.replace("TBug == \"None\"", "TBug == \"NoJoinOnRemove\"");
        Validate.Result r = Validate.run(lost, copy("buggy", Map.of("trace-validation/TraceVmSpace.tla", bug)));
        assertEquals(Validate.REJECTED, r.exitCode(), r.out() + r.err());
        assertEquals(8, r.eventIndex());
        assertTrue(r.out().contains("RemoveWriter ok matches its action but reaches a state that violates "
                + "PermissionConservationInv"), r.out());
        // the check that could fail: without the invariants in the cfg, the same spec accepts the trace
        Validate.Result without = Validate.run(lost, copy("noinv", Map.of("trace-validation/TraceVmSpace.tla", bug,
                "trace-validation/TraceVmSpace.cfg", x -> x.replaceAll("(?m)^INVARIANT .*$", ""))));
        assertEquals(Validate.ACCEPTED, without.exitCode(), without.out() + without.err());
    }

    @Test
    void plainTlcWithoutTheDriverDoesNotReportSuccess() throws Exception {
        Path d = dir.resolve("plain");
        Files.createDirectories(d.resolve("tmp"));
        for (String f : List.of("trace-validation/TraceVmSpace.tla", "trace-validation/TraceIO.tla", "tla/VmSpace.tla",
                "trace-validation/TraceVmSpace.cfg")) {
            Files.copy(ROOT.resolve(f), d.resolve(Path.of(f).getFileName()));
        }
        // as a user of the TLA+ tools would: TLC's jar only, no TraceIO override, no trace
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + d.resolve("tmp"), "-cp", Validate.Config.fromEnvironment().tlcJar().toString(),
                "tlc2.TLC", "-deadlock", "-workers", "1", "-metadir", d.resolve("meta").toString(), "-config",
                "TraceVmSpace.cfg", "TraceVmSpace.tla").directory(d.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        assertNotEquals(0, exit, out);
        assertTrue(out.contains("no trace loaded"), out);
        assertFalse(out.contains("No error has been found"), out);
    }

    @Test
    void theCostSubstitutesAgreeWithTheSpecAndThePlantedOffByOneIsCaught() throws Exception {
        Path t = Traces.workload(dir.resolve("cost.ndjson"), 2, 400, 4, "");
        Validate.Result ok = Validate.runWith(t, Validate.Config.fromEnvironment(), "TraceVmSpaceCost.cfg", null);
        assertEquals(Validate.ACCEPTED, ok.exitCode(), ok.out() + ok.err());
        Validate.Result planted = Validate.runWith(t, Validate.Config.fromEnvironment(), "TraceVmSpaceCostPlanted.cfg",
                null);
        assertNotEquals(Validate.ACCEPTED, planted.exitCode());
        assertTrue((planted.out() + planted.err()).contains("CostEquivalenceInv"), planted.out() + planted.err());
    }
}
