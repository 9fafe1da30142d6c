package dev.porcini.language;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;

/**
 * The SIMD paths that only last-tier compiled code takes, where a v128 moves between instructions
 * in a vector register: 16-byte loads and stores straight to and from the register, lane loads,
 * load splats, extract and replace lane, extends and narrows, v128 locals. Each function runs
 * compiled and interpreted (the scalar code, which the spec scripts check) on the same memory,
 * and the results and the memory afterwards must agree.
 */
class VectorRegistersEngineTest {
    private static final String MODULE = """
                    (module
                      (memory (export "memory") 1)
                      ;; Load into registers, add, store from the register.
                      (func (export "addRows") (param $to i32) (param $a i32) (param $b i32)
                        (v128.store (local.get $to) (i32x4.add (v128.load (local.get $a)) (v128.load offset=3 (local.get $b)))))
                      ;; A gather as clang writes it: a splat, lane loads into the same register, a shuffle.
                      (func (export "gather") (param $a i32) (param $b i32) (result v128)
                        (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
                          (v128.const i32x4 0 0 0 0)
                          (v128.load8_lane 3 (local.get $b)
                            (v128.load16_lane 1 (local.get $a)
                              (v128.load8_lane 1 (i32.add (local.get $a) (i32.const 7)) (v128.load8_splat (local.get $b)))))))
                      ;; Accesses whose failed checks trap where they are in compiled code: a scalar store in
                      ;; a function that uses v128, a load splat, a v128 store.
                      (func (export "storeRow") (param $to i32) (param $from i32) (param $at i32)
                        (i32.store8 (local.get $to) (i32.const 0x42))
                        (v128.store (local.get $at) (i8x16.add (v128.load8_splat (local.get $from)) (v128.load (i32.const 0)))))
                      (func (export "splats") (param $a i32) (result v128)
                        (v128.xor (v128.xor (v128.load8_splat (local.get $a)) (v128.load16_splat offset=1 (local.get $a)))
                                  (v128.xor (v128.load32_splat offset=5 (local.get $a)) (v128.load64_splat offset=9 (local.get $a)))))
                      (func (export "lanes") (param $a i32) (param $x i32) (result i32)
                        (i32.add (i32.add (i8x16.extract_lane_s 13 (i8x16.add (v128.load (local.get $a)) (v128.load (local.get $a))))
                                          (i16x8.extract_lane_u 6 (i16x8.add (v128.load (local.get $a)) (v128.load (local.get $a)))))
                                 (i32.add (i32x4.extract_lane 3 (i32x4.replace_lane 3 (i32x4.add (v128.load (local.get $a)) (v128.load (local.get $a)))
                                                                                     (local.get $x)))
                                          (i32.wrap_i64 (i64x2.extract_lane 1 (i64x2.replace_lane 0 (i64x2.add (v128.load (local.get $a)) (v128.load (local.get $a)))
                                                                                                   (i64.extend_i32_s (local.get $x))))))))
                      ;; Float lanes straight from the loaded register, bit for bit.
                      (func (export "floatLanes") (param $a i32) (result i64)
                        (i64.xor (i64.reinterpret_f64 (f64x2.extract_lane 1 (v128.load (local.get $a))))
                                 (i64.extend_i32_u (i32.reinterpret_f32 (f32x4.extract_lane 2 (v128.load offset=5 (local.get $a)))))))
                      ;; f64x2 arithmetic chained from loaded registers (random bits: NaNs keep their payloads).
                      (func (export "doubles") (param $a i32) (result v128)
                        (f64x2.div (f64x2.mul (f64x2.add (v128.load (local.get $a)) (v128.load offset=16 (local.get $a))) (v128.load offset=32 (local.get $a)))
                                   (f64x2.sub (v128.load offset=48 (local.get $a)) (v128.load offset=64 (local.get $a)))))
                      (func (export "replaceBytes") (param $a i32) (param $x i32) (result v128)
                        (i16x8.replace_lane 2 (i8x16.replace_lane 15 (i8x16.add (v128.load (local.get $a)) (v128.load (local.get $a))) (local.get $x))
                                              (local.get $x)))
                      (func (export "widen") (param $a i32) (result v128)
                        (v128.xor (v128.xor (i16x8.extend_low_i8x16_s (v128.load (local.get $a))) (i16x8.extend_high_i8x16_u (v128.load offset=16 (local.get $a))))
                                  (v128.xor (i32x4.extend_high_i16x8_s (v128.load offset=32 (local.get $a))) (i32x4.extend_low_i16x8_u (v128.load offset=48 (local.get $a))))))
;; v128 locals as clang uses them: a load tee'd to a local and read again in the same run,
                      ;; a local read several times, set again in the run, and read after a branch.
                      (func (export "locals") (param $a i32) (param $n i32) (result v128) (local $x v128) (local $y v128) (local $acc v128)
                        (local.set $acc (v128.const i32x4 1 2 3 4))
                        (loop $l
                          (local.set $y (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
                                          (local.tee $x (v128.load (local.get $a))) (local.get $acc)))
                          (local.set $acc (i32x4.add (i32x4.mul (local.get $x) (local.get $y)) (local.get $acc)))
                          (local.set $x (i16x8.sub (local.get $y) (local.get $x)))
                          (local.set $acc (v128.xor (local.get $acc) (local.get $x)))
                          (local.set $a (i32.add (local.get $a) (i32.const 16)))
                          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                        (i32x4.add (local.get $acc)
                                   (if (result v128) (i32.load8_u (local.get $a)) (then (local.get $x)) (else (local.get $y)))))
                      ;; Lanes of a local, from its register and from the frame.
                      (func (export "localLanes") (param $a i32) (result i32) (local $v v128) (local $t v128)
                        (local.set $v (v128.load offset=32 (local.get $a)))
                        (i32.add (i32x4.extract_lane 2 (local.tee $t (i32x4.add (local.get $v) (v128.load (local.get $a)))))
                                 (i32.add (i32x4.extract_lane 1 (local.get $t))
                                          (i8x16.extract_lane_u 5 (i8x16.add (local.get $v) (local.get $t))))))
                      (func (export "narrow") (param $a i32) (result v128)
                        (v128.xor (v128.xor (i8x16.narrow_i16x8_s (v128.load (local.get $a)) (v128.load offset=16 (local.get $a)))
                                            (i8x16.narrow_i16x8_u (v128.load offset=32 (local.get $a)) (v128.load offset=48 (local.get $a))))
                                  (v128.xor (i16x8.narrow_i32x4_s (v128.load offset=64 (local.get $a)) (v128.load offset=80 (local.get $a)))
                                            (i16x8.narrow_i32x4_u (v128.load offset=96 (local.get $a)) (v128.load offset=112 (local.get $a))))))
                      ;; Shuffles with an operand known to be zero: zero-extensions (bytes to 16-bit lanes
                      ;; from the first operand, 16 to 32 bits from the second, bytes to 32 bits), and one
                      ;; that is not an extension.
                      (func (export "widenZeroed") (param $a i32) (result v128) (local $z v128)
                        (local.set $z (v128.const i64x2 0 0))
                        (v128.xor
                          (v128.xor (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (v128.load (local.get $a)) (local.get $z))
                                    (i8x16.shuffle 16 17 0 1 18 19 2 3 20 21 4 5 22 23 6 7 (local.get $z) (v128.load offset=16 (local.get $a))))
                          (v128.xor (i8x16.shuffle 0 20 21 22 1 23 24 25 2 26 27 28 3 29 30 31 (v128.load offset=32 (local.get $a)) (local.get $z))
                                    (i8x16.shuffle 15 3 16 9 31 0 7 7 1 20 2 12 18 6 5 4 (v128.load offset=48 (local.get $a)) (local.get $z))))))
                    """;
    private static final int SIZE = 65536;

