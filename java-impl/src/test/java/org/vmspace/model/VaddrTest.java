package org.vmspace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Vaddr#hex} (a cache of recent spellings in front of {@link Vaddr#spellHex}) spells every
 * address as {@code "0x" + Long.toHexString}, also when addresses sharing a cache slot alternate.
 * Hand-applied mutants, each killed here (2026-12-07): the cache used without comparing the address
 * (a stale spelling of another address); {@code spellHex} counting digits with {@code + 2} for {@code + 3}
 * (one digit short when the bit length is 1 more than a multiple of 4).
 */
class VaddrTest {
    private static String expected(long a) {
        return "0x" + Long.toHexString(a);
    }

    @Test
    void hexSpellsEveryAddressAsToHexString() {
        long[] edge = {0, 1, 0xf, 0x10, 0xfff, 0x1000, Vaddr.MAX_USERSPACE_VADDR, Vaddr.USER_TOP,
            Vaddr.KERNEL_BASE_VADDR, -1L, Long.MIN_VALUE, Long.MAX_VALUE};
        for (long a : edge) {
            assertEquals(expected(a), Vaddr.hex(a));
            assertEquals(expected(a), Vaddr.hex(a), "cached");
            assertEquals(expected(a), Vaddr.spellHex(a));
        }
        Random rnd = new Random(14);
        long[] seen = new long[20_000];
        for (int i = 0; i < seen.length; i++) {
            // pages and frames (repeated), and arbitrary values of every length
            long a = switch (i % 3) {
                case 0 -> 0x7fff_0000_0000L + ((long) rnd.nextInt(256) << 12);
                case 1 -> (long) rnd.nextInt(64) << 12;
                default -> rnd.nextLong() >>> rnd.nextInt(64);
            };
            seen[i] = a;
            assertEquals(expected(a), Vaddr.hex(a));
        }
        for (long a : seen) { // again, after their slots were taken by others
            assertEquals(expected(a), Vaddr.hex(a));
        }
    }

    /**
     * {@code addExact}, {@code le} and {@code parseUnsigned} are unsigned. Kills (PIT, fea042a)
     * {@code addExact}'s negated overflow test, {@code -} for {@code +} and 0 return (36, 39);
     * {@code le}'s {@code <= 0} to {@code < 0}, negated, and constant true (49); {@code parseUnsigned}'s
     * negated {@code 0x}/{@code 0X} tests and 0 returns (124, 125, 127).
     */
    @Test
    void addExactLeAndParseUnsignedAreUnsigned() {
        assertEquals(0x8000_0000_0001L, Vaddr.addExact(Vaddr.USER_TOP, 1));
        assertEquals(-1L, Vaddr.addExact(-2L, 1));
        assertThrows(ArithmeticException.class, () -> Vaddr.addExact(-1L, 1));
        assertTrue(Vaddr.le(7, 7));
        assertTrue(Vaddr.le(7, -1L), "unsigned: 2^64 - 1 is the largest");
        assertFalse(Vaddr.le(-1L, 7));
        assertFalse(Vaddr.le(8, 7));
        assertEquals(4096, Vaddr.parseUnsigned("0x1000"));
        assertEquals(16, Vaddr.parseUnsigned("0X10"));
        assertEquals(4096, Vaddr.parseUnsigned(" 4_096 "));
        assertEquals(-1L, Vaddr.parseUnsigned("18446744073709551615"));
        assertEquals(Vaddr.KERNEL_BASE_VADDR, Vaddr.parseUnsigned("0xffff_8000_0000_0000"));
        assertThrows(NumberFormatException.class, () -> Vaddr.parseUnsigned("-1"));
    }
}
