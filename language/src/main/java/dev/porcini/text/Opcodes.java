package dev.porcini.text;

import java.util.HashMap;
import java.util.Map;

/** The instruction table: every plain instruction's name, binary opcode and immediate shape. */
final class Opcodes {
    private Opcodes() {
    }

    /** The shape of an instruction's immediates. */
    enum Imm {
        NONE,
        /** block, loop, if: label and block type. */
        BLOCK,
        ELSE,
        END,
        /** br, br_if: one label. */
        LABEL,
        BR_TABLE,
        FUNC,
        CALL_INDIRECT,
        LOCAL,
        GLOBAL,
        /** An optional table index, default 0. */
        TABLE,
        /** table.copy: two optional table indices. */
        TABLE_COPY,
        /** table.init: optional table index, then element segment index. */
        TABLE_INIT,
        ELEM,
        /** Load/store: optional memory index, then offset= and align=. */
        MEMARG,
        /** memory.size/grow/fill: optional memory index. */
        MEMORY,
        MEMORY_COPY,
        /** memory.init: optional memory index, then data segment index. */
        MEMORY_INIT,
        DATA,
        SELECT,
        REF_NULL,
        I32,
        I64,
        F32,
        F64,
        V128,
        SHUFFLE,
        /** extract_lane/replace_lane: one lane index. */
        LANE,
        /** v128.loadN_lane/storeN_lane: memory argument and lane index. */
        MEMARG_LANE
    }

    /**
     * One instruction.
     *
     * @param prefix 0 for single-byte opcodes, else 0xFC or 0xFD (the opcode then follows as a u32)
     * @param align natural alignment in bytes, for memory accesses
     */
    record Op(String name, int prefix, int code, Imm imm, int align) {
    }

    private static final Map<String, Op> OPS = new HashMap<>();

    /** Keywords of the text format that are not instructions. */
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("module", "type", "func", "param", "result",
                    "local", "import", "export", "table", "memory", "global", "elem", "data", "start", "offset", "item",
                    "declare", "mut", "then", "funcref", "externref", "extern", "ref", "i32", "i64", "f32", "f64", "v128",
                    "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2", "quote", "binary", "inf", "nan");

    static Op lookup(String name) {
        return OPS.get(name);
    }

    /** True for every word the text format knows (a misplaced one is an "unexpected token", not unknown). */
    static boolean isKeyword(String word) {
        return OPS.containsKey(word) || KEYWORDS.contains(word) || word.equals("nan:canonical")
                        || word.equals("nan:arithmetic") || word.startsWith("offset=") || word.startsWith("align=");
    }

    private static void add(String name, int prefix, int code, Imm imm, int align) {
        OPS.put(name, new Op(name, prefix, code, imm, align));
    }

    private static void add(String name, int code, Imm imm) {
        add(name, 0, code, imm, 0);
    }