    @Test
    void compiledVectorPathsGiveTheInterpretersResults() {
        try (Engine interpreted = Engine.create("wasm"); Engine compiled = VectorRegistersEngineTest.compiled();
                        Context slow = Context.newBuilder("wasm").engine(interpreted).build();
                        Context fast = Context.newBuilder("wasm").engine(compiled).build()) {
            Value s = WatSources.exports(slow, MODULE);
            Value f = WatSources.exports(fast, MODULE);
            Random random = new Random(19);
            for (int round = 0; round < 40; round++) {
                byte[] memory = new byte[512];
                random.nextBytes(memory);
                write(s, memory);
                write(f, memory);
                int a = random.nextInt(128);
                int b = random.nextInt(128);
                int x = random.nextInt();
                s.getMember("addRows").execute(300, a, b);
                f.getMember("addRows").execute(300, a, b);
                assertArrayEquals(read(s, 300, 16), read(f, 300, 16), "addRows");
                assertArrayEquals(bytes(s.getMember("gather").execute(a, b)), bytes(f.getMember("gather").execute(a, b)), "gather");
                for (String name : List.of("splats", "widen", "narrow", "doubles")) {
                    assertArrayEquals(bytes(s.getMember(name).execute(a)), bytes(f.getMember(name).execute(a)), name + " at " + a);
                }
                assertEquals(s.getMember("lanes").execute(a, x).asInt(), f.getMember("lanes").execute(a, x).asInt(), "lanes");
                assertEquals(s.getMember("floatLanes").execute(a).asLong(), f.getMember("floatLanes").execute(a).asLong(), "floatLanes");
                int n = 1 + random.nextInt(16);
                assertArrayEquals(bytes(s.getMember("locals").execute(a, n)), bytes(f.getMember("locals").execute(a, n)), "locals");
                assertEquals(s.getMember("localLanes").execute(a).asInt(), f.getMember("localLanes").execute(a).asInt(), "localLanes");
                assertArrayEquals(bytes(s.getMember("replaceBytes").execute(a, x)), bytes(f.getMember("replaceBytes").execute(a, x)), "replaceBytes");
            }
        }
    }

