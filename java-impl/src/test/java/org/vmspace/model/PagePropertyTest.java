package org.vmspace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link PageProperty}: its bit encoding, its checks, its protocol spelling. */
class PagePropertyTest {
    /**
     * Every property survives {@code bits()}/{@code fromBits}; bits outside the 13, or a cache policy
     * past the last, are refused with {@code IllegalArgumentException}. Kills (PIT, fea042a)
     * {@code fromBits}'s removed check, {@code < values().length} to {@code <=}, and {@code >>>} to
     * {@code <<} (90: each let a bad cache index through to an ArrayIndexOutOfBounds, or took 0x2000),
     * and the constructor's removed flags check (34).
     */
    @Test
    void bitsRoundTripAndBadBitsAreRefused() {
        for (CachePolicy c : CachePolicy.values()) {
            for (int flags : new int[] {0, PageProperty.R, PageProperty.R | PageProperty.W, 0xff}) {
                for (int priv : new int[] {0, PageProperty.USER, PageProperty.USER | PageProperty.GLOBAL}) {
                    PageProperty p = new PageProperty(flags, c, priv);
                    assertEquals(p, PageProperty.fromBits(p.bits()));
                }
            }
        }
        int past = CachePolicy.values().length << 8;
        assertThrows(IllegalArgumentException.class, () -> PageProperty.fromBits(past));
        assertThrows(IllegalArgumentException.class, () -> PageProperty.fromBits(7 << 8));
        assertThrows(IllegalArgumentException.class, () -> PageProperty.fromBits(0x2000));
        assertThrows(IllegalArgumentException.class, () -> new PageProperty(0x100));
        assertThrows(IllegalArgumentException.class, () -> new PageProperty(PageProperty.R, CachePolicy.Writeback, 4));
    }

    /** {@code ofProtocolName} and {@code withCache}. Kills their null returns (76, 56; no coverage before). */
    @Test
    void protocolNamesAndCachePolicy() {
        assertSame(PageProperty.RW, PageProperty.ofProtocolName("RW"));
        assertSame(PageProperty.READ_ONLY, PageProperty.ofProtocolName("R"));
        assertThrows(IllegalArgumentException.class, () -> PageProperty.ofProtocolName("W"));
        assertEquals("RW", PageProperty.ofProtocolName("RW").protocolName());
        PageProperty p = PageProperty.RW.withCache(CachePolicy.Uncacheable);
        assertEquals(new PageProperty(PageProperty.R | PageProperty.W, CachePolicy.Uncacheable, PageProperty.USER), p);
    }
}
