package dev.porcini.bench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * What the benchmarks need from a {@code wasm} engine through the polyglot API alone, so the same code
 * measures Porcini or GraalWasm, whichever the class path holds (both use the language id {@code wasm}).
 */
public final class WasmEngines {
    private WasmEngines() {
    }

    /** A context on the Graal JIT; refuses the fallback interpreter, whose numbers would prove nothing. */
    public static Context jitContext() {
        Context context = Context.newBuilder("wasm").build();
        if ("Interpreted".equals(context.getEngine().getImplementationName())) {
            context.close();
            throw new IllegalStateException("the Graal JIT is not active (Truffle runs Interpreted); start the JVM with the JVMCI flags, "
                            + "as benchmarks/run does");
        }
        return context;
    }

    /** Instantiates a module without imports: Porcini has the member newInstance(), GraalWasm's module is instantiable itself. */
    public static Value instantiate(Value module) {
        return module.hasMember("newInstance") ? module.invokeMember("newInstance") : module.newInstance();
    }

    /** The exports of a fresh instance of {@code module}. */
    public static Value exports(Value module) {
        return instantiate(module).getMember("exports");
    }

    /** The exports of a fresh instance of benchmarks/modules/NAME.wasm in {@code context}. */
    public static Value benchmarkExports(Context context, String name) {
        return exports(context.eval(binarySource(benchmarkModule(name), name + ".wasm", true)));
    }

    /** A binary module's source; uncached sources are decoded and validated again on every eval. */
    public static Source binarySource(byte[] wasm, String name, boolean cached) {
        return Source.newBuilder("wasm", ByteSequence.create(wasm), name).cached(cached).buildLiteral();
    }

    /** "porcini" or "graalwasm", from the class path. */
    public static String engineName() {
        try {
            Class.forName("dev.porcini.language.WasmLanguage");
            return "porcini";
        } catch (ClassNotFoundException e) {
            return "graalwasm";
        }
    }

    /** A module of benchmarks/modules, found from the system property porcini.root (set by benchmarks/run) or the working directory. */
    public static byte[] benchmarkModule(String name) {
        Path root = Path.of(System.getProperty("porcini.root", "."));
        Path file = root.resolve("benchmarks/modules").resolve(name + ".wasm");
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (run from the project root or set -Dporcini.root)", e);
        }
    }
}
