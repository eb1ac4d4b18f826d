package org.vmspace.tv.machine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A machine trace (java-impl/MACHINE_TRACE_SCHEMA.md) as trace validation reads it: the header, and
 * every event with its fields as TLA+ values (MachineTraceIO.tla). Pages, unsigned 64-bit hex strings,
 * are mapped to small integers: the distinct pages of the trace, sorted, numbered from 0 (the spec's
 * {@code Pages}); CPUs, spaces and frames are the trace's numbers. A malformed trace is a
 * {@link MachineTraceFormatException} naming its line.
 */
public final class MachineTraceFile {
    public static final String SCHEMA = "vmspace-machine-trace";
    public static final int VERSION = 1;
    public static final Set<String> OPS = Set.of("NewSpace", "Activate", "Read", "Write", "FaultRefill", "CowReuse",
            "CowCopy", "Map", "Unmap", "DispatchTlbFlush", "Fork", "CowShare");
    public static final Set<String> OUTCOMES = Set.of("ok", "NoSpace", "NotMapped", "ReadOnly", "OutOfFrames",
            "NothingPending", "InvalidArgs");
    /** Integer fields (absent or null: -1); {@code page}, {@code toPage} are pages (their index). */
    public static final List<String> INT_FIELDS = List.of("cpu", "space", "child", "to", "page", "toPage", "frame",
            "replaced", "from", "refcount");
    public static final List<String> BOOL_FIELDS = List.of("switched", "tlbHit");
    public static final List<String> STRING_FIELDS = List.of("prop");
    /** Lists read as sets (of integers, pages or tuples of them). */
    public static final List<String> SET_FIELDS = List.of("dropped", "freed", "protected", "pages", "shared");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-f]{1,16}");

    /** One event: its line, seq, op, outcome, and every field's value (Long, Boolean, String, or List). */
    public record Event(int line, long seq, String op, String outcome, Map<String, Object> fields, String raw) {}

    /** The header: CPUs and frames; spaces and pages counted from the events. */
    public record Header(int cpus, int frames, int spaces, int pages) {}

    private final Header header;
    private final List<Event> events;
    private final List<Long> pages;

    private MachineTraceFile(Header header, List<Event> events, List<Long> pages) {
        this.header = header;
        this.events = events;
        this.pages = pages;
    }

    public Header header() {
        return header;
    }

    public List<Event> events() {
        return events;
    }

    /** The page with index {@code k} (the spec's page k), as the trace writes it. */
    public String pageHex(int k) {
        return "0x" + Long.toHexString(pages.get(k));
    }

    public int refusedCount() {
        return (int) events.stream().filter(e -> !e.outcome().equals("ok")).count();
    }

    public static MachineTraceFile parse(Path file) throws MachineTraceFormatException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MachineTraceFormatException("cannot read " + file + ": " + e.getMessage());
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new MachineTraceFormatException(file + ": empty file (no header)");
        }
        JsonObject h = object(lines.get(0), 1);
        if (!SCHEMA.equals(string(h, "schema", 1)) || integer(h, "version", 1) != VERSION) {
            throw new MachineTraceFormatException("line 1: not a " + SCHEMA + " version " + VERSION + " header");
        }
        long cpus = integer(h, "cpus", 1);
        long frames = integer(h, "frames", 1);
        if (cpus < 1 || cpus > 64 || frames < 1 || frames > 4096) {
            throw new MachineTraceFormatException("line 1: cpus must be 1..64 and frames 1..4096");
        }
        if (lines.size() < 2) {
            throw new MachineTraceFormatException(file + ": a header without events");
        }
        List<JsonObject> objs = new ArrayList<>();
        TreeSet<Long> seen = new TreeSet<>(Long::compareUnsigned);
        for (int k = 1; k < lines.size(); k++) {
            JsonObject o = object(lines.get(k), k + 1);
            collectPages(o, seen, k + 1);
            objs.add(o);
        }
        List<Long> pages = new ArrayList<>(seen);
        List<Event> events = new ArrayList<>();
        long maxSpace = 0;
        for (int k = 0; k < objs.size(); k++) {
            int line = k + 2;
            JsonObject o = objs.get(k);
            long seq = integer(o, "seq", line);
            if (seq != k + 1) {
                throw new MachineTraceFormatException("line " + line + ": seq " + seq + ", expected " + (k + 1));
            }
            String op = string(o, "op", line);
            String outcome = string(o, "outcome", line);
            if (!OPS.contains(op)) {
                throw new MachineTraceFormatException("line " + line + ": unknown op " + op);
            }
            if (!OUTCOMES.contains(outcome)) {
                throw new MachineTraceFormatException("line " + line + ": unknown outcome " + outcome);
            }
            Map<String, Object> fields = new java.util.HashMap<>();
            for (String part : List.of("args", "post")) {
                JsonElement x = o.get(part);
                if (x == null || x.isJsonNull()) {
                    if (part.equals("args")) {
                        throw new MachineTraceFormatException("line " + line + ": no args");
                    }
                    continue;
                }
                if (!x.isJsonObject()) {
                    throw new MachineTraceFormatException("line " + line + ": " + part + " is not an object");
                }
                for (Map.Entry<String, JsonElement> f : x.getAsJsonObject().entrySet()) {
                    fields.put(f.getKey(), value(f.getValue(), pages, line, f.getKey()));
                }
            }
            for (String f : List.of("space", "child", "to")) {
                if (fields.get(f) instanceof Long s) {
                    if (s < 0 || s > 4096) {
                        throw new MachineTraceFormatException("line " + line + ": " + f + " " + s + " is not a space id 0..4096");
                    }
                    maxSpace = Math.max(maxSpace, s);
                }
            }
            events.add(new Event(line, seq, op, outcome, fields, lines.get(line - 1)));
        }
        return new MachineTraceFile(new Header((int) cpus, (int) frames, (int) maxSpace + 1, Math.max(1, pages.size())),
                events, pages);
    }

    private static void collectPages(JsonElement x, Set<Long> out, int line) throws MachineTraceFormatException {
        if (x.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : x.getAsJsonObject().entrySet()) {
                if (!e.getKey().equals("op") && !e.getKey().equals("outcome") && !e.getKey().equals("thread")) {
                    collectPages(e.getValue(), out, line);
                }
            }
        } else if (x.isJsonArray()) {
            for (JsonElement y : x.getAsJsonArray()) {
                collectPages(y, out, line);
            }
        } else if (x.isJsonPrimitive() && x.getAsJsonPrimitive().isString() && x.getAsString().startsWith("0x")) {
            if (!HEX.matcher(x.getAsString()).matches()) {
                throw new MachineTraceFormatException("line " + line + ": " + x.getAsString()
                        + " is not a page (0x and 1-16 lowercase hex digits)");
            }
            out.add(Long.parseUnsignedLong(x.getAsString().substring(2), 16));
        }
    }

    /** A field's value: a number (Long), a page (its index, Long), a boolean, a string, a list, or null (-1). */
    private static Object value(JsonElement x, List<Long> pages, int line, String name) throws MachineTraceFormatException {
        if (x.isJsonNull()) {
            return -1L;
        }
        if (x.isJsonArray()) {
            List<Object> out = new ArrayList<>();
            for (JsonElement y : x.getAsJsonArray()) {
                out.add(value(y, pages, line, name));
            }
            return out;
        }
        if (!x.isJsonPrimitive()) {
            throw new MachineTraceFormatException("line " + line + ": " + name + " is an object");
        }
        JsonPrimitive p = x.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            try {
                long v = p.getAsBigDecimal().longValueExact();
                if (v < -1 || v > 1_000_000) {
                    throw new MachineTraceFormatException("line " + line + ": " + name + " " + v + " is out of range");
                }
                return v;
            } catch (ArithmeticException e) {
                throw new MachineTraceFormatException("line " + line + ": " + name + " is not an integer");
            }
        }
        String s = p.getAsString();
        if (s.startsWith("0x")) {
            return (long) java.util.Collections.binarySearch(pages, Long.parseUnsignedLong(s.substring(2), 16),
                    Long::compareUnsigned);
        }
        return s;
    }

    private static JsonObject object(String line, int n) throws MachineTraceFormatException {
        try {
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject()) {
                throw new MachineTraceFormatException("line " + n + ": not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new MachineTraceFormatException("line " + n + ": bad JSON (" + e.getMessage() + ")");
        }
    }

    private static String string(JsonObject o, String f, int line) throws MachineTraceFormatException {
        JsonElement x = o.get(f);
        if (x == null || !x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
            throw new MachineTraceFormatException("line " + line + ": missing string field " + f);
        }
        return x.getAsString();
    }

    private static long integer(JsonObject o, String f, int line) throws MachineTraceFormatException {
        JsonElement x = o.get(f);
        if (x == null || !x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) {
            throw new MachineTraceFormatException("line " + line + ": missing number field " + f);
        }
        try {
            return x.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException e) {
            throw new MachineTraceFormatException("line " + line + ": " + f + " is not an integer");
        }
    }

    /** A malformed machine trace: one line naming the NDJSON line. */
    public static final class MachineTraceFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        public MachineTraceFormatException(String message) {
            super(message);
        }
    }
}
