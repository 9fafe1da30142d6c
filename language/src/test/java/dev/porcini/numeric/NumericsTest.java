package dev.porcini.numeric;

import static dev.porcini.numeric.Numerics.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.oracle.truffle.api.nodes.Node;

import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;

/** The cases most likely to go wrong, written out; {@link SpecNumericsTest} runs the spec's full lists. */
class NumericsTest {

    private static final int F32_SNAN = 0x7fa0_0001; // signalling, payload 0x200001
    private static final long F64_SNAN = 0x7ff4_0000_0000_0001L;

    private static int bits(float x) {
        return Float.floatToRawIntBits(x);
    }

    private static long bits(double x) {
        return Double.doubleToRawLongBits(x);
    }

    private static float f32(int bits) {
        return Float.intBitsToFloat(bits);
    }

    private static double f64(long bits) {
        return Double.longBitsToDouble(bits);
    }

    private static void assertTrap(String message, Executable operation) {
        WasmException e = assertThrows(WasmException.class, operation);
        assertEquals(ErrorKind.TRAP, e.kind());
        assertEquals(message, e.getMessage());
    }

    // ---- integers

    @Test
    void divisionTraps() {
        assertTrap(INTEGER_DIVIDE_BY_ZERO, () -> i32DivS(1, 0, null));
        assertTrap(INTEGER_DIVIDE_BY_ZERO, () -> i32DivU(1, 0, null));
        assertTrap(INTEGER_DIVIDE_BY_ZERO, () -> i32RemS(Integer.MIN_VALUE, 0, null));
        assertTrap(INTEGER_DIVIDE_BY_ZERO, () -> i32RemU(1, 0, null));
        assertTrap(INTEGER_DIVIDE_BY_ZERO, () -> i64DivS(Long.MIN_VALUE, 0, null));
        assertTrap(INTEGER_DIVIDE_BY_ZERO, () -> i64DivU(1, 0, null));
        assertTrap(INTEGER_DIVIDE_BY_ZERO, () -> i64RemS(1, 0, null));
        assertTrap(INTEGER_DIVIDE_BY_ZERO, () -> i64RemU(1, 0, null));
        assertTrap(INTEGER_OVERFLOW, () -> i32DivS(Integer.MIN_VALUE, -1, null));
        assertTrap(INTEGER_OVERFLOW, () -> i64DivS(Long.MIN_VALUE, -1, null));
    }

    @Test
    void trapCarriesItsLocation() {
        Node node = new Node() {
        };
        WasmException e = assertThrows(WasmException.class, () -> i32DivU(7, 0, node));
        assertSame(node, e.getLocation());
    }

    @Test
    void divisionResults() {
        assertEquals(0, i32RemS(Integer.MIN_VALUE, -1, null));
        assertEquals(0L, i64RemS(Long.MIN_VALUE, -1, null));
        assertEquals(-3, i32DivS(-7, 2, null)); // truncates toward zero
        assertEquals(-1, i32RemS(-7, 2, null)); // sign of the dividend
        assertEquals(0x7FFF_FFFF, i32DivU(-1, 2, null));
        assertEquals(1, i32RemU(-1, 2, null));
        assertEquals(Long.MAX_VALUE, i64DivU(-1L, 2, null));
        assertEquals(-1L, i64RemU(-1L, 0x8000_0000_0000_0000L, null) | 0x8000_0000_0000_0000L);
        assertEquals(Long.MIN_VALUE + 1, i64DivS(Long.MIN_VALUE + 1, 1, null));
    }

    @Test
    void bitCounting() {
        assertEquals(32, i32Clz(0));
        assertEquals(32, i32Ctz(0));
        assertEquals(0, i32Clz(-1));
        assertEquals(31, i32Ctz(Integer.MIN_VALUE));
        assertEquals(32, i32Popcnt(-1));
        assertEquals(64, i64Clz(0));
        assertEquals(64, i64Ctz(0));
        assertEquals(63, i64Clz(1));
        assertEquals(64, i64Popcnt(-1L));
    }

    @Test
    void rotationsUseTheCountModuloTheWidth() {
        assertEquals(0x0000_0001, i32Rotl(0x8000_0000, 1));
        assertEquals(0x8000_0000, i32Rotr(1, 1));
        assertEquals(0x1234_5678, i32Rotl(0x1234_5678, 32));
        assertEquals(0x2468_ACF0, i32Rotl(0x1234_5678, 33));
        assertEquals(0x8000_0000_0000_0000L, i64Rotr(1, 65));
        assertEquals(1L, i64Rotl(0x8000_0000_0000_0000L, -63));
    }

