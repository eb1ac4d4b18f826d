package org.vmspace.mbt;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.vmspace.model.ErrorKind;

/**
 * The refusal kinds the spec allows for an action instance that is not enabled in a spec state:
 * {@code RefusalAgrees} of trace-validation/TraceVmSpace.tla, transcribed clause by clause (the trace
 * spec accepts a refused event exactly when its logged kind satisfies that clause; MBT asks the same
 * of the Java exception's kind).
 */
final class Refusals {
    private final ModelConfig m;
    private final Map<String, Value> st;
    private final Value.Fn owners;
    private final Value.Fn cursors;

    Refusals(ModelConfig m, Map<String, Value> state) {
        this.m = m;
        this.st = state;
        this.owners = (Value.Fn) state.get("owners");
        this.cursors = (Value.Fn) state.get("cursors");
    }

    private Value.Fn owner(Value i) {
        return (Value.Fn) owners.get(i);
    }

    private boolean live(Value i) {
        return owner(i) != null;
    }

    private String field(Value i, String f) {
        return ((Value.Str) owner(i).get(f)).v();
    }

    private long num(Value.Fn rec, String f) {
        return ((Value.Int) rec.get(f)).v();
    }

    private boolean inState(Value i, String kind, String state) {
        return live(i) && field(i, "kind").equals(kind) && field(i, "state").equals(state);
    }

    private boolean current(Value c) {
        return ((Value.Bool) ((Value.Fn) st.get("current")).get(c)).v();
    }

    private boolean rangeOk(long v, long l) {
        return v + l <= m.maxVaddr();
    }

    private static boolean overlaps(long s1, long e1, long s2, long e2) {
        return s1 < e1 && s2 < e2 && s1 < e2 && s2 < e1; // an empty range overlaps nothing
    }

