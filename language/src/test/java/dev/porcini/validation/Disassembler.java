package dev.porcini.validation;

import dev.porcini.binary.SimdOpcodes;
import dev.porcini.bytecode.Bytecode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Test-only text form of lowered bytecode, one instruction per line: {@code pc NAME immediates}.
 * Opcodes without a constant in {@link Bytecode} (most numeric ones) print as hex.
 */
final class Disassembler {
    private static final String[] NAMES = new String[256];

    static {
        for (Field f : Bytecode.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && !f.getName().endsWith("_BASE")
                            && !f.getName().equals("SIMD_PREFIX")) {
                try {
                    NAMES[f.getInt(null)] = f.getName();
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    private Disassembler() {
    }

    static String name(int op) {
        if (op == Bytecode.SIMD_PREFIX) {
            return "SIMD";
        }
        if (op >= Bytecode.TRUNC_SAT_BASE && op < Bytecode.TRUNC_SAT_BASE + 8) {
            return "TRUNC_SAT_" + (op - Bytecode.TRUNC_SAT_BASE);
        }
        return NAMES[op] != null ? NAMES[op] : String.format("0x%02X", op);
    }

    /** The number of int immediates (longs count as two) after the opcode at {@code pc}. */
    static int immediateInts(byte[] code, int pc) {
        int op = code[pc] & 0xFF;
        if (op >= 0x28 && op <= 0x3E) {
            return 3; // memIndex, offset, reach
        }
        return switch (op) {
            case Bytecode.LOOP, Bytecode.JUMP, Bytecode.LOCAL_GET, Bytecode.LOCAL_GET_LAST, Bytecode.LOCAL_SET, Bytecode.LOCAL_TEE, Bytecode.GLOBAL_GET,
                            Bytecode.GLOBAL_SET, Bytecode.TABLE_GET, Bytecode.TABLE_SET, Bytecode.MEMORY_SIZE,
                            Bytecode.MEMORY_GROW, Bytecode.I32_CONST, Bytecode.F32_CONST, Bytecode.REF_FUNC,
                            Bytecode.DATA_DROP, Bytecode.MEMORY_FILL, Bytecode.ELEM_DROP, Bytecode.TABLE_GROW,
                            Bytecode.TABLE_SIZE, Bytecode.TABLE_FILL -> 1;
            case Bytecode.IF, Bytecode.LOCAL_GET_V128, Bytecode.LOCAL_GET_V128_LAST, Bytecode.LOCAL_SET_V128, Bytecode.LOCAL_TEE_V128, Bytecode.CALL, Bytecode.I64_CONST, Bytecode.F64_CONST, Bytecode.MEMORY_INIT,
                            Bytecode.MEMORY_COPY, Bytecode.TABLE_INIT, Bytecode.TABLE_COPY -> 2;
            case Bytecode.BR, Bytecode.CALL_INDIRECT -> 3;
            case Bytecode.BR_IF -> 4;
            case Bytecode.BR_TABLE -> 2 + 3 * Bytecode.readInt(code, pc + 5) + Bytecode.readInt(code, pc + 1) + 1;
            case Bytecode.SIMD_PREFIX -> switch ((Bytecode.readInt(code, pc + 1) >>> 16) & Bytecode.SimdWord.KIND_MASK) {
                case SimdOpcodes.LOAD, SimdOpcodes.STORE -> 4;
                case SimdOpcodes.LOAD_LANE, SimdOpcodes.STORE_LANE -> 5;
                case SimdOpcodes.CONST, SimdOpcodes.SHUFFLE -> 5;
                case SimdOpcodes.EXTRACT, SimdOpcodes.REPLACE -> 2;
                default -> 1;
            };
            default -> 0;
        };
    }

    static int next(byte[] code, int pc) {
        return pc + 1 + 4 * immediateInts(code, pc);
    }

    static String disassemble(byte[] code) {
        StringBuilder sb = new StringBuilder();
        for (int pc = 0; pc < code.length; pc = next(code, pc)) {
            int op = code[pc] & 0xFF;
            sb.append(pc).append(' ').append(name(op));
            if (op == Bytecode.I64_CONST || op == Bytecode.F64_CONST) {
                sb.append(' ').append(Bytecode.readLong(code, pc + 1));
            } else {
                for (int i = 0; i < immediateInts(code, pc); i++) {
                    sb.append(' ').append(Bytecode.readInt(code, pc + 1 + 4 * i));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
