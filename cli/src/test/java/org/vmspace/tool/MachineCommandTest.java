package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code vmspace machine trace} and {@code vmspace machine validate}: the seeded workload's trace, an
 * accepted trace, a trace of the machine with a planted bug ({@code FlushLocalOnly}: the flush reaches
 * the issuing CPU only) rejected at the first event where it differs from the bug-free trace of the same
 * seed, a trace outside the JSON Schema stopped before TLC with one line naming the line (exit 2, the
 * file untouched), a missing file (exit 2); each with its exit code and message. The schema check is
 * what stops the off-schema trace: by hand (2026-12-07), with {@code schema.check}'s verdict dropped in
 * MachineValidateCommand, {@link #aTraceOutsideTheSchemaIsExit2WithOneLineNamingTheLineAndIsLeftAsItWas}
 * failed with "expected: <2> but was: <0>" (the driver's parser ignores the extra field; TLC accepts).
 */
class MachineCommandTest {
    @TempDir
    Path dir;

    private Path trace(String name, String... opts) throws Exception {
        Path f = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("machine", "trace", "-o", f.toString()));
        args.addAll(List.of(opts));
        Cli r = Cli.run(args.toArray(new String[0]));
        assertEquals(ExitCodes.OK, r.exit(), r.toString());
        long events = Files.readAllLines(f).size() - 1;
        assertTrue(r.out().startsWith("machine trace: " + f + " (" + events + " events, "), r.out());
        assertEquals("", r.err());
        return f;
    }

    @Test
    void theTraceIsAFunctionOfTheOptionsAndEveryLineIsInTheSchema() throws Exception {
        Path a = trace("a.ndjson", "--seed", "3", "--ops", "200");
        Path b = trace("sub/dir/b.ndjson", "--seed", "3", "--ops", "200");
        Path c = trace("c.ndjson", "--seed", "4", "--ops", "200");
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(Files.readString(a).equals(Files.readString(c)), "another seed, another trace");
        assertTrue(Files.readAllLines(a).get(0).startsWith("{\"schema\":\"vmspace-machine-trace\",\"version\":1,\"cpus\":3,\"frames\":16,\"seed\":3,\"ops\":200,"));
        assertEquals(null, MachineTraceSchema.load(TraceSchema.REPO).check(a));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--cpus 0", "--ops -1", "--frames 5000", "--bugs NoSuchBug"})
    void badWorkloadParametersExit2WithOneLineAndNoFile(String opts) {
        Path f = dir.resolve("bad.ndjson");
        List<String> args = new ArrayList<>(List.of("machine", "trace", "-o", f.toString()));
        args.addAll(List.of(opts.split(" ")));
        Cli r = Cli.run(args.toArray(new String[0]));
        assertEquals(ExitCodes.MALFORMED, r.exit(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("machine trace: ") && r.err().indexOf('\n') == r.err().length() - 1, r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(f), "nothing written");
    }

    @Test
    void aFileThatCannotBeCreatedIsExit2WithOneLine() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        Cli r = Cli.run("machine", "trace", "-o", dir.resolve("file/t.ndjson").toString(), "--ops", "5");
        assertEquals(ExitCodes.MALFORMED, r.exit(), r.toString());
        assertTrue(r.err().startsWith("machine trace: cannot create ") && r.err().indexOf('\n') == r.err().length() - 1, r.err());
    }

    @Test
    void aWorkloadTraceIsAcceptedWithThePackagedModules() throws Exception {
        Path t = trace("ok.ndjson", "--ops", "60");
        int events = Files.readAllLines(t).size() - 1;
        Cli r = Cli.run("machine", "validate", "--quiet", t.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.toString());
        assertTrue(r.out().startsWith("machine validate: ACCEPTED " + t + ": " + events + " events ("), r.out());
        assertTrue(r.out().endsWith("machine validate: 1 of 1 accepted\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aTraceOfTheMachineWithAPlantedBugIsRejectedAtItsFirstChangedEventWithTheReason() throws Exception {
        List<String> clean = Files.readAllLines(trace("clean.ndjson", "--ops", "120"));
        Path buggy = trace("buggy.ndjson", "--ops", "120", "--bugs", "FlushLocalOnly");
        List<String> b = Files.readAllLines(buggy);
        int k = 1;
        while (clean.get(k).equals(b.get(k))) {
            k++;
        }
        Cli r = Cli.run("machine", "validate", "--quiet", "--root", TraceSchema.REPO.toString(), buggy.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        assertTrue(r.out().startsWith("machine validate: REJECTED " + buggy + " at event #" + k + " (line " + (k + 1)
                + ", seq " + k + "): DispatchTlbFlush ok: post.dropped logged "), r.out());
        assertTrue(r.out().contains("\n  logged: " + b.get(k) + "\n"), r.out());
        assertTrue(r.out().endsWith("machine validate: 0 of 1 accepted\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aTraceOutsideTheSchemaIsExit2WithOneLineNamingTheLineAndIsLeftAsItWas() throws Exception {
        Path t = trace("extra.ndjson", "--ops", "20");
        List<String> lines = Files.readAllLines(t);
        lines.set(4, lines.get(4).replace("\"thread\":\"main\",", "\"thread\":\"main\",\"ts\":17,"));
        Files.write(t, lines);
        byte[] before = Files.readAllBytes(t);
        Cli r = Cli.run("machine", "validate", t.toString());
        assertEquals(ExitCodes.MALFORMED, r.exit(), r.toString());
        assertEquals("machine validate: " + t + ": line 5: event: property 'ts' is not defined in the schema and the schema "
                + "does not allow additional properties (" + MachineTraceSchema.FILE + ")\n", r.err());
        assertEquals("machine validate: 0 of 1 accepted\n", r.out());
        assertArrayEquals(before, Files.readAllBytes(t));
    }

    @Test
    void aMissingFileIsExit2AndTheWorstCodeOfManyTracesWins() throws Exception {
        Path missing = dir.resolve("missing.ndjson");
        Path bad = dir.resolve("bad.ndjson");
        Files.writeString(bad, "{\"schema\":\"vmspace-machine-trace\",\"version\":1,\"cpus\":3,\"frames\":16}\n{\"seq\":1,\n");
        Cli r = Cli.run("machine", "validate", missing.toString(), bad.toString());
        assertEquals(ExitCodes.MALFORMED, r.exit(), r.toString());
        List<String> err = r.err().lines().toList();
        assertEquals(List.of("machine validate: missing file: " + missing), err.subList(0, 1), r.err());
        assertTrue(err.get(1).startsWith("machine validate: " + bad + ": line 2: not JSON ("), r.err());
        assertEquals(2, err.size(), r.err());
        assertEquals("machine validate: 0 of 2 accepted\n", r.out());

        Cli j = Cli.run("machine", "validate", "--json", missing.toString(), bad.toString());
        assertEquals(ExitCodes.MALFORMED, j.exit(), j.toString());
        assertEquals("", j.err());
        JsonObject o = JsonParser.parseString(j.out()).getAsJsonObject();
        assertEquals(0, o.get("accepted").getAsInt());
        assertEquals(2, o.get("total").getAsInt());
        assertEquals(ExitCodes.MALFORMED, o.get("exitCode").getAsInt());
        JsonArray ts = o.getAsJsonArray("traces");
        assertEquals("malformed", ts.get(0).getAsJsonObject().get("verdict").getAsString());
        assertEquals(err.get(0), ts.get(0).getAsJsonObject().get("message").getAsString());
        assertEquals(err.get(1), ts.get(1).getAsJsonObject().get("message").getAsString());
        assertTrue(ts.get(1).getAsJsonObject().get("event").isJsonNull());
    }

    @Test
    void traceJsonCountsTheEvents() throws Exception {
        Path f = dir.resolve("j.ndjson");
        Cli r = Cli.run("machine", "trace", "--json", "-o", f.toString(), "--ops", "30");
        assertEquals(ExitCodes.OK, r.exit(), r.toString());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(f.toString(), o.get("trace").getAsString());
        assertEquals(Files.readAllLines(f).size() - 1, o.get("events").getAsLong());
        assertTrue(o.get("refusedOperations").getAsInt() >= 0 && o.get("stoppedBy").isJsonNull(), r.out());
    }

    @Test
    void aRootWithoutTheSchemaIsAToolFailure() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("tla"));
        Files.writeString(root.resolve("tla/VmSpace.tla"), "---- MODULE VmSpace ----\n====\n");
        Cli r = Cli.run("machine", "validate", "--root", root.toString(), dir.resolve("t.ndjson").toString());
        assertEquals(ExitCodes.TOOL_FAILURE, r.exit(), r.toString());
        assertTrue(r.err().startsWith("machine validate: cannot read the machine trace schema ")
                && r.err().indexOf('\n') == r.err().length() - 1, r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"machine", "machine trace", "machine validate"})
    void eachHasHelpWithItsExitCodes(String line) {
        Cli r = Cli.run((line + " --help").split(" "));
        assertEquals(ExitCodes.OK, r.exit(), r.toString());
        assertTrue(r.out().contains("Usage: vmspace " + line + " "), r.out());
        assertTrue(r.out().contains("Exit codes"), r.out());
        assertTrue(r.out().contains("64   usage error"), r.out());
    }
}
