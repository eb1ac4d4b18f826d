package org.vmspace.mm;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.vmspace.model.ErrorKind;
import org.vmspace.model.PageFaultException;
import org.vmspace.model.VmException;

/**
 * {@code VmWriter<'a, M>}: writes to kernel memory (a byte array, {@link Infallible}) or to user space
 * through a {@link VmSpace} ({@link Fallible}, tied to a {@link VmIoOwner}). Values are
 * little-endian. Use one writer from one thread.
 *
 * <p>For a user writer the cursor is the owner's {@code start}; every copy ({@code write},
 * {@code write_val}, {@code write_once}, {@code fill}, {@code fill_zeros}) is the protocol action
 * {@code Write(c, i, n)} on this writer's CPU, and {@link #skip} is {@code Skip(i, n)}.
 *
 * @param <M> {@link Fallible} or {@link Infallible}
 */
public final class VmWriter<M> {
    private final VmSpace space;
    private final VmIoOwner owner;
    private int cpu;
    private final byte[] buf;
    private int cursor;
    private int end;

    private VmWriter(VmSpace space, VmIoOwner owner, int cpu, byte[] buf, int cursor, int end) {
        this.space = space;
        this.owner = owner;
        this.cpu = cpu;
        this.buf = buf;
        this.cursor = cursor;
        this.end = end;
    }

    static VmWriter<Fallible> user(VmSpace space, VmIoOwner owner, int cpu) {
        return new VmWriter<>(space, owner, cpu, null, 0, 0);
    }

    /** A kernel-space writer over all of {@code bytes} ({@code from_kernel_space} / {@code From<&mut [u8]>}). */
    public static VmWriter<Infallible> fromSlice(byte[] bytes) {
        return fromSlice(bytes, 0, bytes.length);
    }

    /** A kernel-space writer over {@code bytes[off, off + len)}. */
    public static VmWriter<Infallible> fromSlice(byte[] bytes, int off, int len) {
        checkArgument(off >= 0 && len >= 0 && off + len <= bytes.length, "slice out of bounds");
        return new VmWriter<>(null, null, -1, bytes, off, off + len);
    }

    public boolean isUser() {
        return owner != null;
    }

    /** The owner of a user-space writer; null for kernel writers. */
    public VmIoOwner owner() {
        return owner;
    }

    public int cpu() {
        return cpu;
    }

    /** Moves this user writer to CPU {@code c}. */
    public VmWriter<M> onCpu(int c) {
        checkArgument(owner != null, "kernel writers have no CPU");
        this.cpu = c;
        return this;
    }

    /** {@code cursor}: the next address (user) or array index (kernel). */
    public long cursor() {
        return owner != null ? space.range(owner)[0] : cursor;
    }

    /** {@code avail}: bytes that can still be written. */
    public long avail() {
        if (owner != null) {
            long[] r = space.range(owner);
            long d = r[1] - r[0];
            return d < 0 ? Long.MAX_VALUE : d; // unsigned: only a wrapped range (OverflowAccepted)
        }
        return end - cursor;
    }

    /** {@code has_avail}. */
    public boolean hasAvail() {
        return avail() > 0;
    }

    /** {@code limit(n)}: kernel writers only (see {@link VmReader#limit}). */
    public VmWriter<M> limit(long n) {
        if (owner != null) {
            throw new VmException(ErrorKind.InvalidState, "limit on a user-space writer would change its owner's range");
        }
        checkArgument(n >= 0, "negative limit");
        end = (int) Math.min(end, cursor + n);
        return this;
    }

    /** {@code skip(n)}: action {@code Skip(i, n)} for a user writer. */
    public VmWriter<M> skip(long n) {
        if (owner != null) {
            space.skip(owner, n);
        } else {
            if (n < 0 || n > end - cursor) {
                throw new VmException(ErrorKind.InvalidArgs, "skip " + n + " beyond the available " + (end - cursor));
            }
            cursor += (int) n;
        }
        return this;
    }

    /** {@code to_fallible}: the same kernel writer typed as fallible. */
    @SuppressWarnings("unchecked")
    public VmWriter<Fallible> toFallible() {
        return (VmWriter<Fallible>) (VmWriter<?>) this;
    }

