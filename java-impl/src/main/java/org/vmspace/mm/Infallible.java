package org.vmspace.mm;

/** Marker: a reader/writer over kernel memory whose copies cannot fault ({@code Infallible}). */
public final class Infallible {
    private Infallible() {}
}
