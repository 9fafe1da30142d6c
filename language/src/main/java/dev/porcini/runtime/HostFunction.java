package dev.porcini.runtime;

/**
 * A function implemented by the host (Java). It receives one boxed value per parameter and returns
 * null (no results), one boxed value, or an {@code Object[]} for several results.
 */
@FunctionalInterface
public interface HostFunction {
    Object call(Object[] args);
}
