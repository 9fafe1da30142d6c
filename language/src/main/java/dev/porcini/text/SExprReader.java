package dev.porcini.text;

import dev.porcini.error.WasmException;
import dev.porcini.text.SExpr.Atom;
import dev.porcini.text.SExpr.SList;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits text-format source into tokens and builds the S-expression tree, skipping whitespace and
 * comments. Tokens follow the spec's longest-match rule: a run of non-space, non-parenthesis
 * characters is one token, so {@code $l"a"} or {@code 0drop} become single (reserved) tokens.
 */
public final class SExprReader {
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private SExprReader(String text) {
        this.text = text;
    }

    /** Reads all top-level expressions of {@code text}. */
    public static List<SExpr> read(String text) {
        Result result = readUnbalanced(text);
        if (result.unbalanced() != null) {
            throw result.unbalanced();
        }
        return result.items();
    }

    /**
     * The expressions read, and the error for unbalanced parentheses if there are any (a stray
     * {@code )} ends the reading, lists open at the end are closed there).
     */
    public record Result(List<SExpr> items, WasmException unbalanced) {
    }

    /**
     * Reads like {@link #read} but leaves reporting unbalanced parentheses to the caller. A module
     * encoder reports errors in the text before them first, as a parser reading left to right would.
     */
    public static Result readUnbalanced(String text) {
        return new SExprReader(text).readAll();
    }

    private Result readAll() {
        Deque<List<SExpr>> open = new ArrayDeque<>();
        Deque<int[]> openAt = new ArrayDeque<>();
        List<SExpr> current = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                break;
            }
            char c = text.charAt(pos);
            if (c == '(') {
                openAt.push(new int[]{line, column()});
                open.push(current);
                current = new ArrayList<>();
                advance();
            } else if (c == ')') {
                if (open.isEmpty()) {
                    return new Result(current, error("unexpected token )"));
                }
                int[] at = openAt.pop();
                SList list = new SList(List.copyOf(current), at[0], at[1], line, column());
                advance();
                current = open.pop();
                current.add(list);
            } else {
                current.add(readToken());
            }
        }
        WasmException unbalanced = open.isEmpty() ? null : error("unexpected end of input: unclosed (");
        while (!open.isEmpty()) {
            int[] at = openAt.pop();
            SList list = new SList(List.copyOf(current), at[0], at[1], line, column());
            current = open.pop();
            current.add(list);
        }
        return new Result(current, unbalanced);
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private WasmException error(String message) {
        return errorAt(line, column(), message);
    }

    private static WasmException errorAt(int line, int column, String message) {
        return WasmException.malformed(line + ":" + column + ": " + message);
    }

    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private void advance() {
        if (text.charAt(pos) == '\n') {
            line++;
            lineStart = pos + 1;
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                advance();
            } else if (text.startsWith(";;", pos)) {
                // A line comment ends at a line feed or a carriage return.
                while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    advance();
                }
            } else if (text.startsWith("(;", pos)) {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipBlockComment() {
        int startLine = line;
        int startColumn = column();
        int depth = 0;
        do {
            if (pos >= text.length()) {
                throw errorAt(startLine, startColumn, "unclosed comment");
            }
            if (text.startsWith("(;", pos)) {
                depth++;
                advance();
            } else if (text.startsWith(";)", pos)) {
                depth--;
                advance();
            }
            advance();
        } while (depth > 0);
    }

    private static boolean isDelimiter(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')';
    }

    /** The spec's idchar set: printable ASCII except space, quotes, parentheses, comma, semicolon, brackets, braces. */
    static boolean isIdChar(char c) {
        return c > ' ' && c < 0x7F && "\"(),;[]{}".indexOf(c) < 0;
    }

    private Atom readToken() {
        int startLine = line;
        int startColumn = column();
        int start = pos;
        int strings = 0;
        byte[] lastString = null;
        int lastStringStart = -1;
        int lastStringEnd = -1;
        while (pos < text.length() && !isDelimiter(text.charAt(pos)) && !text.startsWith(";;", pos)) {
            if (text.charAt(pos) == '"') {
                lastStringStart = pos;
                lastString = readString();
                lastStringEnd = pos;
                strings++;
            } else {
                advance();
            }
        }
        String token = text.substring(start, pos);
        Atom.Kind kind;
        byte[] string = null;
        boolean endsWithString = strings == 1 && lastStringEnd == pos;
        if (endsWithString && lastStringStart == start) {
            kind = Atom.Kind.STRING;
            string = lastString;
        } else if (endsWithString && lastStringStart == start + 1 && token.charAt(0) == '$') {
            kind = Atom.Kind.ID; // $"name"
            string = lastString;
        } else if (strings > 0 || !allIdChars(token)) {
            kind = Atom.Kind.RESERVED;
        } else if (token.charAt(0) == '$') {
            kind = token.length() > 1 ? Atom.Kind.ID : Atom.Kind.RESERVED;
        } else {
            kind = Atom.Kind.KEYWORD;
        }
        return new Atom(kind, token, string, startLine, startColumn);
    }

    private static boolean allIdChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isIdChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Reads a string literal starting at the opening quote and returns its bytes. */
    private byte[] readString() {
        int startLine = line;
        int startColumn = column();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        advance();
        while (true) {
            if (pos >= text.length()) {
                throw errorAt(startLine, startColumn, "unclosed string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                advance();
                return out.toByteArray();
            }
            if (c < 0x20 || c == 0x7F) {
                throw error("illegal control character in string");
            }
            if (c != '\\') {
                int cp = text.codePointAt(pos);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                pos += Character.charCount(cp);
                continue;
            }
            int escapeLine = line;
            int escapeColumn = column();
            advance();
            if (pos >= text.length()) {
                throw errorAt(startLine, startColumn, "unclosed string");
            }
            char e = text.charAt(pos);
            switch (e) {
                case 't' -> out.write('\t');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case '"', '\'', '\\' -> out.write(e);
                case 'u' -> {
                    out.writeBytes(readUnicodeEscape(escapeLine, escapeColumn));
                    continue;
                }
                default -> {
                    int hi = hexDigit(e);
                    int lo = pos + 1 < text.length() ? hexDigit(text.charAt(pos + 1)) : -1;
                    if (hi < 0 || lo < 0) {
                        throw errorAt(escapeLine, escapeColumn, "illegal escape");
                    }
                    out.write(hi * 16 + lo);
                    advance();
                }
            }
            advance();
        }
    }

    /** Reads {@code u{hex}} (positioned at the u) and returns the code point's UTF-8 bytes. */
    private byte[] readUnicodeEscape(int escapeLine, int escapeColumn) {
        advance();
        if (pos >= text.length() || text.charAt(pos) != '{') {
            throw errorAt(escapeLine, escapeColumn, "illegal escape");
        }
        advance();
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != '}') {
            advance();
        }
        if (pos >= text.length()) {
            throw errorAt(escapeLine, escapeColumn, "illegal escape");
        }
        String digits = text.substring(start, pos);
        advance();
        Long value = Literals.parseUnsigned(digits, 16);
        if (value == null || value >= 0x110000 || (value >= 0xD800 && value < 0xE000)) {
            throw errorAt(escapeLine, escapeColumn, "illegal escape");
        }
        return new String(Character.toChars(value.intValue())).getBytes(StandardCharsets.UTF_8);
    }
}
