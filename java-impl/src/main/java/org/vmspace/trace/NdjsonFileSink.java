package org.vmspace.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the trace as NDJSON to a file: the header, then one line per event.
 *
 * <p>Lines are buffered whole: a line goes into the buffer only after the buffer has room for it, so a
 * write failure (disk full) never leaves half a line behind in the buffer, and the event whose
 * {@link #emit} fails is not in the trace. The first failure is sticky: every later call throws a
 * {@link TraceException} naming the file and the cause. {@link #close()} flushes and closes; it
 * throws a {@link TraceException} when the final flush fails or an earlier write failed.
 *
 * <p>An event is serialised into one reusable {@link JsonLine} and encoded straight into the buffer (no
 * per-event string, writer or byte array); the bytes are those of {@link TraceEvent#toJson}.
 */
public final class NdjsonFileSink implements TraceSink {
    private static final int BUFFER = 1 << 16;
    private final Path file;
    private final OutputStream out;
    private byte[] buf = new byte[BUFFER];
    private final JsonLine scratch = new JsonLine();
    private int len;
    private TraceException failure;
    private boolean closed;

    /** A sink writing {@code file} (created with its missing parent directories, or truncated). */
    public NdjsonFileSink(Path file) throws IOException {
        this(file, open(file));
    }

    /** A sink writing {@code out}; {@code file} names it in messages (tests: a stream that fails). */
    NdjsonFileSink(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    private static OutputStream open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newOutputStream(file);
    }

    @Override
    public synchronized void header(TraceHeader header) {
        line(header.toJson());
    }

    @Override
    public synchronized void emit(long seq, String thread, TraceEvent event) {
        check();
        event.writeJson(seq, thread, scratch.reset()).raw('\n');
        int n = scratch.encodeTo(buf, len);
        if (n < 0) { // no room: write out the buffer first (a failure leaves no half line behind)
            flushBuffer();
            int size = scratch.utf8Length();
            if (size > buf.length) {
                buf = new byte[size];
            }
            n = scratch.encodeTo(buf, len);
        }
        len += n;
    }

    /**
     * Writes one complete line built elsewhere (another trace's event or header: org.vmspace.machine's
     * machine trace) and a newline, with the same buffering and sticky failure as {@link #emit}.
     * {@code line} gets the newline appended.
     */
    public synchronized void writeLine(JsonLine line) {
        check();
        line.raw('\n');
        int n = line.encodeTo(buf, len);
        if (n < 0) {
            flushBuffer();
            int size = line.utf8Length();
            if (size > buf.length) {
                buf = new byte[size];
            }
            n = line.encodeTo(buf, len);
        }
        len += n;
    }

    private void line(String s) {
        check();
        byte[] b = (s + "\n").getBytes(StandardCharsets.UTF_8);
        if (len + b.length > buf.length) {
            flushBuffer();
            if (b.length > buf.length) {
                buf = new byte[b.length];
            }
        }
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new TraceException("cannot write " + file + ": the trace sink is closed");
        }
    }

    private void flushBuffer() {
        try {
            out.write(buf, 0, len);
            len = 0;
        } catch (IOException e) {
            failure = new TraceException("cannot write " + file + ": " + e.getMessage(), e);
            throw failure;
        }
    }

    /** Writes the buffered lines to the file. */
    public synchronized void flush() {
        check();
        flushBuffer();
        try {
            out.flush();
        } catch (IOException e) {
            failure = new TraceException("cannot write " + file + ": " + e.getMessage(), e);
            throw failure;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (failure == null) {
                flush();
            }
        } finally {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = new TraceException("cannot close " + file + ": " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
