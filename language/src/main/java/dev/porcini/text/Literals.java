package dev.porcini.text;

import dev.porcini.error.WasmException;
import dev.porcini.text.SExpr.Atom;
import java.math.BigInteger;

/**
 * Integer and float literals of the text format: decimal and hex, {@code _} digit separators,
 * signs, hex floats, {@code inf}, {@code nan} and {@code nan:0x...}. Floats are rounded to nearest,
 * ties to even, exactly (no detour through another float type); a literal that rounds to infinity
 * is "constant out of range".
 */
public final class Literals {
    private Literals() {
    }

    /** The parameters of a binary float format; {@code precision} counts the implicit bit. */
    private record FloatFormat(int precision, int exponentBits, String name) {
        int maxExponent() {
            return (1 << (exponentBits - 1)) - 1;
        }

        int minExponent() {
            return 1 - maxExponent();
        }

        long expMask() {
            return ((1L << exponentBits) - 1) << (precision - 1);
        }

        long signBit() {
            return 1L << (precision - 1 + exponentBits);
        }
    }

    private static final FloatFormat F32 = new FloatFormat(24, 8, "f32");
    private static final FloatFormat F64 = new FloatFormat(53, 11, "f64");

    /** A u32 (no sign): indices, limits, alignments, lane indices. */
    public static long u32(SExpr at) {
        String text = numberText(at);
        BigInteger n = text.startsWith("+") || text.startsWith("-") ? null : parseNat(text, 0);
        if (n == null) {
            throw notANumber(at);
        }
        if (n.bitLength() > 32) {
            throw at.error("i32 constant out of range");
        }
        return n.longValue();
    }

    /** True if {@code at} is an atom spelling an unsigned integer. */
    public static boolean isNat(SExpr at) {
        return at instanceof Atom a && a.kind() == Atom.Kind.KEYWORD && parseNat(a.text(), 0) != null;
    }

    /**
     * An N-bit integer, signed or unsigned (the spec's iN): -2^(N-1) &lt;= n &lt; 2^N. The result
     * holds the low N bits, sign-extended from bit N-1.
     */
    public static long integer(SExpr at, int bits) {
        String text = numberText(at);
        boolean negative = text.startsWith("-");
        int start = negative || text.startsWith("+") ? 1 : 0;
        BigInteger n = parseNat(text, start);
        if (n == null) {
            throw notANumber(at);
        }
        boolean inRange = negative ? n.compareTo(BigInteger.ONE.shiftLeft(bits - 1)) <= 0 : n.bitLength() <= bits;
        if (!inRange) {
            throw at.error("constant out of range (i" + bits + ")");
        }
        long value = (negative ? n.negate() : n).longValue();
        return bits == 64 ? value : (value << (64 - bits)) >> (64 - bits);
    }

    /** An f32 literal as raw IEEE bits. */
    public static int f32(SExpr at) {
        return (int) parseFloat(at, F32);
    }

    /** An f64 literal as raw IEEE bits. */
    public static long f64(SExpr at) {
        return parseFloat(at, F64);
    }

    private static String numberText(SExpr at) {
        if (at instanceof Atom a && a.kind() == Atom.Kind.KEYWORD) {
            return a.text();
        }
        throw notANumber(at);
    }

    /**
     * The error for a token that should have been a number. Mirrors the reference lexer: text that
     * is no token at all is an "unknown operator", a real token in the wrong place "unexpected token".
     */
    static WasmException notANumber(SExpr at) {
        if (!(at instanceof Atom a) || a.kind() == Atom.Kind.STRING || a.kind() == Atom.Kind.ID) {
            return at.error("unexpected token " + at);
        }
        if (a.kind() == Atom.Kind.KEYWORD && (isFloatSyntax(a.text()) || Opcodes.isKeyword(a.text()))) {
            return at.error("unexpected token " + a.text());
        }
        return at.error("unknown operator " + a.text());
    }

