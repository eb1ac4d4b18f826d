package org.vmspace.tv.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The picture of a TLC counterexample (a bug model of tla/ or a design-review row): the same
 * renderer as the rejection report, one column per state of the behaviour, the violating state
 * outlined. {@code make pictures} (scripts/pictures.sh) runs it for every model and row.
 *
 * <pre>CounterexamplePage TLC_OUTPUT OUT.html TITLE [NOTE...]</pre>
 * Exit codes: 0 written, 2 bad arguments or no counterexample in the output.
 */
public final class CounterexamplePage {
    private CounterexamplePage() {}

    /** The timeline of a counterexample. */
    public static Timeline timeline(Counterexample c, String title, List<String> extraNotes) {
        List<Timeline.Column> cols = Timeline.columnsOf(c);
        List<String> notes = new ArrayList<>(extraNotes);
        notes.add("TLC counterexample: " + (c.violated().isEmpty() ? "a property" : c.violated())
                + " is violated in the last state (outlined); " + cols.size() + " states, each column labelled with "
                + "the action that reached it" + (c.loop().isEmpty() ? "." : "; then " + c.loop() + " (a lasso)."));
        return new Timeline(title, cols, cols.size() - 1, false, Timeline.Units.MODEL, Timeline.pagesOf(cols), null,
                notes);
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("pictures: usage: CounterexamplePage TLC_OUTPUT OUT.html TITLE [NOTE...]");
            System.exit(2);
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
            Counterexample c = Counterexample.parse(lines);
            List<String> notes = new ArrayList<>(List.of(args).subList(3, args.length));
            TraceReport.write(timeline(c, args[2], notes), Path.of(args[1]));
            System.out.println("pictures: " + args[1] + " (" + c.states().size() + " states, " + c.violated() + ")");
        } catch (NoSuchFileException e) {
            System.err.println("pictures: missing file: " + e.getFile());
            System.exit(2);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("pictures: " + args[0] + ": " + e.getMessage());
            System.exit(2);
        }
    }
}