    @Test
    void extensions() {
        assertEquals(-128, i32Extend8S(0x80));
        assertEquals(0x7F, i32Extend8S(0x1234_567F));
        assertEquals(-32768, i32Extend16S(0x8000));
        assertEquals(-1L, i64Extend8S(0xFF));
        assertEquals(-1L, i64Extend16S(0xFFFF));
        assertEquals(-1L, i64Extend32S(0xFFFF_FFFFL));
        assertEquals(0x7FFF_FFFFL, i64Extend32S(0x1_7FFF_FFFFL));
        assertEquals(0xFFFF_FFFFL, i64ExtendI32U(-1));
        assertEquals(-1L, i64ExtendI32S(-1));
        assertEquals(0x8765_4321, i32WrapI64(0x1234_5678_8765_4321L));
    }

    // ---- floats

    @Test
    void minMaxOrderSignedZeros() {
        assertEquals(bits(-0.0f), bits(f32Min(0.0f, -0.0f)));
        assertEquals(bits(-0.0f), bits(f32Min(-0.0f, 0.0f)));
        assertEquals(bits(0.0f), bits(f32Max(-0.0f, 0.0f)));
        assertEquals(bits(-0.0), bits(f64Min(0.0, -0.0)));
        assertEquals(bits(0.0), bits(f64Max(0.0, -0.0)));
        assertEquals(Float.NEGATIVE_INFINITY, f32Min(Float.NEGATIVE_INFINITY, -Float.MAX_VALUE));
    }

    @Test
    void minMaxQuietNaNs() {
        // A signalling NaN operand comes back quiet with its payload; a canonical one stays canonical.
        assertEquals(F32_SNAN | 0x0040_0000, bits(f32Min(f32(F32_SNAN), 1.0f)));
        assertEquals(F32_SNAN | 0x0040_0000, bits(f32Max(1.0f, f32(F32_SNAN))));
        assertEquals(0xffc0_0000, bits(f32Max(f32(0xffc0_0000), f32(F32_SNAN))));
        assertEquals(F64_SNAN | 0x0008_0000_0000_0000L, bits(f64Min(1.0, f64(F64_SNAN))));
        assertEquals(0x7ff8_0000_0000_0000L, bits(f64Max(Double.NaN, 0.0)));
    }

    @Test
    void bitwiseOperationsKeepPayloads() {
        assertEquals(0xffa0_0001, bits(f32Neg(f32(F32_SNAN))));
        assertEquals(F32_SNAN, bits(f32Abs(f32(0xffa0_0001))));
        assertEquals(0xffa0_0001, bits(f32Copysign(f32(F32_SNAN), -0.0f)));
        assertEquals(F32_SNAN, bits(f32Copysign(f32(F32_SNAN), f32(0x7fc0_0000))));
        assertEquals(0x8000_0000, bits(f32Neg(0.0f)));
        assertEquals(F64_SNAN | Long.MIN_VALUE, bits(f64Neg(f64(F64_SNAN))));
        assertEquals(F64_SNAN, bits(f64Abs(f64(F64_SNAN | Long.MIN_VALUE))));
        assertEquals(bits(-2.0), bits(f64Copysign(2.0, f64(0xfff8_0000_0000_0000L))));
    }

    @Test
    void roundingFunctionsKeepSignOfZero() {
        assertEquals(bits(-0.0f), bits(f32Ceil(-0.5f)));
        assertEquals(bits(-0.0f), bits(f32Trunc(-0.9f)));
        assertEquals(bits(-0.0f), bits(f32Nearest(-0.5f)));
        assertEquals(bits(-0.0f), bits(f32Floor(-0.0f)));
        assertEquals(bits(0.0f), bits(f32Nearest(0.5f)));
        assertEquals(bits(-0.0), bits(f64Ceil(-0.25)));
        assertEquals(bits(-0.0), bits(f64Trunc(-0.75)));
        assertEquals(bits(-0.0), bits(f64Nearest(-0.5)));
        assertEquals(-1.0, f64Floor(-0x1p-1074));
        assertEquals(1.0f, f32Ceil(0x1p-149f));
    }