    /**
     * {@code write(reader)}: copies {@code min(avail, reader.remain)} bytes. For a user writer this is
     * {@code Write(c, i, n)}, {@code api = "write"} (nothing happens when {@code n = 0}).
     *
     * @throws PageFaultException after partial progress (user writers)
     */
    public long write(VmReader<Infallible> reader) {
        if (owner == null) {
            return reader.read(this.asInfallible());
        }
        return writeFromKernel(reader, "write");
    }

    /** {@code write_fallible(reader)}: as {@link #write}; returns the bytes copied before a page fault. */
    public long writeFallible(VmReader<Infallible> reader) {
        try {
            return write(reader);
        } catch (PageFaultException e) {
            return e.copied();
        }
    }

    @SuppressWarnings("unchecked")
    private VmWriter<Infallible> asInfallible() {
        return (VmWriter<Infallible>) (VmWriter<?>) this;
    }

    long writeFromKernel(VmReader<?> reader, String api) {
        checkArgument(!reader.isUser(), "user-to-user copies are not supported (the seed's types forbid them)");
        long n = Math.min(avail(), reader.remain());
        if (n == 0) {
            return 0;
        }
        try {
            long copied = space.io(owner, cpu, n, true, reader.kernelBuffer(), reader.kernelCursor(), api);
            reader.advanceKernel((int) copied);
            return copied;
        } catch (PageFaultException e) {
            reader.advanceKernel((int) e.copied());
            throw e;
        }
    }

    byte[] kernelBuffer() {
        return buf;
    }

    int kernelCursor() {
        return cursor;
    }

    void advanceKernel(int n) {
        cursor += n;
    }

    void putKernel(byte[] src, int off, int n) {
        System.arraycopy(src, off, buf, cursor, n);
        cursor += n;
    }

    private long writeBytes(byte[] bytes, String api) {
        if (owner == null) {
            if (avail() < bytes.length) {
                throw new VmException(ErrorKind.InvalidArgs, api + " of " + bytes.length + " bytes, " + avail() + " available");
            }
            putKernel(bytes, 0, bytes.length);
            return bytes.length;
        }
        return space.io(owner, cpu, bytes.length, true, bytes, 0, api);
    }

    /** {@code write_val(u64)}: {@code Write} of 8 bytes, {@code api = "write_val"}. */
    public void writeVal(long value) {
        writeBytes(le(value), "write_val");
    }

    /** {@code write_val(u32)}: {@code Write} of 4 bytes, {@code api = "write_val"}. */
    public void writeVal(int value) {
        writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array(), "write_val");
    }

    /** {@code write_once(u64)}: {@code Write} of 8 bytes, {@code api = "write_once"}. */
    public void writeOnce(long value) {
        writeBytes(le(value), "write_once");
    }

    /**
     * {@code fill(value)}: writes {@code value} (8 bytes) as many whole times as fit in {@code avail}:
     * one {@code Write} of {@code (avail / 8) * 8} bytes, {@code api = "fill"}.
     *
     * @return the number of values written
     */
    public long fill(long value) {
        long n = (avail() / 8) * 8;
        if (n == 0) {
            return 0;
        }
        checkArgument(n <= Integer.MAX_VALUE - 8, "fill of %s bytes is too large", n);
        byte[] pattern = new byte[(int) n];
        byte[] v = le(value);
        for (int i = 0; i < n; i += 8) {
            System.arraycopy(v, 0, pattern, i, 8);
        }
        return writeBytes(pattern, "fill") / 8;
    }

    /**
     * {@code fill_zeros(len)}: writes {@code min(len, avail)} zero bytes: one {@code Write},
     * {@code api = "fill_zeros"}.
     *
     * @return the bytes written
     */
    public long fillZeros(long len) {
        long n = Math.min(len, avail());
        if (n <= 0) {
            return 0;
        }
        checkArgument(n <= Integer.MAX_VALUE - 8, "fill_zeros of %s bytes is too large", n);
        byte[] zeros = new byte[(int) n];
        if (owner == null) {
            Arrays.fill(buf, cursor, cursor + (int) n, (byte) 0);
            cursor += (int) n;
            return n;
        }
        return writeBytes(zeros, "fill_zeros");
    }

    private static byte[] le(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    @Override
    public String toString() {
        return owner != null ? "VmWriter(" + owner + ")" : "VmWriter(kernel " + cursor + ".." + end + ")";
    }
}
