package org.vmspace.tv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tlc2.overrides.TLAPlusOperator;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * The Java definitions of TraceIO.tla's operators, which TLC uses instead of the TLA+ ones (registered
 * by {@code tlc2.overrides.TLCOverrides}). The trace is the file named by the system property
 * {@value #TRACE_PROPERTY}, parsed once by {@link TraceFile} (the driver has already parsed it, so a
 * format error here is unexpected and fails TLC).
 */
public final class TraceIO {
    public static final String TRACE_PROPERTY = "vmspace.trace";
    public static final String DIAG_PROPERTY = "vmspace.diagAt";

    private static TraceFile cached;
    private static Value header;
    private static Value log;

    private TraceIO() {}

    private static synchronized TraceFile trace() {
        if (cached == null) {
            String p = System.getProperty(TRACE_PROPERTY);
            if (p == null) {
                throw new IllegalStateException("TraceIO: system property " + TRACE_PROPERTY + " is not set");
            }
            try {
                cached = TraceFile.parse(Path.of(p));
            } catch (TraceFormatException e) {
                throw new IllegalStateException("TraceIO: " + e.getMessage(), e);
            }
        }
        return cached;
    }

    /** A record value (field names in any order; normalized here). */
    static Value record(List<String> names, List<Value> values) {
        UniqueString[] ns = new UniqueString[names.size()];
        for (int k = 0; k < ns.length; k++) {
            ns[k] = UniqueString.uniqueStringOf(names.get(k));
        }
        RecordValue r = new RecordValue(ns, values.toArray(new Value[0]), false);
        r.normalize();
        return r;
    }

    static Value intValue(long v) {
        return IntValue.gen(Math.toIntExact(v));
    }

    static Value intSet(long[] xs) {
        Value[] vs = new Value[xs.length];
        for (int k = 0; k < xs.length; k++) {
            vs[k] = intValue(xs[k]);
        }
        SetEnumValue s = new SetEnumValue(vs, false);
        s.normalize();
        return s;
    }

    /** A set of tuples: components Long (integer), Boolean, String. */
    static Value tupleSet(List<Object[]> ts) {
        Value[] vs = new Value[ts.size()];
        for (int k = 0; k < vs.length; k++) {
            Object[] t = ts.get(k);
            Value[] cs = new Value[t.length];
            for (int j = 0; j < t.length; j++) {
                Object c = t[j];
                cs[j] = c instanceof Long l ? intValue(l)
                        : c instanceof Boolean b ? (b ? BoolValue.ValTrue : BoolValue.ValFalse)
                        : new StringValue((String) c);
            }
            vs[k] = new TupleValue(cs);
        }
        SetEnumValue s = new SetEnumValue(vs, false);
        s.normalize();
        return s;
    }

    /** TraceHeader: [pageSize, cpus, frames, sharedReader, maxVaddr, maxId, maxCursor, events]. */
    @TLAPlusOperator(identifier = "TraceHeader", module = "TraceIO", warn = false)
    public static synchronized Value traceHeader() {
        if (header == null) {
            TraceFile t = trace();
            TraceFile.Header h = t.header();
            header = record(
                    List.of("pageSize", "cpus", "frames", "sharedReader", "maxVaddr", "maxId", "maxCursor", "events"),
                    List.of(intValue(h.pageSize()), intValue(h.cpus()), intValue(h.frames()),
                            h.sharedReader() ? BoolValue.ValTrue : BoolValue.ValFalse, intValue(h.maxVaddr()),
                            intValue(t.maxId()), intValue(t.maxCursor()), intValue(t.events().size())));
        }
        return header;
    }

    /** TraceLog: one record per event, every field present (see TraceIO.tla). */
    @TLAPlusOperator(identifier = "TraceLog", module = "TraceIO", warn = false)
    public static synchronized Value traceLog() {
        if (log == null) {
            List<TraceFile.Event> es = trace().events();
            Value[] vs = new Value[es.size()];
            for (int k = 0; k < vs.length; k++) {
                vs[k] = event(es.get(k));
            }
            log = new TupleValue(vs);
        }
        return log;
    }

    /** The TLA+ record of one event. */
    static Value event(TraceFile.Event e) {
        List<String> names = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        names.add("op");
        values.add(new StringValue(e.op));
        names.add("outcome");
        values.add(new StringValue(e.outcome));
        names.add("api");
        values.add(new StringValue(e.api));
        names.add("prop");
        values.add(new StringValue(e.prop));
        names.add("line");
        values.add(intValue(e.line));
        names.add("seq");
        values.add(intValue(e.seq));
        for (int k = 0; k < TraceFile.INT_FIELDS.size(); k++) {
            names.add(TraceFile.INT_FIELDS.get(k));
            values.add(intValue(e.ints[k]));
        }
        names.add("view");
        values.add(intSet(e.view));
        names.add("freed");
        values.add(intSet(e.freed));
        for (String f : TraceFile.TUPLE_FIELDS) {
            names.add(f);
            values.add(tupleSet(e.tuples(f)));
        }
        names.add("outside");
        values.add(e.outside ? BoolValue.ValTrue : BoolValue.ValFalse);
        return record(names, values);
    }

    /**
     * TraceVmSpace's {@code MappedPagesOf(f)}: {@code {p \in DOMAIN f : f[p] # NoMap}}, the pages a page
     * table maps, in one pass over the function's values instead of TLC evaluating the filter for every
     * page of the window (README, "Validation time and the window"; checked against the TLA+
     * definition of VmSpace by TraceVmSpaceCost.cfg).
     */
    @TLAPlusOperator(identifier = "MappedPagesOf", module = "TraceVmSpace", warn = false)
    public static Value mappedPagesOf(Value f) {
        FcnRcdValue fr = (FcnRcdValue) f.toFcnRcd();
        Value[] vs = fr.values;
        List<Value> out = new ArrayList<>();
        for (int k = 0; k < vs.length; k++) {
            if (vs[k].size() != 0) { // NoMap is <<>>; a mapping is <<frame, prop>>
                out.add(fr.intv != null ? IntValue.gen(fr.intv.low + k) : fr.domain[k]);
            }
        }
        SetEnumValue s = new SetEnumValue(out.toArray(new Value[0]), false);
        s.normalize();
        return s;
    }

    /** DiagAt: the event index to explain (system property {@value #DIAG_PROPERTY}; 0: none). */
    @TLAPlusOperator(identifier = "DiagAt", module = "TraceIO", warn = false)
    public static Value diagAt() {
        return intValue(Long.parseLong(System.getProperty(DIAG_PROPERTY, "0")));
    }
}
