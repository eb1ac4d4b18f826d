package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.vmspace.tv.report.Counterexample;
import org.vmspace.tv.report.Timeline;
import org.vmspace.tv.report.TraceReport;

/** The report checks can fail: each on a page that lacks what it checks. */
class ReportPageChecksTest {
    static String page() {
        Counterexample c = Counterexample.parse(List.of("Error: Invariant X is violated.", "State 1: <Initial predicate>",
                "/\\ owners = (i1 :> [kind |-> \"writer\", state |-> \"created\", start |-> 0, end |-> 2, view |-> {}])",
                "/\\ mem_view = {0, 2}", "/\\ pt = (0 :> <<>> @@ 2 :> <<>>)", ""));
        List<Timeline.Column> cols = Timeline.columnsOf(c);
        return TraceReport.html(new Timeline("t", cols, 0, false, Timeline.Units.MODEL, Timeline.pagesOf(cols), null,
                List.of()));
    }

    @Test
    void aGoodPagePassesBothChecks() {
        ReportPageChecks.assertSelfContained(page());
        ReportPageChecks.assertPictures(page());
    }

    @Test
    void anExternalScriptOrStylesheetFailsTheSelfContainedCheck() {
        assertThrows(AssertionFailedError.class, () -> ReportPageChecks.assertSelfContained(
                page().replace("</head>", "<script src=\"https://cdn.example/x.js\"></script></head>")));
        assertThrows(AssertionFailedError.class, () -> ReportPageChecks.assertSelfContained(
                page().replace("</style>", "body{background:url(x.png)}</style>")));
    }

    @Test
    void aPageWithoutHighlightOrLanesFailsThePictureCheck() {
        assertThrows(AssertionFailedError.class,
                () -> ReportPageChecks.assertPictures(page().replace("<rect class=\"highlight\"", "<rect class=\"x\"")));
        assertThrows(AssertionFailedError.class,
                () -> ReportPageChecks.assertPictures(page().replace("<g class=\"lane ", "<g class=\"nolane ")));
    }
}
