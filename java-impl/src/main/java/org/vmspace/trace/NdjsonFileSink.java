package org.vmspace.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the trace as NDJSON to a file: the header, then one line per event. */
public final class NdjsonFileSink implements TraceSink {
    private final BufferedWriter out;

    public NdjsonFileSink(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void header(TraceHeader header) {
        line(header.toJson());
    }

    @Override
    public synchronized void emit(long seq, String thread, TraceEvent event) {
        line(event.toJson(seq, thread));
    }

    private void line(String s) {
        try {
            out.write(s);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
