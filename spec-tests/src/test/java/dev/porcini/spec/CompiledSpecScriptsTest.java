package dev.porcini.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Spec scripts whose functions are compiled by Graal before their first call, so that the
 * assertions check the compiled code, not the interpreter. The main suite runs almost everything
 * interpreted: its functions are called too rarely to compile. The scripts are the ones that
 * exercise what partial evaluation treats specially: branches and their results, the operand
 * stack, locals, calls, traps and v128 values, and the SIMD operations that compiled code runs
 * through the Vector API.
 */
class CompiledSpecScriptsTest {
    private static final List<String> SCRIPTS = List.of("block.wast", "br.wast", "br_if.wast", "br_table.wast", "loop.wast",
                    "if.wast", "select.wast", "local_tee.wast", "return.wast", "call_indirect.wast", "fac.wast", "stack.wast",
                    "labels.wast", "unwind.wast", "simd_select.wast", "simd_lane.wast",
                    // Accesses at the edge of memory, where compiled code's shared bounds checks must not trap early.
                    "address.wast", "memory_trap.wast", "simd_address.wast",
                    // The operations VectorSimd runs, which it does only in compiled code.
                    "simd_i8x16_cmp.wast", "simd_i16x8_cmp.wast", "simd_i32x4_cmp.wast", "simd_f32x4_cmp.wast", "simd_f32x4_arith.wast",
                    "simd_i16x8_arith.wast", "simd_i32x4_arith.wast", "simd_i8x16_arith2.wast", "simd_i16x8_arith2.wast",
                    "simd_i32x4_arith2.wast", "simd_bit_shift.wast", "simd_int_to_int_extend.wast", "simd_conversions.wast",
                    "simd_load.wast", "simd_store.wast", "simd_load_splat.wast", "simd_load8_lane.wast", "simd_load16_lane.wast",
                    "simd_load32_lane.wast", "simd_load64_lane.wast", "simd_splat.wast");

    private static Engine engine;

    @TestFactory
    Stream<DynamicTest> compiledScripts() {
        Path folder = SpecSuiteTest.suiteFolder();
        return SCRIPTS.stream().map(name -> {
            String key = SpecSuiteTest.SUITE + "/" + name + " (compiled)";
            return DynamicTest.dynamicTest(key, () -> {
                ScriptOutcome outcome = SpecSuiteTest.run(key, folder.resolve(name), engine());
                assertTrue(outcome.clean(), key + ": " + outcome.report(SpecSuiteTest.SHOWN_FAILURES));
            });
        });
    }

    /**
     * Compiles each function at its first call, in the last tier, and waits for it; a bailout
     * fails the call instead of silently leaving the function interpreted.
     */
    private static synchronized Engine engine() {
        if (engine == null) {
            engine = Engine.newBuilder("wasm").allowExperimentalOptions(true)
                            .option("engine.CompileImmediately", "true")
                            .option("engine.BackgroundCompilation", "false")
                            .option("engine.MultiTier", "false")
                            .option("engine.CompilationFailureAction", "Throw")
                            .build();
        }
        return engine;
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }
}
