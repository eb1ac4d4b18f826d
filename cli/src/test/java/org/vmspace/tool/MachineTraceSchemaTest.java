package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmspace.machine.MachineBug;
import org.vmspace.machine.MachineSink;
import org.vmspace.machine.MachineWorkload;
import org.vmspace.tv.machine.MachineTraceFile;

/**
 * The JSON Schema of machine traces (trace-validation/schema/machine-trace-v1.schema.json): every trace
 * the machine's workload writes conforms (several seeds, and with each planted bug: those traces are
 * TLC's to reject, not the schema's), and between them they use every op with every outcome the schema
 * allows. The schema can fail: each hand-made bad line below (unknown op, missing field, wrong type,
 * extra field, a post on a refusal, ...) is rejected with its line number. The op table of
 * java-impl/MACHINE_TRACE_SCHEMA.md and the schema agree op by op (args, outcomes, post fields), so
 * neither drifts from the other; by hand (2026-12-07), adding {@code `ts`} to the Read row's post
 * column of the .md failed {@link #theDocsOpTableAndTheSchemaAgreeOpByOp} ("Read post ==> expected:
 * <[frame, tlbHit, ts]> but was: <[frame, tlbHit]>").
 */
class MachineTraceSchemaTest {
    static final Path MD = TraceSchema.REPO.resolve("java-impl/MACHINE_TRACE_SCHEMA.md");
    static final Path FILE = TraceSchema.REPO.resolve(MachineTraceSchema.FILE);

    @TempDir
    static Path dir;
    static MachineTraceSchema schema;
    static JsonObject defs;

    @BeforeAll
    static void load() throws Exception {
        schema = MachineTraceSchema.load(TraceSchema.REPO);
        defs = JsonParser.parseString(Files.readString(FILE)).getAsJsonObject().getAsJsonObject("$defs");
    }

    static List<String> workload(long seed, int ops, Set<MachineBug> bugs) {
        MachineSink.Memory sink = new MachineSink.Memory();
        MachineWorkload.run(MachineWorkload.Params.defaults(seed, ops).withBugs(bugs), sink);
        return sink.lines();
    }

