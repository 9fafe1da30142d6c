package dev.porcini.bytecode;

/**
 * The internal bytecode a validated function body is lowered to, and that the interpreter runs.
 *
 * <h2>Layout</h2>
 * A function's code is a {@code byte[]}: an opcode byte followed by fixed-width little-endian
 * immediates ({@code int} = 4 bytes, {@code long} = 8 bytes). Immediates are decoded once (no
 * LEB128 at run time) and control flow is resolved ahead: branch targets are absolute code offsets,
 * so the interpreter never searches for an {@code end}.
 *
 * <h2>Operand stack</h2>
 * Locals (parameters first) occupy frame slots {@code 0 .. localCount-1}. The operand stack value
 * at height {@code h} (0 = empty) lives in slot {@code localCount + h}. Every instruction's effect on
 * the height is static, so the interpreter tracks the height itself; only branches carry heights.
 *
 * <h2>Instructions</h2>
 * Numeric, memory, local, global, table and reference instructions keep their WebAssembly opcode
 * byte and stack effect. Structured control is replaced by jumps. {@code nop}, {@code block},
 * non-final {@code end} and code that validation proves unreachable emit nothing.
 * Immediates below are listed in order as [type name].
 */
public final class Bytecode {
    private Bytecode() {
    }

    // ---- control ----
    /** Trap "unreachable". */
    public static final int UNREACHABLE = 0x00;
    /**
     * [int loop]. Starts a loop whose header (the target of its back edges) is the next
     * instruction. Compiled code clears the locals {@code LoweredCode.loopDeadLocals()[loop]} here
     * and at every back edge: no path from the header reads them before writing them, so the
     * header's frame state need not keep their values.
     */
    public static final int LOOP = 0x03;
    /** [int elsePc][int profile]. Pops an i32; if zero jumps to elsePc (else branch, or past end). */
    public static final int IF = 0x04;
    /** [int targetPc]. Unconditional jump with no stack change (emitted for {@code else}). */
    public static final int JUMP = 0x06;
    /**
     * [int targetPc][int targetHeight][int resultCount]. Moves the top resultCount values to heights
     * targetHeight.., sets the height to targetHeight + resultCount and jumps. A targetPc at or before
     * this instruction is a loop back edge.
     */
    public static final int BR = 0x0C;
    /** [int targetPc][int targetHeight][int resultCount][int profile]. Pops an i32; if non-zero acts as BR. */
    public static final int BR_IF = 0x0D;
    /**
     * [int count][int distinct], then {@code distinct} entries of [int targetPc][int targetHeight]
     * [int resultCount], then count + 1 ints that each name one of those entries. Pops an i32
     * index i; takes the entry named at position i if i &lt; count (unsigned), else the one named at
     * position count (the default). Each target appears once however often the table repeats it.
     */
    public static final int BR_TABLE = 0x0E;
    /** Returns the top N values, N being the function's result count. Also ends every function. */
    public static final int RETURN = 0x0F;
    /** [int funcIndex][int callSite]. callSite numbers the call instructions of the function from 0. */
    public static final int CALL = 0x10;
    /** [int typeIndex][int tableIndex][int callSite]. */
    public static final int CALL_INDIRECT = 0x11;

    // ---- parametric ----
    public static final int DROP = 0x1A;
    /** Both {@code select} and {@code select t}. */
    public static final int SELECT = 0x1B;

    // ---- variables: [int index] ----
    public static final int LOCAL_GET = 0x20;
    public static final int LOCAL_SET = 0x21;
    public static final int LOCAL_TEE = 0x22;
    /**
     * [int index][int word]: {@code local.get}, {@code local.set} and {@code local.tee} of a v128
     * local. The word hands the vector on in registers within a straight-line run: its stack
     * register bits are those of a SIMD word (a get or tee may leave the value in
     * {@link SimdWord#TO_REGISTER}, a set or tee takes its operand from the register of depth 0),
     * and {@link SimdWord#LOCAL_REGISTER_MASK} and the flags after it do the same for the local.
     */
    public static final int LOCAL_GET_V128 = 0x17;
    public static final int LOCAL_SET_V128 = 0x18;
    public static final int LOCAL_TEE_V128 = 0x19;
    /**
     * {@link #LOCAL_GET} that is the local's last read: no path from it reads the local again
     * before writing it, so compiled code clears the local after reading it, and later frame
     * states do not keep its value alive.
     */
    public static final int LOCAL_GET_LAST = 0x1D;
    /** {@link #LOCAL_GET_V128} that is the local's last read, as {@link #LOCAL_GET_LAST}. */
    public static final int LOCAL_GET_V128_LAST = 0x1E;
    public static final int GLOBAL_GET = 0x23;
    public static final int GLOBAL_SET = 0x24;
    /** [int tableIndex]. */
    public static final int TABLE_GET = 0x25;
    /** [int tableIndex]. */
    public static final int TABLE_SET = 0x26;

