package org.vmspace.machine;

/** A leaf's property as the machine reads it: writable, read-only, or read-only copy-on-write. */
public enum Prop {
    RW, R, COW;

    /** The hardware may write through a leaf of this property. */
    public boolean writable() {
        return this == RW;
    }
}
