package dev.porcini.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Test suites create thousands of memories; dropping them must not exhaust address space. */
class LifecycleTest {

    @Test
    void manyClosedMemories() {
        long before = NativeBlocks.liveBlocks();
        for (int i = 0; i < 2_000; i++) {
            try (LinearMemory memory = LinearMemory.allocate(1, -1)) {
                memory.storeI32(LinearMemory.PAGE_SIZE - 4, i);
                assertEquals(i, memory.loadI32(LinearMemory.PAGE_SIZE - 4));
            }
        }
        assertEquals(before, NativeBlocks.liveBlocks());
    }

    @Test
    void manyDroppedMemoriesAreFreedByTheCleaner() throws InterruptedException {
        // 40,000 memories reserving 4 GiB each would need 160 TiB of address space if kept:
        // more than x86-64 user space has, so this only passes if dropped ones are freed.
        // Empty memories keep the test fast: touching pages is what costs time, not reserving.
        for (int i = 0; i < 40_000; i++) {
            LinearMemory memory = LinearMemory.allocate(0, -1);
            assertEquals(LinearMemory.MAX_PAGES_32, memory.maxPages());
        }
        System.gc();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (NativeBlocks.liveBlocks() > 1_000 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(NativeBlocks.liveBlocks() <= 1_000, "live blocks: " + NativeBlocks.liveBlocks());
    }
}