    @Test
    void compiledVectorPathsComputeTheRightLanes() {
        try (Engine engine = compiled(); Context context = Context.newBuilder("wasm").engine(engine).build()) {
            Value e = WatSources.exports(context, MODULE);
            byte[] memory = new byte[256];
            for (int i = 0; i < 8; i++) { // i16 lanes 0, 40, ..., 280 for narrow_i16x8_s; the other narrows see zeros
                memory[2 * i] = (byte) (i * 40);
                memory[2 * i + 1] = (byte) (i == 7 ? 1 : 0);
            }
            memory[220] = 0x11; // the splat, and lane 3
            memory[207] = 0x22; // lane 1
            memory[200] = 0x33; // the i16 lane 1
            memory[201] = 0x44;
            write(e, memory);
            byte[] narrowed = bytes(e.getMember("narrow").execute(0));
            assertArrayEquals(new byte[]{0, 40, 80, 120, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0}, narrowed, "signed saturation");
            // Before the shuffle: 11 22 33 11 (the lane 3 load overwrote 44), then 11s; the shuffle takes bytes 0-3 into i32 lanes.
            assertArrayEquals(new byte[]{0x11, 0, 0, 0, 0x22, 0, 0, 0, 0x33, 0, 0, 0, 0x11, 0, 0, 0}, bytes(e.getMember("gather").execute(200, 220)));
        }
    }

