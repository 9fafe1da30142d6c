package dev.porcini.nodes;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorOperators;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.nodes.ExplodeLoop;

import dev.porcini.bytecode.Bytecode;
import dev.porcini.runtime.V128;

/**
 * The SIMD operations that Graal compiles to single vector instructions through
 * {@code jdk.incubator.vector}, for {@link SimdOps} to use in last-tier compiled code when that
 * module is present.
 *
 * <p>A v128 stays two longs in the frame (see {@link Slots}); an operand that does not come from
 * the vector register of an earlier instruction (see {@link SimdOps#vectorRegisters}) is moved
 * into one, and every result is also moved back out. That round trip costs about six
 * instructions, so operations whose scalar form is as cheap (lane add/sub, bitwise, f64x2
 * arithmetic) are vectors only when an operand is already in a register ({@link #chainedBinary}).
 * docs/simd.md records the measurements. {@link #binary}, {@link #chainedBinary},
 * {@link #unary} and {@link #shift} return null for what they do not handle.
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
        LongVector x = vector(new V128(0x0123456789ABCDEFL, 0xFEDCBA9876543210L));
        for (int sub = 0; sub < 0x100; sub++) {
            binary(sub, x, x);
            chainedBinary(sub, x, x);
            splat(sub, 0x12345678L);
        }
        for (int bits = 8; bits <= 64; bits *= 2) {
            laneBits(withLane(x, bits, 1, 5), bits, 1);
        }
        doubleLane(x, 1);
        floatLane(x, 3);
        for (int sub = 0x80; sub < 0xB0; sub++) {
            unary(sub, x);
        }
        for (int op = 0; op < 3; op++) {
            shift(16, op, x, 1);
            shift(32, op, x, 1);
        }
        toV128(shuffle(x, x, 0x0706050403020100L, 0x1716151413121110L));
        for (long[] widening : WIDENINGS) {
            toV128(shuffle(x, x, widening[0], widening[1]));
        }
        toV128(bitselect(x, x, x));
        try (Arena arena = Arena.ofConfined()) {
            long address = arena.allocate(16).address();
            store(address, x);
            toV128(load(address));
        }
    }

    /**
     * The whole address space as one segment, so that a native address is an offset in it. Vector
     * loads and stores only use addresses that {@code LinearMemory.checkedAddress} checked.
     */
    private static final MemorySegment NATIVE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** A 16-byte load straight into a vector register, from a checked native address. */
    static LongVector load(long address) {
        return LongVector.fromMemorySegment(LongVector.SPECIES_128, NATIVE, address, ByteOrder.LITTLE_ENDIAN);
    }

    /** A 16-byte store straight from a vector register, to a checked native address. */
    static void store(long address, Object vector) {
        CompilerDirectives.castExact(vector, LONG_128).intoMemorySegment(NATIVE, address, ByteOrder.LITTLE_ENDIAN);
    }

    /** The vector of a v128's two halves (two inserts into a vector register). */
    static LongVector vector(V128 x) {
        return LongVector.zero(LongVector.SPECIES_128).withLane(0, x.lo).withLane(1, x.hi);
    }

    /**
     * The class of every vector this class returns. Partial evaluation cannot see the type of a
     * vector read back from a register array, and the Vector API's calls only inline on an
     * exact type, so readers cast to it with {@link CompilerDirectives#castExact}.
     */
    private static final Class<? extends LongVector> LONG_128 = LongVector.zero(LongVector.SPECIES_128).getClass();

    /** The halves of a vector (two extracts from a vector register). */
    static V128 toV128(Object vector) {
        LongVector v = CompilerDirectives.castExact(vector, LONG_128);
        return new V128(v.lane(0), v.lane(1));
    }

    /** An operand: the vector an earlier instruction left in its register, else the frame's halves. */
    static LongVector operand(Object register, V128 halves) {
        return register != null ? CompilerDirectives.castExact(register, LONG_128) : vector(halves);
    }

    private static ByteVector bytes(LongVector x) {
        return x.reinterpretAsBytes();
    }

    private static ShortVector shorts(LongVector x) {
        return x.reinterpretAsShorts();
    }

    private static IntVector ints(LongVector x) {
        return x.reinterpretAsInts();
    }

    private static FloatVector floats(LongVector x) {
        return x.reinterpretAsFloats();
    }

    private static DoubleVector doubles(LongVector x) {
        return x.reinterpretAsDoubles();
    }

    private static LongVector longs(Vector<?> v) {
        return v.reinterpretAsLongs();
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

    static LongVector binary(int sub, LongVector a, LongVector b) {
        if (sub >= 0x23 && sub <= 0x40) {
            int k = sub - 0x23;
            VectorOperators.Comparison op = integerComparison(k % 10);
            if (op == null) {
                return null;
            }
            return switch (k / 10) {
                case 0 -> longs(bytes(a).compare(op, bytes(b)).toVector());
                case 1 -> longs(shorts(a).compare(op, shorts(b)).toVector());
                default -> longs(ints(a).compare(op, ints(b)).toVector());
            };
        }
        if (sub >= 0x41 && sub <= 0x46) {
            // As an int mask, so that true lanes become all ones rather than the float -1.0.
            return longs(floats(a).compare(comparison(sub - 0x41), floats(b)).cast(IntVector.SPECIES_128).toVector());
        }
        return switch (sub) {
            case 0x65 -> narrow(shorts(a).max((short) -128).min((short) 127), shorts(b).max((short) -128).min((short) 127), 16);
            case 0x66 -> narrow(shorts(a).max((short) 0).min((short) 255), shorts(b).max((short) 0).min((short) 255), 16);
            case 0x85 -> narrow(ints(a).max(-32768).min(32767), ints(b).max(-32768).min(32767), 32);
            case 0x86 -> narrow(ints(a).max(0).min(65535), ints(b).max(0).min(65535), 32);
            case 0x76 -> longs(bytes(a).min(bytes(b)));
            case 0x78 -> longs(bytes(a).max(bytes(b)));
            case 0x95 -> longs(shorts(a).mul(shorts(b)));
            case 0x96 -> longs(shorts(a).min(shorts(b)));
            case 0x98 -> longs(shorts(a).max(shorts(b)));
            case 0xB5 -> longs(ints(a).mul(ints(b)));
            case 0xB6 -> longs(ints(a).min(ints(b)));
            case 0xB8 -> longs(ints(a).max(ints(b)));
            case 0xE4 -> longs(floats(a).add(floats(b)));
            case 0xE5 -> longs(floats(a).sub(floats(b)));
            case 0xE6 -> longs(floats(a).mul(floats(b)));
            case 0xE7 -> longs(floats(a).div(floats(b)));
            default -> null;
        };
    }

    /**
     * The vector form of a binary operation, or null where the scalar form is better: the
     * {@link #chainedBinary} ones count only when {@code operandInRegister}.
     */
    static LongVector binary(int sub, LongVector a, LongVector b, boolean operandInRegister) {
        LongVector r = binary(sub, a, b);
        return r == null && operandInRegister ? chainedBinary(sub, a, b) : r;
    }

    /**
     * Lane-wise operations whose scalar form costs about as much as moving the operands into a
     * vector register: SWAR add and sub, bitwise operations, and f64x2 arithmetic (two scalar
     * instructions). SimdOps uses them only when an operand is already in a register: clang mixes
     * f64x2 code with scalar f64 code ({@code nbody}), and a vector result that travels to scalar
     * code through a general register lengthened its critical path more than the vector saved.
     */
    static LongVector chainedBinary(int sub, LongVector a, LongVector b) {
        return switch (sub) {
            case 0x4E -> a.and(b);
            case 0x4F -> a.and(b.not());
            case 0x50 -> a.or(b);
            case 0x51 -> a.lanewise(VectorOperators.XOR, b);
            case 0x6E -> longs(bytes(a).add(bytes(b)));
            case 0x71 -> longs(bytes(a).sub(bytes(b)));
            case 0x8E -> longs(shorts(a).add(shorts(b)));
            case 0x91 -> longs(shorts(a).sub(shorts(b)));
            case 0xAE -> longs(ints(a).add(ints(b)));
            case 0xB1 -> longs(ints(a).sub(ints(b)));
            case 0xCE -> a.add(b);
            case 0xD1 -> a.sub(b);
            case 0xF0 -> longs(doubles(a).add(doubles(b)));
            case 0xF1 -> longs(doubles(a).sub(doubles(b)));
            case 0xF2 -> longs(doubles(a).mul(doubles(b)));
            case 0xF3 -> longs(doubles(a).div(doubles(b)));
            default -> null;
        };
    }

    /**
     * The vector form of a one-operand operation, or null where the scalar form is better: the
     * extends of 8- and 16-bit lanes, as a byte shuffle that spreads the lanes (with zero bytes
     * between them) and, when signed, an arithmetic shift that copies each sign bit down.
     */
    static LongVector unary(int sub, LongVector a) {
        return switch (sub) {
            case 0x87, 0x88 -> longs(shorts(spread(a, 8, sub == 0x88, true)).lanewise(VectorOperators.ASHR, 8));
            case 0x89, 0x8A -> spread(a, 8, sub == 0x8A, false);
            case 0xA7, 0xA8 -> longs(ints(spread(a, 16, sub == 0xA8, true)).lanewise(VectorOperators.ASHR, 16));
            case 0xA9, 0xAA -> spread(a, 16, sub == 0xAA, false);
            default -> null;
        };
    }

    /**
     * The low (or high) half of a's {@code bits}-bit lanes, each placed in a lane twice as wide:
     * in its low bytes (zeros above), or with {@code top} in its high bytes (zeros below).
     */
    private static LongVector spread(LongVector a, int bits, boolean high, boolean top) {
        int k = (bits == 8 ? 0 : 4) + (high ? 2 : 0) + (top ? 1 : 0);
        return shuffle(a, LongVector.zero(LongVector.SPECIES_128), SPREAD[k][0], SPREAD[k][1]);
    }

    /**
     * Shuffle indices for {@link #spread}, by {@code 4 * (bits == 16) + 2 * high + top}; index 16
     * picks a zero byte. A table the compiled code reads as constants.
     */
    @CompilationFinal(dimensions = 2) private static final long[][] SPREAD = new long[8][];

    static {
        for (int k = 0; k < 8; k++) {
            int laneBytes = (k & 4) == 0 ? 1 : 2;
            int first = (k & 2) == 0 ? 0 : 8 / laneBytes;
            boolean top = (k & 1) != 0;
            long[] indices = new long[2];
            for (int i = 0; i < 16; i++) {
                int lane = i / (2 * laneBytes);
                int inLane = i % (2 * laneBytes);
                int fromByte = top ? inLane - laneBytes : inLane;
                long index = fromByte >= 0 && fromByte < laneBytes ? (first + lane) * laneBytes + fromByte : 16;
                indices[i / 8] |= index << (8 * (i % 8));
            }
            SPREAD[k] = indices;
        }
    }

    /**
     * The low half of each {@code bits}-bit lane of a, then of b: narrowing lanes whose values
     * already fit (the callers clamp them).
     */
    private static LongVector narrow(Vector<?> a, Vector<?> b, int bits) {
        return bits == 16
                        ? shuffle(longs(a), longs(b), 0x0E0C0A0806040200L, 0x1E1C1A1816141210L)
                        : shuffle(longs(a), longs(b), 0x0D0C090805040100L, 0x1D1C191815141110L);
    }

    /** {@code v128.bitselect} and the relaxed lane selects: bits of a where c is set, else of b. */
    static LongVector bitselect(LongVector a, LongVector b, LongVector c) {
        return a.and(c).or(b.and(c.not()));
    }

    /** The splats; {@code value} holds the bits of one lane (a float's as an int, a double's as a long). */
    static LongVector splat(int sub, long value) {
        return switch (sub) {
            case 0x0F -> longs(ByteVector.broadcast(ByteVector.SPECIES_128, (byte) value));
            case 0x10 -> longs(ShortVector.broadcast(ShortVector.SPECIES_128, (short) value));
            case 0x11 -> longs(IntVector.broadcast(IntVector.SPECIES_128, (int) value));
            // Float lanes broadcast from a float register (vbroadcastss, vmovddup); through a general
            // register each took two more moves. Raw bits: NaN payloads stay.
            case 0x13 -> longs(FloatVector.broadcast(FloatVector.SPECIES_128, Float.intBitsToFloat((int) value)));
            default -> longs(DoubleVector.broadcast(DoubleVector.SPECIES_128, Double.longBitsToDouble(value)));
        };
    }

    /** Lane {@code lane} of {@code bits} bits, zero-extended. */
    static long laneBits(Object vector, int bits, int lane) {
        LongVector v = CompilerDirectives.castExact(vector, LONG_128);
        return switch (bits) {
            case 8 -> bytes(v).lane(lane) & 0xFFL;
            case 16 -> shorts(v).lane(lane) & 0xFFFFL;
            case 32 -> ints(v).lane(lane) & 0xFFFF_FFFFL;
            default -> v.lane(lane);
        };
    }

    /** Lane {@code lane} of an f64x2, bit for bit (a NaN keeps its payload). */
    static double doubleLane(Object vector, int lane) {
        return doubles(CompilerDirectives.castExact(vector, LONG_128)).lane(lane);
    }

    /** Lane {@code lane} of an f32x4, bit for bit (a NaN keeps its payload). */
    static float floatLane(Object vector, int lane) {
        return floats(CompilerDirectives.castExact(vector, LONG_128)).lane(lane);
    }

    /** The vector with lane {@code lane} of {@code bits} bits replaced by the low bits of {@code value}. */
    static LongVector withLane(Object vector, int bits, int lane, long value) {
        LongVector v = CompilerDirectives.castExact(vector, LONG_128);
        return switch (bits) {
            case 8 -> longs(bytes(v).withLane(lane, (byte) value));
            case 16 -> longs(shorts(v).withLane(lane, (short) value));
            case 32 -> longs(ints(v).withLane(lane, (int) value));
            default -> v.withLane(lane, value);
        };
    }

    /** Shifts of 16- and 32-bit lanes (null for 8 and 64); {@code count} is already reduced modulo the lane width. */
    static LongVector shift(int bits, int op, LongVector a, int count) {
        VectorOperators.Binary kind = switch (op) {
            case 0 -> VectorOperators.LSHL;
            case 1 -> VectorOperators.ASHR;
            default -> VectorOperators.LSHR;
        };
        return switch (bits) {
            case 16 -> longs(shorts(a).lanewise(kind, count));
            case 32 -> longs(ints(a).lanewise(kind, count));
            default -> null;
        };
    }

    /**
     * {@code i8x16.shuffle}: the indices (0..31, constants from the instruction) select bytes of a
     * (0..15) or b (16..31); {@link Bytecode#ZERO_LANE} selects a zero byte. The lowering writes
     * that index only for the lanes of an operand it knows is all zeros. When that leaves a
     * zero-extension of the other operand's low lanes (clang widens gathered bytes to i32 lanes so),
     * it is one {@code vpmovzx}, where a general two-operand shuffle takes a byte permute and a
     * blend, with three constant vectors to hold in registers.
     */
    static LongVector shuffle(LongVector a, LongVector b, long sLo, long sHi) {
        LongVector widened = zeroExtension(a, b, sLo, sHi);
        if (widened != null) {
            return widened;
        }
        // The zero bytes come from the operand known to be zero: b when a lane comes from a, a when one comes from b.
        boolean fromFirst = takesFrom(sLo, 0) || takesFrom(sHi, 0);
        if (!fromFirst && !takesFrom(sLo, 16) && !takesFrom(sHi, 16)) {
            return LongVector.zero(LongVector.SPECIES_128);
        }
        long zero = fromFirst ? 16 : 0;
        ByteVector indices = vector(new V128(vectorApiIndices(sLo, zero), vectorApiIndices(sHi, zero))).reinterpretAsBytes();
        return longs(bytes(a).rearrange(indices.toShuffle(), bytes(b)));
    }

    /**
     * The indices that zero-extend the low lanes of a (even entries) or b (odd entries): bytes to
     * 16-bit lanes, bytes to 32-bit lanes, 16-bit to 32-bit lanes. A table the compiled code reads
     * as constants.
     */
    @CompilationFinal(dimensions = 2) private static final long[][] WIDENINGS = {
                    widening(1, 2, 0), widening(1, 2, 16), widening(1, 4, 0), widening(1, 4, 16), widening(2, 4, 0), widening(2, 4, 16)};

    private static long[] widening(int from, int to, int first) {
        long[] indices = new long[2];
        for (int i = 0; i < 16; i++) {
            int inLane = i % to;
            long index = inLane < from ? first + i / to * from + inLane : Bytecode.ZERO_LANE;
            indices[i / 8] |= index << (8 * (i % 8));
        }
        return indices;
    }

    /** The zero-extension these shuffle indices make, or null. */
    @ExplodeLoop
    static LongVector zeroExtension(LongVector a, LongVector b, long sLo, long sHi) {
        for (int k = 0; k < WIDENINGS.length; k++) {
            if (sLo == WIDENINGS[k][0] && sHi == WIDENINGS[k][1]) {
                LongVector source = k % 2 == 0 ? a : b;
                return switch (k / 2) {
                    case 0 -> longs(bytes(source).convertShape(VectorOperators.ZERO_EXTEND_B2S, ShortVector.SPECIES_128, 0));
                    case 1 -> longs(bytes(source).convertShape(VectorOperators.ZERO_EXTEND_B2I, IntVector.SPECIES_128, 0));
                    default -> longs(shorts(source).convertShape(VectorOperators.ZERO_EXTEND_S2I, IntVector.SPECIES_128, 0));
                };
            }
        }
        return null;
    }

    /** Whether an index byte lies in {@code first..first + 15}. */
    private static boolean takesFrom(long indices, int first) {
        for (int i = 0; i < 8; i++) {
            long x = (indices >>> (8 * i)) & 0xFF;
            if (x >= first && x < first + 16) {
                return true;
            }
        }
        return false;
    }

    /**
     * Maps each index byte to the Vector API's: {@link Bytecode#ZERO_LANE} to {@code zero} first,
     * then 16..31 (the second vector) to -16..-1.
     */
    private static long vectorApiIndices(long indices, long zero) {
        long r = 0;
        for (int i = 0; i < 8; i++) {
            long x = (indices >>> (8 * i)) & 0xFF;
            x = x == Bytecode.ZERO_LANE ? zero : x;
            r |= ((x >= 16 ? x - 32 : x) & 0xFF) << (8 * i);
        }
        return r;
    }
}
