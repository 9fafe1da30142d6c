package dev.porcini.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;
import org.junit.jupiter.api.Test;

class BinaryReaderTest {

    private static BinaryReader reader(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new BinaryReader(b, 0, b.length);
    }

    private static void assertMalformed(String message, Runnable read) {
        WasmException e = assertThrows(WasmException.class, read::run);
        assertEquals(ErrorKind.MALFORMED, e.kind());
        assertEquals(message, e.getMessage());
    }

    @Test
    void unsigned32() {
        assertEquals(0, reader(0x00).u32());
        assertEquals(624485, reader(0xE5, 0x8E, 0x26).u32());
        assertEquals(0xFFFFFFFF, reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).u32());
        // Redundant zero continuation bytes are fine up to five bytes.
        assertEquals(1, reader(0x81, 0x80, 0x80, 0x80, 0x00).u32());
    }

    @Test
    void unsigned32Limits() {
        assertMalformed("integer representation too long", () -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32());
        assertMalformed("integer too large", () -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x1F).u32());
        assertMalformed("unexpected end of section or function", () -> reader(0x80, 0x80).u32());
    }

    @Test
    void signed32() {
        assertEquals(-1, reader(0x7F).s32());
        assertEquals(-128, reader(0x80, 0x7F).s32());
        assertEquals(Integer.MIN_VALUE, reader(0x80, 0x80, 0x80, 0x80, 0x78).s32());
        assertEquals(Integer.MAX_VALUE, reader(0xFF, 0xFF, 0xFF, 0xFF, 0x07).s32());
        // The unused bits of the fifth byte must repeat the sign bit.
        assertMalformed("integer too large", () -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).s32());
        assertMalformed("integer too large", () -> reader(0x80, 0x80, 0x80, 0x80, 0x70).s32());
        assertMalformed("integer representation too long", () -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).s32());
    }

    @Test
    void signed64() {
        assertEquals(-1L, reader(0x7F).s64());
        assertEquals(Long.MIN_VALUE, reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F).s64());
        assertEquals(Long.MAX_VALUE, reader(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00).s64());
        assertMalformed("integer too large", () -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01).s64());
        assertMalformed("integer representation too long",
                        () -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s64());
    }

    @Test
    void signed33() {
        assertEquals(-1L, reader(0x7F).s33());
        assertEquals(0xFFFFFFFFL, reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).s33());
        assertMalformed("integer too large", () -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x4F).s33());
    }

    @Test
    void lengthsBeyondTheModule() {
        assertMalformed("length out of bounds", () -> reader(0x05, 0x01, 0x02).length());
        // Counted from the length's own first byte, as the reference decoder does.
        assertEquals(2, reader(0x02, 0x01).length());
    }

    @Test
    void names() {
        assertEquals("abc", reader(0x03, 'a', 'b', 'c').name());
        assertEquals("\u00e9", reader(0x02, 0xC3, 0xA9).name());
        assertEquals("\uD83D\uDE00", reader(0x04, 0xF0, 0x9F, 0x98, 0x80).name());
        assertMalformed("malformed UTF-8 encoding", () -> reader(0x02, 0xC0, 0x80).name()); // overlong
        assertMalformed("malformed UTF-8 encoding", () -> reader(0x03, 0xED, 0xA0, 0x80).name()); // surrogate
        assertMalformed("malformed UTF-8 encoding", () -> reader(0x04, 0xF4, 0x90, 0x80, 0x80).name()); // > U+10FFFF
        assertMalformed("malformed UTF-8 encoding", () -> reader(0x01, 0x80).name()); // lone continuation
        assertMalformed("malformed UTF-8 encoding", () -> reader(0x02, 0xE2, 0x82).name()); // truncated
    }

    @Test
    void typesAndReservedBytes() {
        assertMalformed("malformed value type", () -> reader(0x60).valType());
        assertMalformed("malformed reference type", () -> reader(0x7F).refType());
        assertMalformed("zero byte expected", () -> reader(0x80, 0x00).zeroByte());
        assertMalformed("integer representation too long", () -> reader(0x81, 0x00).flags());
    }
}
