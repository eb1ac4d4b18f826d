package org.vmspace.tool.check;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vmspace.tool.tla.ModuleTree;
import org.vmspace.tool.tla.Tlc;

/**
 * What {@code vmspace check} does, by the contract of scripts/check.sh: SANY parses every module of
 * {@code tla/} and {@code trace-validation/}, then TLC runs each selected model (with
 * {@code -coverage 60} when its header says {@code COVERAGE: actions}) and its result is compared with
 * its {@code EXPECT} line. Logs go to the output directory as {@code sany-MODULE.out} and {@code MODEL.out}.
 */
public final class Checker {
    /** SANY's verdict on one module. */
    public record Parse(String module, boolean ok, String log) {}

    private static final Pattern DISTINCT = Pattern.compile("([0-9][0-9,]*) distinct states found");
    private static final Pattern INVARIANT = Pattern.compile("^Error: Invariant ([A-Za-z0-9_]+) is violated.*");
    private static final Pattern ACTION_PROPERTY = Pattern.compile("^Error: Action property ([A-Za-z0-9_]+) is violated.*");
    /**
     * TLC's coverage line of an action of {@code module}: the spec module a model checks is its MC
     * module's name without "MC" (MCVmSpace checks VmSpace, MCVmSpaceMachine checks VmSpaceMachine).
     */
    static Pattern coverage(String module) {
        return Pattern.compile("^<([A-Za-z_0-9]+) line \\d+, col \\d+ to line \\d+, col \\d+ of module "
                + Pattern.quote(module) + ">: (\\d+):(\\d+)$");
    }

    /** The spec module whose actions a model's coverage check counts (its MC module without "MC"). */
    public static String specModule(String mcModule) {
        return mcModule.startsWith("MC") ? mcModule.substring(2) : mcModule;
    }
    private static final Pattern SANY_ERROR = Pattern.compile("\\*\\*\\* Errors|Parse Error|Semantic errors|Could not parse");

    private final ModuleTree tree;
    private final Tlc tlc;
    private final Path out;
    private final int workers;
    private final PrintWriter progress;

    public Checker(ModuleTree tree, Tlc tlc, Path out, int workers, PrintWriter progress) {
        this.tree = tree;
        this.tlc = tlc;
        this.out = out;
        this.workers = workers;
        this.progress = progress;
    }

    /** Every module of tla/ and trace-validation/, in file-name order. */
    public List<Path> modules() throws IOException {
        List<Path> mods = new ArrayList<>();
        for (Path dir : List.of(tree.tla(), tree.traceValidation())) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(f -> f.toString().endsWith(".tla")).sorted().forEach(mods::add);
                }
            }
        }
        return mods;
    }

    /**
     * SANY on one module (its directory the working directory, tla/ the library path). Every SANY and
     * TLC process here is started by {@link Tlc#run}, which gives each its own -Djava.io.tmpdir.
     */
    public Parse parse(Path m) throws IOException, InterruptedException {
        String base = m.getFileName().toString();
        Path log = out.resolve("sany-" + base.replaceFirst("\\.tla$", "") + ".out");
        Tlc.Run r = tlc.run("tla2sany.SANY", List.of(base), List.of("-DTLA-Library=" + tree.tla()), m.getParent(), log,
                progress, "check: SANY " + base);
        boolean ok = r.exit() == 0 && r.lines().stream().noneMatch(s -> SANY_ERROR.matcher(s).find());
        return new Parse(tree.root().relativize(m).toString(), ok, log.toString());
    }

    /** Runs one model and judges its result. */
    public Outcome run(Model m) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-workers", Integer.toString(workers)));
        if (m.coverage()) {
            args.addAll(List.of("-coverage", "60"));
        }
        args.addAll(List.of("-config", m.cfg().getFileName().toString(), m.module() + ".tla"));
        Path log = out.resolve(m.name() + ".out");
        Tlc.Run r = tlc.run("tlc2.TLC", args, List.of(), m.cfg().getParent(), log, progress, "check: " + m.name());
        List<String> lines = r.lines();
        Long distinct = null;
        String invariant = null;
        String actionProperty = null;
        boolean temporal = false;
        for (String s : lines) {
            Matcher d = DISTINCT.matcher(s);
            if (d.find()) {
                distinct = Long.parseLong(d.group(1).replace(",", ""));
            }
            Matcher i = INVARIANT.matcher(s);
            if (invariant == null && i.matches()) {
                invariant = i.group(1);
            }
            Matcher a = ACTION_PROPERTY.matcher(s);
            if (actionProperty == null && a.matches()) {
                actionProperty = a.group(1);
            }
            temporal |= s.contains("Temporal properties were violated");
        }
        String got = switch (r.exit()) {
            case 0 -> "pass";
            case 12 -> invariant == null ? "" : invariant;
            case 13 -> temporal ? "TemporalProperty" : actionProperty == null ? "" : actionProperty;
            case 11 -> "Deadlock";
            default -> "error(exit " + r.exit() + ")";
        };
        boolean ok = got.equals(m.expect());
        String detail = "";
        if (m.coverage() && got.equals("pass")) {
            Map<String, Long> generated = new TreeMap<>();
            int taken = 0;
            Pattern coverage = coverage(specModule(m.module()));
            for (String s : lines) {
                Matcher c = coverage.matcher(s);
                if (c.matches()) {
                    taken++;
                    generated.merge(c.group(1), Long.parseLong(c.group(3)), Long::sum);
                }
            }
            List<String> never = generated.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey)
                    .toList();
            if (!never.isEmpty() || taken == 0) {
                ok = false;
                detail = "; never taken: " + (taken == 0 ? "no coverage output" : String.join(" ", never));
            }
        }
        List<String> tail = new ArrayList<>();
        boolean inError = false;
        for (String s : lines) {
            inError |= s.startsWith("Error:");
            if (inError && tail.size() < 30) {
                tail.add(s);
            }
        }
        if (tail.isEmpty() && !ok) {
            tail.addAll(lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        return new Outcome(m, got, distinct, r.seconds(), r.exit(), ok, detail, log.toString(), tail);
    }
}
