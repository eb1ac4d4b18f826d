package org.vmspace.tool.tla;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmspace.tv.TraceIO;

/**
 * Where a running trace validation is: the validator (org.vmspace.tv.Validate) runs TLC as a child of
 * this JVM with {@code -Dvmspace.trace=TRACE} and its log next to its {@code -metadir}; TLC's latest
 * {@code Progress(D)} line there gives the search depth D, i.e. the trace position (event D - 1 is
 * matched). Best effort, for progress lines only: an empty string when the process or the figure
 * is not found.
 */
public final class TraceProgress {
    private static final Pattern PROGRESS = Pattern.compile("^Progress\\((\\d+)\\).*?([0-9,]+) distinct states found");

    private TraceProgress() {}

    /** ", at event N" for the TLC child validating {@code trace}, or "". */
    public static String of(Path trace) {
        String prop = "-D" + TraceIO.TRACE_PROPERTY + "=" + trace.toAbsolutePath();
        try {
            Optional<ProcessHandle> child = ProcessHandle.current().descendants()
                    .filter(h -> h.info().arguments().map(a -> List.of(a).contains(prop)).orElse(false)).findFirst();
            if (child.isEmpty()) {
                return "";
            }
            List<String> args = List.of(child.get().info().arguments().orElseThrow());
            int k = args.indexOf("-metadir");
            if (k < 0 || k + 1 >= args.size()) {
                return "";
            }
            Path meta = Path.of(args.get(k + 1));
            Path log = meta.resolveSibling(meta.getFileName().toString().replaceFirst("^meta", "tlc") + ".out");
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            for (int i = lines.size() - 1; i >= 0; i--) {
                Matcher m = PROGRESS.matcher(lines.get(i));
                if (m.find()) {
                    return ", at event " + Math.max(0, Integer.parseInt(m.group(1)) - 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no figure
        }
        return "";
    }
}
