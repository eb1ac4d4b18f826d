package org.vmspace.model;

/**
 * {@code CachePolicy} of a page property (REFERENCE.md, "Page properties"). The protocol does not
 * distinguish cache policies: a mapping's policy is stored, returned by {@code query} and changed by
 * {@code protect_next}, and nothing else depends on it.
 */
public enum CachePolicy {
    Uncacheable,
    WriteCombining,
    WriteProtected,
    Writethrough,
    /** The default of normal memory. */
    Writeback
}
