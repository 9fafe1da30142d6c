package dev.porcini.text.wast;

import dev.porcini.module.ValType;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A WebAssembly value in a script: an argument, or (built by a runner) a result to check against a
 * {@link WastExpected}.
 */
public sealed interface WastValue {

    ValType type();

    /**
     * A number. {@code bits} holds the value's bits: for i32 and f32 the low 32 bits with the upper
     * half zero (the constructor normalizes), for i64 the value, for f32/f64 the raw IEEE bits with
     * NaN payloads kept exactly.
     */
    record Num(ValType type, long bits) implements WastValue {
        public Num {
            if (!type.isNumeric()) {
                throw new IllegalArgumentException("not a number type: " + type);
            }
            if (type == ValType.I32 || type == ValType.F32) {
                bits &= 0xFFFFFFFFL;
            }
        }

        @Override
        public String toString() {
            return "(" + type + ".const " + switch (type) {
                case I32 -> Integer.toString((int) bits);
                case I64 -> Long.toString(bits);
                case F32 -> Float.intBitsToFloat((int) bits) + " (0x" + Long.toHexString(bits) + ")";
                default -> Double.longBitsToDouble(bits) + " (0x" + Long.toHexString(bits) + ")";
            } + ")";
        }
    }

    /** A v128 value: 16 bytes, lane 0 first (little-endian, as in memory). */
    record V128(byte[] bytes) implements WastValue {
        public V128 {
            if (bytes.length != 16) {
                throw new IllegalArgumentException("v128 needs 16 bytes");
            }
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public ValType type() {
            return ValType.V128;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof V128 v && Arrays.equals(bytes, v.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "(v128.const " + HexFormat.of().formatHex(bytes) + ")";
        }
    }

    /** {@code ref.null func} or {@code ref.null extern}: type is FUNCREF or EXTERNREF. */
    record RefNull(ValType type) implements WastValue {
        public RefNull {
            if (!type.isReference()) {
                throw new IllegalArgumentException("not a reference type: " + type);
            }
        }
    }

    /** {@code ref.extern N}: the host (external) reference numbered N. */
    record RefExtern(long id) implements WastValue {
        @Override
        public ValType type() {
            return ValType.EXTERNREF;
        }
    }

    /** A non-null function reference; runners use it for results, as scripts cannot name one. */
    record RefFunc() implements WastValue {
        @Override
        public ValType type() {
            return ValType.FUNCREF;
        }
    }

    /** An i32 number. */
    static Num i32(int value) {
        return new Num(ValType.I32, value);
    }

    /** An i64 number. */
    static Num i64(long value) {
        return new Num(ValType.I64, value);
    }

    /** An f32 number from its raw bits. */
    static Num f32(int bits) {
        return new Num(ValType.F32, bits);
    }

    /** An f64 number from its raw bits. */
    static Num f64(long bits) {
        return new Num(ValType.F64, bits);
    }
}
