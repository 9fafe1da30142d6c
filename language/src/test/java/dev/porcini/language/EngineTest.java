package dev.porcini.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End-to-end behaviour of the engine through the public polyglot API. */
class EngineTest {
    private Context context;

    @BeforeEach
    void open() {
        context = Context.newBuilder("wasm").build();
    }

    @AfterEach
    void close() {
        context.close();
    }

    private Value exports(String wat) {
        return WatSources.exports(context, wat);
    }

    @Test
    void runsOnTheOptimizingRuntime() {
        assertNotEquals("Interpreted", context.getEngine().getImplementationName(),
                        "Truffle fell back to the interpreter-only runtime: the Graal JIT flags are missing");
    }

    @Test
    void callsExportsWithNumbers() {
        Value e = exports("""
                        (module
                          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
                          (func (export "mul64") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
                          (func (export "half") (param f64) (result f64) (f64.div (local.get 0) (f64.const 2))))
                        """);
        assertEquals(5, e.getMember("add").execute(2, 3).asInt());
        assertEquals(-2, e.getMember("add").execute(Integer.MAX_VALUE, Integer.MAX_VALUE).asInt());
        assertEquals(1L << 40, e.getMember("mul64").execute(1L << 20, 1L << 20).asLong());
        assertEquals(1.25, e.getMember("half").execute(2.5).asDouble());
    }

    @Test
    void returnsMultipleValuesAsAnArray() {
        Value e = exports("""
                        (module (func (export "swap") (param i32 i64) (result i64 i32) (local.get 1) (local.get 0)))
                        """);
        Value r = e.getMember("swap").execute(7, 9L);
        assertTrue(r.hasArrayElements());
        assertEquals(9L, r.getArrayElement(0).asLong());
        assertEquals(7, r.getArrayElement(1).asInt());
    }

    @Test
    void trapNamesTheSpecMessageFunctionAndOffset() {
        Value e = exports("""
                        (module
                          (func $divide (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
                          (memory 1)
                          (func $peek (export "peek") (param i32) (result i32) (i32.load (local.get 0))))
                        """);
        PolyglotException div = assertThrows(PolyglotException.class, () -> e.getMember("div").execute(1, 0));
        assertTrue(div.isGuestException());
        assertTrue(div.getMessage().startsWith("integer divide by zero"), div.getMessage());
        assertTrue(div.getMessage().contains("divide") && div.getMessage().contains("offset 0x"), div.getMessage());
        PolyglotException oob = assertThrows(PolyglotException.class, () -> e.getMember("peek").execute(65536));
        assertTrue(oob.getMessage().startsWith("out of bounds memory access"), oob.getMessage());
        assertTrue(oob.getMessage().contains("peek"), oob.getMessage());
        assertEquals(0, e.getMember("peek").execute(65532).asInt());
    }

    @Test
    void deepRecursionIsATrapNotAJavaError() throws InterruptedException {
        Value e = exports("""
                        (module (func $down (export "down") (param i64) (result i64)
                          (i64.add (i64.const 1) (call $down (local.get 0)))))
                        """);
        PolyglotException error = assertThrows(PolyglotException.class, () -> e.getMember("down").execute(1L));
        assertTrue(error.isGuestException(), error.toString());
        assertTrue(error.getMessage().startsWith("call stack exhausted"), error.getMessage());
        // The engine stays usable after exhaustion.
        assertEquals(3, exports("(module (func (export \"three\") (result i32) (i32.const 3)))").getMember("three").execute().asInt());
    }

    /** A function that calls nothing is not counted: it adds one frame at most, so the stack stays bounded. */
    @Test
    void leafCallsDoNotCountTowardsTheDepthLimit() {
        try (Context limited = Context.newBuilder("wasm").option("wasm.MaxCallDepth", "100").build()) {
            Value e = WatSources.exports(limited, """
                            (module
                              (func $leaf (result i32) (i32.const 7))
                              (func $depth (export "depth") (param i32) (result i32)
                                (if (result i32) (i32.eqz (local.get 0)) (then (call $leaf))
                                  (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1))))))))
                            """);
            assertEquals(99 + 7, e.getMember("depth").execute(99).asInt(), "100 counted frames and a leaf");
            PolyglotException error = assertThrows(PolyglotException.class, () -> e.getMember("depth").execute(100));
            assertTrue(error.getMessage().startsWith("call stack exhausted"), error.getMessage());
        }
    }

