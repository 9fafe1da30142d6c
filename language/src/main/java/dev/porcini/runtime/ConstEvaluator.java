package dev.porcini.runtime;

import dev.porcini.module.ConstExpr;

/**
 * Evaluates validated constant expressions at instantiation: numeric constants, {@code ref.null},
 * {@code ref.func}, {@code global.get}, and the extended-constant integer add, sub and mul.
 */
final class ConstEvaluator {
    private final byte[] code;
    private int pos;

    private ConstEvaluator(byte[] code) {
        this.code = code;
    }

    /** Returns the value as a boxed number or a reference. */
    static Object evaluate(ConstExpr expr, WasmInstance instance) {
        return new ConstEvaluator(expr.code()).run(instance);
    }

    private Object run(WasmInstance instance) {
        Object[] stack = new Object[code.length];
        int sp = 0;
        while (true) {
            int op = code[pos++] & 0xFF;
            switch (op) {
                case 0x0B:
                    return stack[sp - 1];
                case 0x41:
                    stack[sp++] = (int) readSigned();
                    break;
                case 0x42:
                    stack[sp++] = readSigned();
                    break;
                case 0x43:
                    stack[sp++] = Float.intBitsToFloat((int) readFixed(4));
                    break;
                case 0x44:
                    stack[sp++] = Double.longBitsToDouble(readFixed(8));
                    break;
                case 0xD0:
                    readSigned(); // the heap type
                    stack[sp++] = WasmNull.INSTANCE;
                    break;
                case 0xD2:
                    stack[sp++] = instance.function((int) readUnsigned());
                    break;
                case 0x23:
                    stack[sp++] = instance.global((int) readUnsigned()).value();
                    break;
                case 0xFD: // v128.const, the only constant SIMD instruction
                    readUnsigned();
                    stack[sp++] = new V128(readFixed(8), readFixed(8));
                    break;
                case 0x6A, 0x6B, 0x6C: {
                    int b = (Integer) stack[--sp];
                    int a = (Integer) stack[--sp];
                    stack[sp++] = op == 0x6A ? a + b : op == 0x6B ? a - b : a * b;
                    break;
                }
                case 0x7C, 0x7D, 0x7E: {
                    long b = (Long) stack[--sp];
                    long a = (Long) stack[--sp];
                    stack[sp++] = op == 0x7C ? a + b : op == 0x7D ? a - b : a * b;
                    break;
                }
                default:
                    throw new IllegalStateException("not a constant instruction: 0x" + Integer.toHexString(op));
            }
        }
    }

    private long readUnsigned() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = code[pos++];
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return result;
    }

    private long readSigned() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = code[pos++];
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    private long readFixed(int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (code[pos++] & 0xFFL) << (8 * i);
        }
        return v;
    }
}
