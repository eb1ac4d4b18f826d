package org.vmspace.mm;

import static com.google.common.base.Preconditions.checkArgument;

import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.VmException;

/**
 * What {@link VmReader} and {@link VmWriter} share: either a user-space handle on a {@link VmSpace}
 * ({@link Fallible}, tied to a {@link VmIoOwner} whose {@code start} is the cursor) or a kernel-space
 * one over a byte array ({@link Infallible}, the cursor an array index). The seed's names for the bytes
 * left ({@code remain} for a reader, {@code avail} for a writer) stay with the subclasses; here it is
 * {@link #left()}.
 *
 * @param <M> {@link Fallible} or {@link Infallible}
 * @param <H> the handle type itself ({@code VmReader<M>} or {@code VmWriter<M>}), returned by the
 *     chaining methods
 */
abstract class VmIoHandle<M, H extends VmIoHandle<M, H>> {
    final VmSpace space;
    final VmIoOwner owner;
    int cpu;
    final byte[] buf;
    int cursor;
    int end;
    /** {@code "reader"} or {@code "writer"}, for messages. */
    private final String noun;
    /** {@code "remaining"} or {@code "available"}, for messages. */
    private final String leftWord;

    VmIoHandle(VmSpace space, VmIoOwner owner, int cpu, byte[] buf, int cursor, int end, String noun, String leftWord) {
        this.space = space;
        this.owner = owner;
        this.cpu = cpu;
        this.buf = buf;
        this.cursor = cursor;
        this.end = end;
        this.noun = noun;
        this.leftWord = leftWord;
    }

    /** This handle as its own type. */
    abstract H self();

    /** True for a user-space handle. */
    public boolean isUser() {
        return owner != null;
    }

    /** The owner of a user-space handle (the seed's {@code VmIoOwner}); null for kernel handles. */
    public VmIoOwner owner() {
        return owner;
    }

    /** The CPU this user handle accesses memory on. */
    public int cpu() {
        return cpu;
    }

    /** Moves this user handle to CPU {@code c} (the thread migrated). */
    public H onCpu(int c) {
        checkArgument(owner != null, "kernel %ss have no CPU", noun);
        this.cpu = c;
        return self();
    }

    /** {@code cursor}: the next address (user) or array index (kernel). */
    public long cursor() {
        return owner != null ? space.userIo.range(owner)[0] : cursor;
    }

    /** The bytes left: {@code remain} of a reader, {@code avail} of a writer. */
    long left() {
        if (owner != null) {
            long d = space.userIo.remaining(owner);
            return d < 0 ? Long.MAX_VALUE : d; // unsigned: only a wrapped range (OverflowAccepted)
        }
        return end - cursor;
    }

    /**
     * {@code limit(n)}: keeps at most {@code n} bytes left ({@code VmWriter::limit}, 001: {@code avail <=
     * max_avail}, {@code avail <= old avail}, the cursor unchanged). On a user handle it is action
     * {@code Limit(i, n)} ({@link UserIo#limit}): the owner's end moves to {@code start + min(n, end -
     * start)}, only while the owner is created (never activated), else refused {@code InvalidState}
     * (trace-validation/DIVERGENCES.md D4). A negative {@code n} is refused (IllegalArgumentException,
     * nothing logged: the seed's {@code usize} has none).
     */
    public H limit(long n) {
        checkArgument(n >= 0, "negative limit");
        if (owner != null) {
            space.userIo.limit(owner, n);
            return self();
        }
        end = (int) Math.min(end, cursor + n);
        return self();
    }

    /** {@code skip(n)}: action {@code Skip(i, n)} for a user handle. */
    public H skip(long n) {
        if (owner != null) {
            space.userIo.skip(owner, n);
        } else {
            if (n < 0 || n > end - cursor) {
                throw new VmException(ErrorKind.InvalidArgs, "skip " + n + " beyond the " + leftWord + " " + (end - cursor));
            }
            cursor += (int) n;
        }
        return self();
    }

    /**
     * A copy between this user handle and the handle {@code kernel} of the other direction. When that
     * is a user handle too, see {@link UserIo#copyUserToUser}. Otherwise (a kernel handle):
     * {@code Read(c, i, n)} ({@code write = false}) or {@code Write(c, i, n)} with
     * {@code n = min(left, kernel.left)} (nothing happens when {@code n = 0}). The kernel cursor
     * advances by the bytes copied, also before a page fault.
     *
     * @throws PageFaultException after partial progress
     */
    long userCopy(VmIoHandle<?, ?> kernel, boolean write, String api) {
        if (kernel.isUser()) {
            VmIoHandle<?, ?> other = kernel;
            space.checkOwn(other.space, other);
            long n = Math.min(left(), other.left());
            if (n == 0) {
                return 0;
            }
            return write ? space.userIo.copyUserToUser(other.owner, other.cpu, owner, cpu, n)
                    : space.userIo.copyUserToUser(owner, cpu, other.owner, other.cpu, n);
        }
        long n = Math.min(left(), kernel.left());
        if (n == 0) {
            return 0;
        }
        try {
            long copied = space.userIo.io(owner, cpu, n, write, kernel.buf, kernel.cursor, api);
            kernel.cursor += (int) copied;
            return copied;
        } catch (PageFaultException e) {
            kernel.cursor += (int) e.copied();
            throw e;
        }
    }

    @Override
    public String toString() {
        String name = getClass().getSimpleName();
        return owner != null ? name + "(" + owner + ")" : name + "(kernel " + cursor + ".." + end + ")";
    }
}
