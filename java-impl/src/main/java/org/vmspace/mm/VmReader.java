package org.vmspace.mm;

import static com.google.common.base.Preconditions.checkArgument;

import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.VmException;

/**
 * {@code VmReader<'a, M>}: reads from kernel memory (a byte array, {@link Infallible}) or from user
 * space through a {@link VmSpace} ({@link Fallible}, tied to a {@link VmIoOwner}). Values are
 * little-endian. Use one reader from one thread.
 *
 * <p>For a user reader the cursor is the owner's {@code start}; every copy is the protocol action
 * {@code Read(c, i, n)} on this reader's CPU (see {@link #onCpu(int)}), and {@link #skip} is
 * {@code Skip(i, n)}.
 *
 * <p>What it shares with {@link VmWriter} ({@code owner}, {@code cpu}, {@code cursor}, {@code limit},
 * {@code skip}, the user/kernel copy) is in the package-private {@code VmIoHandle}.
 *
 * @param <M> {@link Fallible} or {@link Infallible}
 */
public final class VmReader<M> extends VmIoHandle<M, VmReader<M>> {
    private VmReader(VmSpace space, VmIoOwner owner, int cpu, byte[] buf, int cursor, int end) {
        super(space, owner, cpu, buf, cursor, end, "reader", "remaining");
    }

    static VmReader<Fallible> user(VmSpace space, VmIoOwner owner, int cpu) {
        return new VmReader<>(space, owner, cpu, null, 0, 0);
    }

    /** A kernel-space reader over all of {@code bytes} ({@code from_kernel_space} / {@code From<&[u8]>}). */
    public static VmReader<Infallible> fromSlice(byte[] bytes) {
        return fromSlice(bytes, 0, bytes.length);
    }

    /** A kernel-space reader over {@code bytes[off, off + len)}. */
    public static VmReader<Infallible> fromSlice(byte[] bytes, int off, int len) {
        java.util.Objects.requireNonNull(bytes, "bytes");
        // off + len may overflow int: compare len with what is left after off instead
        checkArgument(off >= 0 && len >= 0 && off <= bytes.length && len <= bytes.length - off,
                "slice [%s, %s + %s) out of bounds of %s bytes", off, off, len, bytes.length);
        return new VmReader<>(null, null, -1, bytes, off, off + len);
    }

    /** A kernel-space reader over the bytes of {@code value} of the Pod type {@code pod} ({@code from_pod}). */
    public static <T> VmReader<Infallible> fromPod(Pod<T> pod, T value) {
        java.util.Objects.requireNonNull(pod, "pod");
        return fromSlice(pod.toBytes(value));
    }

    /** A kernel-space reader over the 8 little-endian bytes of {@code value} ({@code from_pod}). */
    public static VmReader<Infallible> fromPod(long value) {
        return fromPod(Pod.U64, value);
    }

    /** A kernel-space reader over the 4 little-endian bytes of {@code value}. */
    public static VmReader<Infallible> fromPod(int value) {
        return fromPod(Pod.U32, value);
    }

    /** {@code remain}: bytes left. */
    public long remain() {
        return left();
    }

    /** {@code has_remain}. */
    public boolean hasRemain() {
        return remain() > 0;
    }

    /** {@code to_fallible}: the same kernel reader typed as fallible (its copies still cannot fault). */
    @SuppressWarnings("unchecked")
    public VmReader<Fallible> toFallible() {
        return (VmReader<Fallible>) (VmReader<?>) this;
    }

    @Override
    VmReader<M> self() {
        return this;
    }

    /**
     * {@code read(writer)}: copies {@code min(remain, writer.avail)} bytes. For a user reader this is
     * {@code Read(c, i, n)} with {@code api = "read"} (nothing happens when {@code n = 0}).
     *
     * @throws PageFaultException after partial progress (user readers)
     */
    public long read(VmWriter<Infallible> writer) {
        return copyTo(writer, "read");
    }

