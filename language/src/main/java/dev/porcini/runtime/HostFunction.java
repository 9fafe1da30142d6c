package dev.porcini.runtime;

/**
 * A function implemented by the host (Java). It receives one boxed value per parameter and returns
 * null (no results), one boxed value, or an {@code Object[]} for several results.
 */
@FunctionalInterface
public interface HostFunction {
    /**
     * @param caller the instance whose code made the call (so WASI can reach its memory), or null
     *            when the host itself calls the function
     */
    Object call(WasmInstance caller, Object[] args);
}
