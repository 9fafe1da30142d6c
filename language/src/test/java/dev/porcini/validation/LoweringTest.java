package dev.porcini.validation;

import static dev.porcini.binary.Wasm.EMPTY;
import static dev.porcini.binary.Wasm.END;
import static dev.porcini.binary.Wasm.F32;
import static dev.porcini.binary.Wasm.FUNCREF;
import static dev.porcini.binary.Wasm.I32;
import static dev.porcini.binary.Wasm.I64;
import static dev.porcini.binary.Wasm.body;
import static dev.porcini.binary.Wasm.cat;
import static dev.porcini.binary.Wasm.func;
import static dev.porcini.binary.Wasm.funcs;
import static dev.porcini.binary.Wasm.functype;
import static dev.porcini.binary.Wasm.module;
import static dev.porcini.binary.Wasm.name;
import static dev.porcini.binary.Wasm.s64;
import static dev.porcini.binary.Wasm.section;
import static dev.porcini.binary.Wasm.types;
import static dev.porcini.binary.Wasm.u32;
import static dev.porcini.binary.Wasm.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import dev.porcini.binary.ModuleDecoder;
import dev.porcini.bytecode.LoweredCode;
import dev.porcini.module.ValType;
import dev.porcini.module.WasmModule;
import dev.porcini.text.Wat;
import org.junit.jupiter.api.Test;

/**
 * The exact bytecode emitted for small functions, as documented in {@link dev.porcini.bytecode.Bytecode}.
 * Each expectation is a disassembly: {@code pc NAME immediates}; branches show
 * [targetPc targetHeight resultCount] (plus the profile for BR_IF).
 */
class LoweringTest {

    private static LoweredCode[] lower(byte[] bytes) {
        WasmModule m = ModuleDecoder.decode(bytes);
        LoweredCode[] codes = Validator.validate(m);
        for (int i = 0; i < codes.length; i++) {
            LoweredCodeVerifier.verify(m, m.importedFunctions() + i, codes[i]);
        }
        return codes;
    }

    /** A module of one function of type 0, with no locals. */
    private static byte[] funcOfType0(byte[][] types, Object... instructions) {
        return funcs(types, new int[]{0}, body(new int[0], instructions));
    }

    private static LoweredCode lowerOne(byte[] bytes, String expected) {
        LoweredCode code = lower(bytes)[0];
        assertEquals(expected, Disassembler.disassemble(code.code()));
        return code;
    }

    @Test
    void straightLine() {
        byte[] bytes = func(types(I32), types(I32), 0x20, 0x00, 0x41, 0x01, 0x6A, END);
        LoweredCode code = lowerOne(bytes, """
                        0 LOCAL_GET 0
                        5 I32_CONST 1
                        10 0x6A
                        11 RETURN
                        """);
        assertEquals(2, code.maxStackHeight());
        assertArrayEquals(new ValType[]{ValType.I32}, code.localTypes());
        assertEquals(0, code.callSites());
        assertEquals(0, code.profiles());
        // Each instruction maps back to its opcode's offset in the module: the body is the last 6 bytes.
        int bodyStart = bytes.length - 6;
        assertArrayEquals(new int[]{0, bodyStart, 5, bodyStart + 2, 10, bodyStart + 4, 11, bodyStart + 5}, code.offsets());
        assertEquals(bodyStart + 4, code.sourceOffset(10));
    }

    @Test
    void localsFollowParams() {
        byte[] bytes = module(section(1, vec(functype(types(I64), types()))), section(3, vec(u32(0))),
                        section(10, vec(body(new int[]{2, F32, 1, I32}, END))));
        LoweredCode code = lower(bytes)[0];
        assertArrayEquals(new ValType[]{ValType.I64, ValType.F32, ValType.F32, ValType.I32}, code.localTypes());
        assertEquals("0 RETURN\n", Disassembler.disassemble(code.code()));
        assertEquals(0, code.maxStackHeight());
    }

