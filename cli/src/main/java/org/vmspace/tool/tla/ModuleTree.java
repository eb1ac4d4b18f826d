package org.vmspace.tool.tla;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The TLA+ modules, models and review scripts laid out as in a checkout ({@code tla/},
 * {@code trace-validation/}, {@code scripts/}): either a checkout itself ({@code --root}), or the copy
 * packaged in the jar under {@code vmspace/}, extracted to a private temporary directory that
 * {@link #close()} removes.
 */
public final class ModuleTree implements AutoCloseable {
    /** A file every tree has; its resource locates the packaged tree. */
    private static final String ANCHOR = "vmspace/tla/VmSpace.tla";

    private final Path root;
    private final boolean temporary;

    private ModuleTree(Path root, boolean temporary) {
        this.root = root;
        this.temporary = temporary;
    }

    /** A checkout at {@code root}; an {@link IllegalArgumentException} if it has no tla/VmSpace.tla. */
    public static ModuleTree checkout(Path root) {
        Path r = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(r.resolve("tla/VmSpace.tla"))) {
            throw new IllegalArgumentException("not a checkout (no tla/VmSpace.tla): " + r);
        }
        return new ModuleTree(r, false);
    }

    /** {@code root} if given, else the packaged modules, extracted. */
    public static ModuleTree of(Path root) throws IOException {
        return root != null ? checkout(root) : extract();
    }

    /** The packaged modules, extracted to a fresh temporary directory. */
    public static ModuleTree extract() throws IOException {
        URL anchor = ModuleTree.class.getClassLoader().getResource(ANCHOR);
        if (anchor == null) {
            throw new IOException("the TLA+ modules are not packaged with this program (no " + ANCHOR + ")");
        }
        Path dir = Files.createTempDirectory("vmspace-modules-");
        try {
            URI uri = anchor.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                copyTree(fs.getPath("/vmspace"), dir);
            } else {
                copyTree(Path.of(uri).getParent().getParent(), dir);
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            delete(dir);
            throw new IOException("cannot extract the TLA+ modules: " + e.getMessage(), e);
        }
        // removed on close(), or at exit when a signal ends the run first
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "vmspace-modules-cleanup"));
        return new ModuleTree(dir, true);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(from)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            if (target.toString().endsWith(".sh")) {
                target.toFile().setExecutable(true);
            }
        }
    }

    public Path root() {
        return root;
    }

    public Path tla() {
        return root.resolve("tla");
    }

    public Path traceValidation() {
        return root.resolve("trace-validation");
    }

    /** True for an extracted copy (removed on close), false for a checkout. */
    public boolean temporary() {
        return temporary;
    }

    @Override
    public void close() {
        if (temporary) {
            delete(root);
        }
    }

    /** Removes a directory tree; a leftover is harmless, so errors are ignored. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // harmless leftover
        }
    }
}
