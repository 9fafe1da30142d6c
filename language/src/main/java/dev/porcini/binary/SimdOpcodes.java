package dev.porcini.binary;

/**
 * The 0xFD (SIMD and relaxed-SIMD) instructions by sub-opcode: operand shape, scalar type, lane
 * count and natural alignment. Shared by the decoder's syntax walk and the validator.
 */
public final class SimdOpcodes {
    private SimdOpcodes() {
    }

    /** One past the largest sub-opcode (relaxed SIMD ends at 0x113). */
    public static final int COUNT = 0x114;

    public static final byte ILLEGAL = 0;
    /** memarg; i32 -> v128. */
    public static final byte LOAD = 1;
    /** memarg; i32 v128 -> . */
    public static final byte STORE = 2;
    /** 16 immediate bytes. */
    public static final byte CONST = 3;
    /** 16 lane indices; v128 v128 -> v128. */
    public static final byte SHUFFLE = 4;
    /** lane; v128 -> scalar. */
    public static final byte EXTRACT = 5;
    /** lane; v128 scalar -> v128. */
    public static final byte REPLACE = 6;
    /** scalar -> v128. */
    public static final byte SPLAT = 7;
    public static final byte V_V = 8;
    public static final byte VV_V = 9;
    public static final byte VVV_V = 10;
    /** v128 -> i32 (any_true, all_true, bitmask). */
    public static final byte V_I = 11;
    /** v128 i32 -> v128 (shifts). */
    public static final byte VI_V = 12;
    /** memarg, lane; i32 v128 -> v128. */
    public static final byte LOAD_LANE = 13;
    /** memarg, lane; i32 v128 -> . */
    public static final byte STORE_LANE = 14;

    public static final byte[] KIND = new byte[COUNT];
    /** Value type code of the scalar of splat, extract_lane and replace_lane. */
    public static final byte[] SCALAR = new byte[COUNT];
    /** Lane count for lane immediates. */
    public static final byte[] LANES = new byte[COUNT];
    /** log2 of the natural alignment of memory instructions. */
    public static final byte[] ALIGN = new byte[COUNT];

    private static final byte I32 = 0x7F;
    private static final byte I64 = 0x7E;
    private static final byte F32 = 0x7D;
    private static final byte F64 = 0x7C;

