package dev.porcini.bench.harness;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/** Driver for Chicory with its compiler, which translates the whole module to JVM bytecode at load. */
public final class ChicoryDriver extends Driver {
    private ExportFunction init;
    private ExportFunction run;

    public static void main(String[] args) throws Exception {
        new ChicoryDriver().drive(args);
    }

    @Override
    String load(byte[] wasm, String name) {
        WasmModule module = Parser.parse(wasm);
        Instance instance = Instance.builder(module).withMachineFactory(MachineFactoryCompiler.compile(module)).build();
        init = instance.export("bench_init");
        run = instance.export("bench_run");
        return "chicory-compiler/" + Instance.class.getPackage().getImplementationVersion();
    }

    @Override
    int init(int size) {
        return (int) init.apply(size)[0];
    }

    @Override
    int run(int iterations) {
        return (int) run.apply(iterations)[0];
    }
}