    @Test
    void callDepthLimitIsAnOption() {
        try (Context limited = Context.newBuilder("wasm").option("wasm.MaxCallDepth", "100").build()) {
            Value e = WatSources.exports(limited, """
                            (module (func $depth (export "depth") (param i32) (result i32)
                              (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                                (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1))))))))
                            """);
            assertEquals(99, e.getMember("depth").execute(99).asInt());
            PolyglotException error = assertThrows(PolyglotException.class, () -> e.getMember("depth").execute(100));
            assertTrue(error.getMessage().startsWith("call stack exhausted"), error.getMessage());
        }
    }

    @Test
    void longLoopsReachCompiledCodeThroughOsr() {
        Value e = exports("""
                        (module (func (export "sum") (param $n i64) (result i64) (local $i i64) (local $acc i64)
                          (block $done (loop $l
                            (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
                            (local.set $acc (i64.add (local.get $acc) (local.get $i)))
                            (local.set $i (i64.add (local.get $i) (i64.const 1)))
                            (br $l)))
                          (local.get $acc)))
                        """);
        long n = 50_000_000L;
        assertEquals(n * (n - 1) / 2, e.getMember("sum").execute(n).asLong());
    }

    @Test
    void osrOfAFunctionWithoutResultsRunsTheLoopOnce() {
        Value e = exports("""
                        (module (global $count (export "count") (mut i64) (i64.const 0))
                          (func (export "count_to") (param $n i64)
                            (loop $l
                              (global.set $count (i64.add (global.get $count) (i64.const 1)))
                              (br_if $l (i64.lt_u (global.get $count) (local.get $n))))))
                        """);
        long n = 30_000_000L;
        assertTrue(e.getMember("count_to").execute(n).isNull());
        assertEquals(n, e.getMember("count").getMember("value").asLong());
    }

    @Test
    void osrKeepsLocalsOfEveryTypeAndALoopParameter() {
        // OSR code rewrites each local with its own type's setter on entry (FunctionRootNode.retagLocals).
        Value e = exports("""
                        (module (func (export "mix") (param $n i32) (result f64)
                          (local $i i32) (local $l i64) (local $f f32) (local $d f64) (local $v v128) (local $r externref)
                          (local.set $l (i64.const 0x123456789))
                          (local.set $f (f32.const 1.5))
                          (local.set $d (f64.const 2.25))
                          (local.set $v (v128.const i32x4 1 2 3 4))
                          i32.const 7
                          (loop $next (param i32) (result i32)
                            i32.const 1
                            i32.add
                            (local.set $v (i32x4.add (local.get $v) (v128.const i32x4 1 1 1 1)))
                            (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                            local.get $n
                            i32.lt_u
                            br_if $next)
                          f64.convert_i32_u
                          (f64.convert_i32_u (i32x4.extract_lane 3 (local.get $v)))
                          f64.add
                          (f64.add (f64.convert_i64_u (local.get $l)))
                          (f64.add (f64.promote_f32 (local.get $f)))
                          (f64.add (local.get $d))
                          (f64.add (f64.convert_i32_u (ref.is_null (local.get $r))))))
                        """);
        int n = 30_000_000;
        assertEquals(7 + n + 4 + n + 0x123456789L + 1.5 + 2.25 + 1, e.getMember("mix").execute(n).asDouble());
    }

