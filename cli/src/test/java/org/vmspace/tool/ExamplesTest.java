package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The example traces (examples/): every one is in the table of examples/README.md, and
 * {@code vmspace validate} gives each the exit code and the report text the table says: accepted,
 * rejected at the named event, malformed with the named message. One run, two at a time.
 */
class ExamplesTest {
    static final Path REPO = TraceSchema.REPO;
    static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (\\d) \\| `(.+)` \\|$");

    record Expected(int exit, String text) {}

    @Test
    void everyExampleTraceGetsTheVerdictTheExamplesTableGivesIt() throws Exception {
        Map<String, Expected> table = new LinkedHashMap<>();
        for (String s : Files.readAllLines(REPO.resolve("examples/README.md"))) {
            Matcher m = ROW.matcher(s);
            if (m.matches()) {
                table.put("examples/" + m.group(1), new Expected(Integer.parseInt(m.group(2)), m.group(3)));
            }
        }
        List<String> files;
        try (Stream<Path> s = Files.walk(REPO.resolve("examples"))) {
            files = s.filter(p -> p.toString().endsWith(".ndjson")).map(p -> REPO.relativize(p).toString()).sorted().toList();
        }
        assertEquals(files.stream().sorted().toList(), table.keySet().stream().sorted().toList(),
                "the table and the example files differ");
        assertTrue(table.values().stream().anyMatch(e -> e.exit() == 0) && table.values().stream().anyMatch(e -> e.exit() == 1)
                && table.values().stream().anyMatch(e -> e.exit() == 2));

        List<String> args = new ArrayList<>(List.of("validate", "--json", "--quiet", "-j", "2"));
        table.keySet().forEach(f -> args.add(REPO.resolve(f).toString()));
        Cli r = Cli.run(args.toArray(new String[0]));
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonArray traces = j.getAsJsonArray("traces");
        int k = 0;
        for (Map.Entry<String, Expected> e : table.entrySet()) {
            JsonObject t = traces.get(k++).getAsJsonObject();
            String report = t.get("report").getAsString().replace(REPO + "/", "");
            assertEquals(e.getValue().exit(), t.get("exitCode").getAsInt(), e.getKey() + ":\n" + report);
            assertTrue(report.contains(e.getValue().text()), e.getKey() + ": '" + e.getValue().text() + "' not in:\n" + report);
        }
        assertEquals(table.values().stream().filter(e -> e.exit() == 0).count(), j.get("accepted").getAsLong());
        assertEquals(2, r.exit(), "the worst exit code (malformed) wins");
        JsonObject rejected = traces.get(List.copyOf(table.keySet()).indexOf("examples/rejected/free-before-flush-by-hand.ndjson"))
                .getAsJsonObject().getAsJsonObject("event");
        assertEquals(20, rejected.get("index").getAsInt());
        assertEquals("Unmap", rejected.get("op").getAsString());
    }
}
