package dev.porcini.runtime;

import java.nio.ByteOrder;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.InvalidArrayIndexException;
import com.oracle.truffle.api.interop.InvalidBufferOffsetException;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import com.oracle.truffle.api.library.CachedLibrary;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;

import dev.porcini.memory.LinearMemory;

/**
 * A memory as a first-class value: what memory exports and imports pass around. Hosts see it as a
 * writable interop buffer whose size follows {@code memory.grow}; multi-byte accesses honour the
 * byte order the host asks for (Wasm itself is little-endian). It is also an array of unsigned
 * bytes, for hosts without buffer support (GraalPy 25 sees it as a list: {@code mem[i]},
 * {@code len(mem)}).
 */
@ExportLibrary(InteropLibrary.class)
public final class WasmMemory implements TruffleObject {
    private final LinearMemory memory;

    public WasmMemory(LinearMemory memory) {
        this.memory = memory;
    }

    public LinearMemory memory() {
        return memory;
    }

    @Override
    public String toString() {
        return "wasm memory (" + memory.pages() + " pages)";
    }

    /** Checks [offset, offset+length) against the current size; the size may change between calls. */
    private void check(long offset, long length) throws InvalidBufferOffsetException {
        if (offset < 0 || length < 0 || offset > memory.byteSize() - length) {
            throw InvalidBufferOffsetException.create(offset, length);
        }
    }

    @ExportMessage
    boolean hasBufferElements() {
        return true;
    }

    @ExportMessage
    boolean isBufferWritable() {
        return true;
    }

    @ExportMessage
    long getBufferSize() {
        return memory.byteSize();
    }

    @ExportMessage
    @TruffleBoundary
    void readBuffer(long byteOffset, byte[] destination, int destinationOffset, int length) throws InvalidBufferOffsetException {
        check(byteOffset, length);
        if (destinationOffset < 0 || length < 0 || destinationOffset > destination.length - length) {
            throw new IndexOutOfBoundsException("destination range " + destinationOffset + "+" + length + " outside an array of " + destination.length);
        }
        memory.readBytes(byteOffset, destination, destinationOffset, length);
    }

    @ExportMessage
    byte readBufferByte(long offset) throws InvalidBufferOffsetException {
        check(offset, 1);
        return (byte) memory.loadI8(offset);
    }

    @ExportMessage
    void writeBufferByte(long offset, byte value) throws InvalidBufferOffsetException {
        check(offset, 1);
        memory.storeI8(offset, value);
    }

    @ExportMessage
    short readBufferShort(ByteOrder order, long offset) throws InvalidBufferOffsetException {
        check(offset, 2);
        short v = (short) memory.loadI16(offset);
        return order == ByteOrder.LITTLE_ENDIAN ? v : Short.reverseBytes(v);
    }

    @ExportMessage
    void writeBufferShort(ByteOrder order, long offset, short value) throws InvalidBufferOffsetException {
        check(offset, 2);
        memory.storeI16(offset, order == ByteOrder.LITTLE_ENDIAN ? value : Short.reverseBytes(value));
    }

    @ExportMessage
    int readBufferInt(ByteOrder order, long offset) throws InvalidBufferOffsetException {
        check(offset, 4);
        int v = memory.loadI32(offset);
        return order == ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }

    @ExportMessage
    void writeBufferInt(ByteOrder order, long offset, int value) throws InvalidBufferOffsetException {
        check(offset, 4);
        memory.storeI32(offset, order == ByteOrder.LITTLE_ENDIAN ? value : Integer.reverseBytes(value));
    }

    @ExportMessage
    long readBufferLong(ByteOrder order, long offset) throws InvalidBufferOffsetException {
        check(offset, 8);
        long v = memory.loadI64(offset);
        return order == ByteOrder.LITTLE_ENDIAN ? v : Long.reverseBytes(v);
    }

    @ExportMessage
    void writeBufferLong(ByteOrder order, long offset, long value) throws InvalidBufferOffsetException {
        check(offset, 8);
        memory.storeI64(offset, order == ByteOrder.LITTLE_ENDIAN ? value : Long.reverseBytes(value));
    }

    @ExportMessage
    float readBufferFloat(ByteOrder order, long offset) throws InvalidBufferOffsetException {
        return Float.intBitsToFloat(readBufferInt(order, offset));
    }

    @ExportMessage
    void writeBufferFloat(ByteOrder order, long offset, float value) throws InvalidBufferOffsetException {
        writeBufferInt(order, offset, Float.floatToRawIntBits(value));
    }

    @ExportMessage
    double readBufferDouble(ByteOrder order, long offset) throws InvalidBufferOffsetException {
        return Double.longBitsToDouble(readBufferLong(order, offset));
    }

    @ExportMessage
    void writeBufferDouble(ByteOrder order, long offset, double value) throws InvalidBufferOffsetException {
        writeBufferLong(order, offset, Double.doubleToRawLongBits(value));
    }

    @ExportMessage
    boolean hasArrayElements() {
        return true;
    }

    @ExportMessage
    long getArraySize() {
        return memory.byteSize();
    }

    @ExportMessage(name = "isArrayElementReadable")
    @ExportMessage(name = "isArrayElementModifiable")
    boolean isArrayElementInBounds(long index) {
        return index >= 0 && index < memory.byteSize();
    }

    @ExportMessage
    boolean isArrayElementInsertable(@SuppressWarnings("unused") long index) {
        return false;
    }

    @ExportMessage
    Object readArrayElement(long index) throws InvalidArrayIndexException {
        if (!isArrayElementInBounds(index)) {
            throw InvalidArrayIndexException.create(index);
        }
        return memory.loadU8(index);
    }

    @ExportMessage
    void writeArrayElement(long index, Object value, @CachedLibrary(limit = "3") InteropLibrary numbers)
                    throws InvalidArrayIndexException, UnsupportedTypeException, UnsupportedMessageException {
        if (!isArrayElementInBounds(index)) {
            throw InvalidArrayIndexException.create(index);
        }
        if (!numbers.fitsInInt(value)) {
            throw UnsupportedTypeException.create(new Object[]{value}, "expected a byte value");
        }
        int v = numbers.asInt(value);
        if (v < -128 || v > 255) {
            throw UnsupportedTypeException.create(new Object[]{value}, "expected a byte value (-128 to 255), got " + v);
        }
        memory.storeI8(index, v);
    }
}
