package org.vmspace.mm;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.vmspace.model.Vaddr;

/**
 * The protocol's invariants (docs/PROTOCOL.md, TLA+ names), evaluated on a {@link Snapshot}. Each
 * returns the violation, if any.
 */
public final class Invariants {
    private Invariants() {}

    /**
     * Every invariant of tla/MCVmSpace.cfg by its TLA+ name (all but {@code TypeOK}, which Java's types
     * give), in the cfg's order; java-impl/README.md, "Run-time invariants", maps each to its check.
     */
    public static final ImmutableMap<String, Function<Snapshot, Optional<String>>> ALL =
            ImmutableMap.<String, Function<Snapshot, Optional<String>>>builder()
                    .put("NoWriterAliasingInv", Invariants::noWriterAliasingInv)
                    .put("NoReadWriteAliasingInv", Invariants::noReadWriteAliasingInv)
                    .put("NoReadReadAliasingInv", Invariants::noReadReadAliasingInv)
                    .put("PermissionConservationInv", Invariants::permissionConservationInv)
                    .put("NoStaleTlbInv", Invariants::noStaleTlbInv)
                    .put("FrameAccountingInv", Invariants::frameAccountingInv)
                    .put("CursorExclusionInv", Invariants::cursorExclusionInv)
                    .put("UserRangeInv", Invariants::userRangeInv)
                    .put("VmIoOwnerInv", Invariants::vmIoOwnerInv)
                    .put("TlbCurrentInv", Invariants::tlbCurrentInv)
                    .put("ViewWithinRangeInv", Invariants::viewWithinRangeInv)
                    .put("AccessSafeInv", Invariants::accessSafeInv)
                    .put("ReaderBorrowInv", Invariants::readerBorrowInv)
                    .put("VmSpaceOwnerInv_ReadWrite", Invariants::vmSpaceOwnerInvReadWrite)
                    .put("VmSpaceOwnerInv_WriteWrite", Invariants::vmSpaceOwnerInvWriteWrite)
                    .put("VmSpaceOwnerInv_ReadRead", Invariants::vmSpaceOwnerInvReadRead)
                    .put("MemViewWf4_Writers", Invariants::memViewWf4Writers)
                    .put("MemViewWf1_Existence", Invariants::memViewWf1Existence)
                    .put("MemViewWf2_Structural", Invariants::memViewWf2Structural)
                    .put("MemViewWf3_Subset", Invariants::memViewWf3Subset)
                    .put("MemViewWf3_TranslEq", Invariants::memViewWf3TranslEq)
                    .put("MemViewWf5_Readers", Invariants::memViewWf5Readers)
                    .put("VmSpaceOwnerInv_Elements", Invariants::vmSpaceOwnerInvElements)
                    .put("TlbFunctionalInv", Invariants::tlbFunctionalInv)
                    .build();

    /**
     * A step property: whether the step from {@code before} to {@code after} is one the spec allows.
     * {@code event} is the step's trace event (its op and arguments) when the step is one operation
     * logged by a trace sink, else null (a property that needs the op then holds vacuously).
     */
    @FunctionalInterface
    public interface StepProperty {
        Optional<String> check(Snapshot before, Snapshot after, org.vmspace.trace.TraceEvent event);
    }

    /**
     * Every action property of tla/MCVmSpace.cfg ({@code PROPERTY} lines) by its TLA+ name, in the cfg's
     * order: what a single step may do, which no state invariant can say. Checked on consecutive
     * snapshots (VmSpaceProperties checks every logged step); InvariantsTest shows each one failing.
     */
    public static final ImmutableMap<String, StepProperty> STEPS = ImmutableMap.<String, StepProperty>builder()
            .put("WriteThroughWritableProp", Invariants::writeThroughWritableProp)
            .put("TlbFillProp", (b, a, e) -> tlbFillProp(b, a))
            .put("AccessFillScopeProp", Invariants::accessFillScopeProp)
            .put("NoSpuriousFaultProp", Invariants::noSpuriousFaultProp)
            .put("AccessFillExactProp", Invariants::accessFillExactProp)
            .put("AccessKindProp", Invariants::accessKindProp)
            .put("UnmapScopeProp", Invariants::unmapScopeProp)
            .put("CursorProgressProp", (b, a, e) -> cursorProgressProp(b, a))
            .put("AdvanceWhenActiveProp", (b, a, e) -> advanceWhenActiveProp(b, a))
            .put("CreateDisjointProp", (b, a, e) -> createDisjointProp(b, a))
            .put("ActivateMappedProp", (b, a, e) -> activateMappedProp(b, a))
            .put("LifecycleProp", (b, a, e) -> lifecycleProp(b, a))
            .put("CreateOnCurrentProp", (b, a, e) -> createOnCurrentProp(b, a))
            .put("JoinAtRemovalProp", (b, a, e) -> joinAtRemovalProp(b, a))
            .put("LimitShrinksProp", Invariants::limitShrinksProp)
            .build();

    /** The violations of every step property ({@code name: detail}); empty when all hold. */
    public static List<String> stepViolations(Snapshot before, Snapshot after, org.vmspace.trace.TraceEvent event) {
        List<String> out = new ArrayList<>();
        STEPS.forEach((name, f) -> f.check(before, after, event).ifPresent(d -> out.add(name + ": " + d)));
        return out;
    }

