package dev.porcini.numeric;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;

/**
 * Runs every {@code assert_return} and {@code assert_trap} of the spec's numeric scripts against
 * {@link Numerics} (and plain Java for the operators it leaves to Java), comparing exact bits. The
 * scripts export one function per instruction, so each assertion maps to one instruction.
 */
class SpecNumericsTest {

    private static final List<String> SCRIPTS = List.of("i32.wast", "i64.wast", "f32.wast", "f64.wast",
                    "conversions.wast", "float_misc.wast");

    @TestFactory
    Stream<DynamicTest> specScripts() {
        Path suite = findSuite();
        Assumptions.assumeTrue(suite != null, "spec testsuite not found beside the repository");
        return SCRIPTS.stream().map(name -> DynamicTest.dynamicTest(name, () -> runScript(suite.resolve(name))));
    }

    private static Path findSuite() {
        String configured = System.getProperty("porcini.spec.suite");
        if (configured != null) {
            return Path.of(configured, "wasm-2.0");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/spec-testsuite/wasm-2.0");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void runScript(Path script) throws IOException {
        List<Object> forms = new SExpressionReader(Files.readString(script)).readAll();
        Map<String, String> instructionOf = new HashMap<>();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Object form : forms) {
            List<?> list = (List<?>) form;
            switch ((String) list.get(0)) {
                case "module" -> {
                    instructionOf.clear();
                    for (Object item : list) {
                        if (item instanceof List<?> func && func.get(0).equals("func")) {
                            readFunction(func, instructionOf);
                        }
                    }
                }
                case "assert_return", "assert_trap" -> {
                    List<?> invoke = (List<?>) list.get(1);
                    String instruction = instructionOf.get(unquote(invoke.get(1)));
                    if (instruction == null) {
                        fail("no single-instruction function for " + list);
                    }
                    String problem = check(instruction, invoke.subList(2, invoke.size()), list);
                    if (problem != null) {
                        failures.add(problem);
                    }
                    checked++;
                }
                default -> {
                    // assert_invalid, assert_malformed: not about numerics
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " assertions found in " + script);
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + checked + " assertions failed in " + script.getFileName() + ":\n"
                            + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        }
    }

    /** Maps {@code (func (export "name") (param..)* (result..)? (instr (local.get ..)*))}. */
    private static void readFunction(List<?> func, Map<String, String> instructionOf) {
        String export = null;
        for (Object item : func) {
            if (item instanceof List<?> part) {
                String head = (String) part.get(0);
                if (head.equals("export")) {
                    export = unquote(part.get(1));
                } else if (head.contains(".") && export != null) {
                    instructionOf.put(export, head);
                }
            }
        }
    }

    /** Runs one assertion; returns a description of the failure, or null. */
    private static String check(String instruction, List<?> argForms, List<?> assertion) {
        long[] args = new long[argForms.size()];
        for (int i = 0; i < args.length; i++) {
            List<?> constant = (List<?>) argForms.get(i);
            args[i] = parseConstant((String) constant.get(0), (String) constant.get(1));
        }
        boolean expectTrap = assertion.get(0).equals("assert_trap");
        long actual;
        try {
            actual = NumericOps.apply(instruction, args);
        } catch (WasmException e) {
            String expected = expectTrap ? unquote(assertion.get(2)) : null;
            if (e.kind() == ErrorKind.TRAP && e.getMessage().equals(expected)) {
                return null;
            }
            return assertion + " -> trap " + e.getMessage();
        }
        if (expectTrap) {
            return assertion + " -> returned " + Long.toHexString(actual);
        }
        List<?> result = (List<?>) assertion.get(2);
        String type = ((String) result.get(0)).substring(0, 3);
        String literal = (String) result.get(1);
        boolean ok = switch (literal) {
            case "nan:canonical" -> type.equals("f32") ? (actual & 0x7fff_ffffL) == 0x7fc0_0000L
                            : (actual & Long.MAX_VALUE) == 0x7ff8_0000_0000_0000L;
            case "nan:arithmetic" -> type.equals("f32") ? (actual & 0x7fc0_0000L) == 0x7fc0_0000L
                            : (actual & 0x7ff8_0000_0000_0000L) == 0x7ff8_0000_0000_0000L;
            default -> actual == parseConstant(type + ".const", literal);
        };
        return ok ? null : assertion + " -> got 0x" + Long.toHexString(actual);
    }

    /** A constant as the bits {@link NumericOps} uses: i32 and f32 in the low 32 bits. */
    static long parseConstant(String opcode, String literal) {
        String text = literal.replace("_", "");
        return switch (opcode) {
            case "i32.const" -> parseInteger(text) & 0xFFFF_FFFFL;
            case "i64.const" -> parseInteger(text);
            case "f32.const" -> parseFloatBits(text, false);
            case "f64.const" -> parseFloatBits(text, true);
            default -> throw new IllegalArgumentException(opcode);
        };
    }

    private static long parseInteger(String text) {
        boolean negative = text.startsWith("-");
        String digits = text.replaceFirst("^[+-]", "");
        BigInteger value = digits.startsWith("0x") ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
        return (negative ? value.negate() : value).longValue();
    }

    /** Parses a float literal of the text format into its raw bits (never through a float value). */
    private static long parseFloatBits(String text, boolean f64) {
        boolean negative = text.startsWith("-");
        String magnitude = text.replaceFirst("^[+-]", "");
        long bits;
        if (magnitude.startsWith("nan")) {
            long payload = magnitude.startsWith("nan:0x") ? Long.parseLong(magnitude.substring(6), 16)
                            : f64 ? 1L << 51 : 1L << 22;
            bits = (f64 ? 0x7ff0_0000_0000_0000L : 0x7f80_0000L) | payload;
        } else if (magnitude.equals("inf")) {
            bits = f64 ? 0x7ff0_0000_0000_0000L : 0x7f80_0000L;
        } else {
            String javaText = magnitude.startsWith("0x") && !magnitude.contains("p") ? magnitude + "p0" : magnitude;
            bits = f64 ? Double.doubleToRawLongBits(Double.parseDouble(javaText))
                            : Float.floatToRawIntBits(Float.parseFloat(javaText)) & 0xFFFF_FFFFL;
        }
        if (negative) {
            bits |= f64 ? Long.MIN_VALUE : 0x8000_0000L;
        }
        return bits;
    }

    private static String unquote(Object token) {
        String text = (String) token;
        return text.substring(1, text.length() - 1);
    }

    /** Just enough of the text format's S-expressions: atoms, strings, nested lists, comments. */
    private static final class SExpressionReader {
        private final String text;
        private int pos;

        SExpressionReader(String text) {
            this.text = text;
        }

        List<Object> readAll() {
            List<Object> forms = new ArrayList<>();
            skipSpace();
            while (pos < text.length()) {
                forms.add(read());
                skipSpace();
            }
            return forms;
        }

        private Object read() {
            if (text.charAt(pos) == '(') {
                pos++;
                List<Object> list = new ArrayList<>();
                skipSpace();
                while (text.charAt(pos) != ')') {
                    list.add(read());
                    skipSpace();
                }
                pos++;
                return list;
            }
            int start = pos;
            if (text.charAt(pos) == '"') {
                pos++;
                while (text.charAt(pos) != '"') {
                    pos += text.charAt(pos) == '\\' ? 2 : 1;
                }
                pos++;
            } else {
                while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))
                                && text.charAt(pos) != '(' && text.charAt(pos) != ')') {
                    pos++;
                }
            }
            return text.substring(start, pos);
        }

        private void skipSpace() {
            while (pos < text.length()) {
                if (Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                } else if (text.startsWith(";;", pos)) {
                    int end = text.indexOf('\n', pos);
                    pos = end < 0 ? text.length() : end;
                } else if (text.startsWith("(;", pos)) {
                    pos = text.indexOf(";)", pos) + 2;
                } else {
                    return;
                }
            }
        }
    }
}
