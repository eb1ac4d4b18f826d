package org.vmspace.tv;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;

/**
 * A strict RFC 8259 parser for one NDJSON line, with errors in the validator's own words and the column
 * where the input went wrong: no lenient extensions (comments, single quotes, unquoted names, NaN,
 * leading zeros, trailing commas), no duplicate object keys, one value per line, nesting at most
 * {@value #MAX_DEPTH} deep. Builds Gson's tree types; numbers keep their text.
 */
final class StrictJson {
    static final int MAX_DEPTH = 32;

    /** A syntax error at a 1-based column of the line. */
    static final class Error extends Exception {
        private static final long serialVersionUID = 1L;
        final int column;

        Error(int column, String message) {
            super(message);
            this.column = column;
        }
    }

    private final String s;
    private int k;

    private StrictJson(String s) {
        this.s = s;
    }

    /** The one JSON value of {@code line} (whitespace around it allowed). */
    static JsonElement parse(String line) throws Error {
        StrictJson p = new StrictJson(line);
        p.ws();
        if (p.k == line.length()) {
            throw new Error(1, "empty line, expected a JSON object");
        }
        JsonElement v = p.value(0);
        p.ws();
        if (p.k != line.length()) {
            throw p.error("unexpected " + p.what() + " after the JSON value");
        }
        return v;
    }

    private Error error(String message) {
        return new Error(k + 1, message);
    }

    /** The character at the position, for messages. */
    private String what() {
        if (k >= s.length()) {
            return "end of line";
        }
        char c = s.charAt(k);
        return c < 0x20 || c == 0x7f ? String.format("control character U+%04X", (int) c) : "'" + c + "'";
    }

    private void ws() {
        while (k < s.length()) {
            char c = s.charAt(k);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            k++;
        }
    }

    private JsonElement value(int depth) throws Error {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (k >= s.length()) {
            throw error("unexpected end of line, expected a value");
        }
        char c = s.charAt(k);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return new JsonPrimitive(string());
            case 't':
                return literal("true", new JsonPrimitive(true));
            case 'f':
                return literal("false", new JsonPrimitive(false));
            case 'n':
                return literal("null", JsonNull.INSTANCE);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected " + what() + ", expected a value");
        }
    }

    private JsonElement literal(String word, JsonElement v) throws Error {
        if (!s.startsWith(word, k)) {
            throw error("unexpected " + what() + ", expected a value");
        }
        k += word.length();
        return v;
    }

    private JsonObject object(int depth) throws Error {
        JsonObject o = new JsonObject();
        k++; // '{'
        ws();
        if (k < s.length() && s.charAt(k) == '}') {
            k++;
            return o;
        }
        while (true) {
            ws();
            if (k >= s.length() || s.charAt(k) != '"') {
                throw error("unexpected " + what() + ", expected a field name in double quotes");
            }
            int at = k;
            String name = string();
            if (o.has(name)) {
                throw new Error(at + 1, "duplicate key \"" + name + "\"");
            }
            ws();
            if (k >= s.length() || s.charAt(k) != ':') {
                throw error("unexpected " + what() + ", expected ':' after \"" + name + "\"");
            }
            k++;
            ws();
            o.add(name, value(depth + 1));
            ws();
            if (k < s.length() && s.charAt(k) == ',') {
                k++;
                continue;
            }
            if (k < s.length() && s.charAt(k) == '}') {
                k++;
                return o;
            }
            throw error("unexpected " + what() + ", expected ',' or '}'");
        }
    }

    private JsonArray array(int depth) throws Error {
        JsonArray a = new JsonArray();
        k++; // '['
        ws();
        if (k < s.length() && s.charAt(k) == ']') {
            k++;
            return a;
        }
        while (true) {
            ws();
            a.add(value(depth + 1));
            ws();
            if (k < s.length() && s.charAt(k) == ',') {
                k++;
                continue;
            }
            if (k < s.length() && s.charAt(k) == ']') {
                k++;
                return a;
            }
            throw error("unexpected " + what() + ", expected ',' or ']'");
        }
    }

    private String string() throws Error {
        int open = k;
        k++; // '"'
        StringBuilder b = new StringBuilder();
        while (true) {
            if (k >= s.length()) {
                throw new Error(open + 1, "string not closed before the end of the line");
            }
            char c = s.charAt(k);
            if (c == '"') {
                k++;
                return b.toString();
            }
            if (c < 0x20) {
                throw error("unescaped " + what() + " in a string");
            }
            if (c != '\\') {
                b.append(c);
                k++;
                continue;
            }
            if (k + 1 >= s.length()) {
                throw error("unfinished escape at the end of the line");
            }
            char e = s.charAt(k + 1);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (k + 6 > s.length() || !s.substring(k + 2, k + 6).matches("[0-9a-fA-F]{4}")) {
                        throw error("bad \\u escape, expected 4 hex digits");
                    }
                    b.append((char) Integer.parseInt(s.substring(k + 2, k + 6), 16));
                    k += 4;
                }
                default -> throw error("bad escape '\\" + e + "' in a string");
            }
            k += 2;
        }
    }

    private JsonPrimitive number() throws Error {
        int start = k;
        if (s.charAt(k) == '-') {
            k++;
        }
        if (k < s.length() && s.charAt(k) == '0') {
            k++;
            if (k < s.length() && Character.isDigit(s.charAt(k))) {
                throw error("number with a leading zero");
            }
        } else if (!digits()) {
            throw error("unexpected " + what() + " in a number, expected a digit");
        }
        if (k < s.length() && s.charAt(k) == '.') {
            k++;
            if (!digits()) {
                throw error("unexpected " + what() + " in a number, expected a digit after '.'");
            }
        }
        if (k < s.length() && (s.charAt(k) == 'e' || s.charAt(k) == 'E')) {
            k++;
            if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (!digits()) {
                throw error("unexpected " + what() + " in a number, expected a digit in the exponent");
            }
        }
        return new JsonPrimitive(new Num(s.substring(start, k)));
    }

    private boolean digits() {
        int start = k;
        while (k < s.length() && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
            k++;
        }
        return k > start;
    }

    /** A JSON number that keeps its text: {@code toString()} is exactly what the line says. */
    static final class Num extends Number {
        private static final long serialVersionUID = 1L;
        private final String text;

        Num(String text) {
            this.text = text;
        }

        @Override
        public int intValue() {
            return new BigDecimal(text).intValue();
        }

        @Override
        public long longValue() {
            return new BigDecimal(text).longValue();
        }

        @Override
        public float floatValue() {
            return Float.parseFloat(text);
        }

        @Override
        public double doubleValue() {
            return Double.parseDouble(text);
        }

        @Override
        public String toString() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Num n && n.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }
}