    /** Adds immediate-free instructions with consecutive opcodes; null entries are unassigned opcodes. */
    private static void addRun(int prefix, int firstCode, String... names) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) {
                add(names[i], prefix, firstCode + i, Imm.NONE, 0);
            }
        }
    }

    private static void addMemory(int prefix, int code, String name, int align) {
        add(name, prefix, code, Imm.MEMARG, align);
    }

    static {
        add("unreachable", 0x00, Imm.NONE);
        add("nop", 0x01, Imm.NONE);
        add("block", 0x02, Imm.BLOCK);
        add("loop", 0x03, Imm.BLOCK);
        add("if", 0x04, Imm.BLOCK);
        add("else", 0x05, Imm.ELSE);
        add("end", 0x0B, Imm.END);
        add("br", 0x0C, Imm.LABEL);
        add("br_if", 0x0D, Imm.LABEL);
        add("br_table", 0x0E, Imm.BR_TABLE);
        add("return", 0x0F, Imm.NONE);
        add("call", 0x10, Imm.FUNC);
        add("call_indirect", 0x11, Imm.CALL_INDIRECT);
        add("drop", 0x1A, Imm.NONE);
        add("select", 0x1B, Imm.SELECT);
        add("local.get", 0x20, Imm.LOCAL);
        add("local.set", 0x21, Imm.LOCAL);
        add("local.tee", 0x22, Imm.LOCAL);
        add("global.get", 0x23, Imm.GLOBAL);
        add("global.set", 0x24, Imm.GLOBAL);
        add("table.get", 0x25, Imm.TABLE);
        add("table.set", 0x26, Imm.TABLE);

        String[] loads = {"i32.load", "i64.load", "f32.load", "f64.load", "i32.load8_s", "i32.load8_u", "i32.load16_s",
                        "i32.load16_u", "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u", "i64.load32_s",
                        "i64.load32_u", "i32.store", "i64.store", "f32.store", "f64.store", "i32.store8", "i32.store16",
                        "i64.store8", "i64.store16", "i64.store32"};
        int[] loadAligns = {4, 8, 4, 8, 1, 1, 2, 2, 1, 1, 2, 2, 4, 4, 4, 8, 4, 8, 1, 2, 1, 2, 4};
        for (int i = 0; i < loads.length; i++) {
            addMemory(0, 0x28 + i, loads[i], loadAligns[i]);
        }
        add("memory.size", 0x3F, Imm.MEMORY);
        add("memory.grow", 0x40, Imm.MEMORY);
        add("i32.const", 0x41, Imm.I32);
        add("i64.const", 0x42, Imm.I64);
        add("f32.const", 0x43, Imm.F32);
        add("f64.const", 0x44, Imm.F64);

        addRun(0, 0x45,
                        "i32.eqz", "i32.eq", "i32.ne", "i32.lt_s", "i32.lt_u", "i32.gt_s", "i32.gt_u", "i32.le_s",
                        "i32.le_u", "i32.ge_s", "i32.ge_u",
                        "i64.eqz", "i64.eq", "i64.ne", "i64.lt_s", "i64.lt_u", "i64.gt_s", "i64.gt_u", "i64.le_s",
                        "i64.le_u", "i64.ge_s", "i64.ge_u",
                        "f32.eq", "f32.ne", "f32.lt", "f32.gt", "f32.le", "f32.ge",
                        "f64.eq", "f64.ne", "f64.lt", "f64.gt", "f64.le", "f64.ge",
                        "i32.clz", "i32.ctz", "i32.popcnt", "i32.add", "i32.sub", "i32.mul", "i32.div_s", "i32.div_u",
                        "i32.rem_s", "i32.rem_u", "i32.and", "i32.or", "i32.xor", "i32.shl", "i32.shr_s", "i32.shr_u",
                        "i32.rotl", "i32.rotr",
                        "i64.clz", "i64.ctz", "i64.popcnt", "i64.add", "i64.sub", "i64.mul", "i64.div_s", "i64.div_u",
                        "i64.rem_s", "i64.rem_u", "i64.and", "i64.or", "i64.xor", "i64.shl", "i64.shr_s", "i64.shr_u",
                        "i64.rotl", "i64.rotr",
                        "f32.abs", "f32.neg", "f32.ceil", "f32.floor", "f32.trunc", "f32.nearest", "f32.sqrt", "f32.add",
                        "f32.sub", "f32.mul", "f32.div", "f32.min", "f32.max", "f32.copysign",
                        "f64.abs", "f64.neg", "f64.ceil", "f64.floor", "f64.trunc", "f64.nearest", "f64.sqrt", "f64.add",
                        "f64.sub", "f64.mul", "f64.div", "f64.min", "f64.max", "f64.copysign",
                        "i32.wrap_i64", "i32.trunc_f32_s", "i32.trunc_f32_u", "i32.trunc_f64_s", "i32.trunc_f64_u",
                        "i64.extend_i32_s", "i64.extend_i32_u", "i64.trunc_f32_s", "i64.trunc_f32_u", "i64.trunc_f64_s",
                        "i64.trunc_f64_u", "f32.convert_i32_s", "f32.convert_i32_u", "f32.convert_i64_s",
                        "f32.convert_i64_u", "f32.demote_f64", "f64.convert_i32_s", "f64.convert_i32_u",
                        "f64.convert_i64_s", "f64.convert_i64_u", "f64.promote_f32", "i32.reinterpret_f32",
                        "i64.reinterpret_f64", "f32.reinterpret_i32", "f64.reinterpret_i64",
                        "i32.extend8_s", "i32.extend16_s", "i64.extend8_s", "i64.extend16_s", "i64.extend32_s");

        add("ref.null", 0xD0, Imm.REF_NULL);
        add("ref.is_null", 0xD1, Imm.NONE);
        add("ref.func", 0xD2, Imm.FUNC);

        addRun(0xFC, 0, "i32.trunc_sat_f32_s", "i32.trunc_sat_f32_u", "i32.trunc_sat_f64_s", "i32.trunc_sat_f64_u",
                        "i64.trunc_sat_f32_s", "i64.trunc_sat_f32_u", "i64.trunc_sat_f64_s", "i64.trunc_sat_f64_u");
        add("memory.init", 0xFC, 8, Imm.MEMORY_INIT, 0);
        add("data.drop", 0xFC, 9, Imm.DATA, 0);
        add("memory.copy", 0xFC, 10, Imm.MEMORY_COPY, 0);
        add("memory.fill", 0xFC, 11, Imm.MEMORY, 0);
        add("table.init", 0xFC, 12, Imm.TABLE_INIT, 0);
        add("elem.drop", 0xFC, 13, Imm.ELEM, 0);
        add("table.copy", 0xFC, 14, Imm.TABLE_COPY, 0);
        add("table.grow", 0xFC, 15, Imm.TABLE, 0);
        add("table.size", 0xFC, 16, Imm.TABLE, 0);
        add("table.fill", 0xFC, 17, Imm.TABLE, 0);

        addSimd();
    }

    private static void addSimd() {
        String[] loads = {"v128.load", "v128.load8x8_s", "v128.load8x8_u", "v128.load16x4_s", "v128.load16x4_u",
                        "v128.load32x2_s", "v128.load32x2_u", "v128.load8_splat", "v128.load16_splat",
                        "v128.load32_splat", "v128.load64_splat", "v128.store"};
        int[] loadAligns = {16, 8, 8, 8, 8, 8, 8, 1, 2, 4, 8, 16};
        for (int i = 0; i < loads.length; i++) {
            addMemory(0xFD, i, loads[i], loadAligns[i]);
        }
        add("v128.const", 0xFD, 12, Imm.V128, 0);
        add("i8x16.shuffle", 0xFD, 13, Imm.SHUFFLE, 0);
        addRun(0xFD, 14, "i8x16.swizzle", "i8x16.splat", "i16x8.splat", "i32x4.splat", "i64x2.splat", "f32x4.splat",
                        "f64x2.splat");
        String[] lanes = {"i8x16.extract_lane_s", "i8x16.extract_lane_u", "i8x16.replace_lane", "i16x8.extract_lane_s",
                        "i16x8.extract_lane_u", "i16x8.replace_lane", "i32x4.extract_lane", "i32x4.replace_lane",
                        "i64x2.extract_lane", "i64x2.replace_lane", "f32x4.extract_lane", "f32x4.replace_lane",
                        "f64x2.extract_lane", "f64x2.replace_lane"};
        for (int i = 0; i < lanes.length; i++) {
            add(lanes[i], 0xFD, 21 + i, Imm.LANE, 0);
        }
        addRun(0xFD, 35,
                        "i8x16.eq", "i8x16.ne", "i8x16.lt_s", "i8x16.lt_u", "i8x16.gt_s", "i8x16.gt_u", "i8x16.le_s",
                        "i8x16.le_u", "i8x16.ge_s", "i8x16.ge_u",
                        "i16x8.eq", "i16x8.ne", "i16x8.lt_s", "i16x8.lt_u", "i16x8.gt_s", "i16x8.gt_u", "i16x8.le_s",
                        "i16x8.le_u", "i16x8.ge_s", "i16x8.ge_u",
                        "i32x4.eq", "i32x4.ne", "i32x4.lt_s", "i32x4.lt_u", "i32x4.gt_s", "i32x4.gt_u", "i32x4.le_s",
                        "i32x4.le_u", "i32x4.ge_s", "i32x4.ge_u",
                        "f32x4.eq", "f32x4.ne", "f32x4.lt", "f32x4.gt", "f32x4.le", "f32x4.ge",
                        "f64x2.eq", "f64x2.ne", "f64x2.lt", "f64x2.gt", "f64x2.le", "f64x2.ge",
                        "v128.not", "v128.and", "v128.andnot", "v128.or", "v128.xor", "v128.bitselect", "v128.any_true");
        String[] laneMemory = {"v128.load8_lane", "v128.load16_lane", "v128.load32_lane", "v128.load64_lane",
                        "v128.store8_lane", "v128.store16_lane", "v128.store32_lane", "v128.store64_lane"};
        for (int i = 0; i < laneMemory.length; i++) {
            add(laneMemory[i], 0xFD, 84 + i, Imm.MEMARG_LANE, 1 << (i % 4));
        }
        addMemory(0xFD, 92, "v128.load32_zero", 4);
        addMemory(0xFD, 93, "v128.load64_zero", 8);
        addRun(0xFD, 94,
                        "f32x4.demote_f64x2_zero", "f64x2.promote_low_f32x4",
                        "i8x16.abs", "i8x16.neg", "i8x16.popcnt", "i8x16.all_true", "i8x16.bitmask",
                        "i8x16.narrow_i16x8_s", "i8x16.narrow_i16x8_u",
                        "f32x4.ceil", "f32x4.floor", "f32x4.trunc", "f32x4.nearest",
                        "i8x16.shl", "i8x16.shr_s", "i8x16.shr_u", "i8x16.add", "i8x16.add_sat_s", "i8x16.add_sat_u",
                        "i8x16.sub", "i8x16.sub_sat_s", "i8x16.sub_sat_u",
                        "f64x2.ceil", "f64x2.floor",
                        "i8x16.min_s", "i8x16.min_u", "i8x16.max_s", "i8x16.max_u",
                        "f64x2.trunc",
                        "i8x16.avgr_u",
                        "i16x8.extadd_pairwise_i8x16_s", "i16x8.extadd_pairwise_i8x16_u",
                        "i32x4.extadd_pairwise_i16x8_s", "i32x4.extadd_pairwise_i16x8_u",
                        // 0x80
                        "i16x8.abs", "i16x8.neg", "i16x8.q15mulr_sat_s", "i16x8.all_true", "i16x8.bitmask",
                        "i16x8.narrow_i32x4_s", "i16x8.narrow_i32x4_u",
                        "i16x8.extend_low_i8x16_s", "i16x8.extend_high_i8x16_s",
                        "i16x8.extend_low_i8x16_u", "i16x8.extend_high_i8x16_u",
                        "i16x8.shl", "i16x8.shr_s", "i16x8.shr_u", "i16x8.add", "i16x8.add_sat_s", "i16x8.add_sat_u",
                        "i16x8.sub", "i16x8.sub_sat_s", "i16x8.sub_sat_u",
                        "f64x2.nearest",
                        "i16x8.mul", "i16x8.min_s", "i16x8.min_u", "i16x8.max_s", "i16x8.max_u", null,
                        "i16x8.avgr_u",
                        "i16x8.extmul_low_i8x16_s", "i16x8.extmul_high_i8x16_s",
                        "i16x8.extmul_low_i8x16_u", "i16x8.extmul_high_i8x16_u",
                        // 0xA0
                        "i32x4.abs", "i32x4.neg", null, "i32x4.all_true", "i32x4.bitmask", null, null,
                        "i32x4.extend_low_i16x8_s", "i32x4.extend_high_i16x8_s",
                        "i32x4.extend_low_i16x8_u", "i32x4.extend_high_i16x8_u",
                        "i32x4.shl", "i32x4.shr_s", "i32x4.shr_u", "i32x4.add", null, null,
                        "i32x4.sub", null, null, null,
                        "i32x4.mul", "i32x4.min_s", "i32x4.min_u", "i32x4.max_s", "i32x4.max_u",
                        "i32x4.dot_i16x8_s", null,
                        "i32x4.extmul_low_i16x8_s", "i32x4.extmul_high_i16x8_s",
                        "i32x4.extmul_low_i16x8_u", "i32x4.extmul_high_i16x8_u",
                        // 0xC0
                        "i64x2.abs", "i64x2.neg", null, "i64x2.all_true", "i64x2.bitmask", null, null,
                        "i64x2.extend_low_i32x4_s", "i64x2.extend_high_i32x4_s",
                        "i64x2.extend_low_i32x4_u", "i64x2.extend_high_i32x4_u",
                        "i64x2.shl", "i64x2.shr_s", "i64x2.shr_u", "i64x2.add", null, null,
                        "i64x2.sub", null, null, null,
                        "i64x2.mul", "i64x2.eq", "i64x2.ne", "i64x2.lt_s", "i64x2.gt_s", "i64x2.le_s", "i64x2.ge_s",
                        "i64x2.extmul_low_i32x4_s", "i64x2.extmul_high_i32x4_s",
                        "i64x2.extmul_low_i32x4_u", "i64x2.extmul_high_i32x4_u",
                        // 0xE0
                        "f32x4.abs", "f32x4.neg", null, "f32x4.sqrt", "f32x4.add", "f32x4.sub", "f32x4.mul", "f32x4.div",
                        "f32x4.min", "f32x4.max", "f32x4.pmin", "f32x4.pmax",
                        "f64x2.abs", "f64x2.neg", null, "f64x2.sqrt", "f64x2.add", "f64x2.sub", "f64x2.mul", "f64x2.div",
                        "f64x2.min", "f64x2.max", "f64x2.pmin", "f64x2.pmax",
                        "i32x4.trunc_sat_f32x4_s", "i32x4.trunc_sat_f32x4_u",
                        "f32x4.convert_i32x4_s", "f32x4.convert_i32x4_u",
                        "i32x4.trunc_sat_f64x2_s_zero", "i32x4.trunc_sat_f64x2_u_zero",
                        "f64x2.convert_low_i32x4_s", "f64x2.convert_low_i32x4_u");
        // Relaxed SIMD (WebAssembly 3.0).
        addRun(0xFD, 0x100,
                        "i8x16.relaxed_swizzle",
                        "i32x4.relaxed_trunc_f32x4_s", "i32x4.relaxed_trunc_f32x4_u",
                        "i32x4.relaxed_trunc_f64x2_s_zero", "i32x4.relaxed_trunc_f64x2_u_zero",
                        "f32x4.relaxed_madd", "f32x4.relaxed_nmadd", "f64x2.relaxed_madd", "f64x2.relaxed_nmadd",
                        "i8x16.relaxed_laneselect", "i16x8.relaxed_laneselect", "i32x4.relaxed_laneselect",
                        "i64x2.relaxed_laneselect",
                        "f32x4.relaxed_min", "f32x4.relaxed_max", "f64x2.relaxed_min", "f64x2.relaxed_max",
                        "i16x8.relaxed_q15mulr_s", "i16x8.relaxed_dot_i8x16_i7x16_s",
                        "i32x4.relaxed_dot_i8x16_i7x16_add_s");
    }
}
