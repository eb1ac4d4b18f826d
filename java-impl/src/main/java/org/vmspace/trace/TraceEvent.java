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
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"seq\":").append(seq).append(",\"thread\":");
        Json.appendString(sb, thread);
        sb.append(",\"op\":\"").append(op.name()).append("\",\"args\":");
        Json.append(sb, args);
        sb.append(",\"outcome\":\"").append(outcome).append('"');
        if (post != null) {
            sb.append(",\"post\":");
            Json.append(sb, post);
        }
        sb.append('}');
        return sb.toString();
    }
}
