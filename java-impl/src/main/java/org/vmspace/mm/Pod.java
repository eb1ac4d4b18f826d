package org.vmspace.mm;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The seed's {@code Pod} bound ({@code T: Pod}, {@code ostd::mm::pod}): a plain-old-data type whose
 * values are exactly their {@link #size()} bytes, any bytes being a valid value. Rust states it on the
 * type; Java passes it as a value describing the type, so {@code read_val::<u32>()} is
 * {@code reader.readVal(Pod.U32)} and {@code write_val(&t)} is {@code writer.writeVal(Timespec.POD, t)}.
 * Bytes are little-endian (the layout of the seed's targets).
 *
 * <p>A record is a Pod through {@link #of}: its size and how its fields go to and come from a
 * little-endian {@link ByteBuffer} (see {@code PodTest.Timespec}).
 *
 * @param <T> the Java type of the values
 */
public interface Pod<T> {
    /** {@code size_of::<T>()}, in bytes; at least 1. */
    int size();

    /** Writes the {@link #size()} bytes of {@code value} to {@code dst[off ..]}. */
    void toBytes(T value, byte[] dst, int off);

    /** The value made of the {@link #size()} bytes {@code src[off ..]}. */
    T fromBytes(byte[] src, int off);

    /** The {@link #size()} bytes of {@code value} ({@code as_bytes}). */
    default byte[] toBytes(T value) {
        byte[] b = new byte[size()];
        toBytes(value, b, 0);
        return b;
    }

    /** The value made of exactly {@code bytes} ({@code from_bytes}); refused when the length differs. */
    default T fromBytes(byte[] bytes) {
        checkArgument(bytes.length == size(), "%s bytes for a %s-byte Pod", bytes.length, size());
        return fromBytes(bytes, 0);
    }

    /** {@code u8}. */
    Pod<Byte> U8 = of(1, ByteBuffer::put, ByteBuffer::get);
    /** {@code u16}. */
    Pod<Short> U16 = of(2, ByteBuffer::putShort, ByteBuffer::getShort);
    /** {@code u32}. */
    Pod<Integer> U32 = of(4, ByteBuffer::putInt, ByteBuffer::getInt);
    /** {@code u64}. */
    Pod<Long> U64 = of(8, ByteBuffer::putLong, ByteBuffer::getLong);

    /**
     * A Pod of {@code size} bytes: {@code put} writes a value's fields to a little-endian buffer
     * positioned at the value's first byte, {@code get} reads them back. Both must use exactly
     * {@code size} bytes (checked on every use).
     */
    static <T> Pod<T> of(int size, BiConsumer<ByteBuffer, T> put, Function<ByteBuffer, T> get) {
        checkArgument(size >= 1, "a Pod has at least one byte: %s", size);
        Objects.requireNonNull(put, "put");
        Objects.requireNonNull(get, "get");
        return new Pod<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public void toBytes(T value, byte[] dst, int off) {
                Objects.requireNonNull(value, "value");
                ByteBuffer b = ByteBuffer.wrap(dst, off, size).slice().order(ByteOrder.LITTLE_ENDIAN);
                put.accept(b, value);
                checkArgument(b.position() == size, "put wrote %s bytes of a %s-byte Pod", b.position(), size);
            }

            @Override
            public T fromBytes(byte[] src, int off) {
                ByteBuffer b = ByteBuffer.wrap(src, off, size).slice().order(ByteOrder.LITTLE_ENDIAN);
                T v = get.apply(b);
                checkArgument(b.position() == size, "get read %s bytes of a %s-byte Pod", b.position(), size);
                return v;
            }

            @Override
            public String toString() {
                return "Pod(" + size + " bytes)";
            }
        };
    }
}
