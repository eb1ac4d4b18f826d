package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every report page must have (ReportPageChecksTest shows each check failing on a bad page). */
final class ReportPageChecks {
    private ReportPageChecks() {}

    /** Nothing loaded from anywhere: no src/href attributes, no URL but the SVG namespace, no url(). */
    static void assertSelfContained(String html) {
        String withoutNs = html.replace("http://www.w3.org/2000/svg", "");
        assertFalse(Pattern.compile("\\b(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "the page loads something (src= or href=)");
        assertFalse(withoutNs.contains("http://") || withoutNs.contains("https://") || withoutNs.contains("url("),
                "the page names a URL");
    }

    /** The three pictures, with the highlighted column in each, and at least one lane. */
    static void assertPictures(String html) {
        for (String p : new String[] {"lanes", "ownership", "tlbs"}) {
            assertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"picture " + p + "\""),
                    "no " + p + " picture");
        }
        assertEquals(3, count(html, "<rect class=\"highlight\""), "the highlighted column is not in every picture");
        assertTrue(html.contains("<g class=\"lane "), "no lane");
        assertEquals(3, count(html, "<g class=\"colhead hl\""), "no highlighted column header");
    }

    /** A rejection's page: the pictures, and the divergent event with its fields in trace units. */
    static void assertReportOfRejection(String html, Validate.Result r) {
        assertSelfContained(html);
        assertPictures(html);
        int n = r.eventIndex();
        assertTrue(html.contains("<section id=\"divergence\"><h2>First divergent event: #" + n + " (line "
                + r.event().line + ") " + r.event().op), "the divergent event is not named");
        Matcher hl = Pattern.compile("<g class=\"colhead hl\"[^>]*><title>([^<]*)</title>").matcher(html);
        assertTrue(hl.find() && hl.group(1).startsWith("before event #" + n + " "), "the highlighted column is not event #" + n);
        assertTrue(html.contains("<tr class=\"mismatch\"><td>"), "no mismatching field row");
        assertTrue(html.contains("page 0x7f"), "the pages are not in the trace's hex units");
        assertTrue(html.contains("class=\"enabled\""), "no enabled actions");
    }

    static int count(String s, String sub) {
        int n = 0;
        for (int k = s.indexOf(sub); k >= 0; k = s.indexOf(sub, k + 1)) {
            n++;
        }
        return n;
    }
}