    /** The owners of {@code kind} in state disposed (the seed's lists), or of every kind when null. */
    private Set<Value> listed(String kind) {
        Set<Value> out = new HashSet<>();
        for (Map.Entry<Value, Value> e : owners.map().entrySet()) {
            Value.Fn o = (Value.Fn) e.getValue();
            if (((Value.Str) o.get("state")).v().equals("disposed")
                    && (kind == null || ((Value.Str) o.get("kind")).v().equals(kind))) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private boolean canCreate(String kind, long v, long l) {
        for (Value j : listed(kind.equals("Reader") ? "writer" : null)) {
            Value.Fn o = owner(j);
            if (overlaps(num(o, "start"), num(o, "end"), v, v + l)) {
                return false;
            }
        }
        return true;
    }

    private Set<Long> pages(Value i) {
        long s = num(owner(i), "start");
        long e = num(owner(i), "end");
        Set<Long> out = new HashSet<>();
        if (s >= e) {
            return out;
        }
        for (long p : m.userPages()) {
            if (p < e && s < p + m.pageSize()) {
                out.add(p);
            }
        }
        return out;
    }

    private boolean mappedInRemaining(Set<Long> pages) {
        Value.Set mv = (Value.Set) st.get("mem_view");
        Value.Fn pt = (Value.Fn) st.get("pt");
        for (long p : pages) {
            if (!mv.elems().contains(new Value.Int(p)) || ((Value.Fn) pt.get(new Value.Int(p))).map().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private Set<Long> borrowed() {
        Set<Long> out = new HashSet<>();
        for (Value v : owners.map().values()) {
            Value.Fn o = (Value.Fn) v;
            String state = ((Value.Str) o.get("state")).v();
            if (((Value.Str) o.get("kind")).v().equals("reader") && !state.equals("created")) {
                for (Value p : ((Value.Set) o.get("view")).elems()) {
                    out.add(((Value.Int) p).v());
                }
            }
        }
        return out;
    }

    /**
     * The kinds {@code RefusalAgrees} accepts for {@code c}, which the spec does not take in this state
     * (it is not a transition of the graph).
     */
    Set<ErrorKind> allowed(Actions.Call c) {
        EnumSet<ErrorKind> ok = EnumSet.noneOf(ErrorKind.class);
        String a = c.action();
        switch (a) {
            case "Reader", "Writer" -> {
                Value cpu = c.args().get(0);
                long v = c.num(2);
                long l = c.num(3);
                if (!current(cpu) || !rangeOk(v, l)) {
                    ok.add(ErrorKind.AccessDenied);
                }
                if (current(cpu) && rangeOk(v, l) && !canCreate(a, v, l)) {
                    ok.add(ErrorKind.Conflict);
                }
            }
            case "ActivateReader", "ActivateWriter" -> {
                Value i = c.args().get(0);
                String kind = a.equals("ActivateReader") ? "reader" : "writer";
                if (!inState(i, kind, "created")) {
                    ok.add(ErrorKind.InvalidState);
                } else if (!mappedInRemaining(pages(i))) {
                    ok.add(ErrorKind.NotMapped);
                } else if (kind.equals("reader")) {
                    ok.add(ErrorKind.Conflict); // ~ENABLED ActivateReader(i): this instance is not a transition
                } else {
                    Set<Long> b = borrowed();
                    b.retainAll(pages(i));
                    if (!b.isEmpty()) {
                        ok.add(ErrorKind.Borrowed);
                    }
                }
            }
            case "DisposeReader", "DisposeWriter" -> {
                if (!inState(c.args().get(0), a.equals("DisposeReader") ? "reader" : "writer", "active")) {
                    ok.add(ErrorKind.InvalidState);
                }
            }
            case "RemoveReader", "RemoveWriter" -> {
                if (!listed(a.equals("RemoveReader") ? "reader" : "writer").contains(c.args().get(0))) {
                    ok.add(ErrorKind.InvalidState);
                }
            }
            case "DropOwner" -> {
                Value i = c.args().get(0);
                if (!(live(i) && field(i, "state").equals("created"))) {
                    ok.add(ErrorKind.InvalidState);
                }
            }
            case "Read", "Write" -> {
                Value cpu = c.args().get(0);
                Value i = c.args().get(1);
                long n = c.num(2);
                String kind = a.equals("Read") ? "reader" : "writer";
                if (!inState(i, kind, "active")) {
                    ok.add(ErrorKind.InvalidState);
                } else if (!current(cpu)) {
                    ok.add(ErrorKind.AccessDenied);
                } else if (n < 1 || n > num(owner(i), "end") - num(owner(i), "start")) {
                    ok.add(ErrorKind.InvalidArgs);
                }
            }
            case "Skip" -> {
                Value i = c.args().get(0);
                long n = c.num(1);
                if (!(live(i) && field(i, "state").equals("active"))) {
                    ok.add(ErrorKind.InvalidState);
                } else if (n < 0 || n > num(owner(i), "end") - num(owner(i), "start")) {
                    ok.add(ErrorKind.InvalidArgs);
                }
            }
            case "Limit" -> {
                Value i = c.args().get(0);
                if (!(live(i) && field(i, "state").equals("created"))) {
                    ok.add(ErrorKind.InvalidState);
                }
            }
            case "CursorMut" -> {
                long lo = c.num(1);
                long hi = c.num(2);
                boolean valid = lo < hi && lo % m.pageSize() == 0 && hi % m.pageSize() == 0 && hi <= m.maxVaddr();
                if (!valid) {
                    ok.add(ErrorKind.AccessDenied);
                } else {
                    for (Value k : cursors.map().values()) {
                        Value.Fn r = (Value.Fn) k;
                        if (overlaps(num(r, "lo"), num(r, "hi"), lo, hi)) {
                            ok.add(ErrorKind.Busy);
                        }
                    }
                }
            }
            default -> {
                Value.Fn k = (Value.Fn) cursors.get(c.args().get(0));
                if (k == null) {
                    ok.add(ErrorKind.InvalidState);
                    break;
                }
                long va = num(k, "va");
                long hi = num(k, "hi");
                switch (a) {
                    case "Map" -> {
                        if (va >= hi) {
                            ok.add(ErrorKind.Panic);
                        } else if (!((Value.Set) st.get("free")).elems().contains(c.args().get(1))) {
                            ok.add(ErrorKind.InvalidArgs);
                        }
                    }
                    case "Unmap", "ProtectNext" -> {
                        long len = c.num(1);
                        if (len % m.pageSize() != 0 || va + len > hi) {
                            ok.add(ErrorKind.Panic);
                        }
                    }
                    case "IssueTlbFlush" -> {
                        long flo = c.num(1);
                        long fhi = c.num(2);
                        if (!(flo < fhi && flo % m.pageSize() == 0 && fhi % m.pageSize() == 0 && fhi <= m.maxVaddr())) {
                            ok.add(ErrorKind.InvalidArgs);
                        }
                    }
                    case "Jump" -> {
                        long v = c.num(1);
                        if (!(num(k, "lo") <= v && v < hi && v % m.pageSize() == 0)) {
                            ok.add(ErrorKind.AccessDenied);
                            ok.add(ErrorKind.Panic);
                        }
                    }
                    default -> { }
                }
            }
        }
        return ok;
    }
}
