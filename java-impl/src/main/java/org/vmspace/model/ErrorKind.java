package org.vmspace.model;

/**
 * The error kinds of the protocol: the trace field {@code outcome} of a refused request.
 *
 * <p>The names are the seed's {@code ostd::Error} variants where one exists ({@code AccessDenied},
 * {@code PageFault}, {@code InvalidArgs}) and docs/PROTOCOL.md's names otherwise.
 */
public enum ErrorKind {
    /** {@code VmSpace::reader}/{@code writer} on a CPU where the space is not current, or a bad range. */
    AccessDenied,
    /** {@code can_create_reader}/{@code can_create_writer} failed, or a reader overlaps a reader. */
    Conflict,
    /** A page of the range is unmapped or not in the remaining view {@code mem_view}. */
    NotMapped,
    /** A writer's page is borrowed by a reader. */
    Borrowed,
    /** The timed {@code cursorMut} timed out on an overlapping live cursor. */
    Busy,
    /** A request the seed answers with a panic ({@code unmap} with a bad length, ...). */
    Panic,
    /** A user access hit a page without a (writable) translation. */
    PageFault,
    /** A length or frame argument the action's guard excludes. */
    InvalidArgs,
    /** An operation on an owner or cursor that is not in the state it needs. */
    InvalidState
}