    static Path write(String name, List<String> lines) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    @Test
    void everyWorkloadTraceConformsAndTheyUseEveryOpWithEveryOutcome() throws Exception {
        Set<String> seen = new TreeSet<>();
        List<List<String>> traces = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            traces.add(workload(seed, 3000, Set.of()));
        }
        for (MachineBug b : MachineBug.values()) {
            traces.add(workload(1, 400, Set.of(b)));
        }
        for (int k = 0; k < traces.size(); k++) {
            List<String> t = traces.get(k);
            Path f = write("w" + k + ".ndjson", t);
            assertNull(schema.check(f), "trace " + k + ": " + t.get(0));
            MachineTraceFile.parse(f); // the driver's parser reads what the schema lets through
            for (String line : t.subList(1, t.size())) {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                seen.add(o.get("op").getAsString() + " " + o.get("outcome").getAsString());
            }
        }
        Set<String> allowed = new TreeSet<>();
        for (String op : strings(defs.getAsJsonObject("event").getAsJsonObject("properties").getAsJsonObject("op").getAsJsonArray("enum"))) {
            for (String outcome : outcomes(op)) {
                allowed.add(op + " " + outcome);
            }
        }
        assertEquals(allowed, seen, "every op with every outcome the schema allows, and nothing else");
    }

    static final String H = "{\"schema\":\"vmspace-machine-trace\",\"version\":1,\"cpus\":3,\"frames\":16,\"seed\":1,\"ops\":3,\"spaces\":6,\"pages\":6,\"bugs\":[]}";
    static final String E1 = "{\"seq\":1,\"thread\":\"main\",\"op\":\"NewSpace\",\"args\":{\"space\":0},\"outcome\":\"ok\"}";
    static final String READ = "{\"seq\":2,\"thread\":\"main\",\"op\":\"Read\",\"args\":{\"cpu\":0,\"page\":\"0x7ffffff00000\"},\"outcome\":\"ok\",\"post\":{\"frame\":3,\"tlbHit\":true}}";

    static Stream<Object[]> badLines() {
        String h = H;
        String e1 = E1;
        String read = READ;
        return Stream.of(
                bad("unknown op", 3, "op", h, e1, read.replace("\"Read\"", "\"Jump\"")),
                bad("unknown outcome", 3, "outcome", h, e1, read.replace("\"ok\"", "\"Maybe\"")),
                bad("an outcome the op never has", 3, "outcome", h, e1, read.replace("\"outcome\":\"ok\",\"post\":{\"frame\":3,\"tlbHit\":true}", "\"outcome\":\"ReadOnly\"")),
                bad("missing thread", 3, "thread", h, e1, read.replace("\"thread\":\"main\",", "")),
                bad("missing args field", 3, "page", h, e1, read.replace(",\"page\":\"0x7ffffff00000\"", "")),
                bad("missing post on ok", 3, "post", h, e1, read.replace(",\"post\":{\"frame\":3,\"tlbHit\":true}", "")),
                bad("missing post field", 3, "tlbHit", h, e1, read.replace(",\"tlbHit\":true", "")),
                bad("a post on a refusal", 3, "post", h, e1, read.replace("\"outcome\":\"ok\"", "\"outcome\":\"NotMapped\"")),
                bad("a post where the op has none", 2, "post", h, e1.replace("\"ok\"}", "\"ok\",\"post\":{}}")),
                bad("wrong type: cpu a string", 3, "cpu", h, e1, read.replace("\"cpu\":0", "\"cpu\":\"0\"")),
                bad("wrong type: page a number", 3, "page", h, e1, read.replace("\"0x7ffffff00000\"", "140737487306752")),
                bad("wrong type: tlbHit a string", 3, "tlbHit", h, e1, read.replace("true", "\"true\"")),
                bad("wrong type: seq a string", 3, "seq", h, e1, read.replace("\"seq\":2", "\"seq\":\"2\"")),
                bad("a page in upper case", 3, "page", h, e1, read.replace("0x7ffffff00000", "0x7FFFFFF00000")),
                bad("a padded page", 3, "page", h, e1, read.replace("0x7ffffff00000", "0x07ffffff00000")),
                bad("a frame out of range", 3, "frame", h, e1, read.replace("\"frame\":3", "\"frame\":4096")),
                bad("extra top-level field", 3, "ts", h, e1, read.replace("{\"seq\":2", "{\"ts\":5,\"seq\":2")),
                bad("extra args field", 3, "note", h, e1, read.replace("\"cpu\":0,", "\"cpu\":0,\"note\":1,")),
                bad("extra post field", 3, "extra", h, e1, read.replace("\"tlbHit\":true", "\"tlbHit\":true,\"extra\":0")),
                bad("a tuple of the wrong arity", 3, "dropped", h, e1,
                        "{\"seq\":2,\"thread\":\"main\",\"op\":\"Activate\",\"args\":{\"cpu\":0,\"space\":0},\"outcome\":\"ok\",\"post\":{\"switched\":true,\"dropped\":[[\"0x7ffffff00000\",3]]}}"),
                bad("a set with a repeated frame", 3, "freed", h, e1,
                        "{\"seq\":2,\"thread\":\"main\",\"op\":\"Unmap\",\"args\":{\"space\":0,\"page\":\"0x7ffffff00000\"},\"outcome\":\"ok\",\"post\":{\"frame\":3,\"freed\":[3,3]}}"),
                bad("a prop outside RW, R", 3, "prop", h, e1,
                        "{\"seq\":2,\"thread\":\"main\",\"op\":\"Map\",\"args\":{\"space\":0,\"page\":\"0x7ffffff00000\",\"prop\":\"COW\"},\"outcome\":\"OutOfFrames\"}"),
                bad("not JSON", 3, "not JSON", h, e1, "{\"seq\":2,"),
                bad("an empty line", 3, "empty", h, e1, "", read),
                bad("header: version 2", 1, "version", h.replace("\"version\":1", "\"version\":2"), e1),
                bad("header: single-space schema", 1, "schema", h.replace("vmspace-machine-trace", "vmspace-trace"), e1),
                bad("header: missing cpus", 1, "cpus", h.replace("\"cpus\":3,", ""), e1),
                bad("header: extra field", 1, "emitter", h.replace("}", ",\"emitter\":\"x\"}"), e1),
                bad("header: unknown bug", 1, "bugs", h.replace("[]", "[\"NoSuchBug\"]"), e1),
                bad("header: an event line", 1, "header", e1, read),
                bad("an empty file", 1, "empty", new String[0]),
                bad("a header without events", 2, "without events", h));
    }

    static Object[] bad(String what, int line, String mentions, String... lines) {
        return new Object[] {what, line, mentions, List.of(lines)};
    }

    @ParameterizedTest(name = "{0}: line {1}")
    @MethodSource("badLines")
    void aHandMadeBadLineIsRejectedWithItsLineNumber(String what, int line, String mentions, List<String> lines) throws Exception {
        String why = schema.check(write("bad.ndjson", lines));
        assertTrue(why != null && why.startsWith("line " + line + ": "), what + ": " + why);
        assertTrue(why.contains(mentions), what + ": " + why);
        assertEquals(-1, why.indexOf('\n'), "one line: " + why);
    }

    @Test
    void theTraceTheBadCasesChangeConforms() throws Exception {
        // each bad case is this trace with one change (or a line added)
        assertNull(schema.check(write("good.ndjson", List.of(H, E1, READ))));
    }

    @Test
    void theDocsOpTableAndTheSchemaAgreeOpByOp() throws Exception {
        Map<String, String[]> rows = docRows(Files.readString(MD));
        JsonArray ops = defs.getAsJsonObject("event").getAsJsonObject("properties").getAsJsonObject("op").getAsJsonArray("enum");
        assertEquals(new TreeSet<>(rows.keySet()), new TreeSet<>(strings(ops)), "the ops of the .md table and of the schema");
        assertEquals(new TreeSet<>(rows.keySet()), new TreeSet<>(MachineTraceFile.OPS), "and of the parser");
        for (Map.Entry<String, String[]> r : rows.entrySet()) {
            String op = r.getKey();
            assertEquals(names(r.getValue()[0]), properties("args" + op), op + " args");
            assertEquals(names(r.getValue()[1]), new TreeSet<>(outcomes(op)), op + " outcomes");
            assertEquals(names(r.getValue()[2]), properties("post" + op), op + " post");
        }
        Set<String> all = new TreeSet<>();
        rows.values().forEach(v -> all.addAll(names(v[1])));
        assertEquals(all, new TreeSet<>(strings(defs.getAsJsonObject("event").getAsJsonObject("properties")
                .getAsJsonObject("outcome").getAsJsonArray("enum"))), "every outcome");
        assertEquals(new TreeSet<>(MachineTraceFile.OUTCOMES), all, "the parser's outcomes");
        JsonObject header = defs.getAsJsonObject("header");
        Matcher req = Pattern.compile("(?m)^(`\\w+`(?:, `\\w+`)*) are required; anything after them \\(([^)]*)\\)").matcher(Files.readString(MD));
        assertTrue(req.find(), "the .md names the header's required fields");
        assertEquals(names(req.group(1)), new TreeSet<>(strings(header.getAsJsonArray("required"))), "required header fields");
        Set<String> info = names(req.group(2));
        info.addAll(names(req.group(1)));
        assertEquals(info, header.getAsJsonObject("properties").keySet(), "header fields");
        assertEquals(Arrays.stream(MachineBug.values()).map(Enum::name).toList(), strings(header.getAsJsonObject("properties")
                .getAsJsonObject("bugs").getAsJsonObject("items").getAsJsonArray("enum")), "the header's bug names");
    }

    /** The op table's rows: op to its args, outcome and post columns. */
    static Map<String, String[]> docRows(String md) {
        Map<String, String[]> rows = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\| `(\\w+)` \\|(.*)\\|(.*)\\|(.*)\\|$").matcher(md);
        while (m.find()) {
            rows.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4)});
        }
        return rows;
    }

    /** The field or outcome names of a column: its back-quoted words (not the back-quoted examples). */
    static Set<String> names(String column) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("`([A-Za-z]+)`").matcher(column);
        while (m.find()) {
            if (!m.group(1).equals("RW") && !m.group(1).equals("R")) { // Map's prop values
                out.add(m.group(1));
            }
        }
        return out;
    }

    static Set<String> properties(String def) {
        JsonObject d = defs.getAsJsonObject(def);
        if (d == null) {
            return new TreeSet<>();
        }
        assertEquals(false, d.get("additionalProperties").getAsBoolean(), def + " is closed");
        assertEquals(d.getAsJsonObject("properties").keySet(), new TreeSet<>(strings(d.getAsJsonArray("required"))),
                def + ": every field required");
        return new TreeSet<>(d.getAsJsonObject("properties").keySet());
    }

    /** The outcomes the schema allows for an op. */
    static List<String> outcomes(String op) {
        for (JsonElement c : defs.getAsJsonObject("event").getAsJsonArray("allOf")) {
            JsonObject o = c.getAsJsonObject();
            if (o.getAsJsonObject("if").getAsJsonObject("properties").getAsJsonObject("op").get("const").getAsString().equals(op)) {
                return strings(o.getAsJsonObject("then").getAsJsonObject("properties").getAsJsonObject("outcome").getAsJsonArray("enum"));
            }
        }
        throw new AssertionError("no case for " + op);
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.getAsString()));
        return out;
    }
}
