package org.vmspace.tool.check;

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
 * A model config {@code vmspace check} runs, read by the header contract of scripts/check.sh (the
 * one description of it is that script's header comment): every {@code tla/MCVmSpace*.cfg} except
 * the design review's {@code tla/MCVmSpaceSeed*.cfg}; its module is the longest {@code tla/MC*.tla}
 * whose name prefixes the config's. Header lines are TLA+ comment lines anywhere in the file, the
 * first per key counts: {@code \* EXPECT: <outcome>} (required: {@code pass}, an invariant or action
 * property name, {@code TemporalProperty}, {@code Deadlock}), {@code \* GROUP: ci|large} (default
 * {@code ci}), {@code \* COVERAGE: actions} (TLC runs with {@code -coverage}; an action of its spec
 * module, the MC module's name without "MC" ({@link Checker#specModule}), never taken fails the model). A config that breaks the contract has a {@link #problem()}:
 * it fails without running TLC.
 */
public record Model(String name, Path cfg, String module, String expect, String group, boolean coverage,
                    String problem, List<String> features) {
    private static final Pattern PROPERTY_LINE = Pattern.compile("^PROPERT(Y|IES)\\b(.*)");

    /** The first {@code \* KEY: value} line's value (letters, digits, _), or null. */
    static String header(List<String> lines, String key) {
        Pattern p = Pattern.compile("^\\\\\\* " + key + ": *([A-Za-z0-9_]*).*");
        for (String s : lines) {
            Matcher m = p.matcher(s);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** Every model config of {@code tlaDir}, in file-name order. */
    public static List<Model> all(Path tlaDir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(tlaDir)) {
            files = s.sorted().toList();
        }
        List<Path> modules = files.stream().filter(f -> f.getFileName().toString().matches("MC.*\\.tla")).toList();
        List<Model> out = new ArrayList<>();
        for (Path cfg : files) {
            String file = cfg.getFileName().toString();
            if (!file.matches("MCVmSpace.*\\.cfg") || file.startsWith("MCVmSpaceSeed")) {
                continue;
            }
            List<String> lines = Files.readAllLines(cfg, StandardCharsets.UTF_8);
            String name = file.replaceFirst("\\.cfg$", "");
            String expect = header(lines, "EXPECT");
            String group = header(lines, "GROUP");
            String cov = header(lines, "COVERAGE");
            String module = "";
            for (Path t : modules) {
                String n = t.getFileName().toString().replaceFirst("\\.tla$", "");
                if (name.startsWith(n) && n.length() > module.length()) {
                    module = n;
                }
            }
            String problem = null;
            if (expect == null || expect.isEmpty()) {
                problem = "no '\\* EXPECT:' line";
            } else if (cov != null && !cov.equals("actions")) {
                problem = "unknown COVERAGE: " + cov;
            } else if (expect.equals("TemporalProperty") && properties(lines) != 1) {
                problem = "EXPECT: TemporalProperty needs exactly one PROPERTY (has " + properties(lines) + ")";
            }
            out.add(new Model(name, cfg, module, expect == null || expect.isEmpty() ? "?" : expect,
                    group == null || group.isEmpty() ? "ci" : group, "actions".equals(cov), problem,
                    features(lines, expect == null ? "" : expect)));
        }
        return out;
    }

    /** The words after PROPERTY/PROPERTIES on the lines that start with it (scripts/check.sh's count). */
    static int properties(List<String> lines) {
        int n = 0;
        for (String s : lines) {
            Matcher m = PROPERTY_LINE.matcher(s);
            if (m.matches() && !m.group(2).isBlank()) {
                n += m.group(2).trim().split("\\s+").length;
            }
        }
        return n;
    }

    /** The TLA+ Examples manifest's model features this config uses. */
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
