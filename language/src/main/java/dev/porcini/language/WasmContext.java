package dev.porcini.language;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.TruffleLanguage.ContextReference;
import com.oracle.truffle.api.nodes.Node;

import dev.porcini.runtime.HostModuleProvider;

/** Per-context state: the environment (streams, options). Module code itself is shared per engine. */
public final class WasmContext {
    private static final ContextReference<WasmContext> REFERENCE = ContextReference.create(WasmLanguage.class);

    /** Host module providers on the class path, found once. */
    private static final List<HostModuleProvider> PROVIDERS = ServiceLoader.load(HostModuleProvider.class,
                    WasmContext.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

    private final WasmLanguage language;
    private final TruffleLanguage.Env env;
    private final int maxCallDepth;
    private final int maxMemoryPages;
    private final Map<String, Map<String, Object>> hostModules = new HashMap<>();

    WasmContext(WasmLanguage language, TruffleLanguage.Env env) {
        this.language = language;
        this.env = env;
        this.maxCallDepth = env.getOptions().get(WasmOptions.MaxCallDepth);
        this.maxMemoryPages = env.getOptions().get(WasmOptions.MaxMemoryPages);
    }

    public WasmLanguage language() {
        return language;
    }

    /** The cap on linear memory size, in pages (option {@code wasm.MaxMemoryPages}). */
    public int maxMemoryPages() {
        return maxMemoryPages;
    }

    public int maxCallDepth() {
        return maxCallDepth;
    }

    public TruffleLanguage.Env env() {
        return env;
    }

    /** The exports of host module {@code name} (e.g. WASI), created on first use, or null if none exists. */
    @TruffleBoundary
    public Map<String, Object> hostModule(String name) {
        return hostModules.computeIfAbsent(name, n -> {
            for (HostModuleProvider provider : PROVIDERS) {
                if (provider.moduleName().equals(n)) {
                    return provider.createExports(language::hostFunction, env);
                }
            }
            return null;
        });
    }

    public static WasmContext get(Node node) {
        return REFERENCE.get(node);
    }
}
