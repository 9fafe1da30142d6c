package dev.porcini.validation;

import dev.porcini.bytecode.Bytecode;

import java.util.Arrays;

/**
 * Marks, once a function is lowered, where compiled code may forget a local's value. Every frame
 * state Graal keeps for deoptimization (at guards, calls and the loop safepoints) holds every
 * local's last value, and clang uses locals as virtual registers: each value kept alive that way
 * is a loop phi, a register or a spill, and for a v128 two extracts from its vector register.
 * Two marks let compiled code drop the values nobody reads again:
 * <ul>
 * <li>a {@code local.get} after which no path reads the local before writing it becomes
 * {@link Bytecode#LOCAL_GET_LAST} or {@link Bytecode#LOCAL_GET_V128_LAST};</li>
 * <li>each {@link Bytecode#LOOP} names the locals live nowhere from its header on, which are
 * cleared on loop entry and at every back edge.</li>
 * </ul>
 *
 * <p>The analysis is the classic backward liveness over the basic blocks of the lowered code,
 * exact where paths join. Its bit matrix (blocks &times; locals) is bounded: a larger function
 * gets no marks.
 */
final class LocalLiveness {
    /** The most bits of one blocks &times; locals matrix; there are four of them. */
    private static final long MAX_BITS = 1L << 24;

    private LocalLiveness() {
    }

    /**
     * Rewrites the last reads in {@code code} and returns the locals each loop clears, indexed by
     * its LOOP immediate, in increasing order.
     *
     * @param offsets the lowered code's offset table: its even entries are every instruction's pc
     */
    static int[][] mark(byte[] code, int[] offsets, int localCount, int loops) {
        int[][] loopDead = new int[loops][];
        Arrays.fill(loopDead, new int[0]);
        int n = offsets.length / 2;
        int[] pcs = new int[n + 1];
        for (int i = 0; i < n; i++) {
            pcs[i] = offsets[2 * i];
        }
        pcs[n] = code.length;
        int[] blockOf = blocks(code, pcs, n);
        int blocks = blockOf[n];
        int words = (localCount + 63) >>> 6;
        if (localCount == 0 || (long) blocks * words * 64 > MAX_BITS) {
            return loopDead;
        }
        int[] first = new int[blocks + 1];
        for (int i = n - 1; i >= 0; i--) {
            first[blockOf[i]] = i;
        }
        first[blocks] = n;
        int[][] successors = new int[blocks][];
        long[] use = new long[blocks * words];
        long[] def = new long[blocks * words];
        for (int b = 0; b < blocks; b++) {
            for (int i = first[b]; i < first[b + 1]; i++) {
                int pc = pcs[i];
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
            int last = pcs[first[b + 1] - 1];
            int[] targets = targets(code, last);
            boolean fallsThrough = fallsThrough(code[last] & 0xFF);
            int[] to = new int[targets.length + (fallsThrough ? 1 : 0)];
            for (int k = 0; k < targets.length; k++) {
                to[k] = blockOf[Arrays.binarySearch(pcs, 0, n, targets[k])];
            }
            if (fallsThrough) {
                to[targets.length] = b + 1;
            }
            successors[b] = to;
        }

        long[] liveIn = new long[blocks * words];
        long[] out = new long[words];
        for (boolean changed = true; changed;) {
            changed = false;
            for (int b = blocks - 1; b >= 0; b--) {
                liveOut(liveIn, successors[b], words, out);
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
            liveOut(liveIn, successors[b], words, out);
            for (int i = first[b + 1] - 1; i >= first[b]; i--) {
                int pc = pcs[i];
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
                    loopDead[Bytecode.readInt(code, pc + 1)] = dead(out, localCount);
                }
            }
        }
        return loopDead;
    }

    /** Numbers the basic blocks: entry i holds instruction i's block, entry n how many there are. */
    private static int[] blocks(byte[] code, int[] pcs, int n) {
        boolean[] leader = new boolean[n + 1];
        leader[0] = true;
        for (int i = 0; i < n; i++) {
            int op = code[pcs[i]] & 0xFF;
            if (endsBlock(op)) {
                leader[i + 1] = true;
                for (int target : targets(code, pcs[i])) {
                    leader[Arrays.binarySearch(pcs, 0, n, target)] = true;
                }
            }
        }
        int[] blockOf = new int[n + 1];
        int block = -1;
        for (int i = 0; i < n; i++) {
            if (leader[i]) {
                block++;
            }
            blockOf[i] = block;
        }
        blockOf[n] = block + 1;
        return blockOf;
    }

    private static void liveOut(long[] liveIn, int[] successors, int words, long[] out) {
        Arrays.fill(out, 0);
        for (int s : successors) {
            for (int w = 0; w < words; w++) {
                out[w] |= liveIn[s * words + w];
            }
        }
    }

    private static int[] dead(long[] live, int localCount) {
        int[] dead = new int[localCount];
        int count = 0;
        for (int x = 0; x < localCount; x++) {
            if ((live[x >>> 6] & 1L << x) == 0) {
                dead[count++] = x;
            }
        }
        return Arrays.copyOf(dead, count);
    }

    /** The pcs a control instruction may jump to, besides falling through. */
    private static int[] targets(byte[] code, int pc) {
        return switch (code[pc] & 0xFF) {
            case Bytecode.JUMP, Bytecode.BR, Bytecode.IF, Bytecode.BR_IF -> new int[]{Bytecode.readInt(code, pc + 1)};
            case Bytecode.BR_TABLE -> {
                int[] targets = new int[Bytecode.readInt(code, pc + 5)];
                for (int j = 0; j < targets.length; j++) {
                    targets[j] = Bytecode.readInt(code, pc + 9 + 12 * j);
                }
                yield targets;
            }
            default -> new int[0];
        };
    }

    private static boolean endsBlock(int op) {
        return op == Bytecode.JUMP || op == Bytecode.BR || op == Bytecode.IF || op == Bytecode.BR_IF || op == Bytecode.BR_TABLE
                        || op == Bytecode.RETURN || op == Bytecode.UNREACHABLE;
    }

    private static boolean fallsThrough(int op) {
        return !endsBlock(op) || op == Bytecode.IF || op == Bytecode.BR_IF;
    }

    private static boolean isGet(int op) {
        return op == Bytecode.LOCAL_GET || op == Bytecode.LOCAL_GET_V128;
    }

    private static boolean isSet(int op) {
        return op == Bytecode.LOCAL_SET || op == Bytecode.LOCAL_TEE || op == Bytecode.LOCAL_SET_V128 || op == Bytecode.LOCAL_TEE_V128;
    }
}
