package org.vmspace.tv;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A java-impl NDJSON trace (schema {@code vmspace-trace}, version 1; java-impl/TRACE_SCHEMA.md), read
 * strictly and normalized to the spec's address space.
 *
 * <p>Normalization (trace-validation/README.md, "Address rebasing"): an address {@code a} (unsigned
 * 64-bit) becomes {@code a - window.base}, capped at {@link #CAP}; a {@code len} is capped at
 * {@link #CAP}; a frame (a physical address) becomes its frame number; {@code null} becomes -1. The
 * spec's {@code MAX_USERSPACE_VADDR} is {@code window.pages * pageSize}, which must be below
 * {@link #CAP}: then every predicate of the spec that sees a capped value ({@code vaddr + len >
 * MAX_USERSPACE_VADDR}, {@code va + len <= hi}, {@code hi <= MAX_USERSPACE_VADDR}, {@code va < hi})
 * has the same truth value as on the real unsigned values, and every sum stays inside TLC's 32-bit
 * integers. An address below the window in a refused event marks the event {@code outside}; in a
 * successful event it is a format error.
 */
public final class TraceFile {
    /** Rebased addresses and lengths are capped here (2^29): sums of two stay below 2^31. */
    public static final long CAP = 1L << 29;
    public static final String SCHEMA = "vmspace-trace";
    public static final int VERSION = 1;

    /** The trace events' {@code op} values: the TLA+ action names (java-impl's TraceOp). */
    public static final List<String> OPS = List.of("Activate", "Deactivate", "Reader", "Writer", "ActivateReader",
            "ActivateWriter", "DisposeReader", "DisposeWriter", "RemoveReader", "RemoveWriter", "DropOwner", "Read",
            "Write", "Skip", "CursorMut", "Map", "Unmap", "ProtectNext", "Jump", "DispatchTlbFlush", "DropCursor");
    /** The {@code outcome} values: ok, or an error kind. */
    public static final Set<String> OUTCOMES = Set.of("ok", "AccessDenied", "Conflict", "NotMapped", "Borrowed", "Busy",
            "Panic", "PageFault", "InvalidArgs", "InvalidState");

    /** How an {@code args}/{@code post} field is encoded (TRACE_SCHEMA.md, "Encoding rules"). */
    enum Kind { INT, ADDR, LEN, FRAME, STRING, ADDR_LIST, FRAME_LIST }

    /** Field specification: name, encoding, whether JSON null is allowed. */
    record F(String name, Kind kind, boolean nullable) {}

    private static F i(String n) {
        return new F(n, Kind.INT, false);
    }

    private static F in(String n) {
        return new F(n, Kind.INT, true);
    }

    private static F a(String n) {
        return new F(n, Kind.ADDR, false);
    }

    private static final F LEN = new F("len", Kind.LEN, false);
    private static final F PROP = new F("prop", Kind.STRING, false);

    /** args per op (TRACE_SCHEMA.md, "Events"). */
    static final Map<String, List<F>> ARGS = Map.ofEntries(
            Map.entry("Activate", List.of(i("cpu"))),
            Map.entry("Deactivate", List.of(i("cpu"))),
            Map.entry("Reader", List.of(i("cpu"), in("id"), a("vaddr"), LEN)),
            Map.entry("Writer", List.of(i("cpu"), in("id"), a("vaddr"), LEN)),
            Map.entry("ActivateReader", List.of(i("id"))),
            Map.entry("ActivateWriter", List.of(i("id"))),
            Map.entry("DisposeReader", List.of(i("id"))),
            Map.entry("DisposeWriter", List.of(i("id"))),
            Map.entry("RemoveReader", List.of(i("id"))),
            Map.entry("RemoveWriter", List.of(i("id"))),
            Map.entry("DropOwner", List.of(i("id"))),
            Map.entry("Read", List.of(i("cpu"), i("id"), i("n"), new F("api", Kind.STRING, false))),
            Map.entry("Write", List.of(i("cpu"), i("id"), i("n"), new F("api", Kind.STRING, false))),
            Map.entry("Skip", List.of(i("id"), i("n"))),
            Map.entry("CursorMut", List.of(in("cursor"), a("lo"), a("hi"))),
            Map.entry("Map", List.of(i("cursor"), new F("frame", Kind.FRAME, true), PROP)),
            Map.entry("Unmap", List.of(i("cursor"), LEN)),
            Map.entry("ProtectNext", List.of(i("cursor"), LEN, PROP)),
            Map.entry("Jump", List.of(i("cursor"), a("va"))),
            Map.entry("DispatchTlbFlush", List.of(i("cursor"))),
            Map.entry("DropCursor", List.of(i("cursor"))));

    private static final List<F> LISTS = List.of(i("remainingPages"), i("readers"), i("writers"));

    /** post per op, present when the outcome is ok (and for Read/Write also on PageFault). */
    static final Map<String, List<F>> POST = Map.ofEntries(
            Map.entry("ActivateReader", concat(List.of(new F("view", Kind.ADDR_LIST, false)), LISTS)),
            Map.entry("ActivateWriter", concat(List.of(new F("view", Kind.ADDR_LIST, false)), LISTS)),
            Map.entry("DisposeReader", LISTS),
            Map.entry("DisposeWriter", LISTS),
            Map.entry("RemoveReader", LISTS),
            Map.entry("RemoveWriter", LISTS),
            Map.entry("Read", List.of(i("copied"), a("start"))),
            Map.entry("Write", List.of(i("copied"), a("start"))),
            Map.entry("Skip", List.of(a("start"))),
            Map.entry("Map", List.of(a("va"), new F("replaced", Kind.FRAME, true), i("freeFrames"))),
            Map.entry("Unmap", List.of(a("va"), i("unmapped"), i("freeFrames"))),
            Map.entry("ProtectNext", List.of(a("va"), new F("protected", Kind.ADDR, true))),
            Map.entry("DispatchTlbFlush", List.of(new F("freed", Kind.FRAME_LIST, false), i("freeFrames"))));

    private static <T> List<T> concat(List<T> x, List<T> y) {
        List<T> r = new ArrayList<>(x);
        r.addAll(y);
        return List.copyOf(r);
    }

    /** The header line, with the spec's {@code MAX_USERSPACE_VADDR} ({@code maxVaddr}). */
    public record Header(int pageSize, int cpus, int frames, boolean sharedReader, long maxUserspaceVaddr,
                         long windowBase, int windowPages) {
        /** The spec's MAX_USERSPACE_VADDR: the window's size in bytes. */
        public long maxVaddr() {
            return (long) windowPages * pageSize;
        }
    }

    /** One event, normalized: every field present, -1 / "" / empty where the line has none. */
    public static final class Event {
        public int line;
        public long seq;
        public String op;
        public String outcome;
        public String api = "";
        public String prop = "";
        public String raw;
        public boolean outside;
        /** The integer fields of TraceLog's records, by name. */
        public final long[] ints = new long[INT_FIELDS.size()];
        public long[] view = new long[0];
        public long[] freed = new long[0];

        Event() {
            Arrays.fill(ints, -1);
        }

        public long get(String field) {
            return ints[INT_FIELDS.indexOf(field)];
        }

        void set(String field, long v) {
            ints[INT_FIELDS.indexOf(field)] = v;
        }

        /** Refused: neither ok nor a page fault (which made progress). */
        public boolean refused() {
            return !outcome.equals("ok") && !outcome.equals("PageFault");
        }
    }

    /** The integer fields of a TraceLog record, besides {@code line} and {@code seq}. */
    public static final List<String> INT_FIELDS = List.of("cpu", "id", "cursor", "vaddr", "len", "n", "lo", "hi", "va",
            "frame", "start", "copied", "unmapped", "freeFrames", "remainingPages", "readers", "writers", "replaced",
            "protected");

    private final Path path;
    private final Header header;
    private final List<Event> events;

    private TraceFile(Path path, Header header, List<Event> events) {
        this.path = path;
        this.header = header;
        this.events = Collections.unmodifiableList(events);
    }

    public Path path() {
        return path;
    }

    public Header header() {
        return header;
    }

    public List<Event> events() {
        return events;
    }

    /** The largest owner id in the trace (at least 1): the spec's Ids are 1..maxId. */
    public int maxId() {
        long m = 1;
        for (Event e : events) {
            m = Math.max(m, e.get("id"));
        }
        return (int) Math.min(m, CAP);
    }

    /** The largest cursor id in the trace (at least 1). */
    public int maxCursor() {
        long m = 1;
        for (Event e : events) {
            m = Math.max(m, e.get("cursor"));
        }
        return (int) Math.min(m, CAP);
    }

    public long refusedCount() {
        return events.stream().filter(Event::refused).count();
    }

    public long outsideCount() {
        return events.stream().filter(e -> e.outside).count();
    }

    /** Reads and checks the whole file. */
    public static TraceFile parse(Path path) throws TraceFormatException {
        List<String> lines;
        try {
            lines = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                for (String s = r.readLine(); s != null; s = r.readLine()) {
                    lines.add(s);
                }
            }
        } catch (NoSuchFileException e) {
            throw new TraceFormatException("missing file: " + path);
        } catch (IOException e) {
            throw new TraceFormatException("cannot read " + path + ": " + oneLine(e.getMessage()));
        }
        if (lines.isEmpty()) {
            throw new TraceFormatException("empty file: " + path + " (no header line)");
        }
        Header header = parseHeader(object(lines, 0));
        List<Event> events = new ArrayList<>(lines.size() - 1);
        for (int k = 1; k < lines.size(); k++) {
            events.add(parseEvent(object(lines, k), k + 1, k, lines.get(k), header));
        }
        return new TraceFile(path, header, events);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** Line {@code k} (0-based) as a JSON object, strictly: one value, nothing after it. */
    private static JsonObject object(List<String> lines, int k) throws TraceFormatException {
        String s = lines.get(k);
        int line = k + 1;
        JsonElement el;
        try {
            JsonReader reader = new JsonReader(new StringReader(s));
            reader.setStrictness(Strictness.STRICT);
            el = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("trailing characters after the JSON value");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getMessage();
            why = oneLine(why).replaceAll(" See https?://\\S+", "");
            if (k == lines.size() - 1 && k > 0) {
                throw new TraceFormatException("truncated file: the last line " + line + " is not complete JSON ("
                        + why + ")");
            }
            throw new TraceFormatException("bad JSON at line " + line + ": " + why);
        }
        if (!el.isJsonObject()) {
            throw new TraceFormatException("bad JSON at line " + line + ": not a JSON object");
        }
        return el.getAsJsonObject();
    }

    private static JsonElement field(JsonObject o, String name, int line, String where) throws TraceFormatException {
        JsonElement e = o.get(name);
        if (e == null) {
            throw new TraceFormatException("missing field " + where + name + " at line " + line);
        }
        return e;
    }

    private static long integer(JsonElement e, String name, int line) throws TraceFormatException {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            try {
                return Long.parseLong(e.getAsString());
            } catch (NumberFormatException x) {
                // fall through
            }
        }
        throw new TraceFormatException("field " + name + " at line " + line + " is not an integer: " + e);
    }

    private static String string(JsonElement e, String name, int line) throws TraceFormatException {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return e.getAsString();
        }
        throw new TraceFormatException("field " + name + " at line " + line + " is not a string: " + e);
    }

    /** An unsigned 64-bit value written {@code "0x..."}. */
    private static long hex(JsonElement e, String name, int line) throws TraceFormatException {
        String s = string(e, name, line);
        if (!s.startsWith("0x") || s.length() < 3 || s.length() > 18) {
            throw new TraceFormatException("field " + name + " at line " + line + " is not a hex address: " + s);
        }
        try {
            return Long.parseUnsignedLong(s.substring(2), 16);
        } catch (NumberFormatException x) {
            throw new TraceFormatException("field " + name + " at line " + line + " is not a hex address: " + s);
        }
    }

    private static Header parseHeader(JsonObject o) throws TraceFormatException {
        String schema = string(field(o, "schema", 1, "header."), "schema", 1);
        long version = integer(field(o, "version", 1, "header."), "version", 1);
        if (!schema.equals(SCHEMA) || version != VERSION) {
            throw new TraceFormatException("wrong schema or version at line 1: " + schema + " version " + version
                    + " (expected " + SCHEMA + " version " + VERSION + ")");
        }
        long pageSize = integer(field(o, "pageSize", 1, "header."), "pageSize", 1);
        long cpus = integer(field(o, "cpus", 1, "header."), "cpus", 1);
        long frames = integer(field(o, "frames", 1, "header."), "frames", 1);
        JsonElement sr = field(o, "sharedReader", 1, "header.");
        if (!(sr.isJsonPrimitive() && sr.getAsJsonPrimitive().isBoolean())) {
            throw new TraceFormatException("field sharedReader at line 1 is not a boolean: " + sr);
        }
        long max = hex(field(o, "maxUserspaceVaddr", 1, "header."), "maxUserspaceVaddr", 1);
        JsonElement w = field(o, "window", 1, "header.");
        if (!w.isJsonObject()) {
            throw new TraceFormatException("field window at line 1 is not an object: " + w);
        }
        long base = hex(field(w.getAsJsonObject(), "base", 1, "header.window."), "window.base", 1);
        long pages = integer(field(w.getAsJsonObject(), "pages", 1, "header.window."), "window.pages", 1);
        if (pageSize <= 0 || Long.bitCount(pageSize) != 1 || pageSize > (1 << 20)) {
            throw new TraceFormatException("pageSize at line 1 is not a power of two: " + pageSize);
        }
        if (cpus < 1 || cpus > 1024 || frames < 0 || frames > CAP || pages < 1 || pages > CAP) {
            throw new TraceFormatException("header at line 1 out of range: cpus " + cpus + ", frames " + frames
                    + ", window.pages " + pages);
        }
        if (pages * pageSize >= CAP) {
            throw new TraceFormatException("window too large at line 1: pages * pageSize = " + pages * pageSize
                    + " must be below 2^29 for TLC's 32-bit integers");
        }
        if (base + pages * pageSize != max || Long.remainderUnsigned(base, pageSize) != 0) {
            throw new TraceFormatException("window at line 1 does not end at maxUserspaceVaddr: base 0x"
                    + Long.toHexString(base) + " + " + pages + " pages of " + pageSize + " bytes != 0x"
                    + Long.toHexString(max));
        }
        return new Header((int) pageSize, (int) cpus, (int) frames, sr.getAsBoolean(), max, base, (int) pages);
    }

    private static Event parseEvent(JsonObject o, int line, long expectedSeq, String raw, Header h)
            throws TraceFormatException {
        Event e = new Event();
        e.line = line;
        e.raw = raw;
        e.seq = integer(field(o, "seq", line, ""), "seq", line);
        if (e.seq != expectedSeq) {
            throw new TraceFormatException("seq out of order at line " + line + ": " + e.seq + ", expected "
                    + expectedSeq);
        }
        string(field(o, "thread", line, ""), "thread", line);
        e.op = string(field(o, "op", line, ""), "op", line);
        if (!OPS.contains(e.op)) {
            throw new TraceFormatException("unknown op at line " + line + ": " + e.op);
        }
        JsonElement args = field(o, "args", line, "");
        if (!args.isJsonObject()) {
            throw new TraceFormatException("field args at line " + line + " is not an object");
        }
        e.outcome = string(field(o, "outcome", line, ""), "outcome", line);
        if (!OUTCOMES.contains(e.outcome)) {
            throw new TraceFormatException("unknown outcome at line " + line + ": " + e.outcome);
        }
        for (F f : ARGS.get(e.op)) {
            read(e, args.getAsJsonObject(), f, "args.", h);
        }
        boolean hasPost = e.outcome.equals("ok")
                || (e.outcome.equals("PageFault") && (e.op.equals("Read") || e.op.equals("Write")));
        if (hasPost && POST.containsKey(e.op)) {
            JsonElement post = field(o, "post", line, "");
            if (!post.isJsonObject()) {
                throw new TraceFormatException("field post at line " + line + " is not an object");
            }
            for (F f : POST.get(e.op)) {
                read(e, post.getAsJsonObject(), f, "post.", h);
            }
        }
        return e;
    }

    private static void read(Event e, JsonObject o, F f, String where, Header h) throws TraceFormatException {
        JsonElement v = field(o, f.name(), e.line, where);
        String name = where + f.name();
        if (v.isJsonNull()) {
            if (!f.nullable()) {
                throw new TraceFormatException("field " + name + " at line " + e.line + " is null");
            }
            return; // -1 (the Event's default)
        }
        switch (f.kind()) {
            case INT -> {
                long x = integer(v, name, e.line);
                e.set(f.name(), x < 0 ? -1 : Math.min(x, CAP));
            }
            case LEN -> {
                String s = string(v, name, e.line);
                long x;
                try {
                    if (!s.matches("[0-9]{1,20}")) {
                        throw new NumberFormatException();
                    }
                    x = Long.parseUnsignedLong(s);
                } catch (NumberFormatException ex) {
                    throw new TraceFormatException("field " + name + " at line " + e.line
                            + " is not a decimal u64 string: " + s);
                }
                e.set(f.name(), Long.compareUnsigned(x, CAP) > 0 ? CAP : x);
            }
            case ADDR -> e.set(f.name(), address(e, hex(v, name, e.line), name, h));
            case FRAME -> e.set(f.name(), frame(e, hex(v, name, e.line), name, h));
            case STRING -> {
                String s = string(v, name, e.line);
                if (f.name().equals("api")) {
                    e.api = s;
                } else {
                    e.prop = s;
                }
            }
            case ADDR_LIST, FRAME_LIST -> {
                if (!v.isJsonArray()) {
                    throw new TraceFormatException("field " + name + " at line " + e.line + " is not a list");
                }
                long[] xs = new long[v.getAsJsonArray().size()];
                int k = 0;
                for (JsonElement x : v.getAsJsonArray()) {
                    long raw = hex(x, name, e.line);
                    xs[k++] = f.kind() == Kind.ADDR_LIST ? address(e, raw, name, h) : frame(e, raw, name, h);
                }
                if (f.kind() == Kind.ADDR_LIST) {
                    e.view = xs;
                } else {
                    e.freed = xs;
                }
            }
            default -> throw new IllegalStateException(f.kind().toString());
        }
    }

    /** Rebases an address to the window (see the class comment). */
    private static long address(Event e, long a, String name, Header h) throws TraceFormatException {
        if (Long.compareUnsigned(a, h.windowBase()) < 0) {
            if (e.refused()) {
                e.outside = true;
                return -1;
            }
            throw new TraceFormatException("address " + name + " = 0x" + Long.toHexString(a) + " at line " + e.line
                    + " is outside the validation window (below base 0x" + Long.toHexString(h.windowBase())
                    + ") in a " + e.outcome + " event");
        }
        long d = a - h.windowBase();
        return Long.compareUnsigned(d, CAP) > 0 ? CAP : d;
    }

    /** A frame's physical address to its frame number. */
    private static long frame(Event e, long paddr, String name, Header h) throws TraceFormatException {
        if (Long.remainderUnsigned(paddr, h.pageSize()) != 0) {
            throw new TraceFormatException("frame " + name + " = 0x" + Long.toHexString(paddr) + " at line " + e.line
                    + " is not a multiple of pageSize " + h.pageSize());
        }
        long f = Long.divideUnsigned(paddr, h.pageSize());
        return Long.compareUnsigned(f, CAP) > 0 ? CAP : f;
    }
}
