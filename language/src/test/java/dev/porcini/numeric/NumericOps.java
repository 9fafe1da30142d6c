package dev.porcini.numeric;

import static dev.porcini.numeric.Numerics.*;

/**
 * Runs one numeric instruction by name on raw bits (i32 and f32 in the low 32 bits), the way the
 * interpreter will: {@link Numerics} where the semantics need it, plain Java operators elsewhere.
 */
final class NumericOps {
    private NumericOps() {
    }

    static long apply(String instruction, long[] a) {
        return switch (instruction) {
            // i32
            case "i32.add" -> i32(i32(a[0]) + i32(a[1]));
            case "i32.sub" -> i32(i32(a[0]) - i32(a[1]));
            case "i32.mul" -> i32(i32(a[0]) * i32(a[1]));
            case "i32.div_s" -> i32(i32DivS(i32(a[0]), i32(a[1]), null));
            case "i32.div_u" -> i32(i32DivU(i32(a[0]), i32(a[1]), null));
            case "i32.rem_s" -> i32(i32RemS(i32(a[0]), i32(a[1]), null));
            case "i32.rem_u" -> i32(i32RemU(i32(a[0]), i32(a[1]), null));
            case "i32.and" -> i32(i32(a[0]) & i32(a[1]));
            case "i32.or" -> i32(i32(a[0]) | i32(a[1]));
            case "i32.xor" -> i32(i32(a[0]) ^ i32(a[1]));
            case "i32.shl" -> i32(i32(a[0]) << i32(a[1]));
            case "i32.shr_s" -> i32(i32(a[0]) >> i32(a[1]));
            case "i32.shr_u" -> i32(i32(a[0]) >>> i32(a[1]));
            case "i32.rotl" -> i32(i32Rotl(i32(a[0]), i32(a[1])));
            case "i32.rotr" -> i32(i32Rotr(i32(a[0]), i32(a[1])));
            case "i32.clz" -> i32(i32Clz(i32(a[0])));
            case "i32.ctz" -> i32(i32Ctz(i32(a[0])));
            case "i32.popcnt" -> i32(i32Popcnt(i32(a[0])));
            case "i32.extend8_s" -> i32(i32Extend8S(i32(a[0])));
            case "i32.extend16_s" -> i32(i32Extend16S(i32(a[0])));
            case "i32.eqz" -> bool(i32(a[0]) == 0);
            case "i32.eq" -> bool(i32(a[0]) == i32(a[1]));
            case "i32.ne" -> bool(i32(a[0]) != i32(a[1]));
            case "i32.lt_s" -> bool(i32(a[0]) < i32(a[1]));
            case "i32.lt_u" -> bool(Integer.compareUnsigned(i32(a[0]), i32(a[1])) < 0);
            case "i32.le_s" -> bool(i32(a[0]) <= i32(a[1]));
            case "i32.le_u" -> bool(Integer.compareUnsigned(i32(a[0]), i32(a[1])) <= 0);
            case "i32.gt_s" -> bool(i32(a[0]) > i32(a[1]));
            case "i32.gt_u" -> bool(Integer.compareUnsigned(i32(a[0]), i32(a[1])) > 0);
            case "i32.ge_s" -> bool(i32(a[0]) >= i32(a[1]));
            case "i32.ge_u" -> bool(Integer.compareUnsigned(i32(a[0]), i32(a[1])) >= 0);
            // i64
            case "i64.add" -> a[0] + a[1];
            case "i64.sub" -> a[0] - a[1];
            case "i64.mul" -> a[0] * a[1];
            case "i64.div_s" -> i64DivS(a[0], a[1], null);
            case "i64.div_u" -> i64DivU(a[0], a[1], null);
            case "i64.rem_s" -> i64RemS(a[0], a[1], null);
            case "i64.rem_u" -> i64RemU(a[0], a[1], null);
            case "i64.and" -> a[0] & a[1];
            case "i64.or" -> a[0] | a[1];
            case "i64.xor" -> a[0] ^ a[1];
            case "i64.shl" -> a[0] << a[1];
            case "i64.shr_s" -> a[0] >> a[1];
            case "i64.shr_u" -> a[0] >>> a[1];
            case "i64.rotl" -> i64Rotl(a[0], a[1]);
            case "i64.rotr" -> i64Rotr(a[0], a[1]);
            case "i64.clz" -> i64Clz(a[0]);
            case "i64.ctz" -> i64Ctz(a[0]);
            case "i64.popcnt" -> i64Popcnt(a[0]);
            case "i64.extend8_s" -> i64Extend8S(a[0]);
            case "i64.extend16_s" -> i64Extend16S(a[0]);
            case "i64.extend32_s" -> i64Extend32S(a[0]);
            case "i64.eqz" -> bool(a[0] == 0);
            case "i64.eq" -> bool(a[0] == a[1]);
            case "i64.ne" -> bool(a[0] != a[1]);
            case "i64.lt_s" -> bool(a[0] < a[1]);
            case "i64.lt_u" -> bool(Long.compareUnsigned(a[0], a[1]) < 0);
            case "i64.le_s" -> bool(a[0] <= a[1]);
            case "i64.le_u" -> bool(Long.compareUnsigned(a[0], a[1]) <= 0);
            case "i64.gt_s" -> bool(a[0] > a[1]);
            case "i64.gt_u" -> bool(Long.compareUnsigned(a[0], a[1]) > 0);
            case "i64.ge_s" -> bool(a[0] >= a[1]);
            case "i64.ge_u" -> bool(Long.compareUnsigned(a[0], a[1]) >= 0);
            // f32
            case "f32.add" -> f32(f32(a[0]) + f32(a[1]));
            case "f32.sub" -> f32(f32(a[0]) - f32(a[1]));
            case "f32.mul" -> f32(f32(a[0]) * f32(a[1]));
            case "f32.div" -> f32(f32(a[0]) / f32(a[1]));
            case "f32.sqrt" -> f32(f32Sqrt(f32(a[0])));
            case "f32.min" -> f32(f32Min(f32(a[0]), f32(a[1])));
            case "f32.max" -> f32(f32Max(f32(a[0]), f32(a[1])));
            case "f32.ceil" -> f32(f32Ceil(f32(a[0])));
            case "f32.floor" -> f32(f32Floor(f32(a[0])));
            case "f32.trunc" -> f32(f32Trunc(f32(a[0])));
            case "f32.nearest" -> f32(f32Nearest(f32(a[0])));
            case "f32.abs" -> f32(f32Abs(f32(a[0])));
            case "f32.neg" -> f32(f32Neg(f32(a[0])));
            case "f32.copysign" -> f32(f32Copysign(f32(a[0]), f32(a[1])));
            // f64
            case "f64.add" -> f64(f64(a[0]) + f64(a[1]));
            case "f64.sub" -> f64(f64(a[0]) - f64(a[1]));
            case "f64.mul" -> f64(f64(a[0]) * f64(a[1]));
            case "f64.div" -> f64(f64(a[0]) / f64(a[1]));
            case "f64.sqrt" -> f64(f64Sqrt(f64(a[0])));
            case "f64.min" -> f64(f64Min(f64(a[0]), f64(a[1])));
            case "f64.max" -> f64(f64Max(f64(a[0]), f64(a[1])));
            case "f64.ceil" -> f64(f64Ceil(f64(a[0])));
            case "f64.floor" -> f64(f64Floor(f64(a[0])));
            case "f64.trunc" -> f64(f64Trunc(f64(a[0])));
            case "f64.nearest" -> f64(f64Nearest(f64(a[0])));
            case "f64.abs" -> f64(f64Abs(f64(a[0])));
            case "f64.neg" -> f64(f64Neg(f64(a[0])));
            case "f64.copysign" -> f64(f64Copysign(f64(a[0]), f64(a[1])));
            // conversions
            case "i64.extend_i32_s" -> i64ExtendI32S(i32(a[0]));
            case "i64.extend_i32_u" -> i64ExtendI32U(i32(a[0]));
            case "i32.wrap_i64" -> i32(i32WrapI64(a[0]));
            case "i32.trunc_f32_s" -> i32(i32TruncF32S(f32(a[0]), null));
            case "i32.trunc_f32_u" -> i32(i32TruncF32U(f32(a[0]), null));
            case "i32.trunc_f64_s" -> i32(i32TruncF64S(f64(a[0]), null));
            case "i32.trunc_f64_u" -> i32(i32TruncF64U(f64(a[0]), null));
            case "i64.trunc_f32_s" -> i64TruncF32S(f32(a[0]), null);
            case "i64.trunc_f32_u" -> i64TruncF32U(f32(a[0]), null);
            case "i64.trunc_f64_s" -> i64TruncF64S(f64(a[0]), null);
            case "i64.trunc_f64_u" -> i64TruncF64U(f64(a[0]), null);
            case "i32.trunc_sat_f32_s" -> i32(i32TruncSatF32S(f32(a[0])));
            case "i32.trunc_sat_f32_u" -> i32(i32TruncSatF32U(f32(a[0])));
            case "i32.trunc_sat_f64_s" -> i32(i32TruncSatF64S(f64(a[0])));
            case "i32.trunc_sat_f64_u" -> i32(i32TruncSatF64U(f64(a[0])));
            case "i64.trunc_sat_f32_s" -> i64TruncSatF32S(f32(a[0]));
            case "i64.trunc_sat_f32_u" -> i64TruncSatF32U(f32(a[0]));
            case "i64.trunc_sat_f64_s" -> i64TruncSatF64S(f64(a[0]));
            case "i64.trunc_sat_f64_u" -> i64TruncSatF64U(f64(a[0]));
            case "f32.convert_i32_s" -> f32(f32ConvertI32S(i32(a[0])));
            case "f32.convert_i32_u" -> f32(f32ConvertI32U(i32(a[0])));
            case "f32.convert_i64_s" -> f32(f32ConvertI64S(a[0]));
            case "f32.convert_i64_u" -> f32(f32ConvertI64U(a[0]));
            case "f64.convert_i32_s" -> f64(f64ConvertI32S(i32(a[0])));
            case "f64.convert_i32_u" -> f64(f64ConvertI32U(i32(a[0])));
            case "f64.convert_i64_s" -> f64(f64ConvertI64S(a[0]));
            case "f64.convert_i64_u" -> f64(f64ConvertI64U(a[0]));
            case "f64.promote_f32" -> f64(f64PromoteF32(f32(a[0])));
            case "f32.demote_f64" -> f32(f32DemoteF64(f64(a[0])));
            case "f32.reinterpret_i32" -> f32(f32ReinterpretI32(i32(a[0])));
            case "f64.reinterpret_i64" -> f64(f64ReinterpretI64(a[0]));
            case "i32.reinterpret_f32" -> i32(i32ReinterpretF32(f32(a[0])));
            case "i64.reinterpret_f64" -> i64ReinterpretF64(f64(a[0]));
            default -> throw new IllegalArgumentException("no mapping for " + instruction);
        };
    }

    private static int i32(long bits) {
        return (int) bits;
    }

    private static long i32(int value) {
        return value & 0xFFFF_FFFFL;
    }

    private static float f32(long bits) {
        return Float.intBitsToFloat((int) bits);
    }

    private static long f32(float value) {
        return Float.floatToRawIntBits(value) & 0xFFFF_FFFFL;
    }

    private static double f64(long bits) {
        return Double.longBitsToDouble(bits);
    }

    private static long f64(double value) {
        return Double.doubleToRawLongBits(value);
    }

    private static long bool(boolean value) {
        return value ? 1 : 0;
    }
}
