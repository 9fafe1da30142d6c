package dev.porcini.runtime;

import java.util.Arrays;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.InvalidArrayIndexException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;

import dev.porcini.module.TableType;
import dev.porcini.module.ValType;

/**
 * A table of references (functions or extern values). Elements are never Java null. Hosts see it
 * as an array: elements are readable, and writable with values of the element type (a Wasm
 * function or null for funcref, anything for externref); the size follows {@code table.grow}.
 */
@ExportLibrary(InteropLibrary.class)
public final class WasmTable implements com.oracle.truffle.api.interop.TruffleObject {
    /** The spec's hard limit for table sizes in a 32-bit index space. */
    public static final long MAX_SIZE = 0xFFFF_FFFFL;

    private final ValType elementType;
    private final long declaredMax;
    private final long max;
    private Object[] elements;

    public WasmTable(TableType type, Object init) {
        this.elementType = type.elementType();
        this.declaredMax = type.limits().max();
        this.max = type.limits().hasMax() ? type.limits().max() : MAX_SIZE;
        this.elements = new Object[(int) type.limits().min()];
        Arrays.fill(elements, init);
    }

    public ValType elementType() {
        return elementType;
    }

    public int size() {
        return elements.length;
    }

    /** The maximum the table was declared with, or -1 (import matching uses this). */
    public long declaredMax() {
        return declaredMax;
    }

    public Object get(int index) {
        return elements[index];
    }

    public void set(int index, Object value) {
        elements[index] = value;
    }

    /** Grows by delta elements filled with init; returns the old size, or -1 if the table cannot grow. */
    @TruffleBoundary
    public int grow(int delta, Object init) {
        int old = elements.length;
        long newSize = old + (delta & 0xFFFFFFFFL);
        if (newSize > max || newSize > Integer.MAX_VALUE - 8) {
            return -1;
        }
        Object[] grown = Arrays.copyOf(elements, (int) newSize);
        Arrays.fill(grown, old, (int) newSize, init);
        elements = grown;
        return old;
    }

    /** Fills [start, start+len) with value; the caller has checked bounds. */
    public void fill(int start, int len, Object value) {
        Arrays.fill(elements, start, start + len, value);
    }

    /** Copies within or between tables with memmove semantics; the caller has checked bounds. */
    public static void copy(WasmTable src, int srcIndex, WasmTable dst, int dstIndex, int len) {
        System.arraycopy(src.elements, srcIndex, dst.elements, dstIndex, len);
    }

    /** True when [start, start+len) lies inside the table (unsigned arithmetic). */
    public boolean inBounds(int start, int len) {
        return (start & 0xFFFFFFFFL) + (len & 0xFFFFFFFFL) <= elements.length;
    }

    @ExportMessage
    boolean hasArrayElements() {
        return true;
    }

    @ExportMessage
    long getArraySize() {
        return elements.length;
    }

    @ExportMessage(name = "isArrayElementReadable")
    @ExportMessage(name = "isArrayElementModifiable")
    boolean isArrayElementInBounds(long index) {
        return index >= 0 && index < elements.length;
    }

    @ExportMessage
    boolean isArrayElementInsertable(@SuppressWarnings("unused") long index) {
        return false; // tables grow through table.grow only
    }

    @ExportMessage
    Object readArrayElement(long index) throws InvalidArrayIndexException {
        if (!isArrayElementInBounds(index)) {
            throw InvalidArrayIndexException.create(index);
        }
        return elements[(int) index];
    }

    @ExportMessage
    @TruffleBoundary
    void writeArrayElement(long index, Object value) throws InvalidArrayIndexException, UnsupportedTypeException {
        if (!isArrayElementInBounds(index)) {
            throw InvalidArrayIndexException.create(index);
        }
        elements[(int) index] = InteropConversions.toWasm(elementType, value, new Object[]{value});
    }

    @Override
    public String toString() {
        return "wasm table of " + elementType + " (" + elements.length + " elements)";
    }
}
