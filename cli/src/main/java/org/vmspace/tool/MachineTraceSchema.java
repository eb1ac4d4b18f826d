package org.vmspace.tool;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON Schema of machine traces, {@value #FILE} (java-impl/MACHINE_TRACE_SCHEMA.md is its prose),
 * checked line by line: line 1 against its {@code header} definition, every later line against its
 * {@code event} definition. {@code vmspace machine validate} runs it before TLC, so a line outside the
 * schema is a one-line error naming the line, not a TLC run.
 */
public final class MachineTraceSchema {
    /** Where the schema is in a checkout (and in the module tree packaged with the jar). */
    public static final String FILE = "trace-validation/schema/machine-trace-v1.schema.json";

    private final Schema header;
    private final Schema event;

    private MachineTraceSchema(String text) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        header = registry.getSchema(rooted(text, "#/$defs/header"), InputFormat.JSON);
        event = registry.getSchema(rooted(text, "#/$defs/event"), InputFormat.JSON);
    }

    /** The schema under {@code root} (a checkout or an extracted module tree). */
    public static MachineTraceSchema load(Path root) throws IOException {
        Path f = root.resolve(FILE);
        try {
            return new MachineTraceSchema(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("cannot read the machine trace schema " + f + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("the machine trace schema " + f + " is not a schema: " + e.getMessage(), e);
        }
    }

    /** The schema with its top level replaced by a reference to one of its definitions. */
    private static String rooted(String text, String ref) {
        JsonObject o = JsonParser.parseString(text).getAsJsonObject();
        o.remove("oneOf");
        o.remove("$id");
        o.addProperty("$ref", ref);
        return o.toString();
    }

    /** The errors of a header line (empty: it conforms). */
    public List<Error> header(String json) {
        return header.validate(json, InputFormat.JSON);
    }

    /** The errors of an event line (empty: it conforms). */
    public List<Error> event(String json) {
        return event.validate(json, InputFormat.JSON);
    }

    /**
     * The first line of the trace outside the schema, as one line ({@code "line N: ..."}), or null when
     * every line conforms. Trailing empty lines are ignored (as the parser does).
     */
    public String check(Path trace) throws IOException {
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        int n = lines.size();
        while (n > 0 && lines.get(n - 1).isEmpty()) {
            n--;
        }
        if (n == 0) {
            return "line 1: empty file (no header)";
        }
        for (int k = 0; k < n; k++) {
            String line = lines.get(k);
            if (line.isBlank()) {
                return "line " + (k + 1) + ": an empty line";
            }
            List<Error> errors;
            try {
                errors = k == 0 ? header(line) : event(line);
            } catch (RuntimeException e) { // the validator's JSON reader: not one JSON value
                return "line " + (k + 1) + ": not JSON (" + firstLine(e.getMessage()) + ")";
            }
            if (!errors.isEmpty()) {
                return "line " + (k + 1) + ": " + describe(errors.get(0), k == 0 ? "header" : "event")
                        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
            }
        }
        if (n == 1) {
            return "line 2: a header without events";
        }
        return null;
    }

    /**
     * One error as "where: what": the field's path in the line (args.cpu, post.dropped.0) or the line's
     * kind for the line itself. The schema's one {@code not} (a post where none may be) is said in words.
     */
    private static String describe(Error e, String kind) {
        String at = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        at = at.replaceFirst("^[$#]?/?", "").replaceFirst("^\\$\\.?", "").replace('/', '.');
        String what = "not".equals(e.getKeyword())
                ? "has a post, which only an ok event of an op with post fields has (MACHINE_TRACE_SCHEMA.md)"
                : firstLine(e.getMessage());
        return (at.isEmpty() ? kind : kind + " " + at) + ": " + what;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
