package dev.porcini.nodes;

import java.util.Arrays;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.RootNode;

import dev.porcini.runtime.HostFunction;
import dev.porcini.runtime.WasmInstance;

/** Runs a Java {@link HostFunction} as a call target with Porcini's calling convention. */
public final class HostFunctionRootNode extends RootNode {
    private final HostFunction function;
    private final String name;

    public HostFunctionRootNode(TruffleLanguage<?> language, HostFunction function, String name) {
        super(language);
        this.function = function;
        this.name = name;
    }

    @Override
    public Object execute(VirtualFrame frame) {
        return call(frame.getArguments());
    }

    /** Argument 0 is the calling instance: host functions have no instance of their own. */
    @TruffleBoundary
    private Object call(Object[] args) {
        return function.call((WasmInstance) args[0], Arrays.copyOfRange(args, 1, args.length));
    }

    @Override
    public String getName() {
        return name;
    }
}
