package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rejection diagnosis for the cases the planted bugs (DeliberateBugsTest) do not produce: a
 * refusal logged where the spec takes the step, and a refusal of the wrong kind.
 */
class RejectionDiagnosisTest {
    @TempDir
    Path dir;

    Path trace(String... events) throws Exception {
        List<String> l = new ArrayList<>(List.of(TraceFileTest.HEADER));
        l.addAll(List.of(events));
        return Files.write(dir.resolve("t.ndjson"), l);
    }

    static final String ACTIVATE = "{\"seq\":1,\"thread\":\"w-0\",\"op\":\"Activate\",\"args\":{\"cpu\":0},\"outcome\":\"ok\"}";

    @Test
    void aRefusalWhereTheSpecTakesTheStepNamesTheSpecsOutcome() throws Exception {
        Path t = trace(ACTIVATE, "{\"seq\":2,\"thread\":\"w-0\",\"op\":\"Writer\",\"args\":{\"cpu\":0,\"id\":null,"
                + "\"vaddr\":\"0x7ffffffc0000\",\"len\":\"4096\"},\"outcome\":\"Conflict\"}");
        Validate.Result r = Traces.validate(t);
        assertEquals(Validate.REJECTED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("    outcome: logged Conflict, the spec allows ok (Writer is enabled with the logged "
                + "arguments: no guard fails)"), r.out());
    }

    @Test
    void aRefusalOfTheWrongKindNamesTheGuardAndTheSpecsKind() throws Exception {
        // The space is not current on CPU 1: the spec refuses AccessDenied, not Conflict.
        Path t = trace(ACTIVATE, "{\"seq\":2,\"thread\":\"w-0\",\"op\":\"Reader\",\"args\":{\"cpu\":1,\"id\":null,"
                + "\"vaddr\":\"0x7ffffffc0000\",\"len\":\"4096\"},\"outcome\":\"Conflict\"}");
        Validate.Result r = Traces.validate(t);
        assertEquals(Validate.REJECTED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("    outcome: logged Conflict, the spec allows AccessDenied (Reader is not enabled: "
                + "the guard current[cpu] fails)"), r.out());
        // the report of the same rejection, in the trace's units
        assertTrue(r.report().timeline().title.contains("#2 Reader Conflict"), r.report().timeline().title);
    }
}
