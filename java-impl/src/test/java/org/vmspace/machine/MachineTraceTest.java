package org.vmspace.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmspace.trace.JsonLine;
import org.vmspace.trace.TraceException;

/**
 * The machine trace (java-impl/MACHINE_TRACE_SCHEMA.md): every operation, performed or refused, is
 * one line with what it changed. Evidence the logged fields can show a bug: the same scenario with
 * {@link MachineBug#FlushLocalOnly} or {@link MachineBug#ForkParentWritable} logs a different
 * {@code dropped} / {@code protected} at the step that has the bug.
 */
class MachineTraceTest {
    private static final String T = Thread.currentThread().getName();

    /** Fork, a remote CPU caching, a copy, a flush, the refusals. Returns the trace lines. */
    private static List<String> scenario(Set<MachineBug> bugs) {
        MachineSink.Memory sink = new MachineSink.Memory();
        Machine m = new Machine(2, 3, bugs, sink, Map.of("seed", 7));
        Space a = m.newSpace();
        attempt(() -> m.read(0, 0x1000));
        a.map(0x1000, Prop.RW);
        m.activate(0, a);
        m.activate(1, a);
        m.activate(1, a);
        m.write(0, 0x1000, 5);
        m.read(1, 0x1000);
        Space b = a.fork();
        m.read(1, 0x1000); // CPU 1 caches the shared frame read-only
        m.write(0, 0x1000, 6); // CowCopy, then the Write
        a.dispatchTlbFlush(0);
        a.dispatchTlbFlush(0);
        a.unmap(0x2000);
        attempt(() -> m.write(1, 0x2000, 1));
        a.map(0x2000, Prop.R);
        attempt(() -> m.write(1, 0x2000, 1));
        attempt(() -> a.map(0x3000, Prop.R)); // the third frame is taken
        attempt(() -> a.shareCow(0x1000, b, 0x1000)); // the target is mapped
        m.read(0, 0x1000);
        m.activate(0, b);
        return sink.lines();
    }

    /** Runs {@code r}; a refusal (logged) is expected in the bug-free run and ignored here. */
    private static void attempt(Runnable r) {
        try {
            r.run();
        } catch (MachineFault | IllegalArgumentException e) {
            // the event says it was refused
        }
    }

    private static String line(int seq, String op, String args, String outcome, String post) {
        return "{\"seq\":" + seq + ",\"thread\":\"" + T + "\",\"op\":\"" + op + "\",\"args\":{" + args
                + "},\"outcome\":\"" + outcome + "\"" + (post == null ? "" : ",\"post\":{" + post + "}") + "}";
    }

