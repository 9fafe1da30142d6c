package dev.porcini.nodes;

import static dev.porcini.bytecode.Bytecode.readInt;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.frame.VirtualFrame;

import dev.porcini.bytecode.Bytecode;
import dev.porcini.memory.LinearMemory;
import dev.porcini.memory.MemoryAccessException;
import dev.porcini.runtime.WasmInstance;
import dev.porcini.runtime.WasmTable;

/** Table instructions and bulk memory instructions; returns the new stack pointer. */
final class BulkOps {
    private BulkOps() {
    }

    /** The instruction's length in bytes, opcode included. */
    static int length(int op) {
        return switch (op) {
            case Bytecode.TABLE_INIT, Bytecode.TABLE_COPY, Bytecode.MEMORY_INIT, Bytecode.MEMORY_COPY -> 9;
            default -> 5;
        };
    }

    static int execute(FunctionRootNode root, VirtualFrame f, WasmInstance instance, byte[] code, int op, int pc, int sp) {
        int a = readInt(code, pc + 1);
        switch (op) {
            case Bytecode.TABLE_GET: {
                WasmTable table = instance.table(a);
                int index = f.getIntStatic(sp - 1);
                if (Integer.compareUnsigned(index, table.size()) >= 0) {
                    throw root.trap("out of bounds table access", pc);
                }
                f.setObjectStatic(sp - 1, table.get(index));
                return sp;
            }
            case Bytecode.TABLE_SET: {
                WasmTable table = instance.table(a);
                int index = f.getIntStatic(sp - 2);
                if (Integer.compareUnsigned(index, table.size()) >= 0) {
                    throw root.trap("out of bounds table access", pc);
                }
                table.set(index, f.getObjectStatic(sp - 1));
                return sp - 2;
            }
            case Bytecode.TABLE_SIZE:
                f.setIntStatic(sp, instance.table(a).size());
                return sp + 1;
            case Bytecode.TABLE_GROW: {
                int delta = f.getIntStatic(sp - 1);
                Object init = f.getObjectStatic(sp - 2);
                f.setIntStatic(sp - 2, instance.table(a).grow(delta, init));
                return sp - 1;
            }
            case Bytecode.TABLE_FILL: {
                WasmTable table = instance.table(a);
                int start = f.getIntStatic(sp - 3);
                Object value = f.getObjectStatic(sp - 2);
                int len = f.getIntStatic(sp - 1);
                if (!table.inBounds(start, len)) {
                    throw root.trap("out of bounds table access", pc);
                }
                table.fill(start, len, value);
                return sp - 3;
            }
            case Bytecode.TABLE_COPY: {
                WasmTable dst = instance.table(a);
                WasmTable src = instance.table(readInt(code, pc + 5));
                int d = f.getIntStatic(sp - 3);
                int s = f.getIntStatic(sp - 2);
                int len = f.getIntStatic(sp - 1);
                if (!dst.inBounds(d, len) || !src.inBounds(s, len)) {
                    throw root.trap("out of bounds table access", pc);
                }
                WasmTable.copy(src, s, dst, d, len);
                return sp - 3;
            }
            case Bytecode.TABLE_INIT: {
                WasmTable table = instance.table(readInt(code, pc + 5));
                Object[] segment = instance.elementSegment(a);
                int d = f.getIntStatic(sp - 3);
                int s = f.getIntStatic(sp - 2);
                int len = f.getIntStatic(sp - 1);
                if (!table.inBounds(d, len) || (s & 0xFFFFFFFFL) + (len & 0xFFFFFFFFL) > segment.length) {
                    throw root.trap("out of bounds table access", pc);
                }
                initTable(table, segment, d, s, len);
                return sp - 3;
            }
            case Bytecode.ELEM_DROP:
                instance.dropElementSegment(a);
                return sp;
            case Bytecode.MEMORY_INIT: {
                LinearMemory memory = instance.memory(readInt(code, pc + 5));
                byte[] data = instance.dataSegment(a);
                long d = f.getIntStatic(sp - 3) & 0xFFFFFFFFL;
                long s = f.getIntStatic(sp - 2) & 0xFFFFFFFFL;
                long len = f.getIntStatic(sp - 1) & 0xFFFFFFFFL;
                if (s + len > data.length) {
                    throw root.outOfBoundsMemory(pc);
                }
                try {
                    memory.init(d, data, s, len);
                } catch (MemoryAccessException e) {
                    throw root.outOfBoundsMemory(pc);
                }
                return sp - 3;
            }
            case Bytecode.DATA_DROP:
                instance.dropDataSegment(a);
                return sp;
            case Bytecode.MEMORY_COPY: {
                LinearMemory dst = instance.memory(a);
                LinearMemory src = instance.memory(readInt(code, pc + 5));
                long d = f.getIntStatic(sp - 3) & 0xFFFFFFFFL;
                long s = f.getIntStatic(sp - 2) & 0xFFFFFFFFL;
                long len = f.getIntStatic(sp - 1) & 0xFFFFFFFFL;
                try {
                    if (dst == src) {
                        dst.copy(d, s, len);
                    } else {
                        dst.copyFrom(d, src, s, len);
                    }
                } catch (MemoryAccessException e) {
                    throw root.outOfBoundsMemory(pc);
                }
                return sp - 3;
            }
            case Bytecode.MEMORY_FILL: {
                LinearMemory memory = instance.memory(a);
                long d = f.getIntStatic(sp - 3) & 0xFFFFFFFFL;
                byte value = (byte) f.getIntStatic(sp - 2);
                long len = f.getIntStatic(sp - 1) & 0xFFFFFFFFL;
                try {
                    memory.fill(d, len, value);
                } catch (MemoryAccessException e) {
                    throw root.outOfBoundsMemory(pc);
                }
                return sp - 3;
            }
            default:
                throw CompilerDirectives.shouldNotReachHere("unknown opcode " + op);
        }
    }

    @TruffleBoundary
    private static void initTable(WasmTable table, Object[] segment, int d, int s, int len) {
        for (int i = 0; i < len; i++) {
            table.set(d + i, segment[s + i]);
        }
    }
}
