package org.vmspace.machine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A machine with many address spaces (tla/VmSpaceMachine.tla; docs/PROTOCOL.md, "Many address
 * spaces"): the CPUs, each with one activated {@link Space} (or none) and its TLB, and the
 * reference-counted frames are the machine's. Activating a space on a CPU replaces the one there and,
 * with no ASIDs, drops the CPU's TLB. A flush of a space reaches the CPUs where it is current (enough
 * because a CPU holds entries of a space only while it is current there: {@code TlbCurrentInv}). A
 * frame returns to the allocator when its last mapping in any space is gone and every flush holding
 * it is dispatched. Every operation is one step under the machine's lock. Deliberate bugs are a
 * per-instance setting ({@link MachineBug}).
 */
public final class Machine {
    /** The spec's invariants {@link #violatedInvariants} checks, in the order of tla/MCVmSpaceMachine.cfg. */
    public static final List<String> INVARIANTS = List.of("TlbCurrentInv", "NoStaleTlbInv", "RefcountInv",
            "FreeFramesUnmappedInv", "UnreferencedFreeInv", "WriteExclusiveInv", "CowReadOnlyInv");

    private final Set<MachineBug> bugs;
    private final Space[] current;
    private final List<Map<Long, TlbEntry>> tlb = new ArrayList<>();
    private final Frames frames;
    private final List<Space> spaces = new ArrayList<>();

