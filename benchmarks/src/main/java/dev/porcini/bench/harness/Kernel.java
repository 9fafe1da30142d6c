package dev.porcini.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One row of {@code kernels/kernels.tsv}: a kernel, the source it is built from, and its three sizes. */
record Kernel(String id, String source, String group, int size, int small, int tiny) {

    /** Reads kernels.tsv from the kernels folder. */
    static List<Kernel> readAll(Path kernelsDir) {
        return rows(kernelsDir.resolve("kernels.tsv")).stream()
                        .map(f -> new Kernel(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5])))
                        .toList();
    }

    /** Reads checksums.tsv: "id/size" to the expected checksum, as build.sh computed it natively. */
    static Map<String, String> checksums(Path kernelsDir) {
        Map<String, String> expected = new HashMap<>();
        for (String[] f : rows(kernelsDir.resolve("checksums.tsv"))) {
            expected.put(f[0] + "/" + f[1], f[2]);
        }
        return expected;
    }

    Path wasm(Path kernelsDir, boolean simd) {
        return kernelsDir.resolve("wasm").resolve(source + (simd ? ".simd.wasm" : ".wasm"));
    }

    private static List<String[]> rows(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
