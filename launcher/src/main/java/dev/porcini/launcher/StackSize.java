package dev.porcini.launcher;

import java.util.Locale;

/**
 * The stack of the thread that runs guest code. Wasm recursion must end in the engine's "call
 * stack exhausted" trap, which needs far more room than the JVM's default thread stack. It is not
 * "as large as possible": the engine notices exhaustion only when the JVM stack overflows, and
 * unwinding takes time that grows with the depth reached (measured: 32 MiB gives tens of
 * thousands of interpreted Wasm frames and traps within seconds; 1 GiB took minutes).
 */
final class StackSize {
    static final String PROPERTY = "porcini.stack.size";
    static final long DEFAULT = 32L << 20;

    private StackSize() {
    }

    /** The size from {@code -Dporcini.stack.size=SIZE} (bytes, or with a k, m or g suffix), else the default. */
    static long configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        long size = parse(value);
        if (size < (1L << 20)) {
            throw CliException.usage(PROPERTY + "=" + value + " is not a stack size of at least 1m");
        }
        return size;
    }

    static long parse(String value) {
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
