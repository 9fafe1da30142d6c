package dev.porcini.language;

import java.util.Locale;

/**
 * Threads for running guest code with a stack large enough for real recursion.
 *
 * <p>Each interpreted Wasm call takes about 1.4 KB of Java stack, so the default 64 MiB holds the
 * engine's call-depth limit ({@code wasm.MaxCallDepth}) with room to spare; the limit, not the
 * stack, then ends deep recursion with "call stack exhausted". The system property
 * {@value #PROPERTY} (bytes, or with a k, m or g suffix) overrides the size.
 */
public final class GuestThread {
    public static final String PROPERTY = "porcini.stack.size";
    public static final long DEFAULT_STACK_SIZE = 64L << 20;

    private GuestThread() {
    }

    /** A thread with the configured stack size; throws IllegalArgumentException if the property is not a size. */
    public static Thread create(Runnable task, String name) {
        return new Thread(null, task, name, configuredStackSize());
    }

    public static long configuredStackSize() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_STACK_SIZE;
        }
        long size = parseSize(value);
        if (size < (1L << 20)) {
            throw new IllegalArgumentException(PROPERTY + "=" + value + " is not a stack size of at least 1m");
        }
        return size;
    }

    /** Parses a size such as {@code 512k}, {@code 64m} or {@code 1g}; returns -1 if it is not one. */
    public static long parseSize(String value) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        int shift = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        try {
            long number = Long.parseLong(digits);
            if (number < 0 || number > (Long.MAX_VALUE >> shift)) {
                return -1;
            }
            return number << shift;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
