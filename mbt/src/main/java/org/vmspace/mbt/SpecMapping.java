package org.vmspace.mbt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vmspace.mm.Bug;
import org.vmspace.mm.Snapshot;
import org.vmspace.mm.VmSpace;
import org.vmspace.model.PageProperty;
import org.vmspace.trace.TraceSink;

/**
 * The mapping between a model's constants and a Java configuration: trace validation's mapping
 * (trace-validation/README.md, "address rebasing") run the other way.
 *
 * <table>
 * <caption>spec to Java</caption>
 * <tr><th>spec</th><th>Java</th><th>trace validation (Java to spec)</th></tr>
 * <tr><td>{@code PAGE_SIZE}</td><td>{@code pageSize = max(4096, PAGE_SIZE)} (the workload's page), scale
 *     {@code s = pageSize / PAGE_SIZE}</td><td>{@code TPageSize = header.pageSize}</td></tr>
 * <tr><td>byte address {@code a} in {@code 0 .. MAX_USERSPACE_VADDR}</td><td>{@code windowBase + s * a}: the
 *     window is the top {@code MAX_USERSPACE_VADDR / PAGE_SIZE} user pages</td>
 *     <td>{@code (addr - windowBase)}: page {@code p} of the window is spec page {@code p * PAGE_SIZE}</td></tr>
 * <tr><td>length {@code l}</td><td>{@code s * l}</td><td>{@code len}</td></tr>
 * <tr><td>{@code CPUs} (sorted)</td><td>CPU {@code 0 .. |CPUs| - 1}</td><td>{@code TCPUs == 0 .. cpus - 1}</td></tr>
 * <tr><td>{@code Frames} (sorted)</td><td>frame index {@code 0 ..}, paddr {@code index * pageSize}</td>
 *     <td>{@code TFrames == 0 .. frames - 1}</td></tr>
 * <tr><td>{@code Ids}, {@code CursorIds}</td><td>the handle the spec id was created with (Java ids are
 *     fresh numbers)</td><td>{@code TIds == 1 .. maxId + 1}: Java's ids</td></tr>
 * <tr><td>{@code SHARED_READER}</td><td>{@code sharedReader}</td><td>{@code header.sharedReader}</td></tr>
 * <tr><td>{@code "RW"}, {@code "R"}</td><td>{@link PageProperty#RW}, {@link PageProperty#READ_ONLY}</td>
 *     <td>{@code protocolName()}</td></tr>
 * </table>
 */
public final class SpecMapping {
    private final ModelConfig m;
    final int pageSize;
    final long scale;
    private final Set<Bug> bugs;

    /** Java spaces with the default bugs of {@link VmSpace.Builder} ({@code -Dvmspace.bugs}). */
    public SpecMapping(ModelConfig m) {
        this(m, null);
    }

    /** Java spaces with {@code bugs} switched on (null: the default of {@link VmSpace.Builder}). */
    public SpecMapping(ModelConfig m, Set<Bug> bugs) {
        this.m = m;
        this.bugs = bugs;
        this.pageSize = Math.max(4096, m.pageSize());
        if (pageSize % m.pageSize() != 0 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("PAGE_SIZE " + m.pageSize() + " has no Java page size");
        }
        this.scale = pageSize / m.pageSize();
    }

    public ModelConfig model() {
        return m;
    }

    /** A fresh Java VmSpace for the model's constants. */
    public VmSpace newSpace(TraceSink sink) {
        VmSpace.Builder b = VmSpace.builder().pageSize(pageSize).cpus(m.cpus().size()).frames(m.frames().size())
                .sharedReader(m.sharedReader()).windowPages(m.maxVaddr() / m.pageSize()).sink(sink);
        return (bugs == null ? b : b.bugs(bugs)).build();
    }

    /** Java address of spec address {@code a}. */
    public long addr(VmSpace space, long a) {
        return space.windowBase() + scale * a;
    }

    public long len(long l) {
        return scale * l;
    }

    public int cpu(Value c) {
        int i = m.cpus().indexOf(c);
        if (i < 0) {
            throw new IllegalArgumentException("no CPU " + c);
        }
        return i;
    }

    public int frame(Value f) {
        int i = m.frames().indexOf(f);
        if (i < 0) {
            throw new IllegalArgumentException("no frame " + f);
        }
        return i;
    }

    public static PageProperty prop(Value p) {
        return ((Value.Str) p).v().equals("RW") ? PageProperty.RW : PageProperty.READ_ONLY;
    }

    // ------------------------------------------------------------------ Java to spec (the abstraction)

    /** A spec address for a Java address; an address with no spec counterpart is shown as a string. */
    Value specAddr(Snapshot s, long base, long a) {
        long d = a - base;
        if (d >= 0 && d % scale == 0 && d / scale <= m.maxVaddr()) {
            return new Value.Int(d / scale);
        }
        return new Value.Str("java:0x" + Long.toHexString(a));
    }

