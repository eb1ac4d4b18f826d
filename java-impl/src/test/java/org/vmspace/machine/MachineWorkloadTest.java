package org.vmspace.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The multi-space workload: one trace per seed, every operation and refusal kind, the command line. */
class MachineWorkloadTest {
    private static List<String> trace(MachineWorkload.Params p) {
        MachineSink.Memory sink = new MachineSink.Memory();
        MachineWorkload.run(p, sink);
        return sink.lines();
    }

    @Test
    void aSeedGivesOneTraceAndAnotherSeedAnother() {
        MachineWorkload.Params p = MachineWorkload.Params.defaults(3, 300);
        assertEquals(trace(p), trace(p));
        assertNotEquals(trace(p), trace(MachineWorkload.Params.defaults(4, 300)));
    }

    @Test
    void theWorkloadTakesEveryOperationAndRefusalOverSeveralSpacesAndCpus() {
        List<String> l = trace(MachineWorkload.Params.defaults(1, 3000));
        Set<String> kinds = new TreeSet<>();
        Set<String> spaces = new TreeSet<>();
        Set<String> cpus = new TreeSet<>();
        for (String s : l.subList(1, l.size())) {
            kinds.add(s.replaceAll(".*\"op\":\"(\\w+)\".*\"outcome\":\"(\\w+)\".*", "$1 $2"));
            if (s.contains("\"op\":\"Activate\"")) {
                spaces.add(s.replaceAll(".*\"space\":(\\d+).*", "$1"));
                cpus.add(s.replaceAll(".*\"cpu\":(\\d+).*", "$1"));
            }
        }
        assertEquals(new TreeSet<>(List.of("Activate ok", "CowCopy ok", "CowReuse ok", "CowShare InvalidArgs",
                "CowShare ok", "DispatchTlbFlush NothingPending", "DispatchTlbFlush ok", "FaultRefill ok", "Fork ok",
                "Map OutOfFrames", "Map ok", "NewSpace ok", "Read NotMapped", "Read ok", "Unmap NotMapped", "Unmap ok",
                "Write NotMapped", "Write OutOfFrames", "Write ReadOnly", "Write ok")), kinds);
        assertEquals(6, spaces.size(), "two spaces and four forks, each activated: " + spaces);
        assertEquals(3, cpus.size());
    }

    @Test
    void theCommandLineWritesTheTraceOrSaysWhatIsWrongInOneLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.ndjson");
        assertEquals(0, MachineWorkloadMain.run("--out", out.toString(), "--ops", "50", "--seed", "2"));
        assertEquals(trace(MachineWorkload.Params.defaults(2, 50)), Files.readAllLines(out));
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            assertEquals(2, MachineWorkloadMain.run("--out", out.toString(), "--bugs", "NoSuchBug"));
            assertEquals(2, MachineWorkloadMain.run("--ops", "5"));
            assertEquals(2, MachineWorkloadMain.run("--out", out.toString(), "--cpus", "0"));
            assertEquals(3, MachineWorkloadMain.run("--out", dir.toString()), "a directory cannot be written");
        } finally {
            System.setErr(err);
        }
        String[] lines = buf.toString().split("\n");
        assertEquals(4, lines.length, buf.toString());
        for (String s : lines) {
            assertTrue(s.startsWith("trace-machine: "), s);
        }
    }
}
