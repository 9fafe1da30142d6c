package dev.porcini.bytecode;

import java.util.Arrays;

/**
 * Finds the loops compiled code may rotate: innermost loops whose only back edge is a
 * {@link Bytecode#BR_IF}, the {@code do { ... } while (c)} shape clang gives every inner loop.
 *
 * <p>A WebAssembly loop tests at its end, and Graal counts (and so hoists bounds checks out of,
 * and drops the safepoint polls of) only loops that test first. Compiled code runs a simple
 * loop's first iteration ahead of it, so that its Graal loop starts at the back edge's test.
 */
final class SimpleLoops {
    /**
     * The most instructions a rotated loop may hold. The first iteration is compiled apart, and
     * Graal unrolls counted loops, so rotating the 570-instruction loop of {@code yuv.simd} tripled
     * its last-tier compile time (2 to 6 s) for no speed; counting pays in small loops, where the
     * bounds checks and safepoint polls weigh.
     */
    private static final int MAX_INSTRUCTIONS = 300;
    /** WebAssembly's opcodes, which the lowered code keeps for numeric instructions. */
    private static final int I32_ADD = 0x6A;
    private static final int I32_SUB = 0x6B;

    private SimpleLoops() {
    }

    /**
     * Per LOOP immediate n: at 3n the pc where a rotated loop's header goes, at 3n + 1 the pc of
     * its BR_IF back edge, at 3n + 2 the pc of the comparison right before that BR_IF if compiled
     * code tests it in the BR_IF ({@code i32.ne} and the unsigned ones, see {@link #fused}), else
     * -1; all -1 if the loop is not simple. The header is the first of the pure
     * instructions that end the loop body (the condition's computation, as
     * {@code i = i + 1; i != n}), so that Graal sees the loop begin with its test.
     *
     * @param offsets the lowered code's offset table: its even entries are every instruction's pc
     */
    static int[] rotations(byte[] code, int[] offsets, int loops) {
        int[] backEdge = new int[loops];
        Arrays.fill(backEdge, -1);
        int[] edges = new int[loops];
        int n = offsets.length / 2;
        for (int i = 0; i < n; i++) {
            int pc = offsets[2 * i];
            int op = code[pc] & 0xFF;
            for (int j = 0; j < Bytecode.targetCount(code, pc); j++) {
                int target = Bytecode.target(code, pc, j);
                if (target <= pc) {
                    int loop = Bytecode.readInt(code, target - 4);
                    edges[loop]++;
                    backEdge[loop] = op == Bytecode.BR_IF ? pc : -1;
                }
            }
        }
        // A loop with more than one back edge, with a loop inside it, or too long stays as it is.
        for (int i = 0; i < n; i++) {
            int pc = offsets[2 * i];
            if ((code[pc] & 0xFF) == Bytecode.LOOP) {
                int loop = Bytecode.readInt(code, pc + 1);
                if (edges[loop] != 1) {
                    backEdge[loop] = -1;
                }
                for (int k = i + 1; k < n && backEdge[loop] >= 0 && offsets[2 * k] < backEdge[loop]; k++) {
                    if ((code[offsets[2 * k]] & 0xFF) == Bytecode.LOOP || k - i > MAX_INSTRUCTIONS) {
                        backEdge[loop] = -1;
                    }
                }
            }
        }
        boolean[] leader = new boolean[code.length];
        for (int i = 0; i < n; i++) {
            int pc = offsets[2 * i];
            for (int j = 0; j < Bytecode.targetCount(code, pc); j++) {
                leader[Bytecode.target(code, pc, j)] = true;
            }
        }
        int[] rotations = new int[3 * loops];
        Arrays.fill(rotations, -1);
        for (int i = n - 1; i >= 0; i--) {
            int pc = offsets[2 * i];
            int op = code[pc] & 0xFF;
            if (op != Bytecode.BR_IF || Bytecode.readInt(code, pc + 1) > pc) {
                continue;
            }
            int loop = Bytecode.readInt(code, Bytecode.readInt(code, pc + 1) - 4);
            if (backEdge[loop] != pc || i == 0 || !rotatable(code[offsets[2 * i - 2]] & 0xFF)) {
                continue;
            }
            int k = i;
            while (k > 0 && !leader[offsets[2 * k]] && isPure(code[offsets[2 * k - 2]] & 0xFF)) {
                k--;
            }
            rotations[3 * loop] = offsets[2 * k];
            rotations[3 * loop + 1] = pc;
            rotations[3 * loop + 2] = k < i && fused(code[offsets[2 * i - 2]] & 0xFF) ? offsets[2 * i - 2] : -1;
        }
        return rotations;
    }

