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
                          List<Long> reqLens, String bug, List<long[]> flushRanges, List<Long> limitLens) {

    private static final Pattern ASSIGN = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.+?)\\s*$");
    /** {@code FlushRanges <- MCFlushRanges}: Next's frameless flush ops, defined in the model's module. */
    private static final Pattern FLUSH_RANGES = Pattern.compile("^\\s*FlushRanges\\s*<-\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*$");
    /** {@code LimitLens <- MCLimitLens}: Next's limit arguments, defined in the model's module (none without it). */
    private static final Pattern LIMIT_LENS = Pattern.compile("^\\s*LimitLens\\s*<-\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*$");

    /** Reads {@code cfg}; throws {@link IllegalArgumentException} with a one-line reason on a bad file. */
    public static ModelConfig read(Path cfg) throws IOException {
        Map<String, Value> consts = new TreeMap<>();
        List<long[]> flushRanges = new ArrayList<>();
        List<Long> limitLens = new ArrayList<>();
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
            Matcher ll = LIMIT_LENS.matcher(line);
            if (ll.matches()) {
                limitLens = nums(definition(cfg, "LimitLens", ll.group(1), "{n, ...}"));
                continue;
            }
            Matcher fr = FLUSH_RANGES.matcher(line);
            if (fr.matches()) {
                flushRanges = flushRanges(cfg, fr.group(1));
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
                nums(consts.get("ReqVaddrs")), nums(consts.get("ReqLens")), ((Value.Str) consts.get("BUG")).v(),
                List.copyOf(flushRanges), List.copyOf(limitLens));
    }

    /**
     * The value of {@code name == {<<lo, hi>>, ...}} in the module the cfg runs (the longest tla/MC*.tla whose
     * name prefixes the cfg's): VmSpace's {@code FlushRanges} is a definition, not a constant, so a model
     * substitutes it ({@code FlushRanges <- MCFlushRanges}); without that line Next explores none.
     */
    private static List<long[]> flushRanges(Path cfg, String name) throws IOException {
        Path dir = cfg.toAbsolutePath().getParent();
        String mod = StateGraph.specModuleFor(dir.getParent(), cfg);
        Path tla = dir.resolve(mod + ".tla");
        Pattern def = Pattern.compile("^" + Pattern.quote(name) + "\\s*==\\s*(.+?)\\s*$");
        for (String line : Files.readAllLines(tla)) {
            Matcher d = def.matcher(line);
            if (d.matches()) {
                List<long[]> out = new ArrayList<>();
                for (Value r : ((Value.Set) Value.parse(d.group(1))).elems()) {
                    Value.Fn t = (Value.Fn) r;
                    out.add(new long[] {num(t.get(new Value.Int(1))), num(t.get(new Value.Int(2)))});
                }
                return out;
            }
        }
        throw new IllegalArgumentException(cfg + ": FlushRanges <- " + name + ", but " + tla.getFileName()
                + " has no one-line definition " + name + " == {<<lo, hi>>, ...}");
    }

    /** The value of the one-line definition {@code name == ...} in the module the cfg runs. */
    private static Value definition(Path cfg, String what, String name, String shape) throws IOException {
        Path dir = cfg.toAbsolutePath().getParent();
        String mod = StateGraph.specModuleFor(dir.getParent(), cfg);
        Path tla = dir.resolve(mod + ".tla");
        Pattern def = Pattern.compile("^" + Pattern.quote(name) + "\\s*==\\s*(.+?)\\s*$");
        for (String line : Files.readAllLines(tla)) {
            Matcher d = def.matcher(line);
            if (d.matches()) {
                return Value.parse(d.group(1));
            }
        }
        throw new IllegalArgumentException(cfg + ": " + what + " <- " + name + ", but " + tla.getFileName()
                + " has no one-line definition " + name + " == " + shape);
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
