package dev.porcini.launcher;

import dev.porcini.language.GuestThread;

/**
 * The stack of the thread that runs guest code (see {@link GuestThread}): a bad
 * {@code -Dporcini.stack.size} becomes a usage error instead of a Java exception.
 */
final class StackSize {
    static final String PROPERTY = GuestThread.PROPERTY;

    private StackSize() {
    }

    static long configured() {
        try {
            return GuestThread.configuredStackSize();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }
}
