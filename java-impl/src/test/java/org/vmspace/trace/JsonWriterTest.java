package org.vmspace.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmspace.cli.Workload;
import org.vmspace.mm.VmSpace;
import org.vmspace.model.ErrorKind;

/**
 * Issue 12 item 3 (last sentence): the trace is written with Gson, and its bytes are exactly those of
 * the hand-written writer it replaced ({@link LegacyJson}, kept verbatim as the reference).
 */
class JsonWriterTest {

    private static List<String> traced(VmSpace.Builder b, Workload.Options o, MemorySink sink) {
        try (VmSpace space = b.sink(sink).seed(o.seed()).threads(o.threads()).build()) {
            Workload.runActors(space, o);
            List<String> legacy = new ArrayList<>();
            legacy.add(LegacyJson.header(space.traceHeader(o.seed(), o.threads())));
            List<TraceEvent> events = sink.events();
            for (int i = 0; i < events.size(); i++) {
                legacy.add(LegacyJson.event(events.get(i), i + 1, "w-0"));
            }
            return legacy;
        }
    }

    @Test
    void workloadTracesAreByteIdenticalToTheHandWrittenWriter() {
        for (String[] cfg : List.of(new String[] {"1", "4096", "64", "false"}, new String[] {"2", "16", "300", "true"})) {
            Workload.Options o = Workload.parse(new String[] {"--out", "unused", "--seed", cfg[0], "--ops", "6000",
                "--page-size", cfg[1], "--window-pages", cfg[2], "--shared-reader", cfg[3], "--frames", "200", "--flush-ops", "true"});
            MemorySink sink = new MemorySink();
            List<String> legacy = traced(VmSpace.builder().pageSize(o.pageSize()).frames(o.frames())
                    .windowPages(o.windowPages()).sharedReader(o.sharedReader()), o, sink);
            List<String> lines = sink.lines();
            assertEquals(legacy.size(), lines.size());
            for (int i = 0; i < lines.size(); i++) {
                assertEquals(legacy.get(i), lines.get(i), "line " + (i + 1));
            }
            Set<String> ops = new java.util.HashSet<>();
            sink.events().forEach(e -> ops.add(e.op().name()));
            assertEquals(EnumSet.allOf(TraceOp.class).size(), ops.size(), "every op is compared: " + ops);
            assertTrue(lines.stream().anyMatch(l -> l.contains("null")), "nulls are compared");
        }
    }

    @Test
    void oddStringsAreEscapedAsBefore() {
        TraceEvent e = TraceEvent.of(TraceOp.Map).arg("cursor", 3L).arg("frame", null).arg("prop", "R\"W\\")
                .arg("list", List.of("a", "\u00e9\u4e2d\ud83d\ude00", "")).refused(ErrorKind.InvalidArgs);
        e.post("x", Integer.MAX_VALUE).post("y", Long.MIN_VALUE).post("z", true).post("empty", List.of());
        for (String thread : List.of("w-0", "t\"q\\", "tab\tnl\ncr\r", "ctl\u0001\u001f\u007f", "<html>&'=",
                "\u00e9\u4e2d\ud83d\ude00")) {
            assertEquals(LegacyJson.event(e, 17, thread), e.toJson(17, thread), thread);
        }
        // the documented difference: Gson writes \b and \f, the old writer wrote \u0008 and \u000c
        assertNotEquals(LegacyJson.event(e, 1, "\b"), e.toJson(1, "\b"));
        assertTrue(e.toJson(1, "\b").contains("\"thread\":\"\\b\""));
    }
}
