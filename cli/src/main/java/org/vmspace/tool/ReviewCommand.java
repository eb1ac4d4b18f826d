package org.vmspace.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmspace.tool.tla.ModuleTree;
import org.vmspace.tool.tla.Tlc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vmspace review}: the design review of the seed's contracts (tla/REVIEW.md), delegated to the
 * review machinery, scripts/review.sh (its rows, expected outcomes and table printer are the one
 * source), run in the packaged tree (or a checkout) with this program's TLC. Needs bash; a row's
 * counterexample table needs python3; the full review's static checks also read the seed files
 * ({@code $SEEDS}, see scripts/review.sh).
 */
@Command(name = "review", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Replay the design review of the seed's contracts (tla/REVIEW.md).",
        description = {"Replays the design review (tla/REVIEW.md): every row's TLC run on the seed's contracts, "
                + "compared with the recorded verdict; with ROW arguments only those rows, each with its "
                + "counterexample table. Runs scripts/review.sh (needs bash; tables need python3; the full review's "
                + "static checks read the seed files: $SEEDS)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every verdict as recorded", "1:a verdict changed", "2:no such row, or the seed does not parse",
                "3:tool failure (no bash, no TLC jar)", "64:usage error"})
public final class ReviewCommand implements Subcommand {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "ROW", description = "Rows to replay (R01, R12, ...); default: all.")
    List<String> rows = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR", description = "Run in this checkout (results in DIR/build/review) instead of the packaged files.")
    Path root;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String r : rows) {
            if (!r.matches("R[0-9]{2}")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "a row is R followed by two digits: " + r);
            }
        }
        try (ModuleTree tree = Subcommand.moduleTree(spec, root)) {
            Path script = tree.root().resolve("scripts/review.sh");
            if (!Files.isRegularFile(script)) {
                err.println("review: no scripts/review.sh in " + tree.root());
                return ExitCodes.TOOL_FAILURE;
            }
            Tlc tlc = Tlc.fromEnvironment();
            try {
                tlc.requireJar();
            } catch (IOException e) {
                err.println("review: " + e.getMessage());
                return ExitCodes.TOOL_FAILURE;
            }
            List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
            cmd.addAll(rows);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(tree.root().toFile());
            pb.environment().put("TLA2TOOLS", tlc.jar().toString());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                err.println("review: cannot run bash: " + e.getMessage());
                return ExitCodes.TOOL_FAILURE;
            }
            p.getOutputStream().close();
            Thread te = pump(p.getErrorStream(), err);
            Thread to = pump(p.getInputStream(), out);
            int rc = p.waitFor();
            to.join();
            te.join();
            return rc;
        }
    }

    private static Thread pump(InputStream in, PrintWriter w) {
        Thread t = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String s = r.readLine(); s != null; s = r.readLine()) {
                    synchronized (w) {
                        w.println(s);
                        w.flush();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "vmspace-review-pump");
        t.start();
        return t;
    }
}
