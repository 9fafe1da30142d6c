package dev.porcini.numeric;

import com.oracle.truffle.api.nodes.Node;

import dev.porcini.error.WasmException;

/**
 * WebAssembly 2.0 numeric instructions whose semantics differ from a plain Java operator. All are
 * static, allocation-free and small enough for Graal to inline.
 *
 * <p><b>NaNs.</b> Where the spec lets an instruction return "some" NaN, these return the first NaN
 * operand with its quiet bit set: canonical stays canonical, any other NaN becomes an arithmetic
 * NaN with its payload kept. That is decided here, not left to the JVM, whose conversions and
 * library calls do not promise to quiet a signalling NaN. {@code abs}, {@code neg},
 * {@code copysign} and the reinterprets work on raw bits and keep every payload exactly.
 *
 * <p><b>Plain Java is already right for:</b> integer {@code add sub mul and or xor}, shifts
 * ({@code <<}, {@code >>}, {@code >>>} mask the count as the spec does), comparisons (unsigned via
 * {@code Integer.compareUnsigned}), and float {@code add sub mul div} and comparisons: the result
 * is correctly rounded and a NaN result is canonical or arithmetic as required.
 *
 * <p><b>Traps.</b> Methods that can trap take the {@link Node} to report as the location (null is
 * allowed) and throw {@link WasmException} of kind TRAP with the spec's message. The trap path
 * deoptimizes; the fast path has no allocation.
 */
public final class Numerics {

    public static final String INTEGER_DIVIDE_BY_ZERO = "integer divide by zero";
    public static final String INTEGER_OVERFLOW = "integer overflow";
    public static final String INVALID_CONVERSION = "invalid conversion to integer";

    private static final int F32_SIGN = 0x8000_0000;
    private static final int F32_QUIET = 0x0040_0000;
    private static final long F64_SIGN = 0x8000_0000_0000_0000L;
    private static final long F64_QUIET = 0x0008_0000_0000_0000L;

    private Numerics() {
    }

    // ---------------------------------------------------------------- integers

    public static int i32Clz(int x) {
        return Integer.numberOfLeadingZeros(x);
    }

    public static int i32Ctz(int x) {
        return Integer.numberOfTrailingZeros(x);
    }

    public static int i32Popcnt(int x) {
        return Integer.bitCount(x);
    }

    /** Rotates left by {@code count} mod 32. */
    public static int i32Rotl(int x, int count) {
        return Integer.rotateLeft(x, count);
    }

    public static int i32Rotr(int x, int count) {
        return Integer.rotateRight(x, count);
    }

    public static long i64Clz(long x) {
        return Long.numberOfLeadingZeros(x);
    }

    public static long i64Ctz(long x) {
        return Long.numberOfTrailingZeros(x);
    }

    public static long i64Popcnt(long x) {
        return Long.bitCount(x);
    }

    /** Rotates left by {@code count} mod 64. */
    public static long i64Rotl(long x, long count) {
        return Long.rotateLeft(x, (int) count);
    }

    public static long i64Rotr(long x, long count) {
        return Long.rotateRight(x, (int) count);
    }

    /** Traps on a zero divisor and on {@code MIN_VALUE / -1}, whose result does not fit. */
    public static int i32DivS(int x, int y, Node location) {
        if (y == 0) {
            throw trap(INTEGER_DIVIDE_BY_ZERO, location);
        }
        if (x == Integer.MIN_VALUE && y == -1) {
            throw trap(INTEGER_OVERFLOW, location);
        }
        return x / y;
    }

    public static int i32DivU(int x, int y, Node location) {
        if (y == 0) {
            throw trap(INTEGER_DIVIDE_BY_ZERO, location);
        }
        return Integer.divideUnsigned(x, y);
    }

    /** Traps on a zero divisor; {@code MIN_VALUE rem -1} is 0 (Java's {@code %} agrees). */
    public static int i32RemS(int x, int y, Node location) {
        if (y == 0) {
            throw trap(INTEGER_DIVIDE_BY_ZERO, location);
        }
        return x % y;
    }

    public static int i32RemU(int x, int y, Node location) {
        if (y == 0) {
            throw trap(INTEGER_DIVIDE_BY_ZERO, location);
        }
        return Integer.remainderUnsigned(x, y);
    }