    private Value specFrame(long paddr) {
        long idx = paddr / pageSize;
        if (paddr % pageSize == 0 && idx >= 0 && idx < m.frames().size()) {
            return m.frames().get((int) idx);
        }
        return new Value.Str("java-frame:0x" + Long.toHexString(paddr));
    }

    /**
     * The spec state of a Java snapshot: one value per spec variable. {@code ownerIds} and
     * {@code cursorIds} give the spec id each Java id was created under; an unknown Java id shows as
     * {@code "java-owner:N"} (a mismatch).
     */
    public Map<String, Value> abstractState(Snapshot s, long base, Map<Long, Value> ownerIds, Map<Long, Value> cursorIds) {
        Map<String, Value> out = new TreeMap<>();
        Map<Value, Value> cur = new HashMap<>();
        for (int c = 0; c < m.cpus().size(); c++) {
            cur.put(m.cpus().get(c), new Value.Bool(s.current().contains(c)));
        }
        out.put("current", new Value.Fn(cur));

        Map<Value, Value> pt = new HashMap<>();
        for (long p : m.userPages()) {
            pt.put(new Value.Int(p), Value.Fn.tuple());
        }
        for (Map.Entry<Long, Snapshot.Leaf> e : s.pt().entrySet()) {
            pt.put(specAddr(s, base, e.getKey()), Value.Fn.tuple(specFrame(e.getValue().frame()),
                    new Value.Str(e.getValue().prop())));
        }
        out.put("pt", new Value.Fn(pt));

        List<Value> free = new ArrayList<>();
        for (long f : s.free()) {
            free.add(specFrame(f));
        }
        out.put("free", new Value.Set(free));

        Map<Value, Value> tlb = new HashMap<>();
        for (int c = 0; c < m.cpus().size(); c++) {
            List<Value> es = new ArrayList<>();
            for (Map.Entry<Long, Snapshot.TlbEntry> e : s.tlb().get(c).entrySet()) {
                es.add(Value.Fn.tuple(specAddr(s, base, e.getKey()), specFrame(e.getValue().frame()),
                        new Value.Bool(e.getValue().writable())));
            }
            tlb.put(m.cpus().get(c), new Value.Set(es));
        }
        out.put("tlb", new Value.Fn(tlb));

        Map<Value, Value> cursors = new HashMap<>();
        for (Snapshot.CursorState c : s.cursors().values()) {
            List<Value> pending = new ArrayList<>();
            for (Snapshot.PendingOp op : c.pending()) {
                pending.add(Value.Fn.tuple(specAddr(s, base, op.page()), specFrame(op.frame())));
            }
            Map<Value, Value> rec = new HashMap<>();
            rec.put(new Value.Str("lo"), specAddr(s, base, c.lo()));
            rec.put(new Value.Str("hi"), specAddr(s, base, c.hi()));
            rec.put(new Value.Str("va"), specAddr(s, base, c.va()));
            rec.put(new Value.Str("pending"), new Value.Set(pending));
            List<Value> flushes = new ArrayList<>();
            for (Snapshot.FlushRange r : c.flushes()) { // frameless ops; All is the spec's <<0, MAX_USERSPACE_VADDR>>
                flushes.add(r.all() ? Value.Fn.tuple(new Value.Int(0), new Value.Int(m.maxVaddr()))
                        : Value.Fn.tuple(specAddr(s, base, r.lo()), specAddr(s, base, r.hi())));
            }
            rec.put(new Value.Str("flushes"), new Value.Set(flushes));
            cursors.put(cursorIds.getOrDefault(c.id(), new Value.Str("java-cursor:" + c.id())), new Value.Fn(rec));
        }
        out.put("cursors", new Value.Fn(cursors));

        Map<Value, Value> owners = new HashMap<>();
        for (Snapshot.OwnerState o : s.owners().values()) {
            Map<Value, Value> rec = new HashMap<>();
            rec.put(new Value.Str("kind"), new Value.Str(o.kind().name()));
            rec.put(new Value.Str("state"), new Value.Str(o.state().name()));
            rec.put(new Value.Str("start"), specAddr(s, base, o.start()));
            rec.put(new Value.Str("end"), specAddr(s, base, o.end()));
            List<Value> view = new ArrayList<>();
            for (long p : o.view()) {
                view.add(specAddr(s, base, p));
            }
            rec.put(new Value.Str("view"), new Value.Set(view));
            owners.put(ownerIds.getOrDefault(o.id(), new Value.Str("java-owner:" + o.id())), new Value.Fn(rec));
        }
        out.put("owners", new Value.Fn(owners));

        List<Value> mv = new ArrayList<>();
        for (long p : m.userPages()) {
            if (!s.memViewTaken().contains(base + scale * p)) {
                mv.add(new Value.Int(p));
            }
        }
        for (long t : s.memViewTaken()) {
            Value sp = specAddr(s, base, t);
            if (!(sp instanceof Value.Int)) {
                mv.add(new Value.Str("java-taken:0x" + Long.toHexString(t)));
            }
        }
        out.put("mem_view", new Value.Set(mv));
        return out;
    }
}
