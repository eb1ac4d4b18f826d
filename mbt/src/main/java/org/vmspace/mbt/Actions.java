package org.vmspace.mbt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every instance (action, arguments) of VmSpace's {@code Next} for one model, and the generated
 * module that makes TLC label each transition of its state graph with it: one wrapper
 * {@code MBT_Action_arg_..  == TRUE /\ Action(args)} per instance (TLC's {@code -dump dot,actionlabels}
 * names an edge after the wrapper; {@code TRUE /\} keeps TLC from naming the inner operator), and
 * {@code MBTNext}, their disjunction. The quantifier domains are those of {@code Next} in
 * {@code tla/VmSpace.tla}; {@link Mbt} checks that MBTNext reaches exactly as many states as the model.
 */
public final class Actions {
    /** One action instance: the spec's action name and its arguments in the spec's order. */
    public record Call(String action, List<Value> args) {
        /** The wrapper's operator name, e.g. {@code MBT_Map_k1_f1_RW}. */
        public String wrapper() {
            StringBuilder b = new StringBuilder("MBT_").append(action);
            for (Value a : args) {
                b.append('_').append(a instanceof Value.Str s ? s.v() : a.text());
            }
            return b.toString();
        }

        /** {@code Action(a1, a2)} in TLA+ syntax. */
        public String tla() {
            return args.isEmpty() ? action
                    : action + "(" + args.stream().map(Value::text).collect(Collectors.joining(", ")) + ")";
        }

        @Override
        public String toString() {
            return tla();
        }

        /** Argument {@code i} as a number. */
        public long num(int i) {
            return ((Value.Int) args.get(i)).v();
        }
    }

    private final List<Call> calls;
    private final Map<String, Call> byWrapper = new LinkedHashMap<>();
    private final Map<String, Integer> indexByWrapper = new LinkedHashMap<>();

    public Actions(ModelConfig m) {
        List<Call> cs = new ArrayList<>();
        List<Value> props = List.of(new Value.Str("RW"), new Value.Str("R"));
        for (Value c : m.cpus()) {
            cs.add(call("Activate", c));
        }
        for (Value c : m.cpus()) {
            cs.add(call("Deactivate", c));
        }
        for (String kind : List.of("Reader", "Writer")) {
            for (Value c : m.cpus()) {
                for (Value i : m.ids()) {
                    for (long v : m.reqVaddrs()) {
                        for (long l : m.reqLens()) {
                            cs.add(call(kind, c, i, new Value.Int(v), new Value.Int(l)));
                        }
                    }
                }
            }
        }
        for (String a : List.of("ActivateReader", "ActivateWriter", "DisposeReader", "DisposeWriter",
                "RemoveReader", "RemoveWriter", "DropOwner")) {
            for (Value i : m.ids()) {
                cs.add(call(a, i));
            }
        }
        for (String a : List.of("Read", "Write")) {
            for (Value i : m.ids()) {
                for (Value c : m.cpus()) {
                    for (long n : m.ioLens()) {
                        cs.add(call(a, c, i, new Value.Int(n)));
                    }
                }
            }
        }
        for (Value i : m.ids()) {
            for (long n : m.ioLens()) {
                cs.add(call("Skip", i, new Value.Int(n)));
            }
        }
        for (Value i : m.ids()) {
            for (long n : m.limitLens()) {
                cs.add(call("Limit", i, new Value.Int(n)));
            }
        }
        for (Value k : m.cursorIds()) {
            for (long lo : m.pageBounds()) {
                for (long hi : m.pageBounds()) {
                    cs.add(call("CursorMut", k, new Value.Int(lo), new Value.Int(hi)));
                }
            }
        }
        for (Value k : m.cursorIds()) {
            for (Value f : m.frames()) {
                for (Value p : props) {
                    cs.add(call("Map", k, f, p));
                }
            }
        }
        List<Long> lens = m.pageBounds().stream().filter(x -> x != 0).toList();
        for (Value k : m.cursorIds()) {
            for (long len : lens) {
                cs.add(call("Unmap", k, new Value.Int(len)));
            }
        }
        for (Value k : m.cursorIds()) {
            for (long len : lens) {
                for (Value p : props) {
                    cs.add(call("ProtectNext", k, new Value.Int(len), p));
                }
            }
        }
        for (Value k : m.cursorIds()) {
            for (long va : m.pageBounds()) {
                cs.add(call("Jump", k, new Value.Int(va)));
            }
        }
        for (Value k : m.cursorIds()) {
            for (long[] r : m.flushRanges()) {
                cs.add(call("IssueTlbFlush", k, new Value.Int(r[0]), new Value.Int(r[1])));
            }
        }
        for (Value k : m.cursorIds()) {
            cs.add(call("DispatchTlbFlush", k));
        }
        for (Value k : m.cursorIds()) {
            cs.add(call("DropCursor", k));
        }
        this.calls = List.copyOf(cs);
        for (Call c : calls) {
            indexByWrapper.put(c.wrapper(), indexByWrapper.size());
            if (byWrapper.put(c.wrapper(), c) != null) {
                throw new IllegalStateException("two action instances share the wrapper name " + c.wrapper());
            }
        }
    }

