package dev.porcini.text;

import dev.porcini.error.WasmException;
import dev.porcini.text.SExpr.Atom;
import dev.porcini.text.SExpr.SList;

/** Reads the elements of one list from left to right, with the checks the grammar needs. */
public final class Cursor {
    private final SList list;
    private int pos;

    /** A cursor over {@code list}, starting at element {@code start} (1 skips the head keyword). */
    public Cursor(SList list, int start) {
        this.list = list;
        this.pos = start;
    }

    public boolean atEnd() {
        return pos >= list.items().size();
    }

    /** The next element, or null at the end. */
    public SExpr peek() {
        return peek(0);
    }

    public SExpr peek(int ahead) {
        int i = pos + ahead;
        return i < list.items().size() ? list.items().get(i) : null;
    }

    /** The next element; at the end of the list, an "unexpected token )" error. */
    public SExpr next() {
        if (atEnd()) {
            throw endError();
        }
        return list.items().get(pos++);
    }

    /** An error at the next element, or at the closing parenthesis if there is none. */
    public WasmException error(String message) {
        SExpr at = peek();
        return at != null ? at.error(message) : endError(message);
    }

    private WasmException endError() {
        return endError("unexpected token )");
    }

    private WasmException endError(String message) {
        return WasmException.malformed(list.endLine() + ":" + list.endColumn() + ": " + message);
    }

    /** The error for a misplaced element: text that is no valid token is an "unknown operator". */
    public static WasmException unexpected(SExpr at) {
        if (at instanceof Atom a && a.kind() != Atom.Kind.STRING && a.kind() != Atom.Kind.ID) {
            return Literals.notANumber(a);
        }
        return at.error("unexpected token " + abbreviate(at));
    }

    private static String abbreviate(SExpr at) {
        return at instanceof SList l ? "(" + (l.head() != null ? l.head() : "") : at.toString();
    }

    /** Fails unless the list is exhausted. */
    public void expectEnd() {
        if (!atEnd()) {
            throw unexpected(peek());
        }
    }

    public boolean peekKeyword(String keyword) {
        SExpr next = peek();
        return next != null && next.isKeyword(keyword);
    }

    public boolean peekList(String head) {
        SExpr next = peek();
        return next != null && next.isList(head);
    }

    /** Consumes the keyword if it is next. */
    public boolean tryKeyword(String keyword) {
        if (peekKeyword(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    public void expectKeyword(String keyword) {
        if (!tryKeyword(keyword)) {
            throw atEnd() ? endError() : unexpected(peek());
        }
    }

    /** Consumes and returns the next keyword atom. */
    public Atom nextKeyword() {
        SExpr next = next();
        if (next instanceof Atom a && a.kind() == Atom.Kind.KEYWORD) {
            return a;
        }
        throw unexpected(next);
    }

    /** Consumes the next element, which must be a list starting with {@code head}. */
    public SList nextList(String head) {
        SExpr next = next();
        if (next.isList(head)) {
            return (SList) next;
        }
        throw unexpected(next);
    }

    /** Consumes and returns an identifier if one is next, else returns null. */
    public Atom optionalId() {
        if (peek() instanceof Atom a && a.kind() == Atom.Kind.ID) {
            pos++;
            return a;
        }
        return null;
    }

    /** True if the next element can be an index: an identifier or an unsigned integer. */
    public boolean peekIndex() {
        SExpr next = peek();
        return next != null && (next.atomKind() == Atom.Kind.ID || Literals.isNat(next));
    }

    public boolean peekString() {
        return peek() != null && peek().atomKind() == Atom.Kind.STRING;
    }

    /** Consumes a string literal and returns its bytes. */
    public byte[] nextString() {
        SExpr next = next();
        if (next instanceof Atom a && a.kind() == Atom.Kind.STRING) {
            return a.string();
        }
        throw unexpected(next);
    }

    /** Consumes a string that must be valid UTF-8 (a name) and returns its bytes. */
    public byte[] nextName() {
        SExpr at = peek();
        byte[] bytes = nextString();
        Utf8.decode(bytes, at);
        return bytes;
    }
}
