package org.vmspace.trace;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vmspace.model.Vaddr;

/**
 * The hand-written JSON writer the trace used before Gson (verbatim), kept as the reference that
 * {@link JsonWriterTest} compares the Gson output with, byte for byte.
 */
final class LegacyJson {
    private LegacyJson() {}

    static String event(TraceEvent e, long seq, String thread) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"seq\":").append(seq).append(",\"thread\":");
        appendString(sb, thread);
        sb.append(",\"op\":\"").append(e.op().name()).append("\",\"args\":");
        append(sb, e.args());
        sb.append(",\"outcome\":\"").append(e.outcome()).append('"');
        if (e.postOrNull() != null) {
            sb.append(",\"post\":");
            append(sb, e.postOrNull());
        }
        sb.append('}');
        return sb.toString();
    }

    static String header(TraceHeader h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", TraceHeader.SCHEMA);
        m.put("version", TraceHeader.VERSION);
        m.put("pageSize", h.pageSize());
        m.put("cpus", h.cpus());
        m.put("frames", h.frames());
        m.put("sharedReader", h.sharedReader());
        m.put("maxUserspaceVaddr", Vaddr.hex(h.maxUserspaceVaddr()));
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("base", Vaddr.hex(h.windowBase()));
        w.put("pages", h.windowPages());
        m.put("window", w);
        m.put("seed", h.seed());
        m.put("threads", h.threads());
        StringBuilder sb = new StringBuilder();
        append(sb, m);
        return sb.toString();
    }

    static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            appendString(sb, s);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendString(sb, String.valueOf(e.getKey()));
                sb.append(':');
                append(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                append(sb, o);
            }
            sb.append(']');
        } else {
            appendString(sb, v.toString());
        }
    }

    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
