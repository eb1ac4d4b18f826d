package org.vmspace.tv.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.vmspace.tv.TraceFile;

/**
 * The diagnosis run of a rejected trace on {@code TraceVmSpaceReport.tla}: the configuration it
 * needs (TraceVmSpace.cfg with the report's next-state relation, snapshot invariant, the first event
 * shown and the pages shown) and the reading of what it prints (VMSPACE-STATE, VMSPACE-POST,
 * VMSPACE-REFUSAL) into a {@link Rejection}.
 */
public final class ReportRun {
    public static final String MODULE = "TraceVmSpaceReport";
    /** Events shown before the divergent one. */
    public static final int WINDOW = 40;
    /** At most this many pages in the grids. */
    public static final int MAX_PAGES = 24;

    private ReportRun() {}

    /** The first event index shown for a rejection at event n. */
    public static int from(int n) {
        return Math.max(1, n - WINDOW);
    }

    /**
     * The report's TLC configuration: the validation configuration with NEXT replaced by
     * ReportNext, plus the snapshot invariant and the two report constants.
     */
    public static String config(String traceCfg, int from, Collection<Long> pages) {
        StringBuilder b = new StringBuilder();
        for (String line : traceCfg.split("\n", -1)) {
            b.append(line.trim().equals("NEXT TraceNext") ? "NEXT ReportNext" : line).append('\n');
        }
        b.append("\\* Added by org.vmspace.tv.report.ReportRun for the rejection report.\n");
        b.append("CONSTANT ReportFrom = ").append(from).append('\n');
        b.append("CONSTANT ReportPages = {")
                .append(pages.stream().map(String::valueOf).collect(Collectors.joining(", "))).append("}\n");
        b.append("INVARIANT ReportSnapshotInv\n");
        return b.toString();
    }

    /**
     * The pages involved in events from..n (rebased, page-aligned, inside the window): the divergent
     * event's first, then the others', at most {@link #MAX_PAGES}.
     */
    public static List<Long> involvedPages(TraceFile tf, int n, int from) {
        long ps = tf.header().pageSize();
        long max = tf.header().maxVaddr();
        Set<Long> out = new TreeSet<>();
        List<TraceFile.Event> es = tf.events();
        addPages(out, es.get(n - 1), ps, max, es, n);
        for (int j = n - 1; j >= from && out.size() < MAX_PAGES; j--) {
            addPages(out, es.get(j - 1), ps, max, es, j);
        }
        List<Long> l = new ArrayList<>(out);
        return l.size() > MAX_PAGES ? l.subList(0, MAX_PAGES) : l;
    }

    private static void addPages(Set<Long> out, TraceFile.Event e, long ps, long max, List<TraceFile.Event> es, int idx) {
        List<long[]> ranges = new ArrayList<>();
        if (e.get("vaddr") >= 0 && e.get("len") >= 0) {
            ranges.add(new long[] {e.get("vaddr"), e.get("vaddr") + Math.max(1, e.get("len"))});
        }
        if (e.get("lo") >= 0 && e.get("hi") >= 0) {
            ranges.add(new long[] {e.get("lo"), e.get("hi")});
        }
        for (String f : List.of("va", "start", "protected", "found")) {
            if (e.get(f) >= 0) {
                ranges.add(new long[] {e.get(f), e.get(f) + 1});
            }
        }
        if (e.op.equals("Unmap") && e.get("va") >= 0 && e.get("len") >= 0) {
            ranges.add(new long[] {Math.max(0, e.get("va") - e.get("len")), e.get("va")});
        }
        for (long v : e.view) {
            ranges.add(new long[] {v, v + 1});
        }
        // An owner event names only its id: the range of the Reader/Writer event that made it.
        if (e.get("id") >= 0 && !e.op.equals("Reader") && !e.op.equals("Writer")) {
            for (int j = idx - 2; j >= 0; j--) {
                TraceFile.Event c = es.get(j);
                if ((c.op.equals("Reader") || c.op.equals("Writer")) && c.get("id") == e.get("id") && !c.refused()) {
                    ranges.add(new long[] {c.get("vaddr"), c.get("vaddr") + Math.max(1, c.get("len"))});
                    break;
                }
            }
        }
        for (long[] r : ranges) {
            for (long p = r[0] - Math.floorMod(r[0], ps); p < r[1] && p < max && out.size() < MAX_PAGES; p += ps) {
                if (p >= 0) {
                    out.add(p);
                }
            }
        }
    }

