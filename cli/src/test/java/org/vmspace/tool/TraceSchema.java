package org.vmspace.tool;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vmspace.tv.TraceFile;
import org.vmspace.tv.TraceFormatException;

/**
 * Test helper: trace-validation/schema/trace-v4.schema.json (for a header line and for an event line),
 * and the parser's verdict on the same line.
 */
final class TraceSchema {
    static final Path REPO = Path.of(System.getProperty("vmspace.root", "..")).toAbsolutePath().normalize();
    static final Path FILE = REPO.resolve("trace-validation/schema/trace-v4.schema.json");
    /** A valid header: the workload's, 64 window pages of 4096 bytes at the top of user space. */
    static final String HEADER = "{\"schema\":\"vmspace-trace\",\"version\":4,\"pageSize\":4096,\"cpus\":2,\"frames\":64,"
            + "\"sharedReader\":false,\"maxUserspaceVaddr\":\"0x7ffffffff000\",\"window\":{\"base\":\"0x7ffffffbf000\",\"pages\":64}}";

    /** A valid first event for any header (the parser wants at least one event after the header). */
    static final String FIRST_EVENT = "{\"seq\":1,\"op\":\"Activate\",\"args\":{\"cpu\":0},\"outcome\":\"ok\"}";

    private final Schema line;
    private final Schema header;
    private final Schema event;

    TraceSchema() throws IOException {
        String text = Files.readString(FILE);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        line = registry.getSchema(text, InputFormat.JSON);
        header = registry.getSchema(rooted(text, "#/$defs/header"), InputFormat.JSON);
        event = registry.getSchema(rooted(text, "#/$defs/event"), InputFormat.JSON);
    }

    /** The schema with its top level replaced by a reference to one of its definitions. */
    private static String rooted(String text, String ref) {
        JsonObject o = JsonParser.parseString(text).getAsJsonObject();
        o.remove("oneOf");
        o.remove("$id");
        o.addProperty("$ref", ref);
        return o.toString();
    }

    List<Error> header(String json) {
        return header.validate(json, InputFormat.JSON);
    }

    List<Error> event(String json) {
        return event.validate(json, InputFormat.JSON);
    }

    List<Error> line(String json) {
        return line.validate(json, InputFormat.JSON);
    }

    /** The parser's verdict on a file of these lines: null if it reads it, else its message. */
    static String parse(Path dir, String... lines) throws IOException {
        Path f = Files.createTempFile(dir, "line", ".ndjson");
        Files.writeString(f, String.join("\n", lines) + "\n");
        try {
            TraceFile.parse(f);
            return null;
        } catch (TraceFormatException e) {
            return e.getMessage();
        } finally {
            Files.delete(f);
        }
    }
}