    @Test
    void everyOperationIsOneLineWithWhatItChanged() {
        List<String> l = scenario(Set.of());
        assertEquals("{\"schema\":\"vmspace-machine-trace\",\"version\":1,\"cpus\":2,\"frames\":3,\"seed\":7}", l.get(0));
        assertEquals(List.of(
                line(1, "NewSpace", "\"space\":0", "ok", null),
                line(2, "Read", "\"cpu\":0,\"page\":\"0x1000\"", "NoSpace", null),
                line(3, "Map", "\"space\":0,\"page\":\"0x1000\",\"prop\":\"RW\"", "ok", "\"frame\":0,\"replaced\":null,\"freed\":[]"),
                line(4, "Activate", "\"cpu\":0,\"space\":0", "ok", "\"switched\":true,\"dropped\":[]"),
                line(5, "Activate", "\"cpu\":1,\"space\":0", "ok", "\"switched\":true,\"dropped\":[]"),
                line(6, "Activate", "\"cpu\":1,\"space\":0", "ok", "\"switched\":false,\"dropped\":[]"),
                line(7, "Write", "\"cpu\":0,\"page\":\"0x1000\"", "ok", "\"frame\":0,\"tlbHit\":false"),
                line(8, "Read", "\"cpu\":1,\"page\":\"0x1000\"", "ok", "\"frame\":0,\"tlbHit\":false"),
                line(9, "Fork", "\"space\":0,\"child\":1", "ok",
                        "\"protected\":[\"0x1000\"],\"shared\":[[\"0x1000\",0,2]],\"dropped\":[[0,\"0x1000\"],[1,\"0x1000\"]]"),
                line(10, "Read", "\"cpu\":1,\"page\":\"0x1000\"", "ok", "\"frame\":0,\"tlbHit\":false"),
                line(11, "CowCopy", "\"cpu\":0,\"page\":\"0x1000\"", "ok", "\"from\":0,\"frame\":1,\"freed\":[]"),
                line(12, "Write", "\"cpu\":0,\"page\":\"0x1000\"", "ok", "\"frame\":1,\"tlbHit\":false"),
                line(13, "DispatchTlbFlush", "\"space\":0,\"cpu\":0", "ok",
                        "\"pages\":[[\"0x1000\",0]],\"dropped\":[[0,\"0x1000\"],[1,\"0x1000\"]],\"freed\":[]"),
                line(14, "DispatchTlbFlush", "\"space\":0,\"cpu\":0", "NothingPending", null),
                line(15, "Unmap", "\"space\":0,\"page\":\"0x2000\"", "NotMapped", null),
                line(16, "Write", "\"cpu\":1,\"page\":\"0x2000\"", "NotMapped", null),
                line(17, "Map", "\"space\":0,\"page\":\"0x2000\",\"prop\":\"R\"", "ok", "\"frame\":2,\"replaced\":null,\"freed\":[]"),
                line(18, "Write", "\"cpu\":1,\"page\":\"0x2000\"", "ReadOnly", null),
                line(19, "Map", "\"space\":0,\"page\":\"0x3000\",\"prop\":\"R\"", "OutOfFrames", null),
                line(20, "CowShare", "\"space\":0,\"page\":\"0x1000\",\"to\":1,\"toPage\":\"0x1000\"", "InvalidArgs", null),
                line(21, "Read", "\"cpu\":0,\"page\":\"0x1000\"", "ok", "\"frame\":1,\"tlbHit\":false"),
                line(22, "Activate", "\"cpu\":0,\"space\":1", "ok", "\"switched\":true,\"dropped\":[[\"0x1000\",1,true]]")),
                l.subList(1, l.size()));
    }

    @Test
    void aBugShowsInTheFieldOfTheStepThatHasIt() {
        List<String> clean = scenario(Set.of());
        List<String> local = scenario(Set.of(MachineBug.FlushLocalOnly));
        assertEquals(clean.subList(0, 13), local.subList(0, 13));
        assertNotEquals(clean.get(13), local.get(13));
        assertTrue(local.get(13).contains("\"dropped\":[[0,\"0x1000\"]]"), local.get(13));
        List<String> writable = scenario(Set.of(MachineBug.ForkParentWritable));
        assertEquals(clean.subList(0, 9), writable.subList(0, 9));
        assertTrue(writable.get(9).contains("\"protected\":[]"), writable.get(9));
    }

    @Test
    void theFileSinkWritesTheSameLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.ndjson");
        try (MachineSink sink = MachineSink.ndjson(f)) {
            Machine m = new Machine(1, 2, Set.of(), sink, Map.of());
            Space a = m.newSpace();
            a.map(7, Prop.RW);
            a.unmap(7);
            a.dispatchTlbFlush(0);
        }
        MachineSink.Memory mem = new MachineSink.Memory();
        Machine m = new Machine(1, 2, Set.of(), mem, Map.of());
        Space a = m.newSpace();
        a.map(7, Prop.RW);
        a.unmap(7);
        a.dispatchTlbFlush(0);
        assertEquals(mem.lines(), Files.readAllLines(f));
        Set<String> ops = new TreeSet<>();
        mem.lines().forEach(s -> ops.add(s.replaceAll(".*\"op\":\"(\\w+)\".*", "$1")));
        assertTrue(ops.contains("DispatchTlbFlush"), ops.toString());
    }

    @Test
    void aSinkFailureIsStickyAndRefusesEveryLaterOperation() {
        TraceException boom = new TraceException("disk full");
        int[] writes = {0};
        MachineSink failing = new MachineSink() {
            @Override
            public void write(JsonLine line) {
                if (++writes[0] == 3) {
                    throw boom;
                }
            }
        };
        Machine m = new Machine(1, 2, Set.of(), failing, Map.of());
        Space a = m.newSpace();
        assertSame(boom, assertThrows(TraceException.class, () -> a.map(0, Prop.RW)));
        assertSame(boom, assertThrows(TraceException.class, () -> m.activate(0, a)));
        assertSame(boom, assertThrows(TraceException.class, m::newSpace));
        assertEquals(3, writes[0], "nothing written after the failure");
    }
}
