package dev.porcini.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The runtimes compared, and the command line that runs a kernel on each through its driver. */
enum Runtime {
    PORCINI("Porcini"),
    GRAALWASM("GraalWasm"),
    CHICORY("Chicory"),
    NODE("Node (V8, --no-liftoff)"),
    NATIVE("native clang -O2");

    final String label;

    Runtime(String label) {
        this.label = label;
    }

    /** Where the harness finds things: the project root, the JDK running it, the Maven-written class paths. */
    record Paths(Path root, Path java) {
        Path bench() {
            return root.resolve("benchmarks");
        }

        Path harness() {
            return bench().resolve("target/harness");
        }
    }

    /** The command that runs {@code driverArgs} (see {@link Driver}) for {@code kernel}. */
    List<String> command(Paths p, Kernel kernel, boolean simd, List<String> driverArgs) {
        List<String> cmd = new ArrayList<>();
        String wasm = kernel.wasm(p.bench().resolve("kernels"), simd).toString();
        switch (this) {
            case PORCINI, GRAALWASM -> {
                cmd.addAll(truffleJvm(p));
                cmd.add(PolyglotDriver.class.getName());
            }
            case CHICORY -> cmd.addAll(List.of(p.java().toString(), "-cp",
                            p.bench().resolve("target/classes") + java.io.File.pathSeparator + jars(p.harness().resolve("chicory")),
                            ChicoryDriver.class.getName()));
            case NODE -> cmd.addAll(List.of("node", "--no-liftoff", p.bench().resolve("drivers/node-driver.cjs").toString()));
            case NATIVE -> {
                // The native build has no .wasm: it is the kernel's C source linked with kernels/src/native.c.
                cmd.add(p.bench().resolve("target/native").resolve(kernel.source()).toString());
                cmd.add(driverArgs.get(0));
                cmd.addAll(driverArgs.subList(1, driverArgs.size()));
                return cmd;
            }
        }
        cmd.add(driverArgs.get(0));
        cmd.add(wasm);
        cmd.addAll(driverArgs.subList(1, driverArgs.size()));
        return cmd;
    }

    /** The JVM command line, up to the main class, for Porcini or GraalWasm: the same JDK and Graal compiler, each its own class path. */
    List<String> truffleJvm(Paths p) {
        if (this != PORCINI && this != GRAALWASM) {
            throw new IllegalArgumentException(this + " is not a Truffle engine");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(p.java().toString());
        // The Graal JIT on a stock JDK 25 (DESIGN.md); the drivers and benchmarks refuse to report without it.
        cmd.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                        // As launcher/porcini runs Porcini: C2 keeps the branches of a Truffle interpreter it has not seen taken.
                        "-XX:PerMethodTrapLimit=0",
                        // As launcher/porcini runs Porcini: HotSpot's C1 only, so C2 does not take a core from Graal's compilations.
                        "-XX:TieredStopAtLevel=1",
                        "--upgrade-module-path=" + p.root().resolve("target/jvmci"),
                        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                        // Porcini compiles SIMD through the Vector API when this module is present; GraalWasm gets the same JVM options.
                        "--add-modules", "jdk.incubator.vector"));
        String engine = this == PORCINI ? read(p.harness().resolve("porcini.classpath"))
                        : read(p.harness().resolve("truffle.classpath")) + java.io.File.pathSeparator + jars(p.harness().resolve("graalwasm"));
        cmd.addAll(List.of("-cp", p.bench().resolve("target/classes") + java.io.File.pathSeparator + engine));
        return cmd;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + file + ": build with ./mvnw -Pharness package (benchmarks/run does)", e);
        }
    }

    private static String jars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(Path::toString).filter(f -> f.endsWith(".jar")).sorted().collect(Collectors.joining(java.io.File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + dir + ": build with ./mvnw -Pharness package (benchmarks/run does)", e);
        }
    }
}
