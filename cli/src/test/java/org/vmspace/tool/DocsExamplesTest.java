package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every trace line shown in the documentation (every Markdown file of the repository: the
 * {@code json} code blocks, and the {@code logged: {...}} lines of rejection reports) is a valid
 * header or event for the JSON Schema and for the parser. An event is parsed as event 1 after
 * {@link TraceSchema#HEADER} (its {@code seq} set to 1: seq is a position, checked across lines).
 */
class DocsExamplesTest {
    @TempDir
    static Path dir;

    record Example(String where, String json) {
        @Override
        public String toString() {
            return where;
        }
    }

    /**
     * The single-space trace examples: every example but those of the many-spaces machine's trace
     * (java-impl/MACHINE_TRACE_SCHEMA.md, and a section whose heading names machine traces), which has
     * its own schema and is pinned by MachineTraceTest; {@link #machineExamples} checks those.
     */
    static List<Example> examples() throws Exception {
        return all().stream().filter(e -> !machine(e)).toList();
    }

    static List<Example> machineExamples() throws Exception {
        return all().stream().filter(DocsExamplesTest::machine).toList();
    }

    private static boolean machine(Example e) {
        return e.where().startsWith("java-impl/MACHINE_TRACE_SCHEMA.md") || e.where().contains("#machine");
    }

    private static List<Example> all() throws Exception {
        List<Path> docs;
        try (Stream<Path> s = Files.walk(TraceSchema.REPO)) {
            docs = s.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/build/")
                            && !p.toString().contains("/.git/") && !p.toString().contains("/node_modules/"))
                    .sorted().toList();
        }
        List<Example> out = new ArrayList<>();
        for (Path d : docs) {
            List<String> lines = Files.readAllLines(d);
            String rel = TraceSchema.REPO.relativize(d).toString();
            String section = "";
            for (int k = 0; k < lines.size(); k++) {
                String s = lines.get(k);
                if (s.startsWith("#")) {
                    section = s.toLowerCase(java.util.Locale.ROOT).contains("machine trace") ? "#machine" : "";
                }
                if (s.strip().equals("```json")) {
                    StringBuilder b = new StringBuilder();
                    int start = k + 1;
                    while (++k < lines.size() && !lines.get(k).strip().equals("```")) {
                        b.append(lines.get(k).strip());
                    }
                    out.add(new Example(rel + ":" + start + section, b.toString()));
                } else if (s.contains("logged: {")) {
                    out.add(new Example(rel + ":" + (k + 1) + section, s.substring(s.indexOf("logged: ") + 8).strip()));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theExampleIsAValidTraceLine(Example e) throws Exception {
        TraceSchema schema = new TraceSchema();
        JsonObject o = JsonParser.parseString(e.json()).getAsJsonObject();
        if (o.has("schema")) {
            assertTrue(schema.header(e.json()).isEmpty(), "schema: " + schema.header(e.json()));
            assertNull(TraceSchema.parse(dir, e.json(), TraceSchema.FIRST_EVENT), "parser");
        } else {
            assertTrue(o.has("op"), "neither a header nor an event: " + e.json());
            assertTrue(schema.event(e.json()).isEmpty(), "schema: " + schema.event(e.json()));
            o.addProperty("seq", 1);
            assertNull(TraceSchema.parse(dir, TraceSchema.HEADER, o.toString()), "parser");
        }
    }

    /** A machine-trace example is a header or an event of the machine trace's JSON Schema (MachineTraceSchema). */
    @ParameterizedTest
    @MethodSource("machineExamples")
    void theMachineExampleIsAMachineTraceLine(Example e) throws Exception {
        MachineTraceSchema schema = MachineTraceSchema.load(TraceSchema.REPO);
        JsonObject o = JsonParser.parseString(e.json()).getAsJsonObject();
        if (o.has("schema")) {
            assertTrue(schema.header(e.json()).isEmpty(), "schema: " + schema.header(e.json()));
        } else {
            assertTrue(o.has("op"), "neither a header nor an event: " + e.json());
            assertTrue(schema.event(e.json()).isEmpty(), "schema: " + schema.event(e.json()));
        }
    }

    @org.junit.jupiter.api.Test
    void theDocsShowAHeaderAndAnEvent() throws Exception {
        assertTrue(machineExamples().size() >= 2, "the machine trace's examples are found");
        List<Example> all = examples();
        assertTrue(all.stream().anyMatch(e -> e.where().startsWith("docs/PROTOCOL.md") && e.json().contains("\"op\"")), all.toString());
        assertTrue(all.stream().anyMatch(e -> e.where().startsWith("java-impl/TRACE_SCHEMA.md") && e.json().contains("\"schema\"")), all.toString());
    }
}
