package dev.porcini.runtime;

import java.util.HashMap;
import java.util.Map;

import dev.porcini.module.FuncType;

/** Gives every distinct signature one integer id, so call_indirect compares ints, not arrays. */
public final class TypeRegistry {
    private final Map<FuncType, Integer> ids = new HashMap<>();

    public synchronized int idOf(FuncType type) {
        return ids.computeIfAbsent(type, t -> ids.size());
    }
}
