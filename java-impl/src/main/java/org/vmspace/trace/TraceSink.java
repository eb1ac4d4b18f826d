package org.vmspace.trace;

/**
 * Where trace events go. The default, {@link #NONE}, is disabled: callers test {@link #enabled()}
 * before building an event, so tracing off costs one branch per operation.
 *
 * <p>{@link #emit} is called inside the critical section that makes the operation visible (its
 * linearization point), so events arrive in {@code seq} order.
 */
public interface TraceSink extends AutoCloseable {
    /** The sink that records nothing. */
    TraceSink NONE = new TraceSink() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void emit(long seq, String thread, TraceEvent event) {}
    };

    /** False when events are dropped; callers then do not build them. */
    default boolean enabled() {
        return true;
    }

    /** Writes the header line (schema version 2) before any event; {@code VmSpace.Builder.build()} calls it. */
    default void header(TraceHeader header) {}

    /** Records one event. */
    void emit(long seq, String thread, TraceEvent event);

    @Override
    default void close() {}
}
