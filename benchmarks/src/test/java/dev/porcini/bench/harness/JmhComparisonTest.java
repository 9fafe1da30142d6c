package dev.porcini.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JMH comparison reads JMH's CSV output and reports medians with the GraalWasm / Porcini ratio. */
class JmhComparisonTest {
    @TempDir
    Path dir;

    @Test
    void readsJmhCsv() throws IOException {
        Path csv = Files.writeString(dir.resolve("r.csv"), """
                        "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
                        "dev.porcini.bench.engine.InstantiationBenchmark.compile","avgt",1,5,31.015133,5.310222,"ms/op"
                        "dev.porcini.bench.engine.MemoryLoopBenchmark.loadStoreLoop","avgt",1,5,33310.5,120.25,"ns/op"
                        """);
        Map<String, JmhComparison.Score> scores = JmhComparison.readCsv(csv);
        assertEquals(List.of("InstantiationBenchmark.compile", "MemoryLoopBenchmark.loadStoreLoop"), List.copyOf(scores.keySet()));
        assertEquals(new JmhComparison.Score(31.015133, "ms/op"), scores.get("InstantiationBenchmark.compile"));
    }

    @Test
    void reportsMediansAndRatios() {
        var porcini = Map.of("B.x", List.of(new JmhComparison.Score(30, "ms/op"), new JmhComparison.Score(10, "ms/op"),
                        new JmhComparison.Score(20, "ms/op")));
        var graalwasm = Map.of("B.x", List.of(new JmhComparison.Score(50, "ms/op"), new JmhComparison.Score(40, "ms/op"),
                        new JmhComparison.Score(90, "ms/op")));
        String md = JmhComparison.report(Map.of(Runtime.PORCINI, porcini, Runtime.GRAALWASM, graalwasm), 3, "");
        assertTrue(md.contains("| B.x | 20.0 ms/op | 50.0 ms/op | 2.50× |"), md);
    }
}
