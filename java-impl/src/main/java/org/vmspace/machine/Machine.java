package org.vmspace.machine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vmspace.trace.JsonLine;

/**
 * A machine with many address spaces (tla/VmSpaceMachine.tla; docs/PROTOCOL.md, "Many address
 * spaces"): the CPUs, each with one activated {@link Space} (or none) and its TLB, and the
 * reference-counted frames are the machine's. Activating a space on a CPU replaces the one there and,
 * with no ASIDs, drops the CPU's TLB. A flush of a space reaches the CPUs where it is current (enough
 * because a CPU holds entries of a space only while it is current there: {@code TlbCurrentInv}). A
 * frame returns to the allocator when its last mapping in any space is gone and every flush holding
 * it is dispatched. Every operation is one step under the machine's lock. Deliberate bugs are a
 * per-instance setting ({@link MachineBug}). Every operation, performed or refused, is one event of the
 * machine trace with what it changed (java-impl/MACHINE_TRACE_SCHEMA.md), written after its effect
 * under the lock; a sink failure is sticky: every later operation throws it.
 */
public final class Machine {
    /** The spec's invariants {@link #violatedInvariants} checks, in the order of tla/MCVmSpaceMachine.cfg. */
    public static final List<String> INVARIANTS = List.of("TlbCurrentInv", "NoStaleTlbInv", "RefcountInv",
            "FreeFramesUnmappedInv", "UnreferencedFreeInv", "WriteExclusiveInv", "CowReadOnlyInv");

    /** The machine trace's schema name and version (java-impl/MACHINE_TRACE_SCHEMA.md). */
    public static final String TRACE_SCHEMA = "vmspace-machine-trace";
    public static final int TRACE_VERSION = 1;

    private final Set<MachineBug> bugs;
    private final Space[] current;
    private final List<Map<Long, TlbEntry>> tlb = new ArrayList<>();
    private final Frames frames;
    private final List<Space> spaces = new ArrayList<>();
    private final MachineSink sink;
    private final JsonLine scratch = new JsonLine();
    private long seq;
    private RuntimeException traceFailure;

