package dev.porcini.validation;

import dev.porcini.bytecode.Bytecode;
import java.util.Arrays;

/**
 * Chooses, while a function is lowered, which loads and stores can share one bounds check.
 *
 * <p>clang addresses struct fields, unrolled array elements and static arrays as one value plus
 * different constants: {@code local.get $p} then {@code i32.load offset=4}, or
 * {@code (i32.add (local.get $p) (i32.const 1040))} then {@code i32.load}. Within one run of code
 * that only its first instruction's path enters (no branch target or call in between;
 * {@code br_if} and {@code if} may leave it), the first access from a value can check the bytes
 * up to the end of the furthest access from the same value, and those need no check of their
 * own. The first access gets that widened reach, the others a reach of 0; see
 * {@code LinearMemory} for how compiled code uses it and why traps still happen at the right
 * access, and {@code FunctionRootNode} for what happens when a branch skips the furthest access.
 *
 * <p><b>Address symbols.</b> An i32 is described as a value number V plus a displacement K: its
 * bits are {@code V + K} modulo 2<sup>32</sup>. Within a run, a local holds the symbol of the
 * value last written to it and {@code local.get} pushes it; {@code i32.const c} is (ZERO, c), and
 * {@code i32.add} of a symbol and a constant adds the constant to K. Anything else is unknown.
 *
 * <p><b>Why wrapping is safe.</b> An access from (V, K2) is covered by the check of an earlier
 * access from (V, K1) when K1 &le; K2 (unsigned) and it ends within the checked bytes. If
 * {@code V + K1} does not wrap, the check proves {@code V + end <= size < 2^32}, so no covered
 * address wraps either. If it wraps, every {@code V + K2} with K2 &ge; K1 wraps as well, and the
 * check bounds the wrapped addresses the same way.
 *
 * <p><b>Smaller displacements.</b> clang unrolls loops from the top down: {@code p + 3},
 * {@code p + 2}, {@code p + 1}, {@code p}. An access from (V, K2) with K2 &lt; K1 is covered when
 * the check also proves {@code V + K1 >= K1 - K2} (no wrap, so it is {@code K1 - K2} bytes below):
 * the check then starts {@code below = K1 + offset - K2} bytes under the first access's address,
 * and fails where that is negative. Its immediate carries {@code below} above the reach, see
 * {@code Bytecode.Reach.BELOW_SHIFT}.
 */
final class SharedBoundsChecks {
    /** An i32 nothing is known about. */
    static final long UNKNOWN = 0;
    /** The widest check one access makes for the others, up from its address. */
    static final long MAX_REACH = Bytecode.Reach.MASK;
    /** The most bytes one check covers below its access's address. */
    static final long MAX_BELOW = Integer.MAX_VALUE >>> Bytecode.Reach.BELOW_SHIFT;
    /** Checks followed per run; accesses beyond them are checked one by one. */
    private static final int MAX_CHECKS = 16;
    /** The value number of zero: constants are (ZERO, c). */
    private static final int ZERO = 1;

    private long[] localSymbol = new long[16];
    /** The run each local's symbol was made in: a symbol from an earlier run is stale. */
    private int[] localRun = new int[16];
    private int run;
    private int nextValue;

    // The widened checks of the current run: value number, displacement (as u32) and start
    // (displacement + offset) of the access that checks, the end of the furthest it covers, and
    // how far below its start it checks.
    private final int[] checkValue = new int[MAX_CHECKS];
    private final long[] checkDisplacement = new long[MAX_CHECKS];
    private final long[] checkStart = new long[MAX_CHECKS];
    private final long[] checkEnd = new long[MAX_CHECKS];
    private final long[] checkBelow = new long[MAX_CHECKS];
    private final int[] checkReachAt = new int[MAX_CHECKS];
    private int checkCount;

    void startFunction(int localCount) {
        if (localSymbol.length < localCount) {
            localSymbol = new long[localCount];
            localRun = new int[localCount];
        }
        Arrays.fill(localRun, 0, localCount, -1);
        run = 0;
        nextValue = ZERO;
        checkCount = 0;
    }

    /**
     * A branch target or call: no check made before it covers an access after it, and no local
     * keeps its symbol. Where paths join, a local may hold a value other than the one the code
     * just above it wrote, and two locals that were copies of each other may differ.
     */
    void startRun() {
        checkCount = 0;
        run++;
    }

    static long constant(int value) {
        return symbol(ZERO, value & 0xFFFFFFFFL);
    }

    /** The symbol of {@code a + b} (i32.add), given theirs. */
    static long add(long a, long b) {
        if (a == UNKNOWN || b == UNKNOWN) {
            return UNKNOWN;
        }
        if (value(b) == ZERO) {
            return symbol(value(a), displacement(a) + displacement(b));
        }
        if (value(a) == ZERO) {
            return symbol(value(b), displacement(a) + displacement(b));
        }
        return UNKNOWN;
    }

    /** The symbol {@code local.get local} pushes. */
    long get(int local) {
        if (localRun[local] != run) {
            set(local, UNKNOWN);
        }
        return localSymbol[local];
    }

    /** Records {@code local.set} or {@code local.tee} of a value with {@code symbol}; returns the local's new symbol. */
    long set(int local, long symbol) {
        localSymbol[local] = symbol != UNKNOWN ? symbol : symbol(++nextValue, 0);
        localRun[local] = run;
        return localSymbol[local];
    }

    /**
     * The reach immediate for an access of {@code width} bytes at {@code address + offset} whose
     * own reach immediate will be at {@code reachAt}; widens an earlier check of this run
     * (patched in {@code out}) when that lets it cover this access.
     *
     * @param offset the memarg offset, unsigned
     */
    int reach(long address, long offset, int width, int reachAt, CodeBuffer out) {
        if (address == UNKNOWN) {
            return width;
        }
        int value = value(address);
        long displacement = displacement(address);
        long start = displacement + offset;
        long end = start + width;
        for (int i = 0; i < checkCount; i++) {
            if (checkValue[i] == value) {
                long widened = Math.max(checkEnd[i], end);
                long below = displacement >= checkDisplacement[i] ? checkBelow[i] : Math.max(checkBelow[i], checkStart[i] - displacement);
                if (widened - checkStart[i] <= MAX_REACH && below <= MAX_BELOW) {
                    checkEnd[i] = widened;
                    checkBelow[i] = below;
                    out.patch(checkReachAt[i], (int) (widened - checkStart[i]) | (int) below << Bytecode.Reach.BELOW_SHIFT);
                    return 0;
                }
            }
        }
        if (checkCount < MAX_CHECKS) {
            checkValue[checkCount] = value;
            checkDisplacement[checkCount] = displacement;
            checkStart[checkCount] = start;
            checkEnd[checkCount] = end;
            checkBelow[checkCount] = 0;
            checkReachAt[checkCount] = reachAt;
            checkCount++;
        }
        return width;
    }

    private static long symbol(int value, long displacement) {
        return (long) value << 32 | (displacement & 0xFFFFFFFFL);
    }

    private static int value(long symbol) {
        return (int) (symbol >>> 32);
    }

    private static long displacement(long symbol) {
        return symbol & 0xFFFFFFFFL;
    }
}
