package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 1: TLC and SANY processes do not share a temp dir, so many run side by side; and
 * killing the driver (SIGINT, SIGTERM) or its --timeout ends its TLC and leaves no temp files.
 */
class IsolationTest {
    @TempDir
    static Path dir;
    static Path small;
    static Path large;
    static final Path ROOT = Validate.Config.fromEnvironment().root();

    @BeforeAll
    static void traces() {
        small = Traces.workload(dir.resolve("small.ndjson"), 5, 40, 1, "");
        // long enough that TLC is still running when the driver is killed
        large = Traces.workload(dir.resolve("large.ndjson"), 1, 6000, 4, "");
    }

    @Test
    void eightValidationsAndEightSanyParsesRunConcurrentlyAndAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Validate.Result>> validations = new ArrayList<>();
            List<Future<String>> parses = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                validations.add(pool.submit(() -> Traces.validate(small)));
                parses.add(pool.submit(IsolationTest::sany));
            }
            for (Future<Validate.Result> f : validations) {
                Validate.Result r = f.get(300, TimeUnit.SECONDS);
                assertEquals(Validate.ACCEPTED, r.exitCode(), r.out() + r.err());
            }
            for (Future<String> f : parses) {
                String out = f.get(300, TimeUnit.SECONDS);
                assertTrue(out.startsWith("exit 0"), out);
                assertFalse(out.contains("*** Errors") || out.contains("Could not parse")
                        || out.contains("does not exist"), out);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** SANY on tla/VmSpace.tla through scripts/tlc.sh, as make check runs it. */
    private static String sany() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ROOT.resolve("scripts/tlc.sh").toString(), "tla2sany.SANY", "VmSpace.tla")
                .directory(ROOT.resolve("tla").toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return "exit " + p.waitFor() + "\n" + out;
    }

    /**
     * The driver as its own JVM, with its own java.io.tmpdir {@code tmp}. Started through
     * {@code env --default-signal=INT} (GNU coreutils 8.31+): a command started in the background of a
     * non-interactive shell (as {@code make test &} is) inherits SIGINT ignored, and the SIGINT test would
     * then see the driver finish its validation normally (exit 0) instead of testing its signal handling.
     */
    private static Process driver(Path tmp, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-Dvmspace.root=" + ROOT, "-cp", System.getProperty("java.class.path"),
                "org.vmspace.tv.Validate"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolveSibling(
                tmp.getFileName() + ".out").toFile()).start();
    }

    /** Processes whose command line names {@code tmp} (the driver's TLC children do). */
    private static List<ProcessHandle> using(Path tmp) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(tmp.toString())).orElse(false)).toList();
    }

    /** Waits until the driver has a live TLC child. */
    private static void awaitTlc(Process driver) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            if (driver.descendants().anyMatch(h -> h.info().commandLine().map(c -> c.contains("tlc2.TLC")).orElse(false))) {
                Thread.sleep(300);
                return;
            }
            assertTrue(driver.isAlive(), "the driver ended before TLC started");
            Thread.sleep(100);
        }
        throw new AssertionError("no TLC child within 120 s");
    }

    private static void assertNothingLeft(Path tmp) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!using(tmp).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), using(tmp).stream().map(h -> h.info().commandLine().orElse("?")).toList(),
                "orphan TLC");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "leftovers in the temp dir");
        }
    }

    private void killedBy(String signal) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp-" + signal));
        Process d = driver(tmp, large.toString());
        awaitTlc(d);
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(d.pid())).start().waitFor());
        assertTrue(d.waitFor(60, TimeUnit.SECONDS), "the driver did not end");
        assertNotEquals(0, d.exitValue());
        assertNothingLeft(tmp);
    }

    @Test
    void sigintEndsTlcAndLeavesNoTempFiles() throws Exception {
        killedBy("INT");
    }

    @Test
    void sigtermEndsTlcAndLeavesNoTempFiles() throws Exception {
        killedBy("TERM");
    }

    @Test
    void theTimeoutEndsTlcWithExitCode4AndLeavesNoTempFiles() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp-timeout"));
        Process d = driver(tmp, "--timeout", "3", large.toString());
        assertTrue(d.waitFor(120, TimeUnit.SECONDS), "the driver did not end");
        String out = Files.readString(tmp.resolveSibling("tmp-timeout.out"));
        assertEquals(Validate.TIMED_OUT, d.exitValue(), out);
        assertTrue(out.startsWith("validate: timed out after 3 s"), out);
        assertNothingLeft(tmp);
    }
}
