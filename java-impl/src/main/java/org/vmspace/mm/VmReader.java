package org.vmspace.mm;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * @param <M> {@link Fallible} or {@link Infallible}
 */
public final class VmReader<M> {
    private final VmSpace space;
    private final VmIoOwner owner;
    private int cpu;
    private final byte[] buf;
    private int cursor;
    private int end;

    private VmReader(VmSpace space, VmIoOwner owner, int cpu, byte[] buf, int cursor, int end) {
        this.space = space;
        this.owner = owner;
        this.cpu = cpu;
        this.buf = buf;
        this.cursor = cursor;
        this.end = end;
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
        checkArgument(off >= 0 && len >= 0 && off + len <= bytes.length, "slice out of bounds");
        return new VmReader<>(null, null, -1, bytes, off, off + len);
    }

    /** A kernel-space reader over the 8 little-endian bytes of {@code value} ({@code from_pod}). */
    public static VmReader<Infallible> fromPod(long value) {
        return fromSlice(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    /** A kernel-space reader over the 4 little-endian bytes of {@code value}. */
    public static VmReader<Infallible> fromPod(int value) {
        return fromSlice(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    /** True for a user-space reader. */
    public boolean isUser() {
        return owner != null;
    }

    /** The owner of a user-space reader (the seed's {@code VmIoOwner}); null for kernel readers. */
    public VmIoOwner owner() {
        return owner;
    }

    /** The CPU this user reader accesses memory on. */
    public int cpu() {
        return cpu;
    }

    /** Moves this user reader to CPU {@code c} (the thread migrated). */
    public VmReader<M> onCpu(int c) {
        checkArgument(owner != null, "kernel readers have no CPU");
        this.cpu = c;
        return this;
    }

    /** {@code cursor}: the next address (user) or array index (kernel). */
    public long cursor() {
        return owner != null ? space.range(owner)[0] : cursor;
    }

    /** {@code remain}: bytes left. */
    public long remain() {
        if (owner != null) {
            long[] r = space.range(owner);
            long d = r[1] - r[0];
            return d < 0 ? Long.MAX_VALUE : d; // unsigned: only a wrapped range (OverflowAccepted)
        }
        return end - cursor;
    }

    /** {@code has_remain}. */
    public boolean hasRemain() {
        return remain() > 0;
    }

    /**
     * {@code limit(n)}: keeps at most {@code n} remaining bytes. Kernel readers only: on a user reader
     * it would shrink the owner's range, which no protocol action does (refused {@code InvalidState},
     * nothing logged).
     */
    public VmReader<M> limit(long n) {
        if (owner != null) {
            throw new VmException(ErrorKind.InvalidState, "limit on a user-space reader would change its owner's range");
        }
        checkArgument(n >= 0, "negative limit");
        end = (int) Math.min(end, cursor + n);
        return this;
    }

    /** {@code skip(n)}: action {@code Skip(i, n)} for a user reader. */
    public VmReader<M> skip(long n) {
        if (owner != null) {
            space.skip(owner, n);
        } else {
            if (n < 0 || n > end - cursor) {
                throw new VmException(ErrorKind.InvalidArgs, "skip " + n + " beyond the remaining " + (end - cursor));
            }
            cursor += (int) n;
        }
        return this;
    }

    /** {@code to_fallible}: the same kernel reader typed as fallible (its copies still cannot fault). */
    @SuppressWarnings("unchecked")
    public VmReader<Fallible> toFallible() {
        return (VmReader<Fallible>) (VmReader<?>) this;
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
     * {@code read_fallible(writer)}: as {@link #read}, but a page fault is not an exception: the bytes
     * copied before the faulting page are returned (the reader and writer advanced by them).
     */
    public long readFallible(VmWriter<Infallible> writer) {
        try {
            return copyTo(writer, "read");
        } catch (PageFaultException e) {
            return e.copied();
        }
    }

    private long copyTo(VmWriter<?> writer, String api) {
        if (owner == null) {
            if (writer.isUser()) {
                @SuppressWarnings("unchecked")
                VmWriter<Fallible> w = (VmWriter<Fallible>) writer;
                return w.writeFromKernel(this, "write");
            }
            int n = (int) Math.min(remain(), writer.avail());
            writer.putKernel(buf, cursor, n);
            cursor += n;
            return n;
        }
        checkArgument(!writer.isUser(), "user-to-user copies are not supported (the seed's types forbid them)");
        long n = Math.min(remain(), writer.avail());
        if (n == 0) {
            return 0;
        }
        return userRead(n, writer, api);
    }

    private long userRead(long n, VmWriter<?> writer, String api) {
        byte[] dst = writer.kernelBuffer();
        int off = writer.kernelCursor();
        try {
            long copied = space.io(owner, cpu, n, false, dst, off, api);
            writer.advanceKernel((int) copied);
            return copied;
        } catch (PageFaultException e) {
            writer.advanceKernel((int) e.copied());
            throw e;
        }
    }

    /** Bytes consumed from a kernel reader by a user write. */
    byte[] kernelBuffer() {
        return buf;
    }

    int kernelCursor() {
        return cursor;
    }

    void advanceKernel(int n) {
        cursor += n;
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
        space.io(owner, cpu, size, false, tmp, 0, api);
        return tmp;
    }

    /** {@code read_val::<u64>()}: {@code Read} of 8 bytes, {@code api = "read_val"}. */
    public long readLong() {
        return ByteBuffer.wrap(readBytes(8, "read_val")).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** {@code read_val::<u32>()}: {@code Read} of 4 bytes, {@code api = "read_val"}. */
    public int readInt() {
        return ByteBuffer.wrap(readBytes(4, "read_val")).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** {@code read_val::<u8>()}: {@code Read} of 1 byte, {@code api = "read_val"}. */
    public byte readByte() {
        return readBytes(1, "read_val")[0];
    }

    /** {@code read_once::<u64>()}: {@code Read} of 8 bytes, {@code api = "read_once"}. */
    public long readOnceLong() {
        return ByteBuffer.wrap(readBytes(8, "read_once")).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Override
    public String toString() {
        return owner != null ? "VmReader(" + owner + ")" : "VmReader(kernel " + cursor + ".." + end + ")";
    }
}
