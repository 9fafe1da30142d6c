package dev.porcini.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** memory.grow, reservations and moving memories. */
class GrowTest {
    private static final long PAGE = LinearMemory.PAGE_SIZE;

    /** Asserts that every byte in [from, to) reads as zero. */
    private static void assertZero(LinearMemory memory, long from, long to) {
        for (long address = from; address < to; address += 8) {
            assertEquals(0, memory.loadI64(address), "at " + address);
        }
    }

    @Test
    void growReturnsOldSizeAndZeroFills() {
        try (OffHeapMemory memory = new OffHeapMemory(1, -1)) {
            long base = memory.nativeBase();
            memory.fill(0, PAGE, (byte) 0x5A);
            assertEquals(1, memory.grow(2));
            assertEquals(3, memory.pages());
            assertEquals(3 * PAGE, memory.byteSize());
            assertEquals(0x5A5A5A5A, memory.loadI32(PAGE - 4));
            assertZero(memory, PAGE, 3 * PAGE);
            memory.storeI64(3 * PAGE - 8, -1);
            assertEquals(base, memory.nativeBase(), "the base must not move");
        }
    }

    @Test
    void growFollowsTheSpecSequence() {
        // memory_grow.wast: (memory 0) without a maximum
        try (LinearMemory memory = LinearMemory.allocate(0, -1)) {
            assertEquals(0, memory.grow(0));
            assertEquals(0, memory.grow(1));
            assertEquals(1, memory.grow(0));
            assertEquals(1, memory.grow(2));
            assertEquals(3, memory.grow(800));
            assertEquals(-1, memory.grow(0x10000));
            assertEquals(-1, memory.grow(64736));
            assertEquals(803, memory.grow(1));
            assertEquals(LinearMemory.MAX_PAGES_32, memory.maxPages());
            assertEquals(-1, memory.declaredMaxPages());
        }
        // (memory 0 10)
        try (LinearMemory memory = LinearMemory.allocate(0, 10)) {
            assertEquals(0, memory.grow(1));
            assertEquals(1, memory.grow(1));
            assertEquals(2, memory.grow(2));
            assertEquals(4, memory.grow(6));
            assertEquals(10, memory.grow(0));
            assertEquals(-1, memory.grow(1));
            assertEquals(-1, memory.grow(0x10000));
            assertEquals(10, memory.pages());
        }
    }

    @Test
    void growRejectsNegativeAndHugeDeltas() {
        try (LinearMemory memory = LinearMemory.allocate(1, -1)) {
            assertEquals(-1, memory.grow(-1));
            assertEquals(-1, memory.grow(Long.MIN_VALUE));
            assertEquals(-1, memory.grow(Long.MAX_VALUE));
            assertEquals(-1, memory.grow(0xFFFF_FFFFL));
            assertEquals(1, memory.pages());
        }
    }

    @Test
    void accessesFollowTheNewSize() {
        try (LinearMemory memory = LinearMemory.allocate(0, 2)) {
            assertThrows(MemoryAccessException.class, () -> memory.loadI32(0));
            memory.grow(1);
            memory.storeI32(PAGE - 4, 42);
            assertThrows(MemoryAccessException.class, () -> memory.loadI32(PAGE));
            memory.grow(1);
            assertEquals(0, memory.loadI32(PAGE));
            assertEquals(42, memory.loadI32(PAGE - 4));
        }
    }

    @Test
    void growingToTheFull32BitRangeKeepsTheBase() {
        try (OffHeapMemory memory = new OffHeapMemory(0, -1)) {
            long base = memory.nativeBase();
            for (int i = 0; i < 20; i++) {
                assertEquals(i, memory.grow(1)); // more changes than are folded: still correct
            }
            assertEquals(base, memory.nativeBase());
            memory.storeI8(20 * PAGE - 1, 9);
            assertEquals(9, memory.loadU8(20 * PAGE - 1));
        }
    }

    @Test
    void cappedReservationMovesButKeepsContents() {
        try (OffHeapMemory memory = new OffHeapMemory(1, 100, 0)) {
            assertEquals(PAGE, memory.reservedBytes());
            memory.storeI64(PAGE - 8, 0x1122334455667788L);
            memory.storeI32(0, 77);
            for (long pages = 1; pages < 40; pages++) {
                assertEquals(pages, memory.grow(1));
            }
            assertEquals(0x1122334455667788L, memory.loadI64(PAGE - 8));
            assertEquals(77, memory.loadI32(0));
            assertZero(memory, PAGE, 40 * PAGE);
            assertTrue(memory.reservedBytes() >= 40 * PAGE);
            assertTrue(memory.reservedBytes() <= 100 * PAGE);
            assertEquals(-1, memory.grow(61));
            assertEquals(40, memory.grow(60));
            memory.storeI8(100 * PAGE - 1, 1);
        }
    }

    @Test
    void reservationCoversTheMaximumWhenAllowed() {
        try (OffHeapMemory memory = new OffHeapMemory(1, 16)) {
            assertEquals(16 * PAGE, memory.reservedBytes());
        }
        try (OffHeapMemory memory = new OffHeapMemory(1, -1)) {
            assertEquals(Math.max(PAGE, Math.min(1L << 32, OffHeapMemory.DEFAULT_RESERVATION_CAP)), memory.reservedBytes());
        }
        try (OffHeapMemory memory = new OffHeapMemory(3, 16, PAGE)) {
            assertEquals(3 * PAGE, memory.reservedBytes(), "never below the initial size");
        }
    }

    @Test
    void rejectsInvalidLimits() {
        assertThrows(IllegalArgumentException.class, () -> new OffHeapMemory(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> new OffHeapMemory(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new OffHeapMemory(0, LinearMemory.MAX_PAGES_32 + 1));
        assertThrows(IllegalArgumentException.class, () -> new OffHeapMemory(LinearMemory.MAX_PAGES_32 + 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new OffHeapMemory(0, -2));
        assertThrows(IllegalArgumentException.class, () -> new OffHeapMemory(0, 1, -1));
    }

    @Test
    void closedMemoryReleasesItsReservation() {
        long before = NativeBlocks.reservedBytes();
        OffHeapMemory memory = new OffHeapMemory(1, 8);
        assertEquals(before + 8 * PAGE, NativeBlocks.reservedBytes());
        memory.close();
        assertEquals(before, NativeBlocks.reservedBytes());
    }
}
