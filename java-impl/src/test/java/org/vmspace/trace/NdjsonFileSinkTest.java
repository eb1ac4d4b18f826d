package org.vmspace.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * The NDJSON file sink's buffering, flush, close and sticky failures ({@link NdjsonFileSink}); the
 * events' bytes are {@code JsonLineTest}'s. Each test names the PIT mutants (fea042a) it kills, each
 * also applied by hand.
 */
class NdjsonFileSinkTest {
    @TempDir
    Path dir;

    private static TraceHeader header(int frames) {
        return new TraceHeader(4096, 2, frames, false, 0x7ffffffff000L, 0x7fffffbff000L, 1024, 1, 1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A stream that records flushes and closes and fails on request. */
    private static final class Stream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushes;
        boolean closed;
        boolean failWrite;
        boolean failClose;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (failWrite) {
                throw new IOException("disk full");
            }
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            if (failClose) {
                throw new IOException("bad close");
            }
        }
    }

    /** The sink creates the file's missing directories. Kills the negated {@code parent != null} (NdjsonFileSink:34). */
    @Test
    void theSinkCreatesMissingDirectories() throws Exception {
        Path f = dir.resolve("a/b/t.ndjson");
        try (NdjsonFileSink sink = new NdjsonFileSink(f)) {
            sink.header(header(64));
        }
        assertEquals(List.of(header(64).toJson()), Files.readAllLines(f));
    }

    /**
     * Headers and written lines cross the 64 KiB buffer, one line larger than it. Kills {@code line}'s
     * {@code len + b.length} to {@code -} (84), its removed {@code flushBuffer} (85)
     * and negated {@code b.length > buf.length} (86: the buffer shrunk to one header, the next, longer
     * one did not fit); {@code writeLine}'s negated {@code n < 0} (70), removed {@code flushBuffer} (71)
     * and negated {@code size > buf.length} (73).
     */
    @Test
    void headersAndWrittenLinesCrossTheBuffer() throws Exception {
        Path f = dir.resolve("t.ndjson");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (NdjsonFileSink sink = new NdjsonFileSink(f)) {
            for (int i = 0; i < 1000; i++) { // about 200 KB of headers of two lengths
                TraceHeader h = header(i % 2 == 0 ? 64 : 1_000_000_000);
                sink.header(h);
                expected.write(utf8(h.toJson() + "\n"));
            }
            for (int i = 0; i < 3000; i++) { // about 300 KB, some lines non-ASCII
                JsonLine l = new JsonLine().string((i % 5 == 0 ? "\u00e9" : "x").repeat(i % 200));
                expected.write(utf8(l + "\n"));
                sink.writeLine(l);
            }
            JsonLine big = new JsonLine().string("z".repeat(100_000)); // larger than the buffer
            expected.write(utf8(big + "\n"));
            sink.writeLine(big);
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(f));
    }

    /**
     * Lines are buffered until {@code flush}, which flushes the stream; {@code close} closes it. Kills
     * the removed {@code out.flush()} (118) and {@code out.close()} (137), and {@code line}'s negated
     * room test (84: it wrote the buffer out before every line that fits).
     */
    @Test
    void flushFlushesTheStreamAndCloseClosesIt() {
        Stream out = new Stream();
        NdjsonFileSink sink = new NdjsonFileSink(Path.of("t.ndjson"), out);
        sink.header(header(64));
        sink.header(header(65));
        assertEquals(0, out.bytes.size(), "buffered");
        sink.flush();
        assertEquals(1, out.flushes);
        assertArrayEquals(utf8(header(64).toJson() + "\n" + header(65).toJson() + "\n"), out.bytes.toByteArray());
        sink.close();
        assertTrue(out.closed);
    }

    /**
     * Every call after {@code close} is refused, a second close does nothing. Kills the removed
     * {@code check()} of {@code emit} (47), {@code writeLine} (67), {@code line} (82) and {@code flush} (115).
     */
    @Test
    void everyCallAfterCloseIsRefused() {
        Stream out = new Stream();
        NdjsonFileSink sink = new NdjsonFileSink(Path.of("t.ndjson"), out);
        sink.close();
        List<Executable> calls = List.of(() -> sink.header(header(64)),
                () -> sink.emit(1, "t", TraceEvent.of(TraceOp.Map).arg("cursor", 1L)),
                () -> sink.writeLine(new JsonLine().string("x")), sink::flush);
        for (Executable c : calls) {
            TraceException e = assertThrows(TraceException.class, c);
            assertEquals("cannot write t.ndjson: the trace sink is closed", e.getMessage());
        }
        sink.close();
        assertEquals(0, out.bytes.size());
    }

    /**
     * A failed close is reported; after a write failure, every call throws that failure, close too
     * (not its own). Kills the negated {@code failure == null} of {@code close}'s catch (139), both ways.
     */
    @Test
    void aFailedCloseIsReportedAndAWriteFailureIsSticky() {
        Stream out = new Stream();
        out.failClose = true;
        NdjsonFileSink sink = new NdjsonFileSink(Path.of("t.ndjson"), out);
        sink.header(header(64));
        TraceException closing = assertThrows(TraceException.class, sink::close);
        assertEquals("cannot close t.ndjson: bad close", closing.getMessage());
        assertTrue(out.closed);
        assertEquals(1, out.flushes, "flushed before closing");

        Stream bad = new Stream();
        bad.failWrite = true;
        bad.failClose = true;
        NdjsonFileSink sink2 = new NdjsonFileSink(Path.of("t.ndjson"), bad);
        sink2.header(header(64));
        TraceException write = assertThrows(TraceException.class, sink2::flush);
        assertEquals("cannot write t.ndjson: disk full", write.getMessage());
        assertSame(write, assertThrows(TraceException.class, () -> sink2.header(header(64))));
        assertSame(write, assertThrows(TraceException.class, sink2::close));
        assertTrue(bad.closed);
    }
}