    @Test
    void loopsClearLocalsTheyWriteFirstAndKeepTheirLastValues() {
        // Every local but $i and $sum is written before it is read in each iteration, so compiled code
        // clears it at the loop header (Bytecode.LOOP), and $a and $v after their last reads
        // (Bytecode.LOCAL_GET_LAST). The calls with $k = -1 fill the branch profiles and get the
        // function compiled; the branch on $k is first taken in the last one, where the compiled
        // loop deoptimizes in its last iteration and the interpreter reads what that iteration
        // wrote, as does the code after the loop.
        try (Context compiled = Context.newBuilder("wasm").allowExperimentalOptions(true).option("engine.BackgroundCompilation", "false").build()) {
            Value last = compiled.eval(WatSources.wat("""
                            (module (func (export "last") (param $n i32) (param $k i32) (result f64)
                              (local $i i32) (local $a i32) (local $l i64) (local $f f32) (local $d f64) (local $v v128)
                              (local $r externref) (local $sum f64)
                              (loop $next
                                (local.set $a (i32.mul (local.get $i) (i32.const 3)))
                                (local.set $l (i64.extend_i32_u (local.get $a)))
                                (local.set $f (f32.convert_i32_u (local.get $i)))
                                (local.set $d (f64.convert_i32_u (local.get $i)))
                                (local.set $v (i32x4.splat (local.get $a)))
                                (local.set $r (ref.null extern))
                                (if (i32.eq (local.get $i) (local.get $k))
                                  (then (local.set $sum (f64.add (local.get $sum) (f64.const 0.5)))))
                                (local.set $sum (f64.add (local.get $sum) (f64.convert_i32_u (i32x4.extract_lane 2 (local.get $v)))))
                                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                                (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
                              (f64.add (local.get $sum)
                                (f64.add (f64.convert_i64_u (local.get $l))
                                  (f64.add (f64.promote_f32 (local.get $f))
                                    (f64.add (local.get $d) (f64.convert_i32_u (ref.is_null (local.get $r)))))))))
                            """)).invokeMember("newInstance").getMember("exports").getMember("last");
            int n = 1000;
            double lastValues = 3 * (n - 1) + (n - 1) + (n - 1) + 1;
            double sum = 1.5 * n * (n - 1);
            for (int call = 0; call < 50; call++) {
                assertEquals(sum + lastValues, last.execute(n, -1).asDouble());
            }
            assertEquals(sum + 0.5 + lastValues, last.execute(n, n - 1).asDouble());
        }
    }

    @Test
    void rotatedLoopsKeepTheirResultsWhenTheirSpeculationsFail() {
        // Compiled code rotates each loop (FunctionRootNode, SimpleLoops) and tests its back edge the
        // way the interpreter saw it go: "up" as i < n, "down" as c * s > 0, "below" as a signed
        // i < n while no operand has its sign bit set. The calls that fill the
        // profiles go that way only; the last ones count the other way, and the compiled loop must
        // deoptimize, not exit, when its ordered test first fails. "find" leaves its loop by a branch
        // from the first iteration, which compiled code runs ahead of the loop, or from a later one.
        try (Context compiled = Context.newBuilder("wasm").allowExperimentalOptions(true).option("engine.BackgroundCompilation", "false").build()) {
            Value e = WatSources.exports(compiled, """
                            (module (memory 1)
                              (func (export "up") (param $i i32) (param $step i32) (param $n i32) (result i32) (local $sum i32)
                                (loop $next
                                  (local.set $sum (i32.add (local.get $sum) (local.get $i)))
                                  (br_if $next (i32.ne (local.tee $i (i32.add (local.get $i) (local.get $step))) (local.get $n))))
                                (local.get $sum))
                              (func (export "down") (param $c i32) (param $s i32) (result i32) (local $sum i32)
                                (loop $next
                                  (local.set $sum (i32.add (local.get $sum) (local.get $c)))
                                  (br_if $next (i32.mul (local.tee $c (i32.sub (local.get $c) (i32.const 2))) (local.get $s))))
                                (local.get $sum))
                              (func (export "below") (param $i i32) (param $step i32) (param $n i32) (result i32) (local $sum i32)
                                (loop $next
                                  (local.set $sum (i32.add (local.get $sum) (local.get $i)))
                                  (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (local.get $step))) (local.get $n))))
                                (local.get $sum))
                              (func (export "find") (param $key i32) (param $n i32) (result i32) (local $i i32)
                                (block $found
                                  (loop $next
                                    (br_if $found (i32.eq (i32.load8_u (local.get $i)) (local.get $key)))
                                    (br_if $next (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
                                  (return (i32.const -1)))
                                (local.get $i))
                              (data (i32.const 0) "abcdefgh"))
                            """);
            Value up = e.getMember("up");
            Value down = e.getMember("down");
            Value find = e.getMember("find");
            Value below = e.getMember("below");
            for (int call = 0; call < 50; call++) {
                assertEquals(7 * 142 * 143 / 2, below.execute(0, 7, 1000).asInt());
                assertEquals(2 * 499 * 500 / 2, up.execute(0, 2, 1000).asInt());
                assertEquals(2 * 250 * 251 / 2, down.execute(500, 1).asInt());
                assertEquals(call % 9 == 8 ? -1 : call % 9, find.execute('a' + call % 9, 8).asInt());
            }
            assertEquals(2 * 501 * 500 / 2, up.execute(1000, -2, 0).asInt());
            assertEquals(2 * 250 * 251 / 2, down.execute(500, -1).asInt());
            assertEquals(0x7FFFFFF0 + 0x7FFFFFF8 + 0x80000000 + 0x80000008, below.execute(0x7FFFFFF0, 8, 0x80000010).asInt());
            assertEquals(0, find.execute((int) 'a', 8).asInt());
            assertEquals(7, find.execute((int) 'h', 8).asInt());
        }
    }

