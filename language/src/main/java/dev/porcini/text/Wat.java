package dev.porcini.text;

import dev.porcini.error.WasmException;
import dev.porcini.text.SExpr.Atom;
import dev.porcini.text.SExpr.SList;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The WebAssembly text format (WAT): encodes a text module to the binary format.
 *
 * <p>Errors are {@link WasmException}s of kind MALFORMED whose message starts with
 * {@code line:column: }. Only the text format's own rules are checked here (syntax, literals,
 * identifiers, abbreviations); everything else is left to validation of the binary.
 */
public final class Wat {
    private Wat() {
    }

    /** Encodes {@code text} with a {@code name} section. */
    public static byte[] encodeModule(String text) {
        return encodeModule(text, true);
    }

    /**
     * Encodes {@code text}: either one {@code (module ...)} (also {@code (module binary ...)} and
     * {@code (module quote ...)}) or a sequence of module fields.
     *
     * @param names whether to emit a {@code name} custom section with the function and local names
     *            taken from identifiers
     */
    public static byte[] encodeModule(String text, boolean names) {
        SExprReader.Result read = SExprReader.readUnbalanced(text);
        List<SExpr> top = read.items();
        byte[] binary = top.size() == 1 && top.get(0).isList("module")
                        ? encodeModule((SList) top.get(0), names)
                        : ModuleEncoder.encode(top, null, names);
        if (read.unbalanced() != null) {
            throw read.unbalanced();
        }
        return binary;
    }

    /** Encodes a parsed {@code (module id? ...)} list. */
    public static byte[] encodeModule(SList module, boolean names) {
        Cursor c = new Cursor(module, 1);
        Atom id = c.optionalId();
        if (c.tryKeyword("binary")) {
            return concatenatedStrings(c);
        }
        if (c.tryKeyword("quote")) {
            return encodeModule(quotedText(c), names);
        }
        List<SExpr> items = module.items();
        return ModuleEncoder.encode(items.subList(id == null ? 1 : 2, items.size()), id, names);
    }

    /** The remaining string literals of {@code c}, concatenated. */
    public static byte[] concatenatedStrings(Cursor c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!c.atEnd()) {
            out.writeBytes(c.nextString());
        }
        return out.toByteArray();
    }

    /** The text of a {@code (module quote ...)}: its strings concatenated, which must be UTF-8. */
    public static String quotedText(Cursor c) {
        SExpr first = c.peek();
        byte[] bytes = concatenatedStrings(c);
        return first == null ? "" : Utf8.decode(bytes, first);
    }
}
