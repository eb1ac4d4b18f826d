package org.vmspace.mm;

/**
 * The deliberate bugs of docs/PROTOCOL.md ("Deliberate bugs"), all off by default. Each one removes
 * or weakens exactly one guard or effect; trace validation must reject a trace that exercises it.
 */
public enum Bug {
    /** {@code activateWriter} takes pages that are not in {@code mem_view} (held by another writer). */
    NoWriterOverlapCheck,
    /** {@code activateWriter} ignores readers' borrows. */
    NoBorrowCheck,
    /** {@code removeWriter} does not join the writer's view back into {@code mem_view}. */
    NoJoinOnRemove,
    /** {@code unmap} releases frames to the allocator before the TLB flush is dispatched. */
    FreeBeforeFlush,
    /** {@code read}/{@code write} advance the cursor one byte past what was copied (capped at the end). */
    AdvanceTooFar,
    /** {@code reader}/{@code writer} check {@code vaddr + len} with wrapping arithmetic. */
    OverflowAccepted,
    /** {@code cursorMut} does not wait for an overlapping live cursor. */
    NoCursorLock,
    /** With {@code sharedReader = false}, {@code activateReader} skips the reader-overlap check. */
    NoReaderDisjointCheck,
    /** Disposing an owner whose range is empty drops it instead of parking it. */
    DisposeEmptyDrops,
    /** {@code unmap} leaves the last mapped page of its range mapped (it clears all but one). */
    UnmapSkipsPage,
    /**
     * {@code protectNext} changes the property of the next mapped page after the one the cursor stops at
     * (when the range has one), instead of that page.
     */
    ProtectNextWrongPage,
    /**
     * {@code dispatchTlbFlush} carries out a frameless flush op ({@code All}, {@code Address}, {@code Range})
     * on every page of it but the last (an off-by-one in the range loop; the spec's bug model of the same
     * name).
     */
    FlushRangeSkipsLast,
    /** A TLB fill caches every translation as writable (the spec's bug model {@code FillWritable}). */
    FillWritable,
    /**
     * {@code dispatchTlbFlush} drops the pending pages' entries from CPU 0's TLB only (the spec's bug
     * model {@code NoRemoteShootdown}); the frames are freed all the same.
     */
    NoRemoteShootdown,
    /**
     * {@code removeReader}/{@code removeWriter} also take an active (never disposed) owner (the spec's bug
     * model {@code RemoveUndisposed}).
     */
    RemoveUndisposed,
    /**
     * A concurrency bug, invisible to one thread: {@code DispatchTlbFlush} logs the dispatch and frees
     * the frames in one critical section, and the TLB shootdown (every CPU dropping its entries for the
     * pages) lands in a later one, so another thread can use a stale entry to a free frame in between.
     * No TLA+ bug model (the spec's dispatch is one step) and no single-threaded check sees it; the
     * interleaving tests (InterleavingTest) do.
     */
    LateShootdown
}
