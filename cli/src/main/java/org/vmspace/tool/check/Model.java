package org.vmspace.tool.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A model {@code vmspace check} runs: a {@code tla/MC*.cfg} whose header has the line
 * {@code \* EXPECT: <result>} ({@code pass}, an invariant or action property name,
 * {@code TemporalProperty}, {@code Deadlock}), the contract of scripts/check.sh. The optional line
 * {@code \* GROUP: ci|large} puts it in a group (default {@code ci}; until every large model says so, a
 * model without the line whose name contains {@code Large} is {@code large}). The model's module is the
 * longest {@code tla/MC*.tla} whose name prefixes the cfg's. The CI model {@code MCVmSpace} runs with
 * TLC's coverage: an action of VmSpace that TLC never takes fails it.
 */
public record Model(String name, Path cfg, String module, String expect, String group, boolean coverage,
                    List<String> features) {
    /** The model that runs with coverage (scripts/check.sh's CI model). */
    public static final String COVERAGE_MODEL = "MCVmSpace";

    private static final Pattern EXPECT = Pattern.compile("^\\\\\\* EXPECT: *([A-Za-z0-9_]*).*");
    private static final Pattern GROUP = Pattern.compile("^\\\\\\* GROUP: *([A-Za-z0-9_-]+).*");

    /** The cfg's EXPECT value, or null when it has none (not a check model). */
    static String header(List<String> lines, Pattern p) {
        for (String s : lines) {
            Matcher m = p.matcher(s);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** Every check model in {@code tlaDir} (cfgs with an EXPECT line), in scripts/check.sh's order. */
    public static List<Model> all(Path tlaDir) throws IOException {
        List<Path> modules;
        List<Path> cfgs;
        try (Stream<Path> s = Files.list(tlaDir)) {
            List<Path> files = s.sorted().toList();
            modules = files.stream().filter(f -> f.getFileName().toString().matches("MC.*\\.tla")).toList();
            cfgs = files.stream().filter(f -> f.getFileName().toString().matches("MC.*\\.cfg")).toList();
        }
        List<Model> out = new ArrayList<>();
        for (Path cfg : cfgs) {
            List<String> lines = Files.readAllLines(cfg, StandardCharsets.UTF_8);
            String expect = header(lines, EXPECT);
            if (expect == null) {
                continue;
            }
            String name = cfg.getFileName().toString().replaceFirst("\\.cfg$", "");
            String group = header(lines, GROUP);
            if (group == null) {
                group = name.contains("Large") ? "large" : "ci";
            }
            String module = "";
            for (Path t : modules) {
                String n = t.getFileName().toString().replaceFirst("\\.tla$", "");
                if (name.startsWith(n) && n.length() > module.length()) {
                    module = n;
                }
            }
            out.add(new Model(name, cfg, module, expect, group, name.equals(COVERAGE_MODEL), features(lines, expect)));
        }
        out.sort(Comparator.comparingInt(Model::rank).thenComparing(Model::name));
        return out;
    }

    /** scripts/check.sh's order: the CI model, then liveness, reachability, bug models, the rest. */
    private int rank() {
        if (coverage) {
            return 0;
        }
        String[] order = {"MCVmSpaceLive", "MCVmSpaceReach", "MCVmSpaceBug"};
        for (int k = 0; k < order.length; k++) {
            if (name.startsWith(order[k])) {
                return k + 1;
            }
        }
        return order.length + 1;
    }

    /** The TLA+ Examples manifest's model features this cfg uses. */
    private static List<String> features(List<String> lines, String expect) {
        List<String> f = new ArrayList<>();
        boolean property = false;
        boolean fair = false;
        for (String raw : lines) {
            String s = raw.strip();
            if (s.startsWith("\\*")) {
                continue;
            }
            property |= s.startsWith("PROPERT");
            fair |= s.matches("SPECIFICATION\\s+\\w*Fair\\w*.*");
            if (s.startsWith("SYMMETRY") && !f.contains("symmetry")) {
                f.add("symmetry");
            }
            if (s.startsWith("VIEW") && !f.contains("view")) {
                f.add("view");
            }
            if (s.startsWith("CONSTRAINT") && !f.contains("state constraint")) {
                f.add("state constraint");
            }
            if (s.matches("CHECK_DEADLOCK\\s+FALSE") && !f.contains("ignore deadlock")) {
                f.add("ignore deadlock");
            }
        }
        if ((property && fair) || expect.equals("TemporalProperty")) {
            f.add(0, "liveness");
        }
        return List.copyOf(f);
    }
}
