package dev.porcini.binary;

import dev.porcini.error.WasmException;
import dev.porcini.module.ValType;

/**
 * A cursor over a module's bytes that decodes the primitive encodings of the binary format
 * (LEB128 integers, floats, names, value types) with the spec's error messages.
 *
 * <p>Reads stop at {@link #limit()}; running past it is "unexpected end". Like the reference
 * decoder, the module decoder reads with the module's end as the limit and checks each section's
 * size afterwards; narrower limits serve the lenient parsing of the name section. Positions are
 * absolute in the module, so they double as error offsets.
 */
public final class BinaryReader {
    private final byte[] bytes;
    private int pos;
    private int limit;

    public BinaryReader(byte[] bytes, int pos, int limit) {
        this.bytes = bytes;
        this.pos = pos;
        this.limit = limit;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int pos() {
        return pos;
    }

    public void setPos(int pos) {
        this.pos = pos;
    }

    public int limit() {
        return limit;
    }

    public void setLimit(int limit) {
        this.limit = limit;
    }

    public boolean atLimit() {
        return pos >= limit;
    }

    public static WasmException unexpectedEnd() {
        return WasmException.malformed("unexpected end of section or function");
    }

    public int u8() {
        if (pos >= limit) {
            throw unexpectedEnd();
        }
        return bytes[pos++] & 0xFF;
    }

    /** The next byte without consuming it. */
    public int peek() {
        if (pos >= limit) {
            throw unexpectedEnd();
        }
        return bytes[pos] & 0xFF;
    }

    public void skip(int n) {
        if (n < 0 || n > limit - pos) {
            throw unexpectedEnd();
        }
        pos += n;
    }

    /** An unsigned 32-bit LEB128, returned as the int with the same bits. */
    public int u32() {
        int b = u8();
        if (b < 0x80) {
            return b; // fast path: most indices and counts fit in one byte
        }
        int result = b & 0x7F;
        for (int shift = 7; shift < 35; shift += 7) {
            b = u8();
            if (shift == 28) {
                if ((b & 0x80) != 0) {
                    throw WasmException.malformed("integer representation too long");
                }
                if ((b & 0x70) != 0) {
                    throw WasmException.malformed("integer too large");
                }
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new AssertionError();
    }

    /** An unsigned 32-bit LEB128 used as a count or index: it must fit in a Java int. */
    public int index() {
        int v = u32();
        if (v < 0) {
            // Larger than any array we could hold; every use reports it as out of range anyway.
            return Integer.MAX_VALUE;
        }
        return v;
    }

    /** A signed 32-bit LEB128. */
    public int s32() {
        int b = pos < limit ? bytes[pos] : 0x80;
        if (b >= 0) {
            pos++;
            return (b << 25) >> 25; // fast path: one byte, sign bit 6
        }
        return (int) signedLeb(28, 0x78);
    }

    /** A signed 33-bit LEB128 (block types), as a long. */
    public long s33() {
        return signedLeb(28, 0x70);
    }

    /** A signed 64-bit LEB128. */
    public long s64() {
        return signedLeb(63, 0x7F);
    }

    /**
     * A signed LEB128 whose last allowed byte sits at {@code lastShift}. That byte must end the
     * number, and its bits in {@code unusedMask} (beyond the value's width) must all repeat the sign.
     */
    private long signedLeb(int lastShift, int unusedMask) {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            if (shift == lastShift) {
                if ((b & 0x80) != 0) {
                    throw WasmException.malformed("integer representation too long");
                }
                int high = b & unusedMask;
                if (high != 0 && high != unusedMask) {
                    throw WasmException.malformed("integer too large");
                }
            }
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    /** Four little-endian bytes (the bits of an f32). */
    public int fixed32() {
        if (limit - pos < 4) {
            pos = limit;
            throw unexpectedEnd();
        }
        int v = (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8 | (bytes[pos + 2] & 0xFF) << 16 | (bytes[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    /** Eight little-endian bytes (the bits of an f64). */
    public long fixed64() {
        long lo = fixed32() & 0xFFFFFFFFL;
        long hi = fixed32() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /**
     * A byte length or vector count. As in the reference decoder, one larger than what is left of
     * the module (counting from the length's own first byte) is "length out of bounds"; a smaller
     * one that still overruns fails later as "unexpected end". Since every counted item takes at
     * least one byte, callers can allocate arrays of this size: they are bounded by the input.
     */
    public int length() {
        int start = pos;
        long n = u32() & 0xFFFFFFFFL;
        if (n > bytes.length - start) {
            throw WasmException.malformed("length out of bounds");
        }
        return (int) n;
    }

    /** A vector count; see {@link #length()}. */
    public int count() {
        return length();
    }

    /**
     * A one-byte flags field (limits). A set continuation bit means a longer LEB128, which the
     * spec rejects as "integer representation too long".
     */
    public int flags() {
        int b = u8();
        if ((b & 0x80) != 0) {
            throw WasmException.malformed("integer representation too long");
        }
        return b;
    }

    /** A UTF-8 name. */
    public String name() {
        int n = length();
        int start = pos;
        skip(n);
        return Utf8.decode(bytes, start, n);
    }

    /** A value type byte (number, vector or reference type). */
    public ValType valType() {
        ValType t = ValType.fromCode(u8());
        if (t == null) {
            throw WasmException.malformed("malformed value type");
        }
        return t;
    }

    /** A reference type byte (funcref or externref). */
    public ValType refType() {
        ValType t = ValType.fromCode(u8());
        if (t == null || !t.isReference()) {
            throw WasmException.malformed("malformed reference type");
        }
        return t;
    }

    /** The reserved single 0x00 byte of memory.size, memory.grow and friends (an LEB 0 is not accepted). */
    public void zeroByte() {
        if (u8() != 0) {
            throw WasmException.malformed("zero byte expected");
        }
    }
}
