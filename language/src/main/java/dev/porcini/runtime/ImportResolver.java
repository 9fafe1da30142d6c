package dev.porcini.runtime;

/**
 * Supplies the values a module imports: a {@link WasmFunction}, {@link WasmTable}, {@link WasmMemory}
 * or {@link WasmGlobal}, or null when nothing of that name exists.
 */
@FunctionalInterface
public interface ImportResolver {
    Object resolve(String module, String name);

    ImportResolver NONE = (module, name) -> null;
}
