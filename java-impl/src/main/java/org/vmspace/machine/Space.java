package org.vmspace.machine;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One address space (a VmSpace) of a {@link Machine}: its page table (page -> leaf) and its
 * TlbFlusher's pending ops, each holding a reference to its frame until dispatched. Operations go
 * through the machine, which holds the lock ({@code CursorMut::map}/{@code unmap} as one step each,
 * {@code dispatch_tlb_flush}, a copy-on-write {@code fork}).
 */
public final class Space {
    /** A page-table leaf. */
    public record Leaf(int frame, Prop prop) {}

    /** A pending flush op: the page to invalidate, the frame it holds. */
    public record Op(long page, int frame) {}

    final Machine machine;
    final int id;
    final Map<Long, Leaf> pt = new TreeMap<>();
    final Set<Op> pending = new LinkedHashSet<>();

    Space(Machine machine, int id) {
        this.machine = machine;
        this.id = id;
    }

    /** CursorMut::map of a new frame from the allocator at {@code page}; returns the frame. */
    public int map(long page, Prop prop) {
        return machine.map(this, page, prop);
    }

    /** CursorMut::unmap of one page; its frame goes to the flusher. */
    public void unmap(long page) {
        machine.unmap(this, page);
    }

    /** TlbFlusher::dispatch_tlb_flush, issued on {@code cpu}. */
    public void dispatchTlbFlush(int cpu) {
        machine.dispatchTlbFlush(this, cpu);
    }

    /** A copy-on-write fork: a new space mapping every page of this one. */
    public Space fork() {
        return machine.fork(this);
    }

    /**
     * Shares the frame mapped at {@code page} copy-on-write at the unmapped {@code (to, toPage)}, this
     * space included (the spec's CowShare): both leaves read-only, one more reference.
     */
    public void shareCow(long page, Space to, long toPage) {
        machine.shareCow(this, page, to, toPage);
    }

    /** The leaf at {@code page}, or null. */
    public Leaf leaf(long page) {
        synchronized (machine) {
            return pt.get(page);
        }
    }

    /** A copy of the pending ops. */
    public Set<Op> pending() {
        synchronized (machine) {
            return Set.copyOf(pending);
        }
    }

    @Override
    public String toString() {
        return "space" + id;
    }
}