    private static boolean isFloatSyntax(String text) {
        try {
            return parseFloatText(text, F64, null) != null;
        } catch (WasmException e) {
            return true; // syntactically a float, only out of range
        }
    }

    /** True if {@code at} is an atom spelling any integer or float literal, in range or not. */
    public static boolean isNumber(SExpr at) {
        return at instanceof Atom a && a.kind() == Atom.Kind.KEYWORD && isFloatSyntax(a.text());
    }

    /**
     * Parses {@code num} or {@code 0x hexnum} starting at {@code start}; null if the text is not
     * exactly that (digits separated by single underscores).
     */
    static BigInteger parseNat(String text, int start) {
        if (text.startsWith("0x", start)) {
            String digits = digitGroups(text, start + 2, text.length(), 16);
            return digits == null ? null : new BigInteger(digits, 16);
        }
        String digits = digitGroups(text, start, text.length(), 10);
        return digits == null ? null : new BigInteger(digits);
    }

    /** For small hex or decimal numbers without prefix, like the digits of unicode string escapes; null if malformed or huge. */
    static Long parseUnsigned(String digits, int radix) {
        String clean = digitGroups(digits, 0, digits.length(), radix);
        if (clean == null) {
            return null;
        }
        BigInteger n = new BigInteger(clean, radix);
        return n.bitLength() < 63 ? n.longValue() : null;
    }

