package org.vmspace.mbt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The state graphs the tests use, explored by TLC once per test JVM. With
 * {@code -Dvmspace.mbt.graphCache=DIR} (make mutation: PIT starts many test JVMs) a graph is also kept
 * on disk, keyed by a hash of {@code tla/*.tla} and the model's config, and read back instead of
 * running TLC again.
 */
final class Graphs {
    private static final Map<String, StateGraph> CACHE = new HashMap<>();

    private Graphs() {}

    static Path root() {
        return Path.of(System.getProperty("vmspace.root", "..")).toAbsolutePath().normalize();
    }

    /** The CI model: make test replays a prefix of its cover (make mbt replays all of it). */
    static final String MODEL = "tla/MCVmSpace.cfg";
    /** The prefix of the cover make test replays. */
    static final int BOUNDED_BEHAVIOURS = Integer.getInteger("vmspace.mbt.behaviours", 8);
    /** How far a planted bug may hide: behaviours of the cover replayed at most. */
    static final int BUG_BEHAVIOURS = 40;

    static synchronized StateGraph graph(String cfg) throws Exception {
        StateGraph g = CACHE.get(cfg);
        if (g == null) {
            String dir = System.getProperty("vmspace.mbt.graphCache");
            g = dir == null ? StateGraph.explore(root(), root().resolve(cfg), 1, null) : cached(Path.of(dir), cfg);
            CACHE.put(cfg, g);
        }
        return g;
    }

    /** The graph from the disk cache, exploring it (and filling the cache) on a miss. */
    private static StateGraph cached(Path dir, String cfg) throws Exception {
        String key = key(cfg);
        Path dot = dir.resolve(key + ".dot");
        Path summary = dir.resolve(key + ".summary");
        if (Files.isRegularFile(dot) && Files.isRegularFile(summary)) {
            return StateGraph.fromDot(root().resolve(cfg), dot, Files.readString(summary).strip());
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, key, ".tmp");
        StateGraph g = StateGraph.explore(root(), root().resolve(cfg), 1, tmp);
        Path stmp = Files.createTempFile(dir, key, ".tmp");
        Files.writeString(stmp, g.tlcSummary());
        Files.move(stmp, summary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp, dot, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return g;
    }

    /** SHA-256 over the model's config and every tla/*.tla (name and contents). */
    private static String key(String cfg) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(cfg.getBytes(StandardCharsets.UTF_8));
        md.update(Files.readAllBytes(root().resolve(cfg)));
        List<Path> tla;
        try (var ls = Files.list(root().resolve("tla"))) {
            tla = ls.filter(p -> p.toString().endsWith(".tla")).sorted().toList();
        }
        for (Path p : tla) {
            md.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            md.update(Files.readAllBytes(p));
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    static ModelConfig config(String cfg) throws Exception {
        return ModelConfig.read(root().resolve(cfg));
    }
}
