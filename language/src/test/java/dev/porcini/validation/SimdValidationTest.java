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
        int top1 = 1 << Bytecode.SimdWord.TOP_REGISTER_SHIFT;
        int result1 = 1 << Bytecode.SimdWord.RESULT_REGISTER_SHIFT;
        // splat (height 2) -> mul: its top operand; local.get 0 (height 1) -> mul: its second
        assertEquals(toRegister | result1, words.get(0) & 0xFFF00000);
        assertEquals(fromTop | fromSecond | top1 | toRegister, words.get(1) & 0xFFF00000);
        // the load's result: add's top operand; mul's: add's second; add's: the local.set
        assertEquals(toRegister | result1, words.get(2) & 0xFFF00000);
        assertEquals(fromTop | fromSecond | top1 | toRegister, words.get(3) & 0xFFF00000);
        // the second mul's result crosses the if: it stays in the frame
        assertEquals(fromTop | fromSecond | top1, words.get(5) & 0xFFF00000, "mul before the if");
        assertEquals(0, words.get(6) & 0xFFF00000, "neg after the if");

        // local 0: the set leaves add's vector in the local's register for the get after it,
        // which, the last get of the run, empties it
        List<Integer> locals = localWords(codes[0].code());
        assertEquals(3, locals.size());
        assertEquals(toRegister, locals.get(0) & (0xFFF00000 | 0xFF), "the first get");
        assertEquals(fromTop | Bytecode.SimdWord.TO_LOCAL_REGISTER, locals.get(1) & (0xFFF00000 | 0xFF), "the set");
        assertEquals(toRegister | Bytecode.SimdWord.FROM_LOCAL_REGISTER, locals.get(2) & (0xFFF00000 | 0xFF), "the second get");
    }

    @Test
    void v128LocalsPassInRegistersToEveryGetOfTheRun() {
        LoweredCode[] codes = lower("""
                        (module
                          (func (param i32) (result v128) (local v128 v128)
                            (local.set 1 (v128.const i64x2 1 2))
                            (local.set 2 (local.tee 1 (i32x4.add (local.get 1) (local.get 1))))
                            (drop (local.get 2))
                            (local.set 2 (i8x16.splat (local.get 0)))
                            (drop (br_if 0 (local.get 1) (local.get 0)))
                            (i64x2.add (local.get 2) (local.get 1))))
                        """);
        List<Integer> locals = localWords(codes[0].code());
        assertEquals(10, locals.size());
        int toRegister = Bytecode.SimdWord.TO_REGISTER;
        int fromTop = Bytecode.SimdWord.FROM_REGISTER;
        int toLocal = Bytecode.SimdWord.TO_LOCAL_REGISTER;
        int fromLocal = Bytecode.SimdWord.FROM_LOCAL_REGISTER;
        int keep = Bytecode.SimdWord.KEEP_LOCAL_REGISTER;
        int mask = 0xFFF00000 | 0xFF;
        // local 1 has register 0, local 2 register 1
        assertEquals(fromTop | toLocal, locals.get(0) & mask, "set 1 of the const: read twice");
        assertEquals(fromLocal | keep | toRegister, locals.get(1) & mask, "the first get of 1 keeps it");
        assertEquals(fromLocal | toRegister | 1 << Bytecode.SimdWord.RESULT_REGISTER_SHIFT, locals.get(2) & mask, "the last get empties it");
        assertEquals(fromTop | toRegister | toLocal, locals.get(3) & mask, "tee 1: add's vector, on to set 2");
        assertEquals(fromTop | 1 | toLocal, locals.get(4) & mask, "set 2, read by the drop's get");
        assertEquals(1 | fromLocal, locals.get(5) & mask, "a get nobody takes from");
        assertEquals(fromTop | 1, locals.get(6) & mask, "set 2 of the splat: no get of the run follows");
        assertEquals(fromLocal, locals.get(7) & mask, "tee 1's vector, to the br_if's value");
        assertEquals(toRegister, locals.get(8) & mask & ~Bytecode.SimdWord.LOCAL_REGISTER_MASK, "after the br_if: from the frame");
        assertEquals(toRegister | 1 << Bytecode.SimdWord.RESULT_REGISTER_SHIFT, locals.get(9) & mask & ~Bytecode.SimdWord.LOCAL_REGISTER_MASK, "after the br_if: from the frame");
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

    /** The [int word] of every v128 local.get, local.set and local.tee, in code order. */
    private static List<Integer> localWords(byte[] code) {
        List<Integer> words = new ArrayList<>();
        for (int pc = 0; pc < code.length; pc = Disassembler.next(code, pc)) {
            int op = code[pc] & 0xFF;
            if (op == Bytecode.LOCAL_GET_V128 || op == Bytecode.LOCAL_GET_V128_LAST || op == Bytecode.LOCAL_SET_V128
                            || op == Bytecode.LOCAL_TEE_V128) {
                words.add(Bytecode.readInt(code, pc + 5));
            }
        }
        return words;
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
    void shuffleLanesOfAnOperandKnownToBeZeroPickZeroBytes() {
        LoweredCode[] codes = lower("""
                        (module
                          (func (param v128) (result v128) (local $z v128) (local $n v128)
                            ;; a zero constant, directly and through a tee; a zero second operand
                            (drop (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15 (v128.const i64x2 0 0) (local.get 0)))
                            (drop (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get 0) (local.tee $z (v128.const i32x4 0 0 0 0))))
                            ;; the local read in the same run; a non-zero constant and a local set to one are not zero
                            (drop (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15 (local.get $z) (v128.const i32x4 0 0 1 0)))
                            (local.set $n (v128.const i32x4 0 0 1 0))
                            (drop (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15 (local.get $n) (local.get 0)))
                            (local.set $n (local.get $z))
                            (drop (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $n) (local.get $z)))
                            ;; after a loop header the run is a new one: $z may have changed on a back edge
                            (loop $l
                              (drop (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15 (local.get $z) (local.get 0)))
                              (local.set $z (local.get 0))
                              (br_if $l (i32.const 0)))
                            (local.get 0)))
                        """);
        List<String> masks = shuffleIndices(codes[0].code());
        String z = "128";
        assertEquals(List.of(
                        "16 " + z + " " + z + " " + z + " 17 " + z + " " + z + " " + z + " 18 " + z + " " + z + " " + z + " 19 " + z + " " + z + " " + z,
                        "0 " + z + " 2 " + z + " 4 " + z + " 6 " + z + " 8 " + z + " 10 " + z + " 12 " + z + " 14 " + z,
                        "16 " + z + " " + z + " " + z + " 17 " + z + " " + z + " " + z + " 18 " + z + " " + z + " " + z + " 19 " + z + " " + z + " " + z,
                        "16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15",
                        String.join(" ", java.util.Collections.nCopies(16, z)),
                        "16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15"), masks);
    }

    @Test
    void theVerifierRejectsAZeroLaneOfANonZeroOperand() {
        WasmModule m = ModuleDecoder.decode(Wat.encodeModule("""
                        (module (func (param v128) (result v128) (local $z v128)
                          (local.set $z (v128.const i64x2 0 0))
                          (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15 (local.get $z) (local.get 0))))
                        """));
        LoweredCode code = Validator.validate(m)[0];
        LoweredCodeVerifier.verify(m, 0, code);
        byte[] bytes = code.code().clone();
        int shuffle = shuffles(bytes).getFirst();
        assertEquals(Bytecode.ZERO_LANE, bytes[shuffle + 5 + 1] & 0xFF, "lane 1 comes from the zero local");
        bytes[shuffle + 5] = (byte) Bytecode.ZERO_LANE; // lane 0 comes from the parameter
        LoweredCode mutated = new LoweredCode(bytes, code.localTypes(), code.maxStackHeight(), code.callSites(), code.profiles(),
                        code.offsets(), code.usesV128(), code.loopDeadLocals(), code.branchDeadLocals());
        AssertionError e = assertThrows(AssertionError.class, () -> LoweredCodeVerifier.verify(m, 0, mutated));
        assertTrue(e.getMessage().contains("zero lane 0 of a non-zero operand"), e.getMessage());
    }

    /** The 16 lowered lane indices of each shuffle, as decimal numbers. */
    private static List<String> shuffleIndices(byte[] code) {
        List<String> masks = new ArrayList<>();
        for (int pc : shuffles(code)) {
            List<String> lanes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                lanes.add(Integer.toString(code[pc + 5 + i] & 0xFF));
            }
            masks.add(String.join(" ", lanes));
        }
        return masks;
    }

    /** Where each i8x16.shuffle of the lowered code starts. */
    private static List<Integer> shuffles(byte[] code) {
        List<Integer> pcs = new ArrayList<>();
        for (int pc = 0; pc < code.length; pc = Disassembler.next(code, pc)) {
            if ((code[pc] & 0xFF) == Bytecode.SIMD_PREFIX && (Bytecode.readInt(code, pc + 1) & 0xFFFF) == 0x0D) {
                pcs.add(pc);
            }
        }
        return pcs;
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
