package dev.porcini.binary;

import dev.porcini.error.WasmException;

/**
 * The shape of every instruction's immediates, and a syntax-only walk over instruction sequences.
 *
 * <p>The decoder uses it to find the end of constant expressions, and the validator to look for
 * malformed encodings in function bodies it did not finish (a malformed module must be reported as
 * malformed even when an earlier body is already known to be invalid). The validator's own decoding
 * of immediates must agree with {@link #immediates(int)}.
 */
public final class Instructions {
    private Instructions() {
    }

    // Immediate shapes.
    public static final byte ILLEGAL = 0;
    public static final byte NONE = 1;
    public static final byte BLOCK_TYPE = 2;
    public static final byte INDEX = 3;
    public static final byte BR_TABLE = 4;
    public static final byte CALL_INDIRECT = 5;
    public static final byte SELECT_T = 6;
    public static final byte MEMARG = 7;
    public static final byte ZERO_BYTE = 8;
    public static final byte I32 = 9;
    public static final byte I64 = 10;
    public static final byte F32 = 11;
    public static final byte F64 = 12;
    public static final byte REF_TYPE = 13;
    public static final byte PREFIX_FC = 14;
    public static final byte PREFIX_FD = 15;

    private static final byte[] SHAPES = new byte[256];

    static {
        set(0x00, 0x01, NONE); // unreachable, nop
        set(0x02, 0x04, BLOCK_TYPE); // block, loop, if
        set(0x05, 0x05, NONE); // else
        set(0x0B, 0x0B, NONE); // end
        set(0x0C, 0x0D, INDEX); // br, br_if
        set(0x0E, 0x0E, BR_TABLE);
        set(0x0F, 0x0F, NONE); // return
        set(0x10, 0x10, INDEX); // call
        set(0x11, 0x11, CALL_INDIRECT);
        set(0x1A, 0x1B, NONE); // drop, select
        set(0x1C, 0x1C, SELECT_T);
        set(0x20, 0x26, INDEX); // local.*, global.*, table.get/set
        set(0x28, 0x3E, MEMARG);
        set(0x3F, 0x40, ZERO_BYTE); // memory.size, memory.grow
        set(0x41, 0x41, I32);
        set(0x42, 0x42, I64);
        set(0x43, 0x43, F32);
        set(0x44, 0x44, F64);
        set(0x45, 0xC4, NONE); // numeric
        set(0xD0, 0xD0, REF_TYPE);
        set(0xD1, 0xD1, NONE);
        set(0xD2, 0xD2, INDEX);
        set(0xFC, 0xFC, PREFIX_FC);
        set(0xFD, 0xFD, PREFIX_FD);
    }

    private static void set(int from, int to, byte shape) {
        for (int op = from; op <= to; op++) {
            SHAPES[op] = shape;
        }
    }

    /** The immediate shape of a one-byte opcode. */
    public static byte immediates(int opcode) {
        return SHAPES[opcode];
    }

    public static WasmException illegalOpcode() {
        return WasmException.malformed("illegal opcode");
    }

    /** The largest 0xFC sub-opcode of WebAssembly 2.0 (table.fill). */
    public static final int FC_MAX = 17;

    /**
     * Reads a memarg's alignment exponent. Values of 32 and up can never be valid and are rejected
     * as malformed, as the spec tests expect (bit 6 would select a memory in multi-memory).
     */
    public static int readAlign(BinaryReader r) {
        int align = r.u32();
        if (align < 0 || align >= 32) {
            throw WasmException.malformed("malformed memop flags");
        }
        return align;
    }

