package org.vmspace.trace;

/**
 * The trace event kinds: exactly the TLA+ action names of docs/PROTOCOL.md (the trace field
 * {@code op}).
 */
public enum TraceOp {
    Activate, Deactivate,
    Reader, Writer,
    ActivateReader, ActivateWriter,
    DisposeReader, DisposeWriter,
    RemoveReader, RemoveWriter,
    DropOwner,
    Read, Write, Skip, Limit,
    CursorMut, Map, Unmap, ProtectNext, Jump, FindNext, IssueTlbFlush, DispatchTlbFlush, DropCursor
}