    // ---- memory: loads and stores 0x28..0x3E carry [int memIndex][int offset][int reach] ----
    // The offset is a u32. The reach is what compiled code checks from the effective address:
    // the access's width, more when the check also covers later accesses of the same straight-line
    // run, or 0 when an earlier one covered it (see dev.porcini.memory.LinearMemory). Its bits from
    // Reach.BELOW_SHIFT up say how many bytes below the address the check also covers, for later
    // accesses at a smaller displacement from the same value (validation.SharedBoundsChecks).
    public static final int I32_LOAD = 0x28;
    /**
     * log2 of the bytes each load and store touches, by opcode from {@link #I32_LOAD} to
     * {@link #I64_STORE32}; also its natural alignment, the largest the validator accepts. The
     * lowered opcodes of loads and stores are the Wasm ones.
     */
    public static final byte[] MEMORY_ALIGN = {2, 3, 2, 3, 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 3, 2, 3, 0, 1, 0, 1, 2};
    public static final int I64_LOAD = 0x29;
    public static final int F32_LOAD = 0x2A;
    public static final int F64_LOAD = 0x2B;
    public static final int I32_LOAD8_S = 0x2C;
    public static final int I32_LOAD8_U = 0x2D;
    public static final int I32_LOAD16_S = 0x2E;
    public static final int I32_LOAD16_U = 0x2F;
    public static final int I64_LOAD8_S = 0x30;
    public static final int I64_LOAD8_U = 0x31;
    public static final int I64_LOAD16_S = 0x32;
    public static final int I64_LOAD16_U = 0x33;
    public static final int I64_LOAD32_S = 0x34;
    public static final int I64_LOAD32_U = 0x35;
    public static final int I32_STORE = 0x36;
    public static final int I64_STORE = 0x37;
    public static final int F32_STORE = 0x38;
    public static final int F64_STORE = 0x39;
    public static final int I32_STORE8 = 0x3A;
    public static final int I32_STORE16 = 0x3B;
    public static final int I64_STORE8 = 0x3C;
    public static final int I64_STORE16 = 0x3D;
    public static final int I64_STORE32 = 0x3E;
    /** [int memIndex]. */
    public static final int MEMORY_SIZE = 0x3F;
    /** [int memIndex]. */
    public static final int MEMORY_GROW = 0x40;

    // ---- constants ----
    /** [int value]. */
    public static final int I32_CONST = 0x41;
    /** [long value]. */
    public static final int I64_CONST = 0x42;
    /** [int bits]. */
    public static final int F32_CONST = 0x43;
    /** [long bits]. */
    public static final int F64_CONST = 0x44;

    // ---- numeric: 0x45..0xC4 exactly as in WebAssembly, no immediates ----
    public static final int I32_EQZ = 0x45;
    public static final int I32_NE = 0x47;
    public static final int I32_LT_U = 0x49;
    public static final int I32_GT_U = 0x4B;
    public static final int I32_LE_U = 0x4D;
    public static final int I32_GE_U = 0x4F;
    public static final int I32_EXTEND16_S = 0xC1;
    public static final int I64_EXTEND32_S = 0xC4;

    // ---- references ----
    /** Pushes the null reference (one null value serves funcref and externref). */
    public static final int REF_NULL = 0xD0;
    public static final int REF_IS_NULL = 0xD1;
    /** [int funcIndex]. */
    public static final int REF_FUNC = 0xD2;

    // ---- 0xFC prefix, renumbered to single bytes ----
    /** i32.trunc_sat_f32_s .. i64.trunc_sat_f64_u are TRUNC_SAT_BASE + (their 0xFC sub-opcode 0..7). */
    public static final int TRUNC_SAT_BASE = 0xE0;
    /** [int dataIndex][int memIndex]. */
    public static final int MEMORY_INIT = 0xE8;
    /** [int dataIndex]. */
    public static final int DATA_DROP = 0xE9;
    /** [int dstMemIndex][int srcMemIndex]. */
    public static final int MEMORY_COPY = 0xEA;
    /** [int memIndex]. */
    public static final int MEMORY_FILL = 0xEB;
    /** [int elemIndex][int tableIndex]. */
    public static final int TABLE_INIT = 0xEC;
    /** [int elemIndex]. */
    public static final int ELEM_DROP = 0xED;
    /** [int dstTableIndex][int srcTableIndex]. */
    public static final int TABLE_COPY = 0xEE;
    /** [int tableIndex]. */
    public static final int TABLE_GROW = 0xEF;
    /** [int tableIndex]. */
    public static final int TABLE_SIZE = 0xF0;
    /** [int tableIndex]. */
    public static final int TABLE_FILL = 0xF1;

