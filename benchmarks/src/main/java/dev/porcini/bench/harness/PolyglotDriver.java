package dev.porcini.bench.harness;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * Driver for the Truffle engines, Porcini and GraalWasm: both are language {@code wasm}, so the same
 * code serves both and the class path the harness gives the JVM decides which one runs.
 */
public final class PolyglotDriver extends Driver {
    private Value init;
    private Value run;

    public static void main(String[] args) throws Exception {
        new PolyglotDriver().drive(args);
    }

    @Override
    String load(byte[] wasm, String name) {
        Context context = Context.newBuilder("wasm").build();
        String implementation = context.getEngine().getImplementationName();
        if ("Interpreted".equals(implementation)) {
            // A result from the fallback interpreter says nothing about the JIT: refuse to report one.
            System.err.println("the Graal JIT is not active (Truffle runs Interpreted); check the JVMCI flags");
            System.exit(3);
        }
        Value module = context.eval(Source.newBuilder("wasm", ByteSequence.create(wasm), name).buildLiteral());
        // Porcini instantiates with the member newInstance(); GraalWasm's module is instantiable itself.
        Value instance = module.hasMember("newInstance") ? module.invokeMember("newInstance") : module.newInstance();
        Value exports = instance.getMember("exports");
        init = exports.getMember("bench_init");
        run = exports.getMember("bench_run");
        // Both engines call themselves "WebAssembly"; the class path tells which one this is.
        return (isPorcini() ? "porcini" : "graalwasm") + "/" + implementation;
    }

    private static boolean isPorcini() {
        try {
            Class.forName("dev.porcini.language.WasmLanguage");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    int init(int size) {
        return init.execute(size).asInt();
    }

    @Override
    int run(int iterations) {
        return run.execute(iterations).asInt();
    }
}
