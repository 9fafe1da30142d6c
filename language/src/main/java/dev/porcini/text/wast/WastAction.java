package dev.porcini.text.wast;

import java.util.List;

/** An action on a module instance: call an exported function or read an exported global. */
public sealed interface WastAction {

    /** The module's identifier ({@code $name}, without the {@code $}), or null for the latest module. */
    String moduleId();

    /** The export's name. */
    String name();

    /** {@code (invoke $module? "name" const*)}. */
    record Invoke(String moduleId, String name, List<WastValue> args) implements WastAction {
    }

    /** {@code (get $module? "name")}. */
    record Get(String moduleId, String name) implements WastAction {
    }
}
