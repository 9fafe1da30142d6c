package dev.porcini.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Loads and stores: widths, byte order, extension, NaN payloads and bounds. */
class AccessTest {
    private static final long PAGE = LinearMemory.PAGE_SIZE;

    private final LinearMemory memory = LinearMemory.allocate(1, 4);

    @AfterEach
    void close() {
        memory.close();
    }

    private byte[] bytesAt(long address, int length) {
        byte[] bytes = new byte[length];
        memory.readBytes(address, bytes, 0, length);
        return bytes;
    }

    private static void assertTraps(Executable access) {
        MemoryAccessException e = assertThrows(MemoryAccessException.class, access);
        assertEquals("out of bounds memory access", e.getMessage());
    }

    @Test
    void newMemoryIsZeroed() {
        byte[] all = bytesAt(0, (int) PAGE);
        assertArrayEquals(new byte[(int) PAGE], all);
        assertEquals(1, memory.pages());
        assertEquals(PAGE, memory.byteSize());
        assertEquals(4, memory.maxPages());
        assertEquals(4, memory.declaredMaxPages());
    }

    /** Outside compiled code the reach is ignored: an unchecked access still traps, a wide check does not. */
    @Test
    void theReachOnlyMattersInCompiledCode() {
        assertTraps(() -> memory.loadI32(PAGE - 2, 0));
        assertTraps(() -> memory.storeI64(PAGE, 0, 1L));
        memory.storeI32(PAGE - 4, 1 << 20, 7);
        assertEquals(7, memory.loadI32(PAGE - 4, 1 << 20));
        assertEquals(true, memory.inBounds(PAGE - 4, 4));
        assertEquals(false, memory.inBounds(PAGE - 4, 5));
        assertEquals(false, memory.inBounds(-1L, 0));
    }

    @Test
    void checkedAddressesAreChecksOfTheirWidth() {
        long first = memory.checkedAddress(0, 16, 0);
        assertEquals(first + PAGE - 16, memory.checkedAddress(PAGE - 16, 16, 0), "one base: the offsets of the memory");
        assertTraps(() -> memory.checkedAddress(PAGE - 15, 16, 16));
        assertTraps(() -> memory.checkedAddress(-1L, 16, 16));
        assertEquals(first + PAGE - 8, memory.checkedAddress(PAGE - 8, 8, 1 << 20), "outside compiled code the reach is ignored");
    }

