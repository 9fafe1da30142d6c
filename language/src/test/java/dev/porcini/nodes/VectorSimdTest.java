package dev.porcini.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import jdk.incubator.vector.LongVector;

import org.junit.jupiter.api.Test;

import dev.porcini.bytecode.Bytecode;
import dev.porcini.runtime.V128;

/**
 * The Vector API operations give bit for bit what the scalar operations give, on random lanes mixed
 * with edge values (lane minimum and maximum, zeros, NaNs, infinities, -0).
 */
class VectorSimdTest {
    /** Sub-opcodes of f32x4 arithmetic, where two NaN lanes may differ in payload. */
    private static final List<Integer> F32_ARITHMETIC = List.of(0xE4, 0xE5, 0xE6, 0xE7);
    /** The same for f64x2: with two NaN operands, x86 keeps the first, and a vector add may swap them. */
    private static final List<Integer> F64_ARITHMETIC = List.of(0xF0, 0xF1, 0xF2, 0xF3);

    @Test
    void theBuildRunsTestsWithTheVectorApi() {
        assertTrue(SimdOps.VECTOR_API, "jdk.incubator.vector is not resolved: the parent pom's jit.args lost --add-modules");
    }

    @Test
    void binaryOperationsMatchTheScalarCode() {
        List<Integer> handled = IntStream.rangeClosed(0, 0x113).filter(sub -> binary(sub, V128.ZERO, V128.ZERO) != null).boxed().toList();
        assertTrue(handled.containsAll(List.of(0x23, 0x37, 0x41, 0x65, 0x66, 0x85, 0x86, 0x95, 0xB5, 0xE6)), "handled: " + handled);
        assertSameAsScalar(handled, VectorSimd::binary);
    }

    @Test
    void chainedBinaryOperationsMatchTheScalarCode() {
        List<Integer> handled = IntStream.rangeClosed(0, 0x113).filter(sub -> VectorSimd.chainedBinary(sub, VectorSimd.vector(V128.ZERO),
                        VectorSimd.vector(V128.ZERO)) != null).boxed().toList();
        assertTrue(handled.containsAll(List.of(0x4F, 0x6E, 0x91, 0xB1, 0xCE, 0xF0, 0xF3)), "handled: " + handled);
        assertSameAsScalar(handled, VectorSimd::chainedBinary);
    }

    @Test
    void chainedFormsCountOnlyWithAnOperandInARegister() {
        LongVector x = VectorSimd.vector(new V128(0x0102030405060708L, -1L));
        assertEquals(null, VectorSimd.binary(0xAE, x, x, false), "i32x4.add alone stays scalar");
        assertEquals(SimdOps.scalarBinary(0xAE, VectorSimd.toV128(x), VectorSimd.toV128(x)), VectorSimd.toV128(VectorSimd.binary(0xAE, x, x, true)));
        assertEquals(SimdOps.scalarBinary(0xB5, VectorSimd.toV128(x), VectorSimd.toV128(x)), VectorSimd.toV128(VectorSimd.binary(0xB5, x, x, false)));
    }

    @Test
    void extendsMatchTheScalarCode() {
        List<Integer> handled = IntStream.rangeClosed(0, 0x113).filter(sub -> VectorSimd.unary(sub, VectorSimd.vector(V128.ZERO)) != null).boxed().toList();
        assertEquals(List.of(0x87, 0x88, 0x89, 0x8A, 0xA7, 0xA8, 0xA9, 0xAA), handled);
        Random random = new Random(3);
        for (int sub : handled) {
            for (int i = 0; i < 2000; i++) {
                V128 a = sample(random);
                assertEquals(SimdOps.unary(sub, a), VectorSimd.toV128(VectorSimd.unary(sub, VectorSimd.vector(a))), String.format("sub 0x%x of %s", sub, a));
            }
        }
    }

    @Test
    void lanesMatchTheScalarCode() {
        Random random = new Random(17);
        for (int bits = 8; bits <= 64; bits *= 2) {
            for (int lane = 0; lane < 128 / bits; lane++) {
                for (int i = 0; i < 50; i++) {
                    V128 a = sample(random);
                    long value = random.nextLong();
                    String what = String.format("lane %d of %d bits of %s", lane, bits, a);
                    assertEquals(SimdOps.laneBits(a, bits, lane), VectorSimd.laneBits(VectorSimd.vector(a), bits, lane), what);
                    assertEquals(SimdOps.withLane(a, bits, lane, value), VectorSimd.toV128(VectorSimd.withLane(VectorSimd.vector(a), bits, lane, value)), what);
                    if (bits == 32) {
                        assertEquals(SimdOps.laneBits(a, 32, lane), Float.floatToRawIntBits(VectorSimd.floatLane(VectorSimd.vector(a), lane)) & 0xFFFF_FFFFL, what);
                    } else if (bits == 64) {
                        assertEquals(SimdOps.laneBits(a, 64, lane), Double.doubleToRawLongBits(VectorSimd.doubleLane(VectorSimd.vector(a), lane)), what);
                    }
                }
            }
        }
    }

