package dev.porcini.memory;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Objects;

import com.oracle.truffle.api.Assumption;
import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;

import sun.misc.Unsafe;

/**
 * A linear memory in native memory, accessed with {@code Unsafe}.
 *
 * <p><b>Stable base.</b> The constructor reserves address space for the whole maximum (capped by
 * {@link #DEFAULT_RESERVATION_CAP}), so growing only zeroes the new pages and the base never moves.
 * Untouched reserved pages cost no RAM. When the reservation fails or is capped below the maximum,
 * the memory starts with a smaller block and moves when it outgrows it.
 *
 * <p><b>Compiled code.</b> When the memory is a partial-evaluation constant (held in a final or
 * {@code @CompilationFinal} node field), its base and size are folded into the compiled code under
 * an {@link Assumption} that every change of layout ({@link #grow}, {@link #close}) invalidates. A
 * bounds check is then one unsigned compare against a constant, and a trap is a deoptimization.
 * A memory that keeps growing stops being folded after {@link #FOLDED_LAYOUT_CHANGES} changes, so
 * its code is not recompiled on every grow; it then loads base and size from fields.
 */
@SuppressWarnings("removal") // sun.misc.Unsafe memory access: still the fastest way under Graal
public final class OffHeapMemory extends LinearMemory {

    /** System property: the most bytes one memory reserves up front; accepts a k, m, g or t suffix. */
    public static final String RESERVATION_CAP_PROPERTY = "porcini.memory.reservationCap";

    /** The reservation cap in force: {@value #RESERVATION_CAP_PROPERTY}, or 4 GiB (any 32-bit memory). */
    public static final long DEFAULT_RESERVATION_CAP = readReservationCap();

    /** Layout changes after which compiled code stops treating base and size as constants. */
    static final int FOLDED_LAYOUT_CHANGES = 10;

    private static final Unsafe UNSAFE = NativeBlocks.UNSAFE;
    private static final boolean BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
    private static final long BYTE_ARRAY_BASE = Unsafe.ARRAY_BYTE_BASE_OFFSET;

    private final long maxPages;
    private final long declaredMaxPages;
    private final NativeBlocks.Block block;
    private final Cleaner.Cleanable cleanable;

    /** The current layout; the interpreter always reads these. */
    private long base;
    private long byteSize;

    /** Copies of the layout that compiled code may fold while {@link #layoutUnchanged} is valid. */
    @CompilationFinal private long foldedBase;
    @CompilationFinal private long foldedByteSize;
    @CompilationFinal private Assumption layoutUnchanged;
    /** Set once the layout changed too often to be worth folding. */
    @CompilationFinal private boolean layoutChangesOften;

    private int layoutChanges;
    private boolean closed;

    /** A 32-bit memory; see {@link LinearMemory#allocate(long, long)}. */
    public OffHeapMemory(long initialPages, long declaredMaxPages) {
        this(initialPages, declaredMaxPages, DEFAULT_RESERVATION_CAP);
    }

    /**
     * A 32-bit memory that reserves at most {@code reservationCap} bytes up front (but always the
     * initial pages).
     *
     * @param declaredMaxPages the maximum from the memory type, or -1 when it has none
     */
    public OffHeapMemory(long initialPages, long declaredMaxPages, long reservationCap) {
        this(initialPages, declaredMaxPages, reservationCap, MAX_PAGES_32);
    }

    /**
     * A 32-bit memory that never grows past {@code limitPages}, whatever its type allows (an
     * embedder's cap; growing past it fails as if the declared maximum were reached).
     */
    public OffHeapMemory(long initialPages, long declaredMaxPages, long reservationCap, long limitPages) {
        if (initialPages < 0 || initialPages > MAX_PAGES_32) {
            throw new IllegalArgumentException("initial pages out of range: " + initialPages);
        }
        if (declaredMaxPages < -1 || declaredMaxPages > MAX_PAGES_32
                        || (declaredMaxPages != -1 && declaredMaxPages < initialPages)) {
            throw new IllegalArgumentException("maximum pages out of range: " + declaredMaxPages);
        }
        if (reservationCap < 0) {
            throw new IllegalArgumentException("negative reservation cap: " + reservationCap);
        }
        this.declaredMaxPages = declaredMaxPages;
        if (limitPages < initialPages) {
            throw new IllegalArgumentException("initial pages " + initialPages + " exceed the limit of " + limitPages);
        }
        this.maxPages = Math.min(limitPages, declaredMaxPages == -1 ? MAX_PAGES_32 : declaredMaxPages);

        long initialBytes = initialPages << PAGE_SHIFT;
        long reserved = Math.max(initialBytes, Math.min(maxPages << PAGE_SHIFT, reservationCap));
        long address = NativeBlocks.allocate(reserved);
        if (address == 0 && reserved > initialBytes) {
            reserved = initialBytes; // no room for the whole maximum: start small, move on grow
            address = NativeBlocks.allocate(reserved);
        }
        if (address == 0) {
            if (initialBytes > 0) {
                throw new OutOfMemoryError("cannot allocate a linear memory of " + initialPages + " pages");
            }
            reserved = 0;
        }
        if (initialBytes > 0) {
            UNSAFE.setMemory(address, initialBytes, (byte) 0);
        }
        this.block = new NativeBlocks.Block(address, reserved);
        this.cleanable = NativeBlocks.register(this, block);
        publishLayout(address, initialBytes);
    }