    @Test
    void sixteenByteAccessesFromRegistersTrapWhole() {
        try (Engine engine = compiled(); Context context = Context.newBuilder("wasm").engine(engine).build()) {
            Value e = WatSources.exports(context, MODULE);
            Value memory = e.getMember("memory");
            for (int i = 0; i < 16; i++) {
                memory.writeBufferByte(SIZE - 16 + i, (byte) 1);
            }
            e.getMember("addRows").execute(SIZE - 16, SIZE - 16, SIZE - 19);
            assertEquals(2, memory.readBufferByte(SIZE - 1));
            assertTrap(() -> e.getMember("addRows").execute(SIZE - 15, 0, 0));
            assertEquals(2, memory.readBufferByte(SIZE - 1), "a trapping store writes nothing");
            assertTrap(() -> e.getMember("addRows").execute(0, SIZE - 15, 0));
            assertTrap(() -> e.getMember("addRows").execute(0, 0, SIZE - 18));
            assertTrap(() -> e.getMember("splats").execute(SIZE - 16));
            assertTrap(() -> e.getMember("gather").execute(SIZE - 2, 0));
        }
    }

    /**
     * A lane load's trap is compiled in where the load is (no deoptimization), and names the same
     * place as the interpreter's.
     */
    @Test
    void laneLoadsTrapInCompiledCodeAndNameTheirPlace() {
        String interpreted;
        try (Context context = Context.create("wasm")) {
            Value e = WatSources.exports(context, MODULE);
            interpreted = assertThrows(PolyglotException.class, () -> e.getMember("gather").execute(SIZE - 7, SIZE - 1)).getMessage();
        }
        assertTrue(interpreted.matches("out of bounds memory access \\(in func\\[1\\] at offset 0x[0-9a-f]+\\)"), interpreted);
        try (Engine engine = compiled(); Context context = Context.newBuilder("wasm").engine(engine).build()) {
            Value e = WatSources.exports(context, MODULE);
            Value memory = e.getMember("memory");
            memory.writeBufferByte(SIZE - 8, (byte) 0x21);
            memory.writeBufferByte(SIZE - 1, (byte) 0x5A);
            for (int round = 0; round < 3; round++) {
                // The splat from $b fits; the lane load from $a + 7 is one byte past the end.
                PolyglotException trap = assertThrows(PolyglotException.class, () -> e.getMember("gather").execute(SIZE - 7, SIZE - 1));
                assertTrue(trap.isGuestException(), trap.toString());
                assertEquals(interpreted, trap.getMessage());
                assertArrayEquals(new byte[]{0x5A, 0, 0, 0, 0x5A, 0, 0, 0, 0x21, 0, 0, 0, 0x5A, 0, 0, 0}, bytes(e.getMember("gather").execute(SIZE - 8, SIZE - 1)));
            }
        }
    }

