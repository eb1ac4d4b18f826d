package org.vmspace.tv.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

/**
 * What the pictures show: a sequence of protocol states (columns), each reduced to owners, cursors,
 * page table, remaining view, TLBs, pending flushes and free frames, plus the column to highlight and,
 * for a rejected trace, the divergence. Built from VmSpace states (trace-validation's report run, or
 * a counterexample of a VmSpace model) or from VmSpaceSeed states (a design-review row).
 */
public final class Timeline {
    /** An owner as the pictures need it: kind, lifecycle state, byte range, the pages of its view. */
    public record Owner(String kind, String state, long start, long end, Set<Long> pages) {}

    /** A cursor: locked range, current va, pending flush ops as {@code page -> frame}. */
    public record Cursor(long lo, long hi, long va, Map<Long, String> pending) {}

    /** A TLB entry of one CPU: the frame it translates to and whether it is writable. */
    public record TlbEntry(String frame, boolean writable) {}

    /**
     * One column: the state (pages are integers, ids and frames are TLC's text for them), its
     * label (an action or event name), a caption (a longer description), and every variable as TLC
     * printed it. {@code total} are the pages whose permission must be held somewhere (the total
     * view): a page of it in no view is lost.
     */
    public record Column(String label, String caption, Map<String, Owner> owners, Map<String, Cursor> cursors,
                         Map<Long, String> pt, Set<Long> remaining, Map<String, Map<Long, TlbEntry>> tlb,
                         Set<String> free, Map<String, Object> vars, Set<Long> total) {}

    /** How numbers are shown: addresses and frames in the source's own units. */
    public record Units(LongFunction<String> addr, UnaryOperator<String> frame) {
        /** A model's own integers and model values, unchanged. */
        public static final Units MODEL = new Units(Long::toString, f -> f);

        /** A trace's units: window offsets back to hex addresses, frame numbers to physical addresses. */
        public static Units trace(long windowBase, int pageSize) {
            return new Units(a -> a < 0 ? "null" : "0x" + Long.toHexString(windowBase + a), f -> {
                try {
                    long n = Long.parseLong(f);
                    return n < 0 ? "null" : "0x" + Long.toHexString(n * pageSize);
                } catch (NumberFormatException e) {
                    return f;
                }
            });
        }
    }

    /** One logged field against the spec: name, logged value, what the spec allows, whether they agree. */
    public record Field(String name, String logged, String spec, boolean agrees) {}

    /** The first divergent event of a rejected trace. */
    public record Divergence(int index, int line, String op, String outcome, String raw, List<Field> fields,
                             List<String> enabled, String refusal, String guard) {}

    public final String title;
    public final List<Column> columns;
    /** The column to highlight (the divergent event, or the violating state). */
    public final int highlight;
    /** True when a column's label is the event taken FROM its state (a trace); false when it is the
     *  action that reached it (a counterexample). */
    public final boolean labelLeads;
    public final Units units;
    /** The pages the grids show, in order. */
    public final List<Long> pages;
    public final Divergence divergence;
    /** Lines of explanation shown under the title. */
    public final List<String> notes;

    public Timeline(String title, List<Column> columns, int highlight, boolean labelLeads, Units units,
                    List<Long> pages, Divergence divergence, List<String> notes) {
        this.title = title;
        this.columns = List.copyOf(columns);
        this.highlight = highlight;
        this.labelLeads = labelLeads;
        this.units = units;
        this.pages = List.copyOf(pages);
        this.divergence = divergence;
        this.notes = List.copyOf(notes);
    }

    /** Every owner id that appears, in order of first appearance. */
    public List<String> ownerIds() {
        Set<String> s = new LinkedHashSet<>();
        columns.forEach(c -> s.addAll(c.owners().keySet()));
        return new ArrayList<>(s);
    }

    public List<String> cursorIds() {
        Set<String> s = new LinkedHashSet<>();
        columns.forEach(c -> s.addAll(c.cursors().keySet()));
        return new ArrayList<>(s);
    }

    public List<String> cpus() {
        Set<String> s = new LinkedHashSet<>();
        columns.forEach(c -> s.addAll(c.tlb().keySet()));
        return new ArrayList<>(s);
    }

    /** The pages every column mentions (page table, views, TLBs, pending), sorted. */
    public static List<Long> pagesOf(List<Column> cols) {
        Set<Long> s = new TreeSet<>();
        for (Column c : cols) {
            s.addAll(c.pt().keySet());
            s.addAll(c.remaining());
            c.owners().values().forEach(o -> s.addAll(o.pages()));
            c.tlb().values().forEach(t -> s.addAll(t.keySet()));
            c.cursors().values().forEach(k -> s.addAll(k.pending().keySet()));
        }
        return new ArrayList<>(s);
    }

