package dev.porcini.bytecode;

import dev.porcini.module.ValType;

/**
 * A validated function body lowered to {@link Bytecode}.
 *
 * @param code the bytecode; it always ends with {@link Bytecode#RETURN}
 * @param localTypes the type of every local, parameters first
 * @param maxStackHeight the greatest operand stack height any instruction reaches
 * @param callSites how many CALL and CALL_INDIRECT instructions the code has (callSite immediates are 0..callSites-1)
 * @param profiles how many branch profile counters IF and BR_IF use (profile immediates are 0..profiles-1)
 * @param offsets pairs (pc, absolute byte offset in the module) for every emitted instruction, in pc
 *            order, so a trap can name the Wasm offset of the failing instruction
 * @param usesV128 whether any local or reachable operand is a v128
 * @param loopDeadLocals per {@link Bytecode#LOOP} instruction (its immediate): the locals whose values at
 *            its header no path reads, in increasing order; all empty until {@link #withDeadLocals}
 * @param branchDeadLocals per IF and BR_IF profile p (its immediate), at 2p for the way its condition
 *            true takes and at 2p + 1 for the other: the locals live after the instruction that
 *            this way never reads again, in increasing order; all empty until {@link #withDeadLocals}
 */
public record LoweredCode(byte[] code, ValType[] localTypes, int maxStackHeight, int callSites, int profiles, int[] offsets,
                boolean usesV128, int[][] loopDeadLocals, int[][] branchDeadLocals) {

    /**
     * This code with the marks that let compiled code forget dead locals ({@link LocalLiveness}):
     * its last reads rewritten, in a copy, and the dead locals of each loop and branch. The interpreter needs
     * neither, so a function gets them when its first call creates its root node, not while a
     * module of thousands of functions is validated.
     */
    public LoweredCode withDeadLocals() {
        byte[] marked = code.clone();
        LocalLiveness liveness = new LocalLiveness();
        liveness.mark(marked, offsets, localTypes.length, loopDeadLocals.length, profiles);
        return new LoweredCode(marked, localTypes, maxStackHeight, callSites, profiles, offsets, usesV128, liveness.loopDead,
                        liveness.branchDead);
    }

    /**
     * Per {@link Bytecode#LOOP} immediate n, for an innermost loop whose one back edge is a BR_IF:
     * at 3n where compiled code begins its rotated loop, at 3n + 1 the back edge, at 3n + 2 the
     * {@code i32.ne} that computes its condition or -1; else -1 thrice ({@link SimpleLoops}).
     */
    public int[] loopRotations() {
        return SimpleLoops.rotations(code, offsets, loopDeadLocals.length);
    }

    /**
     * Per {@link Bytecode#LOOP} immediate n, for a rotated loop counting a local down to zero: at
     * 2n that local, at 2n + 1 its step; else -1 twice ({@link SimpleLoops#countdowns}).
     *
     * @param rotations this code's {@link #loopRotations}
     */
    public int[] loopCountdowns(int[] rotations) {
        return SimpleLoops.countdowns(code, offsets, rotations);
    }

    /** Slots for the locals and the operand stack. */
    public int slotCount() {
        return localTypes.length + maxStackHeight;
    }

    /**
     * How far the slot holding the high half of a v128 lies from the slot of its low half. A v128
     * takes two long slots, so that compiled code keeps it in registers like any other number; a
     * function without v128 values has no high slots.
     */
    public int v128HighOffset() {
        return slotCount();
    }

    /** Frame slots in all, high halves included. */
    public int frameSlots() {
        return usesV128 ? 2 * slotCount() : slotCount();
    }

    /** The module byte offset of the instruction at {@code pc}, or -1 if unknown. */
    public int sourceOffset(int pc) {
        int lo = 0;
        int hi = offsets.length / 2 - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (offsets[2 * mid] <= pc) {
                found = offsets[2 * mid + 1];
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
