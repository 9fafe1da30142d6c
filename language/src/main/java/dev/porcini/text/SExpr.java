package dev.porcini.text;

import dev.porcini.error.WasmException;
import java.util.List;

/**
 * A node of the S-expression tree the text format is read into: an atom (one token) or a
 * parenthesized list. Every node knows where it starts, so errors can name a line and column.
 */
public sealed interface SExpr permits SExpr.Atom, SExpr.SList {

    int line();

    int column();

    /** A malformed-text error located at this node. */
    default WasmException error(String message) {
        return WasmException.malformed(line() + ":" + column() + ": " + message);
    }

    /** The atom's kind, or null for a list. */
    default Atom.Kind atomKind() {
        return this instanceof Atom a ? a.kind() : null;
    }

    /** True if this is a keyword atom with exactly this text. */
    default boolean isKeyword(String keyword) {
        return this instanceof Atom a && a.kind() == Atom.Kind.KEYWORD && a.text().equals(keyword);
    }

    /** True if this is a list whose first element is the keyword {@code head}. */
    default boolean isList(String head) {
        return this instanceof SList l && !l.items().isEmpty() && l.items().get(0).isKeyword(head);
    }

    /**
     * One token.
     *
     * @param text the source text of the token (for strings, including the quotes)
     * @param string the decoded bytes of a string token, or of a {@code $"..."} identifier; else null
     */
    record Atom(Kind kind, String text, byte[] string, int line, int column) implements SExpr {

        public enum Kind {
            /** A run of identifier characters not starting with {@code $}: keywords and numbers. */
            KEYWORD,
            /** {@code $name} or {@code $"name"}. */
            ID,
            STRING,
            /** Any other run of characters; never valid. */
            RESERVED
        }

        /** The identifier's name as the index maps key it: the text after {@code $}. */
        public String idName() {
            return string != null ? Utf8.decode(string, this) : text.substring(1);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A parenthesized list; {@code endLine}/{@code endColumn} locate its closing parenthesis. */
    record SList(List<SExpr> items, int line, int column, int endLine, int endColumn) implements SExpr {

        /** The keyword this list starts with, or null. */
        public String head() {
            return !items.isEmpty() && items.get(0) instanceof Atom a && a.kind() == Atom.Kind.KEYWORD ? a.text() : null;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < items.size(); i++) {
                sb.append(i == 0 ? "" : " ").append(items.get(i));
            }
            return sb.append(')').toString();
        }
    }
}
