package org.vmspace.tv.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TlcValueTest {
    @Test
    void nestedValuesAsTlcPrintsThemAreReadBack() {
        Object v = TlcValue.parse("[owners |-> (i1 :> [kind |-> \"writer\", view |-> {0, 2}]), "
                + "pt |-> (0 :> <<f1, \"RW\">> @@ 2 :> <<>>), ok |-> TRUE, n |-> -1, s |-> <<>>]");
        Map<Object, Object> r = TlcValue.asFunction(v);
        Map<Object, Object> owners = TlcValue.asFunction(r.get("owners"));
        Map<Object, Object> w = TlcValue.asFunction(owners.get(new TlcValue.Name("i1")));
        assertEquals("writer", w.get("kind"));
        assertEquals(Set.of(0L, 2L), w.get("view"));
        Map<Object, Object> pt = TlcValue.asFunction(r.get("pt"));
        assertEquals(List.of(new TlcValue.Name("f1"), "RW"), pt.get(0L));
        assertEquals(List.of(), pt.get(2L));
        assertEquals(Boolean.TRUE, r.get("ok"));
        assertEquals(-1L, r.get("n"));
    }

    @Test
    void aTupleIsTheFunctionOnOneToN() {
        Map<Object, Object> f = TlcValue.asFunction(TlcValue.parse("<<[a |-> 1], [a |-> 2]>>"));
        assertEquals(Map.of("a", 2L), f.get(2L));
    }

    @Test
    void showWritesTlcNotationBack() {
        String text = "[a |-> {1, 2}, b |-> (x :> \"s\" @@ y :> <<TRUE, FALSE>>)]";
        assertEquals(text, TlcValue.show(TlcValue.parse(text)));
    }

    @Test
    void badTextIsAnErrorNamingThePosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlcValue.parse("[a |-> 1"));
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TlcValue.parse("{1, 2} junk"));
    }
}
