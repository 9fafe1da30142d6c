package dev.porcini.runtime;

/**
 * The number of active Wasm calls on one thread. An explicit limit makes "call stack exhausted"
 * deterministic and cheap: without it, compiled recursion fits millions of frames into a large
 * stack, and unwinding each compiled frame deoptimizes it.
 */
public final class CallDepth {
    private final int limit;
    private int depth;

    public CallDepth(int limit) {
        this.limit = limit;
    }

    /** Enters a call; returns false (and enters nothing) when the limit is reached. */
    public boolean enter() {
        if (depth >= limit) {
            return false;
        }
        depth++;
        return true;
    }

    public void exit() {
        depth--;
    }
}
