package dev.porcini.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.porcini.binary.ModuleDecoder;
import dev.porcini.bytecode.LoweredCode;
import dev.porcini.module.WasmModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The benchmark kernels' builds (clang's code) as test input for the lowering. */
final class KernelBuilds {
    private static final Path DIR = Path.of("../benchmarks/kernels/wasm");

    private KernelBuilds() {
    }

    /**
     * Lowers every function of every kernel build whose file name ends with {@code suffix}, checks
     * each with {@link LoweredCodeVerifier}, and returns the lowered code.
     *
     * @param atLeast the fewest builds expected, so that a missing folder fails the test
     */
    static List<LoweredCode> verifiedFunctions(String suffix, int atLeast) throws IOException {
        List<Path> builds;
        try (Stream<Path> files = Files.list(DIR)) {
            builds = files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
        assertTrue(builds.size() >= atLeast, "kernel builds in " + DIR.toAbsolutePath() + ": " + builds);
        List<LoweredCode> lowered = new ArrayList<>();
        for (Path build : builds) {
            WasmModule m = ModuleDecoder.decode(Files.readAllBytes(build));
            LoweredCode[] codes = Validator.validate(m);
            for (int i = 0; i < codes.length; i++) {
                LoweredCodeVerifier.verify(m, m.importedFunctions() + i, codes[i]);
                lowered.add(codes[i]);
            }
        }
        return lowered;
    }
}
