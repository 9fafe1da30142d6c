package dev.porcini.language;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.porcini.text.Wat;

/** The embedding surface of issue 4, through the public polyglot API only (plus Wat to make bytes). */
class EmbeddingTest {
    private static final String COUNTER = """
                    (module
                      (import "env" "log" (func $log (param i32)))
                      (import "env" "scale" (func $scale (param i32 f64) (result f64)))
                      (memory (export "mem") 1 4)
                      (global $count (export "count") (mut i32) (i32.const 0))
                      (global (export "version") i64 (i64.const 42))
                      (table (export "table") 2 funcref)
                      (elem (i32.const 0) $bump)
                      (func $bump (export "bump") (result i32)
                        (global.set $count (i32.add (global.get $count) (i32.const 1)))
                        (call $log (global.get $count))
                        (global.get $count))
                      (func (export "scaled") (param i32) (result f64) (call $scale (local.get 0) (f64.const 0.5)))
                      (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
                      (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
                      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
                    """;

    private Context context;

    @BeforeEach
    void open() {
        context = Context.newBuilder("wasm").allowHostAccess(HostAccess.ALL).build();
    }

    @AfterEach
    void close() {
        context.close();
    }

    private Value module(String wat) {
        return context.eval(Source.newBuilder("wasm", ByteSequence.create(Wat.encodeModule(wat)), "test.wasm").buildLiteral());
    }

    private static ProxyObject imports(Map<String, Object> env) {
        return ProxyObject.fromMap(Map.of("env", ProxyObject.fromMap(env)));
    }

    private Value counter(List<Integer> logged) {
        return module(COUNTER).invokeMember("newInstance", imports(Map.of(
                        "log", (ProxyExecutable) args -> {
                            logged.add(args[0].asInt());
                            return null;
                        },
                        "scale", (ProxyExecutable) args -> args[0].asInt() * args[1].asDouble()))).getMember("exports");
    }

    @Test
    void textSourcesFromFilesAndStrings() throws Exception {
        String text = "(module (func (export \"seven\") (result i32) (i32.const 7)))";
        java.nio.file.Path file = java.nio.file.Files.createTempFile("seven", ".wat");
        try {
            java.nio.file.Files.writeString(file, text);
            Value fromFile = context.eval(Source.newBuilder("wasm", file.toFile()).build());
            assertEquals(7, fromFile.invokeMember("newInstance").getMember("exports").getMember("seven").execute().asInt());
        } finally {
            java.nio.file.Files.delete(file);
        }
        Value fromString = context.eval(Source.newBuilder("wasm", text, "seven.wat").mimeType("text/x-wat").build());
        assertEquals(7, fromString.invokeMember("newInstance").getMember("exports").getMember("seven").execute().asInt());
    }

    @Test
    void javaProxyExecutablesAreImportedFunctions() {
        List<Integer> logged = new ArrayList<>();
        Value e = counter(logged);
        assertEquals(1, e.getMember("bump").execute().asInt());
        assertEquals(2, e.getMember("bump").execute().asInt());
        assertEquals(List.of(1, 2), logged);
        assertEquals(5.0, e.getMember("scaled").execute(10).asDouble());
    }

    @Test
    void aJavaMapIsAnImportObjectWhenMapAccessIsAllowed() {
        List<Integer> logged = new ArrayList<>();
        Map<String, Object> env = Map.of("log", (ProxyExecutable) args -> logged.add(args[0].asInt()) ? null : null,
                        "scale", (ProxyExecutable) args -> 3);
        Value e = module(COUNTER).invokeMember("newInstance", Map.of("env", env)).getMember("exports");
        e.getMember("bump").execute();
        assertEquals(List.of(1), logged);
        assertEquals(3.0, e.getMember("scaled").execute(1).asDouble(), "an integer result converts to f64");
    }

    @Test
    void oneModuleValueInstantiatesManyTimesWithSeparateState() {
        Value m = module(COUNTER);
        ProxyExecutable nop = args -> null;
        ProxyObject env = imports(Map.of("log", nop, "scale", nop));
        // "scale" returns nothing, but it is never called here.
        Value a = m.invokeMember("newInstance", env).getMember("exports");
        Value b = m.invokeMember("newInstance", env).getMember("exports");
        a.getMember("bump").execute();
        a.getMember("bump").execute();
        assertEquals(3, a.getMember("bump").execute().asInt());
        assertEquals(1, b.getMember("bump").execute().asInt());
    }

