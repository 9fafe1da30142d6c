package dev.porcini.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;

/**
 * The engine microbenchmarks compute what their modules promise, on Porcini, so a number from JMH
 * is the cost of real work. One invocation each, outside JMH; no timing is asserted.
 */
class EngineBenchmarksTest {
    @Test
    void callIndirect() {
        CallIndirectBenchmark b = new CallIndirectBenchmark();
        b.setUp();
        try {
            assertEquals(CallIndirectBenchmark.CALLS, b.direct());
            assertEquals(CallIndirectBenchmark.CALLS, b.sameTarget());
            assertEquals(fourTargets(CallIndirectBenchmark.CALLS), b.fourTargets());
            assertTrue(b.signatureMismatchTrap());
        } finally {
            b.tearDown();
        }
    }

    /** What four_targets computes: slot n & 3 of inc, dbl, neg, mix, for n from CALLS down to 1. */
    private static int fourTargets(int n) {
        int acc = 0;
        for (; n != 0; n--) {
            acc = switch (n & 3) {
                case 0 -> acc + 1;
                case 1 -> acc << 1;
                case 2 -> -acc;
                default -> acc ^ 0x5a5a;
            };
        }
        return acc;
    }

    @Test
    void memoryLoop() {
        MemoryLoopBenchmark b = new MemoryLoopBenchmark();
        b.setUp(); // checks the first pass itself
        try {
            // Second pass: dst = 3 * src + dst again, so the last element is 3 * (n - 1) twice, plus 1.
            assertEquals(6 * (MemoryLoopBenchmark.ELEMENTS - 1) + 1, b.loadStoreLoop());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void instantiation() {
        InstantiationBenchmark b = new InstantiationBenchmark();
        b.load();
        b.setUp();
        try {
            assertTrue(b.compile().hasMember("newInstance"));
            Value exports = b.instantiate().getMember("exports");
            assertEquals(InstantiationBenchmark.FIRST_RESULT, exports.getMember("first").execute(1, 2).asInt());
            assertEquals(InstantiationBenchmark.FIRST_RESULT, b.compileInstantiateCall());
        } finally {
            b.tearDown();
        }
    }
}
