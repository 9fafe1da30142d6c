package dev.porcini.memory;

/**
 * A WebAssembly linear memory: a byte array of {@code pages() * PAGE_SIZE} bytes that can only grow.
 *
 * <p><b>Addresses.</b> Every access takes a {@code long} effective address. The caller passes the
 * already widened sum {@code u32 address + u32 offset} (never overflowing); the memory treats it as
 * unsigned, so any value works and anything outside the memory traps. An access whose byte range
 * leaves {@code [0, byteSize())} throws {@link MemoryAccessException} and changes nothing.
 *
 * <p><b>One check for several accesses.</b> Each load and store also comes in a form with a
 * {@code reach}, for the interpreter of lowered code: compiled code then checks
 * {@code [address, address + reach)} instead of just the accessed bytes, so that one check covers
 * later accesses from the same base in code that only passes through this one, and those pass a
 * reach of 0 (not checked). Which accesses may do so is the caller's proof (the lowering's
 * {@code SharedBoundsChecks}). Outside compiled code the reach is ignored and every access is
 * checked by itself. When a widened check fails in compiled code, the access is checked alone: if
 * it leaves the memory it traps there (thrown from compiled code, not by deoptimizing on every
 * trap), and if it fits the code deoptimizes and goes on interpreted, so a trap still happens at
 * the access that leaves the memory and nowhere earlier.
 *
 * <p><b>Byte order.</b> Multi-byte values are little-endian, whatever the host. Floats travel as raw
 * bits, so NaN payloads (signalling ones included) are preserved exactly.
 *
 * <p><b>Implementations.</b> The class is sealed to the single final {@link OffHeapMemory}: a call
 * through this type has exactly one target, so Graal inlines it. Create one with
 * {@link #allocate(long, long)}.
 *
 * <p><b>Threads.</b> Not thread-safe yet (shared memories come with the threads proposal), except
 * that {@link #grow} and {@link #close} are serialized.
 */
public abstract sealed class LinearMemory implements AutoCloseable permits OffHeapMemory {

    /** Bytes in one WebAssembly page. */
    public static final int PAGE_SIZE = 65536;

    /** log2 of {@link #PAGE_SIZE}, to convert between pages and bytes by shifting. */
    public static final int PAGE_SHIFT = 16;

    /** The most pages a 32-bit memory can have (4 GiB). */
    public static final long MAX_PAGES_32 = 65536;

    LinearMemory() {
    }

    /**
     * Allocates a 32-bit memory of {@code initialPages} zeroed pages.
     *
     * @param declaredMaxPages the maximum from the memory type, or -1 when it has none
     * @throws IllegalArgumentException when the limits are not valid for a 32-bit memory
     * @throws OutOfMemoryError when not even the initial pages can be allocated
     */
    public static LinearMemory allocate(long initialPages, long declaredMaxPages) {
        return new OffHeapMemory(initialPages, declaredMaxPages);
    }

    /** Like {@link #allocate(long, long)}, but {@link #grow} never passes {@code limitPages}. */
    public static LinearMemory allocate(long initialPages, long declaredMaxPages, long limitPages) {
        return new OffHeapMemory(initialPages, declaredMaxPages, OffHeapMemory.DEFAULT_RESERVATION_CAP, limitPages);
    }

    // ---- size ----

    /** Current size in pages ({@code memory.size}). */
    public abstract long pages();

    /** Current size in bytes. */
    public abstract long byteSize();

    /** The most pages {@link #grow} will ever reach: the declared maximum, or the index type's limit. */
    public abstract long maxPages();

    /** The maximum from the memory type, or -1 when it declared none (needed for import matching). */
    public abstract long declaredMaxPages();

    /**
     * Grows the memory by {@code deltaPages} zeroed pages ({@code memory.grow}). Never throws.
     *
     * @param deltaPages pages to add; the caller widens the u32 operand, and a negative value fails
     * @return the previous size in pages, or -1 when the result would exceed {@link #maxPages()} or
     *         the memory could not be allocated (the memory is then unchanged)
     */
    public abstract long grow(long deltaPages);

    /** Whether {@code [address, address + length)} (address unsigned, length at least 0) lies inside the memory. */
    public abstract boolean inBounds(long address, long length);