    @Test
    void linkingChecksWhatTheImportObjectHolds() {
        Value m = module(COUNTER);
        PolyglotException missing = assertThrows(PolyglotException.class, () -> m.invokeMember("newInstance"));
        assertTrue(missing.isGuestException());
        assertTrue(missing.getMessage().contains("unknown import env.log"), missing.getMessage());
        PolyglotException notCallable = assertThrows(PolyglotException.class,
                        () -> m.invokeMember("newInstance", imports(Map.of("log", 5, "scale", (ProxyExecutable) a -> 1.0))));
        assertTrue(notCallable.getMessage().contains("incompatible import type for env.log"), notCallable.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.invokeMember("newInstance", 17));
    }

    @Test
    void aHostResultOfTheWrongTypeIsAGuestErrorNamingTheExpectation() {
        Value e = module(COUNTER).invokeMember("newInstance", imports(Map.of("log", (ProxyExecutable) a -> null,
                        "scale", (ProxyExecutable) a -> "not a number"))).getMember("exports");
        PolyglotException ex = assertThrows(PolyglotException.class, () -> e.getMember("scaled").execute(1));
        assertTrue(ex.isGuestException());
        assertTrue(ex.getMessage().contains("env.scale") && ex.getMessage().contains("expected a value of type f64"), ex.getMessage());
    }

    @Test
    void aHostExceptionPropagatesThroughWasmFrames() {
        IllegalStateException boom = new IllegalStateException("boom");
        Value e = module(COUNTER).invokeMember("newInstance", imports(Map.of("log", (ProxyExecutable) a -> {
            throw boom;
        }, "scale", (ProxyExecutable) a -> 1.0))).getMember("exports");
        PolyglotException ex = assertThrows(PolyglotException.class, () -> e.getMember("bump").execute());
        assertTrue(ex.isHostException());
        assertSame(boom, ex.asHostException());
        // The instance stays usable after the host failure.
        assertThrows(PolyglotException.class, () -> e.getMember("bump").execute());
    }

    @Test
    void multiValueHostFunctionsReturnArrays() {
        Value e = module("""
                        (module
                          (import "m" "divmod" (func $divmod (param i32 i32) (result i32 i32)))
                          (func (export "f") (param i32 i32) (result i32)
                            (call $divmod (local.get 0) (local.get 1)) (i32.sub)))
                        """).invokeMember("newInstance", ProxyObject.fromMap(Map.of("m", ProxyObject.fromMap(Map.of("divmod",
                                        (ProxyExecutable) a -> new int[]{a[0].asInt() / a[1].asInt(), a[0].asInt() % a[1].asInt()})))))
                        .getMember("exports");
        assertEquals(17 / 5 - 17 % 5, e.getMember("f").execute(17, 5).asInt());
    }

