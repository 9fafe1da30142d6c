package dev.porcini.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;

/**
 * A host that keeps calling compiled code which traps out of bounds (a fuzzer, a test harness)
 * must not turn each trap into a deoptimization: the JVM counts them per Java method, shared by
 * every Wasm function, and once they pile up Truffle refuses to compile any function whose code
 * holds that deoptimization ("Deopt taken too many times"), so later compilations fail.
 */
class RepeatedTrapsTest {
    private static final String MODULE = """
                    (module
                      (memory (export "memory") 1)
                      (func (export "load") (param $p i32) (result i32)
                        (i32.load (local.get $p)))
                      ;; The first load's check covers both: only the second leaves the memory.
                      (func (export "pair") (param $p i32) (result i32)
                        (i32.add (i32.load (local.get $p)) (i32.load offset=8 (local.get $p))))
                      (func (export "fill") (param $p i32)
                        (memory.fill (local.get $p) (i32.const 1) (i32.const 16)))
                      (func (export "divide") (param $d i32) (result i32)
                        (i32.div_u (i32.const 1) (local.get $d)))
                      ;; Compiled only after the traps: its compilation must still succeed.
                      (func (export "later") (param $p i32) (param $d i32) (result i32)
                        (i32.div_u (i32.load offset=4 (local.get $p)) (local.get $d))))
                    """;
    private static final int TRAPS = 400;

    @Test
    void manyTrapsFromCompiledCodeLeaveLaterCompilationsWorking() {
        try (Engine engine = Engine.newBuilder("wasm").allowExperimentalOptions(true)
                        .option("engine.CompileImmediately", "true")
                        .option("engine.BackgroundCompilation", "false")
                        .option("engine.MultiTier", "false")
                        .option("engine.CompilationFailureAction", "Throw")
                        .build();
                        Context context = Context.newBuilder("wasm").engine(engine).build()) {
            Value e = WatSources.exports(context, MODULE);
            int end = 65536;
            for (int i = 0; i < TRAPS; i++) {
                assertTrap(e.getMember("load"), end - 2);
                assertTrap(e.getMember("pair"), end - 8);
                assertTrap(e.getMember("fill"), end - 8);
                assertTrap(e.getMember("divide"), 0, "integer divide by zero");
            }
            e.getMember("memory").writeBufferInt(java.nio.ByteOrder.LITTLE_ENDIAN, 4, 77);
            assertEquals(77, e.getMember("later").execute(0, 1).asInt());
            assertEquals(77, e.getMember("load").execute(4).asInt());
        }
    }

    private static void assertTrap(Value function, int address) {
        assertTrap(function, address, "out of bounds memory access");
    }

    private static void assertTrap(Value function, int argument, String message) {
        PolyglotException trap = assertThrows(PolyglotException.class, () -> function.execute(argument));
        assertTrue(trap.isGuestException(), trap.toString());
        assertTrue(trap.getMessage().startsWith(message), trap.getMessage());
    }
}
