package org.vmspace.tv.machine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tlc2.overrides.TLAPlusOperator;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * The Java definitions of MachineTraceIO.tla's operators (registered by
 * {@code tlc2.overrides.TLCOverrides}): the machine trace named by the system property
 * {@value #TRACE_PROPERTY}, parsed by {@link MachineTraceFile}.
 */
public final class MachineTraceIO {
    public static final String TRACE_PROPERTY = "vmspace.machineTrace";
    public static final String DIAG_PROPERTY = "vmspace.machineDiagAt";

    private static MachineTraceFile cached;
    private static Value header;
    private static Value log;

    private MachineTraceIO() {}

    private static synchronized MachineTraceFile trace() {
        if (cached == null) {
            String p = System.getProperty(TRACE_PROPERTY);
            if (p == null) {
                throw new IllegalStateException("MachineTraceIO: system property " + TRACE_PROPERTY + " is not set");
            }
            try {
                cached = MachineTraceFile.parse(Path.of(p));
            } catch (MachineTraceFile.MachineTraceFormatException e) {
                throw new IllegalStateException("MachineTraceIO: " + e.getMessage(), e);
            }
        }
        return cached;
    }

    private static Value record(List<String> names, List<Value> values) {
        UniqueString[] ns = new UniqueString[names.size()];
        for (int k = 0; k < ns.length; k++) {
            ns[k] = UniqueString.uniqueStringOf(names.get(k));
        }
        RecordValue r = new RecordValue(ns, values.toArray(new Value[0]), false);
        r.normalize();
        return r;
    }

    private static Value integer(long v) {
        return IntValue.gen(Math.toIntExact(v));
    }

    /** A scalar, or a tuple for a nested list. */
    private static Value scalar(Object o) {
        if (o instanceof Long l) {
            return integer(l);
        }
        if (o instanceof Boolean b) {
            return b ? BoolValue.ValTrue : BoolValue.ValFalse;
        }
        if (o instanceof List<?> xs) {
            Value[] vs = new Value[xs.size()];
            for (int k = 0; k < vs.length; k++) {
                vs[k] = scalar(xs.get(k));
            }
            return new TupleValue(vs);
        }
        return new StringValue((String) o);
    }

    private static Value set(Object o) {
        List<?> xs = o instanceof List<?> l ? l : List.of();
        Value[] vs = new Value[xs.size()];
        for (int k = 0; k < vs.length; k++) {
            vs[k] = scalar(xs.get(k));
        }
        SetEnumValue s = new SetEnumValue(vs, false);
        s.normalize();
        return s;
    }

    /** MachineTraceHeader: [cpus, frames, spaces, pages, events]. */
    @TLAPlusOperator(identifier = "MachineTraceHeader", module = "MachineTraceIO", warn = false)
    public static synchronized Value traceHeader() {
        if (header == null) {
            MachineTraceFile t = trace();
            MachineTraceFile.Header h = t.header();
            header = record(List.of("cpus", "frames", "spaces", "pages", "events"),
                    List.of(integer(h.cpus()), integer(h.frames()), integer(h.spaces()), integer(h.pages()),
                            integer(t.events().size())));
        }
        return header;
    }

    /** MachineTraceLog: one record per event, every field present (MachineTraceIO.tla). */
    @TLAPlusOperator(identifier = "MachineTraceLog", module = "MachineTraceIO", warn = false)
    public static synchronized Value traceLog() {
        if (log == null) {
            List<MachineTraceFile.Event> es = trace().events();
            Value[] vs = new Value[es.size()];
            for (int k = 0; k < vs.length; k++) {
                vs[k] = event(es.get(k));
            }
            log = new TupleValue(vs);
        }
        return log;
    }

    static Value event(MachineTraceFile.Event e) {
        List<String> names = new ArrayList<>(List.of("op", "outcome", "line", "seq"));
        List<Value> values = new ArrayList<>(List.of(new StringValue(e.op()), new StringValue(e.outcome()),
                integer(e.line()), integer(e.seq())));
        Map<String, Object> f = e.fields();
        for (String n : MachineTraceFile.INT_FIELDS) {
            names.add(n);
            values.add(f.get(n) instanceof Long l ? integer(l) : integer(-1));
        }
        for (String n : MachineTraceFile.BOOL_FIELDS) {
            names.add(n);
            values.add(Boolean.TRUE.equals(f.get(n)) ? BoolValue.ValTrue : BoolValue.ValFalse);
        }
        for (String n : MachineTraceFile.STRING_FIELDS) {
            names.add(n);
            values.add(new StringValue(f.get(n) instanceof String s ? s : ""));
        }
        for (String n : MachineTraceFile.SET_FIELDS) {
            names.add(n);
            values.add(set(f.get(n)));
        }
        return record(names, values);
    }

    /** MachineDiagAt: the event to explain (0: none). */
    @TLAPlusOperator(identifier = "MachineDiagAt", module = "MachineTraceIO", warn = false)
    public static Value diagAt() {
        return integer(Long.parseLong(System.getProperty(DIAG_PROPERTY, "0")));
    }
}
