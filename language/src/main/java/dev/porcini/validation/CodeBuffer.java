package dev.porcini.validation;

import java.util.Arrays;

/**
 * A growable buffer for lowered bytecode and its (pc, module offset) table. One instance is reused
 * for every function of a module, so lowering allocates only the final arrays.
 */
final class CodeBuffer {
    private byte[] code = new byte[256];
    private int pc;
    private int[] offsets = new int[64];
    private int offsetCount;

    void reset() {
        pc = 0;
        offsetCount = 0;
    }

    int pc() {
        return pc;
    }

    /** Starts an instruction: writes its opcode and records the module offset it came from. */
    void op(int opcode, int sourceOffset) {
        if (offsetCount + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[offsetCount++] = pc;
        offsets[offsetCount++] = sourceOffset;
        ensure(1);
        code[pc++] = (byte) opcode;
    }

    void i32(int v) {
        ensure(4);
        code[pc] = (byte) v;
        code[pc + 1] = (byte) (v >>> 8);
        code[pc + 2] = (byte) (v >>> 16);
        code[pc + 3] = (byte) (v >>> 24);
        pc += 4;
    }

    void i64(long v) {
        i32((int) v);
        i32((int) (v >>> 32));
    }

    /** Overwrites the int immediate at {@code at} (a forward branch target, once known). */
    void patch(int at, int v) {
        code[at] = (byte) v;
        code[at + 1] = (byte) (v >>> 8);
        code[at + 2] = (byte) (v >>> 16);
        code[at + 3] = (byte) (v >>> 24);
    }

    /** ORs {@code bits} into the int immediate at {@code at}. */
    void or(int at, int bits) {
        code[at] |= (byte) bits;
        code[at + 1] |= (byte) (bits >>> 8);
        code[at + 2] |= (byte) (bits >>> 16);
        code[at + 3] |= (byte) (bits >>> 24);
    }

    byte[] code() {
        return Arrays.copyOf(code, pc);
    }

    int[] offsets() {
        return Arrays.copyOf(offsets, offsetCount);
    }

    private void ensure(int n) {
        if (pc + n > code.length) {
            code = Arrays.copyOf(code, Math.max(code.length * 2, pc + n));
        }
    }
}
