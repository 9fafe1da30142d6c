package dev.porcini.wast;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.RootNode;
import com.oracle.truffle.api.source.Source;

import dev.porcini.language.WasmLanguage;

/** Runs a WAST script when its source is evaluated; the result is a {@link WastResult}. */
public final class WastRootNode extends RootNode {
    private final Source source;

    public WastRootNode(WasmLanguage language, Source source) {
        super(language);
        this.source = source;
    }

    @Override
    public Object execute(VirtualFrame frame) {
        return run();
    }

    @TruffleBoundary
    private Object run() {
        WastRunner runner = new WastRunner((WasmLanguage) getLanguage(WasmLanguage.class), source);
        runner.run(source.getCharacters().toString(), source.getName());
        return runner.result();
    }
}
