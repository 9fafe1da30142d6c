package dev.porcini.bench.engine;

import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
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
 * A JMH benchmark over one instance of a module of benchmarks/modules, on the Graal JIT. The warm-up
 * is long because a function reaches last-tier code only after several seconds on two cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class ModuleBenchmark {
    private Context context;

    /** The module's name in benchmarks/modules, without .wasm. */
    abstract String moduleName();

    /** Takes what the benchmark needs from the instance's exports, and checks them. */
    abstract void prepare(Value exports);

    @Setup(Level.Trial)
    public void setUp() {
        context = WasmEngines.jitContext();
        prepare(WasmEngines.benchmarkExports(context, moduleName()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.close();
    }
}