    // ---- loads (sign- or zero-extended to the Java type) ----

    public final int loadI8(long address) {
        return loadI8(address, 1);
    }

    public final int loadU8(long address) {
        return loadU8(address, 1);
    }

    public final int loadI16(long address) {
        return loadI16(address, 2);
    }

    public final int loadU16(long address) {
        return loadU16(address, 2);
    }

    public final int loadI32(long address) {
        return loadI32(address, 4);
    }

    /** An unsigned 32-bit load ({@code i64.load32_u}). */
    public final long loadU32(long address) {
        return loadU32(address, 4);
    }

    public final long loadI64(long address) {
        return loadI64(address, 8);
    }

    public final float loadF32(long address) {
        return loadF32(address, 4);
    }

    public final double loadF64(long address) {
        return loadF64(address, 8);
    }

    // ---- stores (narrow stores keep the low bits of the value) ----

    public final void storeI8(long address, int value) {
        storeI8(address, 1, value);
    }

    public final void storeI16(long address, int value) {
        storeI16(address, 2, value);
    }

    public final void storeI32(long address, int value) {
        storeI32(address, 4, value);
    }

    public final void storeI64(long address, long value) {
        storeI64(address, 8, value);
    }

    public final void storeF32(long address, float value) {
        storeF32(address, 4, value);
    }

    public final void storeF64(long address, double value) {
        storeF64(address, 8, value);
    }

    // ---- the same accesses with a reach (see the class comment); only compiled code uses it ----

    public abstract int loadI8(long address, long reach);

    public abstract int loadU8(long address, long reach);

    public abstract int loadI16(long address, long reach);

    public abstract int loadU16(long address, long reach);

    public abstract int loadI32(long address, long reach);

    public abstract long loadU32(long address, long reach);

    public abstract long loadI64(long address, long reach);

    public abstract float loadF32(long address, long reach);

    public abstract double loadF64(long address, long reach);

    public abstract void storeI8(long address, long reach, int value);

    public abstract void storeI16(long address, long reach, int value);

    public abstract void storeI32(long address, long reach, int value);

    public abstract void storeI64(long address, long reach, long value);

    public abstract void storeF32(long address, long reach, float value);

    public abstract void storeF64(long address, long reach, double value);

    /**
     * The native address of the {@code width} bytes at {@code address}, checked as a load or store
     * of that width with this reach would be, for compiled code that accesses them at once in a
     * way the methods above do not offer (a 16-byte vector load or store). The address is valid
     * only until the memory grows or closes, and the bytes there are little-endian.
     */
    public abstract long checkedAddress(long address, int width, long reach);

    // ---- bulk operations: every range is checked before any byte is written ----

    /** {@code memory.fill}: sets {@code length} bytes at {@code dst} to {@code value}. */
    public abstract void fill(long dst, long length, byte value);

    /** {@code memory.copy} within this memory; overlapping ranges behave like {@code memmove}. */
    public abstract void copy(long dst, long src, long length);

    /** {@code memory.copy} from another memory (or this one) into this memory. */
    public abstract void copyFrom(long dst, LinearMemory source, long src, long length);

    /**
     * {@code memory.init}: copies {@code data[srcOffset, srcOffset + length)} to {@code dst}. A range
     * outside {@code data} also throws {@link MemoryAccessException}, as the spec requires.
     */
    public abstract void init(long dst, byte[] data, long srcOffset, long length);

    // ---- host access ----

    /**
     * Copies memory into a Java array (interop, WASI).
     *
     * @throws IndexOutOfBoundsException when {@code [offset, offset + length)} is not inside {@code dst}
     */
    public abstract void readBytes(long address, byte[] dst, int offset, int length);

    /**
     * Copies a Java array into memory (interop, WASI).
     *
     * @throws IndexOutOfBoundsException when {@code [offset, offset + length)} is not inside {@code src}
     */
    public abstract void writeBytes(long address, byte[] src, int offset, int length);

    /**
     * Frees the native memory now. Idempotent. Afterwards the memory has size 0: every access throws
     * {@link MemoryAccessException} and {@link #grow} returns -1. Memories that are never closed are
     * freed once they become unreachable.
     */
    @Override
    public abstract void close();

    /** Whether {@link #close()} was called. */
    public abstract boolean isClosed();
}