    // ---- reading VmSpace's variables (tla/VmSpace.tla) ----

    static String key(Object v) {
        return v instanceof String s ? s : TlcValue.show(v);
    }

    static long num(Object v) {
        return v instanceof Long l ? l : -1;
    }

    /** A column from VmSpace's variables (owners, cursors, pt, mem_view, tlb, free). */
    public static Column vmSpaceColumn(String label, String caption, Map<String, Object> vars) {
        Map<String, Owner> owners = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : TlcValue.asFunction(vars.get("owners")).entrySet()) {
            Map<Object, Object> r = TlcValue.asFunction(e.getValue());
            Set<Long> pages = new TreeSet<>();
            TlcValue.elements(r.get("view")).forEach(p -> pages.add(num(p)));
            owners.put(key(e.getKey()), new Owner(String.valueOf(r.get("kind")), String.valueOf(r.get("state")),
                    num(r.get("start")), num(r.get("end")), pages));
        }
        Map<String, Cursor> cursors = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : TlcValue.asFunction(vars.get("cursors")).entrySet()) {
            Map<Object, Object> r = TlcValue.asFunction(e.getValue());
            Map<Long, String> pending = new LinkedHashMap<>();
            for (Object op : TlcValue.elements(r.get("pending"))) {
                List<?> t = (List<?>) op;
                pending.put(num(t.get(0)), key(t.get(1)));
            }
            cursors.put(key(e.getKey()), new Cursor(num(r.get("lo")), num(r.get("hi")), num(r.get("va")), pending));
        }
        Map<Long, String> pt = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : TlcValue.asFunction(vars.get("pt")).entrySet()) {
            List<?> leaf = (List<?>) e.getValue();
            pt.put(num(e.getKey()), leaf.isEmpty() ? null : key(leaf.get(0)) + (leaf.size() > 1 && "R".equals(leaf.get(1)) ? " R" : ""));
        }
        Set<Long> remaining = new TreeSet<>();
        TlcValue.elements(vars.get("mem_view")).forEach(p -> remaining.add(num(p)));
        Map<String, Map<Long, TlbEntry>> tlb = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : TlcValue.asFunction(vars.get("tlb")).entrySet()) {
            Map<Long, TlbEntry> m = new LinkedHashMap<>();
            for (Object t : TlcValue.elements(e.getValue())) {
                List<?> x = (List<?>) t;
                m.put(num(x.get(0)), new TlbEntry(key(x.get(1)), x.size() > 2 && Boolean.TRUE.equals(x.get(2))));
            }
            tlb.put(key(e.getKey()), m);
        }
        // VmSpace's total view is every user page: the page table's domain (restricted as printed).
        return new Column(label, caption, owners, cursors, pt, remaining, tlb, keys(vars.get("free")), vars,
                new TreeSet<>(pt.keySet()));
    }

    private static Set<String> keys(Object set) {
        Set<String> s = new LinkedHashSet<>();
        TlcValue.elements(set).forEach(x -> s.add(key(x)));
        return s;
    }

    // ---- reading VmSpaceSeed's variables (tla/VmSpaceSeed.tla, the design review) ----

    /** The user pages (va of each mapping) of a seed MemView {@code [mappings, memory]}. */
    private static Set<Long> seedPages(Object memView) {
        Set<Long> s = new TreeSet<>();
        for (Object m : TlcValue.elements(TlcValue.asFunction(memView).get("mappings"))) {
            s.add(num(TlcValue.asFunction(m).get("va")));
        }
        return s;
    }

    /** A seed VmIoOwner's view pages: its VmIoMemView(s) {@code [tag, mv]}. */
    private static Set<Long> seedOwnerPages(Map<Object, Object> owner) {
        Set<Long> s = new TreeSet<>();
        for (Object v : TlcValue.elements(owner.get("view"))) {
            s.addAll(seedPages(TlcValue.asFunction(v).get("mv")));
        }
        return s;
    }

    private static Owner seedOwner(Map<Object, Object> r, String state) {
        return new Owner(String.valueOf(r.get("kind")), state, num(r.get("start")), num(r.get("end")), seedOwnerPages(r));
    }

    /**
     * A column from VmSpaceSeed's variables: held owners are created (no view) or active; owners in
     * the readers / writers lists are disposed (a held one that is also listed stays active); the
     * remaining view is mem_view's mappings; the TLB part (pt, tlb, pending, cva) when present.
     */
    public static Column seedColumn(String label, String caption, Map<String, Object> vars) {
        Map<String, Owner> owners = new LinkedHashMap<>();
        for (String list : List.of("readers", "writers")) {
            for (Object o : TlcValue.elements(vars.get(list))) {
                Map<Object, Object> r = TlcValue.asFunction(o);
                String id = key(r.get("id"));
                while (owners.containsKey(id)) { // a static model's lists may repeat an id
                    id = id + "'";
                }
                owners.put(id, seedOwner(r, "disposed"));
            }
        }
        for (Map.Entry<Object, Object> e : TlcValue.asFunction(vars.get("held")).entrySet()) {
            Collection<?> set = TlcValue.elements(e.getValue());
            if (!set.isEmpty()) {
                Map<Object, Object> r = TlcValue.asFunction(set.iterator().next());
                String state = TlcValue.elements(r.get("view")).isEmpty() ? "created" : "active";
                owners.put(key(e.getKey()), seedOwner(r, state));
            }
        }
        Set<Long> remaining = new TreeSet<>();
        TlcValue.elements(vars.get("mem_view")).forEach(mv -> remaining.addAll(seedPages(mv)));
        Map<Long, String> pt = new LinkedHashMap<>();
        Set<Long> total = new TreeSet<>();
        TlcValue.elements(vars.get("mv_range")).forEach(mv -> total.addAll(seedPages(mv)));
        for (Object mv : TlcValue.elements(vars.get("mv_range"))) {
            for (Object m : TlcValue.elements(TlcValue.asFunction(mv).get("mappings"))) {
                Map<Object, Object> x = TlcValue.asFunction(m);
                pt.put(num(x.get("va")), key(x.get("pa")));
            }
        }
        for (Map.Entry<Object, Object> e : TlcValue.asFunction(vars.get("pt")).entrySet()) {
            long f = num(e.getValue());
            pt.put(num(e.getKey()), f < 0 ? null : key(e.getValue()));
        }
        Map<String, Map<Long, TlbEntry>> tlb = new LinkedHashMap<>();
        if (vars.containsKey("tlb")) {
            Map<Long, TlbEntry> m = new LinkedHashMap<>();
            for (Object t : TlcValue.elements(vars.get("tlb"))) {
                List<?> x = (List<?>) t;
                m.put(num(x.get(0)), new TlbEntry(key(x.get(1)), true));
            }
            tlb.put("cpu", m);
        }
        Map<String, Cursor> cursors = new LinkedHashMap<>();
        if (vars.containsKey("cva") && !TlcValue.asFunction(vars.get("pt")).isEmpty()) {
            // The seed's flush ops name VAs and ranges, not frames: shown as pending pages with
            // the frame the page table maps there (kept until dispatch).
            Map<Long, String> pending = new LinkedHashMap<>();
            Map<Object, Object> ptv = TlcValue.asFunction(vars.get("pt"));
            for (Object op : TlcValue.elements(vars.get("pending"))) {
                Map<Object, Object> r = TlcValue.asFunction(op);
                if (r.get("va") instanceof Long va) {
                    pending.put(va, ptv.containsKey(va) ? key(ptv.get(va)) : "?");
                } else if (r.get("start") instanceof Long s && r.get("end") instanceof Long en) {
                    for (Object p : ptv.keySet()) {
                        if (num(p) >= s && num(p) < en) {
                            pending.put(num(p), "range");
                        }
                    }
                } else {
                    ptv.keySet().forEach(p -> pending.put(num(p), "all"));
                }
            }
            cursors.put("cursor", new Cursor(-1, -1, num(vars.get("cva")), pending));
        }
        Set<String> free = keys(vars.get("free"));
        return new Column(label, caption, owners, cursors, pt, remaining, tlb, free, vars, total);
    }

    /** The columns of a counterexample, VmSpace's or VmSpaceSeed's variables (by their names). */
    public static List<Column> columnsOf(Counterexample cex) {
        List<Column> cols = new ArrayList<>();
        for (Counterexample.State s : cex.states()) {
            boolean seed = s.vars().containsKey("held");
            String label = s.action();
            if (seed && s.vars().get("lastOp") instanceof Map<?, ?> lastOp && lastOp.get("op") != null) {
                label = String.valueOf(lastOp.get("op"));
            }
            String caption = "state " + s.number() + ": " + label
                    + (seed && s.vars().get("lastOp") != null ? " " + TlcValue.show(s.vars().get("lastOp")) : "");
            cols.add(seed ? seedColumn(label, caption, s.vars()) : vmSpaceColumn(label, caption, s.vars()));
        }
        return cols;
    }
}