    @Test
    void blockWithBrIfIsPatchedToItsEnd() {
        // (block (result i32) (i32.const 1) (br_if 0 (local.get 0)) (drop) (i32.const 2))
        lowerOne(func(types(I32), types(I32),
                        0x02, I32, 0x41, 0x01, 0x20, 0x00, 0x0D, 0x00, 0x1A, 0x41, 0x02, END, END), """
                                        0 I32_CONST 1
                                        5 LOCAL_GET 0
                                        10 BR_IF 33 0 1 0
                                        27 DROP
                                        28 I32_CONST 2
                                        33 RETURN
                                        """);
    }

    @Test
    void loopBranchesBackToItsFirstInstruction() {
        // (i32.const 9) (loop (br_if 0 (local.get 0))) (drop): the loop's label takes no values.
        lowerOne(func(types(I32), types(), 0x41, 0x09, 0x03, EMPTY, 0x20, 0x00, 0x0D, 0x00, END, 0x1A, END), """
                        0 I32_CONST 9
                        5 LOOP 0
                        10 LOCAL_GET 0
                        15 BR_IF 10 1 0 0
                        32 DROP
                        33 RETURN
                        """);
    }

    @Test
    void loopClearsOnlyTheLocalsNoPathFromItsHeaderReadsFirst() {
        byte[][] types = {functype(types(I32), types())};
        byte[] bytes = funcs(types, new int[]{0}, body(new int[]{4, I32},
                        0x02, EMPTY, 0x03, EMPTY, // block, loop
                        0x20, 0x00, 0x21, 0x01, // $1 = $0: written first, dead at the header
                        0x20, 0x01, 0x20, 0x02, 0x6A, 0x21, 0x02, // $2 += $1: read first, live
                        0x20, 0x00, 0x0D, 0x01, // br_if out of the loop before $4 is written: $4 live
                        0x20, 0x00, 0x21, 0x04,
                        0x20, 0x00, 0x04, EMPTY, 0x20, 0x00, 0x21, 0x03, END, // $3 written in one arm only,
                        0x20, 0x03, 0x1A, // then read: live
                        0x20, 0x01, 0x0D, 0x00, // back edge
                        END, END,
                        0x20, 0x04, 0x1A, END));
        LoweredCode code = lower(bytes)[0];
        assertArrayEquals(new int[0], code.loopDeadLocals()[0], "marked only by withDeadLocals");
        LoweredCode marked = code.withDeadLocals();
        assertEquals(1, marked.loopDeadLocals().length);
        assertArrayEquals(new int[]{1}, marked.loopDeadLocals()[0]);
    }

    @Test
    void readsAndBranchWaysAfterWhichNoPathReadsALocalClearIt() {
        byte[][] types = {functype(types(I32), types(I32))};
        byte[] bytes = funcs(types, new int[]{0}, body(new int[]{1, I32},
                        0x20, 0x00, 0x21, 0x01, // $1 = $0: $0 is read again below
                        0x20, 0x00, 0x04, I32, // if ($0): the else arm reads $0 again
                        0x20, 0x01, // last read of $1
                        0x05, 0x20, 0x00, // last read of $0
                        END, END));
        LoweredCode marked = lower(bytes)[0].withDeadLocals();
        assertEquals("""
                        0 LOCAL_GET 0
                        5 LOCAL_SET 1
                        10 LOCAL_GET 0
                        15 IF 34 0
                        24 LOCAL_GET_LAST 1
                        29 JUMP 39
                        34 LOCAL_GET_LAST 0
                        39 RETURN
                        """, Disassembler.disassemble(marked.code()));
        // The IF's profile is 0: its then arm (condition true) never reads $0 again, its else arm $1.
        assertArrayEquals(new int[]{0}, marked.branchDeadLocals()[0]);
        assertArrayEquals(new int[]{1}, marked.branchDeadLocals()[1]);
    }

