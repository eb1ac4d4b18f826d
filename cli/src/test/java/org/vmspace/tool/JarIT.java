package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("TLA2TOOLS");
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
}
