package org.vmspace.mm;

import static com.google.common.base.Preconditions.checkArgument;

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
 * <p>What it shares with {@link VmReader} ({@code owner}, {@code cpu}, {@code cursor}, {@code limit},
 * {@code skip}, the user/kernel copy) is in the package-private {@code VmIoHandle}.
 *
 * @param <M> {@link Fallible} or {@link Infallible}
 */
public final class VmWriter<M> extends VmIoHandle<M, VmWriter<M>> {
    private VmWriter(VmSpace space, VmIoOwner owner, int cpu, byte[] buf, int cursor, int end) {
        super(space, owner, cpu, buf, cursor, end, "writer", "available");
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
        java.util.Objects.requireNonNull(bytes, "bytes");
        // off + len may overflow int: compare len with what is left after off instead
        checkArgument(off >= 0 && len >= 0 && off <= bytes.length && len <= bytes.length - off,
                "slice [%s, %s + %s) out of bounds of %s bytes", off, off, len, bytes.length);
        return new VmWriter<>(null, null, -1, bytes, off, off + len);
    }

    /** {@code avail}: bytes that can still be written. */
    public long avail() {
        return left();
    }

    /** {@code has_avail}. */
    public boolean hasAvail() {
        return avail() > 0;
    }

    /** {@code to_fallible}: the same kernel writer typed as fallible. */
    @SuppressWarnings("unchecked")
    public VmWriter<Fallible> toFallible() {
        return (VmWriter<Fallible>) (VmWriter<?>) this;
    }

    @Override
    VmWriter<M> self() {
        return this;
    }

    /**
     * {@code write(reader)}: copies {@code min(avail, reader.remain)} bytes. For a user writer this is
     * {@code Write(c, i, n)}, {@code api = "write"} (nothing happens when {@code n = 0}).
     *
     * @throws PageFaultException after partial progress (user writers)
     */
    public long write(VmReader<Infallible> reader) {
        java.util.Objects.requireNonNull(reader, "reader");
        if (owner == null) {
            return reader.read(this.asInfallible());
        }
        return userCopy(reader, true, "write");
    }

    /**
     * {@code write_fallible(reader)}: {@code reader.read_fallible(self)}, as the seed implements it; any
     * pair of fallibilities, user to user included (see {@link VmReader#readFallible}). Returns the bytes
     * copied before a page fault.
     */
    public long writeFallible(VmReader<?> reader) {
        java.util.Objects.requireNonNull(reader, "reader");
        return reader.readFallible(this);
    }

    @SuppressWarnings("unchecked")
    private VmWriter<Infallible> asInfallible() {
        return (VmWriter<Infallible>) (VmWriter<?>) this;
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
        return space.userIo.io(owner, cpu, bytes.length, true, bytes, 0, api);
    }

    /**
     * {@code write_val(&value)}: writes one value of the Pod type {@code pod}. For a user writer this is
     * {@code Write} of {@code pod.size()} bytes, {@code api = "write_val"}; less room than that is refused
     * {@code InvalidArgs} (logged as a refused {@code Write}), as the seed's {@code Err(InvalidArgs)}.
     * A page fault rolls back (the seed: "the cursor is rolled back to its starting position before
     * returning Err"; DIVERGENCES.md D1): the translations (writable) are checked before any byte is
     * written, and when one faults nothing changes (no byte written, no TLB fill, the cursor stays),
     * logged as a {@code Write} with outcome {@code PageFault}, {@code copied = 0} and the old
     * {@code start}.
     *
     * @throws PageFaultException with {@code copied() = 0} when a page faults (user writers)
     */
    public <T> void writeVal(Pod<T> pod, T value) {
        java.util.Objects.requireNonNull(pod, "pod");
        writeBytes(pod.toBytes(value), "write_val");
    }

    /** {@code write_val(u64)}: {@link #writeVal(Pod, Object)} of {@link Pod#U64}. */
    public void writeVal(long value) {
        writeVal(Pod.U64, value);
    }

    /** {@code write_val(u32)}: {@link #writeVal(Pod, Object)} of {@link Pod#U32}. */
    public void writeVal(int value) {
        writeVal(Pod.U32, value);
    }

    /** {@code write_once(u64)}: {@code Write} of 8 bytes, {@code api = "write_once"}. */
    public void writeOnce(long value) {
        writeBytes(Pod.U64.toBytes(value), "write_once");
    }

    /**
     * {@code fill(value)}: writes {@code value} of the Pod type {@code pod} as many whole times as fit
     * in {@code avail}: one {@code Write} of {@code (avail / size) * size} bytes, {@code api = "fill"}
     * (nothing happens when not one value fits). The seed's {@code fill} (kernel writers) panics when
     * {@code avail} is not a multiple of the size; Java writes the whole values and leaves the rest,
     * as {@link #fill(long)} always did.
     *
     * @return the number of values written
     * @throws PageFaultException after partial progress (user writers; possibly inside a value)
     */
    public <T> long fill(Pod<T> pod, T value) {
        java.util.Objects.requireNonNull(pod, "pod");
        int size = pod.size();
        long n = (avail() / size) * size;
        if (n == 0) {
            return 0;
        }
        checkArgument(n <= Integer.MAX_VALUE - 8, "fill of %s bytes is too large", n);
        byte[] pattern = new byte[(int) n];
        byte[] v = pod.toBytes(value);
        for (int i = 0; i < n; i += size) {
            System.arraycopy(v, 0, pattern, i, size);
        }
        return writeBytes(pattern, "fill") / size;
    }

    /** {@code fill(u64)}: {@link #fill(Pod, Object)} of {@link Pod#U64}. */
    public long fill(long value) {
        return fill(Pod.U64, value);
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
}