    /** A TLC value printed by PrintT, from its tag, possibly spread over several lines. */
    static List<Object> printed(List<String> lines, String tag) {
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            String s = lines.get(k);
            if (!s.contains("\"" + tag + "\"")) {
                continue;
            }
            StringBuilder b = new StringBuilder(s.substring(s.indexOf("<<")));
            while (!balanced(b) && k + 1 < lines.size()) {
                b.append(' ').append(lines.get(++k).trim());
            }
            try {
                List<?> tuple = (List<?>) TlcValue.parse(b.toString());
                out.add(tuple.get(1));
            } catch (RuntimeException e) {
                // a line that only mentions the tag: not a print of ours
            }
        }
        return out;
    }

    private static boolean balanced(CharSequence s) {
        int depth = 0;
        boolean str = false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (str) {
                if (c == '\\') {
                    k++;
                } else if (c == '"') {
                    str = false;
                }
            } else if (c == '"') {
                str = true;
            } else if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if (c == ']' || c == '}' || c == ')') {
                depth--;
            } else if (c == '<' && k + 1 < s.length() && s.charAt(k + 1) == '<') {
                depth++;
                k++;
            } else if (c == '>' && k + 1 < s.length() && s.charAt(k + 1) == '>') {
                depth--;
                k++;
            }
        }
        return depth <= 0;
    }

    /** Reads the report run's output for a rejection at event n. */
    @SuppressWarnings("unchecked")
    public static Rejection read(List<String> tlcLines, TraceFile tf, int n) {
        TraceFile.Event ev = tf.events().get(n - 1);
        Timeline.Units units = Timeline.Units.trace(tf.header().windowBase(), tf.header().pageSize());
        Map<Long, Map<String, Object>> byL = new LinkedHashMap<>();
        for (Object o : printed(tlcLines, "VMSPACE-STATE")) {
            Map<String, Object> r = (Map<String, Object>) (Map<?, ?>) TlcValue.asFunction(o);
            byL.put((Long) r.get("l"), r);
        }
        List<Timeline.Column> cols = new ArrayList<>();
        int highlight = -1;
        for (Map.Entry<Long, Map<String, Object>> e : byL.entrySet()) {
            int l = e.getKey().intValue();
            TraceFile.Event x = tf.events().get(l - 1);
            if (l == n) {
                highlight = cols.size();
            }
            String caption = "before event #" + l + " (line " + x.line + "): " + x.op + " " + x.outcome
                    + (l == n ? " -- the first event the spec cannot match" : "");
            cols.add(Timeline.vmSpaceColumn("#" + l + " " + x.op + (x.outcome.equals("ok") ? "" : " " + x.outcome),
                    caption, e.getValue()));
        }
        List<Map<Object, Object>> posts = new ArrayList<>();
        printed(tlcLines, "VMSPACE-POST").forEach(o -> posts.add(TlcValue.asFunction(o)));
        List<Map<Object, Object>> refusals = new ArrayList<>();
        printed(tlcLines, "VMSPACE-REFUSAL").forEach(o -> refusals.add(TlcValue.asFunction(o)));
        Diagnosis d = Diagnosis.of(ev, n, units, posts, refusals.isEmpty() ? null : refusals.get(0),
                enabledOf(tlcLines));
        List<Long> pages = Timeline.pagesOf(cols);
        pages.retainAll(new TreeSet<>(involvedPages(tf, n, from(n))));
        List<String> notes = List.of("Trace " + tf.path() + ": " + tf.events().size() + " events; shown: events #"
                        + from(n) + " to #" + n + " (the last " + (n - from(n)) + " before the divergent one) and the "
                        + pages.size() + " pages they involve.",
                "Each column is the spec's state before the event named above it (addresses in the trace's units: "
                        + "window base 0x" + Long.toHexString(tf.header().windowBase()) + ", page size "
                        + tf.header().pageSize() + "; frames as frame numbers, physical address = number * page size).");
        Timeline t = new Timeline("Rejected trace: event #" + n + " " + ev.op + " " + ev.outcome, cols, highlight, true,
                units, pages, d.divergence(), notes);
        return new Rejection(t, d);
    }

    /** The spec actions enabled at the event, from Diagnose's print ({@code enabled |-> {..}}). */
    static List<String> enabledOf(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (Object o : printed(lines, "VMSPACE-DIAG")) {
            Object en = TlcValue.asFunction(o).get("enabled");
            TlcValue.elements(en).forEach(x -> out.add(String.valueOf(x)));
            break;
        }
        return out;
    }

    /** What a rejection report is made of: the timeline and the field-by-field diagnosis. */
    public record Rejection(Timeline timeline, Diagnosis diagnosis) {}
}
