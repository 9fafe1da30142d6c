package dev.porcini.bench.engine;

import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
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

/**
 * Loading a 2 MB module (benchmarks/modules/large_module.wasm: 11,500 functions, a table of all of
 * them, a 64 KiB data segment). The source is uncached, so every eval decodes and validates again.
 * <ul>
 * <li>{@code compile}: bytes to module (decode, validate, whatever the engine does eagerly);
 * <li>{@code instantiate}: one more instance of an already compiled module (memory, data, table);
 * <li>{@code compileInstantiateCall}: bytes to the first result of an export, everything a user waits for.
 * </ul>
 * A fresh context per iteration keeps the instances of one iteration from piling up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InstantiationBenchmark {
    /** What export "first" returns for (1, 2); Node agrees. */
    static final int FIRST_RESULT = 133824512;

    private byte[] wasm;
    private Context context;
    private Value compiled;

    @Setup(Level.Trial)
    public void load() {
        wasm = WasmEngines.benchmarkModule("large_module");
    }

    @Setup(Level.Iteration)
    public void setUp() {
        context = WasmEngines.jitContext();
        compiled = context.eval(source());
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        context.close();
    }

    private Source source() {
        return WasmEngines.binarySource(wasm, "large_module.wasm", false);
    }

    @Benchmark
    public Value compile() {
        return context.eval(source());
    }

    @Benchmark
    public Value instantiate() {
        return WasmEngines.instantiate(compiled);
    }

    @Benchmark
    public int compileInstantiateCall() {
        int result = WasmEngines.exports(context.eval(source())).getMember("first").execute(1, 2).asInt();
        if (result != FIRST_RESULT) {
            throw new IllegalStateException("first(1, 2) returned " + result);
        }
        return result;
    }
}