    private static Call call(String a, Value... args) {
        return new Call(a, List.of(args));
    }

    public List<Call> calls() {
        return calls;
    }

    /** The index in {@link #calls()} of the instance a wrapper name stands for, or -1. */
    public int indexOf(String wrapper) {
        return indexByWrapper.getOrDefault(wrapper, -1);
    }

    /** The instance a wrapper name stands for, or null. */
    public Call byWrapper(String name) {
        return byWrapper.get(name);
    }

    /**
     * Writes {@code MBT_<module>.tla} (the wrappers, MBTNext, MBTSpec) and {@code MBT_<module>.cfg} (the
     * model's CONSTANTS with {@code INIT Init / NEXT MBTNext}; invariants are {@code make check}'s job)
     * into {@code dir}.
     */
    public Path writeModule(Path dir, String specModule, ModelConfig m) throws IOException {
        String name = "MBT_" + specModule;
        StringBuilder b = new StringBuilder();
        b.append("---- MODULE ").append(name).append(" ----\n");
        b.append("\\* Generated by org.vmspace.mbt.Actions from ").append(m.cfg().getFileName())
                .append(": one wrapper per instance of Next, so that TLC's\n")
                .append("\\* -dump dot,actionlabels labels every transition with its action and arguments.\n");
        b.append("EXTENDS ").append(specModule).append("\n\n");
        for (Call c : calls) {
            b.append(c.wrapper()).append(" == TRUE /\\ ").append(c.tla()).append('\n');
        }
        b.append("\nMBTNext ==\n");
        for (Call c : calls) {
            b.append("    \\/ ").append(c.wrapper()).append('\n');
        }
        b.append("\nMBTSpec == Init /\\ [][MBTNext]_vars\n");
        b.append("====\n");
        Files.writeString(dir.resolve(name + ".tla"), b.toString());
        StringBuilder cfg = new StringBuilder();
        boolean keep = false;
        for (String line : Files.readAllLines(m.cfg())) {
            String t = line.trim();
            if (t.startsWith("CONSTANT")) {
                keep = true;
            } else if (t.matches("^(SPECIFICATION|INIT|NEXT|INVARIANT|PROPERTY|PROPERTIES|SYMMETRY|CONSTRAINT|VIEW|"
                    + "CHECK_DEADLOCK|ACTION_CONSTRAINT)\\b.*")) {
                keep = false;
            }
            if (keep) {
                cfg.append(line).append('\n');
            }
        }
        cfg.append("INIT Init\nNEXT MBTNext\n");
        Files.writeString(dir.resolve(name + ".cfg"), cfg.toString());
        return dir.resolve(name + ".tla");
    }
}
