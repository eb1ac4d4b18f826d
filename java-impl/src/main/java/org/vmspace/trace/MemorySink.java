package org.vmspace.trace;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/** Keeps the NDJSON lines and the events in memory (tests). */
public final class MemorySink implements TraceSink {
    private final List<String> lines = new ArrayList<>();
    private final List<TraceEvent> events = new ArrayList<>();

    @Override
    public synchronized void header(TraceHeader header) {
        lines.add(header.toJson());
    }

    @Override
    public synchronized void emit(long seq, String thread, TraceEvent event) {
        lines.add(event.toJson(seq, thread));
        events.add(event);
    }

    public synchronized ImmutableList<String> lines() {
        return ImmutableList.copyOf(lines);
    }

    public synchronized ImmutableList<TraceEvent> events() {
        return ImmutableList.copyOf(events);
    }

    /** The last event, or null. */
    public synchronized TraceEvent last() {
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }
}
