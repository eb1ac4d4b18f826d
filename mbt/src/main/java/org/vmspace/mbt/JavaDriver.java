package org.vmspace.mbt;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vmspace.mm.CursorMut;
import org.vmspace.mm.Fallible;
import org.vmspace.mm.tlb.TlbFlushOp;
import org.vmspace.mm.VmReader;
import org.vmspace.mm.VmSpace;
import org.vmspace.mm.VmWriter;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.VmException;
import org.vmspace.trace.MemorySink;
import org.vmspace.trace.TraceSink;

/**
 * One Java {@link VmSpace} driven by spec action instances through its public API, one thread. It
 * remembers which Java handle each spec owner id and cursor id was created with (the id mapping of
 * {@link SpecMapping}).
 */
final class JavaDriver {
    /** What Java did with a call. */
    enum Kind { PERFORMED, REFUSED, NOOP, NOT_EXPRESSIBLE }

    record Outcome(Kind kind, String detail) {
        static final Outcome PERFORMED = new Outcome(Kind.PERFORMED, "");
        static final Outcome NOOP = new Outcome(Kind.NOOP, "");

        @Override
        public String toString() {
            return kind == Kind.REFUSED ? "refused " + detail : kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final SpecMapping map;
    final VmSpace space;
    final MemorySink sink;
    private final Map<Value, Object> handles = new HashMap<>();
    private final Map<Value, CursorMut> cursors = new HashMap<>();
    final Map<Long, Value> ownerIds = new HashMap<>();
    final Map<Long, Value> cursorIds = new HashMap<>();
    /** The spec cursor ids whose Java cursor this driver opened and has not closed. */
    private final java.util.Set<Value> liveCursors = new java.util.HashSet<>();

    JavaDriver(SpecMapping map, boolean trace) {
        this.map = map;
        this.sink = trace ? new MemorySink() : null;
        this.space = map.newSpace(trace ? sink : TraceSink.NONE); // build() writes the trace header
    }

    SpecMapping mapping() {
        return map;
    }

    /** The spec state of the Java state now. */
    Map<String, Value> abstractState() {
        return map.abstractState(space.snapshot(), space.windowBase(), ownerIds, cursorIds);
    }

    /**
     * Whether {@code c} can be asked of Java's API in spec state {@code st} when the spec does not take
     * it (a refusal probe): not when it needs a handle Java never made for that id, a handle of the other
     * kind, a second cursor over a disjoint range, or an I/O length Java's copy would clamp.
     */
    boolean expressibleProbe(Actions.Call c, Map<String, Value> st) {
        String a = c.action();
        switch (a) {
            case "Activate", "Deactivate" -> {
                return true;
            }
            case "Reader", "Writer" -> {
                // A spec id in use cannot be named: Java draws fresh ids.
                return ((Value.Fn) st.get("owners")).get(c.args().get(1)) == null;
            }
            case "ActivateReader", "DisposeReader", "RemoveReader" -> {
                return handles.get(c.args().get(0)) instanceof VmReader;
            }
            case "ActivateWriter", "DisposeWriter", "RemoveWriter" -> {
                return handles.get(c.args().get(0)) instanceof VmWriter;
            }
            case "DropOwner", "Skip", "Limit" -> {
                return handles.containsKey(c.args().get(0));
            }
            case "Read", "Write" -> {
                Object h = handles.get(c.args().get(1));
                if (!(a.equals("Read") ? h instanceof VmReader : h instanceof VmWriter)) {
                    return false;
                }
                long n = map.len(c.num(2));
                if (n == 8) {
                    return true; // readLong / writeVal(long) ask for exactly 8 bytes
                }
                // read(writer) / write(reader) copy min(left, n) bytes: a longer copy is clamped by the
                // API (and nothing left is a no-op), not refused; the spec's InvalidArgs is not askable.
                long left = h instanceof VmReader<?> r ? r.remain() : ((VmWriter<?>) h).avail();
                return n <= left;
            }
            case "CursorMut" -> {
                // The spec's handle k is live: Java can only open another cursor; only an overlapping
                // (refused Busy) or invalid range is a refusal both agree on.
                Value.Fn live = (Value.Fn) ((Value.Fn) st.get("cursors")).get(c.args().get(0));
                if (live == null) {
                    return true;
                }
                long lo = c.num(1);
                long hi = c.num(2);
                boolean valid = lo < hi && hi <= map.model().maxVaddr();
                if (!valid) {
                    return true;
                }
                for (Value v : ((Value.Fn) st.get("cursors")).map().values()) {
                    Value.Fn r = (Value.Fn) v;
                    if (((Value.Int) r.get("lo")).v() < hi && lo < ((Value.Int) r.get("hi")).v()) {
                        return true;
                    }
                }
                return false;
            }
            case "DropCursor" -> {
                // close() of a live cursor with pending flushes is DispatchTlbFlush + DropCursor.
                Value.Fn live = (Value.Fn) ((Value.Fn) st.get("cursors")).get(c.args().get(0));
                return cursors.containsKey(c.args().get(0)) && live == null;
            }
            default -> {
                return cursors.containsKey(c.args().get(0));
            }
        }
    }

    /** Performs {@code c} through the public API and says what Java did. */
    Outcome perform(Actions.Call c) {
        try {
            return doPerform(c);
        } catch (PageFaultException e) {
            return Outcome.PERFORMED; // a fault is partial progress: the spec's Read/Write step
        } catch (VmException e) {
            return new Outcome(Kind.REFUSED, e.kind().name());
        }
    }

    @SuppressWarnings("unchecked")
    private Outcome doPerform(Actions.Call c) {
        List<Value> a = c.args();
        switch (c.action()) {
            case "Activate" -> space.activate(map.cpu(a.get(0)));
            case "Deactivate" -> space.deactivate(map.cpu(a.get(0)));
            case "Reader", "Writer" -> {
                int cpu = map.cpu(a.get(0));
                long v = map.addr(space, c.num(2));
                long l = map.len(c.num(3));
                boolean beyond = c.num(2) + c.num(3) > map.model().maxVaddr();
                if (beyond) {
                    // Beyond user space: also the u64-wrapping rendering of the same request (its exact
                    // sum is beyond MAX_USERSPACE_VADDR too); both must be refused.
                    long wrapped = -v + map.len(c.num(2) + c.num(3) - map.model().maxVaddr());
                    Outcome w = perform(new Actions.Call(c.action() + "$wrapped", List.of(a.get(0), a.get(1),
                            new Value.Int(v), new Value.Int(wrapped))));
                    if (w.kind() != Kind.REFUSED) {
                        return new Outcome(w.kind(), "(u64-wrapping len 0x" + Long.toHexString(wrapped) + ")");
                    }
                }
                Object h = c.action().equals("Reader") ? space.reader(cpu, v, l) : space.writer(cpu, v, l);
                bind(a.get(1), h);
            }
            case "Reader$wrapped", "Writer$wrapped" -> {
                int cpu = map.cpu(a.get(0));
                Object h = c.action().startsWith("Reader") ? space.reader(cpu, c.num(2), c.num(3))
                        : space.writer(cpu, c.num(2), c.num(3));
                bind(a.get(1), h);
            }
            case "ActivateReader" -> space.owner().activateReader(reader(a.get(0)));
            case "ActivateWriter" -> space.owner().activateWriter(writer(a.get(0)));
            case "DisposeReader" -> space.owner().disposeReader(reader(a.get(0)));
            case "DisposeWriter" -> space.owner().disposeWriter(writer(a.get(0)));
            case "RemoveReader" -> space.owner().removeReader(reader(a.get(0)));
            case "RemoveWriter" -> space.owner().removeWriter(writer(a.get(0)));
            case "DropOwner" -> {
                Object h = handles.get(a.get(0));
                if (h instanceof VmReader) {
                    space.owner().dropOwner((VmReader<Fallible>) h);
                } else {
                    space.owner().dropOwner((VmWriter<Fallible>) h);
                }
            }
            case "Read" -> {
                VmReader<Fallible> r = reader(a.get(1)).onCpu(map.cpu(a.get(0)));
                long n = map.len(c.num(2));
                if (n == 8) {
                    r.readLong();
                } else {
                    r.read(VmWriter.fromSlice(new byte[(int) n]));
                }
            }
            case "Write" -> {
                VmWriter<Fallible> w = writer(a.get(1)).onCpu(map.cpu(a.get(0)));
                long n = map.len(c.num(2));
                if (n == 8) {
                    w.writeVal(0x5a5a5a5a5a5a5a5aL);
                } else {
                    w.write(VmReader.fromSlice(new byte[(int) n]));
                }
            }
            case "Skip" -> {
                Object h = handles.get(a.get(0));
                long n = map.len(c.num(1));
                if (h instanceof VmReader) {
                    ((VmReader<Fallible>) h).skip(n);
                } else {
                    ((VmWriter<Fallible>) h).skip(n);
                }
            }
            case "Limit" -> {
                Object h = handles.get(a.get(0));
                long n = map.len(c.num(1));
                if (h instanceof VmReader) {
                    ((VmReader<Fallible>) h).limit(n);
                } else {
                    ((VmWriter<Fallible>) h).limit(n);
                }
            }
            case "CursorMut" -> {
                CursorMut k = space.cursorMut(map.addr(space, c.num(1)), map.addr(space, c.num(2)), Duration.ZERO);
                if (!liveCursors.contains(a.get(0))) {
                    cursors.put(a.get(0), k);
                    cursorIds.put(k.id(), a.get(0));
                    liveCursors.add(a.get(0));
                } else {
                    cursorIds.put(k.id(), new Value.Str("second-cursor:" + k.id()));
                }
            }
            case "Map" -> cursor(a.get(0)).mapDeferred(space.frame(map.frame(a.get(1))), SpecMapping.prop(a.get(2)));
            case "Unmap" -> cursor(a.get(0)).unmapDeferred(map.len(c.num(1)));
            case "ProtectNext" -> cursor(a.get(0)).protectNext(map.len(c.num(1)), SpecMapping.prop(a.get(2)));
            case "Jump" -> cursor(a.get(0)).jump(map.addr(space, c.num(1)));
            case "IssueTlbFlush" -> cursor(a.get(0)).flusher().issueTlbFlush(
                    TlbFlushOp.range(map.addr(space, c.num(1)), map.addr(space, c.num(2))));
            case "DispatchTlbFlush" -> {
                if (cursor(a.get(0)).flusher().dispatchTlbFlush() == 0) {
                    return Outcome.NOOP;
                }
            }
            case "DropCursor" -> {
                CursorMut k = cursor(a.get(0));
                boolean wasLive = liveCursors.remove(a.get(0));
                k.close();
                if (!wasLive) {
                    return Outcome.NOOP;
                }
            }
            default -> throw new IllegalArgumentException("no Java call for " + c);
        }
        return Outcome.PERFORMED;
    }

    private void bind(Value specId, Object h) {
        handles.put(specId, h);
        long id = h instanceof VmReader<?> r ? r.owner().id() : ((VmWriter<?>) h).owner().id();
        ownerIds.put(id, specId);
    }

    @SuppressWarnings("unchecked")
    private VmReader<Fallible> reader(Value i) {
        return (VmReader<Fallible>) handles.get(i);
    }

    @SuppressWarnings("unchecked")
    private VmWriter<Fallible> writer(Value i) {
        return (VmWriter<Fallible>) handles.get(i);
    }

    private CursorMut cursor(Value k) {
        CursorMut c = cursors.get(k);
        if (c == null) {
            throw new IllegalStateException("no Java cursor for " + k);
        }
        return c;
    }
}
