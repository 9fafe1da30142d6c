package dev.porcini.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.porcini.binary.SimdOpcodes;
import dev.porcini.bytecode.Bytecode;
import dev.porcini.bytecode.LoweredCode;
import dev.porcini.module.FuncType;
import dev.porcini.module.WasmModule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only structural check of lowered code, independent of how the validator produced it: walks
 * every control-flow path with the operand stack height and checks that heights agree where paths
 * join, that branches land on instruction starts with the height their target expects, that no
 * height exceeds {@code maxStackHeight}, and that the offset table lists every instruction.
 *
 * <p>It also follows the SIMD vector registers ({@link Bytecode.SimdWord}): a value is taken
 * only from the register of its stack position that an earlier instruction filled, no register
 * is filled twice, and every register is empty at branches, calls and where paths join.
 *
 * <p>And it checks the shared bounds checks: a load or store with a reach of 0 (not checked itself)
 * must follow, in the same run (entered only at its start), a check from the same base value that
 * reaches at least to its end. Values are followed through locals and the operand stack, not taken from the
 * validator.
 *
 * <p>Following values the same way, a shuffle lane lowered as {@link Bytecode#ZERO_LANE} must
 * select (in the module's own shuffle) a byte of an operand that is a {@code v128.const} of zeros.
 */
final class LoweredCodeVerifier {
    private LoweredCodeVerifier() {
    }

    /** Checks the code as the validator lowered it, and again with its dead locals marked. */
    static void verify(WasmModule module, int funcIndex, LoweredCode lowered) {
        verifyOne(module, funcIndex, lowered);
        verifyOne(module, funcIndex, lowered.withDeadLocals());
    }

    private static void verifyOne(WasmModule module, int funcIndex, LoweredCode lowered) {
        byte[] code = lowered.code();
        String where = module.functionName(funcIndex) + "\n" + Disassembler.disassemble(code);
        boolean[] starts = new boolean[code.length];
        int count = 0;
        int last = -1;
        for (int pc = 0; pc < code.length; pc = Disassembler.next(code, pc)) {
            starts[pc] = true;
            count++;
            last = pc;
        }
        assertTrue(last >= 0 && code[last] == Bytecode.RETURN, "must end with RETURN: " + where);
        int[] offsets = lowered.offsets();
        assertEquals(2 * count, offsets.length, "one offset pair per instruction: " + where);
        for (int i = 0, pc = 0; i < count; i++, pc = Disassembler.next(code, pc)) {
            assertEquals(pc, offsets[2 * i], "offset table pc: " + where);
        }

        int results = module.functionType(funcIndex).results().length;
        int[] heights = new int[code.length];
        int[] registers = new int[code.length];
        Arrays.fill(heights, -1);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        reach(heights, work, starts, 0, 0, lowered, where);
        while (!work.isEmpty()) {
            int pc = work.pop();
            int h = heights[pc];
            int op = code[pc] & 0xFF;
            int next = Disassembler.next(code, pc);
            int filled = registers[pc];
            if (op == Bytecode.SIMD_PREFIX) {
                filled = simdRegisters(Bytecode.readInt(code, pc + 1), h, h + effect(module, code, pc), filled, pc, where);
                joinRegisters(registers, heights, next, filled, where);
            } else if (isLocalV128(op)) {
                filled = localRegisters(op, Bytecode.readInt(code, pc + 5), h, filled, pc, where);
                joinRegisters(registers, heights, next, filled, where);
            } else if ((op >= 0x45 && op <= 0xC4) || isRunInstruction(op)) {
                joinRegisters(registers, heights, next, filled, where);
            } else {
                assertEquals(0, filled, "vector registers still filled at " + Disassembler.name(op) + " " + pc + ": " + where);
            }
            switch (op) {
                case Bytecode.UNREACHABLE -> {
                }
                case Bytecode.RETURN -> assertTrue(h >= results, "RETURN without results at " + pc + ": " + where);
                case Bytecode.JUMP -> reach(heights, work, starts, Bytecode.readInt(code, pc + 1), h, lowered, where);
                case Bytecode.IF -> {
                    reach(heights, work, starts, Bytecode.readInt(code, pc + 1), h - 1, lowered, where);
                    reach(heights, work, starts, next, h - 1, lowered, where);
                }
                case Bytecode.BR -> branch(heights, work, starts, code, pc + 1, h, lowered, where);
                case Bytecode.BR_IF -> {
                    branch(heights, work, starts, code, pc + 1, h - 1, lowered, where);
                    reach(heights, work, starts, next, h - 1, lowered, where);
                }
                case Bytecode.BR_TABLE -> {
                    int n = Bytecode.readInt(code, pc + 1);
                    int distinct = Bytecode.readInt(code, pc + 5);
                    for (int j = 0; j < distinct; j++) {
                        branch(heights, work, starts, code, pc + 9 + 12 * j, h - 1, lowered, where);
                    }
                    for (int i = 0; i <= n; i++) {
                        int named = Bytecode.readInt(code, pc + 9 + 12 * distinct + 4 * i);
                        assertTrue(named >= 0 && named < distinct, "BR_TABLE entry " + i + " names " + named + " at " + pc + ": " + where);
                    }
                }
                default -> reach(heights, work, starts, next, h + effect(module, code, pc), lowered, where);
            }
        }
        verifySharedChecks(module, lowered, starts, heights, where);
        verifyClears(lowered, starts, heights, where);
    }

    /**
     * Checks the locals compiled code clears: every back edge goes to the instruction after a
     * LOOP, and no local a LOOP, a last local.get or one way of an IF or BR_IF clears is read on
     * any path from there before it is written. Liveness is computed per instruction, to the fixpoint, apart from the
     * validator's analysis over basic blocks.
     */
    private static void verifyClears(LoweredCode lowered, boolean[] starts, int[] heights, String where) {
        byte[] code = lowered.code();
        int locals = lowered.localTypes().length;
        int[][] dead = lowered.loopDeadLocals();
        boolean[] used = new boolean[dead.length];
        List<Integer> pcs = new ArrayList<>();
        for (int pc = 0; pc < code.length; pc = Disassembler.next(code, pc)) {
            pcs.add(pc);
            int op = code[pc] & 0xFF;
            if (op == Bytecode.LOOP) {
                int loop = Bytecode.readInt(code, pc + 1);
                assertTrue(loop >= 0 && loop < dead.length && !used[loop], "LOOP " + loop + " at " + pc + ": " + where);
                used[loop] = true;
            }
            for (int target : successors(code, pc)) {
                if (target <= pc && heights[pc] >= 0) {
                    assertTrue(target >= 5 && code[target - 5] == Bytecode.LOOP && starts[target - 5],
                                    "back edge at " + pc + " to " + target + " without a LOOP before it: " + where);
                }
            }
        }
        // live[pc] = locals some path from pc reads before writing; iterate to the fixpoint.
        BitSet[] live = new BitSet[code.length + 1];
        for (int pc : pcs) {
            live[pc] = new BitSet(locals);
        }
        for (boolean changed = true; changed;) {
            changed = false;
            for (int i = pcs.size() - 1; i >= 0; i--) {
                int pc = pcs.get(i);
                int op = code[pc] & 0xFF;
                BitSet in = new BitSet(locals);
                for (int target : successors(code, pc)) {
                    in.or(live[target]);
                }
                boolean reads = isGet(op);
                boolean writes = op == Bytecode.LOCAL_SET || op == Bytecode.LOCAL_TEE || op == Bytecode.LOCAL_SET_V128
                                || op == Bytecode.LOCAL_TEE_V128;
                if (writes) {
                    in.clear(Bytecode.readInt(code, pc + 1));
                } else if (reads) {
                    in.set(Bytecode.readInt(code, pc + 1));
                }
                if (!in.equals(live[pc])) {
                    live[pc] = in;
                    changed = true;
                }
            }
        }
        for (int pc : pcs) {
            if ((code[pc] & 0xFF) == Bytecode.LOOP) {
                int header = Disassembler.next(code, pc);
                for (int x : dead[Bytecode.readInt(code, pc + 1)]) {
                    assertTrue(x >= 0 && x < locals, "cleared local " + x + " at " + pc + ": " + where);
                    assertFalse(live[header].get(x), "LOOP at " + pc + " clears local " + x + ", read before written from its header: " + where);
                }
            }
            int op = code[pc] & 0xFF;
            if (op == Bytecode.LOCAL_GET_LAST || op == Bytecode.LOCAL_GET_V128_LAST) {
                int x = Bytecode.readInt(code, pc + 1);
                assertFalse(live[Disassembler.next(code, pc)].get(x), "last read of local " + x + " at " + pc + " is read again: " + where);
            }
            if (op == Bytecode.IF || op == Bytecode.BR_IF) {
                // The way a true condition takes: IF falls through, BR_IF branches.
                int profile = Bytecode.readInt(code, pc + (op == Bytecode.IF ? 5 : 13));
                int next = Disassembler.next(code, pc);
                int target = Bytecode.readInt(code, pc + 1);
                int[] ways = op == Bytecode.IF ? new int[]{next, target} : new int[]{target, next};
                for (int way = 0; way < 2; way++) {
                    for (int x : lowered.branchDeadLocals()[2 * profile + way]) {
                        assertFalse(live[ways[way]].get(x), "branch at " + pc + " clears local " + x + ", read on its way to " + ways[way] + ": " + where);
                    }
                }
            }
        }
    }

    /** Where control can go after the instruction at {@code pc}. */
    private static List<Integer> successors(byte[] code, int pc) {
        int op = code[pc] & 0xFF;
        int next = Disassembler.next(code, pc);
        return switch (op) {
            case Bytecode.UNREACHABLE, Bytecode.RETURN -> List.of();
            case Bytecode.JUMP -> List.of(Bytecode.readInt(code, pc + 1));
            case Bytecode.BR -> List.of(Bytecode.readInt(code, pc + 1));
            case Bytecode.IF, Bytecode.BR_IF -> List.of(Bytecode.readInt(code, pc + 1), next);
            case Bytecode.BR_TABLE -> {
                List<Integer> targets = new ArrayList<>();
                for (int j = 0; j < Bytecode.readInt(code, pc + 5); j++) {
                    targets.add(Bytecode.readInt(code, pc + 9 + 12 * j));
                }
                yield targets;
            }
            default -> List.of(next);
        };
    }

    /**
     * Walks the code in order, one run at a time: a run ends at a branch target and after any
     * instruction that is not straight-line code, except that the fall-through path of IF and
     * BR_IF stays in it. Every i32 is followed as a value number V plus a displacement K (its bits
     * are V + K modulo 2^32): locals pass theirs on, a constant is (0, c) and i32.add of a value
     * and a constant adds to K; anything else is a new value. A check from (V, K1) over
     * [K1 + offset - below, end) covers a later access from (V, K2) when the access ends by
     * {@code end} and K1 <= K2 (unsigned) or K2 >= K1 + offset - below.
     */
    private static void verifySharedChecks(WasmModule module, LoweredCode lowered, boolean[] starts, int[] heights, String where) {
        byte[] code = lowered.code();
        boolean[] targets = branchTargets(code);
        long[] locals = new long[lowered.localTypes().length];
        long[] stack = new long[lowered.maxStackHeight() + 1];
        Map<Long, List<long[]>> checks = new HashMap<>(); // value -> {K1, start, reach, below} of each check
        Map<Integer, Integer> moduleOffsets = new HashMap<>();
        for (int i = 0; i < lowered.offsets().length; i += 2) {
            moduleOffsets.put(lowered.offsets()[i], lowered.offsets()[i + 1]);
        }
        long next = 0;
        boolean inRun = false;
        for (int pc = 0; pc < code.length; pc = Disassembler.next(code, pc)) {
            int op = code[pc] & 0xFF;
            int h = heights[pc];
            if (!inRun || targets[pc] || h < 0) {
                checks.clear();
                for (int i = 0; i < locals.length; i++) {
                    locals[i] = ++next << 32;
                }
                for (int i = 0; i < stack.length; i++) {
                    stack[i] = ++next << 32;
                }
            }
            // IF and BR_IF leave the run, but their fall-through path stays in it.
            inRun = h >= 0 && ((op >= 0x45 && op <= 0xC4) || isRunInstruction(op) || op == Bytecode.SIMD_PREFIX
                            || op == Bytecode.IF || op == Bytecode.BR_IF);
            if (!inRun) {
                continue;
            }
            switch (op) {
                case Bytecode.IF, Bytecode.BR_IF -> {
                }
                case Bytecode.LOCAL_GET, Bytecode.LOCAL_GET_LAST, Bytecode.LOCAL_GET_V128, Bytecode.LOCAL_GET_V128_LAST -> stack[h] = locals[Bytecode.readInt(code, pc + 1)];
                case Bytecode.LOCAL_SET, Bytecode.LOCAL_TEE, Bytecode.LOCAL_SET_V128, Bytecode.LOCAL_TEE_V128 -> locals[Bytecode.readInt(code, pc + 1)] = stack[h - 1];
                case Bytecode.I32_CONST -> stack[h] = Bytecode.readInt(code, pc + 1) & 0xFFFFFFFFL;
                case 0x6A -> { // i32.add
                    long a = stack[h - 2];
                    long b = stack[h - 1];
                    long k = ((a & 0xFFFFFFFFL) + (b & 0xFFFFFFFFL)) & 0xFFFFFFFFL;
                    stack[h - 2] = (a >>> 32) == 0 ? (b & ~0xFFFFFFFFL) | k : (b >>> 32) == 0 ? (a & ~0xFFFFFFFFL) | k : ++next << 32;
                }
                default -> {
                    // Where the memarg starts (offset, then reach), the address's depth and the width.
                    int memarg = -1;
                    int depth = 0;
                    int width = 0;
                    if (op >= Bytecode.I32_LOAD && op <= Bytecode.I64_STORE32) {
                        memarg = pc + 5;
                        depth = op <= Bytecode.I64_LOAD32_U ? 1 : 2;
                        width = accessWidth(op);
                    } else if (op == Bytecode.SIMD_PREFIX) {
                        int word = Bytecode.readInt(code, pc + 1);
                        int kind = (word >>> 16) & Bytecode.SimdWord.KIND_MASK;
                        if (kind == SimdOpcodes.LOAD || kind == SimdOpcodes.STORE || kind == SimdOpcodes.LOAD_LANE
                                        || kind == SimdOpcodes.STORE_LANE) {
                            memarg = pc + 9;
                            depth = kind == SimdOpcodes.LOAD ? 1 : 2;
                            width = 1 << SimdOpcodes.ALIGN[word & 0xFFFF];
                        }
                    }
                    if (memarg >= 0) {
                        long address = stack[h - depth];
                        long value = address >>> 32;
                        long k = address & 0xFFFFFFFFL;
                        long start = k + (Bytecode.readInt(code, memarg) & 0xFFFFFFFFL);
                        int immediate = Bytecode.readInt(code, memarg + 4);
                        long reach = immediate & Bytecode.Reach.MASK;
                        long below = immediate >>> Bytecode.Reach.BELOW_SHIFT;
                        long end = start + width;
                        List<long[]> made = checks.computeIfAbsent(value, v -> new ArrayList<>());
                        if (immediate == 0) {
                            // A smaller K2 is K1 - K2 below without wrapping where the check proved
                            // V + K1 >= K1 - K2, that is, its first byte minus below >= 0.
                            assertTrue(made.stream().anyMatch(c -> (c[0] <= k || k >= c[1] - c[3]) && c[1] + c[2] >= end),
                                            "unchecked access at " + pc + " not covered: " + where);
                        } else {
                            assertTrue(reach >= end - start, "reach " + reach + " below the access width at " + pc + ": " + where);
                            made.add(new long[]{k, start, reach, below});
                        }
                    }
                    int after = h + effect(module, code, pc);
                    if (op == Bytecode.SIMD_PREFIX) {
                        checkZeroLanes(module, code, pc, moduleOffsets.get(pc), stack, h, where);
                    }
                    if (pushesOne(code, pc)) {
                        stack[after - 1] = isZeroConst(code, pc) ? ZERO_V128 : ++next << 32;
                    }
                }
            }
        }
    }

    /** The value of a {@code v128.const} of zeros, apart from every other value followed. */
    private static final long ZERO_V128 = -1L;

    private static boolean isZeroConst(byte[] code, int pc) {
        return (code[pc] & 0xFF) == Bytecode.SIMD_PREFIX && ((Bytecode.readInt(code, pc + 1) >>> 16) & Bytecode.SimdWord.KIND_MASK) == SimdOpcodes.CONST
                        && Bytecode.readLong(code, pc + 5) == 0 && Bytecode.readLong(code, pc + 13) == 0;
    }

    /** Each lane of a shuffle is the module's own index, or ZERO_LANE for a byte of a zero operand. */
    private static void checkZeroLanes(WasmModule module, byte[] code, int pc, int offset, long[] stack, int h, String where) {
        if (((Bytecode.readInt(code, pc + 1) >>> 16) & Bytecode.SimdWord.KIND_MASK) != SimdOpcodes.SHUFFLE) {
            return;
        }
        byte[] bytes = module.bytes();
        assertEquals(0x0D, bytes[offset + 1], "the module's shuffle at " + pc + ": " + where);
        for (int i = 0; i < 16; i++) {
            int original = bytes[offset + 2 + i] & 0xFF;
            int lowered = code[pc + 5 + i] & 0xFF;
            if (lowered == Bytecode.ZERO_LANE) {
                assertEquals(ZERO_V128, stack[original < 16 ? h - 2 : h - 1], "zero lane " + i + " of a non-zero operand at " + pc + ": " + where);
            } else {
                assertEquals(original, lowered, "shuffle lane " + i + " at " + pc + ": " + where);
            }
        }
    }

    /** Whether a straight-line instruction pushes a value (none pushes more than one). */
    private static boolean pushesOne(byte[] code, int pc) {
        int op = code[pc] & 0xFF;
        if (op == Bytecode.SIMD_PREFIX) {
            int kind = (Bytecode.readInt(code, pc + 1) >>> 16) & Bytecode.SimdWord.KIND_MASK;
            return kind != SimdOpcodes.STORE && kind != SimdOpcodes.STORE_LANE;
        }
        return !(op >= Bytecode.I32_STORE && op <= Bytecode.I64_STORE32) && op != Bytecode.DROP && op != Bytecode.LOCAL_SET
                        && op != Bytecode.LOCAL_SET_V128 && op != Bytecode.GLOBAL_SET;
    }

    /** Bytes a load or store touches. */
    private static int accessWidth(int op) {
        return switch (op) {
            case Bytecode.I32_LOAD8_S, Bytecode.I32_LOAD8_U, Bytecode.I64_LOAD8_S, Bytecode.I64_LOAD8_U, Bytecode.I32_STORE8,
                            Bytecode.I64_STORE8 -> 1;
            case Bytecode.I32_LOAD16_S, Bytecode.I32_LOAD16_U, Bytecode.I64_LOAD16_S, Bytecode.I64_LOAD16_U, Bytecode.I32_STORE16,
                            Bytecode.I64_STORE16 -> 2;
            case Bytecode.I64_LOAD, Bytecode.F64_LOAD, Bytecode.I64_STORE, Bytecode.F64_STORE -> 8;
            default -> 4;
        };
    }

    /** Every pc some jump, if or branch can go to. */
    private static boolean[] branchTargets(byte[] code) {
        boolean[] targets = new boolean[code.length + 1];
        for (int pc = 0; pc < code.length; pc = Disassembler.next(code, pc)) {
            switch (code[pc] & 0xFF) {
                case Bytecode.JUMP, Bytecode.IF, Bytecode.BR, Bytecode.BR_IF -> targets[Bytecode.readInt(code, pc + 1)] = true;
                case Bytecode.BR_TABLE -> {
                    int distinct = Bytecode.readInt(code, pc + 5);
                    for (int j = 0; j < distinct; j++) {
                        targets[Bytecode.readInt(code, pc + 9 + 12 * j)] = true;
                    }
                }
                default -> {
                }
            }
        }
        return targets;
    }

    /** Follows the registers over one SIMD instruction from height h to {@code after}; returns the filled set. */
    private static int simdRegisters(int word, int h, int after, int filled, int pc, String where) {
        int top = (word >>> Bytecode.SimdWord.TOP_REGISTER_SHIFT) & 7;
        for (int d = 0; d < 3; d++) {
            if ((word & Bytecode.SimdWord.FROM_REGISTER << d) != 0) {
                int k = top - d;
                assertEquals(h - 1 - d, k, "operand register is not its stack position at " + pc + ": " + where);
                assertTrue((filled & 1 << k) != 0, "operand register " + k + " empty at " + pc + ": " + where);
                filled &= ~(1 << k);
            }
        }
        if ((word & Bytecode.SimdWord.TO_REGISTER) != 0) {
            int k = (word >>> Bytecode.SimdWord.RESULT_REGISTER_SHIFT) & 7;
            assertEquals(after - 1, k, "result register is not its stack position at " + pc + ": " + where);
            assertTrue((filled & 1 << k) == 0, "result register " + k + " already filled at " + pc + ": " + where);
            filled |= 1 << k;
        }
        return filled;
    }

    /**
     * Follows the registers over a v128 local.get, local.set or local.tee at height h. Bit
     * {@code REGISTERS + n} of the filled set stands for local register n.
     */
    private static int localRegisters(int op, int word, int h, int filled, int pc, String where) {
        int after = h + (isGet(op) ? 1 : op == Bytecode.LOCAL_SET_V128 ? -1 : 0);
        int local = 1 << (Bytecode.SimdWord.REGISTERS + (word & Bytecode.SimdWord.LOCAL_REGISTER_MASK));
        int fromLocal = word & (Bytecode.SimdWord.FROM_LOCAL_REGISTER | Bytecode.SimdWord.KEEP_LOCAL_REGISTER);
        if (isGet(op)) {
            assertEquals(0, word & Bytecode.SimdWord.TO_LOCAL_REGISTER, "a get fills no local register at " + pc + ": " + where);
            assertTrue(fromLocal == 0 || (fromLocal & Bytecode.SimdWord.FROM_LOCAL_REGISTER) != 0, "keep without read at " + pc + ": " + where);
            if (fromLocal != 0) {
                assertTrue((filled & local) != 0, "local register empty at " + pc + ": " + where);
                if ((fromLocal & Bytecode.SimdWord.KEEP_LOCAL_REGISTER) == 0) {
                    filled &= ~local;
                }
            }
            return simdRegisters(word, h, after, filled, pc, where);
        }
        assertEquals(0, fromLocal, "a set reads no local register at " + pc + ": " + where);
        if (op == Bytecode.LOCAL_SET_V128) {
            assertEquals(0, word & Bytecode.SimdWord.TO_REGISTER, "a set leaves no value at " + pc + ": " + where);
        }
        filled = simdRegisters(word, h, after, filled, pc, where);
        if ((word & Bytecode.SimdWord.TO_LOCAL_REGISTER) != 0) {
            assertTrue((filled & local) == 0, "local register " + (word & Bytecode.SimdWord.LOCAL_REGISTER_MASK) + " already filled at " + pc + ": " + where);
            filled |= local;
        }
        return filled;
    }

    private static boolean isLocalV128(int op) {
        return op == Bytecode.LOCAL_GET_V128 || op == Bytecode.LOCAL_GET_V128_LAST || op == Bytecode.LOCAL_SET_V128
                        || op == Bytecode.LOCAL_TEE_V128;
    }

    /** local.get of any type, whether or not it is the last read. */
    private static boolean isGet(int op) {
        return op == Bytecode.LOCAL_GET || op == Bytecode.LOCAL_GET_LAST || op == Bytecode.LOCAL_GET_V128 || op == Bytecode.LOCAL_GET_V128_LAST;
    }

    /** Records the registers filled on entry to {@code pc} from straight-line code. */
    private static void joinRegisters(int[] registers, int[] heights, int pc, int filled, String where) {
        if (pc < registers.length) {
            assertTrue(heights[pc] < 0 || registers[pc] == filled, "paths join at " + pc + " with vector registers filled: " + where);
            registers[pc] = filled;
        }
    }

    /** Straight-line instructions below 0x45 that may lie between a SIMD result and its use. */
    private static boolean isRunInstruction(int op) {
        return op == Bytecode.DROP || op == Bytecode.SELECT || isLocalV128(op) || op == Bytecode.LOCAL_GET || op == Bytecode.LOCAL_GET_LAST || op == Bytecode.LOCAL_SET
                        || op == Bytecode.LOCAL_TEE || op == Bytecode.GLOBAL_GET || op == Bytecode.GLOBAL_SET
                        || (op >= Bytecode.I32_LOAD && op <= Bytecode.I64_STORE32) || (op >= Bytecode.I32_CONST && op <= Bytecode.F64_CONST);
    }

    /** A branch's [targetPc][targetHeight][resultCount] at {@code at}, taken at height {@code h}. */
    private static void branch(int[] heights, ArrayDeque<Integer> work, boolean[] starts, byte[] code, int at, int h,
                    LoweredCode lowered, String where) {
        int target = Bytecode.readInt(code, at);
        int targetHeight = Bytecode.readInt(code, at + 4);
        int resultCount = Bytecode.readInt(code, at + 8);
        assertTrue(targetHeight + resultCount <= h, "branch carries more values than the stack has: " + where);
        reach(heights, work, starts, target, targetHeight + resultCount, lowered, where);
    }

    private static void reach(int[] heights, ArrayDeque<Integer> work, boolean[] starts, int pc, int h, LoweredCode lowered,
                    String where) {
        if (pc < 0 || pc >= starts.length || !starts[pc]) {
            fail("jump to " + pc + " which starts no instruction: " + where);
        }
        assertTrue(h >= 0 && h <= lowered.maxStackHeight(), "height " + h + " out of range at " + pc + ": " + where);
        if (heights[pc] < 0) {
            heights[pc] = h;
            work.push(pc);
        } else {
            assertEquals(heights[pc], h, "paths join at " + pc + " with different heights: " + where);
        }
    }

    /** The height change of a straight-line instruction. */
    private static int effect(WasmModule module, byte[] code, int pc) {
        int op = code[pc] & 0xFF;
        if (op >= 0x45 && op <= 0xC4) {
            return isUnary(op) ? 0 : -1;
        }
        if (op >= Bytecode.I32_LOAD && op <= Bytecode.I64_LOAD32_U) {
            return 0;
        }
        if (op >= Bytecode.I32_STORE && op <= Bytecode.I64_STORE32) {
            return -2;
        }
        if (op >= Bytecode.TRUNC_SAT_BASE && op < Bytecode.TRUNC_SAT_BASE + 8) {
            return 0;
        }
        if (op == Bytecode.SIMD_PREFIX) {
            return switch ((Bytecode.readInt(code, pc + 1) >>> 16) & Bytecode.SimdWord.KIND_MASK) {
                case SimdOpcodes.LOAD, SimdOpcodes.EXTRACT, SimdOpcodes.SPLAT, SimdOpcodes.V_V, SimdOpcodes.V_I -> 0;
                case SimdOpcodes.CONST -> 1;
                case SimdOpcodes.STORE, SimdOpcodes.STORE_LANE, SimdOpcodes.VVV_V -> -2;
                case SimdOpcodes.LOAD_LANE, SimdOpcodes.SHUFFLE, SimdOpcodes.REPLACE, SimdOpcodes.VV_V, SimdOpcodes.VI_V -> -1;
                default -> throw new AssertionError("unexpected SIMD kind at " + pc);
            };
        }
        return switch (op) {
            case Bytecode.CALL -> callEffect(module.functionType(Bytecode.readInt(code, pc + 1)));
            case Bytecode.CALL_INDIRECT -> callEffect(module.types()[Bytecode.readInt(code, pc + 1)]) - 1;
            case Bytecode.DROP, Bytecode.LOCAL_SET, Bytecode.LOCAL_SET_V128, Bytecode.GLOBAL_SET -> -1;
            case Bytecode.SELECT -> -2;
            case Bytecode.LOCAL_GET, Bytecode.LOCAL_GET_LAST, Bytecode.LOCAL_GET_V128, Bytecode.LOCAL_GET_V128_LAST, Bytecode.GLOBAL_GET, Bytecode.MEMORY_SIZE, Bytecode.I32_CONST, Bytecode.I64_CONST,
                            Bytecode.F32_CONST, Bytecode.F64_CONST, Bytecode.REF_NULL, Bytecode.REF_FUNC,
                            Bytecode.TABLE_SIZE -> 1;
            case Bytecode.LOOP, Bytecode.LOCAL_TEE, Bytecode.LOCAL_TEE_V128, Bytecode.TABLE_GET, Bytecode.MEMORY_GROW, Bytecode.REF_IS_NULL, Bytecode.DATA_DROP,
                            Bytecode.ELEM_DROP -> 0;
            case Bytecode.TABLE_SET -> -2;
            case Bytecode.TABLE_GROW -> -1;
            case Bytecode.MEMORY_INIT, Bytecode.MEMORY_COPY, Bytecode.MEMORY_FILL, Bytecode.TABLE_INIT,
                            Bytecode.TABLE_COPY, Bytecode.TABLE_FILL -> -3;
            default -> throw new AssertionError("unexpected opcode " + Disassembler.name(op) + " at " + pc);
        };
    }

    private static int callEffect(FuncType type) {
        return type.results().length - type.params().length;
    }

    private static boolean isUnary(int op) {
        return op == 0x45 || op == 0x50 || (op >= 0x67 && op <= 0x69) || (op >= 0x79 && op <= 0x7B)
                        || (op >= 0x8B && op <= 0x91) || (op >= 0x99 && op <= 0x9F) || op >= 0xA7;
    }
}