    // ---- size ----

    @Override
    public long pages() {
        return currentByteSize() >>> PAGE_SHIFT;
    }

    @Override
    public long byteSize() {
        return currentByteSize();
    }

    @Override
    public long maxPages() {
        return maxPages;
    }

    @Override
    public long declaredMaxPages() {
        return declaredMaxPages;
    }

    @Override
    @TruffleBoundary
    public synchronized long grow(long deltaPages) {
        long oldPages = byteSize >>> PAGE_SHIFT;
        if (closed || deltaPages < 0 || deltaPages > maxPages - oldPages) {
            return -1;
        }
        if (deltaPages == 0) {
            return oldPages;
        }
        long oldBytes = byteSize;
        long newBytes = (oldPages + deltaPages) << PAGE_SHIFT;
        long oldAddress = block.address;
        long oldReserved = block.size;
        if (newBytes > oldReserved) {
            // Outgrew a reduced reservation: move. Reserve ahead so page-by-page growth rarely moves.
            long reserved = Math.min(maxPages << PAGE_SHIFT, Math.max(newBytes, 2 * oldReserved));
            long address = NativeBlocks.allocate(reserved);
            if (address == 0 && reserved > newBytes) {
                reserved = newBytes;
                address = NativeBlocks.allocate(reserved);
            }
            if (address == 0) {
                return -1;
            }
            UNSAFE.copyMemory(oldAddress, address, oldBytes);
            block.address = address;
            block.size = reserved;
        }
        UNSAFE.setMemory(block.address + oldBytes, newBytes - oldBytes, (byte) 0);
        publishLayout(block.address, newBytes);
        if (block.address != oldAddress) {
            // Only now: compiled code that folded the old base has been invalidated.
            NativeBlocks.free(oldAddress, oldReserved);
        }
        return oldPages;
    }

    @Override
    public boolean inBounds(long address, long length) {
        return !outOfBounds(address, length, currentByteSize());
    }

    // ---- loads ----

    @Override
    public int loadI8(long address, long reach) {
        return UNSAFE.getByte(pointer(address, 1, reach));
    }

    @Override
    public int loadU8(long address, long reach) {
        return UNSAFE.getByte(pointer(address, 1, reach)) & 0xFF;
    }

    @Override
    public int loadI16(long address, long reach) {
        return rawLoadI16(pointer(address, 2, reach));
    }

    @Override
    public int loadU16(long address, long reach) {
        return rawLoadI16(pointer(address, 2, reach)) & 0xFFFF;
    }

    @Override
    public int loadI32(long address, long reach) {
        return rawLoadI32(pointer(address, 4, reach));
    }

    @Override
    public long loadU32(long address, long reach) {
        return rawLoadI32(pointer(address, 4, reach)) & 0xFFFF_FFFFL;
    }

    @Override
    public long loadI64(long address, long reach) {
        return rawLoadI64(pointer(address, 8, reach));
    }

    @Override
    public float loadF32(long address, long reach) {
        return rawLoadF32(pointer(address, 4, reach));
    }

    @Override
    public double loadF64(long address, long reach) {
        return rawLoadF64(pointer(address, 8, reach));
    }

    // ---- stores ----

    @Override
    public void storeI8(long address, long reach, int value) {
        UNSAFE.putByte(pointer(address, 1, reach), (byte) value);
    }

    @Override
    public void storeI16(long address, long reach, int value) {
        rawStoreI16(pointer(address, 2, reach), (short) value);
    }

    @Override
    public void storeI32(long address, long reach, int value) {
        rawStoreI32(pointer(address, 4, reach), value);
    }

    @Override
    public void storeI64(long address, long reach, long value) {
        rawStoreI64(pointer(address, 8, reach), value);
    }