    /**
     * {@code read_fallible(writer)} ({@code FallibleVmRead<F>} for every pair the seed implements:
     * user to kernel, kernel to user, user to user): as {@link #read}, but a page fault is not an
     * exception: the bytes copied before the faulting page are returned (the reader and writer advanced
     * by them). A user reader and a user writer (of the same space) copy as two protocol steps logged
     * back to back, {@code Read} then {@code Write}, both advancing by the bytes copied (PROTOCOL.md,
     * "User-to-user copies").
     */
    public long readFallible(VmWriter<?> writer) {
        try {
            return copyTo(writer, "read");
        } catch (PageFaultException e) {
            return e.copied();
        }
    }

    private long copyTo(VmWriter<?> writer, String api) {
        java.util.Objects.requireNonNull(writer, "writer");
        if (owner == null) {
            if (writer.isUser()) {
                return writer.userCopy(this, true, "write");
            }
            int n = (int) Math.min(remain(), writer.avail());
            writer.putKernel(buf, cursor, n);
            cursor += n;
            return n;
        }
        return userCopy(writer, false, api);
    }

    private byte[] readBytes(int size, String api) {
        byte[] tmp = new byte[size];
        if (owner == null) {
            if (remain() < size) {
                throw new VmException(ErrorKind.InvalidArgs, "read_val of " + size + " bytes, " + remain() + " remain");
            }
            System.arraycopy(buf, cursor, tmp, 0, size);
            cursor += size;
            return tmp;
        }
        // The guard 0 < n <= end - start is the action's: a short range is logged as a refused Read.
        space.userIo.io(owner, cpu, size, false, tmp, 0, api);
        return tmp;
    }

    /**
     * {@code read_val::<T>()}: reads one value of the Pod type {@code pod}. For a user reader this is
     * {@code Read} of {@code pod.size()} bytes, {@code api = "read_val"}; fewer bytes left is refused
     * {@code InvalidArgs} (logged as a refused {@code Read}), as the seed's {@code Err(InvalidArgs)}.
     * A page fault rolls back (the seed; DIVERGENCES.md D1): the translations are checked before any
     * byte moves, and when one faults nothing changes (no TLB fill, the cursor stays), logged as a
     * {@code Read} with outcome {@code PageFault}, {@code copied = 0} and the old {@code start}.
     *
     * @throws PageFaultException with {@code copied() = 0} when a page faults (user readers)
     */
    public <T> T readVal(Pod<T> pod) {
        java.util.Objects.requireNonNull(pod, "pod");
        return pod.fromBytes(readBytes(pod.size(), "read_val"));
    }

    /** {@code read_val::<u64>()}: {@link #readVal} of {@link Pod#U64}. */
    public long readLong() {
        return readVal(Pod.U64);
    }

    /** {@code read_val::<u32>()}: {@link #readVal} of {@link Pod#U32}. */
    public int readInt() {
        return readVal(Pod.U32);
    }

    /** {@code read_val::<u8>()}: {@link #readVal} of {@link Pod#U8}. */
    public byte readByte() {
        return readVal(Pod.U8);
    }

    /** {@code read_once::<u64>()}: {@code Read} of 8 bytes, {@code api = "read_once"}. */
    public long readOnceLong() {
        return Pod.U64.fromBytes(readBytes(8, "read_once"));
    }

    /**
     * {@code collect}: reads everything that remains into a new array. For a user reader this is one
     * {@code Read} of {@code remain} bytes, {@code api = "read"} (nothing is logged when nothing remains).
     *
     * @throws PageFaultException after partial progress (the reader advanced by the bytes copied, as
     *     {@code read_fallible}, by {@link PageFaultException#copied()} bytes, which are dropped with the
     *     array, as upstream's {@code collect} drops them)
     * @throws VmException {@code InvalidArgs} when more than {@code Integer.MAX_VALUE - 8} bytes remain
     *     (nothing logged)
     */
    public byte[] collect() {
        long n = remain();
        if (n > Integer.MAX_VALUE - 8) {
            throw new VmException(ErrorKind.InvalidArgs, "collect of " + Long.toUnsignedString(n) + " bytes is too large");
        }
        byte[] out = new byte[(int) n];
        copyTo(VmWriter.fromSlice(out), "read");
        return out;
    }
}
