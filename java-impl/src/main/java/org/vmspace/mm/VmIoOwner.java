package org.vmspace.mm;

import com.google.common.collect.ImmutableSortedSet;

/**
 * The owner of one user-space reader or writer: the spec's {@code owners[i]}. Its byte range is
 * {@code [start, end)} where {@code start} is the reader/writer cursor; {@code view} is the set of
 * user pages whose permission it holds (borrowed for a reader, split off for a writer).
 * Mutable fields are guarded by the VmSpace lock; read them through {@link VmSpace#snapshot()}.
 */
public final class VmIoOwner {
    /** {@code owners[i].kind}. */
    public enum Kind { reader, writer }

    /** {@code owners[i].state}; {@code removed} means the owner is gone from {@code owners}. */
    public enum State { created, active, disposed, removed }

    final long id;
    final Kind kind;
    final boolean isFallible = true;
    State state = State.created;
    long start;
    final long end;
    ImmutableSortedSet<Long> view = ImmutableSortedSet.of();

    VmIoOwner(long id, Kind kind, long start, long end) {
        this.id = id;
        this.kind = kind;
        this.start = start;
        this.end = end;
    }

    /** The fresh id ({@code new_vm_io_id}). */
    public long id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** Always true for user-space owners ({@code from_user_space}). */
    public boolean isFallible() {
        return isFallible;
    }

    @Override
    public String toString() {
        return kind + "#" + id;
    }
}