    @Test
    void innermostLoopsTestedOnceAtTheirEndRotateFromTheirCondition() {
        LoweredCode code = lower(Wat.encodeModule("""
                        (module (memory 1)
                          (func (param $n i32) (param $s i32) (result i32) (local $i i32) (local $sum i32)
                            (loop $outer
                              (loop $inner
                                (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $i))))
                                (br_if $inner (i32.ne (local.get $n) (local.tee $i (i32.add (local.get $i) (i32.const 2))))))
                              (loop $down
                                (i32.store (local.get $s) (local.get $n))
                                (br_if $down (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                              (loop $twice
                                (br_if $twice (local.get $s))
                                (br_if $twice (local.get $n)))
                              (loop $unsigned
                                (br_if $unsigned (i32.gt_u (local.get $n) (i32.const 31))))
                              (loop $wide
                                (br_if $wide (i64.ne (i64.extend_i32_u (local.get $n)) (i64.const 5))))
                              (br_if $outer (local.get $s)))
                            (local.get $sum)))
                        """))[0];
        int[] rotations = code.loopRotations();
        String[] lines = Disassembler.disassemble(code.code()).split("\n");
        // $inner's Graal loop begins after its last impure instruction, the load: at the add to $sum.
        assertTrue(instructionBefore(lines, rotations[3]).startsWith("I32_LOAD "));
        assertEquals("0x6A", instructionAt(lines, rotations[3]), "i32.add");
        assertTrue(instructionAt(lines, rotations[4]).startsWith("BR_IF "));
        assertEquals("I32_NE", instructionAt(lines, rotations[5]));
        // $down tests the counter it decrements, with no i32.ne, after the store.
        assertTrue(instructionBefore(lines, rotations[6]).startsWith("I32_STORE "));
        assertTrue(instructionAt(lines, rotations[7]).startsWith("BR_IF "));
        assertEquals(-1, rotations[8]);
        // $unsigned's test is all its body, and compiled code compares for its back edge.
        assertEquals(rotations[12], rotations[14] - 10, "local.get, i32.const");
        assertEquals("I32_GT_U", instructionAt(lines, rotations[14]));
        // $outer holds loops, $twice has two back edges, $wide tests i64 values: none rotates.
        for (int loop : new int[]{0, 3, 5}) {
            assertArrayEquals(new int[]{-1, -1, -1}, Arrays.copyOfRange(rotations, 3 * loop, 3 * loop + 3), "loop " + loop);
        }
        // Of the rotated loops, only $down counts a local ($n, local 0) down to zero, by 1.
        assertArrayEquals(new int[]{-1, -1, -1, -1, 0, 1, -1, -1, -1, -1, -1, -1}, code.loopCountdowns(code.loopRotations()));
    }

    @Test
    void countdownsAreLoopsThatStepTheirTestedLocalDownByAConstantAndWriteItNowhereElse() {
        LoweredCode code = lower(Wat.encodeModule("""
                        (module
                          (func (param $a i32) (param $b i32) (param $c i32) (param $d i32) (param $e i32)
                            (loop $byFour
                              (br_if $byFour (local.tee $a (i32.add (local.get $a) (i32.const -4)))))
                            (loop $writtenInBody
                              (local.set $b (i32.const 7))
                              (br_if $writtenInBody (local.tee $b (i32.sub (local.get $b) (i32.const 1)))))
                            (loop $up
                              (br_if $up (local.tee $c (i32.add (local.get $c) (i32.const 1)))))
                            (loop $otherLocal
                              (br_if $otherLocal (local.tee $d (i32.sub (local.get $e) (i32.const 1)))))
                            (loop $byVariable
                              (br_if $byVariable (local.tee $e (i32.sub (local.get $e) (local.get $a)))))))
                        """))[0];
        assertArrayEquals(new int[]{0, 4, -1, -1, -1, -1, -1, -1, -1, -1}, code.loopCountdowns(code.loopRotations()));
    }

    private static String instructionAt(String[] lines, int pc) {
        for (String line : lines) {
            if (line.startsWith(pc + " ")) {
                return line.substring(line.indexOf(' ') + 1);
            }
        }
        throw new AssertionError("no instruction at " + pc);
    }

