package org.vmspace.mbt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmspace.tv.Validate;

/**
 * The state graph of a model as TLC explores it: every distinct state (its text as TLC prints it) and
 * every transition (source, target, action instance). Built by running TLC with
 * {@code -dump dot,actionlabels} on the model's generated {@link Actions} module.
 */
public final class StateGraph {
    private final List<String> stateText = new ArrayList<>();
    private int init = -1;
    /** Transitions as parallel arrays: source, target, index into {@link Actions#calls()}. */
    int[] src = new int[1 << 16];
    int[] dst = new int[1 << 16];
    int[] call = new int[1 << 16];
    int edges;
    /** Per state, its outgoing transitions (CSR: outStart[s] .. outStart[s + 1] into outEdge). */
    int[] outStart;
    int[] outEdge;
    private final Actions actions;
    private final String tlcSummary;

    private StateGraph(Actions actions, String tlcSummary) {
        this.actions = actions;
        this.tlcSummary = tlcSummary;
    }

    public int states() {
        return stateText.size();
    }

    public int transitions() {
        return edges;
    }

    public int init() {
        return init;
    }

    public String stateText(int s) {
        return stateText.get(s);
    }

    public Actions actions() {
        return actions;
    }

    public Actions.Call callOf(int e) {
        return actions.calls().get(call[e]);
    }

    public int target(int e) {
        return dst[e];
    }

    public int source(int e) {
        return src[e];
    }

    /** TLC's own count line ("N states generated, M distinct states found ..."). */
    public String tlcSummary() {
        return tlcSummary;
    }

