package dev.porcini.launcher;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.graalvm.polyglot.Value;

/**
 * Command-line numbers in and out of {@code run --invoke}. Integers become {@code long} and
 * everything else {@code double}; the engine converts them to the parameter types. Results print
 * the way wasmtime prints them: integers signed, floats in their shortest exact decimal form.
 */
final class Numbers {
    private static final Pattern DECIMAL_INT = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern HEX_INT = Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]+)");
    private static final Pattern DECIMAL_FLOAT = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private Numbers() {
    }

    static Object parse(String text) {
        String s = text.strip();
        try {
            if (DECIMAL_INT.matcher(s).matches()) {
                return parseDecimal(s);
            }
            var hex = HEX_INT.matcher(s);
            if (hex.matches()) {
                long value = Long.parseUnsignedLong(hex.group(2), 16);
                return hex.group(1).equals("-") ? -value : value;
            }
        } catch (NumberFormatException e) {
            throw CliException.usage("argument '" + text + "' is out of range for a 64-bit integer");
        }
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan", "+nan", "-nan":
                return Double.NaN;
            default:
                break;
        }
        if (DECIMAL_FLOAT.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        throw CliException.usage("argument '" + text + "' is not a number");
    }

    /** Signed decimal, or unsigned above {@link Long#MAX_VALUE} so u64 bit patterns can be given. */
    private static long parseDecimal(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            if (s.startsWith("-")) {
                throw e;
            }
            return Long.parseUnsignedLong(s.startsWith("+") ? s.substring(1) : s);
        }
    }

    /** One line per result: none for no result, one per element for several. */
    static List<String> formatResults(Value result) {
        List<String> lines = new ArrayList<>();
        if (result == null || result.isNull()) {
            return lines;
        }
        if (result.hasArrayElements()) {
            for (long i = 0; i < result.getArraySize(); i++) {
                lines.add(format(result.getArrayElement(i)));
            }
        } else {
            lines.add(format(result));
        }
        return lines;
    }

    static String format(Value value) {
        if (value.isNull()) {
            return "null";
        }
        if (!value.isNumber()) {
            return value.toString();
        }
        Object number = value.as(Object.class);
        if (number instanceof Float f) {
            return formatFloat(f, Float.toString(f));
        }
        if (number instanceof Double d) {
            return formatFloat(d, Double.toString(d));
        }
        if (value.fitsInLong()) {
            return Long.toString(value.asLong());
        }
        double d = value.asDouble();
        return formatFloat(d, Double.toString(d));
    }

    private static String formatFloat(double value, String shortest) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
        }
        // Java's shortest round-trip digits, written without an exponent.
        return new BigDecimal(shortest).stripTrailingZeros().toPlainString();
    }
}
