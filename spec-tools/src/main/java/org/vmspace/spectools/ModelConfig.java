package org.vmspace.spectools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A TLC model: its .cfg, the module TLC runs with it, and its header contract (scripts/check.sh):
 * a comment line {@code \* EXPECT: pass} or {@code \* EXPECT: <Invariant|Property|Deadlock>}, and
 * optionally {@code \* GROUP: <name>} (the models of one group, e.g. {@code ci}) and
 * {@code \* COVERAGE: actions} (TLC runs with {@code -coverage}; a run that passes fails the model
 * if some action of the spec module is never taken, as scripts/check.sh and make check do), and
 * {@code \* MUTATE: prescreen} (Mutate runs this model first for every mutant: a small model
 * that kills most mutants in seconds; the others run only for the mutants it does not kill).
 *
 * @param cfg    the .cfg file
 * @param module the module TLC is run on: the longest *.tla in the cfg's directory whose name
 *               prefixes the cfg's name (MCVmSpaceLive.cfg runs MCVmSpace.tla)
 * @param expect the expected outcome, "pass" when the header says nothing
 * @param group  the GROUP, or "" when the header has none
 * @param coverage the header says {@code \* COVERAGE: actions}
 * @param prescreen the header says {@code \* MUTATE: prescreen}
 */
public record ModelConfig(Path cfg, String module, String expect, String group, boolean coverage,
                          boolean prescreen) {

    private static final Pattern EXPECT = Pattern.compile("^\\\\\\* EXPECT: *([A-Za-z0-9_]+)");
    private static final Pattern GROUP = Pattern.compile("^\\\\\\* GROUP: *([A-Za-z0-9_,-]+)");
    private static final Pattern MUTATE = Pattern.compile("^\\\\\\* MUTATE: *([A-Za-z0-9_]*)");
    private static final Pattern COVERAGE = Pattern.compile("^\\\\\\* COVERAGE: *([A-Za-z0-9_]*)");

    public String name() {
        return cfg.getFileName().toString().replaceFirst("\\.cfg$", "");
    }

    public boolean expectsPass() {
        return expect.equals("pass");
    }

    public static ModelConfig load(Path cfg) throws IOException {
        if (!Files.isRegularFile(cfg)) {
            throw new IOException("no model config " + cfg);
        }
        String expect = "pass";
        String group = "";
        boolean sawExpect = false;
        String coverage = null;
        String mutate = null;
        for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
            Matcher e = EXPECT.matcher(line);
            if (!sawExpect && e.find()) {
                expect = e.group(1);
                sawExpect = true;
            }
            Matcher g = GROUP.matcher(line);
            if (group.isEmpty() && g.find()) {
                group = g.group(1);
            }
            Matcher c = COVERAGE.matcher(line);
            if (coverage == null && c.find()) {
                coverage = c.group(1);
            }
            Matcher mu = MUTATE.matcher(line);
            if (mutate == null && mu.find()) {
                mutate = mu.group(1);
            }
        }
        if (coverage != null && !coverage.equals("actions")) {
            throw new IOException(cfg + ": unknown '\\* COVERAGE: " + coverage + "' (the only value is 'actions')");
        }
        if (mutate != null && !mutate.equals("prescreen")) {
            throw new IOException(cfg + ": unknown '\\* MUTATE: " + mutate + "' (the only value is 'prescreen')");
        }
        return new ModelConfig(cfg, moduleFor(cfg), expect, group, coverage != null, mutate != null);
    }

    static String moduleFor(Path cfg) throws IOException {
        String name = cfg.getFileName().toString().replaceFirst("\\.cfg$", "");
        Path dir = cfg.toAbsolutePath().getParent();
        String best = "";
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String f = p.getFileName().toString();
                if (f.endsWith(".tla")) {
                    String m = f.substring(0, f.length() - 4);
                    if (name.startsWith(m) && m.length() > best.length()) {
                        best = m;
                    }
                }
            }
        }
        if (best.isEmpty()) {
            throw new IOException("no module in " + dir + " whose name prefixes " + name + ".cfg");
        }
        return best;
    }

    /** The models of a group in a directory: cfgs whose header says {@code \* GROUP: g} (one of a comma list). */
    public static List<ModelConfig> group(Path dir, String g) throws IOException {
        List<ModelConfig> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (p.getFileName().toString().endsWith(".cfg")) {
                    ModelConfig m = load(p);
                    if (List.of(m.group().split(",")).contains(g)) {
                        out.add(m);
                    }
                }
            }
        }
        return out;
    }
}
