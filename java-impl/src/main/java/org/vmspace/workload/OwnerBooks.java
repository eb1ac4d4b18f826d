package org.vmspace.workload;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.vmspace.mm.Fallible;
import org.vmspace.mm.VmReader;
import org.vmspace.mm.VmWriter;

/**
 * An actor's books of its own owners: its readers and writers by local lifecycle state, and each one's
 * requested range. The state indices are {@link #CREATED}, {@link #ACTIVE}, {@link #DISPOSED},
 * {@link #REMOVED}.
 */
final class OwnerBooks {
    static final int CREATED = 0;
    static final int ACTIVE = 1;
    static final int DISPOSED = 2;
    static final int REMOVED = 3;
    /**
     * This actor's owners by local lifecycle state: created, active, disposed, and removed or dropped
     * (the last 4, kept for refusals).
     */
    final List<List<VmReader<Fallible>>> rs = List.of(new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>(), new ArrayList<>());
    final List<List<VmWriter<Fallible>>> ws = List.of(new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>(), new ArrayList<>());
    /** Each owner's requested {@code [vaddr, vaddr + len)} (for creations that conflict with it). */
    final Map<Object, long[]> ranges = new IdentityHashMap<>();

    /** Moves {@code x} from state {@code from} to {@code to}; only the last 4 removed or dropped owners are kept. */
    <T> void move(List<List<T>> lists, T x, int from, int to) {
        lists.get(from).remove(x);
        List<T> dst = lists.get(to);
        dst.add(x);
        if (to == REMOVED && dst.size() > 4) {
            ranges.remove(dst.remove(0));
        }
    }
}
