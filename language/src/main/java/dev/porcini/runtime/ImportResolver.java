package dev.porcini.runtime;

import dev.porcini.module.Import;

/**
 * Supplies the values a module imports: a {@link WasmFunction}, {@link WasmTable}, {@link WasmMemory}
 * or {@link WasmGlobal}, or null when nothing of that name exists.
 */
@FunctionalInterface
public interface ImportResolver {
    Object resolve(String module, String name);

    /**
     * Resolves one import knowing its declared type, so a resolver can adapt host values (a host
     * callable becomes a function of the import's signature). The default looks up by name only.
     */
    default Object resolve(Import imp) {
        return resolve(imp.module(), imp.name());
    }

    ImportResolver NONE = (module, name) -> null;
}
