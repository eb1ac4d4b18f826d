package org.vmspace.tv.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** TLC2 2.18's counterexample text (abridged from a run of MCVmSpaceBugNoBorrowCheck.cfg). */
class CounterexampleTest {
    static final List<String> OUT = List.of(
            "Error: Invariant NoReadWriteAliasingInv is violated.",
            "Error: The behavior up to this point is:",
            "State 1: <Initial predicate>",
            "/\\ tlb = (c1 :> {})",
            "/\\ owners = << >>",
            "/\\ mem_view = {0, 2}",
            "",
            "State 2: <Reader line 201, col 5 to line 206, col 62 of module VmSpace>",
            "/\\ tlb = (c1 :> {})",
            "/\\ owners = ( i1 :>",
            "      [ kind |-> \"reader\",",
            "        state |-> \"created\", start |-> 0, end |-> 2, view |-> {} ] )",
            "/\\ mem_view = {0, 2}",
            "",
            "1 states generated");

    @Test
    void statesActionsAndMultiLineValuesAreRead() {
        Counterexample c = Counterexample.parse(OUT);
        assertEquals("NoReadWriteAliasingInv", c.violated());
        assertEquals(2, c.states().size());
        assertEquals("Init", c.states().get(0).action());
        assertEquals("Reader", c.states().get(1).action());
        Timeline.Column col = Timeline.columnsOf(c).get(1);
        assertEquals("created", col.owners().get("i1").state());
        assertEquals(2, col.owners().get("i1").end());
        assertTrue(col.remaining().contains(2L));
    }

    @Test
    void aStaticModelsInitialStateWithoutAStateHeaderIsRead() {
        Counterexample c = Counterexample.parse(List.of(
                "Error: Invariant DebugStatic is violated by the initial state:",
                "/\\ readers = << [kind |-> \"reader\", id |-> 1, start |-> 2, end |-> 4, view |-> {}],",
                "   [kind |-> \"reader\", id |-> 1, start |-> 2, end |-> 4, view |-> {}] >>",
                "/\\ held = <<{}>>",
                ""));
        assertEquals("DebugStatic", c.violated());
        assertEquals(1, c.states().size());
        Timeline.Column col = Timeline.columnsOf(c).get(0);
        assertEquals(2, col.owners().size(), "both listed readers, though they share an id");
    }

    @Test
    void outputWithoutABehaviourIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Counterexample.parse(List.of("Model checking completed.")));
    }
}
