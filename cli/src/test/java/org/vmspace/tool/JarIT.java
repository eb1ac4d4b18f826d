package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it: {@code java -jar vmspace.jar} in a directory outside the checkout,
 * with no TLA2TOOLS (the jar's own TLC and packaged modules): help, a workload trace, its validation,
 * a model check with its reports in the working directory.
 */
class JarIT {
    static final Path JAR = Path.of(System.getProperty("vmspace.jar", "target/vmspace.jar")).toAbsolutePath();

    @TempDir
    Path cwd;

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Run java(String... args) throws IOException, InterruptedException {
        return javaWith(Map.of(), args);
    }

    /** With extra environment variables (TLA2TOOLS is removed unless given here). */
    Run javaWith(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("TLA2TOOLS");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(cwd, "run", ".out");
        Path err = Files.createTempFile(cwd, "run", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "timed out: " + cmd);
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theJarWorksFromAnotherDirectoryWithItsOwnTlcAndModules() throws Exception {
        Run help = java("--help");
        assertEquals(0, help.exit(), help.toString());
        for (String s : MainTest.SUBCOMMANDS) {
            assertTrue(help.out().contains("\n  " + s + " "), help.toString());
        }
        Run trace = java("trace", "-o", "t.ndjson", "--ops", "200", "--threads", "2");
        assertEquals(0, trace.exit(), trace.toString());
        assertTrue(Files.isRegularFile(cwd.resolve("t.ndjson")));
        Run v = java("validate", "t.ndjson");
        assertEquals(0, v.exit(), v.toString());
        assertTrue(v.out().startsWith("validate: ACCEPTED t.ndjson"), v.toString());
        assertTrue(v.out().endsWith("validate: 1 of 1 accepted\n"), v.toString());
        Run c = java("check", "--model", "MCVmSpaceBugNoCursorLock");
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("ok    MCVmSpaceBugNoCursorLock"), c.toString());
        assertTrue(Files.isRegularFile(cwd.resolve("build/check/junit.xml")));
        assertTrue(Files.isRegularFile(cwd.resolve("build/check/manifest.json")));
        Run bad = java("validate");
        assertEquals(ExitCodes.USAGE, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("validate: Missing required parameter"), bad.toString());
    }

    /**
     * The machine's subcommands from the jar: the workload's trace, accepted by the jar's TLC; a line
     * outside the JSON Schema is one line on stderr (the shaded schema validator and its logging: no
     * SLF4J warning) and exit 2.
     */
    @Test
    void theMachineTraceIsWrittenAndValidatedAndAnOffSchemaLineIsOneLine() throws Exception {
        Run trace = java("machine", "trace", "-o", "m.ndjson", "--ops", "40");
        assertEquals(0, trace.exit(), trace.toString());
        Run v = java("machine", "validate", "--quiet", "m.ndjson");
        assertEquals(0, v.exit(), v.toString());
        assertTrue(v.out().startsWith("machine validate: ACCEPTED m.ndjson"), v.toString());
        assertEquals("", v.err());
        List<String> lines = new ArrayList<>(Files.readAllLines(cwd.resolve("m.ndjson")));
        lines.set(2, lines.get(2).replace("\"outcome\"", "\"note\":1,\"outcome\""));
        Files.write(cwd.resolve("bad.ndjson"), lines);
        Run bad = java("machine", "validate", "bad.ndjson");
        assertEquals(ExitCodes.MALFORMED, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("machine validate: bad.ndjson: line 3: event: property 'note' is not defined")
                && bad.err().indexOf('\n') == bad.err().length() - 1, bad.toString());
    }

    /** scripts/state-graph.sh's smallest model (570 states): MBT's whole cover takes seconds. */
    static final String TINY_MODEL = String.join("\n", "SPECIFICATION Spec", "CONSTANTS", "    PAGE_SIZE = 2",
            "    MAX_USERSPACE_VADDR = 2", "    CPUs = {c1}", "    Frames = {f1}", "    Ids = {i1}", "    CursorIds = {k1}",
            "    SHARED_READER = FALSE", "    ReqVaddrs = {0}", "    ReqLens = {2}", "    BUG = \"None\"",
            "    c1 = c1  c2 = c2  f1 = f1  f2 = f2  f3 = f3  i1 = i1  i2 = i2  i3 = i3  k1 = k1  k2 = k2",
            "INVARIANT TypeOK", "");

    @Test
    void mbtRunsAModelOfItsOwnAndFindsAPlantedBug() throws Exception {
        Files.writeString(cwd.resolve("MCVmSpaceTiny.cfg"), TINY_MODEL);
        Run ok = java("mbt", "--model", "MCVmSpaceTiny.cfg", "--max-behaviours", "3", "--traces", "1", "--itf-limit", "1");
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().startsWith("MBT MCVmSpaceTiny: TLC state graph: 570 states"), ok.toString());
        assertTrue(ok.out().contains("MBT MCVmSpaceTiny: 3 behaviours") && ok.out().contains("; 0 mismatches;"), ok.toString());
        assertTrue(ok.out().contains("MBT trace ACCEPTED build/mbt-traces/mbt-MCVmSpaceTiny-00001.ndjson"), ok.toString());
        assertTrue(Files.isRegularFile(cwd.resolve("build/itf/mbt-MCVmSpaceTiny-00001.itf.json")), ok.toString());
        // the same model with a deliberate Java bug: MBT's own exit 1, the mismatch in the JSON result
        Run bug = java("mbt", "--model", "MCVmSpaceTiny.cfg", "--traces", "0", "--bugs", "NoCursorLock", "--json", "--quiet");
        assertEquals(1, bug.exit(), bug.toString());
        assertEquals("", bug.err(), bug.toString());
        JsonObject j = JsonParser.parseString(bug.out()).getAsJsonObject();
        assertEquals("mismatch", j.get("verdict").getAsString());
        assertTrue(j.getAsJsonObject("mismatch").getAsJsonObject("variables").has("cursors"), bug.toString());
        // no TLC: a tool failure
        Run noTlc = javaWith(Map.of("TLA2TOOLS", cwd.resolve("no-such-tla2tools.jar").toString()), "mbt", "--model",
                "MCVmSpaceTiny.cfg", "--traces", "0", "--quiet");
        assertEquals(ExitCodes.TOOL_FAILURE, noTlc.exit(), noTlc.toString());
        assertTrue(noTlc.err().startsWith("mbt: TLC exited"), noTlc.toString());
    }

    @Test
    void mutateRunsAFilteredSampleOfASpecOfItsOwn() throws Exception {
        // spec-tools' fixture (make mutate-selftest's), copied next to the run
        Path fx = Files.createDirectories(cwd.resolve("fx"));
        Path src = Path.of(System.getProperty("vmspace.root", "..")).resolve("spec-tools/src/test/resources/fixture");
        for (String f : List.of("Tiny.tla", "Tiny.cfg", "Tiny.expected")) {
            Files.copy(src.resolve(f), fx.resolve(f));
        }
        Run list = java("mutate", "--spec", "fx/Tiny.tla", "--list", "--filter", "M00[12] ");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().endsWith("2 mutants (16 generated)\n"), list.toString());
        Run run = java("mutate", "--spec", "fx/Tiny.tla", "--group", "ci", "--filter", "M00[12] ", "--timeout", "120",
                "--json", "--out", "fx/MUTATION.md");
        assertEquals(0, run.exit(), run.toString());
        JsonObject j = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(2, j.getAsJsonObject("counts").get("killed").getAsInt(), run.toString());
        assertEquals(100.0, j.get("score").getAsDouble());
        assertEquals("M001", j.getAsJsonArray("mutants").get(0).getAsJsonObject().get("id").getAsString());
        assertTrue(run.err().contains("[2/2] M00"), "the per-mutant lines go to stderr with --json: " + run);
        assertTrue(Files.readString(fx.resolve("MUTATION.md")).contains("| killed | 2"), run.toString());
        // the sample against the whole expectation: the other 14 are missing, exit 1
        Run expect = java("mutate", "--spec", "fx/Tiny.tla", "--group", "ci", "--filter", "M00[12] ", "--timeout", "120",
                "--expect", "fx/Tiny.expected");
        assertEquals(ExitCodes.FAILED, expect.exit(), expect.toString());
        assertTrue(expect.err().contains("missing mutant: M003 killed(coverage)"), expect.toString());
        // a model the original spec fails: bad input, exit 2
        Files.writeString(fx.resolve("TinyWrong.cfg"), "\\* EXPECT: pass\nINIT Init\nNEXT Next\nCONSTANT N = 2\n"
                + "INVARIANT NoSuchInvariant\n");
        Run wrong = java("mutate", "--spec", "fx/Tiny.tla", "--config", "fx/TinyWrong.cfg", "--limit", "1", "--quiet");
        assertEquals(ExitCodes.MALFORMED, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().startsWith("mutate: "), wrong.toString());
        Run noTlc = javaWith(Map.of("TLA2TOOLS", cwd.resolve("no-such-tla2tools.jar").toString()), "mutate", "--spec",
                "fx/Tiny.tla", "--group", "ci", "--limit", "1");
        assertEquals(ExitCodes.TOOL_FAILURE, noTlc.exit(), noTlc.toString());
        assertTrue(noTlc.err().startsWith("mutate: no TLC jar at "), noTlc.toString());
    }
}
