package dev.porcini.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void integersBecomeLongs() {
        assertEquals(10L, Numbers.parse("10"));
        assertEquals(-5L, Numbers.parse("-5"));
        assertEquals(5L, Numbers.parse("+5"));
        assertEquals(Long.MIN_VALUE, Numbers.parse("-9223372036854775808"));
        assertEquals(255L, Numbers.parse("0xff"));
        assertEquals(-16L, Numbers.parse("-0x10"));
    }

    @Test
    void unsignedBitPatternsAreAccepted() {
        assertEquals(-1L, Numbers.parse("18446744073709551615"));
        assertEquals(-1L, Numbers.parse("0xffffffffffffffff"));
    }

    @Test
    void everythingElseBecomesDouble() {
        assertEquals(1.5, Numbers.parse("1.5"));
        assertEquals(-0.25, Numbers.parse("-.25"));
        assertEquals(1e10, Numbers.parse("1e10"));
        assertEquals(Double.POSITIVE_INFINITY, Numbers.parse("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, Numbers.parse("-inf"));
        assertTrue(Double.isNaN((Double) Numbers.parse("nan")));
    }

    @Test
    void rejectsNonNumbers() {
        for (String bad : List.of("", "abc", "1f", "0x", "1.2.3", "--1", "1e")) {
            CliException e = assertThrows(CliException.class, () -> Numbers.parse(bad), bad);
            assertEquals(ExitCodes.USAGE, e.exitCode());
        }
        assertThrows(CliException.class, () -> Numbers.parse("-9223372036854775809"));
    }

    /** Host values stand in for guest results: the formatting only looks at the polyglot value. */
    @Test
    void formatsLikeWasmtime() {
        try (Context context = Context.create()) {
            assertEquals("42", Numbers.format(context.asValue(42)));
            assertEquals("-7", Numbers.format(context.asValue(-7L)));
            assertEquals("0.1", Numbers.format(context.asValue(0.1f)));
            assertEquals("0.1", Numbers.format(context.asValue(0.1)));
            assertEquals("2", Numbers.format(context.asValue(2.0)));
            assertEquals("100000000000000000000", Numbers.format(context.asValue(1e20)));
            assertEquals("0.00001", Numbers.format(context.asValue(1e-5)));
            assertEquals("-0", Numbers.format(context.asValue(-0.0)));
            assertEquals("inf", Numbers.format(context.asValue(Double.POSITIVE_INFINITY)));
            assertEquals("-inf", Numbers.format(context.asValue(Float.NEGATIVE_INFINITY)));
            assertEquals("NaN", Numbers.format(context.asValue(Double.NaN)));
        }
    }

    @Test
    void resultsPrintOnePerLine() {
        try (Context context = Context.create()) {
            assertEquals(List.of(), Numbers.formatResults(context.asValue(null)));
            assertEquals(List.of("3"), Numbers.formatResults(context.asValue(3)));
            Value several = context.asValue(ProxyArray.fromArray(1, 2.5, -3L));
            assertEquals(List.of("1", "2.5", "-3"), Numbers.formatResults(several));
        }
    }
}