    /**
     * Per LOOP immediate n: at 2n the local that a rotated loop counts down to zero by a constant
     * step, at 2n + 1 that step; both -1 for other loops. Such a loop ends its body with
     * {@code local.tee $c (i32.sub (local.get $c) (i32.const step))} (or the add of {@code -step})
     * and branches back while the result is not zero, and writes {@code $c} nowhere else.
     *
     * <p>Compiled code may then test {@code c > 0} without checking each iteration for a negative
     * value, where Graal, seeing a deoptimization inside the loop, would not unroll it: if
     * {@code $c} is positive and a multiple of the step when the rotated loop begins, every value
     * the loop tests is a multiple of the step that is not negative, so {@code c > 0} and
     * {@code c != 0} agree.
     *
     * @param rotations {@link #rotations} of the same code
     */
    static int[] countdowns(byte[] code, int[] offsets, int[] rotations) {
        int loops = rotations.length / 3;
        int[] countdowns = new int[2 * loops];
        Arrays.fill(countdowns, -1);
        int[] index = new int[code.length];
        for (int i = 0; i < offsets.length / 2; i++) {
            index[offsets[2 * i]] = i;
        }
        for (int loop = 0; loop < loops; loop++) {
            int backEdge = rotations[3 * loop + 1];
            if (backEdge < 0 || rotations[3 * loop + 2] >= 0) {
                continue;
            }
            int i = index[backEdge];
            if (i < 4 || offsets[2 * (i - 4)] < rotations[3 * loop]) {
                continue;
            }
            int tee = offsets[2 * (i - 1)];
            int arithmetic = offsets[2 * (i - 2)];
            int constant = offsets[2 * (i - 3)];
            int get = offsets[2 * (i - 4)];
            int local = Bytecode.readInt(code, tee + 1);
            int getOp = code[get] & 0xFF;
            int value = Bytecode.readInt(code, constant + 1);
            int op = code[arithmetic] & 0xFF;
            int step = op == I32_SUB ? value : op == I32_ADD ? -value : 0;
            if ((code[tee] & 0xFF) != Bytecode.LOCAL_TEE || (code[constant] & 0xFF) != Bytecode.I32_CONST || step <= 0
                            || getOp != Bytecode.LOCAL_GET && getOp != Bytecode.LOCAL_GET_LAST || Bytecode.readInt(code, get + 1) != local
                            || writesLocal(code, offsets, index[Bytecode.readInt(code, backEdge + 1)], i - 1, local)) {
                continue;
            }
            countdowns[2 * loop] = local;
            countdowns[2 * loop + 1] = step;
        }
        return countdowns;
    }

    /** Whether an instruction with index in [from, to) sets or tees {@code local}. */
    private static boolean writesLocal(byte[] code, int[] offsets, int from, int to, int local) {
        for (int k = from; k < to; k++) {
            int pc = offsets[2 * k];
            int op = code[pc] & 0xFF;
            if ((op == Bytecode.LOCAL_SET || op == Bytecode.LOCAL_TEE) && Bytecode.readInt(code, pc + 1) == local) {
                return true;
            }
        }
        return false;
    }

    /** Whether a loop whose back edge tests the result of {@code test} may rotate: not on i64 values. */
    private static boolean rotatable(int test) {
        return test != Bytecode.I32_EQZ && (test < 0x50 || test > 0x5A);
    }

    /**
     * Whether compiled code compares for the back edge itself, as the interpreter saw the operands
     * go: {@code i32.ne} as an ordered test, which Graal counts for any stride, and the unsigned
     * comparisons as signed ones while no operand had its sign bit set. Graal guards a counted
     * loop against counter overflow with a speculation, and for an unsigned test counting down
     * (memset's {@code n -= 32; n > 31}) that guard fails on every run.
     */
    private static boolean fused(int test) {
        return switch (test) {
            case Bytecode.I32_NE, Bytecode.I32_LT_U, Bytecode.I32_GT_U, Bytecode.I32_LE_U, Bytecode.I32_GE_U -> true;
            default -> false;
        };
    }

    /** Instructions that neither trap, call nor touch memory: Graal's loop may begin before them. */
    private static boolean isPure(int op) {
        return switch (op) {
            case Bytecode.LOCAL_GET, Bytecode.LOCAL_GET_LAST, Bytecode.LOCAL_SET, Bytecode.LOCAL_TEE, Bytecode.I32_CONST, Bytecode.I64_CONST -> true;
            // i32 and i64 tests and comparisons, add, sub, mul, and the bitwise ops and shifts.
            default -> op >= 0x45 && op <= 0x5A || op >= 0x6A && op <= 0x6C || op >= 0x71 && op <= 0x78 || op >= 0x7C && op <= 0x7E
                            || op >= 0x83 && op <= 0x8A;
        };
    }
}
