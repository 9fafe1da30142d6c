package dev.porcini.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The WebAssembly 3.0 relaxed-SIMD scripts ({@code relaxed_*} and {@code *_relaxed_*}), which
 * Porcini implements ahead of the rest of 3.0. They must pass with no failures.
 */
class RelaxedSimdSuiteTest {
    @TestFactory
    Stream<DynamicTest> relaxedSimd() throws IOException {
        Path folder = SpecSuiteTest.suiteRoot().resolve("wasm-3.0");
        List<Path> scripts;
        try (Stream<Path> entries = Files.list(folder)) {
            scripts = entries.filter(p -> p.getFileName().toString().endsWith(".wast"))
                            .filter(p -> p.getFileName().toString().startsWith("relaxed_")
                                            || p.getFileName().toString().contains("_relaxed_"))
                            .sorted()
                            .toList();
        }
        assertFalse(scripts.isEmpty(), "no relaxed-SIMD scripts in " + folder);
        return scripts.stream().map(script -> {
            String key = "wasm-3.0/" + script.getFileName();
            return DynamicTest.dynamicTest(key, script.toUri(), () -> {
                ScriptOutcome outcome = SpecSuiteTest.run(key, script);
                assertTrue(outcome.clean(), key + ": " + outcome.report(SpecSuiteTest.SHOWN_FAILURES));
            });
        });
    }
}