    /**
     * Every SIMD and relaxed-SIMD instruction: [int word] then immediates. The word is
     * {@code sub | kind << 16}: {@code sub} is the instruction's 0xFD sub-opcode and {@code kind}
     * its shape from {@code dev.porcini.binary.SimdOpcodes}, so the interpreter's dispatch folds
     * from the code alone. Immediates by kind:
     * <ul>
     * <li>LOAD, STORE (v128.load*, v128.store, load32/64_zero): [int memIndex][int offset][int reach]
     * (as for the scalar loads and stores);
     * <li>LOAD_LANE, STORE_LANE: [int memIndex][int offset][int reach][int lane];
     * <li>CONST: [long lo][long hi] (bytes 0..7 and 8..15, little-endian);
     * <li>SHUFFLE: the 16 lane indices as [long lo][long hi], one byte each; an index of
     * {@link #ZERO_LANE} picks a zero byte (the lowering writes it for the lanes of an operand it
     * knows is all zeros);
     * <li>EXTRACT, REPLACE: [int lane];
     * <li>all others: none.
     * </ul>
     * A v128 operand lives in two long frame slots. Bits 20-29 of the word pair a v128 result
     * with the instruction of the same straight-line run that consumes it (see
     * {@link SimdWord#TO_REGISTER}), so compiled code can hand it over in a vector register.
     */
    public static final int SIMD_PREFIX = 0xFD;

    /** A lowered shuffle index that picks a zero byte (real indices are below 32). */
    public static final int ZERO_LANE = 0x80;

    /** The fields of the reach immediate of loads and stores. */
    public static final class Reach {
        /** The bytes checked from the address up. */
        public static final int MASK = (1 << 24) - 1;
        /** Where the bytes checked below the address start (at most 127 of them). */
        public static final int BELOW_SHIFT = 24;

        private Reach() {
        }
    }

    /** The bits of the [int word] of a {@link #SIMD_PREFIX} instruction. */
    public static final class SimdWord {
        private SimdWord() {
        }

        /** The kind: {@code (word >>> 16) & KIND_MASK}. */
        public static final int KIND_MASK = 0xF;
        /**
         * Flag: the result is also left in vector register {@code (word >>> RESULT_REGISTER_SHIFT) & 7}
         * for a later instruction of the same run. Registers are numbered by operand stack
         * height, so values live at the same time never share one.
         */
        public static final int TO_REGISTER = 1 << 20;
        public static final int RESULT_REGISTER_SHIFT = 21;
        /** The register number of the topmost operand (the one below it has one less). */
        public static final int TOP_REGISTER_SHIFT = 24;
        /** Flag, shifted left by an operand's depth (0 = top): that operand is in its register. */
        public static final int FROM_REGISTER = 1 << 27;
        /** Vector registers: operand stack heights below this take part in the pairing. */
        public static final int REGISTERS = 8;

        // The word of LOCAL_GET_V128, LOCAL_SET_V128 and LOCAL_TEE_V128 adds these.
        /**
         * Registers for v128 locals, after the {@link #REGISTERS} stack ones: a function's first
         * this many v128 locals have one each.
         */
        public static final int LOCAL_REGISTERS = 32;
        /** The local's register number, 0 .. LOCAL_REGISTERS - 1. */
        public static final int LOCAL_REGISTER_MASK = 0x1F;
        /** Flag of a set or tee: also leave the vector in the local's register, for a get of the same run. */
        public static final int TO_LOCAL_REGISTER = 1 << 5;
        /** Flag of a get: the vector is in the local's register. */
        public static final int FROM_LOCAL_REGISTER = 1 << 6;
        /**
         * Flag of a get that reads the local's register: leave it filled for a later get of the
         * same run. The last get of the run has no such flag and empties it.
         */
        public static final int KEEP_LOCAL_REGISTER = 1 << 7;
    }

    /** Reads a little-endian int immediate. */
    public static int readInt(byte[] code, int pc) {
        return (code[pc] & 0xFF) | (code[pc + 1] & 0xFF) << 8 | (code[pc + 2] & 0xFF) << 16 | (code[pc + 3] & 0xFF) << 24;
    }

    /** Reads a little-endian long immediate. */
    public static long readLong(byte[] code, int pc) {
        return (readInt(code, pc) & 0xFFFFFFFFL) | ((long) readInt(code, pc + 4)) << 32;
    }

    /** How many pcs the instruction at {@code pc} may jump to (a BR_TABLE names each target once). */
    static int targetCount(byte[] code, int pc) {
        return switch (code[pc] & 0xFF) {
            case JUMP, BR, IF, BR_IF -> 1;
            case BR_TABLE -> readInt(code, pc + 5);
            default -> 0;
        };
    }

    /** The {@code j}th pc the instruction at {@code pc} may jump to. */
    static int target(byte[] code, int pc, int j) {
        return (code[pc] & 0xFF) == BR_TABLE ? readInt(code, pc + 9 + 12 * j) : readInt(code, pc + 1);
    }
}
