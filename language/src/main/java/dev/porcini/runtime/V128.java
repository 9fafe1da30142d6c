package dev.porcini.runtime;

import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.InvalidArrayIndexException;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;

/**
 * A v128 value: two longs, bytes 0..7 in {@code lo} and 8..15 in {@code hi}, little-endian as in
 * memory. Immutable and final, so Graal's escape analysis can keep it in two registers when it
 * does not leave compiled code. Hosts see it as an array of 16 bytes.
 */
@ExportLibrary(InteropLibrary.class)
public final class V128 implements TruffleObject {
    public static final V128 ZERO = new V128(0, 0);

    public final long lo;
    public final long hi;

    public V128(long lo, long hi) {
        this.lo = lo;
        this.hi = hi;
    }

    /** Little-endian: {@code bytes[0]} is lane 0 of an i8x16. */
    public static V128 fromBytes(byte[] bytes) {
        return new V128(half(bytes, 0), half(bytes, 8));
    }

    private static long half(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xFFL);
        }
        return v;
    }

    /**
     * A host value as a v128: a V128 itself, or an array of 16 numbers that each fit a byte
     * (signed or unsigned). Null when the value is neither.
     */
    public static V128 fromInterop(Object value, InteropLibrary interop) throws UnsupportedMessageException {
        if (value instanceof V128 v) {
            return v;
        }
        if (!interop.hasArrayElements(value) || interop.getArraySize(value) != 16) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 16; i++) {
            Object element;
            try {
                element = interop.readArrayElement(value, i);
            } catch (InvalidArrayIndexException e) {
                return null;
            }
            if (!interop.fitsInInt(element)) {
                return null;
            }
            int b = interop.asInt(element);
            if (b < -128 || b > 255) {
                return null;
            }
            bytes[i] = (byte) b;
        }
        return fromBytes(bytes);
    }

    public byte[] toBytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (lo >>> (8 * i));
            b[i + 8] = (byte) (hi >>> (8 * i));
        }
        return b;
    }

    public byte byteAt(int i) {
        return (byte) ((i < 8 ? lo : hi) >>> (8 * (i & 7)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof V128 v && v.lo == lo && v.hi == hi;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lo) * 31 + Long.hashCode(hi);
    }

    @Override
    public String toString() {
        return String.format("v128 0x%016x%016x", hi, lo);
    }

    @ExportMessage
    boolean hasArrayElements() {
        return true;
    }

    @ExportMessage
    long getArraySize() {
        return 16;
    }

    @ExportMessage
    boolean isArrayElementReadable(long index) {
        return index >= 0 && index < 16;
    }

    @ExportMessage
    Object readArrayElement(long index) throws InvalidArrayIndexException {
        if (!isArrayElementReadable(index)) {
            throw InvalidArrayIndexException.create(index);
        }
        return byteAt((int) index);
    }
}