    @Test
    void nearestTiesToEven() {
        assertEquals(2.0f, f32Nearest(1.5f));
        assertEquals(2.0f, f32Nearest(2.5f));
        assertEquals(-4.0f, f32Nearest(-3.5f));
        assertEquals(0x1p22f, f32Nearest(0x1p22f + 0.5f)); // 4194304.5 ties down to even
        assertEquals(0x1p22f + 2, f32Nearest(0x1p22f + 1.5f));
        assertEquals(4503599627370496.0, f64Nearest(4503599627370495.5)); // 2^52 - 0.5 ties up to even
        assertEquals(8388608.0f, f32Nearest(8388607.5f));
        assertEquals(Float.POSITIVE_INFINITY, f32Nearest(Float.POSITIVE_INFINITY));
    }

    @Test
    void truncAndCeilOfLargeValues() {
        assertEquals(0x1.fffffep127f, f32Trunc(0x1.fffffep127f));
        assertEquals(-8388608.0f, f32Floor(-8388607.5f));
        assertEquals(-0x1p52, f64Trunc(-0x1p52));
        assertEquals(4503599627370495.0, f64Trunc(4503599627370495.5));
    }

    @Test
    void unaryNaNsComeBackQuiet() {
        int quietF32 = F32_SNAN | 0x0040_0000;
        assertEquals(quietF32, bits(f32Ceil(f32(F32_SNAN))));
        assertEquals(quietF32, bits(f32Floor(f32(F32_SNAN))));
        assertEquals(quietF32, bits(f32Trunc(f32(F32_SNAN))));
        assertEquals(quietF32, bits(f32Nearest(f32(F32_SNAN))));
        long quietF64 = F64_SNAN | 0x0008_0000_0000_0000L;
        assertEquals(quietF64, bits(f64Ceil(f64(F64_SNAN))));
        assertEquals(quietF64, bits(f64Floor(f64(F64_SNAN))));
        assertEquals(quietF64, bits(f64Trunc(f64(F64_SNAN))));
        assertEquals(quietF64, bits(f64Nearest(f64(F64_SNAN))));
    }

    /** Wasm asks an arithmetic NaN (quiet bit set) of sqrt on a NaN, canonical from a canonical one. */
    @Test
    void sqrtOfNaNIsArithmetic() {
        assertEquals(0x7fc0_0000, bits(f32Sqrt(f32(F32_SNAN))) & 0x7fc0_0000); // all-ones exponent, quiet bit
        assertEquals(0x7fc0_0000, bits(f32Sqrt(Float.NaN)) & 0x7fff_ffff);
        assertEquals(0x7ff8_0000_0000_0000L, bits(f64Sqrt(f64(F64_SNAN))) & 0x7ff8_0000_0000_0000L);
        assertEquals(0x7ff8_0000_0000_0000L, bits(f64Sqrt(Double.NaN)) & 0x7fff_ffff_ffff_ffffL);
    }

    @Test
    void sqrtIsCorrectlyRounded() {
        assertEquals(0x1.6a09e6p+0f, f32Sqrt(2.0f));
        assertEquals(bits(-0.0f), bits(f32Sqrt(-0.0f)));
        assertEquals(0x7fc0_0000, bits(f32Sqrt(-1.0f)) & 0x7fff_ffff); // canonical
        assertEquals(0x1.6a09e667f3bcdp+0, f64Sqrt(2.0));
        assertEquals(0x1.fffffep63f, f32Sqrt(0x1.fffffcp127f));
    }

    // ---- conversions

