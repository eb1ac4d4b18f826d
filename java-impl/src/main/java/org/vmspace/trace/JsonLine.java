package org.vmspace.trace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * A reusable builder of one compact JSON line, written without Gson's per-event objects (a
 * {@code JsonWriter}, a {@code StringWriter} and its {@code StringBuffer}) and without locking: the
 * characters go into one growing {@code char[]}, and {@link #encodeTo} turns them into UTF-8 bytes
 * with a plain loop when the line is ASCII (the trace's common case). The output is exactly what
 * {@link Json} (Gson's {@code JsonWriter}: compact, nulls kept, HTML characters not escaped) writes for
 * the same values; {@code JsonLineTest} compares the two on every trace value kind and on strings with
 * every character class Gson escapes. Values other than null, {@code String}, {@code Long},
 * {@code Integer}, {@code Boolean}, maps and collections are written by {@link Json} itself.
 * Not thread-safe: one per sink, used under the sink's lock.
 */
public final class JsonLine {
    private char[] buf = new char[256];
    private int len;
    private boolean ascii = true;

    /** Empties the line. */
    public JsonLine reset() {
        len = 0;
        ascii = true;
        return this;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** Appends one character as is (no escaping). */
    public JsonLine raw(char c) {
        room(1);
        buf[len++] = c;
        if (c >= 0x80) {
            ascii = false;
        }
        return this;
    }

    /** Appends an ASCII text as is (JSON punctuation, a known-safe name with its quotes). */
    JsonLine rawAscii(String s) {
        int n = s.length();
        room(n);
        s.getChars(0, n, buf, len);
        len += n;
        return this;
    }

    /** Appends {@code "name":}, the name escaped. */
    public JsonLine name(String name) {
        string(name);
        return raw(':');
    }

    /** Appends a decimal number, as {@code Long.toString}. */
    public JsonLine number(long v) {
        if (v == Long.MIN_VALUE) {
            return rawAscii("-9223372036854775808");
        }
        room(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (char) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            char t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return this;
    }

    /** Appends a JSON string: Gson's escaping with HTML-safe mode off. */
    public JsonLine string(String s) {
        int n = s.length();
        room(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
                if (len == buf.length) {
                    room(1);
                }
                buf[len++] = c;
                continue;
            }
            switch (c) {
                case '"' -> rawAscii("\\\"");
                case '\\' -> rawAscii("\\\\");
                case '\t' -> rawAscii("\\t");
                case '\b' -> rawAscii("\\b");
                case '\n' -> rawAscii("\\n");
                case '\r' -> rawAscii("\\r");
                case '\f' -> rawAscii("\\f");
                case '\u2028' -> rawAscii("\\u2028");
                case '\u2029' -> rawAscii("\\u2029");
                default -> {
                    if (c < 0x20) {
                        rawAscii("\\u00");
                        raw(HEX[c >> 4]);
                        raw(HEX[c & 0xf]);
                    } else {
                        raw(c);
                    }
                }
            }
        }
        return raw('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Appends a trace value as {@link Json#write} writes it. */
    public JsonLine value(Object v) {
        if (v == null) {
            return rawAscii("null");
        } else if (v instanceof String s) {
            return string(s);
        } else if (v instanceof Long l) {
            return number(l);
        } else if (v instanceof Integer i) {
            return number(i);
        } else if (v instanceof Boolean b) {
            return rawAscii(b ? "true" : "false");
        } else if (v instanceof Map<?, ?> m) {
            raw('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    raw(',');
                }
                first = false;
                name(String.valueOf(e.getKey()));
                value(e.getValue());
            }
            return raw('}');
        } else if (v instanceof Collection<?> c) {
            raw('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    raw(',');
                }
                first = false;
                value(o);
            }
            return raw(']');
        } else if (v instanceof Number) {
            return text(Json.toJson(v)); // Gson's own checks and spelling (NaN refused, etc.)
        }
        return string(v.toString());
    }

    private JsonLine text(String s) {
        for (int i = 0; i < s.length(); i++) {
            raw(s.charAt(i));
        }
        return this;
    }

    /** The line as a string. */
    @Override
    public String toString() {
        return new String(buf, 0, len);
    }

    /**
     * The line's UTF-8 bytes into {@code dst} at {@code off} when they fit (an ASCII line: one byte per
     * character); returns the number of bytes written, or -1 when they do not fit in {@code dst.length
     * - off}. A non-ASCII line is encoded as {@code String.getBytes(UTF_8)} encodes it.
     */
    public int encodeTo(byte[] dst, int off) {
        if (ascii) {
            if (len > dst.length - off) {
                return -1;
            }
            for (int i = 0; i < len; i++) {
                dst[off + i] = (byte) buf[i];
            }
            return len;
        }
        byte[] b = toString().getBytes(StandardCharsets.UTF_8);
        if (b.length > dst.length - off) {
            return -1;
        }
        System.arraycopy(b, 0, dst, off, b.length);
        return b.length;
    }

    /** The UTF-8 byte count of the line. */
    public int utf8Length() {
        return ascii ? len : toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
