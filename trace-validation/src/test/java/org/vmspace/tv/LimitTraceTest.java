package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmspace.mm.CursorMut;
import org.vmspace.mm.Fallible;
import org.vmspace.mm.VmReader;
import org.vmspace.mm.VmSpace;
import org.vmspace.mm.VmSpaceOwner;
import org.vmspace.mm.VmWriter;
import org.vmspace.model.PageProperty;
import org.vmspace.model.VmException;
import org.vmspace.trace.NdjsonFileSink;

/**
 * DIVERGENCES.md D4: {@code limit} on user-space readers and writers is the spec's {@code Limit(i, n)} (a
 * created owner's end := start + min(n, end - start)); a traced scenario with limits (shrinking, a limit
 * above avail that changes nothing, a limited writer activating over fewer pages, a refused limit of an
 * active reader) is ACCEPTED, against TraceVmSpace and against the base spec's Next.
 *
 * <p>Evidence the check can fail: the same trace with one logged {@code end} grown past the owner's end
 * (what the spec's bug LimitGrows would log), or with a limited end that keeps one byte too many, is
 * REJECTED at that event; and a refused limit logged as {@code ok} on an active reader is REJECTED.
 */
class LimitTraceTest {
    @TempDir
    Path dir;

    private static long page(VmSpace s, int i) {
        return s.windowBase() + (long) i * s.pageSize();
    }

    static void scenario(VmSpace s) {
        VmSpaceOwner o = s.owner();
        int ps = s.pageSize();
        try (CursorMut c = s.cursorMut(page(s, 0), page(s, 4))) {
            for (int i = 0; i < 4; i++) {
                c.mapAny(PageProperty.RW);
            }
        }
        // a writer over pages 0..2 limited to 10 bytes: it activates over page 0 alone
        VmWriter<Fallible> w = s.writer(0, page(s, 0) + 100, 3L * ps);
        w.limit(ps); // shrinks: [page 0 + 100, page 1 + 100)
        w.limit(10); // shrinks again
        w.limit(5L * ps); // above avail: changes nothing
        assertEquals(10, w.avail());
        o.activateWriter(w);
        // page 1 is still in mem_view: a reader over it activates
        VmReader<Fallible> r = s.reader(1, page(s, 1), ps);
        r.limit(0); // limited to nothing
        o.activateReader(r);
        assertThrows(VmException.class, () -> r.limit(1)); // active: refused InvalidState
        assertEquals(10, w.writeFallible(VmReader.fromSlice(new byte[64]))); // short: the limited avail
        o.disposeWriter(w);
        o.removeWriter(w);
        o.disposeReader(r);
        o.removeReader(r);
        // a limited reader dropped before activation
        VmReader<Fallible> d = s.reader(0, page(s, 3), ps);
        d.limit(7);
        o.dropOwner(d);
    }

    private Path trace() throws Exception {
        Path out = dir.resolve("limit.ndjson");
        try (VmSpace s = VmSpace.builder().cpus(2).frames(16).windowPages(16).sink(new NdjsonFileSink(out)).build()) {
            s.activate(0);
            s.activate(1);
            scenario(s);
        }
        return out;
    }

    /** The index (1-based event number = line index, header at 0) of the first line holding every fragment. */
    private static int lineWith(List<String> lines, String... fragments) {
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            boolean all = true;
            for (String f : fragments) {
                all &= l.contains(f);
            }
            if (all) {
                return i;
            }
        }
        throw new AssertionError("no line with " + List.of(fragments));
    }

    private Validate.Result validateEdited(List<String> lines, int k, String from, String to) throws Exception {
        List<String> copy = new ArrayList<>(lines);
        String bad = copy.get(k).replace(from, to);
        assertTrue(!bad.equals(copy.get(k)), "the edit changed line " + k + ": " + bad);
        copy.set(k, bad);
        return Traces.validate(Files.write(dir.resolve("bad-" + k + ".ndjson"), copy));
    }

    @Test
    void aTracedLimitIsAcceptedAlsoByTheBaseSpec() throws Exception {
        Path t = trace();
        List<String> lines = Files.readAllLines(t);
        assertTrue(lines.get(0).contains("\"version\":4"), lines.get(0));
        assertEquals(5, lines.stream().filter(l -> l.contains("\"op\":\"Limit\"") && l.contains("\"ok\"")).count(), String.join("\n", lines));
        assertEquals(1, lines.stream().filter(l -> l.contains("\"op\":\"Limit\"") && l.contains("\"InvalidState\"")).count());
        Validate.Result res = Traces.validate(t);
        assertEquals(Validate.ACCEPTED, res.exitCode(), res.out() + res.err());
        // every Limit step is a step of VmSpace's Next (LimitLens <- TLimitLens) or a stutter
        Validate.Result base = Validate.run(t, Validate.Config.fromEnvironment(), true);
        assertEquals(Validate.ACCEPTED, base.exitCode(), base.out() + base.err());
    }

    @Test
    void aLimitThatGrowsTheRangeOrKeepsTooMuchIsRejectedAtItsEvent() throws Exception {
        List<String> lines = Files.readAllLines(trace());
        VmSpace probe = VmSpace.builder().cpus(2).frames(16).windowPages(16).build();
        long start = probe.windowBase() + 100;
        // the second limit (n = 10) logs end = start + 10; grown past the owner's end (start + page size)
        int k = lineWith(lines, "\"op\":\"Limit\"", "\"n\":10}", "\"ok\"");
        String end = "\"end\":\"0x" + Long.toHexString(start + 10) + "\"";
        assertTrue(lines.get(k).contains(end), lines.get(k));
        Validate.Result grown = validateEdited(lines, k, end, "\"end\":\"0x" + Long.toHexString(start + 2L * probe.pageSize()) + "\"");
        assertEquals(Validate.REJECTED, grown.exitCode(), grown.out() + grown.err());
        assertEquals(k, grown.eventIndex(), grown.out());
        // the diagnosis names the field: the spec's end after Limit(i, 10) against the logged one
        assertTrue(grown.out().contains("end: logged 0x" + Long.toHexString(start + 2L * probe.pageSize())
                + ", the spec allows 0x" + Long.toHexString(start + 10)), grown.out());
        // one byte too many: avail 11 > n = 10
        Validate.Result tooMuch = validateEdited(lines, k, end, "\"end\":\"0x" + Long.toHexString(start + 11) + "\"");
        assertEquals(Validate.REJECTED, tooMuch.exitCode(), tooMuch.out() + tooMuch.err());
        assertEquals(k, tooMuch.eventIndex(), tooMuch.out());
    }

    @Test
    void aLimitOfAnActiveReaderLoggedOkIsRejected() throws Exception {
        List<String> lines = Files.readAllLines(trace());
        int k = lineWith(lines, "\"op\":\"Limit\"", "\"InvalidState\"");
        VmSpace probe = VmSpace.builder().cpus(2).frames(16).windowPages(16).build();
        String okLine = lines.get(k).replace("\"outcome\":\"InvalidState\"",
                "\"outcome\":\"ok\",\"post\":{\"end\":\"0x" + Long.toHexString(page(probe, 1)) + "\"}");
        Validate.Result res = validateEdited(lines, k, lines.get(k), okLine);
        assertEquals(Validate.REJECTED, res.exitCode(), res.out() + res.err());
        assertEquals(k, res.eventIndex(), res.out());
    }
}
