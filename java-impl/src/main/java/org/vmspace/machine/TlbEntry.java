package org.vmspace.machine;

/**
 * A cached translation of one CPU: the page, its frame and whether it is writable. {@code space} is
 * the space the walk was in: the hardware looks entries up by page only (no ASIDs); the tag lets the
 * invariants say whose translation it is (the spec's ghost tag).
 */
public record TlbEntry(Space space, long page, int frame, boolean writable) {}