    /**
     * Runs TLC on {@code cfg} (a model of {@code tla/}) with the generated wrappers and reads the graph.
     * TLC gets a private temp dir and metadir (removed afterwards) and {@code workers} workers.
     */
    public static StateGraph explore(Path root, Path cfg, int workers, Path keepDot) throws IOException, InterruptedException {
        ModelConfig m = ModelConfig.read(cfg);
        String module = specModuleFor(root, cfg);
        Actions actions = new Actions(m);
        Path dir = Files.createTempDirectory("vmspace-mbt-");
        try {
            try (var ls = Files.list(root.resolve("tla"))) {
                for (Path p : ls.filter(p -> p.toString().endsWith(".tla")).toList()) {
                    Files.copy(p, dir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path mod = actions.writeModule(dir, module, m);
            String name = mod.getFileName().toString().replace(".tla", "");
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            Validate.Config vc = Validate.Config.fromEnvironment();
            List<String> cmd = new ArrayList<>(List.of("java", "-XX:+UseParallelGC", "-Xss16m", "-Xmx4g",
                    "-Djava.io.tmpdir=" + tmp, "-cp", vc.tlcJar().toString(), "tlc2.TLC", "-workers",
                    Integer.toString(workers), "-metadir", dir.resolve("meta").toString(), "-dump", "dot,actionlabels",
                    dir.resolve("graph").toString(), "-config", name + ".cfg", name + ".tla"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            Process p = pb.start();
            StringBuilder out = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.append(line).append('\n');
                }
            }
            int rc = p.waitFor();
            Matcher sm = Pattern.compile("(\\d+) states generated, (\\d+) distinct states found").matcher(out);
            String summary = sm.find() ? sm.group() : "?";
            if (rc != 0) {
                throw new IOException("TLC exited " + rc + " on " + name + ":\n" + tail(out.toString(), 30));
            }
            Path dot = dir.resolve("graph.dot");
            if (keepDot == null && System.getProperty("vmspace.mbt.keepDot") != null) {
                keepDot = Path.of(System.getProperty("vmspace.mbt.keepDot"));
            }
            if (keepDot != null) {
                Files.createDirectories(keepDot.toAbsolutePath().getParent());
                Files.copy(dot, keepDot, StandardCopyOption.REPLACE_EXISTING);
            }
            StateGraph g = new StateGraph(actions, summary);
            g.readDot(dot);
            return g;
        } finally {
            deleteTree(dir);
        }
    }

    /** Reads a graph TLC dumped earlier for {@code cfg}'s generated module (debugging, tests). */
    public static StateGraph fromDot(Path cfg, Path dot) throws IOException {
        return fromDot(cfg, dot, "read from " + dot);
    }

    /** As {@link #fromDot(Path, Path)}, with TLC's count line of the run that dumped {@code dot}. */
    public static StateGraph fromDot(Path cfg, Path dot, String tlcSummary) throws IOException {
        StateGraph g = new StateGraph(new Actions(ModelConfig.read(cfg)), tlcSummary);
        g.readDot(dot);
        return g;
    }

    /** The MC module a model config belongs to: the longest {@code tla/MC*.tla} whose name prefixes it. */
    static String specModuleFor(Path root, Path cfg) throws IOException {
        String c = cfg.getFileName().toString().replace(".cfg", "");
        String best = "";
        try (var ls = Files.list(root.resolve("tla"))) {
            for (Path p : ls.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("MC") && n.endsWith(".tla")) {
                    String mod = n.substring(0, n.length() - 4);
                    if (c.startsWith(mod) && mod.length() > best.length()) {
                        best = mod;
                    }
                }
            }
        }
        if (best.isEmpty()) {
            throw new IllegalArgumentException("no tla/MC*.tla module for " + cfg);
        }
        return best;
    }

    private static final Pattern NODE = Pattern.compile("^(-?\\d+) \\[label=\"(.*)\"(,style = filled)?\\];?$");
    private static final Pattern EDGE = Pattern.compile("^(-?\\d+) -> (-?\\d+) \\[label=\"([A-Za-z0-9_]+)\".*$");

    private void readDot(Path dot) throws IOException {
        Map<Long, Integer> index = new HashMap<>();
        List<long[]> pending = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(dot, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher e = EDGE.matcher(line);
                if (e.matches()) {
                    int c = actions.indexOf(e.group(3));
                    if (c < 0) {
                        throw new IOException("unknown action label " + e.group(3) + " in " + dot);
                    }
                    pending.add(new long[] {Long.parseLong(e.group(1)), Long.parseLong(e.group(2)), c});
                    continue;
                }
                Matcher n = NODE.matcher(line);
                if (n.matches()) {
                    long fp = Long.parseLong(n.group(1));
                    if (!index.containsKey(fp)) {
                        index.put(fp, stateText.size());
                        stateText.add(n.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
                    }
                    if (n.group(3) != null) {
                        init = index.get(fp);
                    }
                }
            }
        }
        if (init < 0) {
            throw new IOException("no initial state in " + dot);
        }
        for (long[] pe : pending) {
            Integer a = index.get(pe[0]);
            Integer b = index.get(pe[1]);
            if (a == null || b == null) {
                throw new IOException("edge to an unknown state in " + dot);
            }
            add(a, b, (int) pe[2]);
        }
        int n = stateText.size();
        outStart = new int[n + 1];
        for (int i = 0; i < edges; i++) {
            outStart[src[i] + 1]++;
        }
        for (int s = 0; s < n; s++) {
            outStart[s + 1] += outStart[s];
        }
        outEdge = new int[edges];
        int[] fill = Arrays.copyOf(outStart, n);
        for (int i = 0; i < edges; i++) {
            outEdge[fill[src[i]]++] = i;
        }
    }

    private void add(int a, int b, int c) {
        if (edges == src.length) {
            src = Arrays.copyOf(src, edges * 2);
            dst = Arrays.copyOf(dst, edges * 2);
            call = Arrays.copyOf(call, edges * 2);
        }
        src[edges] = a;
        dst[edges] = b;
        call[edges] = c;
        edges++;
    }

    private static String tail(String s, int lines) {
        String[] ls = s.split("\n");
        return String.join("\n", Arrays.asList(ls).subList(Math.max(0, ls.length - lines), ls.length));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var w = Files.walk(dir)) {
            for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