    @Test
    void countdownLoopsKeepTheirResultsWhenTheirCounterIsOffStep() {
        // Compiled code tests "run"'s back edge as c > 0 with no check per iteration while $c starts
        // positive and even (SimpleLoops.countdowns), which the profiling calls do; they leave the
        // loop by its back edge or, at $stop = 100, by the branch out. The last calls start $c odd,
        // at zero or below zero, so that it steps past zero to $stop: compiled code must deoptimize
        // before the loop, not leave it at the first value that is not positive.
        try (Context compiled = Context.newBuilder("wasm").allowExperimentalOptions(true).option("engine.BackgroundCompilation", "false").build()) {
            Value run = WatSources.exports(compiled, """
                            (module
                              (func (export "run") (param $c i32) (param $stop i32) (result i32) (local $sum i32)
                                (block $stopped
                                  (loop $next
                                    (br_if $stopped (i32.eq (local.get $c) (local.get $stop)))
                                    (local.set $sum (i32.add (local.get $sum) (local.get $c)))
                                    (br_if $next (local.tee $c (i32.sub (local.get $c) (i32.const 2)))))
                                  (return (local.get $sum)))
                                (i32.sub (i32.const 0) (local.get $sum))))
                            """).getMember("run");
            for (int call = 0; call < 50; call++) {
                int stop = call % 2 == 0 ? 100 : -7;
                assertEquals(countdown(500, stop), run.execute(500, stop).asInt(), "call " + call);
            }
            for (int start : new int[]{5, 0, -4, 9}) {
                assertEquals(countdown(start, -7), run.execute(start, -7).asInt(), "from " + start);
            }
            assertEquals(countdown(500, -7), run.execute(500, -7).asInt());
        }
    }

    /** What the "run" function of the test above returns, computed the way WebAssembly runs it. */
    private static int countdown(int c, int stop) {
        int sum = 0;
        while (c != stop) {
            sum += c;
            c -= 2;
            if (c == 0) {
                return sum;
            }
        }
        return -sum;
    }

