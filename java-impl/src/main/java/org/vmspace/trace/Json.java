package org.vmspace.trace;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * Trace values as JSON, written with Gson's streaming {@link JsonWriter} (compact, nulls kept, map
 * insertion order kept): numbers, strings, booleans, null, lists, maps. The output is byte-identical to
 * the hand-written writer this replaces (JsonWriterTest), except for the characters U+0008, U+000C,
 * U+2028 and U+2029 in strings, which Gson escapes as {@code \b}, {@code \f}, {@code \u2028},
 * {@code \u2029} (equally valid JSON; only a thread name could contain them).
 */
public final class Json {
    private Json() {}

    /** {@code v} as compact JSON. */
    public static String toJson(Object v) {
        StringWriter sw = new StringWriter(64);
        try (JsonWriter w = writer(sw)) {
            write(w, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return sw.toString();
    }

    /** A compact writer that keeps nulls and does not escape HTML characters. */
    static JsonWriter writer(StringWriter sw) {
        JsonWriter w = new JsonWriter(sw);
        w.setSerializeNulls(true);
        w.setHtmlSafe(false);
        return w;
    }

    /** Writes {@code v}. Map iteration order is kept (insertion order for the event maps). */
    static void write(JsonWriter w, Object v) throws IOException {
        if (v == null) {
            w.nullValue();
        } else if (v instanceof String s) {
            w.value(s);
        } else if (v instanceof Long l) {
            w.value(l.longValue());
        } else if (v instanceof Integer i) {
            w.value(i.longValue());
        } else if (v instanceof Boolean b) {
            w.value(b.booleanValue());
        } else if (v instanceof Number n) {
            w.value(n);
        } else if (v instanceof Map<?, ?> m) {
            w.beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                w.name(String.valueOf(e.getKey()));
                write(w, e.getValue());
            }
            w.endObject();
        } else if (v instanceof Collection<?> c) {
            w.beginArray();
            for (Object o : c) {
                write(w, o);
            }
            w.endArray();
        } else {
            w.value(v.toString());
        }
    }
}
