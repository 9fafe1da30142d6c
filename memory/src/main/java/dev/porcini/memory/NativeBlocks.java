package dev.porcini.memory;

import java.lang.ref.Cleaner;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicLong;

import sun.misc.Unsafe;

/**
 * Native memory for linear memories, from {@code Unsafe.allocateMemory}.
 *
 * <p>A memory that is never closed is freed by a {@link Cleaner} once unreachable. A reservation
 * costs address space but almost no Java heap, so the GC has no reason to run while thousands of
 * dead memories pile up; we therefore keep a budget of reserved bytes and live blocks, and ask for
 * a collection when it is exceeded or an allocation fails, as {@code DirectByteBuffer} does.
 */
@SuppressWarnings("removal") // sun.misc.Unsafe memory access: still the fastest way under Graal
final class NativeBlocks {

    static final Unsafe UNSAFE = loadUnsafe();

    private static final Cleaner CLEANER = Cleaner.create();

    /** Reserved bytes above which we collect before reserving more (x86-64 user space is 128 TiB). */
    private static final long BYTE_BUDGET = 16L << 40;
    /** Live blocks above which we collect first; each large block is one mapping (vm.max_map_count). */
    private static final long BLOCK_BUDGET = 8192;

    private static final AtomicLong reservedBytes = new AtomicLong();
    private static final AtomicLong liveBlocks = new AtomicLong();
    private static long byteThreshold = BYTE_BUDGET;
    private static long blockThreshold = BLOCK_BUDGET;

    private NativeBlocks() {
    }

    /**
     * The native block a memory owns, shared with its cleaner (which must not reach the memory
     * itself, or the memory would never become unreachable). Its address changes when the memory
     * has to move.
     */
    static final class Block implements Runnable {
        long address;
        long size;

        Block(long address, long size) {
            this.address = address;
            this.size = size;
        }

        /** Frees the block; runs at most once, through {@link Cleaner.Cleanable#clean()}. */
        @Override
        public void run() {
            free(address, size);
            address = 0;
            size = 0;
        }
    }

    /** Registers {@code block} to be freed when {@code owner} becomes unreachable. */
    static Cleaner.Cleanable register(Object owner, Block block) {
        return CLEANER.register(owner, block);
    }

    /**
     * Allocates {@code bytes} of uninitialized native memory.
     *
     * @return its address; 0 when {@code bytes} is 0 or the memory could not be had
     */
    static long allocate(long bytes) {
        if (bytes == 0) {
            return 0;
        }
        if (overBudget(bytes)) {
            collectUnreachable();
        }
        long address = tryAllocate(bytes);
        if (address == 0) {
            collectUnreachable();
            address = tryAllocate(bytes);
        }
        if (address != 0) {
            reservedBytes.addAndGet(bytes);
            liveBlocks.incrementAndGet();
        }
        return address;
    }

    static void free(long address, long bytes) {
        if (address != 0) {
            UNSAFE.freeMemory(address);
            reservedBytes.addAndGet(-bytes);
            liveBlocks.decrementAndGet();
        }
    }

    /** Bytes currently reserved by all memories (for tests and diagnostics). */
    static long reservedBytes() {
        return reservedBytes.get();
    }

    /** Blocks currently allocated by all memories (for tests and diagnostics). */
    static long liveBlocks() {
        return liveBlocks.get();
    }

    private static long tryAllocate(long bytes) {
        try {
            return UNSAFE.allocateMemory(bytes);
        } catch (OutOfMemoryError e) {
            return 0;
        }
    }

    private static synchronized boolean overBudget(long bytes) {
        return reservedBytes.get() + bytes > byteThreshold || liveBlocks.get() >= blockThreshold;
    }

    /**
     * Runs the GC and gives the cleaner a moment to free what it found. The thresholds then move
     * above what is still live, so a program that really holds that much does not collect on every
     * allocation.
     */
    private static synchronized void collectUnreachable() {
        long before = reservedBytes.get();
        System.gc();
        for (int sleepMillis = 1; sleepMillis <= 64 && reservedBytes.get() >= before; sleepMillis *= 2) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        byteThreshold = reservedBytes.get() + BYTE_BUDGET;
        blockThreshold = liveBlocks.get() + BLOCK_BUDGET;
    }

    private static Unsafe loadUnsafe() {
        try {
            Field field = Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (Unsafe) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
