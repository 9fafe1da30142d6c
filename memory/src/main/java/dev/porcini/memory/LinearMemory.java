package dev.porcini.memory;

/**
 * A WebAssembly linear memory: a byte array of {@code pages() * PAGE_SIZE} bytes that can only grow.
 *
 * <p><b>Addresses.</b> Every access takes a {@code long} effective address. The caller passes the
 * already widened sum {@code u32 address + u32 offset} (never overflowing); the memory treats it as
 * unsigned, so any value works and anything outside the memory traps. An access whose byte range
 * leaves {@code [0, byteSize())} throws {@link MemoryAccessException} and changes nothing.
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

    // ---- loads (sign- or zero-extended to the Java type) ----

    public abstract int loadI8(long address);

    public abstract int loadU8(long address);

    public abstract int loadI16(long address);

    public abstract int loadU16(long address);

    public abstract int loadI32(long address);

    /** An unsigned 32-bit load ({@code i64.load32_u}). */
    public abstract long loadU32(long address);

    public abstract long loadI64(long address);

    public abstract float loadF32(long address);

    public abstract double loadF64(long address);

    // ---- stores (narrow stores keep the low bits of the value) ----

    public abstract void storeI8(long address, int value);

    public abstract void storeI16(long address, int value);

    public abstract void storeI32(long address, int value);

    public abstract void storeI64(long address, long value);

    public abstract void storeF32(long address, float value);

    public abstract void storeF64(long address, double value);

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
