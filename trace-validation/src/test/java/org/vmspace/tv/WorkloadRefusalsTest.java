package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workload makes every kind of request the spec refuses (issue 10, item 6b): each (op, outcome) that
 * TraceVmSpace.tla's RefusalAgrees accepts as a refusal, read from the spec itself (so a refusal kind
 * added to the spec fails this test until the workload makes it), appears as a refused event in a
 * single-threaded and a 4-thread workload trace, and trace validation checks each against the spec's
 * refusal (the trace is ACCEPTED: every refusal agrees). The evidence that such a check can fail is
 * DeliberateBugsTest's RemoveUndisposed case: Java accepting one such call (removing an owner that was
 * never disposed) is REJECTED at that event.
 */
class WorkloadRefusalsTest {
    /**
     * Refusals of the spec that java-impl's API cannot produce, with the reason. Anything else in
     * RefusalAgrees must be in the traces.
     */
    static final Map<String, String> NOT_PRODUCIBLE = Map.of(
            "DropCursor InvalidState", "CursorMut.close() is idempotent (Rust: a value is dropped once); a second "
                    + "close logs nothing",
            "Jump Panic", "java-impl refuses a jump outside the range AccessDenied (the spec takes either)");

    @TempDir
    Path dir;

    /** The (op, outcome) pairs RefusalAgrees accepts, as "Op Outcome". */
    static Set<String> specRefusals() throws Exception {
        Path root = Path.of(System.getProperty("vmspace.root", ".."));
        String spec = Files.readString(root.resolve("trace-validation/TraceVmSpace.tla"));
        String body = spec.substring(spec.indexOf("RefusalAgrees =="), spec.indexOf("IsRefused =="));
        Set<String> out = new TreeSet<>();
        // one CASE arm: [] <ops> /\ <outcomes> ->, where <ops> is E.op = "X" or E.op \in {...}
        Matcher arm = Pattern.compile("(?s)(?:CASE|\\[\\])\\s+E\\.op\\s*(=\\s*\"\\w+\"|\\\\in\\s*\\{[^}]*\\})\\s*"
                + "(?:/\\\\\\s*)?o\\s*(=\\s*\"\\w+\"|\\\\in\\s*\\{[^}]*\\})\\s*->").matcher(body);
        while (arm.find()) {
            for (String op : names(arm.group(1))) {
                for (String o : names(arm.group(2))) {
                    out.add(op + " " + o);
                }
            }
        }
        return out;
    }

    private static Set<String> names(String s) {
        Set<String> r = new TreeSet<>();
        Matcher m = Pattern.compile("\"(\\w+)\"").matcher(s);
        while (m.find()) {
            r.add(m.group(1));
        }
        return r;
    }

    @Test
    void theRefusalKindsAreReadFromTheSpec() throws Exception {
        Set<String> kinds = specRefusals();
        // a sample of the arms, of both forms (E.op = "X" and E.op \in {...}, o = "Y" and o \in {...})
        for (String k : Set.of("RemoveWriter InvalidState", "Reader Conflict", "Writer AccessDenied", "Read InvalidArgs",
                "Unmap Panic", "DispatchTlbFlush InvalidState", "Jump AccessDenied", "CursorMut Busy")) {
            assertTrue(kinds.contains(k), k + " not read from RefusalAgrees: " + kinds);
        }
        assertTrue(kinds.size() >= 35, "too few refusal kinds read: " + kinds);
        assertTrue(kinds.containsAll(NOT_PRODUCIBLE.keySet()), "stale exclusions: " + NOT_PRODUCIBLE.keySet());
    }

    @ParameterizedTest(name = "threads = {0}")
    @ValueSource(ints = {1, 4})
    void theWorkloadMakesEveryRefusalOfTheSpecAndEachIsValidated(int threads) throws Exception {
        // --flush-ops: the frameless flush ops and the wrong calls of find_next / issue_tlb_flush (their
        // refusals, FindNext Panic/InvalidState, IssueTlbFlush InvalidArgs/InvalidState) are made only then
        Path t = Traces.workload(dir.resolve("w" + threads + ".ndjson"), 1, 5000, threads, "", "--flush-ops", "true");
        TraceFile tf = TraceFile.parse(t);
        Set<String> made = new TreeSet<>();
        for (TraceFile.Event e : tf.events()) {
            if (e.refused()) {
                made.add(e.op + " " + e.outcome);
            }
        }
        Set<String> missing = new TreeSet<>(specRefusals());
        missing.removeAll(NOT_PRODUCIBLE.keySet());
        missing.removeAll(made);
        assertEquals(Set.of(), missing, "refusals of the spec the workload never made (threads = " + threads + ")");
        Validate.Result r = Traces.validate(t);
        assertEquals(Validate.ACCEPTED, r.exitCode(), r.out() + r.err());
    }
}
