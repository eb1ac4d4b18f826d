package org.vmspace.mm;

/** {@code TlbFlushOp::Address(va)}: the only flush op the user cursor issues. */
public record TlbFlushOp(long va) {
    public static TlbFlushOp address(long va) {
        return new TlbFlushOp(va);
    }
}
