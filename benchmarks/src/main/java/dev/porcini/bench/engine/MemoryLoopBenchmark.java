package dev.porcini.bench.engine;

import org.graalvm.polyglot.Value;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * A load/store loop over linear memory (benchmarks/modules/memory_loop.wat): two loads and one store
 * per element over {@link #ELEMENTS} i32s. Time divided by {@code ELEMENTS} is the cost of one element.
 */
public class MemoryLoopBenchmark extends ModuleBenchmark {
    static final int ELEMENTS = 16_384;

    private Value saxpy;

    @Override
    String moduleName() {
        return "memory_loop";
    }

    @Override
    void prepare(Value exports) {
        exports.getMember("fill").execute(ELEMENTS);
        saxpy = exports.getMember("saxpy");
        // dst[last] = 3 * (ELEMENTS - 1) + 1 after one pass: checks the module before timing it.
        int first = saxpy.execute(ELEMENTS).asInt();
        if (first != 3 * (ELEMENTS - 1) + 1) {
            throw new IllegalStateException("saxpy computed " + first);
        }
    }

    @Benchmark
    public int loadStoreLoop() {
        return saxpy.execute(ELEMENTS).asInt();
    }
}
