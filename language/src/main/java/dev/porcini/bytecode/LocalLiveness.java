package dev.porcini.bytecode;

import java.util.Arrays;

/**
 * Marks in lowered code where compiled code may forget a local's value
 * ({@link LoweredCode#withDeadLocals}). Every frame state Graal keeps for deoptimization (at
 * guards, calls and the loop safepoints) holds every local's last value, and clang uses locals as
 * virtual registers: each value kept alive that way is a loop phi, a register or a spill, and for a
 * v128 two extracts from its vector register. Three marks let compiled code drop the values nobody
 * reads again:
 * <ul>
 * <li>a {@code local.get} after which no path reads the local before writing it becomes
 * {@link Bytecode#LOCAL_GET_LAST} or {@link Bytecode#LOCAL_GET_V128_LAST};</li>
 * <li>each {@link Bytecode#LOOP} names the locals live nowhere from its header on, which are
 * cleared on loop entry and at every back edge;</li>
 * <li>each way of an {@link Bytecode#IF} or {@link Bytecode#BR_IF} names the locals live after it
 * that this way never reads again.</li>
 * </ul>
 *
 * <p>The analysis is the classic backward liveness over the basic blocks of the lowered code,
 * exact where paths join. Its bit matrices (blocks &times; locals) are bounded: a larger function
 * gets no marks.
 */
final class LocalLiveness {
    /** The most bits of one blocks &times; locals matrix; there are three of them. */
    private static final long MAX_BITS = 1L << 24;
    private static final int[] NONE = new int[0];

    /** Per pc of a block's first instruction: its block number. */
    private int[] blockAt;
    /** Per block: the index, in the offset table, of its first instruction; one entry more at the end. */
    private int[] first;
    /** Per block, a bit set of locals (words longs): those live where it starts. */
    private long[] liveIn;
    /** Scratch: the locals live where the block at hand ends. */
    private long[] out;
    /** The result: per LOOP immediate, the locals dead at its header. */
    int[][] loopDead;
    /**
     * The result: per IF and BR_IF profile p, at 2p for the way its condition true takes and at
     * 2p + 1 for the other, the locals live after the instruction that this way never reads again.
     */
    int[][] branchDead;

    /**
     * Rewrites the last reads in {@code code} and fills {@link #loopDead} and {@link #branchDead},
     * each set in increasing order.
     *
     * @param offsets the lowered code's offset table: its even entries are every instruction's pc
     */
    void mark(byte[] code, int[] offsets, int localCount, int loops, int profiles) {
        loopDead = new int[loops][];
        Arrays.fill(loopDead, NONE);
        branchDead = new int[2 * profiles][];
        Arrays.fill(branchDead, NONE);
        int n = offsets.length / 2;
        int blocks = findBlocks(code, offsets, n);
        int words = (localCount + 63) >>> 6;
        if (localCount == 0 || (long) blocks * words * 64 > MAX_BITS) {
            return;
        }
        // Per block, the locals it reads before writing them, and those it writes.
        long[] use = new long[blocks * words];
        long[] def = new long[blocks * words];
        liveIn = new long[blocks * words];
        out = new long[words];
        for (int b = 0; b < blocks; b++) {
            for (int i = first[b]; i < first[b + 1]; i++) {
                int pc = offsets[2 * i];
                int op = code[pc] & 0xFF;
                if (isGet(op) || isSet(op)) {
                    int local = Bytecode.readInt(code, pc + 1);
                    int w = b * words + (local >>> 6);
                    if (isSet(op)) {
                        def[w] |= 1L << local;
                    } else if ((def[w] & 1L << local) == 0) {
                        use[w] |= 1L << local;
                    }
                }
            }
        }

        for (boolean changed = true; changed;) {
            changed = false;
            for (int b = blocks - 1; b >= 0; b--) {
                liveOut(code, offsets, b, words);
                for (int w = 0; w < words; w++) {
                    long in = use[b * words + w] | (out[w] & ~def[b * words + w]);
                    if (in != liveIn[b * words + w]) {
                        liveIn[b * words + w] = in;
                        changed = true;
                    }
                }
            }
        }

        // Walk each block backwards from what is live at its end.
        for (int b = 0; b < blocks; b++) {
            liveOut(code, offsets, b, words);
            int last = offsets[2 * (first[b + 1] - 1)];
            int branch = code[last] & 0xFF;
            if (branch == Bytecode.IF || branch == Bytecode.BR_IF) {
                int profile = Bytecode.readInt(code, last + (branch == Bytecode.IF ? 5 : 13));
                int target = blockAt[Bytecode.target(code, last, 0)];
                // IF falls through when its condition holds, BR_IF branches.
                branchDead[2 * profile] = dead(localCount, branch == Bytecode.IF ? b + 1 : target, words);
                branchDead[2 * profile + 1] = dead(localCount, branch == Bytecode.IF ? target : b + 1, words);
            }
            for (int i = first[b + 1] - 1; i >= first[b]; i--) {
                int pc = offsets[2 * i];
                int op = code[pc] & 0xFF;
                if (isGet(op)) {
                    int local = Bytecode.readInt(code, pc + 1);
                    if ((out[local >>> 6] & 1L << local) == 0) {
                        code[pc] = (byte) (op == Bytecode.LOCAL_GET ? Bytecode.LOCAL_GET_LAST : Bytecode.LOCAL_GET_V128_LAST);
                    }
                    out[local >>> 6] |= 1L << local;
                } else if (isSet(op)) {
                    int local = Bytecode.readInt(code, pc + 1);
                    out[local >>> 6] &= ~(1L << local);
                } else if (op == Bytecode.LOOP) {
                    loopDead[Bytecode.readInt(code, pc + 1)] = dead(localCount, -1, words);
                }
            }
        }
    }

