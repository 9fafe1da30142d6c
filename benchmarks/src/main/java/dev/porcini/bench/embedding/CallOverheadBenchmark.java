package dev.porcini.bench.embedding;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.porcini.bench.engine.WasmEngines;

/**
 * Cost of crossing the host boundary. The {@code wasmCalls*} benchmarks make {@link #CALLS} calls
 * from a Wasm loop, so their time per operation divided by {@code CALLS} is the cost of one call;
 * {@code hostCallsWasm} is one {@code Value.execute} from Java. Run with the JIT flags of the parent
 * pom (the forked JVM inherits them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CallOverheadBenchmark {
    static final int CALLS = 1000;

    private static final String WAT = """
                    (module
                      (import "host" "inc" (func $hostInc (param i32) (result i32)))
                      (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
                      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
                      (func (export "loopWasm") (param $n i32) (result i32) (local $acc i32)
                        (block $done (loop $l
                          (br_if $done (i32.eqz (local.get $n)))
                          (local.set $acc (call $inc (local.get $acc)))
                          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                          (br $l)))
                        (local.get $acc))
                      (func (export "loopHost") (param $n i32) (result i32) (local $acc i32)
                        (block $done (loop $l
                          (br_if $done (i32.eqz (local.get $n)))
                          (local.set $acc (call $hostInc (local.get $acc)))
                          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                          (br $l)))
                        (local.get $acc)))
                    """;

    private Context context;
    private Value add;
    private Value loopWasm;
    private Value loopJava;
    private Value loopJs;

    @Setup(Level.Trial)
    public void setUp() {
        context = WasmEngines.jitContext();
        Value module = context.eval(Source.newBuilder("wasm", WAT, "calls.wat").mimeType("text/x-wat").buildLiteral());
        ProxyExecutable javaInc = args -> args[0].asInt() + 1;
        Value java = module.invokeMember("newInstance", ProxyObject.fromMap(Map.of("host", ProxyObject.fromMap(Map.of("inc", javaInc)))))
                        .getMember("exports");
        add = java.getMember("add");
        loopWasm = java.getMember("loopWasm");
        loopJava = java.getMember("loopHost");
        loopJs = JsImports.loopHostWithJavaScriptImport(WAT);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.close();
        JsImports.close();
    }

    @Benchmark
    public int hostCallsWasm() {
        return add.execute(20, 22).asInt();
    }

    @Benchmark
    public int wasmCallsWasm() {
        return loopWasm.execute(CALLS).asInt();
    }

    @Benchmark
    public int wasmCallsJavaProxyExecutable() {
        return loopJava.execute(CALLS).asInt();
    }

    @Benchmark
    public int wasmCallsJavaScriptFunction() {
        return loopJs == null ? 0 : loopJs.execute(CALLS).asInt();
    }
}