    /**
     * A store in a function that uses v128, a load splat and a v128 store trap in compiled code
     * where they are, like lane loads, after the side effects before them and with nothing of
     * their own written, naming the same place as the interpreter.
     */
    @Test
    void storesAndSplatsTrapInCompiledCodeAndNameTheirPlace() {
        int[][] calls = {{SIZE, 0, 0}, {100, SIZE, 0}, {101, 16, SIZE - 15}};
        String[] interpreted = new String[calls.length];
        try (Context context = Context.create("wasm")) {
            Value e = WatSources.exports(context, MODULE);
            for (int i = 0; i < calls.length; i++) {
                int[] c = calls[i];
                interpreted[i] = assertThrows(PolyglotException.class, () -> e.getMember("storeRow").execute(c[0], c[1], c[2])).getMessage();
                assertTrue(interpreted[i].matches("out of bounds memory access \\(in func\\[2\\] at offset 0x[0-9a-f]+\\)"), interpreted[i]);
            }
        }
        assertEquals(3, Arrays.stream(interpreted).distinct().count(), "three different places");
        try (Engine engine = compiled(); Context context = Context.newBuilder("wasm").engine(engine).build()) {
            Value e = WatSources.exports(context, MODULE);
            Value memory = e.getMember("memory");
            memory.writeBufferByte(16, (byte) 5);
            memory.writeBufferByte(3, (byte) 7);
            for (int round = 0; round < 3; round++) {
                memory.writeBufferByte(100, (byte) 0);
                memory.writeBufferByte(101, (byte) 0);
                for (int i = 0; i < calls.length; i++) {
                    int[] c = calls[i];
                    PolyglotException trap = assertThrows(PolyglotException.class, () -> e.getMember("storeRow").execute(c[0], c[1], c[2]));
                    assertTrue(trap.isGuestException(), trap.toString());
                    assertEquals(interpreted[i], trap.getMessage());
                }
                assertEquals(0x42, memory.readBufferByte(100), "the store before the splat's trap");
                assertEquals(0x42, memory.readBufferByte(101), "the store before the v128 store's trap");
                assertEquals(0, memory.readBufferByte(SIZE - 1), "the trapping v128 store wrote nothing");
                e.getMember("storeRow").execute(102, 16, 32);
                assertEquals(0x42, memory.readBufferByte(102));
                assertArrayEquals(new byte[]{5, 5, 5, 12, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, read(e, 32, 16));
            }
        }
    }

    /** The lowering turns these shuffles' zero lanes into zero bytes; both tiers give the lanes the shuffles name. */
    @Test
    void shufflesWithAZeroOperandGiveTheirLanes() {
        try (Context slow = Context.create("wasm"); Engine compiled = compiled(); Context fast = Context.newBuilder("wasm").engine(compiled).build()) {
            Random random = new Random(23);
            for (Context context : List.of(slow, fast)) {
                Value e = WatSources.exports(context, MODULE);
                for (int round = 0; round < 5; round++) {
                    byte[] memory = new byte[64];
                    random.nextBytes(memory);
                    write(e, memory);
                    byte[] expected = new byte[16];
                    int[][] masks = {{0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23}, {16, 17, 0, 1, 18, 19, 2, 3, 20, 21, 4, 5, 22, 23, 6, 7},
                                    {0, 20, 21, 22, 1, 23, 24, 25, 2, 26, 27, 28, 3, 29, 30, 31}, {15, 3, 16, 9, 31, 0, 7, 7, 1, 20, 2, 12, 18, 6, 5, 4}};
                    for (int k = 0; k < 4; k++) {
                        boolean loadedFirst = k != 1; // the second shuffle takes the zero first
                        for (int i = 0; i < 16; i++) {
                            int index = masks[k][i];
                            boolean fromLoaded = index < 16 == loadedFirst;
                            expected[i] ^= fromLoaded ? memory[16 * k + index % 16] : 0;
                        }
                    }
                    assertArrayEquals(expected, bytes(e.getMember("widenZeroed").execute(0)), "round " + round);
                }
            }
        }
    }

    /** Compiled: every function is compiled in the last tier before its first call, and a bailout fails the call. */
    private static Engine compiled() {
        return Engine.newBuilder("wasm").allowExperimentalOptions(true)
                        .option("engine.CompileImmediately", "true")
                        .option("engine.BackgroundCompilation", "false")
                        .option("engine.MultiTier", "false")
                        .option("engine.CompilationFailureAction", "Throw")
                        .build();
    }

    private static void assertTrap(org.junit.jupiter.api.function.Executable call) {
        PolyglotException trap = assertThrows(PolyglotException.class, call);
        assertTrue(trap.getMessage().startsWith("out of bounds memory access"), trap.getMessage());
    }

    private static void write(Value exports, byte[] bytes) {
        Value memory = exports.getMember("memory");
        for (int i = 0; i < bytes.length; i++) {
            memory.writeBufferByte(i, bytes[i]);
        }
    }

    private static byte[] read(Value exports, int at, int length) {
        Value memory = exports.getMember("memory");
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = memory.readBufferByte(at + i);
        }
        return b;
    }

    private static byte[] bytes(Value v128) {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            b[i] = v128.getArrayElement(i).asByte();
        }
        return b;
    }
}