    /**
     * Reads a block type: -1 for none, -(value type code) for one result, or a type index (≥ 0).
     * The type index is not checked against the type section here.
     */
    public static int readBlockType(BinaryReader r) {
        int b = r.peek();
        if (b == 0x40) {
            r.u8();
            return -1;
        }
        if ((b & 0xC0) == 0x40) {
            // A one-byte negative s33: must be a value type.
            return -r.valType().code;
        }
        long index = r.s33();
        if (index < 0) {
            throw WasmException.malformed("malformed block type");
        }
        return index > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) index;
    }

    /**
     * Skips an instruction sequence up to and including the {@code end} that closes it, checking
     * only the encoding. Nested blocks are followed, so a misplaced {@code else} is "END opcode
     * expected" as in the reference decoder.
     *
     * @param requireDataCount whether memory.init and data.drop need a data count section that is absent
     */
    public static void skipSequence(BinaryReader r, boolean requireDataCount) {
        // One bit per open block: set while it is an `if` that may still see its `else`. Allocated
        // on the first block, so constant expressions allocate nothing.
        long[] ifBits = null;
        int depth = 0;
        while (true) {
            int op = r.u8();
            switch (op) {
                case 0x02, 0x03, 0x04 -> {
                    readBlockType(r);
                    depth++;
                    if (ifBits == null) {
                        ifBits = new long[1];
                    } else if (depth >> 6 >= ifBits.length) {
                        ifBits = java.util.Arrays.copyOf(ifBits, ifBits.length * 2);
                    }
                    long bit = 1L << depth;
                    ifBits[depth >> 6] = op == 0x04 ? ifBits[depth >> 6] | bit : ifBits[depth >> 6] & ~bit;
                }
                case 0x05 -> {
                    long bit = 1L << depth;
                    if (depth == 0 || (ifBits[depth >> 6] & bit) == 0) {
                        throw WasmException.malformed("END opcode expected");
                    }
                    ifBits[depth >> 6] &= ~bit;
                }
                case 0x0B -> {
                    if (depth == 0) {
                        return;
                    }
                    depth--;
                }
                default -> skipImmediates(r, op, requireDataCount);
            }
        }
    }

    /** Skips the immediates of a non-structured instruction whose opcode byte was just read. */
    public static void skipImmediates(BinaryReader r, int op, boolean requireDataCount) {
        switch (SHAPES[op]) {
            case NONE -> {
            }
            case BLOCK_TYPE -> readBlockType(r);
            case INDEX -> r.u32();
            case I32 -> r.s32();
            case BR_TABLE -> {
                int n = r.count();
                for (int i = 0; i <= n; i++) {
                    r.u32();
                }
            }
            case CALL_INDIRECT -> {
                r.u32();
                r.u32();
            }
            case SELECT_T -> {
                int n = r.count();
                for (int i = 0; i < n; i++) {
                    r.valType();
                }
            }
            case MEMARG -> {
                readAlign(r);
                r.u32();
            }
            case ZERO_BYTE -> r.zeroByte();
            case I64 -> r.s64();
            case F32 -> r.fixed32();
            case F64 -> r.fixed64();
            case REF_TYPE -> r.refType();
            case PREFIX_FC -> skipPrefixFC(r, requireDataCount);
            case PREFIX_FD -> SimdOpcodes.skip(r);
            default -> throw illegalOpcode();
        }
    }

    private static void skipPrefixFC(BinaryReader r, boolean requireDataCount) {
        int sub = r.u32();
        switch (sub) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> {
            }
            case 8 -> { // memory.init
                dataCountRequired(requireDataCount);
                r.u32();
                r.zeroByte();
            }
            case 9 -> { // data.drop
                dataCountRequired(requireDataCount);
                r.u32();
            }
            case 10 -> { // memory.copy
                r.zeroByte();
                r.zeroByte();
            }
            case 11 -> r.zeroByte(); // memory.fill
            case 12, 14 -> { // table.init, table.copy
                r.u32();
                r.u32();
            }
            case 13, 15, 16, 17 -> r.u32(); // elem.drop, table.grow, table.size, table.fill
            default -> throw illegalOpcode();
        }
    }

    /** memory.init and data.drop may only appear in a module with a data count section. */
    public static void dataCountRequired(boolean missing) {
        if (missing) {
            throw WasmException.malformed("data count section required");
        }
    }
}