    @Test
    void exportedFunctionsCheckArityAndTypes() {
        Value add = module("(module (func (export \"add\") (param i32 i64) (result i64) (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1))))")
                        .invokeMember("newInstance").getMember("exports").getMember("add");
        assertEquals(7L, add.execute(3, 4L).asLong());
        assertEquals(7L, add.execute((byte) 3, 4).asLong(), "smaller Java integers widen");
        IllegalArgumentException arity = assertThrows(IllegalArgumentException.class, () -> add.execute(1));
        assertTrue(arity.getMessage().contains("2"), arity.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> add.execute("x", 1));
        assertTrue(type.getMessage().contains("expected a value of Wasm type i32"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> add.execute(1.5, 1), "a fraction is no i32");
    }

    @Test
    void memoryIsAHostBufferAndGrowthIsVisible() {
        Value e = counter(new ArrayList<>());
        Value mem = e.getMember("mem");
        assertTrue(mem.hasBufferElements());
        assertTrue(mem.isBufferWritable());
        assertEquals(65536, mem.getBufferSize());
        e.getMember("store").execute(8, 0x01020304);
        assertEquals(0x04, mem.readBufferByte(8));
        assertEquals(0x01020304, mem.readBufferInt(ByteOrder.LITTLE_ENDIAN, 8));
        assertEquals(0x04030201, mem.readBufferInt(ByteOrder.BIG_ENDIAN, 8));
        mem.writeBufferLong(ByteOrder.LITTLE_ENDIAN, 16, -2L);
        assertEquals(-2, e.getMember("load").execute(16).asInt());
        mem.writeBufferDouble(ByteOrder.BIG_ENDIAN, 24, Math.PI);
        assertEquals(Math.PI, mem.readBufferDouble(ByteOrder.BIG_ENDIAN, 24));
        byte[] bulk = new byte[4];
        mem.readBuffer(8, bulk, 0, 4);
        assertArrayEquals(new byte[]{4, 3, 2, 1}, bulk);

        assertThrows(IndexOutOfBoundsException.class, () -> mem.readBufferInt(ByteOrder.LITTLE_ENDIAN, 65534));
        assertEquals(1, e.getMember("grow").execute(2).asInt());
        assertEquals(3 * 65536, mem.getBufferSize());
        mem.writeBufferByte(3 * 65536 - 1, (byte) 7);
        assertEquals(7, mem.readBufferByte(3 * 65536 - 1));
        assertEquals(-1, e.getMember("grow").execute(2).asInt(), "the declared maximum is 4 pages");
    }

    @Test
    void outOfBoundsTrapIsAGuestExceptionWithAWasmBacktrace() {
        Value e = counter(new ArrayList<>());
        PolyglotException trap = assertThrows(PolyglotException.class, () -> e.getMember("load").execute(65536));
        assertTrue(trap.isGuestException());
        assertFalse(trap.isInternalError());
        assertTrue(trap.getMessage().startsWith("out of bounds memory access"), trap.getMessage());
        boolean wasmFrame = false;
        for (PolyglotException.StackFrame frame : trap.getPolyglotStackTrace()) {
            wasmFrame |= frame.isGuestFrame() && "wasm".equals(frame.getLanguage().getId());
        }
        assertTrue(wasmFrame, "the backtrace names the Wasm frames");
    }

    @Test
    void globalsAreReadableAndWritableWhenMutable() {
        Value e = counter(new ArrayList<>());
        Value count = e.getMember("count");
        assertEquals(0, count.getMember("value").asInt());
        count.putMember("value", 41);
        assertEquals(42, e.getMember("bump").execute().asInt());
        Value version = e.getMember("version");
        assertEquals(42L, version.getMember("value").asLong());
        assertThrows(UnsupportedOperationException.class, () -> version.putMember("value", 1L));
        assertThrows(IllegalArgumentException.class, () -> count.putMember("value", "x"));
    }

    @Test
    void importedGlobalsMayBePlainNumbersOrExportedGlobals() {
        String wat = """
                        (module (import "g" "base" (global i32)) (import "g" "cell" (global (mut i32)))
                          (func (export "sum") (result i32) (i32.add (global.get 0) (global.get 1))))
                        """;
        Value cell = counter(new ArrayList<>()).getMember("count");
        cell.putMember("value", 5);
        Value e = module(wat).invokeMember("newInstance", Map.of("g", Map.of("base", 100, "cell", cell))).getMember("exports");
        assertEquals(105, e.getMember("sum").execute().asInt());
        cell.putMember("value", 6);
        assertEquals(106, e.getMember("sum").execute().asInt(), "a mutable global is shared, not copied");
    }

    @Test
    void tablesExposeTheirElements() {
        Value e = counter(new ArrayList<>());
        Value table = e.getMember("table");
        assertTrue(table.hasArrayElements());
        assertEquals(2, table.getArraySize());
        assertEquals(1, table.getArrayElement(0).execute().asInt());
        assertTrue(table.getArrayElement(1).isNull());
        table.setArrayElement(1, e.getMember("bump"));
        assertEquals(2, table.getArrayElement(1).execute().asInt());
        table.setArrayElement(0, null);
        assertTrue(table.getArrayElement(0).isNull());
        // The polyglot API reports a rejected array element as a ClassCastException.
        assertThrows(ClassCastException.class, () -> table.setArrayElement(1, "not a function"));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> table.getArrayElement(2));
    }

    @Test
    void memoriesAndTablesLinkAcrossInstances() {
        Value provider = counter(new ArrayList<>());
        Value user = module("""
                        (module (import "p" "mem" (memory 1)) (import "p" "table" (table 1 funcref))
                          (type $r (func (result i32)))
                          (func (export "peek") (result i32) (i32.load (i32.const 100)))
                          (func (export "callFirst") (result i32) (call_indirect (type $r) (i32.const 0))))
                        """).invokeMember("newInstance", Map.of("p", Map.of("mem", provider.getMember("mem"), "table", provider.getMember("table"))))
                        .getMember("exports");
        provider.getMember("mem").writeBufferInt(ByteOrder.LITTLE_ENDIAN, 100, 1234);
        assertEquals(1234, user.getMember("peek").execute().asInt());
        assertEquals(1, user.getMember("callFirst").execute().asInt());
    }

