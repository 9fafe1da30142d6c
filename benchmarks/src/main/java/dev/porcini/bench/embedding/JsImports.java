package dev.porcini.bench.embedding;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/** The JavaScript-import variant, when GraalJS is on the class path (it is not a dependency of this module). */
final class JsImports {
    private static Context context;

    private JsImports() {
    }

    static Value loopHostWithJavaScriptImport(String wat) {
        try (Engine probe = Engine.create()) {
            if (!probe.getLanguages().containsKey("js")) {
                return null;
            }
        }
        context = Context.newBuilder("js", "wasm").build();
        Value module = context.eval(Source.newBuilder("wasm", wat, "calls.wat").mimeType("text/x-wat").buildLiteral());
        context.getBindings("js").putMember("m", module);
        return context.eval("js", "m.newInstance({ host: { inc: (x) => x + 1 } }).exports.loopHost");
    }

    static void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
