package dev.porcini.language;

/**
 * Threads for running guest code with a stack large enough for real recursion.
 *
 * <p>Each Wasm call takes about 1.4 KB of Java stack, so the default 64 MiB allows about 45,000
 * nested calls (more than wasmtime's default). Deeper recursion ends in the trap "call stack
 * exhausted". A much larger stack makes that trap slow: the exception unwinds every frame.
 * The system property {@code porcini.stackSize} (bytes, or with a k/m/g suffix) overrides it.
 */
public final class GuestThread {
    public static final long DEFAULT_STACK_SIZE = 64L << 20;

    private GuestThread() {
    }

    public static Thread create(Runnable task, String name) {
        return new Thread(null, task, name, stackSize());
    }

    static long stackSize() {
        String value = System.getProperty("porcini.stackSize");
        if (value == null || value.isBlank()) {
            return DEFAULT_STACK_SIZE;
        }
        String v = value.trim().toLowerCase();
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("porcini.stackSize must be a size like 64m, got " + value);
        }
    }
}
