package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser's rebasing to the spec's address space (trace-validation/README.md). */
class TraceFileTest {
    static final String HEADER = "{\"schema\":\"vmspace-trace\",\"version\":1,\"pageSize\":4096,\"cpus\":2,\"frames\":4,"
            + "\"sharedReader\":false,\"maxUserspaceVaddr\":\"0x7ffffffff000\","
            + "\"window\":{\"base\":\"0x7ffffffbf000\",\"pages\":64},\"seed\":0,\"threads\":1}";

    @TempDir
    Path dir;

    private Path write(String... events) throws Exception {
        return Files.write(dir.resolve("t.ndjson"), concat(HEADER, events));
    }

    private static List<String> concat(String h, String... rest) {
        List<String> l = new java.util.ArrayList<>(List.of(h));
        l.addAll(List.of(rest));
        return l;
    }

    @Test
    void addressesAreRebasedToTheWindowAndLargeValuesCapped() throws Exception {
        TraceFile t = TraceFile.parse(write(
                "{\"seq\":1,\"thread\":\"w-0\",\"op\":\"Reader\",\"args\":{\"cpu\":0,\"id\":null,"
                        + "\"vaddr\":\"0xffffffffffffffff\",\"len\":\"18446744073709551615\"},\"outcome\":\"AccessDenied\"}",
                "{\"seq\":2,\"thread\":\"w-0\",\"op\":\"ActivateWriter\",\"args\":{\"id\":3},\"outcome\":\"ok\","
                        + "\"post\":{\"view\":[\"0x7ffffffc0000\",\"0x7ffffffc1000\"],\"remainingPages\":62,\"readers\":0,\"writers\":0}}",
                "{\"seq\":3,\"thread\":\"w-0\",\"op\":\"DispatchTlbFlush\",\"args\":{\"cursor\":2},\"outcome\":\"ok\","
                        + "\"post\":{\"freed\":[\"0x3000\"],\"freeFrames\":4}}"));
        TraceFile.Event r = t.events().get(0);
        assertEquals(TraceFile.CAP, r.get("vaddr"));
        assertEquals(TraceFile.CAP, r.get("len"));
        assertEquals(-1, r.get("id"));
        assertFalse(r.outside);
        assertArrayEquals(new long[] {0x1000, 0x2000}, t.events().get(1).view);
        assertArrayEquals(new long[] {3}, t.events().get(2).freed);
        assertEquals(3, t.maxId());
        assertEquals(2, t.maxCursor());
        assertEquals(64 * 4096, t.header().maxVaddr());
    }

    @Test
    void aRefusedRequestBelowTheWindowIsMarkedOutsideAndAccepted() throws Exception {
        Path p = write(
                "{\"seq\":1,\"thread\":\"w-0\",\"op\":\"Reader\",\"args\":{\"cpu\":0,\"id\":null,"
                        + "\"vaddr\":\"0x1000\",\"len\":\"4096\"},\"outcome\":\"AccessDenied\"}",
                "{\"seq\":2,\"thread\":\"w-0\",\"op\":\"Activate\",\"args\":{\"cpu\":0},\"outcome\":\"ok\"}");
        TraceFile t = TraceFile.parse(p);
        assertTrue(t.events().get(0).outside);
        assertEquals(-1, t.events().get(0).get("vaddr"));
        Validate.Result r = Traces.validate(p);
        assertEquals(Validate.ACCEPTED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains(": 2 events (1 refused, 1 outside window)"), r.out());
    }

    @Test
    void aRefusalTheSpecDoesNotMakeIsRejected() throws Exception {
        // Activate(0) happened, so the spec would create the reader: AccessDenied is not its refusal.
        Path p = write(
                "{\"seq\":1,\"thread\":\"w-0\",\"op\":\"Activate\",\"args\":{\"cpu\":0},\"outcome\":\"ok\"}",
                "{\"seq\":2,\"thread\":\"w-0\",\"op\":\"Reader\",\"args\":{\"cpu\":0,\"id\":null,"
                        + "\"vaddr\":\"0x7ffffffc0000\",\"len\":\"4096\"},\"outcome\":\"AccessDenied\"}");
        Validate.Result r = Traces.validate(p);
        assertEquals(Validate.REJECTED, r.exitCode(), r.out() + r.err());
        assertEquals(2, r.eventIndex());
        // a refused Reader logs no id, so the diagnosis shows the guards rather than an enabled Reader(i)
        assertTrue(r.out().contains("current |-> TRUE") && r.out().contains("rangeOK |-> TRUE"), r.out());
    }

    @Test
    void dropOwnerOfACreatedOwnerIsAcceptedAndASecondDropMustBeRefused() throws Exception {
        String activate = "{\"seq\":1,\"thread\":\"w-0\",\"op\":\"Activate\",\"args\":{\"cpu\":0},\"outcome\":\"ok\"}";
        String reader = "{\"seq\":2,\"thread\":\"w-0\",\"op\":\"Reader\",\"args\":{\"cpu\":0,\"id\":1,"
                + "\"vaddr\":\"0x7ffffffc0000\",\"len\":\"8\"},\"outcome\":\"ok\"}";
        String drop = "{\"seq\":3,\"thread\":\"w-0\",\"op\":\"DropOwner\",\"args\":{\"id\":1},\"outcome\":\"ok\"}";
        Path p = write(activate, reader, drop,
                "{\"seq\":4,\"thread\":\"w-0\",\"op\":\"DropOwner\",\"args\":{\"id\":1},\"outcome\":\"InvalidState\"}");
        TraceFile t = TraceFile.parse(p);
        assertEquals("DropOwner", t.events().get(2).op);
        assertEquals(1, t.events().get(2).get("id"));
        assertTrue(t.events().get(3).refused());
        Validate.Result ok = Traces.validate(p);
        assertEquals(Validate.ACCEPTED, ok.exitCode(), ok.out() + ok.err());

        // the owner is gone after the first drop: a second successful drop is not a step of the spec
        Path bad = write(activate, reader, drop,
                "{\"seq\":4,\"thread\":\"w-0\",\"op\":\"DropOwner\",\"args\":{\"id\":1},\"outcome\":\"ok\"}");
        Validate.Result r = Traces.validate(bad);
        assertEquals(Validate.REJECTED, r.exitCode(), r.out() + r.err());
        assertEquals(4, r.eventIndex());
        assertEquals("DropOwner", r.op());
    }

    @Test
    void aTlcFailureIsExitCode3WithTlcsErrorLines() throws Exception {
        Path root = dir.resolve("root");
        Path real = Validate.Config.fromEnvironment().root();
        for (String f : List.of("trace-validation/TraceVmSpace.tla", "trace-validation/TraceVmSpace.cfg",
                "trace-validation/TraceVmSpaceProp.cfg", "trace-validation/TraceIO.tla", "tla/VmSpace.tla")) {
            Files.createDirectories(root.resolve(f).getParent());
            Files.copy(real.resolve(f), root.resolve(f));
        }
        Path spec = root.resolve("trace-validation/TraceVmSpace.tla");
        Files.writeString(spec, Files.readString(spec).replace("Step == l' = l + 1", "Step == l' = l + \"one\""));
        Path p = write("{\"seq\":1,\"thread\":\"w-0\",\"op\":\"Activate\",\"args\":{\"cpu\":0},\"outcome\":\"ok\"}");
        Validate.Config env = Validate.Config.fromEnvironment();
        Validate.Result r = Validate.run(p, new Validate.Config(root, env.tlcJar(), env.jvmOptions()));
        assertEquals(Validate.TLC_FAILED, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("validate: TLC failed"), r.err());
    }
}
