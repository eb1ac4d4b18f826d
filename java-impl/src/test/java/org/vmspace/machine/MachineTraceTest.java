package org.vmspace.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        // every other operation too (kills the removed own/cpu guards of map 325, unmap 342, fork 397,
        // read 220, write 247, current 190, tlb 196: each went on and wrote a line, or answered)
        List<Runnable> ops = List.of(() -> a.map(1, Prop.R), () -> a.unmap(0), a::fork, () -> a.shareCow(0, a, 1),
                () -> a.dispatchTlbFlush(0), () -> m.read(0, 0), () -> m.write(0, 0, 1), () -> m.current(0), () -> m.tlb(0));
        for (Runnable op : ops) {
            assertSame(boom, assertThrows(TraceException.class, op::run));
        }
        assertEquals(3, writes[0], "nothing written after the failure");
    }

    /**
     * The lists of an event are sorted (pages and frames ascending) whatever the order of the steps
     * that queued them. Kills (PIT, fea042a) the removed {@code freed.sort} of {@code dispatchTlbFlush}
     * (392), the removed {@code ts.sort} of {@code tuples} (136), and the comparator's negated loop test
     * (124), negated {@code c != 0} (127) and constant 0 (128): each logs the queue's order.
     */
    @Test
    void theListsOfAnEventAreSorted() {
        MachineSink.Memory sink = new MachineSink.Memory();
        Machine m = new Machine(1, 3, Set.of(), sink, Map.of());
        Space a = m.newSpace();
        a.map(0, Prop.R);
        a.map(0x1000, Prop.R);
        a.unmap(0x1000); // queued first
        a.unmap(0);
        a.dispatchTlbFlush(0);
        List<String> l = sink.lines();
        assertEquals(line(6, "DispatchTlbFlush", "\"space\":0,\"cpu\":0", "ok",
                "\"pages\":[[\"0x0\",0],[\"0x1000\",1]],\"dropped\":[],\"freed\":[0,1]"), l.get(l.size() - 1));
    }

    /**
     * CowShare logs the TLB entries it dropped: only those that were there. Kills the negated
     * {@code remove(page) != null} of {@code shareCow} (453), which logged the CPU without one.
     */
    @Test
    void cowShareLogsTheEntriesItDropped() {
        MachineSink.Memory sink = new MachineSink.Memory();
        Machine m = new Machine(2, 2, Set.of(), sink, Map.of());
        Space a = m.newSpace();
        a.map(0, Prop.RW);
        m.activate(0, a);
        m.activate(1, a);
        m.write(0, 0, 5); // CPU 0 caches a writable entry, CPU 1 nothing
        a.shareCow(0, a, 0x1000);
        List<String> l = sink.lines();
        assertEquals(line(6, "CowShare", "\"space\":0,\"page\":\"0x0\",\"to\":0,\"toPage\":\"0x1000\"", "ok",
                "\"frame\":0,\"protected\":[\"0x0\"],\"refcount\":2,\"dropped\":[[0,\"0x0\"]]"), l.get(l.size() - 1));
    }

    /**
     * With {@link MachineBug#FreeBeforeFlush} an unmap logs the frame it returned to the allocator.
     * Kills {@code releaseMapping} returning an empty list (314).
     */
    @Test
    void theFreeBeforeFlushBugLogsTheFrameAnUnmapFrees() {
        MachineSink.Memory sink = new MachineSink.Memory();
        Machine m = new Machine(1, 1, Set.of(MachineBug.FreeBeforeFlush), sink, Map.of());
        Space a = m.newSpace();
        a.map(0, Prop.R);
        a.unmap(0);
        assertTrue(m.isFree(0));
        List<String> l = sink.lines();
        assertEquals(line(3, "Unmap", "\"space\":0,\"page\":\"0x0\"", "ok", "\"frame\":0,\"freed\":[0]"),
                l.get(l.size() - 1));
    }

    /** The NONE sink is disabled (the machine then builds no event). Kills its {@code enabled()} returning true. */
    @Test
    void theNoneSinkIsDisabled() {
        assertFalse(MachineSink.NONE.enabled());
        assertTrue(new MachineSink.Memory().enabled());
    }
}
