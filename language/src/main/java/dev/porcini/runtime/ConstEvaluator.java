package dev.porcini.runtime;

import dev.porcini.binary.BinaryReader;
import dev.porcini.module.ConstExpr;

/**
 * Evaluates validated constant expressions at instantiation: numeric constants, {@code ref.null},
 * {@code ref.func}, {@code global.get}, and the extended-constant integer add, sub and mul.
 */
final class ConstEvaluator {
    private ConstEvaluator() {
    }

    /** Returns the value as a boxed number or a reference. */
    static Object evaluate(ConstExpr expr, WasmInstance instance) {
        byte[] code = expr.code();
        BinaryReader in = new BinaryReader(code, 0, code.length);
        Object[] stack = new Object[code.length];
        int sp = 0;
        while (true) {
            int op = in.u8();
            switch (op) {
                case 0x0B:
                    return stack[sp - 1];
                case 0x41:
                    stack[sp++] = in.s32();
                    break;
                case 0x42:
                    stack[sp++] = in.s64();
                    break;
                case 0x43:
                    stack[sp++] = Float.intBitsToFloat(in.fixed32());
                    break;
                case 0x44:
                    stack[sp++] = Double.longBitsToDouble(in.fixed64());
                    break;
                case 0xD0:
                    in.s33(); // the heap type: one null serves every reference type
                    stack[sp++] = WasmNull.INSTANCE;
                    break;
                case 0xD2:
                    stack[sp++] = instance.function(in.index());
                    break;
                case 0x23:
                    stack[sp++] = instance.global(in.index()).value();
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
}
