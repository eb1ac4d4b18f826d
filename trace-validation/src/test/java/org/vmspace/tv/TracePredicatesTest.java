package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vmspace.trace.TraceOp;

/** One name for each thing: every trace event kind has its IsXxx predicate in the trace spec. */
class TracePredicatesTest {
    private static String traceSpec() throws Exception {
        Path root = Path.of(System.getProperty("vmspace.root", ".."));
        return Files.readString(root.resolve("trace-validation/TraceVmSpace.tla"));
    }

    @Test
    void everyTraceOpHasItsIsPredicateInTraceVmSpace() throws Exception {
        String spec = traceSpec();
        String next = spec.substring(spec.indexOf("TraceNext =="));
        for (TraceOp op : TraceOp.values()) {
            assertTrue(Pattern.compile("(?m)^Is" + op + " ==").matcher(spec).find(), "no Is" + op + " == in TraceVmSpace.tla");
            assertTrue(Pattern.compile("\\bIs" + op + "\\b").matcher(next).find(), "Is" + op + " is not in TraceNext");
            assertTrue(spec.contains("E.op = \"" + op + "\""), "Is" + op + " does not match op \"" + op + "\"");
        }
    }

    @Test
    void theParserKnowsExactlyTheTraceOps() {
        List<String> ops = Arrays.stream(TraceOp.values()).map(Enum::name).toList();
        assertEquals(ops, TraceFile.OPS);
        assertEquals(TraceFile.OPS.stream().sorted().toList(), TraceFile.ARGS.keySet().stream().sorted().toList());
    }
}
