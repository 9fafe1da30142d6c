package dev.porcini.validation;

import java.util.Arrays;

/**
 * Finds, while a function is lowered, the locals each loop writes whose value at the loop header
 * nobody reads: on every path from the header the local is written again before it is read and
 * before the path leaves the loop. Compiled code clears those locals on loop entry and at back
 * edges, so that the header's frame state (kept for deoptimization, and read by the loop's
 * safepoint) no longer holds the previous iteration's value: clang uses locals as virtual
 * registers, and each one kept alive that way is a loop phi, a register or a spill on every
 * iteration, and for a v128 two extracts from its vector register.
 *
 * <p><b>The analysis</b> runs forward with the validator, over its control frames. Per local it
 * keeps the time of the write that every path to the current instruction has passed, and each
 * open loop the time of its header: a local is written since the header when its time is not
 * older. A read of a local not written since a loop's header makes it live there, and so does
 * leaving the loop (by its end, or a branch to an outer label) before writing it. Where paths
 * join it is conservative: the writes made inside a {@code block} or an arm of an {@code if} are
 * forgotten at its end, so a local written on every path through them still counts as unwritten
 * after. A write inside a loop stays after the loop's end, since every path to that end runs the
 * loop body down to it.
 */
final class LoopLiveness {
    /** Per local: the time of its last write on every path here, or -1. */
    private int[] writtenAt = new int[16];
    private int localCount;
    private int words;
    private int clock;

    // The undo log of writes, so that a block or an if arm can forget its writes at its end.
    private int[] undoLocal = new int[64];
    private int[] undoTime = new int[64];
    private int undoCount;

    // One entry per open control frame of the validator.
    private int frameCount;
    /** Per frame: the undo log's length at its entry, or -1 for a loop (its writes stay). */
    private int[] frameMark = new int[16];

    // One entry per open loop, innermost last.
    private int loopCount;
    /** Per loop: the validator frame it is. */
    private int[] loopFrame = new int[8];
    private int[] header = new int[8];
    /** Per loop: locals live at its header (bit set). */
    private long[][] live = new long[8][];
    /** Per loop: locals written in it (bit set). */
    private long[][] written = new long[8][];

    void startFunction(int locals) {
        localCount = locals;
        words = (locals + 63) >>> 6;
        if (writtenAt.length < locals) {
            writtenAt = new int[locals];
        }
        Arrays.fill(writtenAt, 0, locals, -1);
        clock = 0;
        undoCount = 0;
        frameCount = 0;
        loopCount = 0;
    }

    /** A block, if or the function's frame opens. */
    void openBlock() {
        growFrames();
        frameMark[frameCount++] = undoCount;
    }

    /** A loop frame opens; its header is the next instruction. */
    void openLoop() {
        growFrames();
        frameMark[frameCount] = -1;
        if (loopCount == header.length) {
            int n = 2 * loopCount;
            loopFrame = Arrays.copyOf(loopFrame, n);
            header = Arrays.copyOf(header, n);
            live = Arrays.copyOf(live, n);
            written = Arrays.copyOf(written, n);
        }
        int l = loopCount++;
        loopFrame[l] = frameCount++;
        header[l] = ++clock;
        live[l] = clearedBits(live[l]);
        written[l] = clearedBits(written[l]);
    }

    /** The else arm of the innermost frame, an if, begins: the then arm's writes are forgotten. */
    void elseArm() {
        undoTo(frameMark[frameCount - 1]);
    }

    /** The innermost block or if frame ends. */
    void closeBlock() {
        undoTo(frameMark[--frameCount]);
    }

    /**
     * The innermost frame, a loop, ends; {@code fallsThrough} whether its end is reached from
     * inside. Returns the locals written in the loop and dead at its header, in increasing order.
     */
    int[] closeLoop(boolean fallsThrough) {
        int l = loopCount - 1;
        if (fallsThrough) {
            leave(l);
        }
        frameCount--;
        loopCount--;
        int n = 0;
        for (int w = 0; w < words; w++) {
            n += Long.bitCount(written[l][w] & ~live[l][w]);
        }
        int[] dead = new int[n];
        for (int x = 0, i = 0; i < n; x++) {
            if (has(written[l], x) && !has(live[l], x)) {
                dead[i++] = x;
            }
        }
        return dead;
    }

    /** A reachable local.get. */
    void read(int x) {
        for (int l = loopCount - 1; l >= 0 && header[l] > writtenAt[x]; l--) {
            set(live[l], x);
        }
    }

    /** A reachable local.set or local.tee. */
    void write(int x) {
        if (loopCount == 0) {
            return; // outside loops nothing is asked, and writesAt stays -1: older than any header
        }
        if (undoCount == undoLocal.length) {
            undoLocal = Arrays.copyOf(undoLocal, 2 * undoCount);
            undoTime = Arrays.copyOf(undoTime, 2 * undoCount);
        }
        undoLocal[undoCount] = x;
        undoTime[undoCount++] = writtenAt[x];
        writtenAt[x] = clock;
        for (int l = loopCount - 1; l >= 0 && !has(written[l], x); l--) {
            set(written[l], x);
        }
    }

    /** A reachable branch to validator frame {@code target}: it leaves the loops opened inside that frame. */
    void branch(int target) {
        for (int l = loopCount - 1; l >= 0 && loopFrame[l] > target; l--) {
            leave(l);
        }
    }

    /**
     * A path leaves loop {@code l}: what it has not written since the header is live there, the
     * locals the loop writes only further on included.
     */
    private void leave(int l) {
        for (int x = 0; x < localCount; x++) {
            if (writtenAt[x] < header[l]) {
                set(live[l], x);
            }
        }
    }

    private void undoTo(int mark) {
        while (undoCount > mark) {
            undoCount--;
            writtenAt[undoLocal[undoCount]] = undoTime[undoCount];
        }
    }

    private void growFrames() {
        if (frameCount == frameMark.length) {
            frameMark = Arrays.copyOf(frameMark, 2 * frameCount);
        }
    }

    private long[] clearedBits(long[] bits) {
        if (bits == null || bits.length < words) {
            return new long[Math.max(words, 1)];
        }
        Arrays.fill(bits, 0, words, 0);
        return bits;
    }

    private static boolean has(long[] bits, int x) {
        return (bits[x >>> 6] & (1L << x)) != 0;
    }

    private static void set(long[] bits, int x) {
        bits[x >>> 6] |= 1L << x;
    }
}