    @Test
    void loadsAndStoresMoveSixteenLittleEndianBytes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(32);
            for (int i = 0; i < 32; i++) {
                bytes.set(ValueLayout.JAVA_BYTE, i, (byte) i);
            }
            assertEquals(new V128(0x0807060504030201L, 0x100F0E0D0C0B0A09L), VectorSimd.toV128(VectorSimd.load(bytes.address() + 1)));
            VectorSimd.store(bytes.address() + 3, VectorSimd.vector(new V128(0x1122334455667788L, 0x99AABBCCDDEEFF00L)));
            assertEquals(2, bytes.get(ValueLayout.JAVA_BYTE, 2), "the byte before is kept");
            assertEquals((byte) 0x88, bytes.get(ValueLayout.JAVA_BYTE, 3));
            assertEquals((byte) 0x99, bytes.get(ValueLayout.JAVA_BYTE, 18));
            assertEquals(19, bytes.get(ValueLayout.JAVA_BYTE, 19), "the byte after is kept");
        }
    }

    @Test
    void bitselectMatchesTheScalarCode() {
        Random random = new Random(5);
        for (int i = 0; i < 2000; i++) {
            V128 a = sample(random);
            V128 b = sample(random);
            V128 c = sample(random);
            assertEquals(SimdOps.ternary(0x52, a, b, c),
                            VectorSimd.toV128(VectorSimd.bitselect(VectorSimd.vector(a), VectorSimd.vector(b), VectorSimd.vector(c))));
        }
    }

    private static void assertSameAsScalar(List<Integer> subs, VectorBinary vector) {
        Random random = new Random(42);
        for (int sub : subs) {
            for (int i = 0; i < 2000; i++) {
                V128 a = sample(random);
                V128 b = random.nextInt(8) == 0 ? a : sample(random);
                V128 expected = SimdOps.scalarBinary(sub, a, b);
                V128 actual = VectorSimd.toV128(vector.apply(sub, VectorSimd.vector(a), VectorSimd.vector(b)));
                if (F32_ARITHMETIC.contains(sub)) {
                    assertSameFloatLanes(expected, actual, 32, sub, a, b);
                } else if (F64_ARITHMETIC.contains(sub)) {
                    assertSameFloatLanes(expected, actual, 64, sub, a, b);
                } else {
                    assertEquals(expected, actual, String.format("sub 0x%x of %s and %s", sub, a, b));
                }
            }
        }
    }

    @Test
    void shiftsMatchTheScalarCode() {
        Random random = new Random(7);
        for (int sub : new int[]{0x8B, 0x8C, 0x8D, 0xAB, 0xAC, 0xAD}) {
            int bits = sub < 0xA0 ? 16 : 32;
            for (int count = -1; count <= 70; count++) {
                V128 a = sample(random);
                assertEquals(SimdOps.scalarShift(sub, a, count), VectorSimd.toV128(VectorSimd.shift(bits, (sub & 0xF) - 0xB, VectorSimd.vector(a), count & (bits - 1))),
                                String.format("sub 0x%x of %s by %d", sub, a, count));
            }
        }
    }

    @Test
    void shufflesMatchTheScalarCode() {
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            V128 a = sample(random);
            V128 b = sample(random);
            long lo = indices(random);
            long hi = indices(random);
            assertEquals(SimdOps.scalarShuffle(a, b, lo, hi), VectorSimd.toV128(VectorSimd.shuffle(VectorSimd.vector(a), VectorSimd.vector(b), lo, hi)));
        }
    }

    /**
     * Lowered masks with zero lanes (an operand known to be zero, its lanes replaced): the
     * zero-extensions take their own path, and every mask gives the scalar code's lanes.
     */
    @Test
    void shufflesWithZeroLanesMatchTheScalarCode() {
        Random random = new Random(17);
        long[][] widenings = {{0x8007800680058004L, 0x800B800A80098008L} /* the high bytes: not one handled */,
                        {0x8003800280018000L, 0x8007800680058004L}, {0x8080801180808010L, 0x8080801380808012L},
                        {0x8080030280800100L, 0x8080070680800504L}, {0x8080111080801110L ^ 0x0000000000000100L, 0}};
        for (int k = 0; k < widenings.length; k++) {
            long lo = widenings[k][0];
            long hi = widenings[k][1];
            boolean extension = k == 1 || k == 2 || k == 3;
            V128 x = sample(random);
            assertEquals(extension, VectorSimd.zeroExtension(VectorSimd.vector(x), VectorSimd.vector(x), lo, hi) != null, "mask " + k);
        }
        for (int i = 0; i < 2000; i++) {
            V128 a = sample(random);
            V128 b = sample(random);
            long lo = indices(random);
            long hi = indices(random);
            boolean firstZero = random.nextBoolean();
            long zeroedLo = zeroLanes(lo, firstZero);
            long zeroedHi = zeroLanes(hi, firstZero);
            V128 zero = new V128(0, 0);
            V128 expected = SimdOps.scalarShuffle(firstZero ? zero : a, firstZero ? b : zero, lo, hi);
            assertEquals(expected, SimdOps.scalarShuffle(a, b, zeroedLo, zeroedHi));
            // Compiled code passes the operand that is zero; with the zero lanes it is never read.
            assertEquals(expected, VectorSimd.toV128(VectorSimd.shuffle(VectorSimd.vector(firstZero ? zero : a), VectorSimd.vector(firstZero ? b : zero), zeroedLo, zeroedHi)));
        }
        long allZero = 0x8080_8080_8080_8080L; // every lane from the operand known to be zero
        assertEquals(new V128(0, 0), SimdOps.scalarShuffle(sample(random), sample(random), allZero, allZero));
        assertEquals(new V128(0, 0), VectorSimd.toV128(VectorSimd.shuffle(VectorSimd.vector(sample(random)), VectorSimd.vector(new V128(0, 0)), allZero, allZero)));
        for (int k = 1; k <= 3; k++) {
            V128 a = k == 2 ? new V128(0, 0) : sample(random); // the extensions of b have the zero first
            V128 b = k == 2 ? sample(random) : new V128(0, 0);
            assertEquals(SimdOps.scalarShuffle(a, b, widenings[k][0], widenings[k][1]),
                            VectorSimd.toV128(VectorSimd.shuffle(VectorSimd.vector(a), VectorSimd.vector(b), widenings[k][0], widenings[k][1])));
        }
    }

    /** Indices of the first (else the second) operand replaced by ZERO_LANE. */
    private static long zeroLanes(long indices, boolean first) {
        long r = 0;
        for (int i = 0; i < 8; i++) {
            long x = (indices >>> (8 * i)) & 0xFF;
            r |= (x < 16 == first ? Bytecode.ZERO_LANE : x) << (8 * i);
        }
        return r;
    }

    @Test
    void splatsMatchTheScalarCode() {
        Random random = new Random(13);
        for (int sub = 0x0F; sub <= 0x14; sub++) {
            for (int i = 0; i < 200; i++) {
                long x = random.nextLong();
                assertEquals(SimdOps.scalarSplat(sub, x), VectorSimd.toV128(VectorSimd.splat(sub, x)), String.format("sub 0x%x of %x", sub, x));
            }
        }
    }

    /** A binary vector operation of VectorSimd. */
    private interface VectorBinary {
        LongVector apply(int sub, LongVector a, LongVector b);
    }

    /** The vector form of a binary operation on v128s; null where there is none. */
    private static V128 binary(int sub, V128 a, V128 b) {
        Object r = VectorSimd.binary(sub, VectorSimd.vector(a), VectorSimd.vector(b));
        return r == null ? null : VectorSimd.toV128(r);
    }

    /** Eight shuffle indices, each 0..31. */
    private static long indices(Random random) {
        long r = 0;
        for (int i = 0; i < 8; i++) {
            r |= (long) random.nextInt(32) << (8 * i);
        }
        return r;
    }

    private static final long[] EDGES = {0, -1, 0x8080_8080_8080_8080L, 0x7F7F_7F7F_7F7F_7F7FL, 0x8000_8000_8000_8000L,
                    0x7FFF_7FFF_7FFF_7FFFL, 0x8000_0000_7FFF_FFFFL, 0x7FC0_0000_FF80_0000L, 0x7F80_0000_8000_0000L, 0x7FA0_0001_3F80_0000L};

    private static V128 sample(Random random) {
        return new V128(half(random), half(random));
    }

    private static long half(Random random) {
        return random.nextInt(3) == 0 ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
    }

    /** Float lanes of {@code bits} bits equal, except that two NaNs may differ in payload. */
    private static void assertSameFloatLanes(V128 expected, V128 actual, int bits, int sub, V128 a, V128 b) {
        List<String> differences = new ArrayList<>();
        int perHalf = 64 / bits;
        long mask = bits == 64 ? -1L : 0xFFFF_FFFFL;
        for (int lane = 0; lane < 2 * perHalf; lane++) {
            int shift = bits * (lane % perHalf);
            long e = ((lane < perHalf ? expected.lo : expected.hi) >>> shift) & mask;
            long g = ((lane < perHalf ? actual.lo : actual.hi) >>> shift) & mask;
            boolean bothNaN = bits == 64 ? Double.isNaN(Double.longBitsToDouble(e)) && Double.isNaN(Double.longBitsToDouble(g))
                            : Float.isNaN(Float.intBitsToFloat((int) e)) && Float.isNaN(Float.intBitsToFloat((int) g));
            if (e != g && !bothNaN) {
                differences.add("lane " + lane);
            }
        }
        assertEquals(List.of(), differences, String.format("sub 0x%x of %s and %s: %s vs %s", sub, a, b, expected, actual));
    }
}