    @Test
    void demoteAndPromote() {
        assertEquals(0x1p-126f, f32DemoteF64(0x1.fffffe0000000p-127)); // rounds up into the normal range
        assertEquals(0x1.fffffcp-127f, f32DemoteF64(0x1.fffffdfffffffp-127));
        assertEquals(0x1.fffffep127f, f32DemoteF64(0x1.fffffd0000001p+127));
        assertEquals(0x1.fffffep127f, f32DemoteF64(0x1.fffffefffffffp127));
        assertEquals(Float.POSITIVE_INFINITY, f32DemoteF64(0x1.ffffffp127)); // tie rounds to even: overflow
        assertEquals(bits(-0.0f), bits(f32DemoteF64(-0x1p-1074)));
        assertEquals(0x7fc0_0000, bits(f32DemoteF64(Double.NaN)));
        assertEquals(0xffc0_0000, bits(f32DemoteF64(f64(0xfff8_0000_0000_0000L))));
        assertEquals(0x7fe0_0000, bits(f32DemoteF64(f64(0x7ff4_0000_0000_0000L)))); // quieted, payload kept
        assertEquals(0x7fc0_0000, bits(f32DemoteF64(f64(0x7ff0_0000_0000_0001L))) & 0x7fc0_0000);

        assertEquals(0x1p-149, f64PromoteF32(0x1p-149f));
        assertEquals(bits(-0.0), bits(f64PromoteF32(-0.0f)));
        assertEquals(0x7ff8_0000_0000_0000L, bits(f64PromoteF32(Float.NaN)));
        assertEquals(0x7ffc_0000_2000_0000L, bits(f64PromoteF32(f32(F32_SNAN))));
    }

    @Test
    void truncToI32Boundaries() {
        assertEquals(Integer.MIN_VALUE, i32TruncF32S(-0x1p31f, null));
        assertEquals(0x7fff_ff80, i32TruncF32S(0x1.fffffep30f, null));
        assertTrap(INTEGER_OVERFLOW, () -> i32TruncF32S(0x1p31f, null));
        assertTrap(INTEGER_OVERFLOW, () -> i32TruncF32S(-0x1.000002p31f, null));
        assertEquals(Integer.MIN_VALUE, i32TruncF64S(-2147483648.9, null));
        assertEquals(Integer.MAX_VALUE, i32TruncF64S(2147483647.9, null));
        assertTrap(INTEGER_OVERFLOW, () -> i32TruncF64S(-2147483649.0, null));
        assertTrap(INTEGER_OVERFLOW, () -> i32TruncF64S(2147483648.0, null));

        assertEquals(0, i32TruncF32U(-0x1.fffffep-1f, null));
        assertEquals(0xffff_ff00, i32TruncF32U(0x1.fffffep31f, null));
        assertTrap(INTEGER_OVERFLOW, () -> i32TruncF32U(-1.0f, null));
        assertTrap(INTEGER_OVERFLOW, () -> i32TruncF32U(0x1p32f, null));
        assertEquals(0, i32TruncF64U(-0.9999999999999999, null));
        assertEquals(-1, i32TruncF64U(4294967295.9, null));
        assertTrap(INTEGER_OVERFLOW, () -> i32TruncF64U(4294967296.0, null));
        assertTrap(INTEGER_OVERFLOW, () -> i32TruncF64U(-1.0, null));
        assertTrap(INTEGER_OVERFLOW, () -> i32TruncF64U(Double.NEGATIVE_INFINITY, null));
    }

    @Test
    void truncToI64Boundaries() {
        assertEquals(Long.MIN_VALUE, i64TruncF32S(-0x1p63f, null));
        assertTrap(INTEGER_OVERFLOW, () -> i64TruncF32S(0x1p63f, null));
        assertEquals(Long.MIN_VALUE, i64TruncF64S(-0x1p63, null));
        assertEquals(0x7fff_ffff_ffff_fc00L, i64TruncF64S(0x1.fffffffffffffp62, null));
        assertTrap(INTEGER_OVERFLOW, () -> i64TruncF64S(0x1p63, null));
        assertTrap(INTEGER_OVERFLOW, () -> i64TruncF64S(-0x1.0000000000001p63, null));

        assertEquals(0x8000_0000_0000_0000L, i64TruncF64U(0x1p63, null));
        assertEquals(0xffff_ffff_ffff_f800L, i64TruncF64U(0x1.fffffffffffffp63, null));
        assertEquals(0xffff_ff00_0000_0000L, i64TruncF32U(0x1.fffffep63f, null));
        assertEquals(0, i64TruncF64U(-0.5, null));
        assertTrap(INTEGER_OVERFLOW, () -> i64TruncF64U(0x1p64, null));
        assertTrap(INTEGER_OVERFLOW, () -> i64TruncF32U(-1.0f, null));
    }

