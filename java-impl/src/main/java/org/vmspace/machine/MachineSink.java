package org.vmspace.machine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmspace.trace.JsonLine;
import org.vmspace.trace.NdjsonFileSink;

/**
 * Where a {@link Machine}'s trace lines go (java-impl/MACHINE_TRACE_SCHEMA.md): the header, then one
 * line per event, in {@code seq} order, written under the machine's lock. {@link #NONE} records
 * nothing (the machine then builds no event). The file sink is org.vmspace.trace's
 * {@link NdjsonFileSink} (its buffering, and its sticky failure: a {@code TraceException}).
 */
public interface MachineSink extends AutoCloseable {
    /** The sink that records nothing. */
    MachineSink NONE = new MachineSink() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void write(JsonLine line) {}
    };

    default boolean enabled() {
        return true;
    }

    /** One complete line (the header or an event), without its newline. */
    void write(JsonLine line);

    @Override
    default void close() {}

    /** An NDJSON file (created, or truncated). */
    static MachineSink ndjson(Path file) throws IOException {
        NdjsonFileSink out = new NdjsonFileSink(file);
        return new MachineSink() {
            @Override
            public void write(JsonLine line) {
                out.writeLine(line);
            }

            @Override
            public void close() {
                out.close();
            }
        };
    }

    /** The lines in memory (tests). */
    final class Memory implements MachineSink {
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void write(JsonLine line) {
            lines.add(line.toString());
        }

        public synchronized List<String> lines() {
            return List.copyOf(lines);
        }
    }
}