    @Test
    void storesAreLittleEndian() {
        memory.storeI64(0, 0x0102030405060708L);
        assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, bytesAt(0, 8));
        memory.storeI32(16, 0x11223344);
        assertArrayEquals(new byte[] {0x44, 0x33, 0x22, 0x11}, bytesAt(16, 4));
        memory.storeI16(32, 0xAABB);
        assertArrayEquals(new byte[] {(byte) 0xBB, (byte) 0xAA}, bytesAt(32, 2));
        memory.storeF32(40, 1.0f); // 0x3f800000
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, bytesAt(40, 4));
        memory.storeF64(48, 1.0); // 0x3ff0000000000000
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f}, bytesAt(48, 8));
    }

    @Test
    void loadsAreLittleEndian() {
        memory.writeBytes(100, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8);
        assertEquals(0x0807060504030201L, memory.loadI64(100));
        assertEquals(0x04030201, memory.loadI32(100));
        assertEquals(0x0605, memory.loadI16(104));
        assertEquals(0x07, memory.loadU8(106));
    }

    @Test
    void narrowStoresKeepLowBits() {
        memory.storeI64(0, -1L);
        memory.storeI8(0, 0x1234_5678);
        memory.storeI16(2, 0xCAFE_BABE);
        assertArrayEquals(new byte[] {0x78, -1, (byte) 0xBE, (byte) 0xBA, -1}, bytesAt(0, 5));
    }

    @Test
    void signAndZeroExtension() {
        memory.storeI32(0, 0x8081_8283);
        assertEquals(-125, memory.loadI8(0)); // 0x83
        assertEquals(0x83, memory.loadU8(0));
        assertEquals((short) 0x8283, memory.loadI16(0));
        assertEquals(0x8283, memory.loadU16(0));
        assertEquals(0x8081_8283, memory.loadI32(0));
        assertEquals(0x8081_8283L, memory.loadU32(0));
        memory.storeI32(8, 0x7F7F_7F7F);
        assertEquals(0x7F, memory.loadI8(8));
        assertEquals(0x7F7F, memory.loadI16(8));
        assertEquals(0x7F7F_7F7FL, memory.loadU32(8));
    }

    @Test
    void everyWidthRoundTripsAtUnalignedAddresses() {
        for (long address = 1001; address < 1009; address++) {
            memory.storeI8(address, -5);
            assertEquals(-5, memory.loadI8(address));
            memory.storeI16(address, -12345);
            assertEquals(-12345, memory.loadI16(address));
            memory.storeI32(address, 0xDEADBEEF);
            assertEquals(0xDEADBEEF, memory.loadI32(address));
            memory.storeI64(address, 0x8000_0000_0000_0001L);
            assertEquals(0x8000_0000_0000_0001L, memory.loadI64(address));
            memory.storeF32(address, -1.5f);
            assertEquals(-1.5f, memory.loadF32(address));
            memory.storeF64(address, Math.PI);
            assertEquals(Math.PI, memory.loadF64(address));
        }
    }

    @Test
    void floatsKeepNaNPayloadsAndSignedZero() {
        int[] f32Bits = {0x7fa0_0001, 0xffc0_0000, 0x7f80_0001, 0xff80_0123, 0x8000_0000};
        for (int bits : f32Bits) {
            memory.storeF32(0, Float.intBitsToFloat(bits));
            assertEquals(bits, memory.loadI32(0));
            assertEquals(bits, Float.floatToRawIntBits(memory.loadF32(0)));
        }
        long[] f64Bits = {0x7ff4_0000_0000_0001L, 0xfff8_0000_0000_0000L, 0x7ff0_0000_0000_0001L, 0x8000_0000_0000_0000L};
        for (long bits : f64Bits) {
            memory.storeF64(8, Double.longBitsToDouble(bits));
            assertEquals(bits, memory.loadI64(8));
            assertEquals(bits, Double.doubleToRawLongBits(memory.loadF64(8)));
        }
    }

    @Test
    void lastValidBytesAndFirstInvalid() {
        memory.storeI8(PAGE - 1, 7);
        assertEquals(7, memory.loadU8(PAGE - 1));
        memory.storeI16(PAGE - 2, 0x0102);
        memory.storeI32(PAGE - 4, 0x01020304);
        memory.storeI64(PAGE - 8, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, memory.loadI64(PAGE - 8));
        assertEquals(Double.longBitsToDouble(0x0102030405060708L), memory.loadF64(PAGE - 8));
        assertEquals(0x0102, memory.loadU16(PAGE - 2));
        assertEquals(0x01020304, memory.loadI32(PAGE - 4));

        assertTraps(() -> memory.loadU8(PAGE));
        assertTraps(() -> memory.loadI16(PAGE - 1));
        assertTraps(() -> memory.loadI32(PAGE - 3));
        assertTraps(() -> memory.loadF32(PAGE - 3));
        assertTraps(() -> memory.loadI64(PAGE - 7));
        assertTraps(() -> memory.loadF64(PAGE - 7));
        assertTraps(() -> memory.storeI8(PAGE, 1));
        assertTraps(() -> memory.storeI16(PAGE - 1, 1));
        assertTraps(() -> memory.storeI32(PAGE - 3, 1));
        assertTraps(() -> memory.storeF32(PAGE - 3, 1));
        assertTraps(() -> memory.storeI64(PAGE - 7, 1));
        assertTraps(() -> memory.storeF64(PAGE - 7, 1));
    }

    @Test
    void failedStoreWritesNothing() {
        memory.storeI64(PAGE - 8, 0);
        assertTraps(() -> memory.storeI64(PAGE - 4, -1L));
        assertEquals(0, memory.loadI64(PAGE - 8));
    }

    @Test
    void hugeAddressesTrap() {
        long u32Max = 0xFFFF_FFFFL;
        assertTraps(() -> memory.loadI32(u32Max));
        assertTraps(() -> memory.loadI32(u32Max + u32Max)); // largest address + offset
        assertTraps(() -> memory.loadI8(1L << 32));
        assertTraps(() -> memory.loadI64((1L << 32) - 8));
        // Garbage from a buggy caller must still trap, never touch native memory.
        assertTraps(() -> memory.loadI8(-1));
        assertTraps(() -> memory.loadI32(-2));
        assertTraps(() -> memory.storeI64(Long.MIN_VALUE, 1));
        assertTraps(() -> memory.loadI64(Long.MAX_VALUE));
    }

    @Test
    void exceptionDescribesTheAccess() {
        MemoryAccessException e = assertThrows(MemoryAccessException.class, () -> memory.loadI32(PAGE - 2));
        assertEquals(PAGE - 2, e.address());
        assertEquals(4, e.length());
        assertEquals(PAGE, e.byteSize());
        assertEquals(0, e.getStackTrace().length);
        assertEquals("out of bounds memory access (address 65534, length 4, size 65536)", e.describe());
    }

    @Test
    void emptyMemoryTrapsEverywhere() {
        try (LinearMemory empty = LinearMemory.allocate(0, -1)) {
            assertEquals(0, empty.byteSize());
            assertTraps(() -> empty.loadU8(0));
            assertTraps(() -> empty.storeI64(0, 0));
            empty.fill(0, 0, (byte) 1); // zero length at the exact end is fine
            assertTraps(() -> empty.fill(1, 0, (byte) 1));
        }
    }

    @Test
    void hostAccessChecksBothSides() {
        byte[] data = {1, 2, 3, 4};
        memory.writeBytes(PAGE - 2, data, 2, 2);
        assertArrayEquals(new byte[] {3, 4}, bytesAt(PAGE - 2, 2));
        assertTraps(() -> memory.writeBytes(PAGE - 2, data, 0, 3));
        assertTraps(() -> memory.readBytes(PAGE - 1, new byte[2], 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.readBytes(0, data, 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.writeBytes(0, data, -1, 1));
        memory.readBytes(PAGE, data, 0, 0); // empty at the end
    }

    @Test
    void closedMemoryTrapsAndCannotGrow() {
        LinearMemory m = LinearMemory.allocate(1, -1);
        m.storeI32(0, 1);
        m.close();
        m.close(); // idempotent
        assertEquals(true, m.isClosed());
        assertEquals(0, m.pages());
        assertTraps(() -> m.loadI32(0));
        assertEquals(-1, m.grow(1));
    }
}
