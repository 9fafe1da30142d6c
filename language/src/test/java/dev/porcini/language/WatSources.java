package dev.porcini.language;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/** Test shorthand: WAT text as a source, and a fresh instance's exports. */
final class WatSources {
    private WatSources() {
    }

    static Source wat(String text) {
        return Source.newBuilder("wasm", text, "test.wat").mimeType("text/x-wat").buildLiteral();
    }

    static Value exports(Context context, String text) {
        return context.eval(wat(text)).invokeMember("newInstance").getMember("exports");
    }
}