    /**
     * A machine of {@code cpus} CPUs and {@code frames} frames with the given deliberate bugs (usually
     * none), tracing every operation to {@code sink}: the header line ({@code cpus}, {@code frames}, then
     * the entries of {@code info}, informational) is written here.
     */
    public Machine(int cpus, int frames, Set<MachineBug> bugs, MachineSink sink, Map<String, Object> info) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1, got " + cpus);
        }
        this.bugs = bugs.isEmpty() ? EnumSet.noneOf(MachineBug.class) : EnumSet.copyOf(bugs);
        this.current = new Space[cpus];
        for (int c = 0; c < cpus; c++) {
            tlb.add(new HashMap<>());
        }
        this.frames = new Frames(frames);
        this.sink = sink;
        if (sink.enabled()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("schema", TRACE_SCHEMA);
            h.put("version", TRACE_VERSION);
            h.put("cpus", cpus);
            h.put("frames", frames);
            h.putAll(info);
            sink.write(scratch.reset().value(h));
        }
    }

    /** A machine of {@code cpus} CPUs and {@code frames} frames with the given deliberate bugs (usually none). */
    public Machine(int cpus, int frames, Set<MachineBug> bugs) {
        this(cpus, frames, bugs, MachineSink.NONE, Map.of());
    }

    public Machine(int cpus, int frames) {
        this(cpus, frames, Set.of());
    }

    private boolean bug(MachineBug b) {
        return bugs.contains(b);
    }

    private void cpu(int c) {
        if (traceFailure != null) { // the trace lost an event: the state ran ahead of it; refuse everything
            throw traceFailure;
        }
        if (c < 0 || c >= current.length) {
            throw new IllegalArgumentException("no CPU " + c + " (the machine has " + current.length + ")");
        }
    }

    private void own(Space s) {
        if (traceFailure != null) {
            throw traceFailure;
        }
        if (s.machine != this) {
            throw new IllegalArgumentException(s + " belongs to another machine");
        }
    }

    /** Writes {@code e} with the next {@code seq}, after its effect (under the lock). */
    private void emit(MachineEvent e) {
        if (!sink.enabled()) {
            return;
        }
        try {
            sink.write(e.writeJson(++seq, Thread.currentThread().getName(), scratch.reset()));
        } catch (RuntimeException x) {
            traceFailure = x;
            throw x;
        }
    }

    /** Logs the refusal {@code outcome} of {@code e} and returns the fault to throw. */
    private MachineFault refuse(MachineEvent e, String outcome, String message) {
        emit(e.refused(outcome));
        return new MachineFault(message);
    }

    private static final Comparator<List<Object>> BY_KEYS = (x, y) -> {
        for (int k = 0; k < Math.min(x.size(), y.size()); k++) {
            int c = x.get(k) instanceof Integer a ? Integer.compare(a, (Integer) y.get(k))
                    : x.get(k) instanceof Long a ? Long.compareUnsigned(a, (Long) y.get(k)) : 0;
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    /** Tuples of ints and pages (longs), sorted, with the pages written as hex strings. */
    private static List<List<Object>> tuples(List<List<Object>> ts) {
        ts.sort(BY_KEYS);
        List<List<Object>> out = new ArrayList<>(ts.size());
        for (List<Object> t : ts) {
            List<Object> o = new ArrayList<>(t.size());
            for (Object x : t) {
                o.add(x instanceof Long p ? MachineEvent.page(p) : x);
            }
            out.add(o);
        }
        return out;
    }

    private static List<String> pages(Set<Long> ps) {
        return ps.stream().sorted(Long::compareUnsigned).map(MachineEvent::page).toList();
    }

    private Space createSpace() {
        Space s = new Space(this, spaces.size());
        spaces.add(s);
        return s;
    }

    /** A new, empty address space (VmSpace::new). */
    public synchronized Space newSpace() {
        if (traceFailure != null) {
            throw traceFailure;
        }
        Space s = createSpace();
        emit(new MachineEvent("NewSpace").arg("space", s.id));
        return s;
    }

    /** VmSpace::activate on {@code cpu}: {@code s} replaces the space there; the switch drops the TLB. */
    public synchronized void activate(int cpu, Space s) {
        cpu(cpu);
        own(s);
        MachineEvent e = new MachineEvent("Activate").arg("cpu", cpu).arg("space", s.id);
        if (current[cpu] == s) {
            emit(e.post("switched", false).post("dropped", List.of()));
            return;
        }
        current[cpu] = s;
        List<List<Object>> dropped = new ArrayList<>();
        if (!bug(MachineBug.NoTlbDropOnSwitch)) {
            for (TlbEntry t : tlb.get(cpu).values()) {
                dropped.add(List.of(t.page(), t.frame(), t.writable()));
            }
            tlb.get(cpu).clear();
        }
        emit(e.post("switched", true).post("dropped", tuples(dropped)));
    }

    /** The space activated on {@code cpu}, or null. */
    public synchronized Space current(int cpu) {
        cpu(cpu);
        return current[cpu];
    }

    /** A copy of {@code cpu}'s TLB. */
    public synchronized Map<Long, TlbEntry> tlb(int cpu) {
        cpu(cpu);
        return Map.copyOf(tlb.get(cpu));
    }

    public synchronized int refcount(int frame) {
        return frames.refcount(frame);
    }

    public synchronized boolean isFree(int frame) {
        return frames.isFree(frame);
    }

    /** The number of CPUs. */
    public int cpus() {
        return current.length;
    }

    /** The spaces created so far, in creation order. */
    public synchronized List<Space> spaces() {
        return List.copyOf(spaces);
    }

    /** A read of {@code page} on {@code cpu} in its current space: a TLB hit, else a walk (cached). */
    public synchronized long read(int cpu, long page) {
        cpu(cpu);
        MachineEvent e = new MachineEvent("Read").arg("cpu", cpu).arg("page", MachineEvent.page(page));
        Space s = current[cpu];
        if (s == null) {
            throw refuse(e, "NoSpace", "no space is active on CPU " + cpu);
        }
        TlbEntry t = tlb.get(cpu).get(page);
        boolean hit = t != null;
        if (!hit) {
            Space.Leaf l = s.pt.get(page);
            if (l == null) {
                throw refuse(e, "NotMapped", "page fault: " + s + " maps nothing at " + page);
            }
            t = new TlbEntry(s, page, l.frame(), l.prop().writable());
            tlb.get(cpu).put(page, t);
        }
        emit(e.post("frame", t.frame()).post("tlbHit", hit));
        return frames.read(t.frame());
    }

    /**
     * A write of {@code value} to {@code page} on {@code cpu}: through a writable translation (a TLB
     * hit, else a walk of a writable leaf, cached); otherwise a write fault, handled as the kernel does
     * (a stale read-only entry is dropped, a copy-on-write page is copied or, when this space holds the
     * frame's only reference, made writable), each a step of its own, and the write retried.
     */
    public synchronized void write(int cpu, long page, long value) {
        cpu(cpu);
        MachineEvent e = new MachineEvent("Write").arg("cpu", cpu).arg("page", MachineEvent.page(page));
        Space s = current[cpu];
        if (s == null) {
            throw refuse(e, "NoSpace", "no space is active on CPU " + cpu);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            TlbEntry t = tlb.get(cpu).get(page);
            boolean hit = t != null;
            Space.Leaf l = s.pt.get(page);
            if (t == null) {
                if (l == null) {
                    throw refuse(e, "NotMapped", "page fault: " + s + " maps nothing at " + page);
                }
                if (l.prop().writable()) {
                    t = new TlbEntry(s, page, l.frame(), true);
                    tlb.get(cpu).put(page, t);
                }
            }
            if (t != null && t.writable()) {
                frames.write(t.frame(), value);
                emit(e.post("frame", t.frame()).post("tlbHit", hit));
                return;
            }
            writeFault(e, cpu, s, page, l);
        }
        throw new IllegalStateException("write fault not resolved at " + page);
    }

    private void writeFault(MachineEvent e, int cpu, Space s, long page, Space.Leaf l) {
        if (l == null || l.prop() == Prop.R) {
            throw refuse(e, "ReadOnly", "write to read-only page " + page + " of " + s);
        }
        String p = MachineEvent.page(page);
        if (l.prop() == Prop.RW) { // spurious: a stale read-only entry
            tlb.get(cpu).remove(page);
            emit(new MachineEvent("FaultRefill").arg("cpu", cpu).arg("page", p));
            return;
        }
        int f = l.frame();
        boolean only = frames.refcount(f) == 1 || (bug(MachineBug.CowReuseIgnoresHolds) && mapsOf(f).size() == 1);
        if (only) {
            s.pt.put(page, new Space.Leaf(f, Prop.RW));
            tlb.get(cpu).remove(page);
            emit(new MachineEvent("CowReuse").arg("cpu", cpu).arg("page", p).post("frame", f));
            return;
        }
        int g = frames.alloc();
        if (g < 0) {
            throw refuse(e, "OutOfFrames", "out of frames for a copy-on-write copy");
        }
        frames.write(g, frames.read(f));
        s.pt.put(page, new Space.Leaf(g, Prop.RW));
        tlb.get(cpu).remove(page);
        List<Integer> freed = releaseMapping(s, page, f);
        emit(new MachineEvent("CowCopy").arg("cpu", cpu).arg("page", p)
                .post("from", f).post("frame", g).post("freed", freed));
    }

    /**
     * The mapping of {@code f} at {@code (s, page)} is gone: its reference moves to the flusher.
     * Returns the frames this returned to the allocator (none without a bug).
     */
    private List<Integer> releaseMapping(Space s, long page, int f) {
        if (bug(MachineBug.FreeBeforeFlush)) {
            if (frames.put(f) == 0) {
                frames.release(f);
                return List.of(f);
            }
            return List.of();
        }
        if (!s.pending.add(new Space.Op(page, f))) {
            frames.put(f); // an op already pending holds f for both
        }
        return List.of();
    }

    synchronized int map(Space s, long page, Prop prop) {
        own(s);
        if (prop == Prop.COW) {
            throw new IllegalArgumentException("map takes RW or R; COW leaves come from fork");
        }
        MachineEvent e = new MachineEvent("Map").arg("space", s.id).arg("page", MachineEvent.page(page))
                .arg("prop", prop.name());
        int f = frames.alloc();
        if (f < 0) {
            throw refuse(e, "OutOfFrames", "out of frames");
        }
        Space.Leaf old = s.pt.put(page, new Space.Leaf(f, prop));
        List<Integer> freed = old == null ? List.of() : releaseMapping(s, page, old.frame());
        emit(e.post("frame", f).post("replaced", old == null ? null : old.frame()).post("freed", freed));
        return f;
    }

    synchronized void unmap(Space s, long page) {
        own(s);
        MachineEvent e = new MachineEvent("Unmap").arg("space", s.id).arg("page", MachineEvent.page(page));
        Space.Leaf old = s.pt.remove(page);
        if (old == null) {
            emit(e.refused("NotMapped"));
            return;
        }
        List<Integer> freed = releaseMapping(s, page, old.frame());
        emit(e.post("frame", old.frame()).post("freed", freed));
    }

    synchronized void dispatchTlbFlush(Space s, int issuer) {
        cpu(issuer);
        own(s);
        MachineEvent e = new MachineEvent("DispatchTlbFlush").arg("space", s.id).arg("cpu", issuer);
        if (s.pending.isEmpty()) {
            emit(e.refused("NothingPending"));
            return;
        }
        Set<Long> pages = new HashSet<>();
        Set<Integer> held = new LinkedHashSet<>();
        List<List<Object>> ops = new ArrayList<>();
        for (Space.Op o : s.pending) {
            pages.add(o.page());
            held.add(o.frame());
            ops.add(List.of(o.page(), o.frame()));
        }
        List<List<Object>> dropped = new ArrayList<>();
        for (int c = 0; c < current.length; c++) {
            boolean target = bug(MachineBug.FlushLocalOnly) ? c == issuer : current[c] == s;
            if (target) {
                for (long p : pages) {
                    if (tlb.get(c).remove(p) != null) {
                        dropped.add(List.of(c, p));
                    }
                }
            }
        }
        for (Space.Op o : s.pending) {
            frames.put(o.frame());
        }
        s.pending.clear();
        List<Integer> freed = new ArrayList<>();
        for (int f : held) {
            boolean back = bug(MachineBug.FreeIgnoresRefcount) || (!bug(MachineBug.LeakOnDispatch) && frames.refcount(f) == 0);
            if (back) {
                frames.release(f);
                freed.add(f);
            }
        }
        freed.sort(null);
        emit(e.post("pages", tuples(ops)).post("dropped", tuples(dropped)).post("freed", freed));
    }

    synchronized Space fork(Space s) {
        own(s);
        Space child = createSpace();
        Set<Long> writeProtected = new HashSet<>();
        Set<Long> madeCow = new HashSet<>();
        for (Map.Entry<Long, Space.Leaf> e : s.pt.entrySet()) {
            Space.Leaf l = e.getValue();
            if (l.prop() == Prop.RW) {
                writeProtected.add(e.getKey());
                if (!bug(MachineBug.ForkParentWritable)) {
                    e.setValue(new Space.Leaf(l.frame(), Prop.COW));
                    madeCow.add(e.getKey());
                }
            }
            child.pt.put(e.getKey(), new Space.Leaf(l.frame(), l.prop() == Prop.R ? Prop.R : Prop.COW));
            if (!bug(MachineBug.ForkNoRefcount)) {
                frames.get(l.frame());
            }
        }
        List<List<Object>> dropped = new ArrayList<>();
        if (!bug(MachineBug.ForkNoFlush)) {
            for (int c = 0; c < current.length; c++) {
                if (current[c] == s) {
                    for (long p : writeProtected) {
                        if (tlb.get(c).remove(p) != null) {
                            dropped.add(List.of(c, p));
                        }
                    }
                }
            }
        }
        List<List<Object>> shared = new ArrayList<>();
        s.pt.forEach((p, l) -> shared.add(List.of(p, l.frame(), frames.refcount(l.frame()))));
        emit(new MachineEvent("Fork").arg("space", s.id).arg("child", child.id).post("protected", pages(madeCow))
                .post("shared", tuples(shared)).post("dropped", tuples(dropped)));
        return child;
    }

    synchronized void shareCow(Space s, long page, Space t, long q) {
        own(s);
        own(t);
        MachineEvent e = new MachineEvent("CowShare").arg("space", s.id).arg("page", MachineEvent.page(page))
                .arg("to", t.id).arg("toPage", MachineEvent.page(q));
        Space.Leaf l = s.pt.get(page);
        if (l == null || t.pt.containsKey(q) || (s == t && page == q)) {
            emit(e.refused("InvalidArgs"));
            throw new IllegalArgumentException("shareCow needs a mapped source and an unmapped, other target");
        }
        Set<Long> madeCow = new HashSet<>();
        List<List<Object>> dropped = new ArrayList<>();
        if (l.prop() == Prop.RW) {
            if (!bug(MachineBug.ForkParentWritable)) {
                s.pt.put(page, new Space.Leaf(l.frame(), Prop.COW));
                madeCow.add(page);
            }
            if (!bug(MachineBug.ForkNoFlush)) {
                for (int c = 0; c < current.length; c++) {
                    if (current[c] == s && tlb.get(c).remove(page) != null) {
                        dropped.add(List.of(c, page));
                    }
                }
            }
        }
        t.pt.put(q, new Space.Leaf(l.frame(), l.prop() == Prop.R ? Prop.R : Prop.COW));
        if (!bug(MachineBug.ForkNoRefcount)) {
            frames.get(l.frame());
        }
        emit(e.post("frame", l.frame()).post("protected", pages(madeCow)).post("refcount", frames.refcount(l.frame()))
                .post("dropped", tuples(dropped)));
    }

    /** The places (space, page) whose leaf maps {@code f}. */
    private Set<List<Object>> mapsOf(int f) {
        Set<List<Object>> r = new HashSet<>();
        for (Space s : spaces) {
            s.pt.forEach((p, l) -> {
                if (l.frame() == f) {
                    r.add(List.of(s, p));
                }
            });
        }
        return r;
    }

    private int holdsOf(int f) {
        int n = 0;
        for (Space s : spaces) {
            for (Space.Op o : s.pending) {
                n += o.frame() == f ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * The names of the spec's invariants (tla/VmSpaceMachine.tla) this state violates, in the spec's
     * order; empty when every one holds.
     */
    public synchronized List<String> violatedInvariants() {
        List<String> v = new ArrayList<>();
        boolean tlbCurrent = true;
        boolean noStale = true;
        for (int c = 0; c < current.length; c++) {
            for (TlbEntry e : tlb.get(c).values()) {
                tlbCurrent &= e.space() == current[c];
                Space.Leaf l = e.space().pt.get(e.page());
                noStale &= (l != null && l.frame() == e.frame()) || e.space().pending.contains(new Space.Op(e.page(), e.frame()));
            }
        }
        boolean refcount = true;
        boolean freeUnmapped = true;
        boolean unreferencedFree = true;
        boolean writeExclusive = true;
        boolean cowReadOnly = true;
        for (int f = 0; f < frames.count(); f++) {
            Set<List<Object>> maps = mapsOf(f);
            int holds = holdsOf(f);
            refcount &= frames.refcount(f) == maps.size() + holds;
            freeUnmapped &= !frames.isFree(f) || (maps.isEmpty() && holds == 0);
            unreferencedFree &= frames.refcount(f) != 0 || frames.isFree(f);
            Set<List<Object>> translations = new HashSet<>(maps);
            Set<List<Object>> writable = new HashSet<>();
            for (List<Object> sp : maps) {
                if (((Space) sp.get(0)).pt.get((Long) sp.get(1)).prop() == Prop.RW) {
                    writable.add(sp);
                }
            }
            boolean writableEntry = false;
            for (Map<Long, TlbEntry> t : tlb) {
                for (TlbEntry e : t.values()) {
                    if (e.frame() == f) {
                        translations.add(List.of(e.space(), e.page()));
                        if (e.writable()) {
                            writable.add(List.of(e.space(), e.page()));
                            writableEntry = true;
                        }
                    }
                }
            }
            for (List<Object> w : writable) {
                writeExclusive &= translations.equals(Set.of(w));
            }
            if (maps.size() >= 2) {
                cowReadOnly &= !writableEntry && maps.stream()
                        .noneMatch(sp -> ((Space) sp.get(0)).pt.get((Long) sp.get(1)).prop() == Prop.RW);
            }
        }
        boolean[] holds = {tlbCurrent, noStale, refcount, freeUnmapped, unreferencedFree, writeExclusive, cowReadOnly};
        for (int k = 0; k < holds.length; k++) {
            if (!holds[k]) {
                v.add(INVARIANTS.get(k));
            }
        }
        return v;
    }
}
