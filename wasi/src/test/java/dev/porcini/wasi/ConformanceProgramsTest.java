package dev.porcini.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every C, AssemblyScript and Rust program in {@code src/test/c}, {@code src/test/assemblyscript}
 * and {@code src/test/rust} (compiled to {@code wasi-programs/*.wasm}) and checks its stdout and
 * exit code against the {@code //!} lines in its source.
 */
class ConformanceProgramsTest {
    private static final List<Path> SOURCE_DIRS = List.of(Path.of("src/test/c"), Path.of("src/test/assemblyscript"), Path.of("src/test/rust"));
    private static final List<String> EXTENSIONS = List.of(".c", ".ts", ".rs");

    @TempDir
    Path tmp;

    private static List<Path> sources() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Path dir : SOURCE_DIRS) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> EXTENSIONS.stream().anyMatch(p.toString()::endsWith)).forEach(sources::add);
            }
        }
        return sources;
    }

    private static String name(Path source) {
        String file = source.getFileName().toString();
        return file.substring(0, file.lastIndexOf('.'));
    }

    static Stream<String> programs() throws IOException {
        return sources().stream().map(ConformanceProgramsTest::name).sorted();
    }

    private static Path source(String name) throws IOException {
        return sources().stream().filter(p -> name(p).equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("programs")
    void program(String name) throws IOException {
        List<String> args = new ArrayList<>(List.of(name + ".wasm"));
        Map<String, String> env = new LinkedHashMap<>();
        StringBuilder stdin = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        int exit = 0;
        for (String line : Files.readAllLines(source(name))) {
            if (!line.startsWith("//! ")) {
                continue;
            }
            int colon = line.indexOf(':');
            String key = line.substring(4, colon);
            String value = line.length() > colon + 1 ? line.substring(colon + 2) : "";
            switch (key) {
                case "arg" -> args.add(value);
                case "env" -> env.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                case "stdin" -> stdin.append(value).append('\n');
                case "out" -> expected.append(value).append('\n');
                case "exit" -> exit = Integer.parseInt(value);
                default -> throw new IllegalStateException("unknown directive " + key);
            }
        }
        Path sandbox = WasiRun.sandbox(tmp);
        WasiRun run = WasiRun.run(WasiRun.program(name), args, env, sandbox + "::/sandbox", stdin.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(expected.toString(), run.stdout(), name + " stdout (stderr: " + run.stderr() + ")");
        assertEquals(exit, run.exitCode(), name + " exit code");
        // Whatever the program tried, nothing outside the sandbox changed.
        try (Stream<Path> outside = Files.list(tmp.resolve("outside"))) {
            assertEquals(List.of("secret.txt"), outside.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("secret", Files.readString(tmp.resolve("outside/secret.txt")));
        assertTrue(Files.exists(tmp.resolve("sandbox")));
    }
}
