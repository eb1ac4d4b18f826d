package org.vmspace.tv.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Inline SVG pictures of a {@link Timeline}, one column per state, the highlighted column outlined:
 * <ul>
 *   <li>{@link #lanes}: one lane per owner (created, active, disposed, then removed or dropped) and
 *       per cursor (its va, pending flushes);
 *   <li>{@link #ownership}: per page, who holds it (R = remaining view, W i = writer i, r j = reader j
 *       borrowing it, hatched = unmapped); red: aliased (two writers, or a writer and a reader) or lost
 *       (in no view at all);
 *   <li>{@link #tlbs}: per CPU and page, the cached frame (amber: stale, the page table says
 *       otherwise; red: the frame is free), and per page the frame pending in a flusher.
 * </ul>
 */
public final class Pictures {
    static final int LEFT = 170;
    static final int CW = 30;
    static final int RH = 20;
    static final int HEAD = 120;

    private final Timeline t;

    public Pictures(Timeline t) {
        this.t = t;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private int width() {
        return LEFT + CW * t.columns.size() + 90;
    }

    /** The svg element, the column header and the highlight band; rows drawn by the caller. */
    private StringBuilder open(String cls, String title, int rows) {
        int h = HEAD + RH * rows + 8;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"picture ").append(cls).append("\" width=\"")
                .append(width()).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(width())
                .append(' ').append(h).append("\" role=\"img\"><title>").append(esc(title)).append("</title>\n");
        if (t.highlight >= 0 && t.highlight < t.columns.size()) {
            b.append("<rect class=\"highlight\" x=\"").append(LEFT + CW * t.highlight).append("\" y=\"2\" width=\"")
                    .append(CW).append("\" height=\"").append(h - 4).append("\"/>\n");
        }
        for (int c = 0; c < t.columns.size(); c++) {
            Timeline.Column col = t.columns.get(c);
            int x = LEFT + CW * c + CW / 2 + 4;
            b.append("<g class=\"colhead").append(c == t.highlight ? " hl" : "").append("\" data-col=\"").append(c)
                    .append("\"><title>").append(esc(col.caption())).append("</title><text transform=\"translate(")
                    .append(x).append(',').append(HEAD - 4).append(") rotate(-60)\">").append(esc(col.label()))
                    .append("</text></g>\n");
        }
        return b;
    }

    private static void rowLabel(StringBuilder b, int row, String text, String cls) {
        b.append("<text class=\"rowlabel ").append(cls).append("\" x=\"4\" y=\"").append(HEAD + RH * row + 14)
                .append("\">").append(esc(text)).append("</text>\n");
    }

    private static void cell(StringBuilder b, int col, int row, String cls, String text, String tip) {
        int x = LEFT + CW * col;
        int y = HEAD + RH * row;
        b.append("<g class=\"cell ").append(cls).append("\" data-col=\"").append(col).append("\"><title>")
                .append(esc(tip)).append("</title><rect x=\"").append(x + 1).append("\" y=\"").append(y + 1)
                .append("\" width=\"").append(CW - 2).append("\" height=\"").append(RH - 2).append("\"/>");
        if (!text.isEmpty()) {
            b.append("<text x=\"").append(x + CW / 2).append("\" y=\"").append(y + 14).append("\">")
                    .append(esc(text)).append("</text>");
        }
        b.append("</g>\n");
    }

    private String range(long s, long e) {
        return "[" + t.units.addr().apply(s) + ", " + t.units.addr().apply(e) + ")";
    }

    /** The label of the step that led from column c - 1 to column c. */
    private String stepInto(int c) {
        return t.labelLeads ? t.columns.get(c - 1).label() : t.columns.get(c).label();
    }

    /** Owner lanes and cursor lanes. */
    public String lanes() {
        List<String> owners = t.ownerIds();
        List<String> cursors = t.cursorIds();
        StringBuilder b = open("lanes", "owners and cursors over time", Math.max(1, owners.size() + cursors.size()));
        int row = 0;
        for (String id : owners) {
            rowLabel(b, row, "owner " + id, "owner");
            b.append("<g class=\"lane owner\" data-owner=\"").append(esc(id)).append("\">\n");
            boolean seen = false;
            String gone = null;
            for (int c = 0; c < t.columns.size(); c++) {
                Timeline.Owner o = t.columns.get(c).owners().get(id);
                if (o != null) {
                    seen = true;
                    gone = null;
                    Timeline.Owner prev = c > 0 ? t.columns.get(c - 1).owners().get(id) : null;
                    boolean changed = prev == null || !prev.state().equals(o.state());
                    String text = changed ? o.state().substring(0, 1).toUpperCase() + (o.kind().startsWith("w") ? "w" : "r") : "";
                    cell(b, c, row, "state-" + o.state() + " kind-" + o.kind(), text,
                            o.kind() + " " + id + ": " + o.state() + ", range " + range(o.start(), o.end()) + ", view "
                                    + pages(o.pages()));
                } else if (seen) {
                    if (gone == null) {
                        String step = c > 0 ? stepInto(c) : "";
                        gone = step.contains("Remove") ? "removed" : "dropped";
                    }
                    cell(b, c, row, "state-" + gone, gone.equals("removed") ? "—" : "✕",
                            "owner " + id + " " + gone + (c > 0 ? " (by " + stepInto(c) + ")" : ""));
                }
            }
            b.append("</g>\n");
            row++;
        }
        for (String id : cursors) {
            rowLabel(b, row, "cursor " + id, "cursor");
            b.append("<g class=\"lane cursor\" data-cursor=\"").append(esc(id)).append("\">\n");
            for (int c = 0; c < t.columns.size(); c++) {
                Timeline.Cursor k = t.columns.get(c).cursors().get(id);
                if (k != null) {
                    int n = k.pending().size();
                    cell(b, c, row, n > 0 ? "cursor-pending" : "cursor-live", n > 0 ? n + "p" : "",
                            "cursor " + id + (k.lo() >= 0 ? " locks " + range(k.lo(), k.hi()) : "") + ", va "
                                    + t.units.addr().apply(k.va()) + ", pending " + pendingText(k.pending()));
                }
            }
            b.append("</g>\n");
            row++;
        }
        if (owners.isEmpty() && cursors.isEmpty()) {
            rowLabel(b, 0, "(no owner, no cursor)", "none");
        }
        return b.append("</svg>\n").toString();
    }

    private String pages(Set<Long> ps) {
        List<String> s = new ArrayList<>();
        ps.forEach(p -> s.add(t.units.addr().apply(p)));
        return "{" + String.join(", ", s) + "}";
    }

    private String pendingText(Map<Long, String> pending) {
        List<String> s = new ArrayList<>();
        pending.forEach((p, f) -> s.add(t.units.addr().apply(p) + " -> " + t.units.frame().apply(f)));
        return "{" + String.join(", ", s) + "}";
    }

    /** The page-ownership grid. */
    public String ownership() {
        StringBuilder b = open("ownership", "page ownership over time", Math.max(1, t.pages.size()));
        b.append("<g class=\"ownership-grid\">\n");
        for (int r = 0; r < t.pages.size(); r++) {
            long p = t.pages.get(r);
            rowLabel(b, r, "page " + t.units.addr().apply(p), "page");
            for (int c = 0; c < t.columns.size(); c++) {
                Timeline.Column col = t.columns.get(c);
                List<String> writers = new ArrayList<>();
                List<String> readers = new ArrayList<>();
                col.owners().forEach((id, o) -> {
                    if (o.pages().contains(p)) {
                        (o.kind().startsWith("w") ? writers : readers).add(id);
                    }
                });
                boolean rem = col.remaining().contains(p);
                boolean mapped = col.pt().get(p) != null;
                boolean alias = writers.size() > 1 || (!writers.isEmpty() && !readers.isEmpty())
                        || (!writers.isEmpty() && rem);
                boolean lost = !rem && writers.isEmpty() && col.total().contains(p);
                StringBuilder text = new StringBuilder();
                if (rem) {
                    text.append('R');
                }
                writers.forEach(w -> text.append(text.length() > 0 ? "," : "").append('W').append(w));
                readers.forEach(x -> text.append(text.length() > 0 ? "," : "").append('r').append(x));
                String cls = alias ? "alias" : lost ? "lost" : !writers.isEmpty() ? "writer" : !readers.isEmpty() ? "reader"
                        : rem ? "remaining" : "none";
                String tip = "page " + t.units.addr().apply(p) + " in " + col.caption() + ": "
                        + (rem ? "in the remaining view" : "not in the remaining view")
                        + (writers.isEmpty() ? "" : "; writer view of " + writers)
                        + (readers.isEmpty() ? "" : "; borrowed by reader " + readers)
                        + (alias ? "; ALIASED" : "") + (lost ? "; LOST (in no view)" : "")
                        + (mapped ? "; mapped to frame " + t.units.frame().apply(col.pt().get(p).split(" ")[0]) : "; unmapped");
                cell(b, c, r, cls + (mapped ? "" : " unmapped"), lost ? "lost" : text.toString(), tip);
            }
        }
        return b.append("</g>\n</svg>\n").toString();
    }

    /** Per CPU the TLB entries, and the pending flushes, per page (rows that stay empty are left out). */
    public String tlbs() {
        List<String> cpus = t.cpus();
        List<List<Long>> tlbRows = new ArrayList<>();
        int rows = 0;
        for (String cpu : cpus) {
            List<Long> ps = new ArrayList<>();
            for (long p : t.pages) {
                if (t.columns.stream().anyMatch(c -> c.tlb().getOrDefault(cpu, Map.of()).containsKey(p))) {
                    ps.add(p);
                }
            }
            tlbRows.add(ps);
            rows += ps.size();
        }
        List<Long> pendingRows = new ArrayList<>();
        for (long p : t.pages) {
            if (t.columns.stream().anyMatch(c -> c.cursors().values().stream().anyMatch(k -> k.pending().containsKey(p)))) {
                pendingRows.add(p);
            }
        }
        rows += pendingRows.size();
        StringBuilder b = open("tlbs", "TLB entries and pending flushes over time", Math.max(1, rows));
        if (rows == 0) {
            rowLabel(b, 0, "(no TLB entry and no pending flush for these pages)", "none");
        }
        int row = 0;
        for (int ci = 0; ci < cpus.size(); ci++) {
            String cpu = cpus.get(ci);
            b.append("<g class=\"tlb\" data-cpu=\"").append(esc(cpu)).append("\">\n");
            for (long p : tlbRows.get(ci)) {
                rowLabel(b, row, "CPU " + cpu + " " + t.units.addr().apply(p), "tlb");
                for (int c = 0; c < t.columns.size(); c++) {
                    Timeline.Column col = t.columns.get(c);
                    Timeline.TlbEntry e = col.tlb().getOrDefault(cpu, Map.of()).get(p);
                    if (e == null) {
                        continue;
                    }
                    String mapped = col.pt().get(p);
                    boolean freed = col.free().contains(e.frame());
                    boolean stale = mapped == null || !mapped.split(" ")[0].equals(e.frame());
                    cell(b, c, row, freed ? "tlb-freed" : stale ? "tlb-stale" : "tlb-ok", shortFrame(e.frame()),
                            "CPU " + cpu + " caches " + t.units.addr().apply(p) + " -> frame "
                                    + t.units.frame().apply(e.frame()) + (e.writable() ? " (writable)" : "")
                                    + (freed ? "; the frame is FREE (stale entry to a freed frame)"
                                    : stale ? "; STALE: the page table maps "
                                    + (mapped == null ? "nothing" : t.units.frame().apply(mapped.split(" ")[0])) : ""));
                }
                row++;
            }
            b.append("</g>\n");
        }
        b.append("<g class=\"pending\">\n");
        for (long p : pendingRows) {
            rowLabel(b, row, "pending " + t.units.addr().apply(p), "pending");
            for (int c = 0; c < t.columns.size(); c++) {
                for (Map.Entry<String, Timeline.Cursor> k : t.columns.get(c).cursors().entrySet()) {
                    String f = k.getValue().pending().get(p);
                    if (f != null) {
                        cell(b, c, row, "pending-op", shortFrame(f), "cursor " + k.getKey() + " will flush "
                                + t.units.addr().apply(p) + " and then free frame " + t.units.frame().apply(f));
                    }
                }
            }
            row++;
        }
        return b.append("</g>\n</svg>\n").toString();
    }

    /** A frame for a 30-pixel cell: the model value or the frame number. */
    private static String shortFrame(String f) {
        return f.length() > 4 ? f.substring(0, 4) : f;
    }

    /** The set of pages worth showing when a source has many: those whose cells change. */
    static List<Long> changingPages(List<Timeline.Column> cols, List<Long> pages, int max) {
        if (pages.size() <= max) {
            return pages;
        }
        Set<Long> keep = new TreeSet<>();
        for (long p : pages) {
            for (int c = 1; c < cols.size() && keep.size() < max; c++) {
                Timeline.Column a = cols.get(c - 1);
                Timeline.Column z = cols.get(c);
                if (a.remaining().contains(p) != z.remaining().contains(p)
                        || !java.util.Objects.equals(a.pt().get(p), z.pt().get(p))) {
                    keep.add(p);
                    break;
                }
            }
        }
        return new ArrayList<>(keep);
    }
}