    /** Numbers the basic blocks ({@link #first}, {@link #blockAt}) and returns how many there are. */
    private int findBlocks(byte[] code, int[] offsets, int n) {
        boolean[] leader = new boolean[code.length];
        blockAt = new int[code.length];
        first = new int[n + 1];
        leader[0] = true;
        for (int i = 0; i < n; i++) {
            int pc = offsets[2 * i];
            int op = code[pc] & 0xFF;
            if (endsBlock(op) && i + 1 < n) {
                leader[offsets[2 * i + 2]] = true;
            }
            for (int j = 0; j < Bytecode.targetCount(code, pc); j++) {
                leader[Bytecode.target(code, pc, j)] = true;
            }
        }
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            int pc = offsets[2 * i];
            if (leader[pc]) {
                blockAt[pc] = blocks;
                first[blocks++] = i;
            }
        }
        first[blocks] = n;
        return blocks;
    }

    /** Sets {@link #out} to the locals live where block {@code b} ends: live into any successor. */
    private void liveOut(byte[] code, int[] offsets, int b, int words) {
        Arrays.fill(out, 0, words, 0);
        int last = offsets[2 * (first[b + 1] - 1)];
        for (int j = 0; j < Bytecode.targetCount(code, last); j++) {
            addLiveIn(blockAt[Bytecode.target(code, last, j)], words);
        }
        int op = code[last] & 0xFF;
        if (!endsBlock(op) || op == Bytecode.IF || op == Bytecode.BR_IF) {
            addLiveIn(b + 1, words);
        }
    }


    private void addLiveIn(int block, int words) {
        for (int w = 0; w < words; w++) {
            out[w] |= liveIn[block * words + w];
        }
    }

    /**
     * The locals not in {@link #out}; or, given a {@code block}, those in {@link #out} that are not
     * live into that block.
     */
    private int[] dead(int localCount, int block, int words) {
        long[] dead = new long[words];
        int count = 0;
        for (int w = 0; w < words; w++) {
            dead[w] = block < 0 ? ~out[w] : out[w] & ~liveIn[block * words + w];
            if (w == words - 1 && (localCount & 63) != 0) {
                dead[w] &= (1L << localCount) - 1;
            }
            count += Long.bitCount(dead[w]);
        }
        int[] locals = new int[count];
        for (int x = 0, k = 0; k < count; x++) {
            if ((dead[x >>> 6] & 1L << x) != 0) {
                locals[k++] = x;
            }
        }
        return locals;
    }

    private static boolean endsBlock(int op) {
        return op == Bytecode.JUMP || op == Bytecode.BR || op == Bytecode.IF || op == Bytecode.BR_IF || op == Bytecode.BR_TABLE
                        || op == Bytecode.RETURN || op == Bytecode.UNREACHABLE;
    }

    private static boolean isGet(int op) {
        return op == Bytecode.LOCAL_GET || op == Bytecode.LOCAL_GET_V128;
    }

    private static boolean isSet(int op) {
        return op == Bytecode.LOCAL_SET || op == Bytecode.LOCAL_TEE || op == Bytecode.LOCAL_SET_V128 || op == Bytecode.LOCAL_TEE_V128;
    }
}
