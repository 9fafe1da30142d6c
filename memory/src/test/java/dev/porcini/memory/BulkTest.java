package dev.porcini.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** memory.fill, memory.copy and memory.init, following the spec's bounds rules. */
class BulkTest {
    private static final long PAGE = LinearMemory.PAGE_SIZE;

    private final LinearMemory memory = LinearMemory.allocate(1, 1);

    @AfterEach
    void close() {
        memory.close();
    }

    private byte[] bytesAt(long address, int length) {
        byte[] bytes = new byte[length];
        memory.readBytes(address, bytes, 0, length);
        return bytes;
    }

    /** Runs an access that must trap, and checks that memory is unchanged afterwards. */
    private void assertTrapsWithoutEffect(Executable access) {
        byte[] before = bytesAt(0, (int) PAGE);
        assertThrows(MemoryAccessException.class, access);
        assertArrayEquals(before, bytesAt(0, (int) PAGE));
    }

    @Test
    void fillSetsExactlyTheRange() {
        memory.fill(10, 5, (byte) 0xAB);
        assertArrayEquals(new byte[] {0, (byte) 0xAB, (byte) 0xAB, (byte) 0xAB, (byte) 0xAB, (byte) 0xAB, 0}, bytesAt(9, 7));
        memory.fill(PAGE - 3, 3, (byte) 7);
        assertArrayEquals(new byte[] {0, 7, 7, 7}, bytesAt(PAGE - 4, 4));
        memory.fill(0, PAGE, (byte) 1);
        assertEquals(0x0101010101010101L, memory.loadI64(PAGE / 2));
    }

    @Test
    void fillBounds() {
        memory.fill(PAGE, 0, (byte) 1); // zero length at the exact end
        assertTrapsWithoutEffect(() -> memory.fill(PAGE + 1, 0, (byte) 1));
        assertTrapsWithoutEffect(() -> memory.fill(PAGE - 3, 4, (byte) 1)); // nothing is written
        assertTrapsWithoutEffect(() -> memory.fill(0, PAGE + 1, (byte) 1));
        assertTrapsWithoutEffect(() -> memory.fill(0xFFFF_FFFFL, 2, (byte) 1));
        assertTrapsWithoutEffect(() -> memory.fill(1, -1, (byte) 1)); // length is unsigned
        assertTrapsWithoutEffect(() -> memory.fill(-1, 1, (byte) 1));
    }

    @Test
    void copyForwardAndBackwardOverlap() {
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        memory.writeBytes(100, data, 0, 8);
        memory.copy(102, 100, 8); // dst above src: must copy from the end
        assertArrayEquals(new byte[] {1, 2, 1, 2, 3, 4, 5, 6, 7, 8}, bytesAt(100, 10));

        memory.writeBytes(200, data, 0, 8);
        memory.copy(197, 200, 8); // dst below src
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 6, 7, 8}, bytesAt(197, 11));

        memory.copy(200, 200, 8); // same place
        assertArrayEquals(new byte[] {6, 7, 8}, bytesAt(205, 3));
    }

    @Test
    void copyBounds() {
        memory.copy(PAGE, 0, 0);
        memory.copy(0, PAGE, 0);
        memory.copy(PAGE - 1, 0, 1);
        assertTrapsWithoutEffect(() -> memory.copy(PAGE + 1, 0, 0));
        assertTrapsWithoutEffect(() -> memory.copy(0, PAGE + 1, 0));
        assertTrapsWithoutEffect(() -> memory.copy(PAGE - 1, 0, 2)); // dst overflows: nothing copied
        assertTrapsWithoutEffect(() -> memory.copy(0, PAGE - 1, 2)); // src overflows
        assertTrapsWithoutEffect(() -> memory.copy(0, 0, 0xFFFF_FFFFL));
    }

    @Test
    void copyBetweenMemories() {
        try (LinearMemory other = LinearMemory.allocate(2, -1)) {
            other.storeI64(2 * PAGE - 8, 0x0102030405060708L);
            memory.copyFrom(16, other, 2 * PAGE - 8, 8);
            assertEquals(0x0102030405060708L, memory.loadI64(16));
            other.copyFrom(PAGE + 4, memory, 16, 8);
            assertEquals(0x0102030405060708L, other.loadI64(PAGE + 4));
            memory.copyFrom(0, other, 2 * PAGE, 0);
            assertTrapsWithoutEffect(() -> memory.copyFrom(0, other, 2 * PAGE - 4, 8)); // source range
            assertTrapsWithoutEffect(() -> memory.copyFrom(PAGE - 4, other, 0, 8)); // destination range
        }
        memory.storeI32(0, 0x11223344);
        memory.copyFrom(2, memory, 0, 4); // itself: overlap-safe
        assertArrayEquals(new byte[] {0x44, 0x33, 0x44, 0x33, 0x22, 0x11}, bytesAt(0, 6));
    }

    @Test
    void initCopiesTheSegmentSlice() {
        byte[] segment = {10, 20, 30, 40, 50};
        memory.init(8, segment, 1, 3);
        assertArrayEquals(new byte[] {0, 20, 30, 40, 0}, bytesAt(7, 5));
        memory.init(PAGE - 5, segment, 0, 5);
        assertArrayEquals(segment, bytesAt(PAGE - 5, 5));
    }

    @Test
    void initBounds() {
        byte[] segment = {1, 2, 3, 4};
        memory.init(PAGE, segment, 4, 0); // both ends exact
        memory.init(0, new byte[0], 0, 0); // a dropped segment with length 0
        assertTrapsWithoutEffect(() -> memory.init(0, segment, 5, 0)); // past the segment
        assertTrapsWithoutEffect(() -> memory.init(0, segment, 2, 3));
        assertTrapsWithoutEffect(() -> memory.init(0, new byte[0], 0, 1)); // dropped segment
        assertTrapsWithoutEffect(() -> memory.init(PAGE - 2, segment, 0, 4)); // memory side: no partial write
        assertTrapsWithoutEffect(() -> memory.init(PAGE + 1, segment, 0, 0));
        assertTrapsWithoutEffect(() -> memory.init(0, segment, 0xFFFF_FFFFL, 1));
        assertTrapsWithoutEffect(() -> memory.init(0, segment, 1, -1));
        MemoryAccessException e = assertThrows(MemoryAccessException.class, () -> memory.init(0, segment, 3, 2));
        assertEquals(MemoryAccessException.MESSAGE, e.getMessage());
    }
}
