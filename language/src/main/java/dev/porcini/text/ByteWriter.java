package dev.porcini.text;

import java.util.Arrays;

/** A growable byte buffer with the binary format's primitive encodings (LEB128, IEEE floats, vectors). */
final class ByteWriter {
    private byte[] bytes = new byte[64];
    private int size;

    int size() {
        return size;
    }

    /** Drops everything after the first {@code newSize} bytes. */
    void truncate(int newSize) {
        size = newSize;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    ByteWriter u8(int b) {
        if (size == bytes.length) {
            bytes = Arrays.copyOf(bytes, size * 2);
        }
        bytes[size++] = (byte) b;
        return this;
    }

    ByteWriter bytes(byte[] data) {
        return bytes(data, 0, data.length);
    }

    ByteWriter bytes(byte[] data, int from, int length) {
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
        }
        System.arraycopy(data, from, bytes, size, length);
        size += length;
        return this;
    }

    ByteWriter append(ByteWriter other) {
        return bytes(other.bytes, 0, other.size);
    }

    /** Unsigned LEB128 of the low 32 bits (so an int -1 is 0xFFFFFFFF). */
    ByteWriter u32(long value) {
        value &= 0xFFFFFFFFL;
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            u8(value != 0 ? b | 0x80 : b);
        } while (value != 0);
        return this;
    }

    /** Signed LEB128 (used for s32, s33 and s64 alike: the minimal encoding of the value). */
    ByteWriter s64(long value) {
        while (true) {
            int b = (int) (value & 0x7F);
            value >>= 7;
            boolean done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    ByteWriter f32(int bits) {
        for (int i = 0; i < 4; i++) {
            u8(bits >>> (8 * i));
        }
        return this;
    }

    ByteWriter f64(long bits) {
        for (int i = 0; i < 8; i++) {
            u8((int) (bits >>> (8 * i)));
        }
        return this;
    }

    /** A byte vector: length then contents (names and data). */
    ByteWriter vec(byte[] data) {
        u32(data.length);
        return bytes(data);
    }

    /** A vector whose elements are already encoded in {@code content}. */
    ByteWriter vec(int count, ByteWriter content) {
        u32(count);
        return append(content);
    }

    /** A section: id, byte size, contents. */
    ByteWriter section(int id, ByteWriter content) {
        u8(id);
        u32(content.size());
        return append(content);
    }
}
