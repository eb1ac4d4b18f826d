package org.vmspace.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Java's run-time invariant set is the spec's: {@link Invariants#ALL} names exactly the invariants the
 * CI model checks (tla/MCVmSpace.cfg, but TypeOK), each holds on a real state, and each one fails on a
 * state that breaks it (a check that could not fail is not a check).
 */
class InvariantsTest {
    private static final int PS = 4096;

    static Set<String> cfgInvariants() throws Exception {
        Path cfg = Path.of(System.getProperty("vmspace.root", "..")).resolve("tla/MCVmSpace.cfg");
        Set<String> out = new LinkedHashSet<>();
        for (String l : Files.readAllLines(cfg)) {
            if (l.startsWith("INVARIANT ")) {
                out.add(l.substring("INVARIANT ".length()).trim());
            }
        }
        out.remove("TypeOK");
        return out;
    }

    @Test
    void javasInvariantSetIsTheCiModelsInvariantSet() throws Exception {
        assertEquals(cfgInvariants(), Invariants.ALL.keySet());
    }

    /** A state with an active writer, a disposed reader, a cursor with a pending flush, a TLB entry. */
    static Snapshot good() {
        VmSpace s = VmSpace.builder().cpus(2).frames(4).windowPages(4).build();
        long b = s.windowBase();
        s.activate(0);
        try (CursorMut c = s.cursorMut(b, b + 3L * PS)) {
            c.map(s.frame(0), org.vmspace.model.PageProperty.RW);
            c.map(s.frame(1), org.vmspace.model.PageProperty.RW);
            c.map(s.frame(2), org.vmspace.model.PageProperty.RW);
        }
        VmWriter<Fallible> w = s.writer(0, b, PS);
        s.owner().activateWriter(w);
        w.writeVal(7L);
        VmReader<Fallible> r = s.reader(0, b + PS, PS);
        s.owner().activateReader(r);
        s.owner().disposeReader(r);
        CursorMut k = s.cursorMut(b + 2L * PS, b + 3L * PS);
        k.unmapDeferred(PS);
        return s.snapshot();
    }

    static Snapshot with(Snapshot s, UnaryOperator<Object[]> f) {
        Object[] a = {s.pageSize(), s.maxUserspaceVaddr(), s.frameCount(), s.sharedReader(), s.current(), s.pt(),
                s.free(), s.tlb(), s.cursors(), s.owners(), s.memViewTaken(), s.lastAccess()};
        a = f.apply(a);
        @SuppressWarnings("unchecked")
        Snapshot t = new Snapshot((int) a[0], (long) a[1], (int) a[2], (boolean) a[3], (ImmutableSortedSet<Integer>) a[4],
                (ImmutableSortedMap<Long, Snapshot.Leaf>) a[5], (ImmutableSortedSet<Long>) a[6],
                (ImmutableList<ImmutableSortedMap<Long, Snapshot.TlbEntry>>) a[7],
                (ImmutableSortedMap<Long, Snapshot.CursorState>) a[8], (ImmutableSortedMap<Long, Snapshot.OwnerState>) a[9],
                (ImmutableSortedSet<Long>) a[10], (Snapshot.LastAccess) a[11]);
        return t;
    }

    static Snapshot withOwner(Snapshot s, Snapshot.OwnerState o) {
        Map<Long, Snapshot.OwnerState> m = new LinkedHashMap<>(s.owners());
        m.put(o.id(), o);
        return with(s, a -> {
            a[9] = ImmutableSortedMap.copyOf(m);
            return a;
        });
    }

    @Test
    void everyInvariantHoldsOnARealStateAndFailsOnOneThatBreaksIt() {
        Snapshot g = good();
        long b = g.maxUserspaceVaddr() - 4L * PS;
        assertEquals(java.util.List.of(), Invariants.violations(g));
        Snapshot.OwnerState w = g.owners().values().stream().filter(o -> o.kind() == VmIoOwner.Kind.writer).findFirst().get();
        Snapshot.OwnerState r = g.owners().values().stream().filter(o -> o.kind() == VmIoOwner.Kind.reader).findFirst().get();
        Snapshot.CursorState k = g.cursors().values().iterator().next();
        ImmutableSortedSet<Long> pg0 = ImmutableSortedSet.of(b);
        ImmutableSortedSet<Long> pg1 = ImmutableSortedSet.of(b + PS);
        Map<String, Snapshot> broken = new LinkedHashMap<>();
        broken.put("NoWriterAliasingInv", withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.writer,
                VmIoOwner.State.active, b, b + PS, pg0, true)));
        broken.put("NoReadWriteAliasingInv", withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.reader,
                VmIoOwner.State.active, b, b + PS, pg0, true)));
        broken.put("NoReadReadAliasingInv", withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.reader,
                VmIoOwner.State.active, b + PS + 1, b + 2 * PS, pg1, true)));
        broken.put("PermissionConservationInv", with(g, a -> {
            a[10] = ImmutableSortedSet.of(b, b + 3L * PS);
            return a;
        }));
        broken.put("NoStaleTlbInv", with(g, a -> {
            a[6] = ImmutableSortedSet.<Long>naturalOrder().addAll(g.free()).add(0L).build();
            return a;
        }));
        broken.put("FrameAccountingInv", with(g, a -> {
            a[6] = ImmutableSortedSet.<Long>naturalOrder().addAll(g.free()).add(2L * PS).build();
            return a;
        }));
        broken.put("CursorExclusionInv", with(g, a -> {
            a[8] = ImmutableSortedMap.of(k.id(), new Snapshot.CursorState(k.id(), k.lo(), k.hi(), k.hi() + PS, k.pending()));
            return a;
        }));
        broken.put("UserRangeInv", withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.reader,
                VmIoOwner.State.created, b, 5, ImmutableSortedSet.of(), true)));
        broken.put("VmIoOwnerInv", withOwner(g, new Snapshot.OwnerState(w.id(), w.kind(), w.state(), w.start(),
                w.end() + PS, w.view(), true)));
        broken.put("TlbCurrentInv", with(g, a -> {
            a[4] = ImmutableSortedSet.of();
            return a;
        }));
        broken.put("ViewWithinRangeInv", withOwner(g, new Snapshot.OwnerState(w.id(), w.kind(), w.state(), b, b,
                w.view(), true)));
        broken.put("AccessSafeInv", with(g, a -> {
            a[11] = new Snapshot.LastAccess(w.id(), ImmutableSortedMap.of(b + PS, 0L), false, true);
            return a;
        }));
        broken.put("ReaderBorrowInv", with(g, a -> {
            a[10] = ImmutableSortedSet.of(b, b + PS);
            a[9] = ImmutableSortedMap.<Long, Snapshot.OwnerState>naturalOrder().put(w.id(), new Snapshot.OwnerState(w.id(),
                    w.kind(), w.state(), w.start(), w.end(), ImmutableSortedSet.of(b, b + PS), true)).put(r.id(), r).build();
            return a;
        }));
        broken.put("VmSpaceOwnerInv_ReadWrite", withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.writer,
                VmIoOwner.State.disposed, r.start(), r.end(), ImmutableSortedSet.of(), true)));
        broken.put("VmSpaceOwnerInv_WriteWrite", withOwner(withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.writer,
                VmIoOwner.State.disposed, b + 3L * PS, b + 3L * PS + 9, ImmutableSortedSet.of(), true)),
                new Snapshot.OwnerState(51, VmIoOwner.Kind.writer, VmIoOwner.State.disposed, b + 3L * PS + 8,
                        b + 4L * PS, ImmutableSortedSet.of(), true)));
        broken.put("VmSpaceOwnerInv_ReadRead", withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.reader,
                VmIoOwner.State.disposed, r.start(), r.end(), ImmutableSortedSet.of(), true)));
        broken.put("MemViewWf4_Writers", withOwner(g, new Snapshot.OwnerState(w.id(), w.kind(), w.state(), w.start(),
                w.end(), ImmutableSortedSet.of(b, b + 3L * PS), true)));
        broken.put("MemViewWf1_Existence", with(g, a -> {
            a[10] = ImmutableSortedSet.of(b, g.maxUserspaceVaddr());
            return a;
        }));
        broken.put("MemViewWf2_Structural", with(g, a -> {
            a[5] = ImmutableSortedMap.<Long, Snapshot.Leaf>naturalOrder().putAll(g.pt()).put(b + 1, new Snapshot.Leaf(0, "RW")).build();
            return a;
        }));
        broken.put("MemViewWf3_Subset", with(g, a -> {
            a[10] = ImmutableSortedSet.of(b, b + 7);
            return a;
        }));
        broken.put("MemViewWf3_TranslEq", with(g, a -> {
            a[5] = ImmutableSortedMap.<Long, Snapshot.Leaf>naturalOrder().put(b, new Snapshot.Leaf(99L * PS, "RW")).build();
            return a;
        }));
        broken.put("MemViewWf5_Readers", withOwner(g, new Snapshot.OwnerState(r.id(), r.kind(), r.state(), r.start(),
                r.end(), ImmutableSortedSet.of(b + PS, b + PS + 3), true)));
        broken.put("VmSpaceOwnerInv_Elements", withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.reader,
                VmIoOwner.State.removed, b, b, ImmutableSortedSet.of(), true)));
        broken.put("TlbFunctionalInv", with(g, a -> {
            a[7] = ImmutableList.of(ImmutableSortedMap.of(b + 5, new Snapshot.TlbEntry(0, true)), ImmutableSortedMap.of());
            return a;
        }));
        // CursorExclusionInv's range conjunct (kills spec mutant M254, CursorMut's lo < hi weakened to
        // lo <= hi; see tla/MUTATION-triage.txt): an empty and an unaligned locked range.
        for (long[] range : new long[][] {{k.lo(), k.lo()}, {k.lo(), k.lo() + 8}, {k.lo() + 8, k.hi()}}) {
            Snapshot s = with(g, a -> {
                a[8] = ImmutableSortedMap.of(k.id(), new Snapshot.CursorState(k.id(), range[0], range[1], range[0],
                        k.pending()));
                return a;
            });
            assertTrue(Invariants.cursorExclusionInv(s).isPresent(),
                    "CursorExclusionInv holds on a cursor locking [" + range[0] + ", " + range[1] + ")");
        }
        assertEquals(Invariants.ALL.keySet(), broken.keySet(), "one broken state per invariant");
        broken.forEach((name, s) -> assertTrue(Invariants.ALL.get(name).apply(s).isPresent(),
                name + " holds on a state that breaks it"));
    }

    static Snapshot withoutLeaf(Snapshot s, long page) {
        return with(s, a -> {
            Map<Long, Snapshot.Leaf> pt = new LinkedHashMap<>(s.pt());
            pt.remove(page);
            a[5] = ImmutableSortedMap.copyOf(pt);
            return a;
        });
    }

    static String violation(java.util.Optional<String> v, String what) {
        assertTrue(v.isPresent(), what + " holds on a state that breaks it");
        return v.get();
    }

    /**
     * The branches of the state invariants that the broken states above do not reach, each broken on its
     * own, and {@link Invariants#violations} naming what broke. Kills the PIT survivors of the space-io run
     * at fea042a: Invariants:451 x2, 452 (violations returned nothing), 506 (writers holding a page twice),
     * 566 (a touched free frame), 627 (listed owners sharing a view page, no byte), 682 (start > end),
     * 790 (a leaf on the frame just past the last), 456 (a created owner's view counted), 833, 834
     * (PermissionConservationInv's page lists); Snapshot:68 x2 (page 0 and MAX_USERSPACE_VADDR).
     */
    @Test
    void theOtherBranchesOfTheStateInvariantsFailAndTheirViolationsAreNamed() {
        Snapshot g = good();
        long b = g.maxUserspaceVaddr() - 4L * PS;
        Snapshot.OwnerState w = g.owners().values().stream().filter(o -> o.kind() == VmIoOwner.Kind.writer).findFirst().get();
        // violations() lists each failing invariant by name (a broken TLB entry to a free frame)
        Snapshot stale = with(g, a -> {
            a[6] = ImmutableSortedSet.<Long>naturalOrder().addAll(g.free()).add(0L).build();
            return a;
        });
        assertTrue(Invariants.violations(stale).stream().anyMatch(v -> v.startsWith("NoStaleTlbInv: CPU 0 caches ")),
                String.valueOf(Invariants.violations(stale)));
        // two writers' views hold page b: PermissionConservationInv's first conjunct
        Snapshot twice = withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.writer, VmIoOwner.State.active, b,
                b + PS, ImmutableSortedSet.of(b), true));
        assertTrue(violation(Invariants.permissionConservationInv(twice), "PermissionConservationInv")
                .contains("held twice by writers"));
        // taken holds a page no writer's view holds: the lost page is named, no extra one
        Snapshot lost = with(g, a -> {
            a[10] = ImmutableSortedSet.of(b, b + 3L * PS);
            return a;
        });
        assertEquals("pages neither in mem_view nor a writer's view: [" + org.vmspace.model.Vaddr.hex(b + 3L * PS)
                + "]; pages in both mem_view and a writer's view: []",
                violation(Invariants.permissionConservationInv(lost), "PermissionConservationInv"));
        // the last access touched a free frame (its pages were in the view)
        Snapshot freeFrame = with(g, a -> {
            a[11] = new Snapshot.LastAccess(w.id(), ImmutableSortedMap.of(b, 3L * PS), true, false);
            return a;
        });
        assertTrue(violation(Invariants.accessSafeInv(freeFrame), "AccessSafeInv").contains("touched a free frame"));
        // two listed writers on adjacent bytes of one page: no byte shared, the page is (Disjoint's views)
        Snapshot sharedPage = withOwner(withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.writer,
                VmIoOwner.State.disposed, b + 3L * PS, b + 3L * PS + 8, ImmutableSortedSet.of(b + 3L * PS), true)),
                new Snapshot.OwnerState(51, VmIoOwner.Kind.writer, VmIoOwner.State.disposed, b + 3L * PS + 8,
                        b + 3L * PS + 16, ImmutableSortedSet.of(b + 3L * PS), true));
        assertTrue(violation(Invariants.vmSpaceOwnerInvWriteWrite(sharedPage), "VmSpaceOwnerInv_WriteWrite")
                .contains("share a page of their views"));
        // an owner whose start passed its end
        Snapshot backwards = withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.reader, VmIoOwner.State.created,
                b + 8, b, ImmutableSortedSet.of(), true));
        assertTrue(violation(Invariants.vmIoOwnerInv(backwards), "VmIoOwnerInv").contains("> end"));
        // a leaf on frame frameCount: one past the last frame
        Snapshot pastLast = with(g, a -> {
            a[5] = ImmutableSortedMap.of(b, new Snapshot.Leaf((long) g.frameCount() * PS, "RW"));
            return a;
        });
        assertTrue(violation(Invariants.memViewWf3TranslEq(pastLast), "MemViewWf3_TranslEq").contains("maps no frame"));
        // a created owner holds no view in the spec (ViewWriters, ViewReaders: active or disposed): a
        // created writer and reader recorded over the active writer's page alias nothing
        Snapshot created = withOwner(withOwner(g, new Snapshot.OwnerState(50, VmIoOwner.Kind.writer,
                VmIoOwner.State.created, w.start(), w.end(), w.view(), true)), new Snapshot.OwnerState(51,
                VmIoOwner.Kind.reader, VmIoOwner.State.created, w.start(), w.end(), w.view(), true));
        assertEquals(java.util.Optional.empty(), Invariants.noWriterAliasingInv(created));
        assertEquals(java.util.Optional.empty(), Invariants.noReadWriteAliasingInv(created));
        // mem_view is every page of [0, MAX_USERSPACE_VADDR) not taken: page 0 in, MAX_USERSPACE_VADDR out
        assertTrue(g.inMemView(0));
        assertTrue(g.inMemView(g.maxUserspaceVaddr() - PS));
        assertTrue(!g.inMemView(g.maxUserspaceVaddr()));
        assertTrue(!g.inMemView(b)); // taken by the writer
    }

    /**
     * The branches of the step properties that the broken steps below do not reach, and what each
     * violation says. Kills the PIT survivors of the space-io run at fea042a: Invariants:122 (no
     * translation vs read-only), 141, 142 (a fill cached writable or read-only, over a leaf or none),
     * 207, 208 (the bytes copied, "writably"), 258 (a faulting access through the wrong kind), 299 (an
     * unmap that changed a page outside its range), 332, 333 (the changed pages listed), 374 (activated
     * over an unmapped page), 405 (an owner changed kind), 442 (a page joined mem_view with no writer
     * leaving).
     */
    @Test
    void theOtherBranchesOfTheStepPropertiesFailAndSayWhatBroke() {
        Snapshot g = good();
        long b = g.maxUserspaceVaddr() - 4L * PS;
        String hb = org.vmspace.model.Vaddr.hex(b);
        Snapshot.OwnerState w = g.owners().values().stream().filter(o -> o.kind() == VmIoOwner.Kind.writer).findFirst().get();
        Snapshot.OwnerState r = g.owners().values().stream().filter(o -> o.kind() == VmIoOwner.Kind.reader).findFirst().get();
        org.vmspace.trace.TraceOp write = org.vmspace.trace.TraceOp.Write;
        org.vmspace.trace.TraceEvent w1 = org.vmspace.trace.TraceEvent.of(write).arg("cpu", 0).arg("id", w.id()).arg("n", 1L);
        Snapshot moved = withOwner(g, new Snapshot.OwnerState(w.id(), w.kind(), w.state(), w.start() + 1, w.end(), w.view(), true));
        // WriteThroughWritableProp: through a read-only leaf, through nothing
        assertTrue(violation(Invariants.writeThroughWritableProp(noTlb(withLeaf(g, b, "R")), moved, w1), "WriteThroughWritable")
                .endsWith("through a read-only translation"));
        assertTrue(violation(Invariants.writeThroughWritableProp(noTlb(withoutLeaf(g, b)), moved, w1), "WriteThroughWritable")
                .endsWith("through no translation"));
        // TlbFillProp: writable over a read-only leaf; read-only where there is no leaf
        assertTrue(violation(Invariants.tlbFillProp(noTlb(withLeaf(g, b, "R")), withLeaf(g, b, "R")), "TlbFillProp")
                .endsWith(" writable but the page table has " + org.vmspace.model.Vaddr.hex(g.pt().get(b).frame()) + " R"));
        Snapshot readOnlyFill = with(g, a -> {
            a[7] = ImmutableList.of(ImmutableSortedMap.of(b, new Snapshot.TlbEntry(g.pt().get(b).frame(), false)),
                    ImmutableSortedMap.<Long, Snapshot.TlbEntry>of());
            return a;
        });
        assertTrue(violation(Invariants.tlbFillProp(noTlb(withoutLeaf(g, b)), readOnlyFill), "TlbFillProp")
                .endsWith(" read-only but the page table has no leaf"));
        // NoSpuriousFaultProp: a write and a read that copied nothing through translating pages
        assertTrue(violation(Invariants.noSpuriousFaultProp(g, g, w1), "NoSpuriousFaultProp")
                .endsWith(" copied 0 although every page it touches translates writably"));
        org.vmspace.trace.TraceEvent r1 = org.vmspace.trace.TraceEvent.of(org.vmspace.trace.TraceOp.Read).arg("cpu", 0)
                .arg("id", r.id()).arg("n", 1L);
        assertTrue(violation(Invariants.noSpuriousFaultProp(g, g, r1), "NoSpuriousFaultProp")
                .endsWith(" copied 0 although every page it touches translates"));
        // AccessKindProp: a faulting write through a reader breaks it; a refused one is no Write step
        Snapshot asReader = withOwner(g, new Snapshot.OwnerState(w.id(), VmIoOwner.Kind.reader, w.state(), w.start(),
                w.end(), w.view(), true));
        org.vmspace.trace.TraceEvent faulted = org.vmspace.trace.TraceEvent.of(write).arg("cpu", 0).arg("id", w.id())
                .arg("n", 1L).refused(org.vmspace.model.ErrorKind.PageFault);
        assertTrue(violation(Invariants.accessKindProp(asReader, asReader, faulted), "AccessKindProp")
                .contains("through reader"));
        org.vmspace.trace.TraceEvent refused = org.vmspace.trace.TraceEvent.of(write).arg("cpu", 0).arg("id", w.id())
                .arg("n", 1L).refused(org.vmspace.model.ErrorKind.InvalidState);
        assertEquals(java.util.Optional.empty(), Invariants.accessKindProp(asReader, asReader, refused));
        // UnmapScopeProp: an unmap of page b that also unmapped page b + 1 page
        Snapshot withCursor = with(g, a -> {
            a[8] = ImmutableSortedMap.of(7L, new Snapshot.CursorState(7, b, b + 3L * PS, b, ImmutableList.of()));
            return a;
        });
        org.vmspace.trace.TraceEvent unmap = org.vmspace.trace.TraceEvent.of(org.vmspace.trace.TraceOp.Unmap)
                .arg("cursor", 7L).arg("len", Long.toString(PS));
        assertEquals(java.util.Optional.empty(), Invariants.unmapScopeProp(withCursor, withoutLeaf(withCursor, b), unmap));
        assertTrue(violation(Invariants.unmapScopeProp(withCursor, withCursor, unmap), "UnmapScopeProp")
                .endsWith(" left " + hb + " mapped"));
        assertTrue(violation(Invariants.unmapScopeProp(withCursor, withoutLeaf(withoutLeaf(withCursor, b), b + PS),
                unmap), "UnmapScopeProp").endsWith(" changed " + org.vmspace.model.Vaddr.hex(b + PS) + ", outside its range"));
        // CursorProgressProp names the pages that changed
        assertEquals("pages [" + hb + "] changed but no cursor moved over them",
                violation(Invariants.cursorProgressProp(withCursor, withLeaf(withCursor, b, "R")), "CursorProgressProp"));
        // ActivateMappedProp: over a taken page, over an unmapped page
        Snapshot.OwnerState wCreated = new Snapshot.OwnerState(w.id(), w.kind(), VmIoOwner.State.created, w.start(),
                w.end(), ImmutableSortedSet.of(), true);
        assertTrue(violation(Invariants.activateMappedProp(withOwner(g, wCreated), g), "ActivateMappedProp")
                .endsWith("which was not in mem_view"));
        assertTrue(violation(Invariants.activateMappedProp(withoutLeaf(withOwner(without(g, w.id(), true), wCreated), b), g),
                "ActivateMappedProp").endsWith("which was unmapped"));
        // LifecycleProp: the active writer became a reader
        assertTrue(violation(Invariants.lifecycleProp(g, asReader), "LifecycleProp").contains("changed kind from writer to reader"));
        // JoinAtRemovalProp: page b back in mem_view while its writer stays
        Snapshot joinedEarly = with(g, a -> {
            a[10] = ImmutableSortedSet.of();
            return a;
        });
        assertTrue(violation(Invariants.joinAtRemovalProp(g, joinedEarly), "JoinAtRemovalProp")
                .contains("joined mem_view without a writer leaving"));
    }

    static Set<String> cfgProperties() throws Exception {
        Path cfg = Path.of(System.getProperty("vmspace.root", "..")).resolve("tla/MCVmSpace.cfg");
        Set<String> out = new LinkedHashSet<>();
        for (String l : Files.readAllLines(cfg)) {
            if (l.startsWith("PROPERTY ")) {
                out.add(l.substring("PROPERTY ".length()).trim());
            }
        }
        return out;
    }

    @Test
    void javasStepPropertiesAreTheCiModelsActionProperties() throws Exception {
        assertEquals(cfgProperties(), Invariants.STEPS.keySet());
    }

    static Snapshot withLeaf(Snapshot s, long page, String prop) {
        return with(s, a -> {
            Map<Long, Snapshot.Leaf> pt = new LinkedHashMap<>(s.pt());
            pt.put(page, new Snapshot.Leaf(s.pt().get(page).frame(), prop));
            a[5] = ImmutableSortedMap.copyOf(pt);
            return a;
        });
    }

    static Snapshot noTlb(Snapshot s) {
        return with(s, a -> {
            a[7] = ImmutableList.of(ImmutableSortedMap.<Long, Snapshot.TlbEntry>of(), ImmutableSortedMap.<Long, Snapshot.TlbEntry>of());
            return a;
        });
    }

    static Snapshot without(Snapshot s, long id, boolean join) {
        Map<Long, Snapshot.OwnerState> m = new LinkedHashMap<>(s.owners());
        Snapshot.OwnerState o = m.remove(id);
        return with(s, a -> {
            a[9] = ImmutableSortedMap.copyOf(m);
            if (join) {
                Set<Long> taken = new LinkedHashSet<>(s.memViewTaken());
                taken.removeAll(o.view());
                a[10] = ImmutableSortedSet.copyOf(taken);
            }
            return a;
        });
    }

    /** Each action property holds on a step the spec allows and fails on one that breaks it. */
    @Test
    void everyStepPropertyHoldsOnARealStepAndFailsOnOneThatBreaksIt() {
        Snapshot g = good();
        long b = g.maxUserspaceVaddr() - 4L * PS;
        Snapshot.OwnerState w = g.owners().values().stream().filter(o -> o.kind() == VmIoOwner.Kind.writer).findFirst().get();
        Snapshot moved = withOwner(g, new Snapshot.OwnerState(w.id(), w.kind(), w.state(), w.start() + 1, w.end(), w.view(), true));
        org.vmspace.trace.TraceEvent write = org.vmspace.trace.TraceEvent.of(org.vmspace.trace.TraceOp.Write)
                .arg("cpu", 0).arg("id", w.id()).arg("n", 1L);
        Snapshot disposed = withOwner(g, new Snapshot.OwnerState(w.id(), w.kind(), VmIoOwner.State.disposed, w.start(),
                w.end(), w.view(), true));
        Snapshot.OwnerState created = new Snapshot.OwnerState(50, VmIoOwner.Kind.reader, VmIoOwner.State.created,
                b + 3L * PS, b + 4L * PS, ImmutableSortedSet.of(), true);
        Snapshot noCpu = with(g, a -> {
            a[4] = ImmutableSortedSet.of();
            a[7] = ImmutableList.of(ImmutableSortedMap.<Long, Snapshot.TlbEntry>of(), ImmutableSortedMap.<Long, Snapshot.TlbEntry>of());
            return a;
        });
        // allowed steps: {before, after}
        Map<String, Snapshot[]> good = new LinkedHashMap<>();
        good.put("WriteThroughWritableProp", new Snapshot[] {g, moved});
        good.put("TlbFillProp", new Snapshot[] {noTlb(g), g});
        good.put("AccessFillScopeProp", new Snapshot[] {noTlb(g), g});
        good.put("NoSpuriousFaultProp", new Snapshot[] {g, moved});
        good.put("AccessFillExactProp", new Snapshot[] {noTlb(g), g});
        good.put("AccessKindProp", new Snapshot[] {g, moved});
        good.put("UnmapScopeProp", new Snapshot[] {g, g});
        good.put("CursorProgressProp", new Snapshot[] {g, g});
        good.put("AdvanceWhenActiveProp", new Snapshot[] {g, moved});
        good.put("CreateDisjointProp", new Snapshot[] {disposed, withOwner(disposed, created)});
        Snapshot.OwnerState wCreated = new Snapshot.OwnerState(w.id(), w.kind(), VmIoOwner.State.created, w.start(),
                w.end(), ImmutableSortedSet.of(), true);
        good.put("ActivateMappedProp", new Snapshot[] {withOwner(without(g, w.id(), true), wCreated), g});
        good.put("LifecycleProp", new Snapshot[] {g, disposed});
        good.put("CreateOnCurrentProp", new Snapshot[] {g, withOwner(g, created)});
        good.put("JoinAtRemovalProp", new Snapshot[] {disposed, without(disposed, w.id(), true)});
        Snapshot withCreated = withOwner(g, created);
        Snapshot.OwnerState createdLimited = new Snapshot.OwnerState(50, VmIoOwner.Kind.reader, VmIoOwner.State.created,
                b + 3L * PS, b + 3L * PS + 1, ImmutableSortedSet.of(), true);
        good.put("LimitShrinksProp", new Snapshot[] {withCreated, withOwner(g, createdLimited)});
        Map<String, Snapshot[]> bad = new LinkedHashMap<>();
        // a write through a read-only leaf and no TLB entry
        bad.put("WriteThroughWritableProp", new Snapshot[] {noTlb(withLeaf(g, b, "R")), moved});
        // a fill that caches a read-only leaf as writable
        bad.put("TlbFillProp", new Snapshot[] {noTlb(withLeaf(g, b, "R")), withLeaf(g, b, "R")});
        // a write of 1 byte on page b that also caches page b + PS (its leaf, so TlbFillProp holds)
        bad.put("AccessFillScopeProp", new Snapshot[] {g, with(g, a -> {
            a[7] = ImmutableList.of(ImmutableSortedMap.<Long, Snapshot.TlbEntry>naturalOrder().putAll(g.tlb().get(0))
                    .put(b + PS, new Snapshot.TlbEntry(g.pt().get(b + PS).frame(), true)).build(), g.tlb().get(1));
            return a;
        })});
        // a write of 1 byte through a writable translation that copied nothing (a spurious fault)
        bad.put("NoSpuriousFaultProp", new Snapshot[] {g, g});
        // a write of 1 byte that copied it and did not cache its uncached, mapped page (the walk stopped short)
        bad.put("AccessFillExactProp", new Snapshot[] {noTlb(g), noTlb(moved)});
        // the write event's owner made a reader (a write through a reader)
        Snapshot asReader = withOwner(g, new Snapshot.OwnerState(w.id(), VmIoOwner.Kind.reader, w.state(), w.start(),
                w.end(), w.view(), true));
        bad.put("AccessKindProp", new Snapshot[] {asReader, asReader});
        // a parked (disposed) writer's start moved (Skip without its state test)
        bad.put("AdvanceWhenActiveProp", new Snapshot[] {disposed, withOwner(disposed, new Snapshot.OwnerState(w.id(), w.kind(),
                VmIoOwner.State.disposed, w.start() + 1, w.end(), w.view(), true))});
        // an unmap of page b by cursor 7 (over [b, b + 2 pages)) that left page b mapped
        Snapshot withCursor = with(g, a -> {
            a[8] = ImmutableSortedMap.of(7L, new Snapshot.CursorState(7, b, b + 2L * PS, b, ImmutableList.of()));
            return a;
        });
        bad.put("UnmapScopeProp", new Snapshot[] {withCursor, withCursor});
        // page b made read-only while cursor 7 stays at b (a protect_next that did not move the cursor)
        bad.put("CursorProgressProp", new Snapshot[] {withCursor, withLeaf(withCursor, b, "R")});
        java.util.Map<String, org.vmspace.trace.TraceEvent> events = java.util.Map.of("UnmapScopeProp",
                org.vmspace.trace.TraceEvent.of(org.vmspace.trace.TraceOp.Unmap).arg("cursor", 7L).arg("len", Long.toString(PS)));
        // a reader created over the range of a listed (disposed) writer
        bad.put("CreateDisjointProp", new Snapshot[] {disposed, withOwner(disposed, new Snapshot.OwnerState(51,
                VmIoOwner.Kind.reader, VmIoOwner.State.created, w.start(), w.end(), ImmutableSortedSet.of(), true))});
        // a writer activated over pages that are not in mem_view (taken: NoWriterOverlapCheck)
        bad.put("ActivateMappedProp", new Snapshot[] {withOwner(g, wCreated), g});
        // an active writer removed (RemoveUndisposed)
        bad.put("LifecycleProp", new Snapshot[] {g, without(g, w.id(), true)});
        // an owner created while no CPU is current
        bad.put("CreateOnCurrentProp", new Snapshot[] {noCpu, withOwner(noCpu, created)});
        // a writer removed without the join (NoJoinOnRemove)
        bad.put("JoinAtRemovalProp", new Snapshot[] {disposed, without(disposed, w.id(), false)});
        // an active writer's end moved down (Limit on an active owner, the spec's bug LimitOnActive)
        bad.put("LimitShrinksProp", new Snapshot[] {g, withOwner(g, new Snapshot.OwnerState(w.id(), w.kind(), w.state(),
                w.start(), w.start(), w.view(), true))});
        assertEquals(Invariants.STEPS.keySet(), good.keySet(), "one allowed step per property");
        assertEquals(Invariants.STEPS.keySet(), bad.keySet(), "one broken step per property");
        good.forEach((name, st) -> assertEquals(java.util.Optional.empty(), Invariants.STEPS.get(name).check(st[0], st[1], write),
                name + " fails on a step the spec allows"));
        bad.forEach((name, st) -> assertTrue(Invariants.STEPS.get(name).check(st[0], st[1], events.getOrDefault(name, write)).isPresent(),
                name + " holds on a step that breaks it"));
    }

    /**
     * LimitShrinksProp's other halves: a created owner's end that grows (the spec's bug LimitGrows), and a
     * Limit(i, n) step that leaves more than n bytes, each fail; the same Limit step leaving n bytes holds.
     * The violation names the bytes left: kills Invariants:307 at 268f92f (PIT's space-io rerun; the
     * message's {@code end - start} turned to {@code end + start}).
     */
    @Test
    void limitShrinksPropRefusesAGrowthAndALimitThatLeavesTooMuch() {
        Snapshot g = good();
        long b = g.maxUserspaceVaddr() - 4L * PS;
        Snapshot.OwnerState c = new Snapshot.OwnerState(50, VmIoOwner.Kind.reader, VmIoOwner.State.created,
                b + 3L * PS, b + 3L * PS + 8, ImmutableSortedSet.of(), true);
        Snapshot before = withOwner(g, c);
        Snapshot grown = withOwner(g, new Snapshot.OwnerState(50, c.kind(), c.state(), c.start(), c.end() + 1, c.view(), true));
        Snapshot left4 = withOwner(g, new Snapshot.OwnerState(50, c.kind(), c.state(), c.start(), c.start() + 4, c.view(), true));
        org.vmspace.trace.TraceEvent limit2 = org.vmspace.trace.TraceEvent.of(org.vmspace.trace.TraceOp.Limit).arg("id", 50L).arg("n", 2L);
        org.vmspace.trace.TraceEvent limit4 = org.vmspace.trace.TraceEvent.of(org.vmspace.trace.TraceOp.Limit).arg("id", 50L).arg("n", 4L);
        assertTrue(Invariants.limitShrinksProp(before, grown, null).isPresent(), "a grown end passes");
        assertEquals("Limit(50, 2) left 4 bytes", Invariants.limitShrinksProp(before, left4, limit2).orElse("passes"));
        assertEquals(java.util.Optional.empty(), Invariants.limitShrinksProp(before, left4, limit4));
    }
}
