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
    static final String HEADER = "{\"schema\":\"vmspace-trace\",\"version\":2,\"pageSize\":4096,\"cpus\":2,\"frames\":4,"
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
                        + "\"post\":{\"freed\":[\"0x3000\"],\"freeFrames\":4,\"tlbDropped\":[[1,\"0x7ffffffc0000\"]]}}"));
        TraceFile.Event r = t.events().get(0);
        assertEquals(TraceFile.CAP, r.get("vaddr"));
        assertEquals(TraceFile.CAP, r.get("len"));
        assertEquals(-1, r.get("id"));
        assertFalse(r.outside);
        assertArrayEquals(new long[] {0x1000, 0x2000}, t.events().get(1).view);
        assertArrayEquals(new long[] {3}, t.events().get(2).freed);
        // v2 tuple lists: [cpu, page] rebased like every address
        assertEquals(1, t.events().get(2).tuples("tlbDropped").size());
        assertArrayEquals(new Object[] {1L, 0x1000L}, t.events().get(2).tuples("tlbDropped").get(0));
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

    static String ev(int seq, String op, String args, String outcome, String post) {
        return "{\"seq\":" + seq + ",\"thread\":\"w-0\",\"op\":\"" + op + "\",\"args\":{" + args
                + "},\"outcome\":\"" + outcome + "\"" + (post == null ? "" : ",\"post\":{" + post + "}") + "}";
    }

    @Test
    void anEventNamingACpuOutsideTheHeaderIsRejectedAtThatEvent() throws Exception {
        // before the spec's domain guards: Activate(99) was ACCEPTED (an EXCEPT outside the
        // domain changes nothing), and Reader on cpu 5 made TLC fail (exit 3, current[5])
        for (String bad : List.of(ev(2, "Activate", "\"cpu\":99", "ok", null),
                ev(2, "Deactivate", "\"cpu\":2", "ok", null),
                ev(2, "Reader", "\"cpu\":5,\"id\":1,\"vaddr\":\"0x7ffffffc0000\",\"len\":\"8\"", "ok", null),
                ev(2, "Writer", "\"cpu\":-1,\"id\":1,\"vaddr\":\"0x7ffffffc0000\",\"len\":\"8\"", "ok", null),
                ev(2, "Reader", "\"cpu\":7,\"id\":null,\"vaddr\":\"0x7ffffffc0000\",\"len\":\"8\"",
                        "AccessDenied", null))) {
            Validate.Result r = Traces.validate(write(ev(1, "Activate", "\"cpu\":0", "ok", null), bad));
            assertEquals(Validate.REJECTED, r.exitCode(), bad + "\n" + r.out() + r.err());
            assertEquals(2, r.eventIndex(), r.out());
        }
        // Read on a CPU outside the header's (before: current[9] made TLC fail, exit 3)
        Validate.Result read = Traces.validate(mapped(ev(4, "DropCursor", "\"cursor\":1", "ok", null),
                ev(5, "Reader", "\"cpu\":0,\"id\":1,\"vaddr\":\"0x7ffffffbf000\",\"len\":\"8\"", "ok", null),
                ev(6, "ActivateReader", "\"id\":1", "ok",
                        "\"view\":[\"0x7ffffffbf000\"],\"remainingPages\":64,\"readers\":0,\"writers\":0"),
                ev(7, "Read", "\"cpu\":9,\"id\":1,\"n\":8,\"api\":\"read\"", "ok",
                        "\"copied\":8,\"start\":\"0x7ffffffbf008\",\"tlbUsed\":[],\"tlbFilled\":[[\"0x7ffffffbf000\",\"0x0\",true]]")));
        assertEquals(Validate.REJECTED, read.exitCode(), read.out() + read.err());
        assertEquals(7, read.eventIndex(), read.out());
    }

    /** Activate(0), a cursor over window pages 0-1 mapping frames 0 and 1, then {@code rest}. */
    private Path mapped(String... rest) throws Exception {
        List<String> l = new java.util.ArrayList<>(List.of(ev(1, "Activate", "\"cpu\":0", "ok", null),
                ev(2, "CursorMut", "\"cursor\":1,\"lo\":\"0x7ffffffbf000\",\"hi\":\"0x7ffffffc1000\"", "ok", null),
                ev(3, "Map", "\"cursor\":1,\"frame\":\"0x0\",\"prop\":\"RW\"", "ok",
                        "\"va\":\"0x7ffffffc0000\",\"replaced\":null,\"freeFrames\":3")));
        l.addAll(List.of(rest));
        return write(l.toArray(new String[0]));
    }

    @Test
    void aPropOutsideTheProtocolIsRejected() throws Exception {
        // before the spec's prop \in Props guards: Map with prop "XYZ" was ACCEPTED
        Validate.Result ok = Traces.validate(mapped());
        assertEquals(Validate.ACCEPTED, ok.exitCode(), ok.out() + ok.err());
        Validate.Result r = Traces.validate(mapped(ev(4, "Map", "\"cursor\":1,\"frame\":\"0x1000\",\"prop\":\"XYZ\"",
                "ok", "\"va\":\"0x7ffffffc1000\",\"replaced\":null,\"freeFrames\":2")));
        assertEquals(Validate.REJECTED, r.exitCode(), r.out() + r.err());
        assertEquals(4, r.eventIndex());
        Validate.Result p = Traces.validate(mapped(ev(4, "Jump", "\"cursor\":1,\"va\":\"0x7ffffffbf000\"", "ok", null),
                ev(5, "ProtectNext", "\"cursor\":1,\"len\":\"4096\",\"prop\":\"W\"", "ok",
                        "\"va\":\"0x7ffffffc0000\",\"protected\":\"0x7ffffffbf000\",\"pages\":[[\"0x7ffffffbf000\",\"0x0\",\"W\"]]")));
        assertEquals(Validate.REJECTED, p.exitCode(), p.out() + p.err());
        assertEquals(5, p.eventIndex());
    }

    @Test
    void anEmptyReaderStrictlyInsideAParkedWritersRangeIsCreated() throws Exception {
        // DIVERGENCES.md D5 (F1): the spec's Overlaps said the empty range [page 1, page 1)
        // overlaps [page 0, page 2); a listed empty reader then broke VmSpaceOwnerInv_ReadWrite
        String map2 = ev(4, "Map", "\"cursor\":1,\"frame\":\"0x1000\",\"prop\":\"RW\"", "ok",
                "\"va\":\"0x7ffffffc1000\",\"replaced\":null,\"freeFrames\":2");
        String writer = ev(6, "Writer", "\"cpu\":0,\"id\":1,\"vaddr\":\"0x7ffffffbf000\",\"len\":\"8192\"", "ok", null);
        String activate = ev(7, "ActivateWriter", "\"id\":1", "ok",
                "\"view\":[\"0x7ffffffbf000\",\"0x7ffffffc0000\"],\"remainingPages\":62,\"readers\":0,\"writers\":0");
        String dispose = ev(8, "DisposeWriter", "\"id\":1", "ok", "\"remainingPages\":62,\"readers\":0,\"writers\":1");
        String drop = ev(5, "DropCursor", "\"cursor\":1", "ok", null);
        String empty = "\"cpu\":0,\"id\":2,\"vaddr\":\"0x7ffffffc0000\",\"len\":\"0\"";
        Validate.Result ok = Traces.validate(mapped(map2, drop, writer, activate, dispose,
                ev(9, "Reader", empty, "ok", null)));
        assertEquals(Validate.ACCEPTED, ok.exitCode(), ok.out() + ok.err());
        // ... and a Conflict refusal of it is not the spec's: rejected
        Validate.Result r = Traces.validate(mapped(map2, drop, writer, activate, dispose,
                ev(9, "Reader", empty.replace("\"id\":2", "\"id\":null"), "Conflict", null)));
        assertEquals(Validate.REJECTED, r.exitCode(), r.out() + r.err());
        assertEquals(9, r.eventIndex());
    }

    @Test
    void aTlcFailureIsExitCode3WithTlcsErrorLines() throws Exception {
        Path root = dir.resolve("root");
        Path real = Validate.Config.fromEnvironment().root();
        for (String f : List.of("trace-validation/TraceVmSpace.tla", "trace-validation/TraceVmSpace.cfg",
                "trace-validation/TraceVmSpaceProp.cfg", "trace-validation/TraceIO.tla", "tla/VmSpace.tla",
                "trace-validation/TraceVmSpaceReport.tla")) {
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
