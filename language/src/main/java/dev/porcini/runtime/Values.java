package dev.porcini.runtime;

import dev.porcini.module.ValType;

/** Conversions between raw bits and the boxed values used at call boundaries. */
public final class Values {
    private Values() {
    }

    public static Object box(ValType type, long bits, Object ref) {
        return switch (type) {
            case I32 -> (int) bits;
            case I64 -> bits;
            case F32 -> Float.intBitsToFloat((int) bits);
            case F64 -> Double.longBitsToDouble(bits);
            default -> ref; // references, and v128 (kept as a V128 in ref)
        };
    }

    public static long bitsOf(ValType type, Object value) {
        return switch (type) {
            case I32 -> (Integer) value & 0xFFFFFFFFL;
            case I64 -> (Long) value;
            case F32 -> Float.floatToRawIntBits((Float) value) & 0xFFFFFFFFL;
            case F64 -> Double.doubleToRawLongBits((Double) value);
            default -> throw new IllegalArgumentException("not a number type: " + type);
        };
    }

    /** The default (zero) value of a type, boxed. */
    public static Object zero(ValType type) {
        return box(type, 0, type == ValType.V128 ? V128.ZERO : WasmNull.INSTANCE);
    }
}