    @Test
    void closingTheContextStopsAnInfiniteLoop() throws Exception {
        Context own = Context.newBuilder("wasm").build();
        Value spin = own.eval(WatSources.wat("(module (func (export \"spin\") (loop (br 0))))"))
                        .invokeMember("newInstance").getMember("exports").getMember("spin");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread guest = new Thread(() -> {
            try {
                spin.execute();
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        guest.start();
        Thread.sleep(300);
        own.close(true);
        guest.join(10_000);
        assertFalse(guest.isAlive());
        PolyglotException cancelled = (PolyglotException) outcome.get();
        assertTrue(cancelled.isCancelled(), String.valueOf(cancelled));
    }

    @Test
    @Timeout(120) // without statements to count, the loop would never stop
    void statementLimitStopsAnInfiniteLoopAndCountsIterations() {
        // Each function entry and each loop back edge is one statement.
        Context own = Context.newBuilder("wasm").resourceLimits(ResourceLimits.newBuilder().statementLimit(1000, null).build()).build();
        Value exports = own.eval(WatSources.wat("""
                        (module
                          (func (export "spin") (loop (br 0)))
                          (func (export "count") (param $n i32) (result i32)
                            (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                            (local.get $n)))
                        """)).invokeMember("newInstance").getMember("exports");
        assertEquals(0, exports.getMember("count").execute(500).asInt(), "500 statements fit the limit");
        PolyglotException stopped = assertThrows(PolyglotException.class, () -> exports.getMember("spin").execute());
        assertTrue(stopped.isResourceExhausted() && stopped.getMessage().contains("Statement count limit of 1000 exceeded"),
                        String.valueOf(stopped));
        closeExhausted(own);
    }

    @Test
    @Timeout(120)
    void statementLimitCountsRecursion() {
        Context own = Context.newBuilder("wasm").resourceLimits(ResourceLimits.newBuilder().statementLimit(100, null).build()).build();
        Value down = own.eval(WatSources.wat("""
                        (module (func $down (export "down") (param i32)
                          (if (local.get 0) (then (call $down (i32.sub (local.get 0) (i32.const 1)))))))
                        """)).invokeMember("newInstance").getMember("exports").getMember("down");
        down.execute(50);
        PolyglotException stopped = assertThrows(PolyglotException.class, () -> down.execute(1000));
        assertTrue(stopped.isResourceExhausted(), String.valueOf(stopped));
        closeExhausted(own);
    }

    /** A context stopped by a limit is cancelled: closing it reports that once more. */
    private static void closeExhausted(Context context) {
        PolyglotException onClose = assertThrows(PolyglotException.class, context::close);
        assertTrue(onClose.isCancelled() || onClose.isResourceExhausted(), String.valueOf(onClose));
    }

    @Test
    void concurrentAccessFromASecondThreadIsRefusedClearly() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Value e = module("(module (import \"h\" \"wait\" (func $w)) (func (export \"run\") (call $w)) (func (export \"one\") (result i32) (i32.const 1)))")
                        .invokeMember("newInstance", Map.of("h", Map.of("wait", (ProxyExecutable) a -> {
                            inside.countDown();
                            try {
                                release.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException ex) {
                                Thread.currentThread().interrupt();
                            }
                            return null;
                        }))).getMember("exports");
        Thread first = new Thread(() -> e.getMember("run").execute());
        first.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> e.getMember("one").execute());
        assertTrue(refused.getMessage().contains("Multi threaded access"), refused.getMessage());
        release.countDown();
        first.join(10_000);
    }

    @Test
    void theMemoryLimitOptionCapsGrowthAndInstantiation() {
        try (Context limited = Context.newBuilder("wasm").option("wasm.MaxMemoryPages", "3").build()) {
            Value grow = WatSources.exports(limited, "(module (memory (export \"m\") 1) (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0))))").getMember("grow");
            assertEquals(1, grow.execute(2).asInt());
            assertEquals(-1, grow.execute(1).asInt(), "a fourth page passes the limit");
            Value big = limited.eval(WatSources.wat("(module (memory 4))"));
            PolyglotException tooBig = assertThrows(PolyglotException.class, () -> big.invokeMember("newInstance"));
            assertTrue(tooBig.getMessage().contains("exceeds the limit of 3 pages"), tooBig.getMessage());
        }
    }

    @Test
    void contextsOnOneEngineShareTheModuleButNotItsState() {
        Source source = WatSources.wat("(module (global $g (mut i32) (i32.const 0)) (func (export \"next\") (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))");
        try (org.graalvm.polyglot.Engine engine = org.graalvm.polyglot.Engine.create("wasm");
                        Context a = Context.newBuilder("wasm").engine(engine).build();
                        Context b = Context.newBuilder("wasm").engine(engine).build()) {
            Value nextA = a.eval(source).invokeMember("newInstance").getMember("exports").getMember("next");
            Value nextB = b.eval(source).invokeMember("newInstance").getMember("exports").getMember("next");
            assertEquals(1, nextA.execute().asInt());
            assertEquals(2, nextA.execute().asInt());
            assertEquals(1, nextB.execute().asInt());
        }
    }
}