    @Override
    public void storeF32(long address, long reach, float value) {
        rawStoreF32(pointer(address, 4, reach), value);
    }

    @Override
    public void storeF64(long address, long reach, double value) {
        rawStoreF64(pointer(address, 8, reach), value);
    }

    @Override
    public long checkedAddress(long address, int width, long reach) {
        return pointer(address, width, reach);
    }

    // ---- bulk operations: check here (foldable), copy behind a boundary ----

    @Override
    public void fill(long dst, long length, byte value) {
        long to = rangePointer(dst, length);
        if (length != 0) {
            rawFill(to, length, value);
        }
    }

    @Override
    public void copy(long dst, long src, long length) {
        long from = rangePointer(src, length);
        long to = rangePointer(dst, length);
        if (length != 0) {
            rawCopy(null, from, to, length);
        }
    }

    @Override
    public void copyFrom(long dst, LinearMemory source, long src, long length) {
        long from = ((OffHeapMemory) source).rangePointer(src, length);
        long to = rangePointer(dst, length);
        if (length != 0) {
            rawCopy(source, from, to, length);
        }
    }

    @Override
    public void init(long dst, byte[] data, long srcOffset, long length) {
        if (outOfRange(srcOffset, length, data.length)) {
            throw new MemoryAccessException(srcOffset, length, data.length);
        }
        long to = rangePointer(dst, length);
        if (length != 0) {
            rawCopyFromArray(data, srcOffset, to, length);
        }
    }

    // ---- host access ----

    @Override
    @TruffleBoundary
    public void readBytes(long address, byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        long from = rangePointer(address, length);
        UNSAFE.copyMemory(null, from, dst, BYTE_ARRAY_BASE + offset, length);
        Reference.reachabilityFence(this);
    }

    @Override
    @TruffleBoundary
    public void writeBytes(long address, byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        long to = rangePointer(address, length);
        UNSAFE.copyMemory(src, BYTE_ARRAY_BASE + offset, null, to, length);
        Reference.reachabilityFence(this);
    }

    // ---- lifecycle ----

