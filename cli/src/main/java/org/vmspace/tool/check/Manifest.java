package org.vmspace.tool.check;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code build/check/manifest.json}: the models {@code vmspace check} ran, in the form of the TLA+
 * Examples' manifest (tlaplus/Examples, manifest-schema.json: one specification with its modules,
 * each module with its models: {@code path}, {@code runtime} "HH:MM:SS", {@code size}, {@code mode},
 * {@code features}, {@code result}, {@code distinctStates}). As there, {@code result} is the
 * <em>expected</em> result, in the Examples' vocabulary: {@code pass} is "success", an invariant or
 * action property "safety failure", {@code TemporalProperty} "liveness failure", {@code Deadlock}
 * "deadlock failure", a config without an EXPECT line "unknown"; {@code runtime} and
 * {@code distinctStates} are this run's. The expected invariant's name and the actual result are in
 * build/check/junit.xml.
 */
public final class Manifest {
    private Manifest() {}

    /** The Examples' result category of an EXPECT value. */
    static String category(String expect) {
        return switch (expect) {
            case "pass" -> "success";
            case "TemporalProperty" -> "liveness failure";
            case "Deadlock" -> "deadlock failure";
            case "?" -> "unknown";
            default -> "safety failure";
        };
    }

    static String runtime(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    public static void write(Path file, List<Outcome> models) throws IOException {
        Map<String, List<Map<String, Object>>> byModule = new LinkedHashMap<>();
        for (Outcome o : models) {
            Model m = o.model();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", "tla/" + m.name() + ".cfg");
            e.put("runtime", runtime(o.seconds()));
            e.put("size", o.seconds() < 60 ? "small" : o.seconds() < 600 ? "medium" : "large");
            e.put("mode", "exhaustive search");
            e.put("features", m.features());
            e.put("result", category(m.expect()));
            if (o.distinct() != null) {
                e.put("distinctStates", o.distinct());
            }
            byModule.computeIfAbsent("tla/" + m.module() + ".tla", k -> new ArrayList<>()).add(e);
        }
        List<Map<String, Object>> modules = new ArrayList<>();
        byModule.forEach((path, ms) -> {
            Map<String, Object> mod = new LinkedHashMap<>();
            mod.put("path", path);
            mod.put("communityDependencies", List.of());
            mod.put("tlaLanguageVersion", 2);
            mod.put("features", List.of());
            mod.put("models", ms);
            modules.add(mod);
        });
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("path", "tla");
        spec.put("title", "VmSpace ownership protocol");
        spec.put("description", "The ownership protocol of an Asterinas VmSpace: VmSpaceOwner's books of readers and "
                + "writers, page-table cursors, TLB flushes, fallible user-space copies (docs/PROTOCOL.md).");
        spec.put("sources", List.of());
        spec.put("authors", List.of());
        spec.put("tags", List.of());
        spec.put("modules", modules);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("specifications", List.of(spec));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n",
                StandardCharsets.UTF_8);
    }
}
