package org.vmspace.tv;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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
 * A java-impl NDJSON trace (schema {@code vmspace-trace}, version 4, or 3 or 2: a v3 trace is a v4 trace without
 * v4's event kind, a v2 trace one without v3's either; java-impl/TRACE_SCHEMA.md), read
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
    /** Header limits: larger values make TLC's states too big to check (README, "Limits"). */
    public static final int MAX_CPUS = 64;
    public static final int MAX_FRAMES = 1 << 16;
    public static final int MAX_WINDOW_PAGES = 1 << 16;
    /** At most this many format errors are reported per file (the rest are counted). */
    public static final int MAX_ERRORS = 20;
    /** The {@code api} values of {@code Read} and {@code Write} events (TRACE_SCHEMA.md). */
    public static final Map<String, Set<String>> APIS = Map.of(
            "Read", Set.of("read", "read_val", "read_once"),
            "Write", Set.of("write", "write_val", "write_once", "fill", "fill_zeros"));
    public static final int VERSION = 4;
    /**
     * The versions read: 4, 3 and 2 (docs/PROTOCOL.md, "Migration from version 3" and "... 2": v4 and v3 only
     * add event kinds, so an older trace is read with exactly v4's checks; a newer event kind in an older
     * trace is a format error).
     */
    public static final Set<Integer> VERSIONS_READ = Set.of(2, 3, 4);
    /** The event kinds version 3 adds (not allowed in a version 2 trace). */
    public static final Set<String> V3_OPS = Set.of("FindNext", "IssueTlbFlush");
    /** The event kind version 4 adds (not allowed in a version 2 or 3 trace): a user handle's limit. */
    public static final Set<String> V4_OPS = Set.of("Limit");
    /**
     * The one-line refusal of a version 1 trace (docs/PROTOCOL.md, "Migration from version 1"): v1 events
     * lack what v2's checks compare (the pages Unmap and ProtectNext changed, the TLB entries of I/O and
     * flushes), so a v1 trace is not validated with weaker checks; it is refused as malformed.
     */
    public static final String V1_REFUSAL = "schema version 1 is no longer read (v2 events log the pages Unmap and "
            + "ProtectNext changed and the TLB entries I/O and flushes used, filled or dropped): regenerate the trace "
            + "with the current emitter (docs/PROTOCOL.md, \"Migration from version 1\")";

    /** The trace events' {@code op} values: the TLA+ action names (java-impl's TraceOp). */
    public static final List<String> OPS = List.of("Activate", "Deactivate", "Reader", "Writer", "ActivateReader",
            "ActivateWriter", "DisposeReader", "DisposeWriter", "RemoveReader", "RemoveWriter", "DropOwner", "Read",
            "Write", "Skip", "Limit", "CursorMut", "Map", "Unmap", "ProtectNext", "Jump", "FindNext", "IssueTlbFlush",
            "DispatchTlbFlush", "DropCursor");
    /** The {@code outcome} values: ok, or an error kind. */
    public static final Set<String> OUTCOMES = Set.of("ok", "AccessDenied", "Conflict", "NotMapped", "Borrowed", "Busy",
            "Panic", "PageFault", "InvalidArgs", "InvalidState");

    /** How an {@code args}/{@code post} field is encoded (TRACE_SCHEMA.md, "Encoding rules"). */
    enum Kind { INT, ADDR, LEN, FRAME, STRING, ADDR_LIST, FRAME_LIST,
        /** v2: lists of tuples, each element a JSON array of the components below. */
        PAGE_FRAME_LIST, PAGE_FRAME_PROP_LIST, TLB_LIST, CPU_PAGE_LIST }

    /** The components of a tuple-list kind's elements (TRACE_SCHEMA.md, "Events", v2 fields). */
    static final Map<Kind, List<Kind>> TUPLES = Map.of(
            Kind.PAGE_FRAME_LIST, List.of(Kind.ADDR, Kind.FRAME),
            Kind.PAGE_FRAME_PROP_LIST, List.of(Kind.ADDR, Kind.FRAME, Kind.STRING),
            Kind.TLB_LIST, List.of(Kind.ADDR, Kind.FRAME, Kind.INT),
            Kind.CPU_PAGE_LIST, List.of(Kind.INT, Kind.ADDR));
    /** The tuple-list fields of a TraceLog record (each a set of tuples; {} where the line has none). */
    public static final List<String> TUPLE_FIELDS = List.of("pages", "tlbUsed", "tlbFilled", "tlbDropped");

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
            // v4: limit(n) of a created user handle
            Map.entry("Limit", List.of(i("id"), i("n"))),
            Map.entry("CursorMut", List.of(in("cursor"), a("lo"), a("hi"))),
            Map.entry("Map", List.of(i("cursor"), new F("frame", Kind.FRAME, true), PROP)),
            Map.entry("Unmap", List.of(i("cursor"), LEN)),
            Map.entry("ProtectNext", List.of(i("cursor"), LEN, PROP)),
            Map.entry("Jump", List.of(i("cursor"), a("va"))),
            Map.entry("FindNext", List.of(i("cursor"), LEN)),
            // v3: a frameless flush op [lo, hi); both null: All
            Map.entry("IssueTlbFlush", List.of(i("cursor"), new F("lo", Kind.ADDR, true), new F("hi", Kind.ADDR, true))),
            Map.entry("DispatchTlbFlush", List.of(i("cursor"))),
            Map.entry("DropCursor", List.of(i("cursor"))));

    private static final List<F> LISTS = List.of(i("remainingPages"), i("readers"), i("writers"));
    private static final F TLB_USED = new F("tlbUsed", Kind.TLB_LIST, false);
    private static final F TLB_FILLED = new F("tlbFilled", Kind.TLB_LIST, false);

    /** post per op, present when the outcome is ok (and for Read/Write also on PageFault). */
    static final Map<String, List<F>> POST = Map.ofEntries(
            Map.entry("ActivateReader", concat(List.of(new F("view", Kind.ADDR_LIST, false)), LISTS)),
            Map.entry("ActivateWriter", concat(List.of(new F("view", Kind.ADDR_LIST, false)), LISTS)),
            Map.entry("DisposeReader", LISTS),
            Map.entry("DisposeWriter", LISTS),
            Map.entry("RemoveReader", LISTS),
            Map.entry("RemoveWriter", LISTS),
            Map.entry("Read", List.of(i("copied"), a("start"), TLB_USED, TLB_FILLED)),
            Map.entry("Write", List.of(i("copied"), a("start"), TLB_USED, TLB_FILLED)),
            Map.entry("Skip", List.of(a("start"))),
            Map.entry("Limit", List.of(a("end"))),
            Map.entry("Map", List.of(a("va"), new F("replaced", Kind.FRAME, true), i("freeFrames"))),
            Map.entry("Unmap", List.of(a("va"), i("unmapped"), i("freeFrames"),
                    new F("pages", Kind.PAGE_FRAME_LIST, false))),
            Map.entry("ProtectNext", List.of(a("va"), new F("protected", Kind.ADDR, true),
                    new F("pages", Kind.PAGE_FRAME_PROP_LIST, false))),
            Map.entry("FindNext", List.of(a("va"), new F("found", Kind.ADDR, true))),
            Map.entry("DispatchTlbFlush", List.of(new F("freed", Kind.FRAME_LIST, false), i("freeFrames"),
                    new F("tlbDropped", Kind.CPU_PAGE_LIST, false))));

    private static <T> List<T> concat(List<T> x, List<T> y) {
        List<T> r = new ArrayList<>(x);
        r.addAll(y);
        return List.copyOf(r);
    }

    /** The header line, with the spec's {@code MAX_USERSPACE_VADDR} ({@code maxVaddr}). */
    public record Header(int pageSize, int cpus, int frames, boolean sharedReader, long maxUserspaceVaddr,
                         long windowBase, int windowPages, int version) {
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
        /**
         * v2's tuple lists by name ({@link #TUPLE_FIELDS}), rebased: each element's components are a
         * {@link Long} (an address as a window offset, a frame as its number, a CPU, a writable bit as 0/1
         * is kept a {@link Boolean}) or a {@link String} (a property).
         */
        public final Map<String, List<Object[]>> tuples = new java.util.HashMap<>();

        /** The tuple list {@code field} (empty when the line has none). */
        public List<Object[]> tuples(String field) {
            return tuples.getOrDefault(field, List.of());
        }

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
            "protected", "found", "end");

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

    /**
     * Reads and checks the whole file. Every format error of an event line is collected (up to
     * {@link #MAX_ERRORS}, the rest counted); a header error stops at once.
     */
    public static TraceFile parse(Path path) throws TraceFormatException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new TraceFormatException("missing file: " + path);
        } catch (IOException e) {
            throw new TraceFormatException("cannot read " + path + ": " + oneLine(e.getMessage()));
        } catch (OutOfMemoryError e) {
            throw new TraceFormatException("cannot read " + path + ": too large for this JVM's heap");
        }
        if (bytes.length == 0) {
            throw new TraceFormatException("empty file: " + path + " (no header line)");
        }
        List<String> lines = lines(bytes);
        // blank lines at the end of the file are accepted (an editor's trailing newline)
        int n = lines.size();
        while (n > 1 && lines.get(n - 1).isBlank()) {
            n--;
        }
        List<String> errors = new ArrayList<>();
        int[] more = {0};
        Header header = parseHeader(object(lines.get(0), 1, false));
        if (n == 1) {
            throw new TraceFormatException("no events after the header in " + path
                    + " (an empty trace validates nothing)");
        }
        List<Event> events = new ArrayList<>(n - 1);
        // A line's seq must be its position among the events; after a mismatch, one more than the
        // previous line's seq is also taken (and the count follows it), so one gap is one error.
        long pos = 1;
        long resync = 1;
        for (int k = 1; k < n; k++) {
            try {
                if (lines.get(k).isBlank()) {
                    throw new TraceFormatException("blank line " + (k + 1)
                            + " (only the end of the file may have blank lines)");
                }
                long mine = pos++;
                long alt = resync;
                resync = pos;
                JsonObject o = object(lines.get(k), k + 1, k == n - 1);
                JsonElement seq = o.get("seq");
                if (seq != null && seq.isJsonPrimitive() && seq.getAsString().matches("-?[0-9]{1,18}")) {
                    long v = Long.parseLong(seq.getAsString());
                    if (v != mine && v == alt) {
                        pos = v + 1;
                    }
                    resync = v + 1;
                }
                events.add(parseEvent(o, k + 1, mine, alt, lines.get(k), header));
            } catch (TraceFormatException e) {
                if (errors.size() < MAX_ERRORS) {
                    errors.add(e.getMessage());
                } else {
                    more[0]++;
                }
            }
        }
        if (!errors.isEmpty()) {
            if (more[0] > 0) {
                errors.add("... and " + more[0] + " more format error" + (more[0] == 1 ? "" : "s")
                        + " (only the first " + MAX_ERRORS + " are shown)");
            }
            throw new TraceFormatException(errors);
        }
        return new TraceFile(path, header, events);
    }

    /** The file's lines (split at '\n'), each decoded as strict UTF-8. */
    private static List<String> lines(byte[] bytes) throws TraceFormatException {
        List<String> out = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        for (int k = 0; k <= bytes.length; k++) {
            if (k == bytes.length || bytes[k] == '\n') {
                if (k == bytes.length && start == k && k > 0) {
                    break; // the file ends with a newline
                }
                try {
                    out.add(utf8.decode(ByteBuffer.wrap(bytes, start, k - start)).toString());
                } catch (CharacterCodingException e) {
                    int bad = start;
                    while (bad < k && bytes[bad] >= 0) {
                        bad++;
                    }
                    throw new TraceFormatException("invalid UTF-8 at line " + (out.size() + 1) + " (byte "
                            + (bad - start + 1) + " of the line, 0x" + String.format("%02x", bytes[bad] & 0xff)
                            + ")");
                }
                start = k + 1;
            }
        }
        return out;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** One line as a JSON object; {@code last}: the file's last line (blank lines aside). */
    private static JsonObject object(String s, int line, boolean last) throws TraceFormatException {
        JsonElement el;
        try {
            el = StrictJson.parse(s);
        } catch (StrictJson.Error e) {
            if (last && e.getMessage().contains("end of")) {
                throw new TraceFormatException("truncated file: the last line " + line + " is not complete JSON ("
                        + e.getMessage() + " at column " + e.column + ")");
            }
            if (s.isBlank()) {
                throw new TraceFormatException("blank line " + line + " (only the file's end may have blank lines)");
            }
            throw new TraceFormatException("bad JSON at line " + line + ", column " + e.column + ": " + e.getMessage());
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
        if (!s.matches("0x[0-9a-fA-F]{1,16}")) {
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
        if (schema.equals(SCHEMA) && version == 1) {
            throw new TraceFormatException("line 1: " + V1_REFUSAL);
        }
        if (!schema.equals(SCHEMA) || !VERSIONS_READ.contains((int) Math.max(-1, Math.min(version, 1000)))) {
            throw new TraceFormatException("wrong schema or version at line 1: " + schema + " version " + version
                    + " (expected " + SCHEMA + " version " + VERSION + ", or 3 or 2)");
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
            throw new TraceFormatException("header pageSize at line 1 is not a power of two from 1 to 2^20: "
                    + pageSize);
        }
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw new TraceFormatException("header cpus at line 1 is " + cpus + ": must be 1 to " + MAX_CPUS);
        }
        if (frames < 0 || frames > MAX_FRAMES) {
            throw new TraceFormatException("header frames at line 1 is " + frames + ": must be 0 to " + MAX_FRAMES
                    + " (every TLC state holds the set of free frames)");
        }
        if (pages < 1 || pages > MAX_WINDOW_PAGES) {
            throw new TraceFormatException("header window.pages at line 1 is " + pages + ": must be 1 to "
                    + MAX_WINDOW_PAGES + " (every TLC state holds the page table of the window)");
        }
        if (pages * pageSize >= CAP) {
            throw new TraceFormatException("window too large at line 1: window.pages * pageSize = " + pages * pageSize
                    + " bytes, must be below 2^29 (TLC's integers are 32-bit; README, \"Address rebasing\")");
        }
        if (Long.remainderUnsigned(base, pageSize) != 0) {
            throw new TraceFormatException("header window.base 0x" + Long.toHexString(base)
                    + " at line 1 is not a multiple of pageSize " + pageSize);
        }
        if (Long.remainderUnsigned(max, pageSize) != 0) {
            throw new TraceFormatException("header maxUserspaceVaddr 0x" + Long.toHexString(max)
                    + " at line 1 is not a multiple of pageSize " + pageSize);
        }
        if (Long.compareUnsigned(base, max) >= 0 || base + pages * pageSize != max) {
            throw new TraceFormatException("window at line 1 does not end at maxUserspaceVaddr: base 0x"
                    + Long.toHexString(base) + " + " + pages + " pages of " + pageSize + " bytes != 0x"
                    + Long.toHexString(max));
        }
        return new Header((int) pageSize, (int) cpus, (int) frames, sr.getAsBoolean(), max, base, (int) pages,
                (int) version);
    }

    private static Event parseEvent(JsonObject o, int line, long expectedSeq, long altSeq, String raw, Header h)
            throws TraceFormatException {
        Event e = new Event();
        e.line = line;
        e.raw = raw;
        e.seq = integer(field(o, "seq", line, ""), "seq", line);
        if (e.seq != expectedSeq && e.seq != altSeq) {
            throw new TraceFormatException("seq out of order at line " + line + ": " + e.seq + ", expected "
                    + expectedSeq);
        }
        if (o.has("thread")) { // optional: the writer's thread name, for people
            string(o.get("thread"), "thread", line);
        }
        e.op = string(field(o, "op", line, ""), "op", line);
        if (!OPS.contains(e.op)) {
            throw new TraceFormatException("unknown op at line " + line + ": " + e.op);
        }
        if (h.version() < 3 && V3_OPS.contains(e.op)) {
            throw new TraceFormatException("op " + e.op + " at line " + line + " needs schema version 3 (the header says "
                    + h.version() + ")");
        }
        if (h.version() < 4 && V4_OPS.contains(e.op)) {
            throw new TraceFormatException("op " + e.op + " at line " + line + " needs schema version 4 (the header says "
                    + h.version() + ")");
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
        if (e.op.equals("IssueTlbFlush") && !e.outside && (e.get("lo") == -1) != (e.get("hi") == -1)) {
            throw new TraceFormatException("IssueTlbFlush at line " + line + ": lo and hi are both null (All) or both "
                    + "addresses (a range)");
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
                if (f.name().equals("cpu")) {
                    // any CPU outside 0..cpus-1 is the spec's to reject at this event (c \in CPUs);
                    // -1 and CAP are outside it
                    e.set("cpu", x < 0 ? -1 : Math.min(x, CAP));
                } else if (x < 0) {
                    throw new TraceFormatException("field " + name + " at line " + e.line + " is negative: " + x);
                } else if ((f.name().equals("id") || f.name().equals("cursor")) && x >= CAP) {
                    throw new TraceFormatException("field " + name + " at line " + e.line + " is " + x
                            + ": ids and cursors must be below 2^29 (TLC's integers are 32-bit)");
                } else {
                    e.set(f.name(), Math.min(x, CAP));
                }
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
                    if (!APIS.get(e.op).contains(s)) {
                        throw new TraceFormatException("unknown api at line " + e.line + ": \"" + s + "\" (a "
                                + e.op + " is one of " + String.join(", ", new java.util.TreeSet<>(APIS.get(e.op)))
                                + ")");
                    }
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
            case PAGE_FRAME_LIST, PAGE_FRAME_PROP_LIST, TLB_LIST, CPU_PAGE_LIST -> {
                if (!v.isJsonArray()) {
                    throw new TraceFormatException("field " + name + " at line " + e.line + " is not a list");
                }
                List<Kind> comps = TUPLES.get(f.kind());
                List<Object[]> out = new ArrayList<>();
                for (JsonElement x : v.getAsJsonArray()) {
                    if (!x.isJsonArray() || x.getAsJsonArray().size() != comps.size()) {
                        throw new TraceFormatException("field " + name + " at line " + e.line + ": " + x
                                + " is not a list of " + comps.size() + " (" + shape(f.kind()) + ")");
                    }
                    Object[] t = new Object[comps.size()];
                    for (int j = 0; j < t.length; j++) {
                        JsonElement c = x.getAsJsonArray().get(j);
                        t[j] = switch (comps.get(j)) {
                            case ADDR -> address(e, hex(c, name, e.line), name, h);
                            case FRAME -> frame(e, hex(c, name, e.line), name, h);
                            case STRING -> string(c, name, e.line);
                            case INT -> f.kind() == Kind.TLB_LIST ? (Object) bool(c, name, e.line) : cpu(c, name, e.line);
                            default -> throw new IllegalStateException(comps.get(j).toString());
                        };
                    }
                    out.add(t);
                }
                e.tuples.put(f.name(), out);
            }
            default -> throw new IllegalStateException(f.kind().toString());
        }
    }

    /** How a tuple-list field's elements look (for messages). */
    static String shape(Kind k) {
        return switch (k) {
            case PAGE_FRAME_LIST -> "[page, frame]";
            case PAGE_FRAME_PROP_LIST -> "[page, frame, prop]";
            case TLB_LIST -> "[page, frame, writable]";
            case CPU_PAGE_LIST -> "[cpu, page]";
            default -> k.toString();
        };
    }

    private static boolean bool(JsonElement c, String name, int line) throws TraceFormatException {
        if (c.isJsonPrimitive() && c.getAsJsonPrimitive().isBoolean()) {
            return c.getAsBoolean();
        }
        throw new TraceFormatException("field " + name + " at line " + line + ": writable is not a boolean: " + c);
    }

    /** A CPU inside a tuple: like {@code args.cpu}, any integer; outside 0..cpus-1 the spec rejects it. */
    private static long cpu(JsonElement c, String name, int line) throws TraceFormatException {
        long x = integer(c, name, line);
        return x < 0 ? -1 : Math.min(x, CAP);
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
