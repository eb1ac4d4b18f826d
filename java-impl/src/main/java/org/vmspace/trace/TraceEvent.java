package org.vmspace.trace;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vmspace.model.ErrorKind;

/**
 * One trace event before it is numbered: {@code op}, {@code args}, {@code outcome} and
 * {@code post}, in the field order of TRACE_SCHEMA.md. Built only when the sink is enabled.
 */
public final class TraceEvent {
    private final TraceOp op;
    private final Map<String, Object> args = new LinkedHashMap<>();
    private String outcome = "ok";
    private Map<String, Object> post;

    private TraceEvent(TraceOp op) {
        this.op = op;
    }

    public static TraceEvent of(TraceOp op) {
        return new TraceEvent(op);
    }

    public TraceEvent arg(String name, Object value) {
        args.put(name, value);
        return this;
    }

    /** Marks the event refused with {@code kind}; a refused event has no post (except PageFault). */
    public TraceEvent refused(ErrorKind kind) {
        this.outcome = kind.name();
        return this;
    }

    public TraceEvent post(String name, Object value) {
        if (post == null) {
            post = new LinkedHashMap<>();
        }
        post.put(name, value);
        return this;
    }

    public TraceOp op() {
        return op;
    }

    public String outcome() {
        return outcome;
    }

    public Map<String, Object> args() {
        return args;
    }

    public Map<String, Object> postOrNull() {
        return post;
    }

    /** The NDJSON line (without newline) for this event with its sequence number and thread name. */
    public String toJson(long seq, String thread) {
        java.io.StringWriter sw = new java.io.StringWriter(160);
        try (com.google.gson.stream.JsonWriter w = Json.writer(sw)) {
            w.beginObject();
            w.name("seq").value(seq);
            w.name("thread").value(thread);
            w.name("op").value(op.name());
            w.name("args");
            Json.write(w, args);
            w.name("outcome").value(outcome);
            if (post != null) {
                w.name("post");
                Json.write(w, post);
            }
            w.endObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return sw.toString();
    }
}
