package dev.porcini.bench.harness;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

import dev.porcini.bench.engine.WasmEngines;

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
        Context context;
        try {
            context = WasmEngines.jitContext();
        } catch (IllegalStateException e) {
            // A result from the fallback interpreter says nothing about the JIT: refuse to report one.
            System.err.println(e.getMessage());
            System.exit(3);
            return null;
        }
        Value exports = WasmEngines.exports(context.eval(WasmEngines.binarySource(wasm, name, true)));
        init = exports.getMember("bench_init");
        run = exports.getMember("bench_run");
        // Both engines call themselves "WebAssembly"; the class path tells which one this is.
        return WasmEngines.engineName() + "/" + context.getEngine().getImplementationName();
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