    /**
     * The digits of {@code text[from, to)} without underscores, or null unless the range is one or
     * more digits of the radix with single underscores between digits.
     */
    private static String digitGroups(String text, int from, int to, int radix) {
        if (from >= to) {
            return null;
        }
        StringBuilder sb = new StringBuilder(to - from);
        boolean lastWasDigit = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '_') {
                if (!lastWasDigit) {
                    return null;
                }
                lastWasDigit = false;
            } else if (Character.digit(c, radix) >= 0 && c < 0x80) {
                sb.append(c);
                lastWasDigit = true;
            } else {
                return null;
            }
        }
        return lastWasDigit ? sb.toString() : null;
    }

    private static long parseFloat(SExpr at, FloatFormat format) {
        Long bits = parseFloatText(numberText(at), format, at);
        if (bits == null) {
            throw notANumber(at);
        }
        return bits;
    }

    /** The bits of a float literal, or null if {@code text} is not one. Out-of-range values throw at {@code at}. */
    private static Long parseFloatText(String text, FloatFormat format, SExpr at) {
        boolean negative = text.startsWith("-");
        int start = negative || text.startsWith("+") ? 1 : 0;
        long sign = negative ? format.signBit() : 0;
        String body = text.substring(start);
        if (body.equals("inf")) {
            return sign | format.expMask();
        }
        if (body.equals("nan")) {
            return sign | format.expMask() | 1L << (format.precision() - 2);
        }
        if (body.startsWith("nan:0x")) {
            String digits = digitGroups(body, 6, body.length(), 16);
            if (digits == null) {
                return null;
            }
            BigInteger payload = new BigInteger(digits, 16);
            if (payload.signum() == 0 || payload.bitLength() >= format.precision()) {
                throw rangeError(at, format);
            }
            return sign | format.expMask() | payload.longValue();
        }
        boolean hex = body.startsWith("0x");
        int mantissaStart = hex ? 2 : 0;
        int radix = hex ? 16 : 10;
        int expAt = indexOfAny(body, hex ? "pP" : "eE", mantissaStart);
        int mantissaEnd = expAt < 0 ? body.length() : expAt;
        int dot = body.indexOf('.', mantissaStart);
        if (dot >= mantissaEnd) {
            dot = -1;
        }
        String intDigits = digitGroups(body, mantissaStart, dot < 0 ? mantissaEnd : dot, radix);
        String fracDigits = dot < 0 || dot + 1 == mantissaEnd ? "" : digitGroups(body, dot + 1, mantissaEnd, radix);
        if (intDigits == null || fracDigits == null) {
            return null;
        }
        long exponent = 0;
        if (expAt >= 0) {
            int expStart = expAt + 1;
            boolean expNegative = body.startsWith("-", expStart);
            if (expNegative || body.startsWith("+", expStart)) {
                expStart++;
            }
            String expDigits = digitGroups(body, expStart, body.length(), 10);
            if (expDigits == null) {
                return null;
            }
            // Beyond this any non-zero mantissa is far out of range (or rounds to zero).
            BigInteger e = new BigInteger(expDigits).min(BigInteger.valueOf(100_000_000));
            exponent = expNegative ? -e.longValue() : e.longValue();
        }
        BigInteger mantissa = new BigInteger(intDigits + fracDigits, radix);
        if (mantissa.signum() == 0) {
            return sign;
        }
        long magnitude;
        if (hex) {
            // value = mantissa * 2^binaryExp
            long binaryExp = exponent - 4L * fracDigits.length();
            long top = binaryExp + mantissa.bitLength();
            if (top > 2000) {
                throw rangeError(at, format);
            } else if (top < -2000) {
                return sign;
            }
            magnitude = binaryExp >= 0
                            ? round(mantissa.shiftLeft((int) binaryExp), BigInteger.ONE, format, at)
                            : round(mantissa, BigInteger.ONE.shiftLeft((int) -binaryExp), format, at);
        } else {
            // value = mantissa * 10^decimalExp
            long decimalExp = exponent - fracDigits.length();
            long top = decimalExp + mantissa.toString().length();
            if (top > 400) {
                throw rangeError(at, format);
            } else if (top < -400) {
                return sign;
            }
            magnitude = decimalExp >= 0
                            ? round(mantissa.multiply(BigInteger.TEN.pow((int) decimalExp)), BigInteger.ONE, format, at)
                            : round(mantissa, BigInteger.TEN.pow((int) -decimalExp), format, at);
        }
        return sign | magnitude;
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static WasmException rangeError(SExpr at, FloatFormat format) {
        return at == null ? WasmException.malformed("constant out of range")
                        : at.error("constant out of range (" + format.name() + ")");
    }

    /**
     * Rounds the positive rational {@code num/den} to the nearest float of the format (ties to
     * even) and returns its bits without sign.
     */
    private static long round(BigInteger num, BigInteger den, FloatFormat format, SExpr at) {
        int p = format.precision();
        // Find e with 2^e <= num/den < 2^(e+1).
        int e = num.bitLength() - den.bitLength();
        if (compareScaled(num, den, e) < 0) {
            e--;
        }
        int exp = Math.max(e, format.minExponent());
        // q2 = floor(value * 2^(p - exp)): the p significand bits plus one rounding bit.
        int shift = p - exp;
        BigInteger[] qr = shift >= 0
                        ? num.shiftLeft(shift).divideAndRemainder(den)
                        : num.divideAndRemainder(den.shiftLeft(-shift));
        BigInteger q2 = qr[0];
        boolean sticky = qr[1].signum() != 0;
        boolean roundBit = q2.testBit(0);
        long q = q2.shiftRight(1).longValue();
        if (roundBit && (sticky || (q & 1) != 0)) {
            q++;
        }
        if (q == 1L << p) {
            q >>= 1;
            exp++;
        }
        if (exp > format.maxExponent()) {
            throw rangeError(at, format);
        }
        if (q < 1L << (p - 1)) {
            return q; // subnormal (or zero after rounding down)
        }
        long biased = exp + format.maxExponent();
        return biased << (p - 1) | (q - (1L << (p - 1)));
    }

    /** Compares num/den with 2^e. */
    private static int compareScaled(BigInteger num, BigInteger den, int e) {
        return e >= 0 ? num.compareTo(den.shiftLeft(e)) : num.shiftLeft(-e).compareTo(den);
    }
}
