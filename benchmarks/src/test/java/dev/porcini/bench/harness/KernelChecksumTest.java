package dev.porcini.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every committed kernel module loads on Porcini and returns the native checksum at its tiny size. */
class KernelChecksumTest {
    private static final Path KERNELS = Path.of(System.getProperty("porcini.kernels.dir", "kernels"));
    private static Context context;

    @BeforeAll
    static void open() {
        context = Context.newBuilder("wasm").build();
    }

    @AfterAll
    static void close() {
        context.close();
    }

    static Stream<Kernel> kernels() {
        return Kernel.readAll(KERNELS).stream();
    }

    @Test
    void runsOnTheOptimizingRuntime() {
        assertNotEquals("Interpreted", context.getEngine().getImplementationName(), "the Graal JIT flags are missing");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void returnsTheNativeChecksum(Kernel kernel) throws IOException {
        Map<String, String> expected = Kernel.checksums(KERNELS);
        Path file = kernel.wasm(KERNELS, false);
        Value module = context.eval(Source.newBuilder("wasm", ByteSequence.create(Files.readAllBytes(file)), file.getFileName().toString()).build());
        Value exports = module.invokeMember("newInstance").getMember("exports");
        assertEquals(0, exports.getMember("bench_init").execute(kernel.tiny()).asInt());
        String got = Driver.hex(exports.getMember("bench_run").execute(1).asInt());
        assertEquals(expected.get(kernel.id() + "/" + kernel.tiny()), got, kernel.id());
    }
}
