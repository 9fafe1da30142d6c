package dev.porcini.nodes;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorOperators;

import dev.porcini.runtime.V128;

/**
 * The SIMD operations that Graal compiles to single vector instructions through
 * {@code jdk.incubator.vector}, for {@link SimdOps} to use in last-tier compiled code when that
 * module is present.
 *
 * <p>A v128 stays two longs in the frame (see {@link Slots}); each operation moves its operands
 * into a vector register and its result back out. That round trip costs about six instructions,
 * so only operations whose scalar form costs more use this class: lane-wise multiplies, shifts,
 * compares, min/max and f32x4 arithmetic, and shuffles (vector forms of lane add/sub and f64x2
 * arithmetic measured slower). docs/simd.md records the measurements.
 * Each method returns null for a sub-opcode it does not handle.
 */
final class VectorSimd {
    private VectorSimd() {
    }

    /**
     * Runs every operation once. Graal folds a Vector API call into a vector instruction only
     * when the vector classes it touches are already initialized; since the interpreter and the
     * first tier run the scalar code, nothing else would initialize them before the last-tier
     * compilation, which would then leave every vector operation as an allocating call.
     */
    static void initializeClasses() {
        V128 x = new V128(0x0123456789ABCDEFL, 0xFEDCBA9876543210L);
        for (int sub = 0; sub < 0x100; sub++) {
            binary(sub, x, x);
        }
        for (int op = 0; op < 3; op++) {
            shift(16, op, x, 1);
            shift(32, op, x, 1);
        }
        shuffle(x, x, 0x0706050403020100L, 0x1716151413121110L);
    }

    private static LongVector longs(V128 x) {
        return LongVector.zero(LongVector.SPECIES_128).withLane(0, x.lo).withLane(1, x.hi);
    }

    private static ByteVector bytes(V128 x) {
        return longs(x).reinterpretAsBytes();
    }

    private static ShortVector shorts(V128 x) {
        return longs(x).reinterpretAsShorts();
    }

    private static IntVector ints(V128 x) {
        return longs(x).reinterpretAsInts();
    }

    private static FloatVector floats(V128 x) {
        return longs(x).reinterpretAsFloats();
    }

    private static V128 of(Vector<?> v) {
        LongVector l = v.reinterpretAsLongs();
        return new V128(l.lane(0), l.lane(1));
    }

    /**
     * The comparison at position {@code i} of eq, ne, lt, gt, le, ge: the order of the float
     * compares. A switch rather than a table: partial evaluation folds it, while an array element
     * is not a constant, and a compare with an unknown operator inlines the whole non-intrinsic
     * Vector API path until compilation bails out.
     */
    private static VectorOperators.Comparison comparison(int i) {
        return switch (i) {
            case 0 -> VectorOperators.EQ;
            case 1 -> VectorOperators.NE;
            case 2 -> VectorOperators.LT;
            case 3 -> VectorOperators.GT;
            case 4 -> VectorOperators.LE;
            default -> VectorOperators.GE;
        };
    }

    /**
     * The integer compare at position {@code k} of a group of ten sub-opcodes (eq, ne, lt_s, lt_u,
     * gt_s, gt_u, le_s, le_u, ge_s, ge_u); null for the unsigned ones.
     */
    private static VectorOperators.Comparison integerComparison(int k) {
        if (k < 2) {
            return comparison(k);
        }
        return k % 2 == 0 ? comparison(k / 2 + 1) : null;
    }

    static V128 binary(int sub, V128 a, V128 b) {
        if (sub >= 0x23 && sub <= 0x40) {
            int k = sub - 0x23;
            VectorOperators.Comparison op = integerComparison(k % 10);
            if (op == null) {
                return null;
            }
            return switch (k / 10) {
                case 0 -> of(bytes(a).compare(op, bytes(b)).toVector());
                case 1 -> of(shorts(a).compare(op, shorts(b)).toVector());
                default -> of(ints(a).compare(op, ints(b)).toVector());
            };
        }
        if (sub >= 0x41 && sub <= 0x46) {
            // As an int mask, so that true lanes become all ones rather than the float -1.0.
            return of(floats(a).compare(comparison(sub - 0x41), floats(b)).cast(IntVector.SPECIES_128).toVector());
        }
        return switch (sub) {
            case 0x76 -> of(bytes(a).min(bytes(b)));
            case 0x78 -> of(bytes(a).max(bytes(b)));
            case 0x95 -> of(shorts(a).mul(shorts(b)));
            case 0x96 -> of(shorts(a).min(shorts(b)));
            case 0x98 -> of(shorts(a).max(shorts(b)));
            case 0xB5 -> of(ints(a).mul(ints(b)));
            case 0xB6 -> of(ints(a).min(ints(b)));
            case 0xB8 -> of(ints(a).max(ints(b)));
            case 0xE4 -> of(floats(a).add(floats(b)));
            case 0xE5 -> of(floats(a).sub(floats(b)));
            case 0xE6 -> of(floats(a).mul(floats(b)));
            case 0xE7 -> of(floats(a).div(floats(b)));
            default -> null;
        };
    }

    /** Shifts of 16- and 32-bit lanes (null for 8 and 64); {@code count} is already reduced modulo the lane width. */
    static V128 shift(int bits, int op, V128 a, int count) {
        VectorOperators.Binary kind = switch (op) {
            case 0 -> VectorOperators.LSHL;
            case 1 -> VectorOperators.ASHR;
            default -> VectorOperators.LSHR;
        };
        return switch (bits) {
            case 16 -> of(shorts(a).lanewise(kind, count));
            case 32 -> of(ints(a).lanewise(kind, count));
            default -> null;
        };
    }

    /**
     * {@code i8x16.shuffle}: the indices (0..31, constants from the instruction) select bytes of a
     * (0..15) or b (16..31). The Vector API takes a negative index as one into its second vector.
     */
    static V128 shuffle(V128 a, V128 b, long sLo, long sHi) {
        ByteVector indices = longs(new V128(secondToNegative(sLo), secondToNegative(sHi))).reinterpretAsBytes();
        return of(bytes(a).rearrange(indices.toShuffle(), bytes(b)));
    }

    /** Maps each index byte of 16..31 to -16..-1. */
    private static long secondToNegative(long indices) {
        long r = 0;
        for (int i = 0; i < 8; i++) {
            long x = (indices >>> (8 * i)) & 0xFF;
            r |= ((x >= 16 ? x - 32 : x) & 0xFF) << (8 * i);
        }
        return r;
    }
}
