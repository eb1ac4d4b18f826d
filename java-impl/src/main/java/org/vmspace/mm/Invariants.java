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

    /** Every invariant by TLA+ name. */
    public static final ImmutableMap<String, Function<Snapshot, Optional<String>>> ALL =
            ImmutableMap.<String, Function<Snapshot, Optional<String>>>builder()
                    .put("NoWriterAliasingInv", Invariants::noWriterAliasingInv)
                    .put("NoReadWriteAliasingInv", Invariants::noReadWriteAliasingInv)
                    .put("PermissionConservationInv", Invariants::permissionConservationInv)
                    .put("NoStaleTlbInv", Invariants::noStaleTlbInv)
                    .put("FrameAccountingInv", Invariants::frameAccountingInv)
                    .put("AccessSafeInv", Invariants::accessSafeInv)
                    .put("CursorExclusionInv", Invariants::cursorExclusionInv)
                    .build();

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

    /** {@code CursorExclusionInv}: live cursors lock pairwise disjoint ranges. */
    public static Optional<String> cursorExclusionInv(Snapshot s) {
        List<Snapshot.CursorState> cs = new ArrayList<>(s.cursors().values());
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

    private static List<String> hex(Set<Long> pages) {
        List<String> out = new ArrayList<>();
        pages.stream().sorted().limit(8).forEach(p -> out.add(Vaddr.hex(p)));
        return out;
    }
}
