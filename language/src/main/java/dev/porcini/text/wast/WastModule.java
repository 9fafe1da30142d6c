package dev.porcini.text.wast;

import dev.porcini.error.WasmException;
import dev.porcini.text.Wat;
import dev.porcini.text.SExpr.SList;

/**
 * A module written in a script: binary (bytes given), text (an S-expression), or quote (text given
 * as strings). Text is encoded only by {@link #encode()}, so a malformed module is reported there,
 * as a {@link WasmException} of kind MALFORMED, and not while parsing the script.
 */
public final class WastModule {

    public enum Kind {
        BINARY,
        TEXT,
        QUOTE
    }

    private final Kind kind;
    private final int line;
    private final byte[] binary;
    private final SList text;
    private final String quote;

    private WastModule(Kind kind, int line, byte[] binary, SList text, String quote) {
        this.kind = kind;
        this.line = line;
        this.binary = binary;
        this.text = text;
        this.quote = quote;
    }

    static WastModule binary(int line, byte[] bytes) {
        return new WastModule(Kind.BINARY, line, bytes, null, null);
    }

    static WastModule text(int line, SList module) {
        return new WastModule(Kind.TEXT, line, null, module, null);
    }

    static WastModule quote(int line, String source) {
        return new WastModule(Kind.QUOTE, line, null, null, source);
    }

    public Kind kind() {
        return kind;
    }

    /** The line where the module starts in the script. */
    public int line() {
        return line;
    }

    /** For a quote module, the quoted source text; otherwise null. */
    public String quotedSource() {
        return quote;
    }

    /** The binary module, with a {@code name} section for text and quote modules. */
    public byte[] encode() {
        return encode(true);
    }

    /**
     * The binary module. For a binary module, its bytes as written (a malformed binary is for the
     * decoder to reject).
     *
     * @param names whether text and quote modules get a {@code name} section
     * @throws WasmException of kind MALFORMED if the text is malformed
     */
    public byte[] encode(boolean names) {
        return switch (kind) {
            case BINARY -> binary.clone();
            case TEXT -> Wat.encodeModule(text, names);
            case QUOTE -> Wat.encodeModule(quote, names);
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " module at line " + line;
    }
}
