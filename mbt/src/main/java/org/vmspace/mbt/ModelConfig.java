package org.vmspace.mbt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The constants of a VmSpace model, read from its TLC configuration ({@code NAME = value} lines of the
 * CONSTANTS section; model values {@code c1 = c1} are skipped). Only what MBT needs: the domains of
 * {@code Next}'s quantifiers and the numbers the Java configuration is made from.
 */
public record ModelConfig(Path cfg, int pageSize, int maxVaddr, List<Value> cpus, List<Value> frames,
                          List<Value> ids, List<Value> cursorIds, boolean sharedReader, List<Long> reqVaddrs,
                          List<Long> reqLens, String bug) {

    private static final Pattern ASSIGN = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.+?)\\s*$");

    /** Reads {@code cfg}; throws {@link IllegalArgumentException} with a one-line reason on a bad file. */
    public static ModelConfig read(Path cfg) throws IOException {
        Map<String, Value> consts = new TreeMap<>();
        boolean inConstants = false;
        for (String raw : Files.readAllLines(cfg)) {
            String line = raw.replaceAll("\\\\\\*.*$", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("CONSTANTS") || line.startsWith("CONSTANT")) {
                inConstants = true;
                line = line.replaceFirst("^CONSTANTS?", "").trim();
                if (line.isEmpty()) {
                    continue;
                }
            } else if (line.matches("^(SPECIFICATION|INIT|NEXT|INVARIANT|INVARIANTS|PROPERTY|PROPERTIES|SYMMETRY|"
                    + "CONSTRAINT|CONSTRAINTS|ACTION_CONSTRAINT|VIEW|CHECK_DEADLOCK)\\b.*")) {
                inConstants = false;
                continue;
            }
            if (!inConstants) {
                continue;
            }
            // One line may hold several "x = x" model-value assignments: skip those.
            Matcher m = ASSIGN.matcher(line);
            if (m.matches() && !m.group(2).matches("[A-Za-z_][A-Za-z0-9_]*(\\s+[A-Za-z_][A-Za-z0-9_]*\\s*=\\s*\\S+)*")
                    || m.matches() && m.group(2).matches("TRUE|FALSE")) {
                consts.put(m.group(1), Value.parse(m.group(2)));
            }
        }
        for (String need : List.of("PAGE_SIZE", "MAX_USERSPACE_VADDR", "CPUs", "Frames", "Ids", "CursorIds",
                "SHARED_READER", "ReqVaddrs", "ReqLens", "BUG")) {
            if (!consts.containsKey(need)) {
                throw new IllegalArgumentException(cfg + ": constant " + need + " not set (NAME = value)");
            }
        }
        return new ModelConfig(cfg, (int) num(consts.get("PAGE_SIZE")), (int) num(consts.get("MAX_USERSPACE_VADDR")),
                elems(consts.get("CPUs")), elems(consts.get("Frames")), elems(consts.get("Ids")),
                elems(consts.get("CursorIds")), ((Value.Bool) consts.get("SHARED_READER")).v(),
                nums(consts.get("ReqVaddrs")), nums(consts.get("ReqLens")), ((Value.Str) consts.get("BUG")).v());
    }

    private static long num(Value v) {
        return ((Value.Int) v).v();
    }

    private static List<Value> elems(Value v) {
        return new ArrayList<>(((Value.Set) v).elems());
    }

    private static List<Long> nums(Value v) {
        List<Long> out = new ArrayList<>();
        for (Value x : ((Value.Set) v).elems()) {
            out.add(num(x));
        }
        out.sort(null);
        return out;
    }

    /** The user pages {@code 0, PAGE_SIZE, ..}, below {@code MAX_USERSPACE_VADDR}. */
    public List<Long> userPages() {
        List<Long> out = new ArrayList<>();
        for (long p = 0; p < maxVaddr; p += pageSize) {
            out.add(p);
        }
        return out;
    }

    /** {@code PageBounds}: the page boundaries {@code 0 .. MAX_USERSPACE_VADDR}. */
    public List<Long> pageBounds() {
        List<Long> out = new ArrayList<>();
        for (long p = 0; p <= maxVaddr; p += pageSize) {
            out.add(p);
        }
        return out;
    }

    /** {@code IOLens == 1 .. Max(ReqLens \cup {0})}. */
    public List<Long> ioLens() {
        long max = reqLens.stream().mapToLong(Long::longValue).max().orElse(0);
        List<Long> out = new ArrayList<>();
        for (long n = 1; n <= max; n++) {
            out.add(n);
        }
        return out;
    }
}
