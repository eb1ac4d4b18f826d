package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself: help, the registered subcommands, usage errors (exit 64, one message, no trace). */
class MainTest {
    static final List<String> SUBCOMMANDS = List.of("check", "machine", "mbt", "mutate", "review", "trace", "validate");

    @Test
    void helpListsEverySubcommandAndTheExitCodes() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.exit(), r.toString());
        for (String s : SUBCOMMANDS) {
            assertTrue(r.out().contains("\n  " + s + " "), s + " not listed:\n" + r.out());
        }
        assertTrue(r.out().contains("64  usage error"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "machine", "mbt", "mutate", "review", "trace", "validate"})
    void everySubcommandHasHelpWithItsExitCodes(String sub) {
        Cli r = Cli.run(sub, "--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Usage: vmspace " + sub + " "), r.out());
        assertTrue(r.out().contains("Exit codes"), r.out());
        assertTrue(r.out().contains("64   usage error"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "frobnicate", "--bogus", "validate", "validate -j 0 x.ndjson", "validate --bogus x.ndjson", "validate --timeout 0 x.ndjson",
            "check --group huge", "check --model NoSuchModel", "check --workers 0", "trace", "trace -o t.ndjson --ops many",
            "review R1", "check --root /nonexistent", "validate --report", "mbt --bogus", "mbt --max-behaviours -1",
            "mbt --workers 0", "mbt --model NoSuchModel", "mbt --root /nonexistent", "mutate --jobs 0", "mutate --filter (",
            "mutate --spec nowhere.tla", "mutate --heap lots", "mutate --config nowhere.cfg", "mutate extra",
            "machine", "machine frobnicate", "machine validate", "machine trace", "machine trace -o t.ndjson --ops many",
            "machine validate --root /nonexistent x.ndjson", "validate --root /nonexistent x.ndjson", "review --root /nonexistent"})
    void aUsageErrorExits64WithAOneLineReasonAndAHint(String line) {
        Cli r = Cli.run(line.isEmpty() ? new String[0] : line.split(" "));
        assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(1).startsWith("Try 'vmspace"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