    @Test
    void truncOfNaNIsAnInvalidConversion() {
        assertTrap(INVALID_CONVERSION, () -> i32TruncF32S(Float.NaN, null));
        assertTrap(INVALID_CONVERSION, () -> i32TruncF32U(f32(0xffa0_0000), null));
        assertTrap(INVALID_CONVERSION, () -> i32TruncF64S(Double.NaN, null));
        assertTrap(INVALID_CONVERSION, () -> i32TruncF64U(f64(F64_SNAN), null));
        assertTrap(INVALID_CONVERSION, () -> i64TruncF32S(Float.NaN, null));
        assertTrap(INVALID_CONVERSION, () -> i64TruncF32U(Float.NaN, null));
        assertTrap(INVALID_CONVERSION, () -> i64TruncF64S(-Double.NaN, null));
        assertTrap(INVALID_CONVERSION, () -> i64TruncF64U(Double.NaN, null));
        assertTrap(INTEGER_OVERFLOW, () -> i64TruncF64U(Double.POSITIVE_INFINITY, null));
    }

    @Test
    void saturatingTruncation() {
        assertEquals(0, i32TruncSatF32S(Float.NaN));
        assertEquals(Integer.MAX_VALUE, i32TruncSatF32S(Float.POSITIVE_INFINITY));
        assertEquals(Integer.MIN_VALUE, i32TruncSatF64S(-1e300));
        assertEquals(0, i32TruncSatF32U(-5.0f));
        assertEquals(0, i32TruncSatF32U(-0.9f));
        assertEquals(-1, i32TruncSatF32U(0x1p32f));
        assertEquals(0xffff_ff00, i32TruncSatF32U(0x1.fffffep31f));
        assertEquals(0, i32TruncSatF64U(Double.NaN));
        assertEquals(-1, i32TruncSatF64U(4294967296.0));
        assertEquals(-1, i32TruncSatF64U(4294967295.5));
        assertEquals(Long.MAX_VALUE, i64TruncSatF64S(0x1p63));
        assertEquals(Long.MIN_VALUE, i64TruncSatF32S(Float.NEGATIVE_INFINITY));
        assertEquals(0, i64TruncSatF64S(Double.NaN));
        assertEquals(0, i64TruncSatF64U(-1e300));
        assertEquals(0, i64TruncSatF32U(Float.NaN));
        assertEquals(-1L, i64TruncSatF64U(0x1p64));
        assertEquals(-1L, i64TruncSatF32U(Float.POSITIVE_INFINITY));
        assertEquals(0x8000_0000_0000_0000L, i64TruncSatF32U(0x1p63f));
    }

    @Test
    void unsignedConversionsRoundOnce() {
        // Going through double, or rounding the high half first, would give 0x1p63 here.
        assertEquals(0x1.000002p63f, f32ConvertI64U(0x8000_0080_0000_0001L));
        assertEquals(0x1.fffffep63f, f32ConvertI64U(0xffff_fe80_0000_0001L));
        assertEquals(0x1p64f, f32ConvertI64U(-1L));
        assertEquals(0x1p63f, f32ConvertI64U(0x8000_0080_0000_0000L)); // exact tie: to even
        assertEquals(0x1.000002p53f, f32ConvertI64U(0x0020_0000_2000_0001L));
        assertEquals(0x1.000002p53f, f32ConvertI64S(0x0020_0000_2000_0001L)); // signed also rounds once
        assertEquals(0x1.0000000000001p63, f64ConvertI64U(0x8000_0000_0000_0401L));
        assertEquals(0x1p63, f64ConvertI64U(0x8000_0000_0000_0400L));
        assertEquals(0x1.fffffffffffffp63, f64ConvertI64U(0xffff_ffff_ffff_f401L));
        assertEquals(0x1p64, f64ConvertI64U(-1L));
        assertEquals(4294967295.0, f64ConvertI32U(-1));
        assertEquals(0x1p32f, f32ConvertI32U(-1));
        assertEquals(0x1.fffffep31f, f32ConvertI32U(0xffff_ff7f));
        assertEquals(16777216.0f, f32ConvertI32S(16777217));
        assertEquals(-2147483648.0, f64ConvertI32S(Integer.MIN_VALUE));
    }

    @Test
    void reinterpretKeepsEveryBit() {
        assertEquals(F32_SNAN, i32ReinterpretF32(f32ReinterpretI32(F32_SNAN)));
        assertEquals(F64_SNAN, i64ReinterpretF64(f64ReinterpretI64(F64_SNAN)));
        assertEquals(0x8000_0000, i32ReinterpretF32(-0.0f));
        assertEquals(1.0, f64ReinterpretI64(0x3ff0_0000_0000_0000L));
    }
}
