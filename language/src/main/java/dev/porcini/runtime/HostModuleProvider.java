package dev.porcini.runtime;

import java.util.Map;

import com.oracle.truffle.api.TruffleLanguage;

/**
 * A host module that modules can import from by name, such as {@code wasi_snapshot_preview1}.
 * Implementations are found with {@link java.util.ServiceLoader}, so modules beside the language
 * (like {@code wasi}) plug in without the language depending on them. Each context creates the
 * exports once, on the first import from the module.
 */
public interface HostModuleProvider {
    /** The import module name this provider answers for. */
    String moduleName();

    /**
     * Creates the module's exports for one context: {@link WasmFunction}, {@link WasmMemory},
     * {@link WasmTable} or {@link WasmGlobal} values by export name.
     *
     * @param factory makes Wasm function values from Java code
     * @param env the context's environment: options, streams and file system
     */
    Map<String, Object> createExports(HostFunctionFactory factory, TruffleLanguage.Env env);

    /** Makes Wasm function values from Java functions. */
    interface HostFunctionFactory {
        WasmFunction function(dev.porcini.module.FuncType type, String name, HostFunction function);
    }
}