    private static String instructionBefore(String[] lines, int pc) {
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith(pc + " ")) {
                return lines[i - 1].substring(lines[i - 1].indexOf(' ') + 1);
            }
        }
        throw new AssertionError("no instruction at " + pc);
    }

    @Test
    void loopWithParamsCarriesThemOnBackEdges() {
        byte[][] types = {functype(types(I32), types(I32))};
        // (local.get 0) (loop (type 0) (param i32) (result i32) (br_if 0 (local.get 0)))
        byte[] bytes = funcOfType0(types, 0x20, 0x00, 0x03, 0x00, 0x20, 0x00, 0x0D, 0x00, END, END);
        lowerOne(bytes, """
                        0 LOCAL_GET 0
                        5 LOOP 0
                        10 LOCAL_GET 0
                        15 BR_IF 10 0 1 0
                        32 RETURN
                        """);
    }

    @Test
    void ifElse() {
        lowerOne(func(types(I32), types(I32), 0x20, 0x00, 0x04, I32, 0x41, 0x01, 0x05, 0x41, 0x02, END, END), """
                        0 LOCAL_GET 0
                        5 IF 24 0
                        14 I32_CONST 1
                        19 JUMP 29
                        24 I32_CONST 2
                        29 RETURN
                        """);
    }

    @Test
    void ifWithoutElseJumpsToTheEnd() {
        lowerOne(func(types(I32), types(), 0x20, 0x00, 0x04, EMPTY, 0x41, 0x01, 0x1A, END, END), """
                        0 LOCAL_GET 0
                        5 IF 20 0
                        14 I32_CONST 1
                        19 DROP
                        20 RETURN
                        """);
    }

    @Test
    void thenBranchThatCannotFallThroughEmitsNoJump() {
        // (if (local.get 0) (then (return)) (else (nop)))
        lowerOne(func(types(I32), types(), 0x20, 0x00, 0x04, EMPTY, 0x0F, 0x05, 0x01, END, END), """
                        0 LOCAL_GET 0
                        5 IF 15 0
                        14 RETURN
                        15 RETURN
                        """);
    }

    @Test
    void brTable() {
        // (block (block (block (br_table 0 1 2 (local.get 0))) (return (i32.const 10))) (return (i32.const 11)))
        // (i32.const 12)
        lowerOne(func(types(I32), types(I32),
                        0x02, EMPTY, 0x02, EMPTY, 0x02, EMPTY, 0x20, 0x00, 0x0E, 0x02, 0x00, 0x01, 0x02, END,
                        0x41, 0x0A, 0x0F, END, 0x41, 0x0B, 0x0F, END, 0x41, 0x0C, END), """
                                        0 LOCAL_GET 0
                                        5 BR_TABLE 2 3 62 0 0 68 0 0 74 0 0 0 1 2
                                        62 I32_CONST 10
                                        67 RETURN
                                        68 I32_CONST 11
                                        73 RETURN
                                        74 I32_CONST 12
                                        79 RETURN
                                        """);
    }

    @Test
    void brTableListsEachTargetOnce() {
        // (block (block (br_table 1 0 1 1 0 (local.get 0))) (return (i32.const 10))) (i32.const 11)
        lowerOne(func(types(I32), types(I32),
                        0x02, EMPTY, 0x02, EMPTY, 0x20, 0x00, 0x0E, 0x04, 0x01, 0x00, 0x01, 0x01, 0x00, END,
                        0x41, 0x0A, 0x0F, END, 0x41, 0x0B, END), """
                                        0 LOCAL_GET 0
                                        5 BR_TABLE 4 2 64 0 0 58 0 0 0 1 0 0 1
                                        58 I32_CONST 10
                                        63 RETURN
                                        64 I32_CONST 11
                                        69 RETURN
                                        """);
    }

    @Test
    void multiValueBlockWithParams() {
        byte[][] types = {functype(types(I32), types(I32, I32)), functype(types(I32, I32), types(I32, I32))};
        // (i32.const 1) (i32.const 2) (block (type 1) (br_if 0 (local.get 0)))
        byte[] bytes = funcOfType0(types, 0x41, 0x01, 0x41, 0x02, 0x02, 0x01, 0x20, 0x00, 0x0D, 0x00, END, END);
        LoweredCode code = lowerOne(bytes, """
                        0 I32_CONST 1
                        5 I32_CONST 2
                        10 LOCAL_GET 0
                        15 BR_IF 32 0 2 0
                        32 RETURN
                        """);
        assertEquals(3, code.maxStackHeight());
    }

    @Test
    void branchHeightIsTheBlockBase() {
        // (i32.const 7) (block (result i32) (i32.const 8) (br 0)) (i32.add)
        lowerOne(func(types(), types(I32), 0x41, 0x07, 0x02, I32, 0x41, 0x08, 0x0C, 0x00, END, 0x6A, END), """
                        0 I32_CONST 7
                        5 I32_CONST 8
                        10 BR 23 1 1
                        23 0x6A
                        24 RETURN
                        """);
    }

    @Test
    void unreachableCodeEmitsNothing() {
        // (block (br 0) (i32.const 1) (drop)) (block (result i32) (i32.const 7) (return)) (i32.const 1) (i32.add)
        lowerOne(func(types(), types(I32),
                        0x02, EMPTY, 0x0C, 0x00, 0x41, 0x01, 0x1A, END,
                        0x02, I32, 0x41, 0x07, 0x0F, END, 0x41, 0x01, 0x6A, END), """
                                        0 BR 13 0 0
                                        13 I32_CONST 7
                                        18 RETURN
                                        19 RETURN
                                        """);
    }

    @Test
    void branchesToTheFunctionLabel() {
        // (i32.const 5) (br_if 0 (local.get 0)) (drop) (i32.const 6) (br 0)
        lowerOne(func(types(I32), types(I32), 0x41, 0x05, 0x20, 0x00, 0x0D, 0x00, 0x1A, 0x41, 0x06, 0x0C, 0x00, END), """
                        0 I32_CONST 5
                        5 LOCAL_GET 0
                        10 BR_IF 34 0 1 0
                        27 DROP
                        28 I32_CONST 6
                        33 RETURN
                        34 RETURN
                        """);
    }

    @Test
    void callSitesAndProfilesAreNumberedInOrder() {
        byte[] bytes = module(
                        section(1, vec(functype(types(I32), types(I32)))),
                        section(3, vec(u32(0), u32(0))),
                        section(4, vec(cat(FUNCREF, 0x00, 0x01))),
                        section(10, vec(
                                        body(new int[0], 0x20, 0x00, END),
                                        // (call 0 (call 0 (local.get 0))) (if (then)) (br_if 0 (i32.const 0) (i32.const 1))
                                        // (call_indirect (type 0) (i32.const 3) (i32.const 0))
                                        body(new int[0], 0x20, 0x00, 0x10, 0x00, 0x10, 0x00, 0x04, EMPTY, END,
                                                        0x41, 0x00, 0x41, 0x01, 0x0D, 0x00, 0x1A,
                                                        0x41, 0x03, 0x41, 0x00, 0x11, 0x00, 0x00, END))));
        LoweredCode code = lower(bytes)[1];
        assertEquals("""
                        0 LOCAL_GET 0
                        5 CALL 0 0
                        14 CALL 0 1
                        23 IF 32 0
                        32 I32_CONST 0
                        37 I32_CONST 1
                        42 BR_IF 83 0 1 1
                        59 DROP
                        60 I32_CONST 3
                        65 I32_CONST 0
                        70 CALL_INDIRECT 0 0 2
                        83 RETURN
                        """, Disassembler.disassemble(code.code()));
        assertEquals(3, code.callSites());
        assertEquals(2, code.profiles());
    }

    @Test
    void memoryAndPrefixedInstructions() {
        byte[] bytes = module(
                        section(1, vec(functype(types(I32), types(I64)))),
                        section(3, vec(u32(0))),
                        section(5, vec(cat(0x00, 0x01))),
                        section(12, u32(1)),
                        section(10, vec(body(new int[0],
                                        // (i64.store offset=16 (local.get 0) (i64.load8_u offset=3 (local.get 0)))
                                        0x20, 0x00, 0x20, 0x00, 0x31, 0x00, 0x03, 0x37, 0x03, 0x10,
                                        // (memory.fill (local.get 0) (i32.const 0) (i32.const 4))
                                        0x20, 0x00, 0x41, 0x00, 0x41, 0x04, 0xFC, 0x0B, 0x00,
                                        // (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0)) (data.drop 0)
                                        0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0xFC, 0x09, 0x00,
                                        // (drop (memory.grow (memory.size))) (i64.trunc_sat_f32_u (f32.const 0))
                                        0x3F, 0x00, 0x40, 0x00, 0x1A, 0x43, 0x00, 0x00, 0x00, 0x00, 0xFC, 0x05,
                                        // (drop) (i64.const -2)
                                        0x1A, 0x42, s64(-2), END))),
                        section(11, vec(cat(0x01, vec(0x61)))));
        // Both addresses are local 0: the load checks up to the store's end (reach 16 + 8 - 3), the
        // store checks nothing itself (reach 0).
        lowerOne(bytes, """
                        0 LOCAL_GET 0
                        5 LOCAL_GET 0
                        10 I64_LOAD8_U 0 3 21
                        23 I64_STORE 0 16 0
                        36 LOCAL_GET 0
                        41 I32_CONST 0
                        46 I32_CONST 4
                        51 MEMORY_FILL 0
                        56 I32_CONST 0
                        61 I32_CONST 0
                        66 I32_CONST 0
                        71 MEMORY_INIT 0 0
                        80 DATA_DROP 0
                        85 MEMORY_SIZE 0
                        90 MEMORY_GROW 0
                        95 DROP
                        96 F32_CONST 0
                        101 TRUNC_SAT_5
                        102 DROP
                        103 I64_CONST -2
                        112 RETURN
                        """);
    }

    @Test
    void referencesTablesAndTypedSelect() {
        byte[] bytes = module(
                        section(1, vec(functype(types(), types(I32)))),
                        section(3, vec(u32(0))),
                        section(4, vec(cat(FUNCREF, 0x00, 0x01))),
                        section(7, vec(cat(name("f"), 0x00, 0x00))),
                        section(10, vec(body(new int[0],
                                        // (table.set 0 (i32.const 0) (ref.func 0)) (table.grow 0 (ref.null func) (i32.const 1))
                                        0x41, 0x00, 0xD2, 0x00, 0x26, 0x00, 0xD0, FUNCREF, 0x41, 0x01, 0xFC, 0x0F, 0x00,
                                        // (select (result i32) (table.size 0) (ref.is_null (table.get 0 (i32.const 0))) (i32.const 1))
                                        0xFC, 0x10, 0x00, 0x41, 0x00, 0x25, 0x00, 0xD1, 0x41, 0x01, 0x1C, 0x01, I32,
                                        0x6A, END))));
        lowerOne(bytes, """
                        0 I32_CONST 0
                        5 REF_FUNC 0
                        10 TABLE_SET 0
                        15 REF_NULL
                        16 I32_CONST 1
                        21 TABLE_GROW 0
                        26 TABLE_SIZE 0
                        31 I32_CONST 0
                        36 TABLE_GET 0
                        41 REF_IS_NULL
                        42 I32_CONST 1
                        47 SELECT
                        48 0x6A
                        49 RETURN
                        """);
    }

    @Test
    void v128ValuesGetHighHalfSlots() {
        LoweredCode scalar = lower(func(types(I32), types(I32), 0x20, 0x00, END))[0];
        assertFalse(scalar.usesV128());
        assertEquals(1 + 1, scalar.frameSlots());

        // (i32x4.extract_lane 0 (v128.const i64x2 0 0)): a v128 on the operand stack only.
        Object[] constThenExtract = new Object[]{0xFD, 0x0C, new byte[16], 0xFD, 0x1B, 0x00, END};
        LoweredCode onStack = lower(func(types(), types(I32), constThenExtract))[0];
        assertTrue(onStack.usesV128());
        assertEquals(2 * 1, onStack.frameSlots());
        assertEquals(1, onStack.v128HighOffset());

        // A declared v128 local that no instruction touches.
        LoweredCode local = lower(funcs(new byte[][]{functype(types(), types())}, new int[]{0}, body(new int[]{1, 0x7B}, END)))[0];
        assertTrue(local.usesV128());
        assertEquals(2 * 1, local.frameSlots());
    }
}
