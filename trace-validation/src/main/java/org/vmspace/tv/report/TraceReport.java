package org.vmspace.tv.report;

import static org.vmspace.tv.report.Pictures.esc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One self-contained HTML page for a {@link Timeline} (a rejected trace or a TLC counterexample):
 * inline CSS and SVG, one small inline script (hovering a column highlights it everywhere), nothing
 * loaded from anywhere.
 */
public final class TraceReport {
    private TraceReport() {}

    static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#111}
            h1{font-size:20px;margin:0 0 6px} h2{font-size:16px;margin:18px 0 4px}
            .note{color:#444;margin:2px 0} code,pre{font:12px monospace}
            pre.raw{background:#f4f4f4;padding:6px;white-space:pre-wrap;word-break:break-all}
            table{border-collapse:collapse;margin:6px 0} td,th{border:1px solid #bbb;padding:2px 6px;font:12px monospace;text-align:left;vertical-align:top}
            tr.mismatch td{background:#fee2e2} tr.agree td{color:#555}
            #divergence{border:3px solid #dc2626;padding:8px;border-radius:6px;background:#fff7f7}
            svg.picture{display:block;margin:4px 0} svg text{font:10px monospace}
            .colhead text{fill:#333} .colhead.hl text{fill:#dc2626;font-weight:bold}
            rect.highlight{fill:#fecaca;stroke:#dc2626;stroke-width:2}
            .rowlabel{fill:#111} .cell text{text-anchor:middle;font-size:9px;fill:#111}
            .cell rect{stroke:#fff;stroke-width:1}
            .state-created rect{fill:#e5e7eb} .state-active rect{fill:#4ade80} .state-disposed rect{fill:#fb923c}
            .state-removed rect{fill:#cbd5e1} .state-dropped rect{fill:#f87171}
            .cursor-live rect{fill:#a5b4fc} .cursor-pending rect{fill:#f59e0b}
            .remaining rect{fill:#bbf7d0} .writer rect{fill:#93c5fd} .reader rect{fill:#fde68a} .none rect{fill:#f3f4f6}
            .alias rect,.lost rect{fill:#ef4444} .alias text,.lost text{fill:#fff;font-weight:bold}
            .unmapped rect{fill-opacity:.45;stroke:#9ca3af;stroke-dasharray:2 2}
            .tlb-ok rect{fill:#c7d2fe} .tlb-stale rect{fill:#fbbf24} .tlb-freed rect{fill:#dc2626} .tlb-freed text{fill:#fff}
            .pending-op rect{fill:#fdba74}
            .cell.hover rect{stroke:#111;stroke-width:1.5}
            .legend span{display:inline-block;padding:0 6px;margin:2px;border-radius:3px;font:12px monospace}
            details{margin:6px 0}
            """;

    static final String SCRIPT = """
            (function(){
              var cells=document.querySelectorAll('[data-col]');
              function mark(c,on){document.querySelectorAll('.cell[data-col="'+c+'"]').forEach(function(e){e.classList.toggle('hover',on);});}
              cells.forEach(function(e){var c=e.getAttribute('data-col');
                e.addEventListener('mouseenter',function(){mark(c,true);});
                e.addEventListener('mouseleave',function(){mark(c,false);});});
              document.body.setAttribute('data-ready','yes');
            })();
            """;

    /** The HTML page. */
    public static String html(Timeline t) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">")
                .append("<title>").append(esc(t.title)).append("</title><style>").append(CSS).append("</style></head><body>\n");
        b.append("<h1>").append(esc(t.title)).append("</h1>\n");
        for (String n : t.notes) {
            b.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
        }
        if (t.divergence != null) {
            divergence(b, t);
        }
        Pictures p = new Pictures(t);
        b.append("<p class=\"legend\">")
                .append("<span style=\"background:#e5e7eb\">created</span><span style=\"background:#4ade80\">active</span>")
                .append("<span style=\"background:#fb923c\">disposed (parked)</span><span style=\"background:#cbd5e1\">removed</span>")
                .append("<span style=\"background:#f87171\">dropped</span><span style=\"background:#bbf7d0\">R remaining view</span>")
                .append("<span style=\"background:#93c5fd\">W i writer i</span><span style=\"background:#fde68a\">r j reader j</span>")
                .append("<span style=\"border:1px dashed #9ca3af\">unmapped</span><span style=\"background:#ef4444;color:#fff\">aliased / lost</span>")
                .append("<span style=\"background:#c7d2fe\">TLB entry</span><span style=\"background:#fbbf24\">stale TLB entry</span>")
                .append("<span style=\"background:#dc2626;color:#fff\">TLB entry to a free frame</span><span style=\"background:#fdba74\">pending flush</span>")
                .append("</p>\n");
        b.append("<h2>Owners and cursors</h2>\n").append(p.lanes());
        b.append("<h2>Page ownership</h2>\n").append(p.ownership());
        b.append("<h2>TLBs and pending flushes</h2>\n").append(p.tlbs());
        changes(b, t);
        b.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return b.toString();
    }

    private static void divergence(StringBuilder b, Timeline t) {
        Timeline.Divergence d = t.divergence;
        b.append("<section id=\"divergence\"><h2>First divergent event: #").append(d.index()).append(" (line ")
                .append(d.line()).append(") ").append(esc(d.op())).append(' ').append(esc(d.outcome())).append("</h2>\n");
        b.append("<pre class=\"raw\">").append(esc(d.raw())).append("</pre>\n");
        b.append("<table class=\"fields\"><tr><th>field</th><th>logged</th><th>the spec allows (after the step)</th><th></th></tr>\n");
        for (Timeline.Field f : d.fields()) {
            b.append("<tr class=\"").append(f.agrees() ? "agree" : "mismatch").append("\"><td>").append(esc(f.name()))
                    .append("</td><td>").append(esc(f.logged())).append("</td><td>").append(esc(f.spec()))
                    .append("</td><td>").append(f.agrees() ? "=" : "DIFFERS").append("</td></tr>\n");
        }
        b.append("</table>\n");
        if (!d.refusal().equals("none")) {
            b.append("<p>The spec does not enable <code>").append(esc(d.op())).append("</code> with the logged arguments: ")
                    .append("the guard <code>").append(esc(d.guard())).append("</code> fails; the spec would log <code>")
                    .append(esc(d.refusal())).append("</code>.</p>\n");
        }
        b.append("<p>Spec actions enabled there with the event's arguments: <code class=\"enabled\">")
                .append(esc(String.join(", ", d.enabled()))).append("</code></p></section>\n");
    }

    /** Per column, the variables that changed (TLC's text, shortened). */
    private static void changes(StringBuilder b, Timeline t) {
        b.append("<h2>What changed, column by column</h2>\n<details").append(t.columns.size() <= 12 ? " open" : "")
                .append("><summary>variables per column (TLC's values)</summary><table class=\"changes\">\n");
        Map<String, Object> prev = null;
        for (int c = 0; c < t.columns.size(); c++) {
            Timeline.Column col = t.columns.get(c);
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Object> e : col.vars().entrySet()) {
                if (e.getKey().equals("l")) {
                    continue;
                }
                if (prev == null || !Objects.equals(prev.get(e.getKey()), e.getValue())) {
                    String v = TlcValue.show(e.getValue());
                    parts.add(e.getKey() + " = " + (v.length() > 400 ? v.substring(0, 400) + " ..." : v));
                }
            }
            b.append("<tr").append(c == t.highlight ? " class=\"mismatch\"" : "").append("><td>").append(esc(col.caption()))
                    .append("</td><td>").append(esc(parts.isEmpty() ? "(unchanged)" : String.join("\n", parts)).replace("\n", "<br>"))
                    .append("</td></tr>\n");
            prev = col.vars();
        }
        b.append("</table></details>\n");
    }

    /** Writes the page; returns its path. */
    public static Path write(Timeline t, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, html(t), StandardCharsets.UTF_8);
        return file;
    }
}
