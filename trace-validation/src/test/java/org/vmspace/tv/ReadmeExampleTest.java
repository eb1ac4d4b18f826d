package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 2: the Java example of README.md and of java-impl/README.md, as written, compiles,
 * runs (in its own JVM, in an empty directory, so its relative {@code t.ndjson} lands there), writes a
 * complete trace (header by the library, file closed by {@code VmSpace.close()}), and the trace is
 * ACCEPTED by the validator. Before, the example wrote a 0-byte file (the sink was never closed and no
 * header was written).
 */
class ReadmeExampleTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final String IMPORTS = String.join("\n",
            "import java.nio.file.Path;",
            "import org.vmspace.mm.*;",
            "import org.vmspace.model.*;",
            "import org.vmspace.trace.*;", "");

    @TempDir
    Path dir;

    private static Path root() {
        return Path.of(System.getProperty("vmspace.root", "..")).toAbsolutePath().normalize();
    }

    /** The java blocks of a Markdown file. */
    static List<String> javaBlocks(Path md) throws IOException {
        Matcher m = JAVA_BLOCK.matcher(Files.readString(md));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theReadmeExamplesCompileRunAndTheirTracesAreAccepted() throws Exception {
        int examples = 0;
        for (String readme : List.of("README.md", "java-impl/README.md")) {
            List<String> blocks = javaBlocks(root().resolve(readme));
            assertEquals(1, blocks.size(), readme + " has one java example");
            Path work = Files.createDirectories(dir.resolve(readme.replace('/', '_')));
            Path trace = runExample(blocks.get(0), work);
            List<String> lines = Files.readAllLines(trace);
            assertTrue(lines.size() > 5, readme + ": the trace has a header and events: " + lines);
            assertTrue(lines.get(0).startsWith("{\"schema\":\"vmspace-trace\""), lines.get(0));
            Validate.Result r = Traces.validate(trace);
            assertEquals(Validate.ACCEPTED, r.exitCode(), readme + ": " + r.out() + r.err());
            examples++;
        }
        assertEquals(2, examples);
    }

    @Test
    void theBlockExtractionFindsABlockAndTheCompilerRejectsABrokenOne() throws Exception {
        assertEquals(List.of("int x = 1;\n"), javaBlocks(Files.writeString(dir.resolve("a.md"),
                "text\n```java\nint x = 1;\n```\n```sh\nls\n```\n")));
        Path work = Files.createDirectories(dir.resolve("broken"));
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> runExample("VmSpace space = VmSpace.builder().noSuchOption().build();\n", work));
        assertTrue(e.getMessage().contains("does not compile"), e.getMessage());
    }

    /** Compiles {@code block} inside a main method and runs it in {@code work}; returns {@code work/t.ndjson}. */
    private static Path runExample(String block, Path work) throws Exception {
        String src = IMPORTS + "public class ReadmeExample {\n    public static void main(String[] args) throws Exception {\n"
                + block + "    }\n}\n";
        Path java = work.resolve("ReadmeExample.java");
        Files.writeString(java, src);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream diag = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, "-classpath", cp, "-d", work.toString(), java.toString());
        if (rc != 0) {
            throw new AssertionError("the example does not compile:\n" + diag.toString(StandardCharsets.UTF_8));
        }
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-cp", work + File.pathSeparator + cp, "ReadmeExample")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("out.txt").toFile())
                .start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS); // a hang guard, not a speed check
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(work.resolve("out.txt"));
        assertTrue(ended, "the example hangs:\n" + output);
        assertEquals(0, p.exitValue(), "the example failed:\n" + output);
        return work.resolve("t.ndjson");
    }
}