    /** A machine of {@code cpus} CPUs and {@code frames} frames with the given deliberate bugs (usually none). */
    public Machine(int cpus, int frames, Set<MachineBug> bugs) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1, got " + cpus);
        }
        this.bugs = bugs.isEmpty() ? EnumSet.noneOf(MachineBug.class) : EnumSet.copyOf(bugs);
        this.current = new Space[cpus];
        for (int c = 0; c < cpus; c++) {
            tlb.add(new HashMap<>());
        }
        this.frames = new Frames(frames);
    }

    public Machine(int cpus, int frames) {
        this(cpus, frames, Set.of());
    }

    private boolean bug(MachineBug b) {
        return bugs.contains(b);
    }

    private void cpu(int c) {
        if (c < 0 || c >= current.length) {
            throw new IllegalArgumentException("no CPU " + c + " (the machine has " + current.length + ")");
        }
    }

    /** A new, empty address space (VmSpace::new). */
    public synchronized Space newSpace() {
        Space s = new Space(this, spaces.size());
        spaces.add(s);
        return s;
    }

    /** VmSpace::activate on {@code cpu}: {@code s} replaces the space there; the switch drops the TLB. */
    public synchronized void activate(int cpu, Space s) {
        cpu(cpu);
        if (s.machine != this) {
            throw new IllegalArgumentException(s + " belongs to another machine");
        }
        if (current[cpu] == s) {
            return;
        }
        current[cpu] = s;
        if (!bug(MachineBug.NoTlbDropOnSwitch)) {
            tlb.get(cpu).clear();
        }
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

    private Space active(int cpu) {
        cpu(cpu);
        Space s = current[cpu];
        if (s == null) {
            throw new MachineFault("no space is active on CPU " + cpu);
        }
        return s;
    }

    /** The entry {@code cpu} translates {@code page} by: its TLB's (looked up by page only), else a walk (cached). */
    private TlbEntry translate(int cpu, Space s, long page) {
        TlbEntry e = tlb.get(cpu).get(page);
        if (e != null) {
            return e;
        }
        Space.Leaf l = s.pt.get(page);
        if (l == null) {
            return null;
        }
        e = new TlbEntry(s, page, l.frame(), l.prop().writable());
        tlb.get(cpu).put(page, e);
        return e;
    }

    /** A read of {@code page} on {@code cpu} in its current space. */
    public synchronized long read(int cpu, long page) {
        Space s = active(cpu);
        TlbEntry e = translate(cpu, s, page);
        if (e == null) {
            throw new MachineFault("page fault: " + s + " maps nothing at " + page);
        }
        return frames.read(e.frame());
    }

    /**
     * A write of {@code value} to {@code page} on {@code cpu}: through a writable translation; a write
     * fault is handled as the kernel does (a stale read-only entry is dropped, a copy-on-write page is
     * copied or, when this space holds the frame's only reference, made writable) and the write retried.
     */
    public synchronized void write(int cpu, long page, long value) {
        Space s = active(cpu);
        for (int attempt = 0; attempt < 3; attempt++) {
            TlbEntry e = translate(cpu, s, page);
            if (e == null) {
                throw new MachineFault("page fault: " + s + " maps nothing at " + page);
            }
            if (e.writable()) {
                frames.write(e.frame(), value);
                return;
            }
            writeFault(cpu, s, page);
        }
        throw new IllegalStateException("write fault not resolved at " + page);
    }

    private void writeFault(int cpu, Space s, long page) {
        Space.Leaf l = s.pt.get(page);
        if (l.prop() == Prop.R) {
            throw new MachineFault("write to read-only page " + page + " of " + s);
        }
        tlb.get(cpu).remove(page);
        if (l.prop() == Prop.RW) {
            return; // spurious: a stale read-only entry (FaultRefill)
        }
        int f = l.frame();
        boolean only = frames.refcount(f) == 1 || (bug(MachineBug.CowReuseIgnoresHolds) && mapsOf(f).size() == 1);
        if (only) { // CowReuse
            s.pt.put(page, new Space.Leaf(f, Prop.RW));
            return;
        }
        int g = frames.alloc(); // CowCopy
        if (g < 0) {
            throw new MachineFault("out of frames for a copy-on-write copy");
        }
        frames.write(g, frames.read(f));
        s.pt.put(page, new Space.Leaf(g, Prop.RW));
        releaseMapping(s, page, f);
    }

    /** The mapping of {@code f} at {@code (s, page)} is gone: its reference moves to the flusher. */
    private void releaseMapping(Space s, long page, int f) {
        if (bug(MachineBug.FreeBeforeFlush)) {
            if (frames.put(f) == 0) {
                frames.release(f);
            }
            return;
        }
        if (!s.pending.add(new Space.Op(page, f))) {
            frames.put(f); // an op already pending holds f for both
        }
    }

    synchronized int map(Space s, long page, Prop prop) {
        if (prop == Prop.COW) {
            throw new IllegalArgumentException("map takes RW or R; COW leaves come from fork");
        }
        int f = frames.alloc();
        if (f < 0) {
            throw new MachineFault("out of frames");
        }
        Space.Leaf old = s.pt.put(page, new Space.Leaf(f, prop));
        if (old != null) {
            releaseMapping(s, page, old.frame());
        }
        return f;
    }

    synchronized void unmap(Space s, long page) {
        Space.Leaf old = s.pt.remove(page);
        if (old != null) {
            releaseMapping(s, page, old.frame());
        }
    }

    synchronized void dispatchTlbFlush(Space s, int issuer) {
        cpu(issuer);
        if (s.pending.isEmpty()) {
            return;
        }
        Set<Long> pages = new HashSet<>();
        Set<Integer> held = new LinkedHashSet<>();
        for (Space.Op o : s.pending) {
            pages.add(o.page());
            held.add(o.frame());
        }
        for (int c = 0; c < current.length; c++) {
            boolean target = bug(MachineBug.FlushLocalOnly) ? c == issuer : current[c] == s;
            if (target) {
                tlb.get(c).keySet().removeAll(pages);
            }
        }
        for (Space.Op o : s.pending) {
            frames.put(o.frame());
        }
        s.pending.clear();
        for (int f : held) {
            boolean back = bug(MachineBug.FreeIgnoresRefcount) || (!bug(MachineBug.LeakOnDispatch) && frames.refcount(f) == 0);
            if (back) {
                frames.release(f);
            }
        }
    }

    synchronized Space fork(Space s) {
        Space child = newSpace();
        Set<Long> writeProtected = new HashSet<>();
        for (Map.Entry<Long, Space.Leaf> e : s.pt.entrySet()) {
            Space.Leaf l = e.getValue();
            if (l.prop() == Prop.RW) {
                writeProtected.add(e.getKey());
                if (!bug(MachineBug.ForkParentWritable)) {
                    e.setValue(new Space.Leaf(l.frame(), Prop.COW));
                }
            }
            child.pt.put(e.getKey(), new Space.Leaf(l.frame(), l.prop() == Prop.R ? Prop.R : Prop.COW));
            if (!bug(MachineBug.ForkNoRefcount)) {
                frames.get(l.frame());
            }
        }
        if (!bug(MachineBug.ForkNoFlush)) {
            for (int c = 0; c < current.length; c++) {
                if (current[c] == s) {
                    tlb.get(c).keySet().removeAll(writeProtected);
                }
            }
        }
        return child;
    }

    synchronized void shareCow(Space s, long page, Space t, long q) {
        if (t.machine != this) {
            throw new IllegalArgumentException(t + " belongs to another machine");
        }
        Space.Leaf l = s.pt.get(page);
        if (l == null || t.pt.containsKey(q) || (s == t && page == q)) {
            throw new IllegalArgumentException("shareCow needs a mapped source and an unmapped, other target");
        }
        if (l.prop() == Prop.RW) {
            if (!bug(MachineBug.ForkParentWritable)) {
                s.pt.put(page, new Space.Leaf(l.frame(), Prop.COW));
            }
            if (!bug(MachineBug.ForkNoFlush)) {
                for (int c = 0; c < current.length; c++) {
                    if (current[c] == s) {
                        tlb.get(c).remove(page);
                    }
                }
            }
        }
        t.pt.put(q, new Space.Leaf(l.frame(), l.prop() == Prop.R ? Prop.R : Prop.COW));
        if (!bug(MachineBug.ForkNoRefcount)) {
            frames.get(l.frame());
        }
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
