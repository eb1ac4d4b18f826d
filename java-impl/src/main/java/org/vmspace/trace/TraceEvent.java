package org.vmspace.trace;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vmspace.model.ErrorKind;

/**
 * One trace event before it is numbered: {@code op}, {@code args}, {@code outcome} and
 * {@code post}, in the field order of TRACE_SCHEMA.md. Built only when the sink is enabled.
 *
 * <p>The fields are kept in insertion order in small parallel arrays (a name given again replaces its
 * value in place, as a {@code LinkedHashMap} does), not in maps: an event costs a few small arrays,
 * and {@link #writeJson} writes it straight into a sink's reusable {@link JsonLine}.
 */
public final class TraceEvent {
    private final TraceOp op;
    private String[] argNames = new String[6];
    private Object[] argValues = new Object[6];
    private int args;
    private String outcome = "ok";
    private String[] postNames;
    private Object[] postValues;
    private int posts;

    private TraceEvent(TraceOp op) {
        this.op = op;
    }

    public static TraceEvent of(TraceOp op) {
        return new TraceEvent(op);
    }

    public TraceEvent arg(String name, Object value) {
        for (int i = 0; i < args; i++) {
            if (argNames[i].equals(name)) {
                argValues[i] = value;
                return this;
            }
        }
        if (args == argNames.length) {
            argNames = Arrays.copyOf(argNames, args * 2);
            argValues = Arrays.copyOf(argValues, args * 2);
        }
        argNames[args] = name;
        argValues[args++] = value;
        return this;
    }

    /** Marks the event refused with {@code kind}; a refused event has no post (except PageFault). */
    public TraceEvent refused(ErrorKind kind) {
        this.outcome = kind.name();
        return this;
    }

    public TraceEvent post(String name, Object value) {
        if (postNames == null) {
            postNames = new String[4];
            postValues = new Object[4];
        }
        for (int i = 0; i < posts; i++) {
            if (postNames[i].equals(name)) {
                postValues[i] = value;
                return this;
            }
        }
        if (posts == postNames.length) {
            postNames = Arrays.copyOf(postNames, posts * 2);
            postValues = Arrays.copyOf(postValues, posts * 2);
        }
        postNames[posts] = name;
        postValues[posts++] = value;
        return this;
    }

    public TraceOp op() {
        return op;
    }

    public String outcome() {
        return outcome;
    }

    /** The args in order (a read-only copy). */
    public Map<String, Object> args() {
        return map(argNames, argValues, args);
    }

    /** The post fields in order (a read-only copy), or null when the event has none. */
    public Map<String, Object> postOrNull() {
        return postNames == null ? null : map(postNames, postValues, posts);
    }

    private static Map<String, Object> map(String[] names, Object[] values, int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The NDJSON line (without newline) for this event with its sequence number and thread name. */
    public String toJson(long seq, String thread) {
        return writeJson(seq, thread, new JsonLine()).toString();
    }

    /** Appends the NDJSON line (without newline) to {@code out}; returns {@code out}. */
    public JsonLine writeJson(long seq, String thread, JsonLine out) {
        out.rawAscii("{\"seq\":");
        out.number(seq);
        out.rawAscii(",\"thread\":");
        out.string(thread);
        out.rawAscii(",\"op\":");
        out.string(op.name());
        out.rawAscii(",\"args\":");
        fields(out, argNames, argValues, args);
        out.rawAscii(",\"outcome\":");
        out.string(outcome);
        if (postNames != null) {
            out.rawAscii(",\"post\":");
            fields(out, postNames, postValues, posts);
        }
        return out.raw('}');
    }

    private static void fields(JsonLine out, String[] names, Object[] values, int n) {
        out.raw('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.name(names[i]);
            out.value(values[i]);
        }
        out.raw('}');
    }
}