    public static long i64DivS(long x, long y, Node location) {
        if (y == 0) {
            throw trap(INTEGER_DIVIDE_BY_ZERO, location);
        }
        if (x == Long.MIN_VALUE && y == -1) {
            throw trap(INTEGER_OVERFLOW, location);
        }
        return x / y;
    }

    public static long i64DivU(long x, long y, Node location) {
        if (y == 0) {
            throw trap(INTEGER_DIVIDE_BY_ZERO, location);
        }
        return Long.divideUnsigned(x, y);
    }

    public static long i64RemS(long x, long y, Node location) {
        if (y == 0) {
            throw trap(INTEGER_DIVIDE_BY_ZERO, location);
        }
        return x % y;
    }

    public static long i64RemU(long x, long y, Node location) {
        if (y == 0) {
            throw trap(INTEGER_DIVIDE_BY_ZERO, location);
        }
        return Long.remainderUnsigned(x, y);
    }

    public static int i32Extend8S(int x) {
        return (byte) x;
    }

    public static int i32Extend16S(int x) {
        return (short) x;
    }

    public static long i64Extend8S(long x) {
        return (byte) x;
    }

    public static long i64Extend16S(long x) {
        return (short) x;
    }

    public static long i64Extend32S(long x) {
        return (int) x;
    }

    public static long i64ExtendI32S(int x) {
        return x;
    }

    public static long i64ExtendI32U(int x) {
        return Integer.toUnsignedLong(x);
    }

    public static int i32WrapI64(long x) {
        return (int) x;
    }

    // ---------------------------------------------------------------- f32

