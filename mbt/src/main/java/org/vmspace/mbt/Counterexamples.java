package org.vmspace.mbt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.vmspace.tv.Validate;

/**
 * The counterexamples of the bug models ({@code tla/MCVmSpaceBug*.cfg}) as ITF JSON: TLC runs each
 * model (private temp dir and metadir) and its error trace goes to {@code build/itf/<model>.itf.json}.
 * {@code make itf}; exit 0 when every bug model produced a counterexample, 1 otherwise.
 */
public final class Counterexamples {
    private Counterexamples() {}

    /** Runs TLC on {@code cfg} and returns its output. */
    static String runTlc(Path root, Path cfg) throws IOException, InterruptedException {
        String module = StateGraph.specModuleFor(root, cfg);
        Path dir = Files.createTempDirectory("vmspace-cex-");
        try {
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            Validate.Config vc = Validate.Config.fromEnvironment();
            List<String> cmd = List.of("java", "-XX:+UseParallelGC", "-Xss16m", "-Djava.io.tmpdir=" + tmp, "-cp",
                    vc.tlcJar().toString(), "tlc2.TLC", "-workers", "1", "-metadir", dir.resolve("meta").toString(),
                    "-config", cfg.toAbsolutePath().toString(), module + ".tla");
            for (Path p : Files.list(root.resolve("tla")).filter(p -> p.toString().endsWith(".tla")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } finally {
            StateGraph.deleteTree(dir);
        }
    }

    /** Writes the counterexample of bug model {@code cfg} to {@code dir}; null if TLC found none. */
    public static Path write(Path root, Path cfg, Path dir) throws IOException, InterruptedException {
        Itf.Doc d = Itf.fromTlcOutput("tla/" + cfg.getFileName(), runTlc(root, cfg));
        if (d.states().isEmpty()) {
            return null;
        }
        Files.createDirectories(dir);
        Path out = dir.resolve(cfg.getFileName().toString().replace(".cfg", ".itf.json"));
        Files.writeString(out, Itf.toJson(d));
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("vmspace.root", ".")).toAbsolutePath().normalize();
        Path dir = root.resolve("build/itf");
        List<Path> cfgs = new ArrayList<>();
        try (var ls = Files.list(root.resolve("tla"))) {
            ls.filter(p -> p.getFileName().toString().matches("MCVmSpaceBug.*\\.cfg")).sorted().forEach(cfgs::add);
        }
        int missing = 0;
        for (Path cfg : cfgs) {
            Path out = write(root, cfg, dir);
            if (out == null) {
                missing++;
                System.out.println("itf: " + cfg.getFileName() + ": TLC found no counterexample");
            } else {
                System.out.println("itf: " + root.relativize(out) + " (" + Itf.read(out).states().size() + " states, "
                        + Itf.read(out).description() + ")");
            }
        }
        System.exit(missing == 0 ? 0 : 1);
    }
}
