package dev.porcini.language;

import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.TruffleLanguage.ContextReference;
import com.oracle.truffle.api.nodes.Node;

/** Per-context state: the environment (streams, options). Module code itself is shared per engine. */
public final class WasmContext {
    private static final ContextReference<WasmContext> REFERENCE = ContextReference.create(WasmLanguage.class);

    private final TruffleLanguage.Env env;
    private final int maxCallDepth;

    WasmContext(TruffleLanguage.Env env) {
        this.env = env;
        this.maxCallDepth = env.getOptions().get(WasmOptions.MaxCallDepth);
    }

    public int maxCallDepth() {
        return maxCallDepth;
    }

    public TruffleLanguage.Env env() {
        return env;
    }

    public static WasmContext get(Node node) {
        return REFERENCE.get(node);
    }
}