    @Test
    void loopsGoOnAfterTheirOsrCodeDeoptimizes() {
        // OSR compiles the rows early, with the inner loop rotated and tested as i < 100. Row $k
        // counts down to 100 instead, the OSR code deoptimizes, and the interpreter carries on in
        // the OSR frame. (Its back edges once took the OSR frame's first argument for the
        // instance when they tried OSR again; lz77 failed so once, but only with some compilation
        // timings, which this run does not reproduce.)
        try (Context osr = Context.newBuilder("wasm").allowExperimentalOptions(true).option("engine.BackgroundCompilation", "false")
                        .option("engine.OSRCompilationThreshold", "1000").build()) {
            Value run = WatSources.exports(osr, """
                            (module (func (export "run") (param $rows i32) (param $k i32) (result i32)
                              (local $r i32) (local $i i32) (local $step i32) (local $sum i32)
                              (loop $row
                                (local.set $i (select (i32.const 200) (i32.const 0) (i32.eq (local.get $r) (local.get $k))))
                                (local.set $step (select (i32.const -1) (i32.const 1) (i32.eq (local.get $r) (local.get $k))))
                                (loop $col
                                  (local.set $sum (i32.add (local.get $sum) (local.get $i)))
                                  (br_if $col (i32.ne (local.tee $i (i32.add (local.get $i) (local.get $step))) (i32.const 100))))
                                (br_if $row (i32.lt_s (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rows))))
                              (local.get $sum)))
                            """).getMember("run");
            int rows = 3000;
            assertEquals((rows - 1) * 4950 + 15050, run.execute(rows, rows / 2).asInt());
        }
    }

    @Test
    void callIndirectChecksSignaturesAndBounds() {
        Value e = exports("""
                        (module
                          (type $ii (func (param i32) (result i32)))
                          (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
                          (func $nothing)
                          (table 3 funcref)
                          (elem (i32.const 0) $inc $nothing)
                          (func (export "call") (param i32 i32) (result i32)
                            (call_indirect (type $ii) (local.get 1) (local.get 0))))
                        """);
        assertEquals(42, e.getMember("call").execute(0, 41).asInt());
        assertTrue(assertThrows(PolyglotException.class, () -> e.getMember("call").execute(1, 0)).getMessage()
                        .startsWith("indirect call type mismatch"));
        assertTrue(assertThrows(PolyglotException.class, () -> e.getMember("call").execute(2, 0)).getMessage()
                        .startsWith("uninitialized element"));
        assertTrue(assertThrows(PolyglotException.class, () -> e.getMember("call").execute(3, 0)).getMessage()
                        .startsWith("undefined element"));
    }

    @Test
    void instancesOfOneModuleHaveTheirOwnState() {
        Value module = context.eval(WatSources.wat("""
                        (module (global $g (mut i32) (i32.const 0))
                          (func (export "next") (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))
                        """));
        Value a = module.invokeMember("newInstance").getMember("exports").getMember("next");
        Value b = module.invokeMember("newInstance").getMember("exports").getMember("next");
        assertEquals(1, a.execute().asInt());
        assertEquals(2, a.execute().asInt());
        assertEquals(1, b.execute().asInt());
    }

    @Test
    void malformedAndInvalidModulesAreSyntaxErrors() {
        PolyglotException malformed = assertThrows(PolyglotException.class,
                        () -> context.eval(Source.newBuilder("wasm", org.graalvm.polyglot.io.ByteSequence.create(new byte[]{0, 'a', 's', 'm', 2, 0, 0, 0}),
                                        "bad.wasm").build()));
        assertTrue(malformed.isSyntaxError());
        assertTrue(malformed.getMessage().startsWith("unknown binary version"), malformed.getMessage());
        PolyglotException invalid = assertThrows(PolyglotException.class,
                        () -> exports("(module (func (result i32) (i64.const 1)))"));
        assertTrue(invalid.isSyntaxError());
        assertTrue(invalid.getMessage().startsWith("type mismatch"), invalid.getMessage());
        PolyglotException parse = assertThrows(PolyglotException.class, () -> exports("(module (func (i32.bogus)))"));
        assertTrue(parse.isSyntaxError());
        assertTrue(parse.getMessage().matches("(?s).*\\d+:\\d+.*"), "text errors carry line:column, got " + parse.getMessage());
    }
}
