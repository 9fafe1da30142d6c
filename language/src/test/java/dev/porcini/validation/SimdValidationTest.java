package dev.porcini.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.porcini.binary.ModuleDecoder;
import dev.porcini.bytecode.Bytecode;
import dev.porcini.bytecode.LoweredCode;
import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;
import dev.porcini.module.WasmModule;
import dev.porcini.text.Wat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Typing and lowering of the 0xFD instructions, checked by the structural verifier. */
class SimdValidationTest {
    private static LoweredCode[] lower(String wat) {
        WasmModule m = ModuleDecoder.decode(Wat.encodeModule(wat));
        LoweredCode[] codes = Validator.validate(m);
        for (int i = 0; i < codes.length; i++) {
            LoweredCodeVerifier.verify(m, m.importedFunctions() + i, codes[i]);
        }
        return codes;
    }

    private static WasmException invalid(String wat) {
        WasmException e = assertThrows(WasmException.class, () -> lower(wat));
        assertEquals(ErrorKind.INVALID, e.kind(), e.getMessage());
        return e;
    }

    @Test
    void everyOperandShapeLowersWithConsistentHeights() {
        LoweredCode[] codes = lower("""
                        (module (memory 1)
                          (func (param v128 i32) (result v128)
                            (v128.store offset=16 (local.get 1) (v128.load align=8 (local.get 1)))
                            (v128.store8_lane 3 (local.get 1) (v128.load16_lane 7 (local.get 1) (local.get 0)))
                            (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get 0) (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0))
                            (f64x2.replace_lane 1 (f64x2.splat (f64.const 1)) (f32x4.extract_lane 2 (local.get 0)) (f64.promote_f32))
                            (v128.bitselect (local.get 0))
                            (i32x4.shl (local.get 1))
                            (drop (i8x16.bitmask (local.get 0)))
                            (f32x4.relaxed_madd (local.get 0) (local.get 0))
                            (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 0))))
                        """);
        assertEquals(1, codes.length);
        assertTrue(Disassembler.disassemble(codes[0].code()).contains("SIMD"));
    }

    @Test
    void resultsPassInVectorRegistersOnlyWithinAStraightLineRun() {
        LoweredCode[] codes = lower("""
                        (module (memory 1)
                          (func (param v128 i32) (result v128)
                            (local.set 0 (i32x4.add (i32x4.mul (local.get 0) (i32x4.splat (local.get 1)))
                                                     (v128.load (i32.const 0))))
                            (i32x4.mul (local.get 0) (i32x4.splat (local.get 1)))
                            (if (local.get 1) (then (nop)))
                            (i32x4.neg)))
                        """);
        List<Integer> words = simdWords(codes[0].code());
        assertEquals(7, words.size());
        int toRegister = Bytecode.SimdWord.TO_REGISTER;
        int fromTop = Bytecode.SimdWord.FROM_REGISTER;
        int fromSecond = Bytecode.SimdWord.FROM_REGISTER << 1;
        // splat (height 2) -> mul: its top operand
        assertEquals(toRegister | 1 << Bytecode.SimdWord.RESULT_REGISTER_SHIFT, words.get(0) & 0xFFF00000);
        assertEquals(fromTop | 1 << Bytecode.SimdWord.TOP_REGISTER_SHIFT | toRegister, words.get(1) & 0xFFF00000);
        // the load's result: add's top operand; mul's: add's second
        assertEquals(toRegister | 1 << Bytecode.SimdWord.RESULT_REGISTER_SHIFT, words.get(2) & 0xFFF00000);
        assertEquals(fromTop | fromSecond | 1 << Bytecode.SimdWord.TOP_REGISTER_SHIFT, words.get(3) & 0xFFF00000);
        // the second mul's result crosses the if: it stays in the frame
        assertEquals(fromTop | 1 << Bytecode.SimdWord.TOP_REGISTER_SHIFT, words.get(5) & 0xFFF00000, "mul before the if");
        assertEquals(0, words.get(6) & 0xFFF00000, "neg after the if");
    }

    /** The benchmark kernels' SIMD builds: clang's code, with long runs of v128 instructions. */
    @Test
    void kernelsPassTheRegisterChecks() throws IOException {
        int paired = 0;
        for (LoweredCode code : KernelBuilds.verifiedFunctions(".simd.wasm", 15)) {
            paired += (int) simdWords(code.code()).stream().filter(w -> (w & Bytecode.SimdWord.TO_REGISTER) != 0).count();
        }
        assertTrue(paired > 100, "values passed in registers: " + paired);
    }

    /** The [int word] of every SIMD instruction, in code order. */
    private static List<Integer> simdWords(byte[] code) {
        List<Integer> words = new ArrayList<>();
        for (int pc = 0; pc < code.length; pc = Disassembler.next(code, pc)) {
            if ((code[pc] & 0xFF) == Bytecode.SIMD_PREFIX) {
                words.add(Bytecode.readInt(code, pc + 1));
            }
        }
        return words;
    }

    @Test
    void laneIndicesAndAlignmentAreChecked() {
        assertEquals(true, invalid("(module (func (result i32) (i32x4.extract_lane 4 (v128.const i64x2 0 0))))")
                        .getMessage().startsWith("invalid lane index"));
        assertEquals(true, invalid("(module (func (result v128) (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 32"
                        + " (v128.const i64x2 0 0) (v128.const i64x2 0 0))))").getMessage().startsWith("invalid lane index"));
        assertEquals(true, invalid("(module (memory 1) (func (result v128) (v128.load8_splat align=2 (i32.const 0))))")
                        .getMessage().startsWith("alignment must not be larger than natural"));
        assertEquals(true, invalid("(module (func (result v128) (v128.load (i32.const 0))))")
                        .getMessage().startsWith("unknown memory"));
    }

    @Test
    void operandTypesAreChecked() {
        invalid("(module (func (result v128) (i8x16.add (v128.const i64x2 0 0) (i32.const 0))))");
        invalid("(module (func (result i32) (v128.any_true (i32.const 0))))");
        invalid("(module (func (result v128) (i8x16.shl (v128.const i64x2 0 0) (i64.const 1))))");
        invalid("(module (func (result v128) (f32x4.replace_lane 0 (v128.const i64x2 0 0) (f64.const 1))))");
    }

    @Test
    void v128ConstIsAConstantExpression() {
        lower("(module (global v128 (v128.const f32x4 1 2 3 4)) (global (mut v128) (v128.const i64x2 0 -1)))");
        invalid("(module (global v128 (v128.not (v128.const i64x2 0 0))))");
    }
}
