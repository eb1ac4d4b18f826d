package org.vmspace.tv.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TLC's text for a value (what it prints for a state variable in a counterexample or for a
 * {@code PrintT}), read back into plain Java objects: an integer is a {@link Long}, {@code TRUE} /
 * {@code FALSE} a {@link Boolean}, a string a {@link String}, a model value (a bare name such as
 * {@code c1}) a {@link Name}, a tuple {@code <<a, b>>} a {@link List}, a set {@code {a, b}} a
 * {@link Set}, a record {@code [f |-> a]} and a function {@code (k1 :> a @@ k2 :> b)} a {@link Map}
 * (record keys are strings). TLC prints a function with domain {@code 1..n} as a tuple, so use
 * {@link #asFunction} to index either.
 */
public final class TlcValue {
    /** A model value: a bare identifier. */
    public record Name(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final String s;
    private int k;

    private TlcValue(String s) {
        this.s = s;
    }

    /** Parses one value; throws {@link IllegalArgumentException} naming the position on bad text. */
    public static Object parse(String text) {
        TlcValue p = new TlcValue(text);
        Object v = p.value();
        p.ws();
        if (p.k != p.s.length()) {
            throw p.error("trailing text");
        }
        return v;
    }

    /** A function-like value (a Map, or a tuple as the function 1..n) as a Map; anything else: empty. */
    @SuppressWarnings("unchecked")
    public static Map<Object, Object> asFunction(Object v) {
        if (v instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        Map<Object, Object> r = new LinkedHashMap<>();
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                r.put((long) (i + 1), l.get(i));
            }
        }
        return r;
    }

    /** A set or tuple's elements; anything else: empty. */
    public static Collection<?> elements(Object v) {
        if (v instanceof Collection<?> c) {
            return c;
        }
        return List.of();
    }

    /** TLC's own notation for a value (for tables and tooltips). */
    public static String show(Object v) {
        if (v instanceof String str) {
            return '"' + str + '"';
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (v instanceof List<?> l) {
            return "<<" + join(l) + ">>";
        }
        if (v instanceof Set<?> set) {
            return "{" + join(set) + "}";
        }
        if (v instanceof Map<?, ?> m) {
            boolean record = !m.isEmpty() && m.keySet().stream().allMatch(x -> x instanceof String);
            List<String> parts = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                parts.add(record ? e.getKey() + " |-> " + show(e.getValue())
                        : show(e.getKey()) + " :> " + show(e.getValue()));
            }
            return record ? "[" + String.join(", ", parts) + "]" : "(" + String.join(" @@ ", parts) + ")";
        }
        return String.valueOf(v);
    }

    private static String join(Collection<?> c) {
        List<String> parts = new ArrayList<>();
        for (Object o : c) {
            parts.add(show(o));
        }
        return String.join(", ", parts);
    }

    private IllegalArgumentException error(String what) {
        int from = Math.max(0, k - 20);
        return new IllegalArgumentException("TLC value: " + what + " at " + k + " near '"
                + s.substring(from, Math.min(s.length(), k + 20)) + "'");
    }

    private void ws() {
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
            k++;
        }
    }

    private boolean eat(String t) {
        ws();
        if (s.startsWith(t, k)) {
            k += t.length();
            return true;
        }
        return false;
    }

    private void expect(String t) {
        if (!eat(t)) {
            throw error("expected '" + t + "'");
        }
    }

    private Object value() {
        ws();
        if (k >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(k);
        if (s.startsWith("<<", k)) {
            k += 2;
            List<Object> l = new ArrayList<>();
            if (!eat(">>")) {
                do {
                    l.add(value());
                } while (eat(","));
                expect(">>");
            }
            return l;
        }
        if (c == '{') {
            k++;
            Set<Object> set = new LinkedHashSet<>();
            if (!eat("}")) {
                do {
                    set.add(value());
                } while (eat(","));
                expect("}");
            }
            return set;
        }
        if (c == '[') {
            k++;
            Map<Object, Object> m = new LinkedHashMap<>();
            if (!eat("]")) {
                do {
                    ws();
                    String f = ident();
                    expect("|->");
                    m.put(f, value());
                } while (eat(","));
                expect("]");
            }
            return m;
        }
        if (c == '(') {
            k++;
            Map<Object, Object> m = new LinkedHashMap<>();
            do {
                Object key = value();
                expect(":>");
                m.put(key, value());
            } while (eat("@@"));
            expect(")");
            return m;
        }
        if (c == '"') {
            StringBuilder b = new StringBuilder();
            k++;
            while (k < s.length() && s.charAt(k) != '"') {
                if (s.charAt(k) == '\\' && k + 1 < s.length()) {
                    k++;
                }
                b.append(s.charAt(k++));
            }
            if (k >= s.length()) {
                throw error("unterminated string");
            }
            k++;
            return b.toString();
        }
        if (c == '-' || Character.isDigit(c)) {
            int from = k++;
            while (k < s.length() && Character.isDigit(s.charAt(k))) {
                k++;
            }
            return Long.parseLong(s.substring(from, k));
        }
        String id = ident();
        return switch (id) {
            case "TRUE" -> Boolean.TRUE;
            case "FALSE" -> Boolean.FALSE;
            default -> new Name(id);
        };
    }

    private String ident() {
        int from = k;
        while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_')) {
            k++;
        }
        if (from == k) {
            throw error("unexpected character");
        }
        return s.substring(from, k);
    }
}
