package org.vmspace.mbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviours and bug-model counterexamples written as ITF JSON parse back to the same states. */
class ItfTest {
    @TempDir
    Path dir;

    @Test
    void aBugModelCounterexampleIsWrittenAsItfAndReadsBackUnchanged() throws Exception {
        Path cfg = Graphs.root().resolve("tla/MCVmSpaceBugNoJoinOnRemove.cfg");
        String out = Counterexamples.runTlc(Graphs.root(), cfg);
        Itf.Doc tlc = Itf.fromTlcOutput("tla/" + cfg.getFileName(), out);
        assertTrue(tlc.states().size() >= 2, "TLC printed a counterexample");
        assertTrue(tlc.description().contains("PermissionConservationInv"), tlc.description());
        Path p = dir.resolve("cex.itf.json");
        Files.writeString(p, Itf.toJson(tlc));

        JsonObject root = JsonParser.parseString(Files.readString(p)).getAsJsonObject();
        assertEquals("ITF", root.getAsJsonObject("#meta").get("format").getAsString());
        assertEquals(7, root.getAsJsonArray("vars").size());
        JsonObject s0 = root.getAsJsonArray("states").get(0).getAsJsonObject();
        assertEquals(0, s0.getAsJsonObject("#meta").get("index").getAsInt());
        assertTrue(s0.getAsJsonObject("free").has("#set"), s0.toString());
        assertTrue(s0.getAsJsonObject("mem_view").getAsJsonArray("#set").get(0).getAsJsonObject().has("#bigint"));

        Itf.Doc back = Itf.read(p);
        assertEquals(tlc.states(), back.states());
        assertEquals(tlc.actions(), back.actions());
        assertNull(back.actions().get(0));
        assertEquals("RemoveWriter", back.actions().get(back.actions().size() - 1));
    }

    @Test
    void anMbtBehaviourIsWrittenAsItfStateForStateAsTlcExploredIt() throws Exception {
        StateGraph g = Graphs.graph(Graphs.MODEL);
        ModelConfig m = Graphs.config(Graphs.MODEL);
        PathCover.Behaviour b = PathCover.build(g, 50, 8, 1).get(0);
        Path p = Itf.writeBehaviour(dir, g, m, b);
        Itf.Doc d = Itf.read(p);
        assertEquals(b.edges().length + 1, d.states().size());
        int s = g.init();
        assertEquals(Value.parseState(g.stateText(s)), d.states().get(0));
        for (int i = 0; i < b.edges().length; i++) {
            int e = b.edges()[i];
            assertEquals(g.callOf(e).tla(), d.actions().get(i + 1));
            Map<String, Value> want = Value.parseState(g.stateText(g.target(e)));
            assertEquals(want, d.states().get(i + 1), "state " + (i + 1));
        }
        assertNotNull(d.states().get(0).get("mem_view"));
    }
}
