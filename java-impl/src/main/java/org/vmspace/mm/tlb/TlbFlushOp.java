package org.vmspace.mm.tlb;

/**
 * {@code TlbFlushOp}: {@code All}, {@code Address(va)} or {@code Range(r)} (REFERENCE "TLB"). A cursor's
 * {@code map} and {@code unmap} issue {@code Address} ops with a frame ({@code issue_tlb_flush_with},
 * drop after flush); a user of the cursor issues frameless ops of any kind through
 * {@link TlbFlusher#issueTlbFlush(TlbFlushOp)} (after {@code protect_next}, which does not flush).
 *
 * @param kind  which op
 * @param start {@code Address}: the page; {@code Range}: the range's start; {@code All}: 0
 * @param end   {@code Range}: the range's end (exclusive); otherwise unused (0)
 */
public record TlbFlushOp(Kind kind, long start, long end) {
    /** The kinds of op. */
    public enum Kind { ALL, ADDRESS, RANGE }

    /** {@code TlbFlushOp::All}: every translation of this space, on every CPU. */
    public static TlbFlushOp all() {
        return new TlbFlushOp(Kind.ALL, 0, 0);
    }

    /** {@code TlbFlushOp::Address(va)}: the page at {@code va} (page-aligned). */
    public static TlbFlushOp address(long va) {
        return new TlbFlushOp(Kind.ADDRESS, va, 0);
    }

    /** {@code TlbFlushOp::Range(start..end)}: every page of {@code [start, end)} (page-aligned, start < end). */
    public static TlbFlushOp range(long start, long end) {
        return new TlbFlushOp(Kind.RANGE, start, end);
    }

    /** The page of an {@code Address} op (the start of the others). */
    public long va() {
        return start;
    }
}