    /** {@code Transl(c, p)}: CPU {@code c}'s TLB entry for {@code p}, else the page table's leaf; null if none. */
    private static Snapshot.TlbEntry transl(Snapshot s, int c, long p) {
        Snapshot.TlbEntry t = s.tlb().get(c).get(p);
        if (t != null) {
            return t;
        }
        Snapshot.Leaf l = s.pt().get(p);
        return l == null ? null : new Snapshot.TlbEntry(l.frame(), "RW".equals(l.prop()));
    }

    /**
     * {@code WriteThroughWritableProp}: in a {@code Write} step on CPU {@code c} (the event's {@code cpu}),
     * every page of {@code RangePages(start, start')} of the writer translates writably on {@code c}
     * before the step. Holds vacuously for a step that is not a logged {@code Write}.
     */
    public static Optional<String> writeThroughWritableProp(Snapshot b, Snapshot a, org.vmspace.trace.TraceEvent e) {
        if (e == null || e.op() != org.vmspace.trace.TraceOp.Write) {
            return Optional.empty();
        }
        int c = ((Number) e.args().get("cpu")).intValue();
        long id = ((Number) e.args().get("id")).longValue();
        Snapshot.OwnerState o = b.owners().get(id);
        Snapshot.OwnerState o2 = a.owners().get(id);
        if (o == null || o2 == null || !Vaddr.lt(o.start(), o2.start())) {
            return Optional.empty();
        }
        for (long p = Vaddr.alignDown(o.start(), b.pageSize()); Vaddr.lt(p, o2.start()); p += b.pageSize()) {
            Snapshot.TlbEntry t = transl(b, c, p);
            if (t == null || !t.writable()) {
                return Optional.of("writer " + id + " wrote page " + Vaddr.hex(p) + " on CPU " + c + " through "
                        + (t == null ? "no translation" : "a read-only translation"));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code TlbFillProp}: every new TLB entry is the page table's leaf for its page (before the step),
     * writable only when the leaf is {@code "RW"}.
     */
    public static Optional<String> tlbFillProp(Snapshot b, Snapshot a) {
        for (int c = 0; c < a.tlb().size(); c++) {
            for (Map.Entry<Long, Snapshot.TlbEntry> e : a.tlb().get(c).entrySet()) {
                if (e.getValue().equals(b.tlb().get(c).get(e.getKey()))) {
                    continue;
                }
                Snapshot.Leaf l = b.pt().get(e.getKey());
                if (l == null || l.frame() != e.getValue().frame() || (e.getValue().writable() && !"RW".equals(l.prop()))) {
                    return Optional.of("CPU " + c + " cached " + Vaddr.hex(e.getKey()) + " -> " + Vaddr.hex(e.getValue().frame())
                            + (e.getValue().writable() ? " writable" : " read-only") + " but the page table has "
                            + (l == null ? "no leaf" : Vaddr.hex(l.frame()) + " " + l.prop()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code AccessFillScopeProp}: a {@code Read} or {@code Write} of {@code n} bytes on CPU {@code c}
     * caches on {@code c} only pages it touches ({@code start < p + PAGE_SIZE /\ p < start + n}). Holds
     * vacuously for a step that is not a logged access.
     */
    public static Optional<String> accessFillScopeProp(Snapshot b, Snapshot a, org.vmspace.trace.TraceEvent e) {
        if (e == null || (e.op() != org.vmspace.trace.TraceOp.Read && e.op() != org.vmspace.trace.TraceOp.Write)) {
            return Optional.empty();
        }
        int c = ((Number) e.args().get("cpu")).intValue();
        long id = ((Number) e.args().get("id")).longValue();
        long n = ((Number) e.args().get("n")).longValue();
        Snapshot.OwnerState o = b.owners().get(id);
        if (o == null) {
            return Optional.empty();
        }
        for (Map.Entry<Long, Snapshot.TlbEntry> t : a.tlb().get(c).entrySet()) {
            long p = t.getKey();
            if (!t.getValue().equals(b.tlb().get(c).get(p))
                    && !(Vaddr.lt(o.start(), p + b.pageSize()) && Vaddr.lt(p, o.start() + n))) {
                return Optional.of("a " + e.op() + " of " + n + " bytes at " + Vaddr.hex(o.start()) + " on CPU " + c
                        + " cached page " + Vaddr.hex(p) + ", which it does not touch");
            }
        }
        return Optional.empty();
    }

    /**
     * {@code NoSpuriousFaultProp}: a {@code Read} or {@code Write} of {@code n} bytes on CPU {@code c} whose
     * touched pages all translate on {@code c} before the step (a TLB entry, else a leaf; writable for a
     * write) copies all {@code n} bytes: the owner's start moves by {@code n}. Holds vacuously for a step
     * that is not a logged access, performed or faulting (a refused one, e.g. on an owner not active, is
     * no Read/Write step of the spec).
     */
    public static Optional<String> noSpuriousFaultProp(Snapshot b, Snapshot a, org.vmspace.trace.TraceEvent e) {
        if (e == null || (e.op() != org.vmspace.trace.TraceOp.Read && e.op() != org.vmspace.trace.TraceOp.Write)) {
            return Optional.empty();
        }
        if (!"ok".equals(e.outcome()) && !"PageFault".equals(e.outcome())) {
            return Optional.empty(); // refused (InvalidState, ...): not a Read/Write step of the spec
        }
        boolean w = e.op() == org.vmspace.trace.TraceOp.Write;
        int c = ((Number) e.args().get("cpu")).intValue();
        long id = ((Number) e.args().get("id")).longValue();
        long n = ((Number) e.args().get("n")).longValue();
        Snapshot.OwnerState o = b.owners().get(id);
        Snapshot.OwnerState o2 = a.owners().get(id);
        if (o == null || o2 == null) {
            return Optional.empty();
        }
        for (long p = Vaddr.alignDown(o.start(), b.pageSize()); Vaddr.lt(p, o.start() + n); p += b.pageSize()) {
            Snapshot.TlbEntry t = transl(b, c, p);
            if (t == null || (w && !t.writable())) {
                return Optional.empty();
            }
        }
        if (o2.start() != o.start() + n) {
            return Optional.of("a " + e.op() + " of " + n + " bytes at " + Vaddr.hex(o.start()) + " on CPU " + c
                    + " copied " + (o2.start() - o.start()) + " although every page it touches translates"
                    + (w ? " writably" : ""));
        }
        return Optional.empty();
    }

    /**
     * {@code AccessFillExactProp}: the TLB entries a {@code Read} or {@code Write} of {@code n} bytes adds
     * on its CPU are exactly the touched pages up to and including the one the copy stopped at
     * ({@code start'}) that are mapped and were not cached before. Holds vacuously for a step that is not
     * a logged access, performed or faulting.
     */
    public static Optional<String> accessFillExactProp(Snapshot b, Snapshot a, org.vmspace.trace.TraceEvent e) {
        if (e == null || (e.op() != org.vmspace.trace.TraceOp.Read && e.op() != org.vmspace.trace.TraceOp.Write)
                || (!"ok".equals(e.outcome()) && !"PageFault".equals(e.outcome()))) {
            return Optional.empty();
        }
        int c = ((Number) e.args().get("cpu")).intValue();
        long id = ((Number) e.args().get("id")).longValue();
        long n = ((Number) e.args().get("n")).longValue();
        Snapshot.OwnerState o = b.owners().get(id);
        Snapshot.OwnerState o2 = a.owners().get(id);
        if (o == null || o2 == null) {
            return Optional.empty();
        }
        Set<Long> expected = new java.util.TreeSet<>();
        for (long p = Vaddr.alignDown(o.start(), b.pageSize()); Vaddr.lt(p, o.start() + n); p += b.pageSize()) {
            if (!Vaddr.lt(o2.start(), p) && b.pt().containsKey(p) && !b.tlb().get(c).containsKey(p)) {
                expected.add(p);
            }
        }
        Set<Long> added = new java.util.TreeSet<>();
        for (Map.Entry<Long, Snapshot.TlbEntry> t : a.tlb().get(c).entrySet()) {
            if (!t.getValue().equals(b.tlb().get(c).get(t.getKey()))) {
                added.add(t.getKey());
            }
        }
        if (!added.equals(expected)) {
            return Optional.of("a " + e.op() + " of " + n + " bytes at " + Vaddr.hex(o.start()) + " on CPU " + c
                    + " that stopped at " + Vaddr.hex(o2.start()) + " cached pages " + hexes(added)
                    + ", the walk reaches " + hexes(expected));
        }
        return Optional.empty();
    }

    /**
     * {@code AccessKindProp}: a {@code Read} (performed or faulting) is made through a reader, a
     * {@code Write} through a writer.
     */
    public static Optional<String> accessKindProp(Snapshot b, Snapshot a, org.vmspace.trace.TraceEvent e) {
        if (e == null || (e.op() != org.vmspace.trace.TraceOp.Read && e.op() != org.vmspace.trace.TraceOp.Write)
                || (!"ok".equals(e.outcome()) && !"PageFault".equals(e.outcome()))) {
            return Optional.empty();
        }
        long id = ((Number) e.args().get("id")).longValue();
        Snapshot.OwnerState o = b.owners().get(id);
        VmIoOwner.Kind want = e.op() == org.vmspace.trace.TraceOp.Read ? VmIoOwner.Kind.reader : VmIoOwner.Kind.writer;
        if (o != null && o.kind() != want) {
            return Optional.of("a " + e.op() + " through " + o.kind() + " " + id);
        }
        return Optional.empty();
    }

    /** {@code AdvanceWhenActiveProp}: an owner's start moves only while it is active. */
    public static Optional<String> advanceWhenActiveProp(Snapshot b, Snapshot a) {
        for (Snapshot.OwnerState o : b.owners().values()) {
            Snapshot.OwnerState o2 = a.owners().get(o.id());
            if (o2 != null && o2.start() != o.start() && o.state() != VmIoOwner.State.active) {
                return Optional.of(o.kind() + " " + o.id() + " moved from " + Vaddr.hex(o.start()) + " to "
                        + Vaddr.hex(o2.start()) + " while " + o.state());
            }
        }
        return Optional.empty();
    }

    /**
     * {@code LimitShrinksProp}: an owner's end moves only down, only while it is created (before and after),
     * with its start unchanged and the new end at least the start; a {@code Limit(i, n)} step leaves at most
     * {@code n} bytes (001: {@code avail <= max_avail}).
     */
    public static Optional<String> limitShrinksProp(Snapshot b, Snapshot a, org.vmspace.trace.TraceEvent e) {
        for (Snapshot.OwnerState o : b.owners().values()) {
            Snapshot.OwnerState o2 = a.owners().get(o.id());
            if (o2 == null || o2.end() == o.end()) {
                continue;
            }
            if (o.state() != VmIoOwner.State.created || o2.state() != VmIoOwner.State.created) {
                return Optional.of(o.kind() + " " + o.id() + " end moved while " + o.state() + " -> " + o2.state());
            }
            if (o2.start() != o.start() || Vaddr.lt(o2.end(), o2.start()) || !Vaddr.lt(o2.end(), o.end())) {
                return Optional.of(o.kind() + " " + o.id() + " range [" + Vaddr.hex(o.start()) + ", " + Vaddr.hex(o.end())
                        + ") became [" + Vaddr.hex(o2.start()) + ", " + Vaddr.hex(o2.end()) + "): not a shrink from the start");
            }
        }
        if (e != null && e.op() == org.vmspace.trace.TraceOp.Limit && "ok".equals(e.outcome())) {
            long id = ((Number) e.args().get("id")).longValue();
            long n = ((Number) e.args().get("n")).longValue();
            Snapshot.OwnerState o2 = a.owners().get(id);
            if (o2 != null && Vaddr.lt(n, o2.end() - o2.start())) {
                return Optional.of("Limit(" + id + ", " + n + ") left " + Long.toUnsignedString(o2.end() - o2.start()) + " bytes");
            }
        }
        return Optional.empty();
    }

    /** {@code UnmapScopeProp}: an {@code Unmap} of {@code len} clears exactly {@code [va, va + len)}. */
    public static Optional<String> unmapScopeProp(Snapshot b, Snapshot a, org.vmspace.trace.TraceEvent e) {
        if (e == null || e.op() != org.vmspace.trace.TraceOp.Unmap || !"ok".equals(e.outcome())) {
            return Optional.empty();
        }
        long k = ((Number) e.args().get("cursor")).longValue();
        long len = Long.parseUnsignedLong(String.valueOf(e.args().get("len")));
        Snapshot.CursorState c = b.cursors().get(k);
        if (c == null) {
            return Optional.empty();
        }
        Set<Long> pages = new java.util.TreeSet<>(b.pt().keySet());
        pages.addAll(a.pt().keySet());
        for (long p : pages) {
            boolean in = !Vaddr.lt(p, c.va()) && Vaddr.lt(p, c.va() + len);
            if (in ? a.pt().containsKey(p) : !java.util.Objects.equals(a.pt().get(p), b.pt().get(p))) {
                return Optional.of("unmap of " + len + " bytes at " + Vaddr.hex(c.va()) + " by cursor " + k
                        + (in ? " left " + Vaddr.hex(p) + " mapped" : " changed " + Vaddr.hex(p) + ", outside its range"));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code CursorProgressProp}: in a step that changes the page table, one cursor's va moves forward
     * over every changed page ({@code va <= p < va'}).
     */
    public static Optional<String> cursorProgressProp(Snapshot b, Snapshot a) {
        if (b.pt().equals(a.pt())) {
            return Optional.empty();
        }
        Set<Long> changed = new java.util.TreeSet<>();
        Set<Long> pages = new java.util.TreeSet<>(b.pt().keySet());
        pages.addAll(a.pt().keySet());
        for (long p : pages) {
            if (!java.util.Objects.equals(a.pt().get(p), b.pt().get(p))) {
                changed.add(p);
            }
        }
        for (Snapshot.CursorState c : b.cursors().values()) {
            Snapshot.CursorState c2 = a.cursors().get(c.id());
            if (c2 != null && changed.stream().allMatch(p -> !Vaddr.lt(p, c.va()) && Vaddr.lt(p, c2.va()))) {
                return Optional.empty();
            }
        }
        return Optional.of("pages " + hexes(changed) + " changed but no cursor moved over them");
    }

    private static String hexes(Set<Long> pages) {
        List<String> out = new ArrayList<>();
        pages.forEach(p -> out.add(Vaddr.hex(p)));
        return out.toString();
    }

    private static boolean meets(long s1, long e1, long s2, long e2) {
        return Vaddr.lt(s1, e1) && Vaddr.lt(s2, e2) && Vaddr.lt(s1, e2) && Vaddr.lt(s2, e1);
    }

    /**
     * {@code CreateDisjointProp}: a new reader's range meets no listed (disposed) writer's; a new writer's
     * meets no listed reader's or writer's ({@code can_create_reader} / {@code can_create_writer}).
     */
    public static Optional<String> createDisjointProp(Snapshot b, Snapshot a) {
        for (Snapshot.OwnerState o : a.owners().values()) {
            if (!lifecycleState(b, o.id()).equals("none") || !lifecycleState(a, o.id()).equals("created")) {
                continue;
            }
            for (Snapshot.OwnerState j : b.owners().values()) {
                if (j.state() == VmIoOwner.State.disposed
                        && (o.kind() == VmIoOwner.Kind.writer || j.kind() == VmIoOwner.Kind.writer)
                        && meets(j.start(), j.end(), o.start(), o.end())) {
                    return Optional.of("new " + o.kind() + " " + o.id() + " [" + Vaddr.hex(o.start()) + ", "
                            + Vaddr.hex(o.end()) + ") meets listed " + j.kind() + " " + j.id() + " ["
                            + Vaddr.hex(j.start()) + ", " + Vaddr.hex(j.end()) + ")");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code ActivateMappedProp}: in the step an owner becomes active, every page of its view is mapped
     * and in {@code mem_view} before the step.
     */
    public static Optional<String> activateMappedProp(Snapshot b, Snapshot a) {
        for (Snapshot.OwnerState o : a.owners().values()) {
            if (!lifecycleState(b, o.id()).equals("created") || !lifecycleState(a, o.id()).equals("active")) {
                continue;
            }
            for (long p : o.view()) {
                if (!b.pt().containsKey(p) || !b.inMemView(p)) {
                    return Optional.of(o.kind() + " " + o.id() + " activated over page " + Vaddr.hex(p) + ", which was "
                            + (!b.pt().containsKey(p) ? "unmapped" : "not in mem_view"));
                }
            }
        }
        return Optional.empty();
    }

    private static String lifecycleState(Snapshot s, long id) {
        Snapshot.OwnerState o = s.owners().get(id);
        return o == null || o.state() == VmIoOwner.State.removed ? "none" : o.state().name();
    }

    private static final Set<String> LIFECYCLE_EDGES = Set.of("none>created", "created>active", "active>disposed",
            "disposed>none", "created>none");

    /**
     * {@code LifecycleProp}: owners move only along none -> created -> active -> disposed -> none and
     * created -> none, and keep their kind.
     */
    public static Optional<String> lifecycleProp(Snapshot b, Snapshot a) {
        Set<Long> ids = new HashSet<>(b.owners().keySet());
        ids.addAll(a.owners().keySet());
        for (long id : ids) {
            String from = lifecycleState(b, id);
            String to = lifecycleState(a, id);
            if (!from.equals(to) && !LIFECYCLE_EDGES.contains(from + ">" + to)) {
                return Optional.of("owner " + id + " went from " + from + " to " + to);
            }
            Snapshot.OwnerState o = b.owners().get(id);
            Snapshot.OwnerState o2 = a.owners().get(id);
            if (o != null && o2 != null && o.kind() != o2.kind()) {
                return Optional.of("owner " + id + " changed kind from " + o.kind() + " to " + o2.kind());
            }
        }
        return Optional.empty();
    }

    /** {@code CreateOnCurrentProp}: an owner is created only in a step from a state where some CPU is current. */
    public static Optional<String> createOnCurrentProp(Snapshot b, Snapshot a) {
        if (!b.current().isEmpty()) {
            return Optional.empty();
        }
        for (long id : a.owners().keySet()) {
            if (lifecycleState(b, id).equals("none") && lifecycleState(a, id).equals("created")) {
                return Optional.of("owner " + id + " created while the space is current on no CPU");
            }
        }
        return Optional.empty();
    }

    /**
     * {@code JoinAtRemovalProp}: a writer holding a view that leaves puts its pages back into
     * {@code mem_view}, and {@code mem_view} gains no page in any other way.
     */
    public static Optional<String> joinAtRemovalProp(Snapshot b, Snapshot a) {
        Set<Long> goneViews = new HashSet<>();
        for (Snapshot.OwnerState o : owners(b, VmIoOwner.Kind.writer, false)) {
            if (lifecycleState(a, o.id()).equals("none")) {
                for (long p : o.view()) {
                    if (!a.inMemView(p)) {
                        return Optional.of("writer " + o.id() + " left but its page " + Vaddr.hex(p) + " is not in mem_view");
                    }
                }
                goneViews.addAll(o.view());
            }
        }
        for (long p : b.memViewTaken()) {
            if (a.inMemView(p) && !goneViews.contains(p)) {
                return Optional.of("page " + Vaddr.hex(p) + " joined mem_view without a writer leaving with it");
            }
        }
        return Optional.empty();
    }

    /** The violations of every invariant ({@code name: detail}); empty when all hold. */
    public static List<String> violations(Snapshot s) {
        List<String> out = new ArrayList<>();
        ALL.forEach((name, f) -> f.apply(s).ifPresent(d -> out.add(name + ": " + d)));
        return out;
    }

    private static boolean hasView(Snapshot.OwnerState o) {
        return o.state() == VmIoOwner.State.active || o.state() == VmIoOwner.State.disposed;
    }

    /** {@code NoWriterAliasingInv}: no page is in the views of two writers (active or disposed). */
    public static Optional<String> noWriterAliasingInv(Snapshot s) {
        Map<Long, Long> holder = new HashMap<>();
        for (Snapshot.OwnerState o : s.owners().values()) {
            if (o.kind() == VmIoOwner.Kind.writer && hasView(o)) {
                for (long p : o.view()) {
                    Long prev = holder.put(p, o.id());
                    if (prev != null) {
                        return Optional.of("page " + Vaddr.hex(p) + " in writers " + prev + " and " + o.id());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code NoReadWriteAliasingInv}: no page is in a reader's view and a writer's view. */
    public static Optional<String> noReadWriteAliasingInv(Snapshot s) {
        Map<Long, Long> written = new HashMap<>();
        for (Snapshot.OwnerState o : s.owners().values()) {
            if (o.kind() == VmIoOwner.Kind.writer && hasView(o)) {
                o.view().forEach(p -> written.put(p, o.id()));
            }
        }
        for (Snapshot.OwnerState o : s.owners().values()) {
            if (o.kind() == VmIoOwner.Kind.reader && hasView(o)) {
                for (long p : o.view()) {
                    if (written.containsKey(p)) {
                        return Optional.of("page " + Vaddr.hex(p) + " in reader " + o.id() + " and writer " + written.get(p));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code PermissionConservationInv}: {@code mem_view} and the writers' views are pairwise disjoint
     * and their union is {@code mv_range}. With {@code mem_view = mv_range \ taken}: the writers' views
     * are pairwise disjoint and their union is exactly {@code taken}.
     */
    public static Optional<String> permissionConservationInv(Snapshot s) {
        Set<Long> union = new HashSet<>();
        for (Snapshot.OwnerState o : s.owners().values()) {
            if (o.kind() == VmIoOwner.Kind.writer && hasView(o)) {
                for (long p : o.view()) {
                    if (!union.add(p)) {
                        return Optional.of("page " + Vaddr.hex(p) + " held twice by writers");
                    }
                }
            }
        }
        if (!union.equals(s.memViewTaken())) {
            Set<Long> lost = new HashSet<>(s.memViewTaken());
            lost.removeAll(union);
            Set<Long> extra = new HashSet<>(union);
            extra.removeAll(s.memViewTaken());
            return Optional.of("pages neither in mem_view nor a writer's view: " + hex(lost)
                    + "; pages in both mem_view and a writer's view: " + hex(extra));
        }
        return Optional.empty();
    }

    /** {@code NoStaleTlbInv}: no TLB entry maps to a frame in {@code free}. */
    public static Optional<String> noStaleTlbInv(Snapshot s) {
        for (int c = 0; c < s.tlb().size(); c++) {
            for (Map.Entry<Long, Snapshot.TlbEntry> e : s.tlb().get(c).entrySet()) {
                if (s.free().contains(e.getValue().frame())) {
                    return Optional.of("CPU " + c + " caches " + Vaddr.hex(e.getKey()) + " -> free frame "
                            + Vaddr.hex(e.getValue().frame()));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code FrameAccountingInv}: every frame is exactly one of free, mapped once, pending in one flusher. */
    public static Optional<String> frameAccountingInv(Snapshot s) {
        Map<Long, Integer> uses = new HashMap<>();
        for (long f : s.free()) {
            uses.merge(f, 1, Integer::sum);
        }
        for (Snapshot.Leaf l : s.pt().values()) {
            uses.merge(l.frame(), 1, Integer::sum);
        }
        for (Snapshot.CursorState c : s.cursors().values()) {
            for (Snapshot.PendingOp p : c.pending()) {
                uses.merge(p.frame(), 1, Integer::sum);
            }
        }
        for (int i = 0; i < s.frameCount(); i++) {
            long f = (long) i * s.pageSize();
            int u = uses.getOrDefault(f, 0);
            if (u != 1) {
                return Optional.of("frame " + Vaddr.hex(f) + " is accounted " + u + " times");
            }
        }
        return Optional.empty();
    }

    /** {@code AccessSafeInv}: the last I/O step touched only pages of its owner's view, on live frames. */
    public static Optional<String> accessSafeInv(Snapshot s) {
        Snapshot.LastAccess a = s.lastAccess();
        if (!a.pagesInView()) {
            return Optional.of("owner " + a.ownerId() + " touched pages outside its view: " + a.touched());
        }
        if (!a.framesLive()) {
            return Optional.of("owner " + a.ownerId() + " touched a free frame: " + a.touched());
        }
        return Optional.empty();
    }

    /**
     * {@code CursorExclusionInv}: live cursors lock pairwise disjoint, non-empty, page-aligned ranges
     * ({@code cursor_mut} refuses the rest: InvalidArgs), and each cursor stays in its range
     * ({@code lo <= va <= hi}: cursor progress).
     */
    public static Optional<String> cursorExclusionInv(Snapshot s) {
        List<Snapshot.CursorState> cs = new ArrayList<>(s.cursors().values());
        for (Snapshot.CursorState c : cs) {
            if (Long.compareUnsigned(c.lo(), c.hi()) >= 0 || c.lo() % s.pageSize() != 0 || c.hi() % s.pageSize() != 0) {
                return Optional.of("cursor " + c.id() + " locks [" + Vaddr.hex(c.lo()) + ", " + Vaddr.hex(c.hi())
                        + "): not a non-empty page-aligned range");
            }
            if (Long.compareUnsigned(c.lo(), c.va()) > 0 || Long.compareUnsigned(c.va(), c.hi()) > 0) {
                return Optional.of("cursor " + c.id() + " at " + Vaddr.hex(c.va()) + " outside its range ["
                        + Vaddr.hex(c.lo()) + ", " + Vaddr.hex(c.hi()) + "]");
            }
        }
        for (int i = 0; i < cs.size(); i++) {
            for (int j = i + 1; j < cs.size(); j++) {
                Snapshot.CursorState a = cs.get(i);
                Snapshot.CursorState b = cs.get(j);
                if (Vaddr.overlaps(a.lo(), a.hi(), b.lo(), b.hi())) {
                    return Optional.of("cursors " + a.id() + " and " + b.id() + " overlap");
                }
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ the rest of MCVmSpace.cfg's list

    private static boolean isKind(Snapshot.OwnerState o, VmIoOwner.Kind k) {
        return o.kind() == k;
    }

    private static List<Snapshot.OwnerState> owners(Snapshot s, VmIoOwner.Kind k, boolean listedOnly) {
        List<Snapshot.OwnerState> out = new ArrayList<>();
        for (Snapshot.OwnerState o : s.owners().values()) {
            if (isKind(o, k) && (listedOnly ? o.state() == VmIoOwner.State.disposed : hasView(o))) {
                out.add(o);
            }
        }
        return out;
    }

    /** {@code Overlaps}: half-open ranges sharing a byte (an empty range overlaps nothing). */
    private static boolean overlaps(long s1, long e1, long s2, long e2) {
        return Vaddr.lt(s1, e1) && Vaddr.lt(s2, e2) && Vaddr.lt(s1, e2) && Vaddr.lt(s2, e1);
    }

    /** {@code Disjoint(i, j)}: ranges do not overlap and views share no page. */
    private static Optional<String> disjoint(Snapshot.OwnerState a, Snapshot.OwnerState b) {
        if (overlaps(a.start(), a.end(), b.start(), b.end())) {
            return Optional.of("owners " + a.id() + " and " + b.id() + " have overlapping ranges");
        }
        if (!java.util.Collections.disjoint(a.view(), b.view())) {
            return Optional.of("owners " + a.id() + " and " + b.id() + " share a page of their views");
        }
        return Optional.empty();
    }

    private static Optional<String> pairwise(List<Snapshot.OwnerState> xs, List<Snapshot.OwnerState> ys) {
        for (Snapshot.OwnerState a : xs) {
            for (Snapshot.OwnerState b : ys) {
                if (a.id() != b.id()) {
                    Optional<String> d = disjoint(a, b);
                    if (d.isPresent()) {
                        return d;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isUserPage(Snapshot s, long p) {
        return Long.compareUnsigned(p, s.maxUserspaceVaddr()) < 0 && p % s.pageSize() == 0;
    }

    /** {@code NoReadReadAliasingInv}: without {@code shared_reader}, no page is in two readers' views. */
    public static Optional<String> noReadReadAliasingInv(Snapshot s) {
        if (s.sharedReader()) {
            return Optional.empty();
        }
        Map<Long, Long> holder = new HashMap<>();
        for (Snapshot.OwnerState o : owners(s, VmIoOwner.Kind.reader, false)) {
            for (long p : o.view()) {
                Long prev = holder.put(p, o.id());
                if (prev != null) {
                    return Optional.of("page " + Vaddr.hex(p) + " in readers " + prev + " and " + o.id());
                }
            }
        }
        return Optional.empty();
    }

    /** {@code UserRangeInv}: every owner's range is user space ({@code start <= end <= MAX_USERSPACE_VADDR}). */
    public static Optional<String> userRangeInv(Snapshot s) {
        for (Snapshot.OwnerState o : s.owners().values()) {
            if (Long.compareUnsigned(o.end(), s.maxUserspaceVaddr()) > 0 || Long.compareUnsigned(o.start(), o.end()) > 0) {
                return Optional.of("owner " + o.id() + " has range [" + Vaddr.hex(o.start()) + ", " + Vaddr.hex(o.end())
                        + ") outside user space");
            }
        }
        return Optional.empty();
    }

    /** {@code VmIoOwnerInv}: {@code start <= end}, and an activated owner's view covers its range's pages. */
    public static Optional<String> vmIoOwnerInv(Snapshot s) {
        for (Snapshot.OwnerState o : s.owners().values()) {
            if (Long.compareUnsigned(o.start(), o.end()) > 0) {
                return Optional.of("owner " + o.id() + " has start " + Vaddr.hex(o.start()) + " > end " + Vaddr.hex(o.end()));
            }
            if (o.state() != VmIoOwner.State.created && Vaddr.lt(o.start(), o.end())) {
                for (long p = o.start() - Math.floorMod(o.start(), (long) s.pageSize()); Vaddr.lt(p, o.end()); p += s.pageSize()) {
                    if (isUserPage(s, p) && !o.view().contains(p)) {
                        return Optional.of("owner " + o.id() + " range page " + Vaddr.hex(p) + " not in its view");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code TlbCurrentInv}: a CPU where this space is not current caches none of its translations. */
    public static Optional<String> tlbCurrentInv(Snapshot s) {
        for (int c = 0; c < s.tlb().size(); c++) {
            if (!s.current().contains(c) && !s.tlb().get(c).isEmpty()) {
                return Optional.of("CPU " + c + " is not current but caches " + s.tlb().get(c).size() + " entries");
            }
        }
        return Optional.empty();
    }

    /** {@code ViewWithinRangeInv}: every page of an owner's view starts below the range's end. */
    public static Optional<String> viewWithinRangeInv(Snapshot s) {
        for (Snapshot.OwnerState o : s.owners().values()) {
            for (long p : o.view()) {
                if (!Vaddr.lt(p, o.end())) {
                    return Optional.of("owner " + o.id() + " view page " + Vaddr.hex(p) + " at or past end " + Vaddr.hex(o.end()));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code ReaderBorrowInv}: readers borrow only pages the remaining view holds. */
    public static Optional<String> readerBorrowInv(Snapshot s) {
        for (Snapshot.OwnerState o : owners(s, VmIoOwner.Kind.reader, false)) {
            for (long p : o.view()) {
                if (!s.inMemView(p)) {
                    return Optional.of("reader " + o.id() + " borrows " + Vaddr.hex(p) + ", not in mem_view");
                }
            }
        }
        return Optional.empty();
    }

    /** {@code VmSpaceOwnerInv_ReadWrite}: no listed (disposed) reader overlaps a listed writer. */
    public static Optional<String> vmSpaceOwnerInvReadWrite(Snapshot s) {
        return pairwise(owners(s, VmIoOwner.Kind.reader, true), owners(s, VmIoOwner.Kind.writer, true));
    }

    /** {@code VmSpaceOwnerInv_WriteWrite}: listed writers are pairwise disjoint. */
    public static Optional<String> vmSpaceOwnerInvWriteWrite(Snapshot s) {
        List<Snapshot.OwnerState> w = owners(s, VmIoOwner.Kind.writer, true);
        return pairwise(w, w);
    }

    /** {@code VmSpaceOwnerInv_ReadRead}: without {@code shared_reader}, listed readers are pairwise disjoint. */
    public static Optional<String> vmSpaceOwnerInvReadRead(Snapshot s) {
        List<Snapshot.OwnerState> r = owners(s, VmIoOwner.Kind.reader, true);
        return s.sharedReader() ? Optional.empty() : pairwise(r, r);
    }

    /** {@code MemViewWf4_Writers}: a writer's view is not in {@code mem_view} and is part of {@code mv_range}. */
    public static Optional<String> memViewWf4Writers(Snapshot s) {
        for (Snapshot.OwnerState o : owners(s, VmIoOwner.Kind.writer, false)) {
            for (long p : o.view()) {
                if (s.inMemView(p) || !isUserPage(s, p)) {
                    return Optional.of("writer " + o.id() + " page " + Vaddr.hex(p) + " is in mem_view or not a user page");
                }
            }
        }
        return Optional.empty();
    }

    /** {@code MemViewWf1_Existence}: {@code mem_view} is a set of user pages (the taken set is). */
    public static Optional<String> memViewWf1Existence(Snapshot s) {
        for (long p : s.memViewTaken()) {
            if (!isUserPage(s, p)) {
                return Optional.of("taken page " + Vaddr.hex(p) + " is not a user page");
            }
        }
        return Optional.empty();
    }

    /** {@code MemViewWf2_Structural}: mappings are VA-disjoint: one leaf per page, each page-aligned. */
    public static Optional<String> memViewWf2Structural(Snapshot s) {
        for (long p : s.pt().keySet()) {
            if (!isUserPage(s, p)) {
                return Optional.of("page-table leaf at " + Vaddr.hex(p) + " is not a user page");
            }
        }
        return Optional.empty();
    }

    /** {@code MemViewWf3_Subset}: {@code mem_view} is part of {@code mv_range} (every user page). */
    public static Optional<String> memViewWf3Subset(Snapshot s) {
        return memViewWf1Existence(s);
    }

    /**
     * {@code MemViewWf3_TranslEq} (corrected): where {@code mem_view} translates, it agrees with the total
     * view: both are the page table restricted to them, so every mapped page maps a real frame.
     */
    public static Optional<String> memViewWf3TranslEq(Snapshot s) {
        for (Map.Entry<Long, Snapshot.Leaf> e : s.pt().entrySet()) {
            long f = e.getValue().frame();
            if (f < 0 || f % s.pageSize() != 0 || f / s.pageSize() >= s.frameCount()) {
                return Optional.of("page " + Vaddr.hex(e.getKey()) + " maps no frame: " + Vaddr.hex(f));
            }
        }
        return Optional.empty();
    }

    /** {@code MemViewWf5_Readers}: every reader's view is part of {@code mv_range}. */
    public static Optional<String> memViewWf5Readers(Snapshot s) {
        for (Snapshot.OwnerState o : owners(s, VmIoOwner.Kind.reader, false)) {
            for (long p : o.view()) {
                if (!isUserPage(s, p)) {
                    return Optional.of("reader " + o.id() + " page " + Vaddr.hex(p) + " is not a user page");
                }
            }
        }
        return Optional.empty();
    }

    /** {@code VmSpaceOwnerInv_Elements}: listed owners are disposed and hold a view of their range. */
    public static Optional<String> vmSpaceOwnerInvElements(Snapshot s) {
        for (Snapshot.OwnerState o : s.owners().values()) {
            if (o.state() == VmIoOwner.State.removed) {
                return Optional.of("owner " + o.id() + " is removed but still on the books");
            }
        }
        return Optional.empty();
    }

    /** {@code TlbFunctionalInv}: one entry per page and CPU, each for a user page. */
    public static Optional<String> tlbFunctionalInv(Snapshot s) {
        for (int c = 0; c < s.tlb().size(); c++) {
            for (long p : s.tlb().get(c).keySet()) {
                if (!isUserPage(s, p)) {
                    return Optional.of("CPU " + c + " caches " + Vaddr.hex(p) + ", not a user page");
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> hex(Set<Long> pages) {
        List<String> out = new ArrayList<>();
        pages.stream().sorted().limit(8).forEach(p -> out.add(Vaddr.hex(p)));
        return out;
    }
}
