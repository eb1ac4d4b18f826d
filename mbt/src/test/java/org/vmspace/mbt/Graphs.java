package org.vmspace.mbt;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The state graphs the tests use, explored by TLC once per test JVM. */
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
            g = StateGraph.explore(root(), root().resolve(cfg), 1, null);
            CACHE.put(cfg, g);
        }
        return g;
    }

    static ModelConfig config(String cfg) throws Exception {
        return ModelConfig.read(root().resolve(cfg));
    }
}
