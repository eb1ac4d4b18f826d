package org.vmspace.mbt;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Behaviours in the Informal Trace Format (ITF) of Apalache and Quint: {@code {"#meta": {..}, "vars":
 * [..], "states": [{"#meta": {"index": i}, "var": value, ..}]}}. Integers are {@code {"#bigint": "n"}},
 * sets {@code {"#set": [..]}}, tuples {@code {"#tup": [..]}}, records JSON objects, other functions
 * {@code {"#map": [[k, v], ..]}}; TLC's model values (which ITF has no form for) are strings, and
 * {@code #meta.modelValues} lists their names so that a reader can tell them from strings.
 */
public final class Itf {
    static final List<String> VARS = List.of("current", "pt", "free", "tlb", "cursors", "owners", "mem_view");

    private Itf() {}

    /** One ITF document: states (variable to value) with the action that led to each (null for the first). */
    public record Doc(String source, String description, List<String> actions, List<Map<String, Value>> states) {}

    public static JsonElement encode(Value v, Set<String> modelValues) {
        if (v instanceof Value.Int i) {
            JsonObject o = new JsonObject();
            o.addProperty("#bigint", Long.toString(i.v()));
            return o;
        }
        if (v instanceof Value.Bool b) {
            return new com.google.gson.JsonPrimitive(b.v());
        }
        if (v instanceof Value.Str s) {
            return new com.google.gson.JsonPrimitive(s.v());
        }
        if (v instanceof Value.Model mv) {
            modelValues.add(mv.name());
            return new com.google.gson.JsonPrimitive(mv.name());
        }
        if (v instanceof Value.Set s) {
            JsonArray a = new JsonArray();
            s.elems().forEach(x -> a.add(encode(x, modelValues)));
            JsonObject o = new JsonObject();
            o.add("#set", a);
            return o;
        }
        Value.Fn f = (Value.Fn) v;
        List<Value> tup = f.asTuple();
        if (tup != null) {
            JsonArray a = new JsonArray();
            tup.forEach(x -> a.add(encode(x, modelValues)));
            JsonObject o = new JsonObject();
            o.add("#tup", a);
            return o;
        }
        if (f.map().keySet().stream().allMatch(k -> k instanceof Value.Str)) {
            JsonObject o = new JsonObject();
            f.map().forEach((k, x) -> o.add(((Value.Str) k).v(), encode(x, modelValues)));
            return o;
        }
        JsonArray a = new JsonArray();
        f.map().forEach((k, x) -> {
            JsonArray kv = new JsonArray();
            kv.add(encode(k, modelValues));
            kv.add(encode(x, modelValues));
            a.add(kv);
        });
        JsonObject o = new JsonObject();
        o.add("#map", a);
        return o;
    }

    public static Value decode(JsonElement e, Set<String> modelValues) {
        if (e.isJsonPrimitive()) {
            var p = e.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return new Value.Bool(p.getAsBoolean());
            }
            if (p.isNumber()) {
                return new Value.Int(p.getAsLong());
            }
            String s = p.getAsString();
            return modelValues.contains(s) ? new Value.Model(s) : new Value.Str(s);
        }
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("#bigint")) {
                return new Value.Int(Long.parseLong(o.get("#bigint").getAsString()));
            }
            if (o.has("#set")) {
                List<Value> xs = new ArrayList<>();
                o.getAsJsonArray("#set").forEach(x -> xs.add(decode(x, modelValues)));
                return new Value.Set(xs);
            }
            if (o.has("#tup")) {
                List<Value> xs = new ArrayList<>();
                o.getAsJsonArray("#tup").forEach(x -> xs.add(decode(x, modelValues)));
                return Value.Fn.tuple(xs.toArray(new Value[0]));
            }
            if (o.has("#map")) {
                Map<Value, Value> m = new HashMap<>();
                o.getAsJsonArray("#map").forEach(kv -> m.put(decode(kv.getAsJsonArray().get(0), modelValues),
                        decode(kv.getAsJsonArray().get(1), modelValues)));
                return new Value.Fn(m);
            }
            Map<Value, Value> m = new HashMap<>();
            o.entrySet().forEach(en -> m.put(new Value.Str(en.getKey()), decode(en.getValue(), modelValues)));
            return new Value.Fn(m);
        }
        throw new IllegalArgumentException("not an ITF value: " + e);
    }

    public static String toJson(Doc d) {
        Set<String> mvs = new TreeSet<>();
        JsonArray states = new JsonArray();
        for (int i = 0; i < d.states().size(); i++) {
            JsonObject s = new JsonObject();
            JsonObject meta = new JsonObject();
            meta.addProperty("index", i);
            if (d.actions().get(i) != null) {
                meta.addProperty("action", d.actions().get(i));
            }
            s.add("#meta", meta);
            for (String v : VARS) {
                s.add(v, encode(d.states().get(i).get(v), mvs));
            }
            states.add(s);
        }
        JsonObject root = new JsonObject();
        JsonObject meta = new JsonObject();
        meta.addProperty("format", "ITF");
        meta.addProperty("format-description", "https://apalache-mc.org/docs/adr/015adr-trace.html");
        meta.addProperty("source", d.source());
        meta.addProperty("description", d.description());
        JsonArray mv = new JsonArray();
        mvs.forEach(mv::add);
        meta.add("modelValues", mv);
        root.add("#meta", meta);
        JsonArray vars = new JsonArray();
        VARS.forEach(vars::add);
        root.add("vars", vars);
        root.add("states", states);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
    }

    /** Reads an ITF file back into a {@link Doc}. */
    public static Doc read(Path p) throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(p)).getAsJsonObject();
        JsonObject meta = root.getAsJsonObject("#meta");
        Set<String> mvs = new TreeSet<>();
        meta.getAsJsonArray("modelValues").forEach(x -> mvs.add(x.getAsString()));
        List<String> vars = new ArrayList<>();
        root.getAsJsonArray("vars").forEach(x -> vars.add(x.getAsString()));
        List<String> actions = new ArrayList<>();
        List<Map<String, Value>> states = new ArrayList<>();
        for (JsonElement se : root.getAsJsonArray("states")) {
            JsonObject so = se.getAsJsonObject();
            JsonObject sm = so.getAsJsonObject("#meta");
            actions.add(sm.has("action") ? sm.get("action").getAsString() : null);
            Map<String, Value> st = new LinkedHashMap<>();
            for (String v : vars) {
                st.put(v, decode(so.get(v), mvs));
            }
            states.add(st);
        }
        return new Doc(meta.get("source").getAsString(), meta.get("description").getAsString(), actions, states);
    }

    /** Writes behaviour {@code b} of the cover of {@code g} as {@code mbt-<model>-<n>.itf.json}. */
    static Path writeBehaviour(Path dir, StateGraph g, ModelConfig m, PathCover.Behaviour b) throws IOException {
        List<String> actions = new ArrayList<>();
        List<Map<String, Value>> states = new ArrayList<>();
        actions.add(null);
        states.add(Value.parseState(g.stateText(g.init())));
        for (int e : b.edges()) {
            actions.add(g.callOf(e).tla());
            states.add(Value.parseState(g.stateText(g.target(e))));
        }
        Files.createDirectories(dir);
        Path p = dir.resolve(String.format(Locale.ROOT, "mbt-%s-%05d.itf.json", Mbt.model(m), b.index()));
        Files.writeString(p, toJson(new Doc("tla/" + m.cfg().getFileName(),
                "MBT behaviour " + b.index() + " of the path cover", actions, states)));
        return p;
    }

    private static final Pattern STATE = Pattern.compile("^State (\\d+): <(.*)>\\s*$");

    /**
     * The counterexample in a TLC output (its "State N: <Action ...>" blocks), or an empty document if
     * there is none.
     */
    public static Doc fromTlcOutput(String source, String tlcOut) {
        List<String> actions = new ArrayList<>();
        List<Map<String, Value>> states = new ArrayList<>();
        String[] lines = tlcOut.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher sm = STATE.matcher(lines[i]);
            if (!sm.matches()) {
                continue;
            }
            String label = sm.group(2);
            actions.add(label.startsWith("Initial predicate") ? null : label.replaceFirst(" line .*$", ""));
            StringBuilder st = new StringBuilder();
            int j = i + 1;
            while (j < lines.length && !lines[j].isBlank() && !STATE.matcher(lines[j]).matches()) {
                st.append(lines[j]).append('\n');
                j++;
            }
            states.add(Value.parseState(st.toString()));
            i = j - 1;
        }
        String inv = "";
        Matcher im = Pattern.compile("Invariant (\\w+) is violated").matcher(tlcOut);
        if (im.find()) {
            inv = im.group(1);
        }
        return new Doc(source, "TLC counterexample" + (inv.isEmpty() ? "" : ": " + inv + " violated"), actions, states);
    }
}
