package org.vmspace.mm;

/** Marker: a reader/writer whose copies may page-fault (user space, {@code Fallible}). */
public final class Fallible {
    private Fallible() {}
}
