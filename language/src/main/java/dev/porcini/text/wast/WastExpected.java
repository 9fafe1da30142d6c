package dev.porcini.text.wast;

import dev.porcini.module.ValType;
import dev.porcini.text.V128Literals.Shape;
import java.util.List;

/**
 * An expected result of {@code assert_return}. A runner converts each actual result to a
 * {@link WastValue} (numbers as {@link WastValue.Num}, v128 as {@link WastValue.V128}, references as
 * {@link WastValue.RefNull}, {@link WastValue.RefExtern} or {@link WastValue.RefFunc}) and calls
 * {@link #matches(WastValue)}.
 *
 * <p>NaN patterns, for f32 (and analogously f64, with its 52-bit payload):
 * <ul>
 * <li>{@code nan:canonical}: exponent all ones and the payload exactly the quiet bit
 * ({@code 0x7fc00000} or {@code 0xffc00000}); either sign.</li>
 * <li>{@code nan:arithmetic}: exponent all ones and the quiet bit (the payload's top bit) set;
 * any other payload bits, either sign.</li>
 * </ul>
 */
public sealed interface WastExpected {

    /** Whether {@code actual} satisfies this expectation. A value of another type never does. */
    boolean matches(WastValue actual);

    /** Shorthand for numbers: {@code bits} as in {@link WastValue.Num}. */
    default boolean matches(ValType type, long bits) {
        return matches(new WastValue.Num(type, bits));
    }

    /**
     * Exactly this value: numbers and v128 bit for bit (so {@code -0.0} is not {@code 0.0}, and a NaN
     * must have the same sign and payload), {@code ref.null t} a null of type t, {@code ref.extern N}
     * the host reference N.
     */
    record Exact(WastValue value) implements WastExpected {
        @Override
        public boolean matches(WastValue actual) {
            return value.equals(actual);
        }
    }

    /** {@code (f32.const nan:canonical)} or {@code (f64.const nan:canonical)}. */
    record CanonicalNan(ValType type) implements WastExpected {
        @Override
        public boolean matches(WastValue actual) {
            if (!(actual instanceof WastValue.Num n) || n.type() != type) {
                return false;
            }
            return type == ValType.F32 ? (n.bits() & 0x7FFF_FFFFL) == 0x7FC0_0000L
                            : (n.bits() & 0x7FFF_FFFF_FFFF_FFFFL) == 0x7FF8_0000_0000_0000L;
        }
    }

    /** {@code (f32.const nan:arithmetic)} or {@code (f64.const nan:arithmetic)}. */
    record ArithmeticNan(ValType type) implements WastExpected {
        @Override
        public boolean matches(WastValue actual) {
            if (!(actual instanceof WastValue.Num n) || n.type() != type) {
                return false;
            }
            return type == ValType.F32 ? (n.bits() & 0x7FC0_0000L) == 0x7FC0_0000L
                            : (n.bits() & 0x7FF8_0000_0000_0000L) == 0x7FF8_0000_0000_0000L;
        }
    }

    /**
     * A {@code v128.const f32x4 ...} or {@code f64x2 ...} whose lanes may be NaN patterns. Each lane is
     * an {@link Exact} f32/f64 number, a {@link CanonicalNan} or an {@link ArithmeticNan}, checked
     * against the corresponding lane of the actual v128 (read little-endian).
     */
    record V128Lanes(Shape shape, List<WastExpected> lanes) implements WastExpected {
        @Override
        public boolean matches(WastValue actual) {
            if (!(actual instanceof WastValue.V128 v)) {
                return false;
            }
            byte[] bytes = v.bytes();
            ValType laneType = shape == Shape.F32X4 ? ValType.F32 : ValType.F64;
            int width = shape.bits / 8;
            for (int lane = 0; lane < shape.lanes; lane++) {
                long bits = 0;
                for (int i = width - 1; i >= 0; i--) {
                    bits = bits << 8 | (bytes[lane * width + i] & 0xFF);
                }
                if (!lanes.get(lane).matches(laneType, bits)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code (ref.func)}: any non-null function reference. */
    record AnyRefFunc() implements WastExpected {
        @Override
        public boolean matches(WastValue actual) {
            return actual instanceof WastValue.RefFunc;
        }
    }

    /** {@code (ref.extern)}: any non-null external reference. */
    record AnyRefExtern() implements WastExpected {
        @Override
        public boolean matches(WastValue actual) {
            return actual instanceof WastValue.RefExtern;
        }
    }

    /** {@code (ref.null)} without a type (WebAssembly 3.0 scripts): a null of any reference type. */
    record AnyRefNull() implements WastExpected {
        @Override
        public boolean matches(WastValue actual) {
            return actual instanceof WastValue.RefNull;
        }
    }

    /** {@code (either r1 r2 ...)}: any one of the alternatives. */
    record Either(List<WastExpected> alternatives) implements WastExpected {
        @Override
        public boolean matches(WastValue actual) {
            return alternatives.stream().anyMatch(e -> e.matches(actual));
        }
    }
}
