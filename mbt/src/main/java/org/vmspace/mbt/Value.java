package org.vmspace.mbt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A TLA+ value as TLC prints it, in one canonical form so that two values are equal exactly when
 * their TLA+ values are: integers, booleans, strings, model values, finite sets, and functions
 * (tuples are functions on {@code 1..n}, records functions on strings). {@link #toString()} prints
 * TLC's syntax back.
 */
public sealed interface Value extends Comparable<Value> {
    /** The canonical text (TLC's syntax, sets sorted): equality and order go by it. */
    String text();

    @Override
    default int compareTo(Value o) {
        return text().compareTo(o.text());
    }

    record Int(long v) implements Value {
        @Override
        public String text() {
            return Long.toString(v);
        }

        @Override
        public String toString() {
            return text();
        }
    }

    record Bool(boolean v) implements Value {
        @Override
        public String text() {
            return v ? "TRUE" : "FALSE";
        }

        @Override
        public String toString() {
            return text();
        }
    }

    record Str(String v) implements Value {
        @Override
        public String text() {
            return "\"" + v + "\"";
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** A model value ({@code c1}, {@code f2}, ...). */
    record Model(String name) implements Value {
        @Override
        public String text() {
            return name;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** A finite set, its elements in canonical order. */
    final class Set implements Value {
        private final TreeSet<Value> elems;
        private final String text;

        public Set(Collection<? extends Value> xs) {
            this.elems = new TreeSet<>(Comparator.comparing(Value::text));
            this.elems.addAll(xs);
            StringBuilder b = new StringBuilder("{");
            for (Value v : elems) {
                if (b.length() > 1) {
                    b.append(", ");
                }
                b.append(v.text());
            }
            this.text = b.append('}').toString();
        }

        public java.util.SortedSet<Value> elems() {
            return java.util.Collections.unmodifiableSortedSet(elems);
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Set s && s.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A function (also a tuple or a record), its domain in canonical order. */
    final class Fn implements Value {
        private final TreeMap<Value, Value> map;
        private final String text;

        public Fn(Map<? extends Value, ? extends Value> m) {
            this.map = new TreeMap<>(Comparator.comparing(Value::text));
            this.map.putAll(m);
            this.text = render();
        }

        public Map<Value, Value> map() {
            return java.util.Collections.unmodifiableMap(map);
        }

        public Value get(Value k) {
            return map.get(k);
        }

        public Value get(String field) {
            return map.get(new Str(field));
        }

        /** A tuple {@code <<xs>>}. */
        public static Fn tuple(Value... xs) {
            TreeMap<Value, Value> m = new TreeMap<>(Comparator.comparing(Value::text));
            for (int i = 0; i < xs.length; i++) {
                m.put(new Int(i + 1), xs[i]);
            }
            return new Fn(m);
        }

        /** The elements of a tuple, in order ({@code null} if this is not one). */
        public List<Value> asTuple() {
            List<Value> out = new ArrayList<>();
            for (int i = 1; i <= map.size(); i++) {
                Value v = map.get(new Int(i));
                if (v == null) {
                    return null;
                }
                out.add(v);
            }
            return out;
        }

        private String render() {
            if (map.isEmpty()) {
                return "<<>>";
            }
            List<Value> t = asTuple();
            StringBuilder b = new StringBuilder();
            if (t != null) {
                b.append("<<");
                for (int i = 0; i < t.size(); i++) {
                    b.append(i == 0 ? "" : ", ").append(t.get(i).text());
                }
                return b.append(">>").toString();
            }
            boolean record = map.keySet().stream().allMatch(k -> k instanceof Str);
            if (record) {
                b.append('[');
                for (Map.Entry<Value, Value> e : map.entrySet()) {
                    b.append(b.length() == 1 ? "" : ", ").append(((Str) e.getKey()).v()).append(" |-> ")
                            .append(e.getValue().text());
                }
                return b.append(']').toString();
            }
            b.append('(');
            for (Map.Entry<Value, Value> e : map.entrySet()) {
                b.append(b.length() == 1 ? "" : " @@ ").append(e.getKey().text()).append(" :> ")
                        .append(e.getValue().text());
            }
            return b.append(')').toString();
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fn f && f.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    // ------------------------------------------------------------------ parsing TLC's output

    /** Parses one value as TLC prints it; throws {@link IllegalArgumentException} on other text. */
    static Value parse(String s) {
        Parser p = new Parser(s);
        Value v = p.value();
        p.ws();
        if (p.i != s.length()) {
            throw new IllegalArgumentException("trailing text at " + p.i + " in: " + s);
        }
        return v;
    }

    /**
     * Parses a state as TLC prints it ({@code /\ x = v} conjuncts, one per variable, separated by
     * newlines or spaces) into variable name to value.
     */
    static Map<String, Value> parseState(String s) {
        Parser p = new Parser(s);
        TreeMap<String, Value> out = new TreeMap<>();
        p.ws();
        while (p.i < s.length()) {
            p.expect("/\\");
            p.ws();
            String name = p.ident();
            p.ws();
            p.expect("=");
            out.put(name, p.value());
            p.ws();
        }
        return out;
    }

    /** A recursive-descent parser for TLC's value syntax. */
    final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean at(String t) {
            ws();
            return s.startsWith(t, i);
        }

        void expect(String t) {
            ws();
            if (!s.startsWith(t, i)) {
                throw new IllegalArgumentException("expected '" + t + "' at " + i + " in: " + s);
            }
            i += t.length();
        }

        String ident() {
            ws();
            int st = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (st == i) {
                throw new IllegalArgumentException("expected a name at " + i + " in: " + s);
            }
            return s.substring(st, i);
        }

        Value value() {
            ws();
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end of: " + s);
            }
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                List<Value> xs = new ArrayList<>();
                if (!at("}")) {
                    do {
                        xs.add(value());
                    } while (comma());
                }
                expect("}");
                return new Set(xs);
            }
            if (s.startsWith("<<", i)) {
                i += 2;
                List<Value> xs = new ArrayList<>();
                if (!at(">>")) {
                    do {
                        xs.add(value());
                    } while (comma());
                }
                expect(">>");
                return Fn.tuple(xs.toArray(new Value[0]));
            }
            if (c == '[') {
                i++;
                TreeMap<Value, Value> m = new TreeMap<>(Comparator.comparing(Value::text));
                if (!at("]")) {
                    do {
                        String f = ident();
                        expect("|->");
                        m.put(new Str(f), value());
                    } while (comma());
                }
                expect("]");
                return new Fn(m);
            }
            if (c == '(') {
                i++;
                TreeMap<Value, Value> m = new TreeMap<>(Comparator.comparing(Value::text));
                do {
                    Value k = value();
                    expect(":>");
                    m.put(k, value());
                    ws();
                } while (atThen("@@"));
                expect(")");
                return new Fn(m);
            }
            if (c == '"') {
                int j = s.indexOf('"', i + 1);
                String v = s.substring(i + 1, j);
                i = j + 1;
                return new Str(v);
            }
            if (c == '-' || Character.isDigit(c)) {
                int st = i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                return new Int(Long.parseLong(s.substring(st, i)));
            }
            String id = ident();
            return switch (id) {
                case "TRUE" -> new Bool(true);
                case "FALSE" -> new Bool(false);
                default -> new Model(id);
            };
        }

        private boolean comma() {
            return atThen(",");
        }

        private boolean atThen(String t) {
            if (at(t)) {
                i += t.length();
                return true;
            }
            return false;
        }
    }
}