    /** Bitwise: clears the sign and nothing else, so NaN payloads survive. */
    public static float f32Abs(float x) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(x) & ~F32_SIGN);
    }

    public static float f32Neg(float x) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(x) ^ F32_SIGN);
    }

    /** The magnitude of {@code x} with the sign of {@code y}, bitwise. */
    public static float f32Copysign(float x, float y) {
        int magnitude = Float.floatToRawIntBits(x) & ~F32_SIGN;
        return Float.intBitsToFloat(magnitude | (Float.floatToRawIntBits(y) & F32_SIGN));
    }

    /** The smaller operand; -0.0 is below +0.0; a NaN operand gives a quiet NaN. */
    public static float f32Min(float x, float y) {
        if (x != x) {
            return f32Quiet(x);
        }
        if (y != y) {
            return f32Quiet(y);
        }
        return Math.min(x, y);
    }

    public static float f32Max(float x, float y) {
        if (x != x) {
            return f32Quiet(x);
        }
        if (y != y) {
            return f32Quiet(y);
        }
        return Math.max(x, y);
    }

    // The rounding functions go through double: every float is exactly a double, and the
    // integral result of rounding a float always fits back into a float exactly.

    public static float f32Ceil(float x) {
        return x != x ? f32Quiet(x) : (float) Math.ceil(x);
    }

    public static float f32Floor(float x) {
        return x != x ? f32Quiet(x) : (float) Math.floor(x);
    }

    public static float f32Trunc(float x) {
        return x != x ? f32Quiet(x) : (float) f64TruncFinite(x);
    }

    /** Rounds to the nearest integer, ties to even; keeps the sign of a zero result. */
    public static float f32Nearest(float x) {
        return x != x ? f32Quiet(x) : (float) Math.rint(x);
    }

    /**
     * Correctly rounded: a double square root has more than 2 * 24 + 2 bits, so rounding it again is
     * exact. No NaN test, unlike ceil or floor (which return a NaN argument as it is): an arithmetic
     * operation on a NaN gives a quiet NaN, canonical from a canonical one, as Wasm asks; the test
     * cost every square root a compare and a branch (in nbody's inner loop, for f64).
     */
    public static float f32Sqrt(float x) {
        return (float) Math.sqrt(x);
    }

    // ---------------------------------------------------------------- f64

    public static double f64Abs(double x) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & ~F64_SIGN);
    }

    public static double f64Neg(double x) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ F64_SIGN);
    }

    public static double f64Copysign(double x, double y) {
        long magnitude = Double.doubleToRawLongBits(x) & ~F64_SIGN;
        return Double.longBitsToDouble(magnitude | (Double.doubleToRawLongBits(y) & F64_SIGN));
    }

    public static double f64Min(double x, double y) {
        if (x != x) {
            return f64Quiet(x);
        }
        if (y != y) {
            return f64Quiet(y);
        }
        return Math.min(x, y);
    }

    public static double f64Max(double x, double y) {
        if (x != x) {
            return f64Quiet(x);
        }
        if (y != y) {
            return f64Quiet(y);
        }
        return Math.max(x, y);
    }

    public static double f64Ceil(double x) {
        return x != x ? f64Quiet(x) : Math.ceil(x);
    }

    public static double f64Floor(double x) {
        return x != x ? f64Quiet(x) : Math.floor(x);
    }

    public static double f64Trunc(double x) {
        return x != x ? f64Quiet(x) : f64TruncFinite(x);
    }

    public static double f64Nearest(double x) {
        return x != x ? f64Quiet(x) : Math.rint(x);
    }

    /** No NaN test, as {@link #f32Sqrt}. */
    public static double f64Sqrt(double x) {
        return Math.sqrt(x);
    }

    /** Rounds toward zero; -0.5 gives -0.0 through {@code ceil}. */
    private static double f64TruncFinite(double x) {
        return x < 0 ? Math.ceil(x) : Math.floor(x);
    }

    // ---------------------------------------------------------------- float <-> float

    /** Rounds to nearest even; a NaN keeps its sign and the top 22 payload bits, and is quiet. */
    public static float f32DemoteF64(double x) {
        if (x != x) {
            long bits = Double.doubleToRawLongBits(x);
            int sign = (int) (bits >>> 32) & F32_SIGN;
            int payload = (int) (bits >>> 29) & (F32_QUIET - 1);
            return Float.intBitsToFloat(sign | 0x7f80_0000 | F32_QUIET | payload);
        }
        return (float) x;
    }

    /** Exact; a NaN keeps its sign and payload, and is quiet. */
    public static double f64PromoteF32(float x) {
        if (x != x) {
            int bits = Float.floatToRawIntBits(x);
            long sign = (long) (bits & F32_SIGN) << 32;
            long payload = (long) (bits & (F32_QUIET - 1)) << 29;
            return Double.longBitsToDouble(sign | 0x7ff0_0000_0000_0000L | F64_QUIET | payload);
        }
        return x;
    }

    // ---------------------------------------------------------------- float -> int, trapping
    // Each range test is written so that NaN fails it; the slow path then picks the message.

    /** Valid for -2^31 <= x < 2^31 (the float just below -2^31 is already out of range). */
    public static int i32TruncF32S(float x, Node location) {
        if (x >= -0x1p31f && x < 0x1p31f) {
            return (int) x;
        }
        throw conversionTrap(x != x, location);
    }

    /** Valid for -1 < x < 2^32: everything that truncates to 0 .. 2^32-1. */
    public static int i32TruncF32U(float x, Node location) {
        if (x > -1.0f && x < 0x1p32f) {
            return (int) (long) x;
        }
        throw conversionTrap(x != x, location);
    }

    /** Valid for -2^31-1 < x < 2^31. */
    public static int i32TruncF64S(double x, Node location) {
        if (x > -0x1.00000002p31 && x < 0x1p31) {
            return (int) x;
        }
        throw conversionTrap(x != x, location);
    }

    public static int i32TruncF64U(double x, Node location) {
        if (x > -1.0 && x < 0x1p32) {
            return (int) (long) x;
        }
        throw conversionTrap(x != x, location);
    }

    /** Valid for -2^63 <= x < 2^63. */
    public static long i64TruncF32S(float x, Node location) {
        if (x >= -0x1p63f && x < 0x1p63f) {
            return (long) x;
        }
        throw conversionTrap(x != x, location);
    }

    /** Valid for -1 < x < 2^64. */
    public static long i64TruncF32U(float x, Node location) {
        if (x > -1.0f && x < 0x1p64f) {
            return truncToU64(x);
        }
        throw conversionTrap(x != x, location);
    }

    public static long i64TruncF64S(double x, Node location) {
        if (x >= -0x1p63 && x < 0x1p63) {
            return (long) x;
        }
        throw conversionTrap(x != x, location);
    }

    public static long i64TruncF64U(double x, Node location) {
        if (x > -1.0 && x < 0x1p64) {
            return truncToU64(x);
        }
        throw conversionTrap(x != x, location);
    }

    // ---------------------------------------------------------------- float -> int, saturating

    /** Java's narrowing already saturates and maps NaN to 0. */
    public static int i32TruncSatF32S(float x) {
        return (int) x;
    }

    public static int i32TruncSatF32U(float x) {
        if (!(x > -1.0f)) {
            return 0; // NaN or <= -1
        }
        return x < 0x1p32f ? (int) (long) x : -1;
    }

    public static int i32TruncSatF64S(double x) {
        return (int) x;
    }

    public static int i32TruncSatF64U(double x) {
        if (!(x > -1.0)) {
            return 0;
        }
        return x < 0x1p32 ? (int) (long) x : -1;
    }

    public static long i64TruncSatF32S(float x) {
        return (long) x;
    }

    public static long i64TruncSatF32U(float x) {
        if (!(x > -1.0f)) {
            return 0;
        }
        return x < 0x1p64f ? truncToU64(x) : -1L;
    }

    public static long i64TruncSatF64S(double x) {
        return (long) x;
    }

    public static long i64TruncSatF64U(double x) {
        if (!(x > -1.0)) {
            return 0;
        }
        return x < 0x1p64 ? truncToU64(x) : -1L;
    }

    /**
     * Truncates {@code -1 < x < 2^64} to an unsigned 64-bit value. Above 2^63 we subtract 2^63
     * first (exact: both lie within a factor of two) and put the top bit back.
     */
    private static long truncToU64(double x) {
        if (x < 0x1p63) {
            return (long) x;
        }
        return (long) (x - 0x1p63) | Long.MIN_VALUE;
    }

    // ---------------------------------------------------------------- int -> float

    public static float f32ConvertI32S(int x) {
        return x;
    }

    /** Correctly rounded: a long converts to float in one rounding. */
    public static float f32ConvertI32U(int x) {
        return Integer.toUnsignedLong(x);
    }

    /** Converts in one rounding; going through double first would round twice. */
    public static float f32ConvertI64S(long x) {
        return x;
    }

    /**
     * Unsigned 64-bit to float, rounded once. For values of 2^63 and above we halve first, keeping
     * the dropped bit as a sticky bit so that the single rounding still sees whether it was a tie.
     */
    public static float f32ConvertI64U(long x) {
        if (x >= 0) {
            return x;
        }
        return (float) ((x >>> 1) | (x & 1)) * 2.0f;
    }

    public static double f64ConvertI32S(int x) {
        return x;
    }

    public static double f64ConvertI32U(int x) {
        return Integer.toUnsignedLong(x);
    }

    public static double f64ConvertI64S(long x) {
        return x;
    }

    /** As {@link #f32ConvertI64U}: halve with a sticky bit, round once, double exactly. */
    public static double f64ConvertI64U(long x) {
        if (x >= 0) {
            return x;
        }
        return (double) ((x >>> 1) | (x & 1)) * 2.0;
    }

    // ---------------------------------------------------------------- reinterpret

    public static int i32ReinterpretF32(float x) {
        return Float.floatToRawIntBits(x);
    }

    public static long i64ReinterpretF64(double x) {
        return Double.doubleToRawLongBits(x);
    }

    public static float f32ReinterpretI32(int x) {
        return Float.intBitsToFloat(x);
    }

    public static double f64ReinterpretI64(long x) {
        return Double.longBitsToDouble(x);
    }

    // ---------------------------------------------------------------- NaN helpers

    /** Sets the quiet bit of a NaN, keeping sign and payload. */
    public static float f32Quiet(float nan) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(nan) | F32_QUIET);
    }

    public static double f64Quiet(double nan) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(nan) | F64_QUIET);
    }

    // ---------------------------------------------------------------- traps

    // No deoptimization here: a program trapping again and again would deoptimize every time, and the
    // JVM stops compiling a method that does so too often. The caller's trap profile deoptimizes once.
    private static WasmException trap(String message, Node location) {
        return WasmException.trap(message, location);
    }

    private static WasmException conversionTrap(boolean nan, Node location) {
        return WasmException.trap(nan ? INVALID_CONVERSION : INTEGER_OVERFLOW, location);
    }
}