    static {
        // v128.load, load8x8_s/u .. load32x2_s/u, load8/16/32/64_splat
        int[] loadAlign = {4, 3, 3, 3, 3, 3, 3, 0, 1, 2, 3};
        for (int i = 0; i <= 10; i++) {
            KIND[i] = LOAD;
            ALIGN[i] = (byte) loadAlign[i];
        }
        KIND[0x0B] = STORE;
        ALIGN[0x0B] = 4;
        KIND[0x0C] = CONST;
        KIND[0x0D] = SHUFFLE;
        KIND[0x0E] = VV_V; // swizzle
        byte[] splat = {I32, I32, I32, I64, F32, F64};
        for (int i = 0; i < 6; i++) {
            KIND[0x0F + i] = SPLAT;
            SCALAR[0x0F + i] = splat[i];
        }
        // 0x15..0x22: i8 extract_s, extract_u, replace; i16 the same; then i32, i64, f32, f64 pairs
        lanes(0x15, 0x17, 16, I32);
        lanes(0x18, 0x1A, 8, I32);
        lanes(0x1B, 0x1C, 4, I32);
        lanes(0x1D, 0x1E, 2, I64);
        lanes(0x1F, 0x20, 4, F32);
        lanes(0x21, 0x22, 2, F64);
        KIND[0x17] = REPLACE;
        KIND[0x1A] = REPLACE;
        KIND[0x1C] = REPLACE;
        KIND[0x1E] = REPLACE;
        KIND[0x20] = REPLACE;
        KIND[0x22] = REPLACE;

        range(0x23, 0x4C, VV_V); // comparisons
        KIND[0x4D] = V_V; // not
        range(0x4E, 0x51, VV_V); // and andnot or xor
        KIND[0x52] = VVV_V; // bitselect
        KIND[0x53] = V_I; // any_true
        for (int i = 0; i < 4; i++) {
            KIND[0x54 + i] = LOAD_LANE;
            KIND[0x58 + i] = STORE_LANE;
            ALIGN[0x54 + i] = (byte) i;
            ALIGN[0x58 + i] = (byte) i;
            LANES[0x54 + i] = (byte) (16 >> i);
            LANES[0x58 + i] = (byte) (16 >> i);
        }
        KIND[0x5C] = LOAD;
        ALIGN[0x5C] = 2;
        KIND[0x5D] = LOAD;
        ALIGN[0x5D] = 3;

        range(0x5E, 0xFF, VV_V); // the arithmetic block; unary, shift, test and reserved ones below
        unary(0x5E, 0x5F, 0x60, 0x61, 0x62, 0x67, 0x68, 0x69, 0x6A, 0x74, 0x75, 0x7A, 0x7C, 0x7D, 0x7E, 0x7F,
                        0x80, 0x81, 0x87, 0x88, 0x89, 0x8A, 0x94, 0xA0, 0xA1, 0xA7, 0xA8, 0xA9, 0xAA,
                        0xC0, 0xC1, 0xC7, 0xC8, 0xC9, 0xCA, 0xE0, 0xE1, 0xE3, 0xEC, 0xED, 0xEF,
                        0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF);
        for (int op : new int[]{0x63, 0x64, 0x83, 0x84, 0xA3, 0xA4, 0xC3, 0xC4}) {
            KIND[op] = V_I;
        }
        for (int op : new int[]{0x6B, 0x6C, 0x6D, 0x8B, 0x8C, 0x8D, 0xAB, 0xAC, 0xAD, 0xCB, 0xCC, 0xCD}) {
            KIND[op] = VI_V;
        }
        for (int op : new int[]{0x9A, 0xA2, 0xA5, 0xA6, 0xAF, 0xB0, 0xB2, 0xB3, 0xB4, 0xBB, 0xC2, 0xC5, 0xC6,
                        0xCF, 0xD0, 0xD2, 0xD3, 0xD4, 0xE2, 0xEE}) {
            KIND[op] = ILLEGAL;
        }

        // Relaxed SIMD.
        KIND[0x100] = VV_V; // relaxed_swizzle
        range(0x101, 0x104, V_V); // relaxed_trunc
        range(0x105, 0x10C, VVV_V); // madd, nmadd, laneselect
        range(0x10D, 0x112, VV_V); // min, max, q15mulr, dot_i8x16_i7x16_s
        KIND[0x113] = VVV_V; // dot_i8x16_i7x16_add_s
    }

    private static void lanes(int from, int to, int lanes, byte scalar) {
        for (int op = from; op <= to; op++) {
            KIND[op] = EXTRACT;
            LANES[op] = (byte) lanes;
            SCALAR[op] = scalar;
        }
    }

    private static void range(int from, int to, byte kind) {
        for (int op = from; op <= to; op++) {
            KIND[op] = kind;
        }
    }

    private static void unary(int... ops) {
        for (int op : ops) {
            KIND[op] = V_V;
        }
    }

    /** Skips the immediates after the 0xFD prefix byte (the sub-opcode is read here). */
    static void skip(BinaryReader r) {
        int sub = r.u32();
        if (sub < 0 || sub >= COUNT) {
            throw Instructions.illegalOpcode();
        }
        switch (KIND[sub]) {
            case LOAD, STORE -> {
                Instructions.readAlign(r);
                r.u32();
            }
            case LOAD_LANE, STORE_LANE -> {
                Instructions.readAlign(r);
                r.u32();
                r.u8();
            }
            case CONST, SHUFFLE -> {
                r.fixed64();
                r.fixed64();
            }
            case EXTRACT, REPLACE -> r.u8();
            case ILLEGAL -> throw Instructions.illegalOpcode();
            default -> {
            }
        }
    }
}
