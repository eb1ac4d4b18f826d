package org.vmspace.trace;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vmspace.model.Vaddr;

/** The trace's first line (schema {@code vmspace-trace}, version 4). */
public record TraceHeader(int pageSize, int cpus, int frames, boolean sharedReader,
                          long maxUserspaceVaddr, long windowBase, int windowPages, long seed, int threads) {
    public static final String SCHEMA = "vmspace-trace";
    public static final int VERSION = 4;

    /** The JSON line, fields in the order of TRACE_SCHEMA.md. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("version", VERSION);
        m.put("pageSize", pageSize);
        m.put("cpus", cpus);
        m.put("frames", frames);
        m.put("sharedReader", sharedReader);
        m.put("maxUserspaceVaddr", Vaddr.hex(maxUserspaceVaddr));
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("base", Vaddr.hex(windowBase));
        w.put("pages", windowPages);
        m.put("window", w);
        m.put("seed", seed);
        m.put("threads", threads);
        return Json.toJson(m);
    }
}
