package dev.porcini.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;
import dev.porcini.text.SExpr.Atom;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiteralsTest {

    private static Atom atom(String text) {
        return new Atom(Atom.Kind.KEYWORD, text, null, 3, 7);
    }

    private static int f32(String text) {
        return Literals.f32(atom(text));
    }

    private static long f64(String text) {
        return Literals.f64(atom(text));
    }

    private static String failure(Runnable r) {
        WasmException e = assertThrows(WasmException.class, r::run);
        assertEquals(ErrorKind.MALFORMED, e.kind());
        assertTrue(e.getMessage().startsWith("3:7: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void integersInAllForms() {
        assertEquals(42, Literals.integer(atom("42"), 32));
        assertEquals(42, Literals.integer(atom("+42"), 32));
        assertEquals(-42, Literals.integer(atom("-42"), 32));
        assertEquals(0x0bAdD00D, Literals.integer(atom("0x0bAdD00D"), 32));
        assertEquals(1_000_000, Literals.integer(atom("1_000_000"), 32));
        assertEquals(0xa0f0099, Literals.integer(atom("0xa_0f_00_99"), 32));
        assertEquals(10, Literals.integer(atom("010"), 32), "no octal");
        assertEquals(0, Literals.integer(atom("-0x0"), 32));
    }

    @Test
    void integerRangesFollowTheSpec() {
        // iN accepts -2^(N-1) .. 2^N-1; the result is sign-extended from bit N-1.
        assertEquals(-1, Literals.integer(atom("0xffffffff"), 32));
        assertEquals(-1, Literals.integer(atom("4294967295"), 32));
        assertEquals(Integer.MIN_VALUE, Literals.integer(atom("-0x80000000"), 32));
        assertEquals(Integer.MIN_VALUE, Literals.integer(atom("0x80000000"), 32));
        assertEquals(-1L, Literals.integer(atom("18446744073709551615"), 64));
        assertEquals(Long.MIN_VALUE, Literals.integer(atom("-9223372036854775808"), 64));
        assertEquals(-128, Literals.integer(atom("0x80"), 8));
        assertTrue(failure(() -> Literals.integer(atom("0x100000000"), 32)).contains("constant out of range"));
        assertTrue(failure(() -> Literals.integer(atom("-2147483649"), 32)).contains("constant out of range"));
        assertTrue(failure(() -> Literals.integer(atom("18446744073709551616"), 64)).contains("constant out of range"));
        assertTrue(failure(() -> Literals.integer(atom("-0x8000000000000001"), 64)).contains("constant out of range"));
        assertTrue(failure(() -> Literals.integer(atom("256"), 8)).contains("constant out of range"));
        assertEquals(0xFFFFFFFFL, Literals.u32(atom("0xffff_ffff")));
        assertTrue(failure(() -> Literals.u32(atom("0x1_0000_0000"))).contains("i32 constant out of range"));
    }

    @Test
    void malformedNumbersAreUnknownOperatorsOrUnexpectedTokens() {
        for (String bad : new String[]{"_100", "+_100", "-_100", "99_", "1__000", "_0x100", "0_x100", "0x_100", "0x100_",
                        "0x00_ _100", "0x", "1x", "0xg", "."}) {
            assertTrue(failure(() -> Literals.integer(atom(bad), 32)).contains("unknown operator"), bad);
        }
        // Real tokens, just not integers.
        assertTrue(failure(() -> Literals.integer(atom("1.5"), 32)).contains("unexpected token"));
        assertTrue(failure(() -> Literals.integer(atom("nan:canonical"), 32)).contains("unexpected token"));
        assertTrue(failure(() -> Literals.u32(atom("-1"))).contains("unexpected token"));
        for (String bad : new String[]{".0", ".0e0", "0e", "1e+", "0x1p", "0x.1", "1._5", "1_.5", "1.0_", "0x1.p_1",
                        "nan:1", "nan:0x", "infinity", "-nan:0x_1"}) {
            assertTrue(failure(() -> f64(bad)).contains("unknown operator"), bad);
        }
    }

    @Test
    void floatSpecialValues() {
        assertEquals(0x7F800000, f32("inf"));
        assertEquals(0xFF800000, f32("-inf"));
        assertEquals(0x7FC00000, f32("nan"));
        assertEquals(0xFFC00000, f32("-nan"));
        assertEquals(0x7F800001, f32("nan:0x1"));
        assertEquals(0xFFFFFFFF, f32("-nan:0x7f_ffff"));
        assertEquals(0x7FF8000000000000L, f64("+nan"));
        assertEquals(0x7FF4000000000000L, f64("nan:0x4000000000000"));
        assertEquals(0x80000000, f32("-0"));
        assertEquals(0x8000000000000000L, f64("-0x0p+0"));
        assertTrue(failure(() -> f32("nan:0x0")).contains("constant out of range"));
        assertTrue(failure(() -> f32("nan:0x80_0000")).contains("constant out of range"));
        assertTrue(failure(() -> f64("nan:0x10_0000_0000_0000")).contains("constant out of range"));
    }

    @Test
    void decimalAndHexFloats() {
        assertEquals(Float.floatToRawIntBits(12f), f32("0x1.8p3"));
        assertEquals(Float.floatToRawIntBits(24f), f32("0x18"), "hex integer syntax is a float too");
        assertEquals(Float.floatToRawIntBits(1.5f), f32("1.5"));
        assertEquals(Float.floatToRawIntBits(100f), f32("1e2"));
        assertEquals(Float.floatToRawIntBits(100f), f32("1.E2"));
        assertEquals(Float.floatToRawIntBits(1e10f), f32("1_0e0_9"));
        assertEquals(Double.doubleToRawLongBits(0.1), f64("0.1"));
        assertEquals(Double.doubleToRawLongBits(-1.25e-5), f64("-12.5e-6"));
        assertEquals(Double.doubleToRawLongBits(Double.MAX_VALUE), f64("0x1.fffffffffffffp1023"));
        assertEquals(Double.doubleToRawLongBits(Double.MIN_VALUE), f64("0x1p-1074"));
        assertEquals(Float.floatToRawIntBits(Float.MIN_VALUE), f32("0x1p-149"));
    }

    @Test
    void roundingIsToNearestTiesToEven() {
        // f32 has 24 significand bits: 1 + 2^-24 is halfway between 1 and the next float; ties go to even.
        assertEquals(0x3F800000, f32("0x1.000001p0"));
        assertEquals(0x3F800002, f32("0x1.000003p0"));
        assertEquals(0x3F800001, f32("0x1.00000100000000000001p0"), "just above halfway rounds up");
        assertEquals(0x3F800000, f32("0x1.000000fffffffffffp0"), "just below halfway rounds down");
        assertEquals(f32("0x1.000000p-50"), f32("+0x1.00000100000000000p-50"));
        assertEquals(f32("0x1.000002p-50"), f32("+0x1.00000100000000001p-50"));
        assertEquals(f32("-0x1.000002p-50"), f32("-0x1.000002fffffffffffp-50"));
        // Decimal: exactly 1 + 2^-24 is a tie, anything above it is not.
        assertEquals(0x3F800000, f32("1.000000059604644775390625"));
        assertEquals(0x3F800002, f32("1.000000178813934326171875"));
        assertEquals(0x3F800001, f32("1.000000059604644775390625000000000000000000000000000000000000000000000000000000000001"));
        // Subnormals round too, and may round up into the normal range.
        assertEquals(0x00100000_00000000L, f64("0x1.fffffffffffffp-1023"));
        assertEquals(1L, f64("0x1.8p-1075"), "0.75 of the smallest subnormal rounds up");
        assertEquals(0L, f64("0x1p-1075"), "half of the smallest subnormal ties to even, zero");
        assertEquals(2L, f64("0x1.8p-1074"), "1.5 of the smallest subnormal ties to even, 2");
    }

    @Test
    void valuesRoundingToInfinityAreOutOfRange() {
        for (String bad : new String[]{"0x1p128", "-0x1p128", "0x1.ffffffp127", "1e39", "340282356779733661637539395458142568448"}) {
            assertTrue(failure(() -> f32(bad)).contains("constant out of range"), bad);
        }
        assertEquals(0x7F7FFFFF, f32("0x1.fffffefffffffffp127"), "below the halfway point to 2^128");
        assertEquals(0x7F7FFFFF, f32("340282356779733661637539395458142568447"));
        for (String bad : new String[]{"0x1p1024", "0x1.fffffffffffff8p1023", "1e309", "1e1000000000000"}) {
            assertTrue(failure(() -> f64(bad)).contains("constant out of range"), bad);
        }
        assertEquals(0, f64("1e-1000000000000"));
        assertEquals(0, f64("0e1000000000000"));
    }

    @Test
    void agreesWithTheJdkOnRandomLiterals() {
        // The JDK's parsers are correctly rounded; compare on random decimal and hex literals,
        // including exact halfway points between adjacent floats.
        Random random = new Random(20240601);
        for (int i = 0; i < 20_000; i++) {
            String text = switch (i % 3) {
                case 0 -> randomDigits(random, 1 + random.nextInt(25)) + "." + randomDigits(random, random.nextInt(5)) + "e"
                                + (random.nextInt(700) - 350);
                case 1 -> "0x" + Long.toHexString(random.nextLong()) + ".8p" + (random.nextInt(2300) - 1150);
                default -> {
                    double d = Double.longBitsToDouble(random.nextLong() & 0x7FEFFFFFFFFFFFFFL);
                    yield new BigDecimal(d).add(new BigDecimal(Math.nextUp(d))).divide(BigDecimal.valueOf(2)).toString();
                }
            };
            double jdk64 = Double.parseDouble(text);
            if (Double.isInfinite(jdk64)) {
                assertThrows(WasmException.class, () -> f64(text), text);
            } else {
                assertEquals(Double.doubleToRawLongBits(jdk64), f64(text), text);
            }
            float jdk32 = Float.parseFloat(text);
            if (Float.isInfinite(jdk32)) {
                assertThrows(WasmException.class, () -> f32(text), text);
            } else {
                assertEquals(Float.floatToRawIntBits(jdk32), f32(text), text);
            }
        }
    }

    private static String randomDigits(Random random, int count) {
        StringBuilder sb = new StringBuilder("1");
        for (int i = 0; i < count; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }
}