    @Override
    @TruffleBoundary
    public synchronized void close() {
        if (!closed) {
            closed = true;
            publishLayout(0, 0); // invalidates compiled code before the memory goes away
            cleanable.clean();
        }
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    @TruffleBoundary
    public String toString() {
        return "OffHeapMemory[pages=" + (byteSize >>> PAGE_SHIFT) + ", max=" + maxPages + (closed ? ", closed]" : "]");
    }

    /** The native base address (tests check that it does not move). */
    long nativeBase() {
        return base;
    }

    /** Bytes of address space this memory holds (tests). */
    long reservedBytes() {
        return block.size;
    }

    // ---- internals ----

    /** Records a new base and size, and lets compiled code fold them while changes stay rare. */
    private void publishLayout(long newBase, long newByteSize) {
        base = newBase;
        byteSize = newByteSize;
        if (layoutUnchanged != null) {
            layoutUnchanged.invalidate("linear memory layout changed");
        }
        if (++layoutChanges <= FOLDED_LAYOUT_CHANGES) {
            foldedBase = newBase;
            foldedByteSize = newByteSize;
            layoutUnchanged = Assumption.create("linear memory layout unchanged");
        } else {
            layoutChangesOften = true;
        }
    }

    /** True only in compiled code where this memory and its folded layout are constants. */
    private boolean layoutIsFolded() {
        return CompilerDirectives.inCompiledCode() && CompilerDirectives.isPartialEvaluationConstant(this)
                        && !layoutChangesOften && layoutUnchanged.isValid();
    }

    private long currentByteSize() {
        return layoutIsFolded() ? foldedByteSize : byteSize;
    }

    private long currentBase() {
        return layoutIsFolded() ? foldedBase : base;
    }

    /**
     * The native address of a {@code width}-byte access at {@code address}, or a trap. Compiled
     * code checks {@code reach} bytes instead (none when 0), see {@link LinearMemory}.
     */
    private long pointer(long address, int width, long reach) {
        long checked = CompilerDirectives.inCompiledCode() ? reach : width;
        if (checked != 0) {
            long size = currentByteSize();
            if (CompilerDirectives.injectBranchProbability(CompilerDirectives.SLOWPATH_PROBABILITY, outOfBounds(address, checked, size))) {
                // A trap is thrown from compiled code too: the language's trap profile deoptimizes
                // once per function and then compiles the trap path in. Deoptimizing here on every
                // trap would repeat forever, and Truffle refuses to compile such a deopt cycle.
                if (outOfBounds(address, width, size)) {
                    throw new MemoryAccessException(address, width, size);
                }
                // A widened check failed where this access alone fits: from here on interpreted.
                CompilerDirectives.transferToInterpreter();
            }
        }
        return currentBase() + address;
    }

    /** With a folded size >= length the second test vanishes and the first is one unsigned compare. */
    private static boolean outOfBounds(long address, long length, long size) {
        return Long.compareUnsigned(address, size - length) > 0 || size < length;
    }

    /** The native address of the range {@code [address, address + length)}, or a trap. */
    private long rangePointer(long address, long length) {
        long size = currentByteSize();
        if (outOfRange(address, length, size)) {
            throw new MemoryAccessException(address, length, size);
        }
        return currentBase() + address;
    }

    /** Whether {@code [start, start + length)} (both unsigned) leaves {@code [0, size)}; never overflows. */
    private static boolean outOfRange(long start, long length, long size) {
        return Long.compareUnsigned(start, size) > 0 || Long.compareUnsigned(length, size - start) > 0;
    }

    @TruffleBoundary
    private void rawFill(long to, long length, byte value) {
        UNSAFE.setMemory(to, length, value);
        Reference.reachabilityFence(this);
    }

    /** Copies between native ranges; overlap-safe. {@code source} is kept alive for the copy. */
    @TruffleBoundary
    private void rawCopy(LinearMemory source, long from, long to, long length) {
        UNSAFE.copyMemory(from, to, length);
        Reference.reachabilityFence(source);
        Reference.reachabilityFence(this);
    }

    @TruffleBoundary
    private void rawCopyFromArray(byte[] data, long srcOffset, long to, long length) {
        UNSAFE.copyMemory(data, BYTE_ARRAY_BASE + srcOffset, null, to, length);
        Reference.reachabilityFence(this);
    }

    private static int rawLoadI16(long pointer) {
        short value = UNSAFE.getShort(pointer);
        return BIG_ENDIAN ? Short.reverseBytes(value) : value;
    }

    private static int rawLoadI32(long pointer) {
        int value = UNSAFE.getInt(pointer);
        return BIG_ENDIAN ? Integer.reverseBytes(value) : value;
    }

    private static long rawLoadI64(long pointer) {
        long value = UNSAFE.getLong(pointer);
        return BIG_ENDIAN ? Long.reverseBytes(value) : value;
    }

    // Floats are loaded and stored as floats, not as int bits moved to an FP register: the bits are
    // the same (SSE moves keep NaN payloads), but Graal then keeps the value in one FP register
    // instead of an int copy that deoptimization states hold on to.
    private static float rawLoadF32(long pointer) {
        return BIG_ENDIAN ? Float.intBitsToFloat(Integer.reverseBytes(UNSAFE.getInt(pointer))) : UNSAFE.getFloat(pointer);
    }

    private static double rawLoadF64(long pointer) {
        return BIG_ENDIAN ? Double.longBitsToDouble(Long.reverseBytes(UNSAFE.getLong(pointer))) : UNSAFE.getDouble(pointer);
    }

    private static void rawStoreF32(long pointer, float value) {
        if (BIG_ENDIAN) {
            UNSAFE.putInt(pointer, Integer.reverseBytes(Float.floatToRawIntBits(value)));
        } else {
            UNSAFE.putFloat(pointer, value);
        }
    }

    private static void rawStoreF64(long pointer, double value) {
        if (BIG_ENDIAN) {
            UNSAFE.putLong(pointer, Long.reverseBytes(Double.doubleToRawLongBits(value)));
        } else {
            UNSAFE.putDouble(pointer, value);
        }
    }

    private static void rawStoreI16(long pointer, short value) {
        UNSAFE.putShort(pointer, BIG_ENDIAN ? Short.reverseBytes(value) : value);
    }

    private static void rawStoreI32(long pointer, int value) {
        UNSAFE.putInt(pointer, BIG_ENDIAN ? Integer.reverseBytes(value) : value);
    }

    private static void rawStoreI64(long pointer, long value) {
        UNSAFE.putLong(pointer, BIG_ENDIAN ? Long.reverseBytes(value) : value);
    }

    private static long readReservationCap() {
        String value = System.getProperty(RESERVATION_CAP_PROPERTY);
        if (value == null || value.isBlank()) {
            return MAX_PAGES_32 << PAGE_SHIFT;
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        int shift = switch (text.charAt(text.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        try {
            long number = Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1));
            if (number < 0 || number > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(RESERVATION_CAP_PROPERTY + " is not a byte count: " + value);
        }
    }
}
