package org.vmspace.machine;

/**
 * The deliberate bugs of the many-spaces machine, named as the spec's {@code BUG} values in
 * tla/VmSpaceMachine.tla (tla/README.md, "Many address spaces"). A per-instance setting of a
 * {@link Machine} (never global): each removes one guard or effect.
 */
public enum MachineBug {
    /** {@code dispatchTlbFlush} invalidates the issuing CPU only, not every CPU where the space is current. */
    FlushLocalOnly,
    /** {@code unmap} drops the mapping's reference at once: a frame may be free while a CPU caches it. */
    FreeBeforeFlush,
    /** {@code dispatchTlbFlush} frees every pending frame, still mapped elsewhere or not. */
    FreeIgnoresRefcount,
    /** {@code dispatchTlbFlush} drops the references but returns no frame to the allocator. */
    LeakOnDispatch,
    /** {@code activate} keeps the CPU's TLB (entries of the replaced space stay). */
    NoTlbDropOnSwitch,
    /** {@code fork} leaves the parent's writable pages writable. */
    ForkParentWritable,
    /** {@code fork} write-protects the parent without flushing its cached writable entries. */
    ForkNoFlush,
    /** {@code fork}'s child mappings take no reference. */
    ForkNoRefcount,
    /** The CoW fault reuses a frame mapped once even while another space's pending flush holds it. */
    CowReuseIgnoresHolds
}
