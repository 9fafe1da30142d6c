package dev.porcini.language;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loads and stores that share one bounds check trap exactly where each would trap alone, in the
 * interpreter and in compiled code (where the shared check is made, and where its failure must
 * fall back to checking access by access).
 */
class SharedBoundsChecksEngineTest {
    private static final String MODULE = """
                    (module
                      (memory (export "memory") 1)
                      ;; The store checks up to the end of the load: it must still happen when only the load traps.
                      (func (export "storeThenFarLoad") (param $p i32) (result i32)
                        (i32.store (local.get $p) (i32.const 7))
                        (i32.load offset=1000 (local.get $p)))
                      ;; Each store forgets its operands' slots before writing: the value must still be written
                      ;; when its widened check fails and compiled code goes on in the interpreter.
                      (func (export "wideStoresThenFarLoad") (param $p i32) (result i32)
                        (f64.store (local.get $p) (f64.const 2.5))
                        (i64.store32 offset=8 (local.get $p) (i64.const 0x1234567890))
                        (f32.store offset=12 (local.get $p) (f32.const -1.5))
                        (i32.load offset=1000 (local.get $p)))
                      (func (export "sumFields") (param $p i32) (result i32)
                        (i32.add (i32.add (i32.load (local.get $p)) (i32.load offset=4 (local.get $p)))
                                 (i32.add (i32.load offset=8 (local.get $p)) (i32.load offset=12 (local.get $p)))))
                      ;; When $skip is set the branch skips the far load, which the first load's check covered.
                      (func (export "maybeFar") (param $p i32) (param $skip i32) (result i32)
                        (block $done (result i32)
                          (br_if $done (i32.load (local.get $p)) (local.get $skip))
                          (drop)
                          (i32.load offset=1000 (local.get $p))))
                      ;; $p + 16 may wrap around to a small address where $p itself is out of bounds.
                      (func (export "wrapped") (param $p i32) (result i32)
                        (drop (i32.load (i32.add (local.get $p) (i32.const 16))))
                        (i32.load (local.get $p)))
                      ;; The first store checks from $p up to $p + 4: where $p + 3 is below 3, $p wraps
                      ;; around and only the second store traps.
                      (func (export "storesDownward") (param $p i32)
                        (i32.store8 (i32.add (local.get $p) (i32.const 3)) (i32.const 7))
                        (i32.store8 (local.get $p) (i32.const 9)))
                      ;; $q starts as a copy of $p, but they differ from the second iteration on.
                      (func (export "copyInLoop") (param $p i32) (param $step i32) (result i32) (local $q i32) (local $n i32)
                        (local.set $q (local.get $p))
                        (loop $next
                          (drop (i32.load (local.get $p)))
                          (drop (i32.load offset=4 (local.get $q)))
                          (local.set $q (i32.add (local.get $q) (local.get $step)))
                          (br_if $next (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 2))))
                        (local.get $n))
                      ;; After local.set, $p is another value: its second load is checked again.
                      (func (export "rebased") (param $p i32) (param $q i32) (result i32)
                        (drop (i32.load offset=16 (local.get $p)))
                        (local.set $p (local.get $q))
                        (i32.load offset=4 (local.get $p))))
                    """;
    private static final int SIZE = 65536;

    @ParameterizedTest(name = "compiled: {0}")
    @ValueSource(booleans = {false, true})
    void trapsHappenAtTheAccessThatLeavesTheMemory(boolean compiled) {
        try (Engine engine = engine(compiled); Context context = Context.newBuilder("wasm").engine(engine).build()) {
            Value e = WatSources.exports(context, MODULE);
            Value memory = e.getMember("memory");
            for (int round = 0; round < 3; round++) {
                memory.writeBufferInt(LITTLE_ENDIAN, 1000, 42);
                assertEquals(42, e.getMember("storeThenFarLoad").execute(0).asInt());
                assertEquals(7, memory.readBufferInt(LITTLE_ENDIAN, 0));

                int last = SIZE - 4;
                memory.writeBufferInt(LITTLE_ENDIAN, last, 0);
                assertTrap(() -> e.getMember("storeThenFarLoad").execute(last));
                assertEquals(7, memory.readBufferInt(LITTLE_ENDIAN, last), "the store before the trap");

                int wide = SIZE - 16;
                for (int i = 0; i < 16; i += 4) {
                    memory.writeBufferInt(LITTLE_ENDIAN, wide + i, 0);
                }
                assertTrap(() -> e.getMember("wideStoresThenFarLoad").execute(wide));
                assertEquals(2.5, memory.readBufferDouble(LITTLE_ENDIAN, wide), "the f64 store before the trap");
                assertEquals(0x34567890, memory.readBufferInt(LITTLE_ENDIAN, wide + 8), "the i64.store32 before the trap");
                assertEquals(-1.5f, memory.readBufferFloat(LITTLE_ENDIAN, wide + 12), "the f32 store before the trap");

                for (int i = 0; i < 4; i++) {
                    memory.writeBufferInt(LITTLE_ENDIAN, SIZE - 16 + 4 * i, i + 1);
                }
                assertEquals(10, e.getMember("sumFields").execute(SIZE - 16).asInt());
                assertTrap(() -> e.getMember("sumFields").execute(SIZE - 15));
                assertTrap(() -> e.getMember("sumFields").execute(-1));

                memory.writeBufferInt(LITTLE_ENDIAN, last, 5);
                assertEquals(5, e.getMember("maybeFar").execute(last, 1).asInt(), "no trap where the branch skips the far load");
                assertTrap(() -> e.getMember("maybeFar").execute(last, 0));

                assertEquals(2, e.getMember("copyInLoop").execute(0, 8).asInt());
                assertTrap(() -> e.getMember("copyInLoop").execute(0, SIZE));

                memory.writeBufferInt(LITTLE_ENDIAN, SIZE - 20, 9);
                assertEquals(9, e.getMember("wrapped").execute(SIZE - 20).asInt());
                assertTrap(() -> e.getMember("wrapped").execute(-16));

                assertEquals(5, e.getMember("rebased").execute(0, SIZE - 8).asInt());
                assertTrap(() -> e.getMember("rebased").execute(0, SIZE - 4));

                memory.writeBufferByte(0, (byte) 0);
                e.getMember("storesDownward").execute(SIZE - 4);
                assertEquals(7, memory.readBufferByte(SIZE - 1));
                assertEquals(9, memory.readBufferByte(SIZE - 4));
                assertTrap(() -> e.getMember("storesDownward").execute(SIZE - 3));
                assertTrap(() -> e.getMember("storesDownward").execute(-3));
                assertEquals(7, memory.readBufferByte(0), "the store before the trap");
            }
        }
    }

    private static void assertTrap(org.junit.jupiter.api.function.Executable call) {
        PolyglotException trap = assertThrows(PolyglotException.class, call);
        assertTrue(trap.isGuestException(), trap.toString());
        assertTrue(trap.getMessage().startsWith("out of bounds memory access"), trap.getMessage());
    }

    /** Compiled: every function is compiled before its first call, and a bailout fails the call. */
    private static Engine engine(boolean compiled) {
        Engine.Builder builder = Engine.newBuilder("wasm");
        if (compiled) {
            builder.allowExperimentalOptions(true)
                            .option("engine.CompileImmediately", "true")
                            .option("engine.BackgroundCompilation", "false")
                            .option("engine.MultiTier", "false")
                            .option("engine.CompilationFailureAction", "Throw");
        }
        return builder.build();
    }
}
