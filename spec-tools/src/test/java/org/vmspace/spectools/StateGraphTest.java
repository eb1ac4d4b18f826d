package org.vmspace.spectools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateGraphTest {

    private static final String HEAD = "strict digraph DiskGraph {\nnodesep=0.35;\nsubgraph cluster_graph {\n";

    private static StateGraph read(Path dir, String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, HEAD + body + "}\n}\n");
        return StateGraph.read(p);
    }

    @Test
    void theSameGraphInAnotherOrderIsEqualAndAnExtraTransitionIsNot(@TempDir Path dir) throws Exception {
        StateGraph a = read(dir, "a.dot", "-5 [label=\"x = 0\",style = filled]\n-5 -> 7 [label=\"\"];\n"
                + "7 [label=\"x = 1\"];\n7 -> -5 [label=\"\"];\n");
        StateGraph b = read(dir, "b.dot", "7 [label=\"x = 1 (another representative)\"];\n7 -> -5 [label=\"\"];\n"
                + "-5 [label=\"x = 0\",style = filled]\n-5 -> 7 [label=\"\"];\n-5 -> 7 [label=\"\"];\n");
        StateGraph c = read(dir, "c.dot", "-5 [label=\"x = 0\",style = filled]\n-5 -> 7 [label=\"\"];\n"
                + "7 [label=\"x = 1\"];\n7 -> -5 [label=\"\"];\n7 -> 7 [label=\"\"];\n");
        assertEquals(2, a.states());
        assertEquals(2, a.transitions());
        assertEquals(a, b);
        assertEquals(2, c.states());
        assertEquals(3, c.transitions());
        assertNotEquals(a, c);
    }
}
