package org.vmspace.tv.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vmspace.tv.TraceFile;

/**
 * The divergent event against the spec, field by field, in the trace's units: for every logged post
 * field, the logged value and the value the spec computes AFTER the event's action taken with the
 * logged arguments (VMSPACE-POST of TraceVmSpaceReport); for an action the spec does not enable, the
 * failing guard and the refusal the spec would log (VMSPACE-REFUSAL).
 */
public record Diagnosis(Timeline.Divergence divergence) {
    /** Address-valued fields (window offsets in TraceLog). */
    static final Set<String> ADDRESSES = Set.of("va", "start", "protected", "found", "view", "lo", "hi", "vaddr", "end");
    /** Frame-valued fields (frame numbers in TraceLog). */
    static final Set<String> FRAMES = Set.of("replaced", "freed", "frame");

    static Diagnosis of(TraceFile.Event ev, int n, Timeline.Units units, List<Map<Object, Object>> posts,
                        Map<Object, Object> refusal, List<String> enabled) {
        List<Timeline.Field> fields = new ArrayList<>();
        boolean isEnabled = refusal == null ? !posts.isEmpty() : Boolean.TRUE.equals(refusal.get("enabled"));
        String refusalKind = refusal == null ? "?" : String.valueOf(refusal.get("refusal"));
        String guard = refusal == null ? "?" : String.valueOf(refusal.get("guard"));
        // outcome first
        Set<String> specOutcomes = new LinkedHashSet<>();
        if (isEnabled) {
            posts.forEach(p -> specOutcomes.add(String.valueOf(p.get("outcome"))));
        } else {
            specOutcomes.add(refusalKind.equals("-") ? "no step (the request cannot be made here)" : refusalKind);
        }
        String specOutcome = String.join(" or ", specOutcomes);
        fields.add(new Timeline.Field("outcome", ev.outcome, specOutcome, specOutcomes.contains(ev.outcome)));
        boolean hasPost = ev.outcome.equals("ok") || ev.outcome.equals("PageFault");
        if (isEnabled && hasPost) {
            Set<String> names = new LinkedHashSet<>();
            posts.forEach(p -> p.keySet().forEach(k -> names.add(String.valueOf(k))));
            names.remove("outcome");
            if (ev.op.equals("Reader") || ev.op.equals("Writer") || ev.op.equals("CursorMut")) {
                names.clear(); // the fresh id is the logged one by construction
            }
            for (String f : names) {
                Set<String> specVals = new LinkedHashSet<>();
                posts.forEach(p -> specVals.add(format(f, p.get(f), units)));
                String logged = logged(ev, f, units);
                fields.add(new Timeline.Field(f, logged, String.join(" or ", specVals), specVals.contains(logged)));
            }
        }
        return new Diagnosis(new Timeline.Divergence(n, ev.line, ev.op, ev.outcome, ev.raw, fields, enabled,
                isEnabled ? "none" : refusalKind, isEnabled ? "none" : guard));
    }

    /** The logged value of a post field, in trace units. */
    static String logged(TraceFile.Event ev, String f, Timeline.Units units) {
        if (f.equals("view")) {
            return list(ev.view, true, units);
        }
        if (f.equals("freed")) {
            return list(ev.freed, false, units);
        }
        if (TraceFile.TUPLE_FIELDS.contains(f)) {
            List<List<?>> ts = new ArrayList<>();
            for (Object[] t : ev.tuples(f)) {
                ts.add(java.util.Arrays.asList(t));
            }
            return tuples(f, ts, units);
        }
        int k = TraceFile.INT_FIELDS.indexOf(f);
        if (k < 0) {
            return "?";
        }
        return format(f, ev.get(f), units);
    }

    private static String list(long[] xs, boolean addr, Timeline.Units units) {
        Set<Long> sorted = new TreeSet<>();
        for (long x : xs) {
            sorted.add(x);
        }
        List<String> s = new ArrayList<>();
        sorted.forEach(x -> s.add(addr ? units.addr().apply(x) : units.frame().apply(Long.toString(x))));
        return "{" + String.join(", ", s) + "}";
    }

    /**
     * A v2 tuple list in trace units, sorted: {@code tlbDropped} is {@code [cpu, page]}, the others
     * start {@code [page, frame, ...]} (a property or writable flag last, unchanged).
     */
    static String tuples(String f, java.util.Collection<? extends List<?>> ts, Timeline.Units units) {
        Set<String> out = new TreeSet<>();
        for (List<?> t : ts) {
            List<String> cs = new ArrayList<>();
            for (int j = 0; j < t.size(); j++) {
                Object c = t.get(j);
                boolean dropped = f.equals("tlbDropped");
                if (c instanceof Long l && (dropped ? j == 1 : j == 0)) {
                    cs.add(units.addr().apply(l));
                } else if (c instanceof Long l && !dropped && j == 1) {
                    cs.add(units.frame().apply(Long.toString(l)));
                } else if (c instanceof String str) {
                    cs.add(str);
                } else {
                    cs.add(String.valueOf(c));
                }
            }
            out.add("[" + String.join(", ", cs) + "]");
        }
        return "[" + String.join(", ", out) + "]";
    }

    /** A spec value (TLC's, rebased) in trace units. */
    static String format(String f, Object v, Timeline.Units units) {
        if (TraceFile.TUPLE_FIELDS.contains(f) && v instanceof Set<?> set) {
            List<List<?>> ts = new ArrayList<>();
            set.forEach(x -> ts.add(x instanceof List<?> l ? l : List.of(x)));
            return tuples(f, ts, units);
        }
        if (v instanceof Set<?> set) {
            long[] xs = set.stream().mapToLong(x -> (Long) x).toArray();
            return list(xs, ADDRESSES.contains(f), units);
        }
        if (v instanceof Long l) {
            if (ADDRESSES.contains(f)) {
                return units.addr().apply(l);
            }
            if (FRAMES.contains(f)) {
                return units.frame().apply(Long.toString(l));
            }
            return l < 0 ? "null" : Long.toString(l);
        }
        return TlcValue.show(v);
    }

    /** The text lines of the rejection diagnosis (indented two spaces). */
    public List<String> lines() {
        Timeline.Divergence d = divergence;
        List<String> out = new ArrayList<>();
        out.add("  the event against the spec, field by field (trace units; spec values after the step):");
        List<String> agree = new ArrayList<>();
        for (Timeline.Field f : d.fields()) {
            if (f.agrees()) {
                agree.add(f.name() + " " + f.logged());
            } else {
                String why = "";
                if (f.name().equals("outcome")) {
                    why = d.refusal().equals("none")
                            ? " (" + d.op() + " is enabled with the logged arguments: no guard fails)"
                            : " (" + d.op() + " is not enabled: the guard " + d.guard() + " fails)";
                }
                out.add("    " + f.name() + ": logged " + f.logged() + ", the spec allows " + f.spec() + why);
            }
        }
        if (d.fields().stream().allMatch(Timeline.Field::agrees)) {
            out.add("    every logged field agrees with one spec step; the step is refused by a check of the trace "
                    + "spec itself (see enabled)");
        }
        if (!agree.isEmpty()) {
            out.add("    agreeing: " + String.join(", ", agree));
        }
        return out;
    }
}
