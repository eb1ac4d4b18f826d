package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interleavings, not luck (issue 10 item 7): the concurrent paths explored by Lincheck's model checker
 * ({@link Interleavings}: the scenarios, the tool, its settings), each on the correct code (every
 * explored interleaving must keep the invariants, and no deadlock) and with one planted bug (the
 * exploration must fail, and the scenario must have seen the bug's invariant broken), so each check
 * shows it can fail:
 * <ul>
 *   <li>cursor close with its flush dispatch and TLB shootdown, against a writer's I/O on another CPU:
 *       {@link Bug#LateShootdown} (the shootdown lands after the critical section that logs the
 *       dispatch) lets the writer store into a freed frame through its stale TLB entry
 *       ({@code AccessSafeInv}), the log showing the {@code Write} after {@code DispatchTlbFlush};</li>
 *   <li>range locks, two overlapping {@code CursorMut}s: {@link Bug#NoCursorLock}
 *       ({@code CursorExclusionInv});</li>
 *   <li>owner activation against I/O, a reader reading while a writer is activated over its page:
 *       {@link Bug#NoBorrowCheck} ({@code NoReadWriteAliasingInv}).</li>
 * </ul>
 * The explorations run in one JVM of their own: inside Surefire's test JVM, Lincheck 3.7 reports every
 * exploration as hung (also the correct code's), while the same explorations complete in a plain JVM.
 * {@code -Dvmspace.lincheck.invocations=N} sets the interleavings explored per check (default 100).
 */
class InterleavingTest {
    private static final int INVOCATIONS = Integer.getInteger("vmspace.lincheck.invocations", 100);
    /** Per check: "outcome seen". */
    private static final Map<String, String[]> RESULTS = new HashMap<>();
    private static String output;

    @BeforeAll
    static void explore() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), Interleavings.class.getName(),
                Integer.toString(INVOCATIONS)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the explorations did not finish");
        output = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        for (String line : output.split("\n")) {
            if (line.startsWith("CHECK ")) {
                String[] f = line.split(" ", 7); // CHECK name bug invocations ms outcome seen
                RESULTS.put(f[1] + " " + f[2], new String[] {f[5], f[6]});
                System.out.println(line);
            }
        }
    }

    private static void assertPasses(String name) {
        String[] r = RESULTS.get(name + " null");
        assertNotNull(r, output);
        assertEquals("passed", r[0], output);
        assertEquals("-", r[1], output);
    }

    private static void assertCaught(String name, Bug bug, String... invariants) {
        String[] r = RESULTS.get(name + " " + bug);
        assertNotNull(r, output);
        assertEquals("failed", r[0], output);
        boolean named = false;
        for (String inv : invariants) {
            named |= r[1].startsWith(inv + ":");
        }
        assertTrue(named, "the scenario saw " + r[1] + ", not " + List.of(invariants) + "\n" + output);
    }

    @Test
    void aWriteOnAnotherCpuNeverReachesAFreedFrameWhileACursorClosesWithItsShootdown() {
        assertPasses("shootdown");
    }

    @Test
    void aShootdownLandingAfterTheLoggedDispatchIsCaught() {
        assertCaught("shootdown", Bug.LateShootdown, "AccessSafeInv", "NoStaleTlbInv");
        String seen = RESULTS.get("shootdown " + Bug.LateShootdown)[1];
        assertTrue(seen.matches(".*DispatchTlbFlush(, DropCursor)?, Write\\]$"),
                "the stale write follows the logged dispatch: " + seen);
    }

    @Test
    void overlappingCursorsNeverLiveAtOnceAndNeverDeadlock() {
        assertPasses("rangeLock");
    }

    @Test
    void aCursorThatDoesNotWaitForTheRangeLockIsCaught() {
        assertCaught("rangeLock", Bug.NoCursorLock, "CursorExclusionInv");
    }

    @Test
    void aWriterActivatedAgainstAReadingReaderNeverAliasesIt() {
        assertPasses("activation");
    }

    @Test
    void aWriterActivationThatIgnoresTheReadersBorrowIsCaught() {
        assertCaught("activation", Bug.NoBorrowCheck, "NoReadWriteAliasingInv");
    }
}
